// iam.unknown-element, iam.missing-element, iam.conflicting-elements,
// iam.wrong-type: the shape of the policy language (which elements exist,
// which are required, which exclude each other, and what type each one is).
#include <algorithm>
#include <string_view>

#include "core/text.h"
#include "policies/policy_check.h"

namespace keysweep {
namespace {

constexpr const char* kUnknown = "iam.unknown-element";
constexpr const char* kMissing = "iam.missing-element";
constexpr const char* kConflicting = "iam.conflicting-elements";
constexpr const char* kWrongType = "iam.wrong-type";

constexpr std::string_view kTopLevel[] = {"Version", "Id", "Statement"};
constexpr std::string_view kStatementElements[] = {"Sid",          "Effect",      "Principal",
                                                   "NotPrincipal", "Action",      "NotAction",
                                                   "Resource",     "NotResource", "Condition"};

// Reports every member of `object` whose key is not one of `valid`, with the
// closest valid key when there is one ("action" -> "Action").
template <size_t N>
void CheckKeys(CheckContext& context, const JsonValue& object, const std::string& pointer,
               const std::string_view (&valid)[N], const char* where) {
  for (const auto& [key, value] : object.members()) {
    if (std::find(std::begin(valid), std::end(valid), key) != std::end(valid)) continue;
    std::string message =
        "\"" + key + "\" is not an element of " + where + "; IAM rejects the policy";
    std::string lower = ToLowerAscii(key);
    for (std::string_view candidate : valid) {
      std::string lower_candidate = ToLowerAscii(candidate);
      size_t limit = std::max<size_t>(1, candidate.size() / 4);  // "Resources", "Princpal"
      if (lower == lower_candidate || EditDistance(lower, lower_candidate) <= limit) {
        message += " (did you mean \"" + std::string(candidate) + "\"?" +
                   (lower == lower_candidate ? " Element names are case-sensitive)" : ")");
        break;
      }
    }
    context.Report(kUnknown, &value, PointerAppend(pointer, key), message);
  }
}

bool IsStringLike(const JsonValue& value) { return value.is_string() || IsIntrinsic(value); }

void WrongType(CheckContext& context, const JsonValue* value, const std::string& pointer,
               const std::string& what) {
  std::string kind = value->KindName();
  if (value->is_array() && value->items().empty()) kind = "empty array";
  bool vowel = kind[0] == 'a' || kind[0] == 'e' || kind[0] == 'o';
  context.Report(kWrongType, value, pointer, what + ", not " + (vowel ? "an " : "a ") + kind);
}

// Action, NotAction, Resource, NotResource: a string or a non-empty array of strings.
void CheckStringOrArray(CheckContext& context, const JsonValue* value, const std::string& pointer,
                        const char* name) {
  if (value == nullptr || IsStringLike(*value)) return;
  std::string what =
      std::string("\"") + name + "\" must be a string or a non-empty array of strings";
  if (!value->is_array() || value->items().empty()) return WrongType(context, value, pointer, what);
  for (size_t i = 0; i < value->items().size(); ++i) {
    const JsonValue& item = value->items()[i];
    if (!IsStringLike(item)) {
      WrongType(context, &item, PointerAppend(pointer, i),
                std::string("each entry of \"") + name + "\" must be a string");
    }
  }
}

// Condition: {"<operator>": {"<key>": <scalar or array of scalars>}}.
void CheckCondition(CheckContext& context, const JsonValue* condition, const std::string& pointer) {
  if (condition == nullptr || IsIntrinsic(*condition)) return;
  if (!condition->is_object()) {
    return WrongType(context, condition, pointer,
                     "\"Condition\" must be an object of condition operators");
  }
  for (const auto& [op, block] : condition->members()) {
    std::string op_pointer = PointerAppend(pointer, op);
    if (IsIntrinsic(block)) continue;
    if (!block.is_object()) {
      WrongType(context, &block, op_pointer,
                "the condition operator \"" + op + "\" must hold an object of condition keys");
      continue;
    }
    for (const auto& [key, values] : block.members()) {
      auto scalar = [](const JsonValue& v) {
        return v.is_string() || v.is_number() || v.is_bool() || IsIntrinsic(v);
      };
      bool ok = scalar(values) || (values.is_array() && std::all_of(values.items().begin(),
                                                                    values.items().end(), scalar));
      if (!ok) {
        WrongType(context, &values, PointerAppend(op_pointer, key),
                  "the value of condition key \"" + key +
                      "\" must be a string, number, boolean or an array of them");
      }
    }
  }
}

void CheckStatement(CheckContext& context, const PolicyDocument& doc, const Statement& s) {
  if (IsIntrinsic(*s.json)) return;  // {"Fn::If": [...]}: a statement or none, known at deploy time
  if (!s.json->is_object())
    return WrongType(context, s.json, s.pointer, "a statement must be an object");
  CheckKeys(context, *s.json, s.pointer, kStatementElements, "a policy statement");
  // Required elements.
  if (s.effect == nullptr) {
    context.Report(kMissing, s.json, s.pointer,
                   "the statement has no \"Effect\" (\"Allow\" or \"Deny\"); IAM rejects it");
  }
  if (s.action == nullptr && s.not_action == nullptr) {
    context.Report(kMissing, s.json, s.pointer,
                   "the statement has neither \"Action\" nor \"NotAction\"; IAM rejects it");
  }
  // Trust policies have no Resource, and several resource policies (ECR
  // repositories, Lambda functions) may omit it: only identity policies and
  // SCPs certainly require it.
  if (s.resource == nullptr && s.not_resource == nullptr &&
      (doc.kind == PolicyKind::kIdentity || doc.kind == PolicyKind::kScp)) {
    context.Report(
        kMissing, s.json, s.pointer,
        std::string("the statement has neither \"Resource\" nor \"NotResource\", which every ") +
            PolicyKindName(doc.kind) + " statement needs; IAM rejects it");
  }
  // Mutually exclusive pairs.
  struct Pair {
    const JsonValue* positive;
    const JsonValue* negative;
    const char* name;
  };
  for (Pair pair :
       {Pair{s.action, s.not_action, "Action"}, Pair{s.resource, s.not_resource, "Resource"},
        Pair{s.principal, s.not_principal, "Principal"}}) {
    if (pair.positive == nullptr || pair.negative == nullptr) continue;
    std::string name = pair.name;
    context.Report(kConflicting, pair.negative, s.PointerTo(("Not" + name).c_str()),
                   "\"" + name + "\" and \"Not" + name +
                       "\" in one statement: they exclude each other and IAM rejects the policy; "
                       "split the statement in two");
  }
  // Types.
  if (s.sid && !IsStringLike(*s.sid))
    WrongType(context, s.sid, s.PointerTo("Sid"), "\"Sid\" must be a string");
  if (s.effect && !IsStringLike(*s.effect)) {
    WrongType(context, s.effect, s.PointerTo("Effect"),
              "\"Effect\" must be the string \"Allow\" or \"Deny\"");
  }
  for (auto [value, name] :
       {std::pair{s.principal, "Principal"}, std::pair{s.not_principal, "NotPrincipal"}}) {
    if (value && !value->is_object() && !value->is_string()) {
      WrongType(context, value, s.PointerTo(name),
                std::string("\"") + name + "\" must be \"*\" or an object");
    }
  }
  CheckStringOrArray(context, s.action, s.PointerTo("Action"), "Action");
  CheckStringOrArray(context, s.not_action, s.PointerTo("NotAction"), "NotAction");
  CheckStringOrArray(context, s.resource, s.PointerTo("Resource"), "Resource");
  CheckStringOrArray(context, s.not_resource, s.PointerTo("NotResource"), "NotResource");
  CheckCondition(context, s.condition, s.PointerTo("Condition"));
}

void Run(CheckContext& context) {
  const PolicyDocument& doc = context.document();
  if (doc.root == nullptr || IsIntrinsic(*doc.root)) return;
  if (!doc.root->is_object()) {
    return WrongType(context, doc.root, doc.pointer, "a policy document must be a JSON object");
  }
  const JsonValue* statement = doc.root->Find("Statement");
  // An Organizations policy may be a tag, backup or AI opt-out policy, which
  // has no Statement: only SCP-shaped documents are checked.
  if (statement == nullptr && doc.declared_kind == PolicyKind::kScp) return;
  CheckKeys(context, *doc.root, doc.pointer, kTopLevel, "a policy document");
  if (const JsonValue* id = doc.root->Find("Id"); id && !IsStringLike(*id)) {
    WrongType(context, id, PointerAppend(doc.pointer, "Id"), "\"Id\" must be a string");
  }
  std::string statement_pointer = PointerAppend(doc.pointer, "Statement");
  if (statement == nullptr) {
    context.Report(kMissing, doc.root, doc.pointer,
                   "the policy has no \"Statement\"; IAM rejects it");
    return;
  }
  if (IsIntrinsic(*statement)) return;
  if (!statement->is_object() && !statement->is_array()) {
    return WrongType(context, statement, statement_pointer,
                     "\"Statement\" must be an object or an array of objects");
  }
  if (statement->is_array() && statement->items().empty()) {
    context.Report(kMissing, statement, statement_pointer,
                   "\"Statement\" is an empty array: the policy has no statements");
  }
  for (const Statement& s : doc.statements) CheckStatement(context, doc, s);
}

}  // namespace

void Register_grammar_elements(std::vector<PolicyCheck>* checks) {
  const char* grammar =
      "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html";
  checks->push_back(
      {{{kUnknown, "Unknown policy element", Severity::kHigh,
         "A key that is not part of the IAM policy language: at the top level only Version, Id and "
         "Statement; in a statement only Sid, Effect, Principal, NotPrincipal, Action, NotAction, "
         "Resource, NotResource and Condition. Element names are case-sensitive (\"action\" is not "
         "\"Action\"). IAM rejects the policy; fix the spelling or remove the key.",
         "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html"},
        {kMissing, "Missing policy element", Severity::kHigh,
         "A required element is absent: the policy's Statement, or a statement's Effect, its "
         "Action (or NotAction), or, in identity policies and SCPs, its Resource (or NotResource). "
         "IAM rejects the policy.",
         grammar},
        {kConflicting, "Conflicting policy elements", Severity::kHigh,
         "Action and NotAction, Resource and NotResource, and Principal and NotPrincipal exclude "
         "each other within one statement. IAM rejects the policy; write two statements instead.",
         "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html"},
        {kWrongType, "Policy element of the wrong type", Severity::kHigh,
         "An element has a JSON type IAM does not accept: Effect, Sid and Id are strings; Action, "
         "NotAction, Resource and NotResource are a string or a non-empty array of strings; "
         "Condition is an object of operators, each an object of keys; Statement is an object or "
         "an array of objects. CloudFormation intrinsic functions are accepted wherever a string "
         "is.",
         grammar}},
       &Run});
}

}  // namespace keysweep
