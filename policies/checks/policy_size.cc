// iam.policy-size: the document is larger than AWS accepts for its kind.
// Sizes are counted as IAM counts them, without whitespace
// (PolicyDocument::serialized_size). Quotas: "IAM and AWS STS quotas" (managed
// policy 6,144 characters; inline policies of a user 2,048, a role 10,240, a
// group 5,120, summed over the entity's inline policies; role trust policy
// 2,048 by default, adjustable through Service Quotas); AWS Organizations
// quotas (SCP and RCP 5,120 characters); Amazon S3 ("Bucket policies are
// limited to 20 KB"); AWS KMS (key policy 32 KB); Secrets Manager (resource
// policy 20,480 characters). Where the owner or the kind is unknown the check
// stays quiet, or uses the largest quota the document could be under. AWS's
// own managed policies are exempt from the managed-policy quota; a copy of one
// in a plain file is measured like any other file.
#include <string_view>

#include "policies/policy_check.h"

namespace keysweep {
namespace {

struct Quota {
  size_t limit = 0;  // 0: unknown, no finding
  std::string what;
};

bool Has(std::string_view subject, std::string_view part) {
  return subject.find(part) != std::string_view::npos;
}

Quota QuotaFor(const PolicyDocument& doc) {
  std::string_view subject = doc.subject;
  // Documents of an account export (get-account-authorization-details) exist
  // in AWS already: they passed their quota, or are AWS managed policies,
  // which have none (ReadOnlyAccess is far over 6,144 characters).
  if (subject.starts_with("user/") || subject.starts_with("group/") ||
      subject.starts_with("role/") || subject.starts_with("managed policy ")) {
    return {};
  }
  bool inline_policy = Has(subject, "(inline policy");
  if (doc.kind == PolicyKind::kTrust || Has(subject, "(trust policy)")) {
    return {
        2048,
        "role trust policy (the default quota; it can be raised to 8,192 through Service Quotas)"};
  }
  if (doc.kind == PolicyKind::kScp) return {5120, "service control policy"};
  if (Has(subject, "(AWS::S3::BucketPolicy)")) return {20480, "S3 bucket policy"};
  if (Has(subject, "(AWS::KMS::Key)") || Has(subject, "(AWS::KMS::ReplicaKey)"))
    return {32768, "KMS key policy"};
  if (Has(subject, "(AWS::SecretsManager::ResourcePolicy)"))
    return {20480, "Secrets Manager resource policy"};
  if (doc.kind != PolicyKind::kIdentity)
    return {};  // other resource policies: quota not known here
  if (Has(subject, "(AWS::IAM::UserPolicy)"))
    return {2048, "user's inline policies (all of them together)"};
  if (Has(subject, "(AWS::IAM::GroupPolicy)"))
    return {5120, "group's inline policies (all of them together)"};
  if (Has(subject, "(AWS::IAM::RolePolicy)"))
    return {10240, "role's inline policies (all of them together)"};
  if (inline_policy || Has(subject, "(AWS::IAM::Policy)")) {
    // A template's inline policy of a user, group or role: the owner's kind is
    // not in the subject, so only the largest inline quota is certain.
    return {10240, "largest inline-policy quota (a role's; a user's is 2,048 and a group's 5,120)"};
  }
  if (subject.empty()) {
    return {6144,
            "customer managed policy (assumed for a policy file: use --type or a template to say "
            "otherwise)"};
  }
  return {6144, "customer managed policy"};
}

std::string WithCommas(size_t n) {
  std::string digits = std::to_string(n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

void Run(CheckContext& context) {
  const PolicyDocument& doc = context.document();
  if (doc.root == nullptr || !doc.root->is_object() || doc.statements.empty()) return;
  Quota quota = QuotaFor(doc);
  if (quota.limit == 0 || doc.serialized_size <= quota.limit) return;
  context.Report("iam.policy-size", doc.root, doc.pointer,
                 "the policy is " + WithCommas(doc.serialized_size) +
                     " characters without whitespace, over the " + WithCommas(quota.limit) +
                     "-character quota of a " + quota.what +
                     ": AWS rejects it; split it into several policies, or shorten repeated ARNs "
                     "and action lists");
}

}  // namespace

void Register_policy_size(std::vector<PolicyCheck>* checks) {
  checks->push_back(
      {{{"iam.policy-size", "Policy over its size quota", Severity::kHigh,
         "The document is larger than AWS accepts for its kind: a customer managed policy 6,144 "
         "characters, inline policies 2,048 (user), 5,120 (group) or 10,240 (role) in total, a "
         "role "
         "trust policy 2,048 unless raised, an SCP 5,120, an S3 bucket policy 20 KB, a KMS key "
         "policy "
         "32 KB. IAM does not count whitespace. Creating or updating the policy fails; split it, "
         "or "
         "shorten repeated ARNs and action lists.",
         "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html"}},
       &Run});
}

}  // namespace keysweep
