// iam.full-admin: "Action": "*" on "Resource": "*".
#include "policies/policy_check.h"

namespace keysweep {
namespace {

bool HasStar(const std::vector<PolicyString>& values) {
  for (const PolicyString& v : values) {
    if (v.value == "*") return true;
  }
  return false;
}

void Run(CheckContext& context) {
  for (const Statement& s : context.document().statements) {
    if (!s.allow() || !HasStar(s.actions) || !HasStar(s.resources)) continue;
    const PolicyString* action = nullptr;
    for (const PolicyString& a : s.actions) {
      if (a.value == "*") action = &a;
    }
    std::string message = "\"Action\": \"*\" with \"Resource\": \"*\" allows every action on every resource: full administrator access";
    if (s.condition) message += " (limited only by its Condition)";
    context.Report("iam.full-admin", action->json, action->pointer, message);
  }
}

}  // namespace

void Register_full_admin(std::vector<PolicyCheck>* checks) {
  checks->push_back({{{"iam.full-admin", "Full administrator access", Severity::kCritical,
                       "An Allow statement with Action \"*\" and Resource \"*\" grants every permission in the "
                       "account. A leaked key with this policy is a lost account. Grant the actions the "
                       "workload uses, on its resources.",
                       "https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege"}},
                     &Run});
}

}  // namespace keysweep
