// iam.missing-version, iam.invalid-version: the policy language version.
#include "policies/policy_check.h"

namespace keysweep {
namespace {

void Run(CheckContext& context) {
  const PolicyDocument& doc = context.document();
  if (doc.root == nullptr || !doc.root->is_object() || doc.statements.empty()) return;
  if (doc.version == nullptr) {
    context.Report("iam.missing-version", doc.root, doc.pointer,
                   "no \"Version\": IAM then uses 2008-10-17, where policy variables such as "
                   "${aws:username} are plain text; add \"Version\": \"2012-10-17\"");
    return;
  }
  if (!doc.version->is_string() ||
      (doc.version->text() != "2012-10-17" && doc.version->text() != "2008-10-17")) {
    context.Report("iam.invalid-version", doc.version, PointerAppend(doc.pointer, "Version"),
                   "\"Version\" must be \"2012-10-17\" (or the old \"2008-10-17\"), not " +
                       (doc.version->is_string() ? "\"" + doc.version->text() + "\"" : std::string("a ") + doc.version->KindName()));
  }
}

}  // namespace

void Register_version(std::vector<PolicyCheck>* checks) {
  checks->push_back(
      {{{"iam.missing-version", "Missing policy Version", Severity::kLow,
         "Without \"Version\": \"2012-10-17\" the policy is read with the 2008-10-17 language, in which "
         "policy variables like ${aws:username} are not substituted.",
         "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html"},
        {"iam.invalid-version", "Invalid policy Version", Severity::kHigh,
         "\"Version\" must be \"2012-10-17\" or \"2008-10-17\"; IAM rejects anything else (a date of the "
         "policy's own writing is a common mistake).",
         "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html"}},
       &Run});
}

}  // namespace keysweep
