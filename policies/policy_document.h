// The policy model the checks read: one policy document (identity, resource,
// trust policy or SCP) found in an input file, its statements, and each
// statement's elements with their JSON pointers. Values written with
// CloudFormation intrinsics ({"Fn::Sub": ...}, {"Ref": ...}) are "dynamic":
// checks skip what they cannot know. Plain data pointing into a parsed
// JsonValue that must outlive it; thread-safe to read.
#ifndef KEYSWEEP_POLICIES_POLICY_DOCUMENT_H_
#define KEYSWEEP_POLICIES_POLICY_DOCUMENT_H_

#include <optional>
#include <string>
#include <vector>

#include "policies/json_value.h"

namespace keysweep {

enum class PolicyKind { kUnknown, kIdentity, kResource, kTrust, kScp };
const char* PolicyKindName(PolicyKind kind);

// One string of a string-or-array element ("Action": ["s3:GetObject", ...]).
struct PolicyString {
  std::string value;
  std::string pointer;     // "/Statement/0/Action/1"
  const JsonValue* json;   // the string itself
};

struct Statement {
  size_t index = 0;
  std::string pointer;            // "/Statement/0" (or "/Statement" for a single object)
  const JsonValue* json = nullptr;
  // Elements as written (nullptr when absent).
  const JsonValue* sid = nullptr;
  const JsonValue* effect = nullptr;
  const JsonValue* principal = nullptr;
  const JsonValue* not_principal = nullptr;
  const JsonValue* action = nullptr;
  const JsonValue* not_action = nullptr;
  const JsonValue* resource = nullptr;
  const JsonValue* not_resource = nullptr;
  const JsonValue* condition = nullptr;
  // The string values of Action/NotAction/Resource/NotResource; dynamic
  // (CloudFormation) entries are left out and counted.
  std::vector<PolicyString> actions, not_actions, resources, not_resources;
  size_t dynamic_values = 0;
  bool allow() const;  // Effect is exactly "Allow"
  bool deny() const;   // Effect is exactly "Deny"
  // The pointer of a member of this statement ("/Statement/0/Action").
  std::string PointerTo(const char* element) const;
};

struct PolicyDocument {
  std::string path;       // the input file ("-" for standard input)
  std::string subject;    // whose policy: "" for a plain policy file, "role/Admin (trust policy)" ...
  std::string pointer;    // where the document sits in the file ("" for the whole file)
  PolicyKind declared_kind = PolicyKind::kUnknown;  // what the container says it is
  PolicyKind kind = PolicyKind::kUnknown;           // declared, or inferred from Principal
  const JsonValue* root = nullptr;
  const JsonValue* version = nullptr;
  std::vector<Statement> statements;
  size_t serialized_size = 0;  // characters without whitespace, as AWS counts for quotas
  const std::string* source_text = nullptr;  // the file's text, for snippets (may be null)
  JsonPosition origin;  // when the document was a string inside the file: where the string is
  bool from_string = false;  // positions inside are relative to the string
  std::string container_pointer;  // from_string: the pointer of that string in the file
};

// True if the value is a CloudFormation intrinsic function object.
bool IsIntrinsic(const JsonValue& value);

// Builds the model of a document. Never fails: malformed parts are left for
// the grammar checks to report.
PolicyDocument ModelPolicy(const JsonValue& root, std::string path, std::string pointer,
                           PolicyKind declared_kind);

}  // namespace keysweep

#endif  // KEYSWEEP_POLICIES_POLICY_DOCUMENT_H_
