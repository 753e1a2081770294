// iam.principal-in-identity-policy, iam.missing-principal: Principal belongs
// in resource-based policies and trust policies, and only there. Judged only
// when the container declares what the document is (a CloudFormation
// resource type, an authorization-details export, --type): the kind of a
// plain file is inferred from its Principal and cannot contradict it.
#include "policies/policy_check.h"

namespace keysweep {
namespace {

void Run(CheckContext& context) {
  const PolicyDocument& doc = context.document();
  PolicyKind kind = doc.declared_kind;
  for (const Statement& s : doc.statements) {
    if (!s.json->is_object() || IsIntrinsic(*s.json)) continue;
    if (kind == PolicyKind::kIdentity || kind == PolicyKind::kScp) {
      for (auto [value, name] :
           {std::pair{s.principal, "Principal"}, std::pair{s.not_principal, "NotPrincipal"}}) {
        if (value == nullptr) continue;
        // A resource control policy (declared like an SCP) takes "Principal": "*".
        bool star = value->is_string() && value->text() == "*";
        if (kind == PolicyKind::kScp && star && value == s.principal) continue;
        std::string message =
            kind == PolicyKind::kIdentity
                ? std::string("\"") + name +
                      "\" in an identity policy: the principal is whoever the policy is attached "
                      "to, and IAM rejects the policy; remove it (or make this a resource or trust "
                      "policy)"
                : std::string("\"") + name +
                      "\" in a service control policy: SCPs take no principal (resource control "
                      "policies take only \"Principal\": \"*\"); remove it";
        context.Report("iam.principal-in-identity-policy", value, s.PointerTo(name), message);
      }
    } else if (kind == PolicyKind::kResource || kind == PolicyKind::kTrust) {
      if (s.principal || s.not_principal) continue;
      context.Report("iam.missing-principal", s.json, s.pointer,
                     std::string("a statement of a ") + PolicyKindName(kind) +
                         " without \"Principal\": it must say who is allowed or denied; the "
                         "service rejects the policy");
    }
  }
}

}  // namespace

void Register_principal_placement(std::vector<PolicyCheck>* checks) {
  const char* reference =
      "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html";
  checks->push_back(
      {{{"iam.principal-in-identity-policy", "Principal in an identity policy", Severity::kHigh,
         "Identity-based policies (attached to users, groups and roles) and service control "
         "policies cannot name a Principal or NotPrincipal: the principal is the identity the "
         "policy is attached to. IAM rejects the policy. Remove the element, or move the statement "
         "to the resource's policy.",
         reference},
        {"iam.missing-principal", "Missing Principal", Severity::kHigh,
         "Every statement of a resource-based policy (bucket, queue, topic, key, secret policy) or "
         "a role's trust policy must name the Principal (or NotPrincipal) it applies to. The "
         "service rejects the policy.",
         reference}},
       &Run});
}

}  // namespace keysweep
