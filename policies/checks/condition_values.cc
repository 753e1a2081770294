// iam.condition-value-type: condition values their operator cannot compare
// (a Date operator with "31/12/2026", Bool with "yes", IpAddress with
// "10.0.0.300"). Values with policy variables are left alone.
#include <arpa/inet.h>
#include <re2/re2.h>

#include <string_view>

#include "core/text.h"
#include "policies/policy_check.h"

namespace keysweep {
namespace {

// "ForAllValues:DateLessThanIfExists" -> "DateLessThan".
std::string_view BaseOperator(std::string_view op) {
  for (std::string_view set : {"ForAllValues:", "ForAnyValue:"}) {
    if (op.starts_with(set)) op.remove_prefix(set.size());
  }
  if (op.ends_with("IfExists")) op.remove_suffix(8);
  return op;
}

bool IsIpOrCidr(const std::string& s) {
  size_t slash = s.find('/');
  std::string address = s.substr(0, slash);
  unsigned char buffer[16];
  int max;
  if (inet_pton(AF_INET, address.c_str(), buffer) == 1) {
    max = 32;
  } else if (inet_pton(AF_INET6, address.c_str(), buffer) == 1) {
    max = 128;
  } else {
    return false;
  }
  if (slash == std::string::npos) return true;
  std::string bits = s.substr(slash + 1);
  if (bits.empty() || bits.size() > 3 ||
      bits.find_first_not_of("0123456789") != std::string::npos) {
    return false;
  }
  return std::stoi(bits) <= max;
}

// What a value of operator `base` must be, or "" when `v` is fine (or any
// value is: strings, ARNs, binary).
const char* Expected(std::string_view base, const JsonValue& v) {
  // W3C's ISO 8601 profile (2026, 2026-01, 2026-01-31, 2026-01-31T10:00Z ...) or epoch seconds.
  static const RE2 kDate(
      R"((?i)\d+|\d{4}-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?)?)");
  static const RE2 kNumber(R"([+-]?(\d+(\.\d*)?|\.\d+))");
  const std::string& text = v.text();
  if (base.starts_with("Date")) {
    if (v.is_number() || (v.is_string() && RE2::FullMatch(text, kDate))) return "";
    return "a date (ISO 8601, such as 2026-01-31T00:00:00Z, or epoch seconds)";
  }
  if (base == "Bool" || base == "Null") {
    bool boolean = EqualsIgnoreCase(text, "true") || EqualsIgnoreCase(text, "false");
    if (v.is_bool() || (v.is_string() && boolean)) return "";
    return "true or false";
  }
  if (base.starts_with("Numeric")) {
    if (v.is_number() || (v.is_string() && RE2::FullMatch(text, kNumber))) return "";
    return "a number";
  }
  if (base == "IpAddress" || base == "NotIpAddress") {
    if (v.is_string() && IsIpOrCidr(text)) return "";
    return "an IPv4 or IPv6 address or CIDR range (203.0.113.0/24, 2001:db8::/32)";
  }
  return "";
}

void CheckValue(CheckContext& context, const std::string& op, const std::string& key,
                const JsonValue& v, const std::string& pointer) {
  if (IsIntrinsic(v) || v.is_array() || v.is_object() || v.is_null()) return;  // iam.wrong-type's
  if (v.is_string() && v.text().find("${") != std::string::npos) return;       // a policy variable
  const char* expected = Expected(BaseOperator(op), v);
  if (*expected == '\0') return;
  std::string quote = v.is_string() ? "\"" : "";
  context.Report("iam.condition-value-type", &v, pointer,
                 "\"" + op + "\" compares \"" + key + "\" with " + quote + v.text() + quote +
                     ", which is not " + expected + ": the condition cannot work as written");
}

void Run(CheckContext& context) {
  for (const Statement& s : context.document().statements) {
    if (s.condition == nullptr || !s.condition->is_object()) continue;
    for (const auto& [op, block] : s.condition->members()) {
      if (!block.is_object() || IsIntrinsic(block)) continue;
      std::string op_pointer = PointerAppend(s.PointerTo("Condition"), op);
      for (const auto& [key, values] : block.members()) {
        std::string pointer = PointerAppend(op_pointer, key);
        if (!values.is_array()) CheckValue(context, op, key, values, pointer);
        for (size_t i = 0; i < values.items().size(); ++i) {
          CheckValue(context, op, key, values.items()[i], PointerAppend(pointer, i));
        }
      }
    }
  }
}

}  // namespace

void Register_condition_values(std::vector<PolicyCheck>* checks) {
  checks->push_back(
      {{{"iam.condition-value-type", "Condition value of the wrong type", Severity::kMedium,
         "A condition value that its operator cannot compare: Date operators need ISO 8601 dates "
         "or epoch seconds, Bool and Null need true or false, Numeric operators need numbers, "
         "IpAddress and NotIpAddress need IP addresses or CIDR ranges. Values holding policy "
         "variables are not checked.",
         "https://docs.aws.amazon.com/IAM/latest/UserGuide/"
         "reference_policies_elements_condition_operators.html"}},
       &Run});
}

}  // namespace keysweep
