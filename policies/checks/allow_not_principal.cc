// iam.allow-not-principal: "Effect": "Allow" with "NotPrincipal" grants the
// statement to everyone except the listed principals, anonymous callers
// included. AWS's NotPrincipal documentation now says NotPrincipal must be
// used with Deny ("Using it with Allow is not supported"; it used to "strongly
// recommend" against it); Parliament's NOTPRINCIPAL_WITH_ALLOW.
#include "policies/policy_check.h"

namespace keysweep {
namespace {

void Run(CheckContext& context) {
  for (const Statement& s : context.document().statements) {
    if (!s.allow() || s.not_principal == nullptr) continue;
    std::string message =
        "\"Allow\" with \"NotPrincipal\" is not supported by AWS, and where it is in force it "
        "grants this statement to every principal except the listed ones, any AWS account and "
        "anonymous callers included";
    if (s.condition) message += " (limited only by its Condition)";
    message += "; name the principals in \"Principal\" instead";
    context.Report("iam.allow-not-principal", s.not_principal, s.PointerTo("NotPrincipal"),
                   message);
  }
}

}  // namespace

void Register_allow_not_principal(std::vector<PolicyCheck>* checks) {
  checks->push_back(
      {{{"iam.allow-not-principal", "Allow with NotPrincipal", Severity::kHigh,
         "An Allow statement with NotPrincipal applies to everyone except the listed principals, "
         "including other AWS accounts and anonymous users: it makes the resource public. AWS now "
         "supports NotPrincipal only with Deny. Name the principals that need access in "
         "\"Principal\" "
         "(and, to exclude some, use a Deny with an aws:PrincipalArn condition).",
         "https://docs.aws.amazon.com/IAM/latest/UserGuide/"
         "reference_policies_elements_notprincipal.html"}},
       &Run});
}

}  // namespace keysweep
