// iam.service-wildcard, iam.sensitive-service-wildcard: "s3:*" grants every
// action of a service, including the ones AWS adds later. Cloudsplaining's
// "Service Wildcard" finding; the services that control identities, sessions,
// the organization and encryption keys (iam, sts, organizations, kms) get
// their own, higher-severity id (a finding carries its check's severity).
#include <iterator>
#include <string_view>

#include "core/text.h"
#include "policies/checks/least_privilege.h"
#include "policies/policy_check.h"

namespace keysweep {
namespace {

constexpr std::string_view kSensitiveServices[] = {"iam", "sts", "organizations", "kms"};

constexpr const char* kSensitiveWhy[] = {
    "users, roles and their policies: whoever holds it can grant themselves anything",
    "role sessions and federation tokens",
    "the whole organization: accounts, SCPs and delegated administrators",
    "every key policy, grant and decryption",
};

void Run(CheckContext& context) {
  const PolicyDocument& doc = context.document();
  if (!least_privilege::IsIdentityPolicy(doc)) return;
  for (const Statement& s : doc.statements) {
    if (!s.allow()) continue;
    for (const PolicyString& a : s.actions) {
      size_t colon = a.value.find(':');
      if (colon == std::string::npos || colon == 0 || a.value.substr(colon + 1) != "*") continue;
      std::string prefix = ToLowerAscii(a.value.substr(0, colon));
      if (prefix.find_first_of("*?") != std::string::npos) continue;  // a pattern over services
      const IamService* service = context.catalog().Service(prefix);
      std::string count =
          service ? " (all " + std::to_string(service->action_names.size()) + " of them)" : "";
      bool everywhere = false;
      for (const PolicyString& r : s.resources) everywhere = everywhere || r.value == "*";
      std::string scope = everywhere       ? " on every resource"
                          : s.not_resource ? " on every resource outside its NotResource"
                                           : "";
      std::string condition = s.condition ? " (limited only by its Condition)" : "";
      const char* id = "iam.service-wildcard";
      std::string why;
      for (size_t i = 0; i < std::size(kSensitiveServices); ++i) {
        if (prefix == kSensitiveServices[i]) {
          id = "iam.sensitive-service-wildcard";
          why = "; " + prefix + " controls " + kSensitiveWhy[i];
        }
      }
      context.Report(id, a.json, a.pointer,
                     "\"" + a.value + "\" allows every action of " + prefix + count + scope +
                         ", including actions AWS adds later" + condition + why +
                         "; list the actions the workload calls");
    }
  }
}

}  // namespace

void Register_service_wildcard(std::vector<PolicyCheck>* checks) {
  checks->push_back(
      {{{"iam.service-wildcard", "Service-wide wildcard action", Severity::kMedium,
         "An Allow statement grants \"<service>:*\": every action of the service, including "
         "destructive and "
         "permission-changing ones and any AWS adds later. Replace it with the actions the "
         "workload calls "
         "(CloudTrail or IAM Access Analyzer policy generation lists them).",
         "https://cloudsplaining.readthedocs.io/en/latest/glossary/service-wildcard/"},
        {"iam.sensitive-service-wildcard", "Wildcard over an identity or key service",
         Severity::kHigh,
         "An Allow statement grants every action of iam, sts, organizations or kms. These services "
         "decide who "
         "can do what (and read what is encrypted): a wildcard over them lets the holder raise "
         "their own "
         "permissions. Grant the specific actions, on specific resources.",
         "https://cloudsplaining.readthedocs.io/en/latest/glossary/service-wildcard/"}},
       &Run});
}

}  // namespace keysweep
