// The interface between the policy linter and its checks. A check reads one
// PolicyDocument and reports problems through its CheckContext; it never sees
// files, configuration or output formats. Each check lives in its own file
// under policies/checks/ and is registered by name (see checks/README.md).
// Checks are stateless functions: thread-safe.
#ifndef KEYSWEEP_POLICIES_POLICY_CHECK_H_
#define KEYSWEEP_POLICIES_POLICY_CHECK_H_

#include <string>
#include <vector>

#include "core/severity.h"
#include "policies/iam_catalog.h"
#include "policies/policy_document.h"

namespace keysweep {

struct PolicyCheckInfo {
  std::string id;           // "iam.full-admin"
  std::string title;        // "Full administrator access"
  Severity severity = Severity::kMedium;
  std::string description;  // what it means and how to fix it, for --list-checks and SARIF help
  std::string reference;    // a URL
};

// One problem a check found, before the linter locates and filters it.
struct PolicyProblem {
  std::string check_id;
  std::string pointer;            // JSON pointer of the offending element
  const JsonValue* at = nullptr;  // for its line and column (may be null: the document)
  std::string message;
};

class CheckContext {
 public:
  CheckContext(const PolicyDocument& document, const IamCatalog& catalog, std::vector<PolicyProblem>* out)
      : document_(document), catalog_(catalog), out_(out) {}

  const PolicyDocument& document() const { return document_; }
  const IamCatalog& catalog() const { return catalog_; }

  // Reports a problem of check `check_id` at `at` (pointer `pointer`).
  void Report(const std::string& check_id, const JsonValue* at, const std::string& pointer,
              const std::string& message) {
    out_->push_back(PolicyProblem{check_id, pointer, at, message});
  }

 private:
  const PolicyDocument& document_;
  const IamCatalog& catalog_;
  std::vector<PolicyProblem>* out_;
};

struct PolicyCheck {
  std::vector<PolicyCheckInfo> infos;  // the check ids this function reports
  void (*run)(CheckContext& context);
};

// Every check, in registration order (generated from policies/checks/*.cc).
const std::vector<PolicyCheck>& AllPolicyChecks();
// The info of a check id, or nullptr.
const PolicyCheckInfo* FindPolicyCheck(const std::string& id);

}  // namespace keysweep

#endif  // KEYSWEEP_POLICIES_POLICY_CHECK_H_
