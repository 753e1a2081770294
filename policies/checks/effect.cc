// iam.invalid-effect: "Effect" is exactly "Allow" or "Deny".
#include "core/text.h"
#include "policies/policy_check.h"

namespace keysweep {
namespace {

void Run(CheckContext& context) {
  for (const Statement& s : context.document().statements) {
    if (s.effect == nullptr || !s.effect->is_string())
      continue;  // missing or wrong type: the grammar checks
    const std::string& effect = s.effect->text();
    if (effect == "Allow" || effect == "Deny") continue;
    std::string message = "\"Effect\": \"" + effect + "\" is neither \"Allow\" nor \"Deny\"";
    if (EqualsIgnoreCase(effect, "allow") || EqualsIgnoreCase(effect, "deny")) {
      message += ": the value is case-sensitive, write \"" +
                 std::string(EqualsIgnoreCase(effect, "allow") ? "Allow" : "Deny") + "\"";
    }
    context.Report("iam.invalid-effect", s.effect, s.PointerTo("Effect"),
                   message + "; IAM rejects the policy");
  }
}

}  // namespace

void Register_effect(std::vector<PolicyCheck>* checks) {
  checks->push_back(
      {{{"iam.invalid-effect", "Invalid Effect", Severity::kHigh,
         "A statement's Effect must be exactly \"Allow\" or \"Deny\"; the value is case-sensitive "
         "(\"allow\" is invalid). IAM rejects the policy.",
         "https://docs.aws.amazon.com/IAM/latest/UserGuide/"
         "reference_policies_elements_effect.html"}},
       &Run});
}

}  // namespace keysweep
