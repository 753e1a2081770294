// iam.invalid-sid, iam.duplicate-sid: statement ids.
#include <map>

#include "policies/policy_check.h"

namespace keysweep {
namespace {

bool IsAlphanumeric(const std::string& s) {
  for (char c : s) {
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) return false;
  }
  return true;
}

void Run(CheckContext& context) {
  const PolicyDocument& doc = context.document();
  // IAM (identity and trust policies) and Organizations (SCPs) accept only
  // [A-Za-z0-9]*; resource policies of other services (S3, SNS, SQS, KMS ...)
  // allow other characters, such as the spaces of "Enable IAM User Permissions".
  bool iam_rules = doc.kind == PolicyKind::kIdentity || doc.kind == PolicyKind::kTrust ||
                   doc.kind == PolicyKind::kScp;
  std::map<std::string, const Statement*> seen;
  for (const Statement& s : doc.statements) {
    if (s.sid == nullptr || !s.sid->is_string() || s.sid->text().empty()) continue;
    const std::string& sid = s.sid->text();
    if (iam_rules && !IsAlphanumeric(sid)) {
      context.Report(
          "iam.invalid-sid", s.sid, s.PointerTo("Sid"),
          "\"Sid\": \"" + sid +
              "\" has characters other than A-Z, a-z and 0-9, which IAM rejects in the " +
              "Sid of this " + PolicyKindName(doc.kind));
    }
    auto [it, inserted] = seen.emplace(sid, &s);
    if (!inserted) {
      context.Report("iam.duplicate-sid", s.sid, s.PointerTo("Sid"),
                     "\"Sid\": \"" + sid + "\" is also the id of " + it->second->pointer +
                         ": statement ids must be unique within a policy; " +
                         (iam_rules ? "IAM rejects it" : "services such as SQS and SNS reject it"));
    }
  }
}

}  // namespace

void Register_sid(std::vector<PolicyCheck>* checks) {
  const char* reference =
      "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_sid.html";
  checks->push_back({{{"iam.invalid-sid", "Invalid statement id", Severity::kMedium,
                       "In IAM policies (identity and trust policies) and SCPs a Sid may hold only "
                       "ASCII letters and digits; IAM rejects \"read-logs\" or \"Read logs\" "
                       "(write \"ReadLogs\"). Resource policies of other services accept more and "
                       "are not checked.",
                       reference},
                      {"iam.duplicate-sid", "Duplicate statement id", Severity::kMedium,
                       "Two statements of one policy have the same Sid. Statement ids must be "
                       "unique within a policy; IAM rejects the policy. Rename one (empty Sids are "
                       "not compared).",
                       reference}},
                     &Run});
}

}  // namespace keysweep
