// iam.passrole-any: iam:PassRole on every role, to any service. Passing a role
// is how a principal lends a role's permissions to EC2, Lambda, Glue ...; on
// "Resource": "*" without iam:PassedToService, it can lend the most powerful
// role in the account to a service it controls (AWS's "Granting a user
// permissions to pass a role"; the PassRole half of every Rhino Security Labs
// escalation that Cloudsplaining and Parliament report).
#include "policies/checks/least_privilege.h"
#include "policies/policy_check.h"

namespace keysweep {
namespace {

constexpr const char* kPassRole = "iam:PassRole";

void Run(CheckContext& context) {
  const PolicyDocument& doc = context.document();
  if (!least_privilege::IsIdentityPolicy(doc) || least_privilege::DeniedEverywhere(doc, kPassRole))
    return;
  for (const Statement& s : doc.statements) {
    // A narrowing Condition (iam:PassedToService, iam:AssociatedResourceArn,
    // a resource tag ...) or named roles make it a deliberate grant.
    if (!s.allow() || least_privilege::ConditionScopes(s) ||
        !least_privilege::ReachesAllResources(s, kPassRole)) {
      continue;
    }
    const JsonValue* at = nullptr;
    std::string pointer, written;
    if (const PolicyString* pattern = least_privilege::GrantingPattern(s, kPassRole)) {
      at = pattern->json;
      pointer = pattern->pointer;
      written = "\"" + pattern->value + "\"";
    } else if (least_privilege::NotActionLeavesIn(s, kPassRole)) {
      at = s.not_action;
      pointer = s.PointerTo("NotAction");
      written = "\"NotAction\" (which leaves it in)";
    } else {
      continue;
    }
    std::string via =
        written == "\"iam:PassRole\"" ? "iam:PassRole" : written + " allows iam:PassRole";
    context.Report(
        "iam.passrole-any", at, pointer,
        via + " " + least_privilege::ResourcePhrase(s, kPassRole) +
            " with no iam:PassedToService condition: the holder can hand any role in the account "
            "to "
            "a service it controls (an EC2 instance, a Lambda function) and use that role's "
            "permissions; name the roles and the service");
  }
}

}  // namespace

void Register_passrole(std::vector<PolicyCheck>* checks) {
  checks->push_back(
      {{{"iam.passrole-any", "PassRole on any role", Severity::kMedium,
         "iam:PassRole on \"Resource\": \"*\" (directly, or through iam:*, iam:Pass* or *) without "
         "an "
         "iam:PassedToService condition lets the holder give any role, up to an administrator "
         "role, "
         "to a service it controls and act with that role's permissions. Name the roles "
         "(arn:aws:iam::<account>:role/<name>) and restrict iam:PassedToService to the service "
         "that "
         "needs them.",
         "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html"}},
       &Run});
}

}  // namespace keysweep
