// iam.malformed-arn, iam.resource-mismatch: the ARNs of Resource and
// NotResource, and whether the statement's actions can apply to them.
// Wildcards and policy variables make an ARN a pattern; patterns are
// compared leniently (only their service), since a false alarm is worse than
// a missed mismatch.
#include <re2/re2.h>

#include <algorithm>
#include <optional>
#include <string_view>

#include "core/text.h"
#include "policies/policy_check.h"

namespace keysweep {
namespace {

constexpr std::string_view kPartitions[] = {"aws",       "aws-cn",    "aws-us-gov", "aws-iso",
                                            "aws-iso-b", "aws-iso-e", "aws-iso-f",  "aws-eusc"};

bool HasWildcard(std::string_view s) { return s.find_first_of("*?") != std::string_view::npos; }

// "arn:aws:s3:::home/${aws:username}/*" -> "arn:aws:s3:::home/*/*": variables
// may hold colons, and match anything.
std::string VariablesAsWildcards(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    size_t end;
    if (s.substr(i).starts_with("${") && (end = s.find('}', i)) != std::string_view::npos) {
      out += '*';
      i = end;
    } else {
      out += s[i];
    }
  }
  return out;
}

// The six parts of an ARN (the resource part keeps its colons); fewer when
// the text has fewer colons.
std::vector<std::string> SplitArn(std::string_view arn) {
  std::vector<std::string> parts;
  while (parts.size() < 5) {
    size_t colon = arn.find(':');
    if (colon == std::string_view::npos) break;
    parts.emplace_back(arn.substr(0, colon));
    arn.remove_prefix(colon + 1);
  }
  parts.emplace_back(arn);
  return parts;
}

// Why `value` is not a well-formed ARN, or "" when it is (or may be).
std::string MalformedReason(const std::string& value) {
  std::string arn = VariablesAsWildcards(value);
  if (arn.find_first_not_of('*') == std::string::npos) return "";  // "*", "${...}"
  // API Gateway resource policies may abbreviate their own ARNs.
  if (arn.starts_with("execute-api:")) return "";
  if (arn.size() < 4 || !EqualsIgnoreCase(arn.substr(0, 4), "arn:")) {
    return "is neither \"*\" nor an ARN (arn:partition:service:region:account:resource)";
  }
  std::vector<std::string> parts = SplitArn(arn);
  if (parts.size() < 6) {
    if (parts.back() == "*") return "";  // "arn:aws:*": where the wildcard ends is unclear
    return "has " + std::to_string(parts.size()) +
           " of the 6 colon-separated parts of an ARN "
           "(arn:partition:service:region:account:resource)";
  }
  const std::string& partition = parts[1];
  if (!HasWildcard(partition) && std::find(std::begin(kPartitions), std::end(kPartitions),
                                           partition) == std::end(kPartitions)) {
    return "has the partition \"" + partition +
           "\", which is none of aws, aws-cn, aws-us-gov, aws-iso, aws-iso-b, aws-iso-e, "
           "aws-iso-f, aws-eusc";
  }
  if (parts[2].empty()) return "has no service (the third part)";
  if (parts[5].empty()) return "has no resource (the part after the account)";
  return "";
}

// The service part of an ARN format ("arn:${Partition}:s3:::..." -> "s3").
std::string_view FormatService(std::string_view format) {
  for (int i = 0; i < 2; ++i) {
    size_t colon = format.find(':');
    if (colon == std::string_view::npos) return "";
    format.remove_prefix(colon + 1);
  }
  return format.substr(0, format.find(':'));
}

// True if a format holds a glob "*" where the others have the regex ".*"
// ("arn:${Partition}:dms:${Region}:${Account}:endpoint:*"): as a regex, it
// rejects real ARNs.
bool HasGlobStar(const std::string& format) {
  for (size_t star = format.find('*'); star != std::string::npos;
       star = format.find('*', star + 1)) {
    if (star == 0 || format[star - 1] != '.') return true;
  }
  return false;
}

// True if `value` can be an ARN of `type`. A pattern (or a type with a glob
// format) fits when its service does.
bool Fits(const IamCatalog& catalog, const IamResourceType& type, const std::string& value) {
  if (type.arn_formats.empty()) return true;  // unknown format: unsure
  std::string arn = VariablesAsWildcards(value);
  bool by_service = HasWildcard(arn);
  for (const std::string& format : type.arn_formats) by_service = by_service || HasGlobStar(format);
  if (by_service) {
    std::string service = SplitArn(arn)[2];
    if (HasWildcard(service)) return true;
    for (const std::string& format : type.arn_formats) {
      std::string_view format_service = FormatService(format);
      if (format_service.find_first_of("$.*[(|\\") != std::string_view::npos) return true;
      if (EqualsIgnoreCase(format_service, service)) return true;
    }
    return false;
  }
  const auto& patterns = catalog.ArnPatterns(type);
  if (patterns.size() != type.arn_formats.size()) return true;  // a format did not compile: unsure
  for (const auto& pattern : patterns) {
    if (RE2::FullMatch(value, *pattern)) return true;
  }
  return false;
}

struct KnownAction {
  const PolicyString* action;
  std::string service;                        // its prefix, lower-case
  std::vector<const IamResourceType*> types;  // empty: no resource type in the catalog
};

// The statement's actions with their resource types, if every one is a
// specific action of the catalog (no wildcard, nothing dynamic or unknown).
std::optional<std::vector<KnownAction>> KnownActions(const IamCatalog& catalog,
                                                     const Statement& s) {
  if (s.actions.empty() || s.not_action != nullptr) return std::nullopt;
  if (s.action->is_array() && s.action->items().size() != s.actions.size()) return std::nullopt;
  std::vector<KnownAction> out;
  for (const PolicyString& a : s.actions) {
    size_t colon = a.value.find(':');
    if (colon == std::string::npos || HasWildcard(a.value)) return std::nullopt;
    const IamService* service = catalog.Service(a.value.substr(0, colon));
    if (service == nullptr) return std::nullopt;
    auto it = service->actions.find(ToLowerAscii(a.value.substr(colon + 1)));
    if (it == service->actions.end()) return std::nullopt;
    KnownAction known{&a, service->prefix, {}};
    for (const std::string& name : it->second) {
      auto type = service->resources.find(name);
      if (type == service->resources.end()) return std::nullopt;
      known.types.push_back(&type->second);
    }
    out.push_back(std::move(known));
  }
  return out;
}

// True if the resource `value` may be one `action` acts on. An action with no
// resource type in the catalog formally takes only "*", but IAM matches ARN
// patterns of its own service against it ("s3:ListAllMyBuckets" on
// "arn:aws:s3:::*" works, and the catalog misses some types): such an action
// accepts any ARN of its service.
bool ActsOn(const IamCatalog& catalog, const KnownAction& action, const std::string& value) {
  if (action.types.empty()) {
    std::string service = SplitArn(VariablesAsWildcards(value))[2];
    return HasWildcard(service) || EqualsIgnoreCase(service, action.service);
  }
  for (const IamResourceType* type : action.types) {
    if (Fits(catalog, *type, value)) return true;
  }
  return false;
}

std::string Mismatch(const std::vector<KnownAction>& actions, const std::string& value) {
  std::string names;
  for (size_t i = 0; i < actions.size(); ++i) {
    if (i == 3) {
      names += " and " + std::to_string(actions.size() - 3) + " more";
      break;
    }
    names += (i > 0 ? ", " : "") + actions[i].action->value;
  }
  // The first action's resource types; the shortest name is usually the
  // main one ("object" rather than "accesspointobject").
  std::string expected;
  for (const KnownAction& a : actions) {
    if (a.types.empty()) continue;
    const IamResourceType* main = a.types[0];
    for (const IamResourceType* type : a.types) {
      expected += (expected.empty() ? "" : ", ") + type->name;
      if (type->name.size() < main->name.size()) main = type;
    }
    expected = "takes " + expected + " ARNs" +
               (main->arn_formats.empty() ? "" : " (" + main->arn_formats[0] + ")");
    break;
  }
  if (expected.empty())
    expected =
        "acts on no resource type: only \"*\" (or an " + actions[0].service + " ARN) applies";
  return "\"" + value + "\" is no resource that " + names +
         (actions.size() == 1 ? " acts" : " act") + " on: " + actions[0].action->value + " " +
         expected + "; no resource of the statement fits, so it has no effect";
}

void Run(CheckContext& context) {
  const IamCatalog& catalog = context.catalog();
  for (const Statement& s : context.document().statements) {
    for (const auto* list : {&s.resources, &s.not_resources}) {
      for (const PolicyString& r : *list) {
        std::string reason = MalformedReason(r.value);
        if (!reason.empty()) {
          context.Report("iam.malformed-arn", r.json, r.pointer,
                         "\"" + r.value + "\" " + reason + "; IAM rejects it");
        }
      }
    }
    // A mismatch is reported only when no resource of the statement fits any
    // of its actions: the statement is dead. One stray ARN among fitting ones
    // (as the console's visual editor writes them) is harmless.
    std::optional<std::vector<KnownAction>> actions = KnownActions(catalog, s);
    if (!actions || s.resources.empty()) continue;
    if (s.resource->is_array() && s.resource->items().size() != s.resources.size())
      continue;  // dynamic entries
    bool any_fits = false;
    for (const PolicyString& r : s.resources) {
      if (!MalformedReason(r.value).empty() || SplitArn(VariablesAsWildcards(r.value)).size() < 6) {
        any_fits = true;  // "*" (one part), or not an ARN: unsure
        break;
      }
      for (const KnownAction& a : *actions) any_fits = any_fits || ActsOn(catalog, a, r.value);
      if (any_fits) break;
    }
    if (any_fits) continue;
    for (const PolicyString& r : s.resources) {
      context.Report("iam.resource-mismatch", r.json, r.pointer, Mismatch(*actions, r.value));
    }
  }
}

}  // namespace

void Register_resources(std::vector<PolicyCheck>* checks) {
  const char* reference =
      "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html";
  checks->push_back(
      {{{"iam.malformed-arn", "Malformed resource ARN", Severity::kHigh,
         "A Resource or NotResource entry is neither \"*\" nor a well-formed ARN "
         "(arn:partition:service:region:account:resource, with a known partition such as aws, "
         "aws-cn or aws-us-gov). Wildcards and policy variables are fine. IAM rejects the policy.",
         reference},
        {"iam.resource-mismatch", "Resource does not fit the actions", Severity::kMedium,
         "The statement names specific actions, and none of its Resource ARNs is of a resource "
         "type those actions act on (for example s3:GetObject on a role ARN; an action without "
         "resource types takes \"*\" or, leniently, ARNs of its own service). The statement then "
         "has no effect: usually the wrong ARN or the wrong action. ARNs with wildcards or "
         "variables are compared by service only.",
         reference}},
       &Run});
}

}  // namespace keysweep
