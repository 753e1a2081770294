// iam.allow-not-resource: "Effect": "Allow" with "NotResource" grants the
// actions on every resource except the listed ones: in every account, region
// and service, including resources created later. Parliament's
// NOTRESOURCE_WITH_ALLOW; AWS's NotResource documentation warns against it.
#include "policies/checks/least_privilege.h"
#include "policies/policy_check.h"

namespace keysweep {
namespace {

void Run(CheckContext& context) {
  const PolicyDocument& doc = context.document();
  if (doc.kind == PolicyKind::kScp) return;  // an SCP's Allow statements only filter
  for (const Statement& s : doc.statements) {
    if (!s.allow() || s.not_resource == nullptr) continue;
    std::vector<std::string> quoted;
    for (const PolicyString& r : s.not_resources) quoted.push_back("\"" + r.value + "\"");
    std::string excluded = least_privilege::JoinActions(quoted, 3);
    std::string message =
        "\"Allow\" with \"NotResource\" grants its actions on every resource except " +
        (excluded.empty() ? std::string("the listed ones") : excluded) +
        ": every other resource in every account and region, including ones created later";
    if (s.condition) message += " (limited by its Condition)";
    message += "; list the resources in \"Resource\" instead";
    context.Report("iam.allow-not-resource", s.not_resource, s.PointerTo("NotResource"), message);
  }
}

}  // namespace

void Register_allow_not_resource(std::vector<PolicyCheck>* checks) {
  checks->push_back(
      {{{"iam.allow-not-resource", "Allow with NotResource", Severity::kMedium,
         "An Allow statement with NotResource grants its actions on every resource except the "
         "listed "
         "ones, in any account, including resources that do not exist yet. Name the resources in "
         "\"Resource\"; to keep some out, add a Deny statement.",
         "https://docs.aws.amazon.com/IAM/latest/UserGuide/"
         "reference_policies_elements_notresource.html"}},
       &Run});
}

}  // namespace keysweep
