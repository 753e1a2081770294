// Helpers shared by the least-privilege checks (service wildcards, PassRole,
// privilege escalation, credentials exposure, permissions management,
// sensitive data reads): which actions an Allow statement grants, on which
// resources, under which conditions, and whether an unconditional Deny takes
// them back. Header-only (checks/*.cc are registered by file name, so shared
// code cannot live in a .cc here). Pure functions: thread-safe.
//
// Conventions: curated actions are "service:Action" as AWS spells them (for
// messages) and must be in the catalog (KnownActions); the policy's patterns
// are matched against them IAM-style (IamWildcardMatch: '*', '?', ASCII
// case-insensitive), which is the catalog expansion of the pattern
// (IamCatalog::MatchingActions) restricted to the curated actions.
#ifndef KEYSWEEP_POLICIES_CHECKS_LEAST_PRIVILEGE_H_
#define KEYSWEEP_POLICIES_CHECKS_LEAST_PRIVILEGE_H_

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "core/text.h"
#include "policies/policy_check.h"

namespace keysweep {
namespace least_privilege {

// The least-privilege checks read identity policies only: in a resource
// policy "Resource": "*" means the resource itself (a key policy's "kms:*" for
// the account is AWS's default), and an SCP's Allow statements are filters.
inline bool IsIdentityPolicy(const PolicyDocument& doc) {
  return doc.kind == PolicyKind::kIdentity;
}

inline std::string_view ServiceOf(std::string_view action) {
  return action.substr(0, action.find(':'));
}

// Keeps the curated actions that the catalog knows, so that a list entry that
// IAM does not have can never produce a finding.
inline std::vector<std::string> KnownActions(std::initializer_list<const char*> actions) {
  const IamCatalog& catalog = IamCatalog::Get();
  std::vector<std::string> out;
  for (const char* action : actions) {
    std::string_view a = action;
    const IamService* service = catalog.Service(ServiceOf(a));
    if (service != nullptr && service->actions.count(ToLowerAscii(a.substr(a.find(':') + 1))))
      out.emplace_back(a);
  }
  return out;
}

// A resource of `type` as an example ARN, from its catalog format: variables
// and ".*" become a word no policy names ("arn:aws:iam::k3ysw33p:role/k3ysw33p").
// The catalog collapses S3's object format into the bucket's
// ("arn:${Partition}:s3:::.*"): an object gets its "bucket/key" shape back.
inline std::vector<std::string> ExampleArns(const IamResourceType& type) {
  constexpr std::string_view kWord = "k3ysw33p";
  std::vector<std::string> out;
  for (const std::string& format : type.arn_formats) {
    std::string example;
    for (size_t i = 0; i < format.size(); ++i) {
      if (format.compare(i, 2, "${") == 0 && format.find('}', i) != std::string::npos) {
        example += kWord;
        i = format.find('}', i);
      } else if (format.compare(i, 2, ".*") == 0) {
        example += kWord;
        ++i;
      } else {
        example += format[i];
      }
    }
    if (type.name.find("object") != std::string::npos &&
        example.ends_with(std::string(":::") + std::string(kWord))) {
      example += '/';
      example += kWord;
    }
    out.push_back(std::move(example));
  }
  return out;
}

// Splits "arn:partition:service:region:account:resource" (the resource part
// may hold ':'); false if it is not an ARN.
inline bool SplitArn(std::string_view arn, std::string_view parts[6]) {
  for (int i = 0; i < 5; ++i) {
    size_t colon = arn.find(':');
    if (colon == std::string_view::npos) return false;
    parts[i] = arn.substr(0, colon);
    arn = arn.substr(colon + 1);
  }
  parts[5] = arn;
  return parts[0] == "arn";
}

// True if the policy's `resource` covers every resource of one of the
// action's resource types (of `target_type` only, when given): "*", or an ARN
// whose service and resource part match any name of the type
// ("arn:aws:iam::123456789012:role/*" for roles, "arn:aws:s3:::*/*" for
// objects, "arn:aws:lambda:*:*:function:*"). The partition, region and account
// are ignored: every role of one account is every role that matters. Actions
// the catalog lists without resource types are granted by "*" only.
inline bool CoversAllOfType(std::string_view resource, std::string_view action,
                            const char* target_type = nullptr) {
  if (resource == "*") return true;
  std::string_view policy[6];
  if (!SplitArn(resource, policy)) return false;
  const IamCatalog& catalog = IamCatalog::Get();
  const IamService* service = catalog.Service(ServiceOf(action));
  if (service == nullptr) return false;
  auto types = service->actions.find(ToLowerAscii(action.substr(action.find(':') + 1)));
  if (types == service->actions.end()) return false;
  for (const std::string& type_name : types->second) {
    if (target_type != nullptr && type_name != target_type) continue;
    auto type = service->resources.find(type_name);
    if (type == service->resources.end()) continue;
    for (const std::string& example : ExampleArns(type->second)) {
      std::string_view parts[6];
      if (SplitArn(example, parts) && IamWildcardMatch(policy[2], parts[2]) &&
          IamWildcardMatch(policy[5], parts[5])) {
        return true;
      }
    }
  }
  return false;
}

// The statement reaches every resource `action` can act on (of `target_type`
// when given): a covering entry in Resource, or a NotResource that leaves
// most of them in (it names some, not the whole type).
inline bool ReachesAllResources(const Statement& s, std::string_view action,
                                const char* target_type = nullptr) {
  if (s.resource != nullptr) {
    for (const PolicyString& r : s.resources) {
      if (CoversAllOfType(r.value, action, target_type)) return true;
    }
    return false;
  }
  if (s.not_resource == nullptr || s.dynamic_values > 0 || s.not_resources.empty()) return false;
  for (const PolicyString& r : s.not_resources) {
    if (CoversAllOfType(r.value, action, target_type)) return false;  // excludes the whole type
  }
  return true;
}

// Condition keys that describe the caller or the request's context (who is
// calling, from where, when, with MFA) without narrowing which resources or
// targets an identity policy's statement reaches. Any other key (a resource
// tag, iam:PassedToService, iam:PolicyARN, a service key ...) is taken to scope
// the statement, and the checks stay quiet: they cannot tell how much it narrows.
inline bool IsContextOnlyKey(std::string_view key) {
  static constexpr const char* kKeys[] = {"aws:multifactorauthpresent",
                                          "aws:multifactorauthage",
                                          "aws:securetransport",
                                          "aws:sourceip",
                                          "aws:vpcsourceip",
                                          "aws:sourcevpc",
                                          "aws:sourcevpce",
                                          "aws:sourcevpcarn",
                                          "aws:requestedregion",
                                          "aws:currenttime",
                                          "aws:epochtime",
                                          "aws:tokenissuetime",
                                          "aws:useragent",
                                          "aws:referer",
                                          "aws:principaltype",
                                          "aws:principalarn",
                                          "aws:principalaccount",
                                          "aws:principalorgid",
                                          "aws:principalorgpaths",
                                          "aws:userid",
                                          "aws:username",
                                          "aws:federatedprovider",
                                          "aws:sourceidentity",
                                          "aws:ec2instancesourcevpc",
                                          "aws:ec2instancesourceprivateipv4"};
  std::string lower = ToLowerAscii(key);
  if (lower.starts_with("aws:principaltag/")) return true;
  for (const char* k : kKeys) {
    if (lower == k) return true;
  }
  return false;
}

// True if the statement has a Condition that may narrow its reach (see
// IsContextOnlyKey); a Condition the model cannot read counts as narrowing.
inline bool ConditionScopes(const Statement& s) {
  if (s.condition == nullptr) return false;
  if (!s.condition->is_object()) return true;
  for (const auto& [op, keys] : s.condition->members()) {
    if (!keys.is_object()) return true;
    for (const auto& [key, value] : keys.members()) {
      if (!IsContextOnlyKey(key)) return true;
    }
  }
  return false;
}

// The Action entry of the statement that covers `action`, or nullptr.
inline const PolicyString* GrantingPattern(const Statement& s, std::string_view action) {
  for (const PolicyString& a : s.actions) {
    if (IamWildcardMatch(a.value, action)) return &a;
  }
  return nullptr;
}

// True if a NotAction statement's list leaves `action` in (so it is granted).
inline bool NotActionLeavesIn(const Statement& s, std::string_view action) {
  if (s.not_action == nullptr || s.dynamic_values > 0) return false;
  for (const PolicyString& a : s.not_actions) {
    if (IamWildcardMatch(a.value, action)) return false;
  }
  return true;
}

// True if an unconditional Deny takes `action` away on every resource (only
// then is a grant cancelled: a conditional or narrower Deny leaves it usable).
inline bool DeniedEverywhere(const PolicyDocument& doc, std::string_view action) {
  for (const Statement& s : doc.statements) {
    if (!s.deny() || s.condition != nullptr || s.resource == nullptr) continue;
    bool covers = GrantingPattern(s, action) != nullptr || NotActionLeavesIn(s, action);
    if (covers && ReachesAllResources(s, action)) return true;
  }
  return false;
}

// The statement is "Action": "*" on "Resource": "*": iam.full-admin reports it,
// and the per-action checks leave it alone rather than repeat it.
inline bool IsFullAdminStatement(const Statement& s) {
  bool star_action = false, star_resource = false;
  for (const PolicyString& a : s.actions) star_action = star_action || a.value == "*";
  for (const PolicyString& r : s.resources) star_resource = star_resource || r.value == "*";
  return star_action && star_resource;
}

// For each Action entry of an Allow statement (no NotAction: iam.allow-not-action
// covers those), the actions of `curated` it grants on every resource, with no
// narrowing Condition and no unconditional Deny. Empty entries are left out.
struct PatternGrant {
  const PolicyString* pattern;
  std::vector<std::string> actions;
};

inline std::vector<PatternGrant> UnconstrainedGrants(const PolicyDocument& doc, const Statement& s,
                                                     const std::vector<std::string>& curated) {
  std::vector<PatternGrant> out;
  if (!s.allow() || s.actions.empty() || ConditionScopes(s) || IsFullAdminStatement(s)) return out;
  for (const PolicyString& pattern : s.actions) {
    PatternGrant grant{&pattern, {}};
    for (const std::string& action : curated) {
      if (IamWildcardMatch(pattern.value, action) && ReachesAllResources(s, action) &&
          !DeniedEverywhere(doc, action)) {
        grant.actions.push_back(action);
      }
    }
    if (!grant.actions.empty()) out.push_back(std::move(grant));
  }
  return out;
}

// "a, b, c and 3 more" for messages.
inline std::string JoinActions(const std::vector<std::string>& actions, size_t limit = 6) {
  std::string out;
  for (size_t i = 0; i < actions.size() && i < limit; ++i) out += (i ? ", " : "") + actions[i];
  if (actions.size() > limit) out += " and " + std::to_string(actions.size() - limit) + " more";
  return out;
}

// How the statement's resources read in a message, for `action`.
inline std::string ResourcePhrase(const Statement& s, std::string_view action) {
  if (s.resource == nullptr) return "on every resource outside its NotResource";
  for (const PolicyString& r : s.resources) {
    if (r.value == "*") return "on \"Resource\": \"*\"";
  }
  for (const PolicyString& r : s.resources) {
    if (CoversAllOfType(r.value, action))
      return "on \"" + r.value + "\" (every resource of its type)";
  }
  return "on its resources";
}

// How a grant reads at the head of a message: the action itself when the
// pattern names exactly one, else what the pattern allows; then where.
// `"iam:*" allows iam:CreateAccessKey, ... on "Resource": "*"`.
inline std::string GrantPhrase(const Statement& s, const PatternGrant& g) {
  bool exact = g.actions.size() == 1 && EqualsIgnoreCase(g.pattern->value, g.actions[0]);
  std::string head = exact ? g.actions[0] : "\"" + g.pattern->value + "\" allows " + JoinActions(g.actions);
  return head + " " + ResourcePhrase(s, g.actions[0]);
}

}  // namespace least_privilege
}  // namespace keysweep

#endif  // KEYSWEEP_POLICIES_CHECKS_LEAST_PRIVILEGE_H_
