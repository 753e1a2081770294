// `keysweep policy`: lints IAM policy documents in files and folders (policy
// documents, CloudFormation templates, account authorization details; "-" is
// standard input) with every check in policies/checks/, offline. One library
// call: the CLI fills the request and writes the Report with the usual
// writers. Thread-safe: each call is independent.
#ifndef KEYSWEEP_POLICIES_LINT_H_
#define KEYSWEEP_POLICIES_LINT_H_

#include <string>
#include <vector>

#include "core/status.h"
#include "policies/policy_document.h"
#include "scanner/finding.h"

namespace keysweep {

struct LintRequest {
  std::vector<std::string> paths;     // files, folders, "-"
  PolicyKind forced_kind = PolicyKind::kUnknown;  // --type; unknown: from context
  std::string config_path;            // --config; empty: found as FindConfig says, from the current folder
  std::vector<std::string> disable_checks;  // on top of the config's
  int stdin_fd = 0;
  uint64_t max_file_bytes = 32ull << 20;
};

// Errors (exit 2): a broken config, a path that does not exist, an unknown check id in
// the config. Files that are not JSON are findings (iam.invalid-json); unreadable ones
// are diagnostics.
Result<Report> LintPolicies(const LintRequest& request);

// Lints one in-memory document (tests, and the response's own policy).
Report LintPolicyText(const std::string& text, const std::string& path, PolicyKind kind);

}  // namespace keysweep

#endif  // KEYSWEEP_POLICIES_LINT_H_
