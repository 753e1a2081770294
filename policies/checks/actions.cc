// iam.malformed-action, iam.unknown-service, iam.unknown-action,
// iam.wildcard-matches-nothing: the actions of Action and NotAction, against
// keysweep's IAM catalog. The catalog lags AWS, so an action missing from it
// is a medium finding, not a verdict.
#include <re2/re2.h>  // IamService holds RE2 programs: constructing one needs the full type

#include <string_view>

#include "core/text.h"
#include "policies/policy_check.h"

namespace keysweep {

namespace {

constexpr const char* kCatalogNote = "keysweep's IAM catalog (cfn-lint data of 2026-08-19)";

bool HasWildcard(std::string_view s) { return s.find_first_of("*?") != std::string_view::npos; }

std::string DidYouMean(const std::vector<std::string>& suggestions, const std::string& prefix) {
  if (suggestions.empty()) return "";
  std::string out = "; did you mean ";
  for (size_t i = 0; i < suggestions.size(); ++i) {
    if (i > 0) out += i + 1 == suggestions.size() ? " or " : ", ";
    out += prefix + suggestions[i];
  }
  return out + "?";
}

void CheckAction(CheckContext& context, const PolicyString& action, const char* element) {
  const IamCatalog& catalog = context.catalog();
  const std::string& value = action.value;
  if (value == "*") return;
  size_t colon = value.find(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == value.size()) {
    context.Report("iam.malformed-action", action.json, action.pointer,
                   "\"" + value + "\" in \"" + element +
                       "\" is not an action: write \"<service>:<action>\" (\"s3:GetObject\") or "
                       "\"*\"; IAM rejects the policy");
    return;
  }
  std::string prefix = value.substr(0, colon);
  std::string name = value.substr(colon + 1);
  if (HasWildcard(prefix)) return;  // a pattern over services: left alone
  const IamService* service = catalog.Service(prefix);
  if (service == nullptr) {
    context.Report("iam.unknown-service", action.json, action.pointer,
                   "\"" + prefix + "\" in \"" + value + "\" is not a service prefix in " +
                       kCatalogNote +
                       ": a typo, or a service newer than the catalog (or retired by AWS)" +
                       DidYouMean(catalog.ServiceSuggestions(prefix), ""));
    return;
  }
  if (HasWildcard(name)) {
    if (catalog.MatchingActions(*service, name).empty()) {
      context.Report("iam.wildcard-matches-nothing", action.json, action.pointer,
                     "\"" + value + "\" matches no action of " + prefix + " in " + kCatalogNote +
                         ": the pattern has no effect; check its spelling");
    }
    return;
  }
  if (service->actions.count(ToLowerAscii(name))) return;
  context.Report("iam.unknown-action", action.json, action.pointer,
                 "\"" + value + "\" is not in " + kCatalogNote +
                     ": a typo, or newer than the catalog (or retired by AWS)" +
                     DidYouMean(catalog.Suggestions(*service, name), prefix + ":"));
}

void Run(CheckContext& context) {
  for (const Statement& s : context.document().statements) {
    for (const PolicyString& a : s.actions) CheckAction(context, a, "Action");
    for (const PolicyString& a : s.not_actions) CheckAction(context, a, "NotAction");
  }
}

}  // namespace

void Register_actions(std::vector<PolicyCheck>* checks) {
  const char* actions =
      "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html";
  const char* services =
      "https://docs.aws.amazon.com/service-authorization/latest/reference/"
      "reference_policies_actions-resources-contextkeys.html";
  checks->push_back(
      {{{"iam.malformed-action", "Malformed action", Severity::kHigh,
         "An entry of Action or NotAction is neither \"*\" nor of the form \"<service "
         "prefix>:<action>\". IAM rejects the policy.",
         actions},
        {"iam.unknown-service", "Unknown service prefix", Severity::kHigh,
         "The service prefix of an action (the part before ':') is not a service keysweep's IAM "
         "catalog knows: usually a typo (\"s3-object:GetObject\", \"ec:DescribeInstances\"), so "
         "the statement grants or denies nothing. A service newer than the catalog is also "
         "reported; check the Service Authorization Reference.",
         services},
        {"iam.unknown-action", "Unknown action", Severity::kMedium,
         "The action is not in keysweep's IAM catalog for its service: a typo (the statement then "
         "grants or denies nothing), or an action newer than the catalog. The message suggests the "
         "closest known actions.",
         services},
        {"iam.wildcard-matches-nothing", "Action pattern matches nothing", Severity::kMedium,
         "An action pattern with * or ? matches no action of its service in keysweep's IAM "
         "catalog, so it has no effect; usually a misspelled prefix such as \"s3:Gets*\".",
         actions}},
       &Run});
}

}  // namespace keysweep
