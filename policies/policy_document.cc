#include "policies/policy_document.h"

namespace keysweep {
namespace {

void CollectStrings(const JsonValue* element, const std::string& pointer, std::vector<PolicyString>* out,
                    size_t* dynamic) {
  if (element == nullptr) return;
  if (element->is_string()) {
    out->push_back({element->text(), pointer, element});
  } else if (element->is_array()) {
    for (size_t i = 0; i < element->items().size(); ++i) {
      const JsonValue& item = element->items()[i];
      if (item.is_string()) {
        out->push_back({item.text(), PointerAppend(pointer, i), &item});
      } else if (IsIntrinsic(item)) {
        ++*dynamic;
      }
    }
  } else if (IsIntrinsic(*element)) {
    ++*dynamic;
  }
}

// Characters outside strings that are not whitespace, plus the strings: how
// AWS measures a policy against its size quota.
size_t SerializedSize(const JsonValue& value) {
  switch (value.kind()) {
    case JsonValue::Kind::kString: return value.text().size() + 2;
    case JsonValue::Kind::kArray: {
      size_t n = 2 + (value.items().empty() ? 0 : value.items().size() - 1);
      for (const JsonValue& item : value.items()) n += SerializedSize(item);
      return n;
    }
    case JsonValue::Kind::kObject: {
      size_t n = 2 + (value.members().empty() ? 0 : value.members().size() - 1);
      for (const auto& [key, member] : value.members()) n += key.size() + 3 + SerializedSize(member);
      return n;
    }
    default: return value.text().size();
  }
}

}  // namespace

const char* PolicyKindName(PolicyKind kind) {
  switch (kind) {
    case PolicyKind::kIdentity: return "identity policy";
    case PolicyKind::kResource: return "resource policy";
    case PolicyKind::kTrust: return "trust policy";
    case PolicyKind::kScp: return "service control policy";
    default: return "policy";
  }
}

bool IsIntrinsic(const JsonValue& value) {
  if (!value.is_object() || value.members().size() != 1) return false;
  const std::string& key = value.members()[0].first;
  return key == "Ref" || key.starts_with("Fn::");
}

bool Statement::allow() const { return effect && effect->is_string() && effect->text() == "Allow"; }
bool Statement::deny() const { return effect && effect->is_string() && effect->text() == "Deny"; }
std::string Statement::PointerTo(const char* element) const { return PointerAppend(pointer, element); }

PolicyDocument ModelPolicy(const JsonValue& root, std::string path, std::string pointer, PolicyKind declared_kind) {
  PolicyDocument doc;
  doc.path = std::move(path);
  doc.pointer = std::move(pointer);
  doc.root = &root;
  doc.declared_kind = declared_kind;
  doc.serialized_size = SerializedSize(root);
  if (!root.is_object()) return doc;
  doc.version = root.Find("Version");
  const JsonValue* statements = root.Find("Statement");
  std::vector<std::pair<const JsonValue*, std::string>> items;
  if (statements && statements->is_object()) {
    items.push_back({statements, PointerAppend(doc.pointer, "Statement")});
  } else if (statements && statements->is_array()) {
    for (size_t i = 0; i < statements->items().size(); ++i) {
      items.push_back({&statements->items()[i], PointerAppend(PointerAppend(doc.pointer, "Statement"), i)});
    }
  }
  bool any_principal = false;
  for (size_t i = 0; i < items.size(); ++i) {
    Statement s;
    s.index = i;
    s.json = items[i].first;
    s.pointer = items[i].second;
    if (s.json->is_object()) {
      s.sid = s.json->Find("Sid");
      s.effect = s.json->Find("Effect");
      s.principal = s.json->Find("Principal");
      s.not_principal = s.json->Find("NotPrincipal");
      s.action = s.json->Find("Action");
      s.not_action = s.json->Find("NotAction");
      s.resource = s.json->Find("Resource");
      s.not_resource = s.json->Find("NotResource");
      s.condition = s.json->Find("Condition");
      CollectStrings(s.action, s.PointerTo("Action"), &s.actions, &s.dynamic_values);
      CollectStrings(s.not_action, s.PointerTo("NotAction"), &s.not_actions, &s.dynamic_values);
      CollectStrings(s.resource, s.PointerTo("Resource"), &s.resources, &s.dynamic_values);
      CollectStrings(s.not_resource, s.PointerTo("NotResource"), &s.not_resources, &s.dynamic_values);
      any_principal = any_principal || s.principal || s.not_principal;
    }
    doc.statements.push_back(std::move(s));
  }
  doc.kind = declared_kind;
  if (doc.kind == PolicyKind::kUnknown) {
    bool assume = false;
    for (const Statement& s : doc.statements) {
      for (const PolicyString& a : s.actions) assume = assume || a.value.starts_with("sts:AssumeRole");
    }
    doc.kind = !any_principal ? PolicyKind::kIdentity : assume ? PolicyKind::kTrust : PolicyKind::kResource;
  }
  return doc;
}

}  // namespace keysweep
