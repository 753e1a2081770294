// iam.allow-not-action: "Effect": "Allow" with "NotAction" grants every action
// of every service except the listed ones, including actions and services AWS
// adds later. AWS's NotAction documentation warns against exactly this.
#include "policies/checks/least_privilege.h"
#include "policies/policy_check.h"

namespace keysweep {
namespace {

void Run(CheckContext& context) {
  const PolicyDocument& doc = context.document();
  if (doc.kind == PolicyKind::kScp) return;  // an SCP's Allow statements only filter
  for (const Statement& s : doc.statements) {
    if (!s.allow() || s.not_action == nullptr) continue;
    std::vector<std::string> excluded;
    for (const PolicyString& a : s.not_actions) excluded.push_back("\"" + a.value + "\"");
    bool everywhere = false;
    for (const PolicyString& r : s.resources) everywhere = everywhere || r.value == "*";
    std::string message =
        "\"Allow\" with \"NotAction\" grants every action of every service except " +
        (excluded.empty() ? std::string("the listed ones")
                          : least_privilege::JoinActions(excluded)) +
        (everywhere       ? " on \"Resource\": \"*\""
         : s.not_resource ? " on every resource outside its NotResource"
                          : " that applies to its resources") +
        ", including services AWS adds later";
    if (s.condition) message += " (limited by its Condition)";
    message += "; list the allowed actions in \"Action\" instead";
    context.Report("iam.allow-not-action", s.not_action, s.PointerTo("NotAction"), message);
  }
}

}  // namespace

void Register_allow_not_action(std::vector<PolicyCheck>* checks) {
  checks->push_back(
      {{{"iam.allow-not-action", "Allow with NotAction", Severity::kHigh,
         "An Allow statement with NotAction grants everything except the listed actions: every "
         "other "
         "action of every service, including services and actions AWS adds later. With "
         "\"Resource\": \"*\" it is close to administrator access. Use \"Action\" with the actions "
         "needed, and a Deny statement for what must never be done.",
         "https://docs.aws.amazon.com/IAM/latest/UserGuide/"
         "reference_policies_elements_notaction.html"}},
       &Run});
}

}  // namespace keysweep
