// iam.mfa-condition-pitfall: conditions on aws:MultiFactorAuthPresent that
// do not require MFA. The key is absent from requests signed with long-term
// access keys, which the traps AWS documents for this key overlook.
#include "core/text.h"
#include "policies/policy_check.h"

namespace keysweep {
namespace {

constexpr const char* kDenyFix =
    "use \"BoolIfExists\": {\"aws:MultiFactorAuthPresent\": \"false\"}";

// Why `op` with `value` in statement `s` does not require MFA, or nullptr.
const char* Pitfall(const Statement& s, const std::string& op, const std::string& value) {
  if (s.deny() && op == "Bool" && value == "false") {
    return "does not deny requests made with long-term access keys, which lack the key";
  }
  if (s.deny() && op == "Null" && value == "true") {
    return "denies only requests made with long-term access keys: temporary credentials without "
           "MFA still pass";
  }
  if (s.allow() && op == "BoolIfExists" && value == "true") {
    return "also allows requests made with long-term access keys, which lack the key, so MFA is "
           "not required; use \"Bool\" to allow only MFA-authenticated requests";
  }
  if (s.allow() && op == "Null" && value == "false") {
    return "allows every request made with temporary credentials, with or without MFA; use "
           "\"Bool\": {\"aws:MultiFactorAuthPresent\": \"true\"}";
  }
  return nullptr;
}

void Run(CheckContext& context) {
  for (const Statement& s : context.document().statements) {
    if (s.condition == nullptr || !s.condition->is_object()) continue;
    for (const auto& [op, block] : s.condition->members()) {
      if (!block.is_object()) continue;
      for (const auto& [key, values] : block.members()) {
        if (!EqualsIgnoreCase(key, "aws:MultiFactorAuthPresent")) continue;
        // One value: "false", false or ["false"].
        const JsonValue* value = &values;
        if (values.is_array() && values.items().size() == 1) value = &values.items()[0];
        if (value->is_array() || value->is_object()) continue;
        const char* pitfall = Pitfall(s, op, ToLowerAscii(value->text()));
        if (pitfall == nullptr) continue;
        std::string message = "\"" + op + "\" on aws:MultiFactorAuthPresent in " +
                              (s.allow() ? "an Allow " : "a Deny ") + pitfall;
        if (s.deny()) message += std::string("; ") + kDenyFix;
        context.Report("iam.mfa-condition-pitfall", &values,
                       PointerAppend(PointerAppend(s.PointerTo("Condition"), op), key), message);
      }
    }
  }
}

}  // namespace

void Register_mfa_condition(std::vector<PolicyCheck>* checks) {
  checks->push_back(
      {{{"iam.mfa-condition-pitfall", "MFA condition that does not require MFA", Severity::kMedium,
         "aws:MultiFactorAuthPresent is absent from requests signed with long-term access keys. So "
         "a Deny with \"Bool\": false (or \"Null\": true) lets requests without MFA through, and "
         "an Allow with \"BoolIfExists\": true (or \"Null\": false) allows requests without MFA. "
         "To require MFA, deny with \"BoolIfExists\": {\"aws:MultiFactorAuthPresent\": \"false\"}, "
         "or allow with \"Bool\": {\"aws:MultiFactorAuthPresent\": \"true\"}.",
         "https://docs.aws.amazon.com/IAM/latest/UserGuide/"
         "reference_policies_condition-keys.html#condition-keys-multifactorauthpresent"}},
       &Run});
}

}  // namespace keysweep
