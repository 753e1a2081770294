// iam.public-principal: "Principal": "*" (or {"AWS": "*"}) in an Allow
// statement of a resource or trust policy, with no Condition that limits who
// the caller can be. Cloudsplaining's "Assumable by any principal" for trust
// policies; AWS's Principal documentation for resource policies.
#include <string_view>

#include "core/text.h"
#include "policies/policy_check.h"

namespace keysweep {
namespace {

// Condition keys that narrow who can call (the caller's account, organization,
// ARN, network) or on behalf of which resource a service calls. With one of
// these (and a value other than "*"), the statement is not public.
bool RestrictsCaller(std::string_view key) {
  static constexpr const char* kKeys[] = {"aws:sourcearn",
                                          "aws:sourceaccount",
                                          "aws:sourceowner",
                                          "aws:sourceorgid",
                                          "aws:sourceorgpaths",
                                          "aws:principalorgid",
                                          "aws:principalorgpaths",
                                          "aws:principalaccount",
                                          "aws:principalarn",
                                          "aws:principalservicename",
                                          "aws:principalisawsservice",
                                          "aws:sourcevpce",
                                          "aws:sourcevpc",
                                          "aws:sourcevpcarn",
                                          "aws:sourceip",
                                          "aws:vpcsourceip",
                                          "aws:userid",
                                          "kms:calleraccount",
                                          "s3:dataaccesspointaccount",
                                          "s3:dataaccesspointarn"};
  std::string lower = ToLowerAscii(key);
  for (const char* k : kKeys) {
    if (lower == k) return true;
  }
  return false;
}

bool OpenValue(const JsonValue& v) {
  if (v.is_array()) {
    for (const JsonValue& item : v.items()) {
      if (OpenValue(item)) return true;
    }
    return false;
  }
  return v.is_string() && (v.text() == "*" || v.text() == "0.0.0.0/0" || v.text() == "::/0");
}

// True if the Condition limits the caller; an unreadable Condition counts as
// limiting (the check cannot be sure). Negated operators ("StringNotEquals",
// "NotIpAddress") exclude some callers and admit the rest: not limiting.
bool ConditionRestricts(const JsonValue* condition, std::string* keys_seen) {
  if (condition == nullptr) return false;
  if (!condition->is_object()) return true;
  for (const auto& [op, block] : condition->members()) {
    if (!block.is_object()) return true;
    bool negated = ContainsIgnoreCase(op, "Not");
    for (const auto& [key, value] : block.members()) {
      if (!keys_seen->empty()) *keys_seen += ", ";
      *keys_seen += key;
      if (IsIntrinsic(value)) return true;
      if (RestrictsCaller(key) && !negated && !OpenValue(value)) return true;
    }
  }
  return false;
}

bool GrantsAssumeRole(const Statement& s) {
  for (const PolicyString& a : s.actions) {
    if (IamWildcardMatch(a.value, "sts:AssumeRole")) return true;
  }
  return false;
}

void Run(CheckContext& context) {
  const PolicyDocument& doc = context.document();
  if (doc.kind == PolicyKind::kScp) return;
  for (const Statement& s : doc.statements) {
    if (!s.allow() || s.principal == nullptr) continue;
    // The "*" itself: the Principal string, or the entry of its AWS member.
    const JsonValue* star = nullptr;
    std::string pointer = s.PointerTo("Principal");
    std::string written;
    if (s.principal->is_string() && s.principal->text() == "*") {
      star = s.principal;
      written = "\"Principal\": \"*\"";
    } else if (s.principal->is_object()) {
      const JsonValue* aws = s.principal->Find("AWS");
      if (aws && aws->is_string() && aws->text() == "*") {
        star = aws;
        pointer = PointerAppend(pointer, "AWS");
      } else if (aws && aws->is_array()) {
        for (size_t i = 0; i < aws->items().size() && star == nullptr; ++i) {
          if (aws->items()[i].is_string() && aws->items()[i].text() == "*") {
            star = &aws->items()[i];
            pointer = PointerAppend(PointerAppend(pointer, "AWS"), i);
          }
        }
      }
      written = "\"Principal\": {\"AWS\": \"*\"}";
    }
    if (star == nullptr) continue;
    std::string keys;
    if (ConditionRestricts(s.condition, &keys)) continue;
    std::string unless = keys.empty()
                             ? " and no Condition"
                             : " and a Condition (" + keys + ") that does not limit who calls";
    std::string message;
    if (doc.kind == PolicyKind::kTrust || GrantsAssumeRole(s)) {
      message = written + unless +
                ": anyone can assume this role, from any AWS account; name the trusted "
                "principals, or add an aws:PrincipalOrgID or aws:PrincipalAccount condition";
    } else {
      message = written + unless +
                ": the statement grants its actions to anyone, anonymous callers included; "
                "name the principals, or add a condition on aws:PrincipalOrgID, aws:SourceArn or "
                "aws:SourceVpce";
    }
    context.Report("iam.public-principal", star, pointer, message);
  }
}

}  // namespace

void Register_public_principal(std::vector<PolicyCheck>* checks) {
  checks->push_back(
      {{{"iam.public-principal", "Public principal", Severity::kCritical,
         "An Allow statement of a resource or trust policy names the principal \"*\" with no "
         "condition "
         "that limits the caller (aws:PrincipalOrgID, aws:PrincipalAccount, aws:SourceArn, "
         "aws:SourceAccount, aws:SourceVpce, aws:SourceIp ...): anyone, in any AWS account or "
         "anonymously, gets its permissions; on a trust policy, anyone can assume the role. Name "
         "the "
         "principals, or add a condition on the caller's organization, account or network.",
         "https://docs.aws.amazon.com/IAM/latest/UserGuide/"
         "reference_policies_elements_principal.html#principal-anonymous"}},
       &Run});
}

}  // namespace keysweep
