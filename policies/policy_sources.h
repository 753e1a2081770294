// Finds the IAM policy documents in an input file: a policy document itself;
// the policies of a CloudFormation template (AWS::IAM::Policy/ManagedPolicy/
// Role/User/Group policies, trust policies, bucket/queue/topic/key/secret
// policies, SCPs); or the output of `aws iam get-account-authorization-details`
// (every user, group, role and managed policy of an account, each document
// named after its owner). Documents given as strings (URL-encoded or not) are
// parsed too. Not thread-safe: one instance per input file.
#ifndef KEYSWEEP_POLICIES_POLICY_SOURCES_H_
#define KEYSWEEP_POLICIES_POLICY_SOURCES_H_

#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "core/status.h"
#include "policies/json_value.h"
#include "policies/policy_document.h"

namespace keysweep {

// What kind of file it was.
enum class PolicyFileKind { kPolicy, kCloudFormation, kAuthorizationDetails, kNotAPolicy };

struct PolicyFile {
  std::string path;
  std::string text;
  JsonValue root;
  PolicyFileKind kind = PolicyFileKind::kNotAPolicy;
  std::deque<JsonValue> embedded;  // documents that were strings, parsed (stable addresses)
  std::vector<PolicyDocument> documents;
  std::vector<std::string> problems;  // embedded documents that did not parse, with where
};

// Parses `text` and extracts its documents. `forced_kind` overrides the kind
// of a plain policy document (--type). Errors: the file is not valid JSON
// (the message says where).
Result<std::unique_ptr<PolicyFile>> LoadPolicyFile(std::string path, std::string text,
                                                   PolicyKind forced_kind);

}  // namespace keysweep

#endif  // KEYSWEEP_POLICIES_POLICY_SOURCES_H_
