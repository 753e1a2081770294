// iam.duplicate-key: a JSON object with the same key twice ("Action" written
// twice in a statement). Only one of them takes effect, silently, so the
// policy does not mean what a reader of the other one thinks.
#include <map>

#include "policies/policy_check.h"

namespace keysweep {
namespace {

void Walk(CheckContext& context, const JsonValue& value, const std::string& pointer) {
  if (value.is_array()) {
    for (size_t i = 0; i < value.items().size(); ++i)
      Walk(context, value.items()[i], PointerAppend(pointer, i));
    return;
  }
  if (!value.is_object()) return;
  std::map<std::string, size_t> count;
  for (const auto& [key, member] : value.members()) {
    std::string member_pointer = PointerAppend(pointer, key);
    if (++count[key] == 2) {
      size_t total = 0;
      for (const auto& m : value.members()) total += m.first == key;
      context.Report(
          "iam.duplicate-key", &member, member_pointer,
          "\"" + key + "\" appears " + std::to_string(total) +
              " times in this object: IAM keeps only one of them and silently ignores the others; "
              "merge them into one");
    }
    Walk(context, member, member_pointer);
  }
}

void Run(CheckContext& context) {
  const PolicyDocument& doc = context.document();
  if (doc.root != nullptr) Walk(context, *doc.root, doc.pointer);
}

}  // namespace

void Register_duplicate_key(std::vector<PolicyCheck>* checks) {
  checks->push_back(
      {{{"iam.duplicate-key", "Duplicate JSON key", Severity::kHigh,
         "An object of the policy has the same key twice, for example two \"Action\" or two "
         "\"Resource\" members in one statement. JSON leaves duplicates undefined; IAM keeps one "
         "and drops the other without a word, so the policy grants or denies something else than "
         "one of them says. Merge the values into one member.",
         "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html"}},
       &Run});
}

}  // namespace keysweep
