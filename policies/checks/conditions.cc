// iam.unknown-condition-operator, iam.unknown-condition-key,
// iam.forallvalues-single-valued: the operators and keys of the Condition
// element (its values: condition_values.cc; the MFA traps: mfa_condition.cc).
#include <algorithm>
#include <optional>
#include <string_view>

#include "core/text.h"
#include "policies/policy_check.h"

namespace keysweep {
namespace {

// clang-format off
constexpr std::string_view kBaseOperators[] = {
    "StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase",
    "StringLike", "StringNotLike",
    "NumericEquals", "NumericNotEquals", "NumericLessThan", "NumericLessThanEquals",
    "NumericGreaterThan", "NumericGreaterThanEquals",
    "DateEquals", "DateNotEquals", "DateLessThan", "DateLessThanEquals", "DateGreaterThan",
    "DateGreaterThanEquals",
    "Bool", "BinaryEquals", "IpAddress", "NotIpAddress",
    "ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike",
    "Null"};
// clang-format on

constexpr const char* kCatalogNote = "keysweep's IAM catalog (cfn-lint data of 2026-08-19)";
constexpr const char* kNeverMatches =
    "the request never carries it, so the condition never matches (negated and ...IfExists "
    "operators always do)";

// Prefixes of keys that are not services: SAML federation ("saml:aud").
// Keys of other identity providers have a dot ("accounts.google.com:aud").
constexpr std::string_view kNonServicePrefixes[] = {"saml"};

template <size_t N>
bool In(const std::string_view (&list)[N], std::string_view value) {
  return std::find(std::begin(list), std::end(list), value) != std::end(list);
}

struct Operator {
  std::string set;  // "ForAllValues", "ForAnyValue" or ""
  std::string base;
  bool if_exists = false;
  std::string Name() const {
    return (set.empty() ? "" : set + ":") + base + (if_exists ? "IfExists" : "");
  }
};

std::optional<Operator> ParseOperator(std::string_view op, bool ignore_case) {
  auto eq = [ignore_case](std::string_view a, std::string_view b) {
    return ignore_case ? EqualsIgnoreCase(a, b) : a == b;
  };
  Operator out;
  for (std::string_view set : {"ForAllValues:", "ForAnyValue:"}) {
    if (op.size() > set.size() && eq(op.substr(0, set.size()), set)) {
      out.set = set.substr(0, set.size() - 1);
      op.remove_prefix(set.size());
      break;
    }
  }
  for (std::string_view base : kBaseOperators) {
    out.base = base;
    if (eq(op, base)) return out;
    if (base != "Null" && op.size() == base.size() + 8 && eq(op.substr(0, base.size()), base) &&
        eq(op.substr(base.size()), "IfExists")) {
      out.if_exists = true;
      return out;
    }
  }
  return std::nullopt;
}

// " (did you mean ...)" for a misspelled operator, or "".
std::string OperatorHint(std::string_view name) {
  std::optional<Operator> fixed = ParseOperator(name, true);
  size_t colon = name.find(':');
  if (!fixed && colon != std::string_view::npos) {  // "ForAllValue:StringEquals"
    std::string set = ToLowerAscii(name.substr(0, colon));
    std::string rest(name.substr(colon));
    if (set.starts_with("forall")) fixed = ParseOperator("ForAllValues" + rest, true);
    if (set.starts_with("forany")) fixed = ParseOperator("ForAnyValue" + rest, true);
  }
  if (fixed) return " (did you mean \"" + fixed->Name() + "\"? Operator names are case-sensitive)";
  if (EqualsIgnoreCase(name.substr(name.size() >= 12 ? name.size() - 12 : 0), "NullIfExists")) {
    return " (Null has no ...IfExists form: it tests whether the key exists)";
  }
  return "";
}

void CheckKey(CheckContext& context, const Statement& s, const Operator& op, const std::string& key,
              const JsonValue& values, const std::string& pointer) {
  const IamCatalog& catalog = context.catalog();
  size_t colon = key.find(':');
  if (colon == std::string::npos) return;
  std::string prefix = ToLowerAscii(key.substr(0, colon));
  if (prefix == "aws") {
    if (!catalog.IsGlobalConditionKey(key)) {
      context.Report("iam.unknown-condition-key", &values, pointer,
                     "\"" + key + "\" is not an AWS global condition key: " + kNeverMatches);
      return;
    }
    bool multi = catalog.IsMultiValuedKey(key);
    if (!op.set.empty() && !multi) {
      Operator plain = op;
      plain.set.clear();
      context.Report(
          "iam.forallvalues-single-valued", &values, pointer,
          "\"" + op.Name() + "\" with the single-valued key \"" + key + "\": " +
              (op.set == "ForAllValues"
                   ? "ForAllValues is also true when the key is missing from the request, so the "
                     "condition matches more than it reads"
                   : "set operators are for multivalued keys") +
              "; use \"" + plain.Name() + "\"");
    }
    return;
  }
  // Keys of identity providers.
  if (prefix.find('.') != std::string::npos || In(kNonServicePrefixes, prefix)) return;
  // A known service with a key the catalog lacks is not reported: the
  // catalog has few action-level keys. Nor is the key of a service the
  // statement's actions name: iam.unknown-service reports that service.
  auto names_service = [&prefix](const std::vector<PolicyString>& actions) {
    return std::any_of(actions.begin(), actions.end(), [&prefix](const PolicyString& a) {
      return EqualsIgnoreCase(std::string_view(a.value).substr(0, a.value.find(':')), prefix);
    });
  };
  if (catalog.Service(prefix) == nullptr && !names_service(s.actions) &&
      !names_service(s.not_actions)) {
    context.Report("iam.unknown-condition-key", &values, pointer,
                   "\"" + key + "\": \"" + key.substr(0, colon) + "\" is not a service prefix in " +
                       kCatalogNote + ": " + kNeverMatches);
  }
}

void Run(CheckContext& context) {
  for (const Statement& s : context.document().statements) {
    if (s.condition == nullptr || !s.condition->is_object() || IsIntrinsic(*s.condition)) continue;
    for (const auto& [name, block] : s.condition->members()) {
      std::string op_pointer = PointerAppend(s.PointerTo("Condition"), name);
      std::optional<Operator> op = ParseOperator(name, false);
      if (!op) {
        context.Report("iam.unknown-condition-operator", &block, op_pointer,
                       "\"" + name + "\" is not a condition operator; IAM rejects the policy" +
                           OperatorHint(name));
        continue;
      }
      if (!block.is_object() || IsIntrinsic(block)) continue;
      for (const auto& [key, values] : block.members()) {
        std::string key_pointer = PointerAppend(op_pointer, key);
        CheckKey(context, s, *op, key, values, key_pointer);
      }
    }
  }
}

}  // namespace

void Register_conditions(std::vector<PolicyCheck>* checks) {
  const char* operators =
      "https://docs.aws.amazon.com/IAM/latest/UserGuide/"
      "reference_policies_elements_condition_operators.html";
  checks->push_back(
      {{{"iam.unknown-condition-operator", "Unknown condition operator", Severity::kHigh,
         "A Condition operator that IAM does not know. Valid: the String*, Numeric*, Date* and "
         "Arn* operators, Bool, BinaryEquals, IpAddress, NotIpAddress and Null, each but Null "
         "optionally ending in IfExists, and each optionally prefixed by ForAllValues: or "
         "ForAnyValue:. Operator names are case-sensitive. IAM rejects the policy.",
         operators},
        {"iam.unknown-condition-key", "Unknown condition key", Severity::kMedium,
         "An aws: key that is not a global condition key, or a key whose service prefix is "
         "unknown. The request never carries such a key, so the condition never matches: an Allow "
         "grants nothing and a Deny guards nothing (negated and ...IfExists operators always "
         "match). Usually a typo, such as aws:SoruceIp. Keys of known services are not checked: "
         "the catalog lists few action-level keys.",
         "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html"},
        {"iam.forallvalues-single-valued", "Set operator on a single-valued key", Severity::kMedium,
         "ForAllValues: and ForAnyValue: are for multivalued keys such as aws:TagKeys. With a "
         "single-valued global key (aws:SourceIp, aws:PrincipalTag/...) ForAllValues is also true "
         "when the key is missing, so an Allow is broader than it reads. Use the plain operator.",
         "https://docs.aws.amazon.com/IAM/latest/UserGuide/"
         "reference_policies_condition-single-vs-multi-valued-context-keys.html"}},
       &Run});
}

}  // namespace keysweep
