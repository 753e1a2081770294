#include "policies/policy_sources.h"

#include <cstring>

namespace keysweep {
namespace {

std::string UrlDecode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && isxdigit(static_cast<unsigned char>(s[i + 1])) &&
        isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out.push_back(static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16)));
      i += 2;
    } else {
      out.push_back(s[i] == '+' ? ' ' : s[i]);
    }
  }
  return out;
}

class Extractor {
 public:
  explicit Extractor(PolicyFile* file) : file_(file) {}

  // Adds the document at `value` (an object, or a JSON string holding one).
  void Add(const JsonValue* value, const std::string& pointer, PolicyKind kind, const std::string& subject) {
    if (value == nullptr || IsIntrinsic(*value)) return;
    const JsonValue* document = value;
    bool from_string = false;
    if (value->is_string()) {
      std::string text = value->text();
      if (text.starts_with("%7B") || text.starts_with("%7b")) text = UrlDecode(text);
      Result<JsonValue> parsed = ParseJson(text);
      if (!parsed.ok()) {
        file_->problems.push_back(pointer + ": the policy string is not valid JSON: " + parsed.status().message());
        return;
      }
      file_->embedded.push_back(std::move(*parsed));
      document = &file_->embedded.back();
      from_string = true;
    }
    PolicyDocument doc = ModelPolicy(*document, file_->path, from_string ? "" : pointer, kind);
    doc.subject = subject;
    doc.source_text = &file_->text;
    doc.from_string = from_string;
    doc.origin = value->position();
    if (from_string) doc.container_pointer = pointer;
    file_->documents.push_back(std::move(doc));
  }

  void CloudFormation(const JsonValue& resources) {
    for (const auto& [name, resource] : resources.members()) {
      if (!resource.is_object()) continue;
      const JsonValue* type = resource.Find("Type");
      const JsonValue* properties = resource.Find("Properties");
      if (!type || !type->is_string() || !properties || !properties->is_object()) continue;
      std::string base = PointerAppend(PointerAppend(PointerAppend("", "Resources"), name), "Properties");
      const std::string& t = type->text();
      const std::string& resource_name = name;  // clang 14 cannot capture a structured binding
      auto add = [&](const char* property, PolicyKind kind, const std::string& what) {
        Add(properties->Find(property), PointerAppend(base, property), kind, resource_name + " (" + what + ")");
      };
      if (t == "AWS::IAM::Policy" || t == "AWS::IAM::ManagedPolicy" || t == "AWS::IAM::UserPolicy" ||
          t == "AWS::IAM::GroupPolicy" || t == "AWS::IAM::RolePolicy") {
        add("PolicyDocument", PolicyKind::kIdentity, t);
      } else if (t == "AWS::S3::BucketPolicy" || t == "AWS::SQS::QueuePolicy" || t == "AWS::SNS::TopicPolicy" ||
                 t == "AWS::Logs::ResourcePolicy" || t == "AWS::S3Express::BucketPolicy") {
        add("PolicyDocument", PolicyKind::kResource, t);
      } else if (t == "AWS::KMS::Key" || t == "AWS::KMS::ReplicaKey") {
        add("KeyPolicy", PolicyKind::kResource, t);
      } else if (t == "AWS::SecretsManager::ResourcePolicy") {
        add("ResourcePolicy", PolicyKind::kResource, t);
      } else if (t == "AWS::ECR::Repository") {
        add("RepositoryPolicyText", PolicyKind::kResource, t);
      } else if (t == "AWS::Organizations::Policy") {
        // Only service control policies are IAM policy documents we lint as SCPs;
        // resource control policies are resource-based; tag, backup and AI opt-out
        // policies are other languages altogether.
        const JsonValue* policy_type = properties->Find("Type");
        std::string kind = policy_type && policy_type->is_string() ? policy_type->text() : "SERVICE_CONTROL_POLICY";
        if (kind == "SERVICE_CONTROL_POLICY") add("Content", PolicyKind::kScp, t);
        if (kind == "RESOURCE_CONTROL_POLICY") add("Content", PolicyKind::kResource, "resource control policy");
      }
      if (t == "AWS::IAM::Role") add("AssumeRolePolicyDocument", PolicyKind::kTrust, "trust policy");
      if (t == "AWS::IAM::Role" || t == "AWS::IAM::User" || t == "AWS::IAM::Group") {
        const JsonValue* policies = properties->Find("Policies");
        if (policies && policies->is_array()) {
          for (size_t i = 0; i < policies->items().size(); ++i) {
            const JsonValue& p = policies->items()[i];
            if (!p.is_object()) continue;
            const JsonValue* policy_name = p.Find("PolicyName");
            std::string label = name + " (inline policy " +
                                (policy_name && policy_name->is_string() ? policy_name->text() : std::to_string(i)) + ")";
            Add(p.Find("PolicyDocument"),
                PointerAppend(PointerAppend(PointerAppend(base, "Policies"), i), "PolicyDocument"),
                PolicyKind::kIdentity, label);
          }
        }
      }
    }
  }

  void AuthorizationDetails(const JsonValue& root) {
    struct Owner {
      const char* list;
      const char* name_field;
      const char* policy_list;
      const char* kind;
    };
    for (Owner owner : {Owner{"UserDetailList", "UserName", "UserPolicyList", "user"},
                        Owner{"GroupDetailList", "GroupName", "GroupPolicyList", "group"},
                        Owner{"RoleDetailList", "RoleName", "RolePolicyList", "role"}}) {
      const JsonValue* list = root.Find(owner.list);
      if (!list || !list->is_array()) continue;
      for (size_t i = 0; i < list->items().size(); ++i) {
        const JsonValue& entry = list->items()[i];
        if (!entry.is_object()) continue;
        const JsonValue* name = entry.Find(owner.name_field);
        std::string who = std::string(owner.kind) + "/" + (name && name->is_string() ? name->text() : "?");
        std::string base = PointerAppend(PointerAppend("", owner.list), i);
        if (std::strcmp(owner.kind, "role") == 0) {
          Add(entry.Find("AssumeRolePolicyDocument"), PointerAppend(base, "AssumeRolePolicyDocument"),
              PolicyKind::kTrust, who + " (trust policy)");
        }
        const JsonValue* policies = entry.Find(owner.policy_list);
        if (!policies || !policies->is_array()) continue;
        for (size_t j = 0; j < policies->items().size(); ++j) {
          const JsonValue& p = policies->items()[j];
          if (!p.is_object()) continue;
          const JsonValue* policy_name = p.Find("PolicyName");
          Add(p.Find("PolicyDocument"),
              PointerAppend(PointerAppend(PointerAppend(base, owner.policy_list), j), "PolicyDocument"),
              PolicyKind::kIdentity,
              who + " (inline policy " + (policy_name && policy_name->is_string() ? policy_name->text() : "?") + ")");
        }
      }
    }
    const JsonValue* policies = root.Find("Policies");
    if (!policies || !policies->is_array()) return;
    for (size_t i = 0; i < policies->items().size(); ++i) {
      const JsonValue& p = policies->items()[i];
      if (!p.is_object()) continue;
      const JsonValue* name = p.Find("PolicyName");
      const JsonValue* versions = p.Find("PolicyVersionList");
      if (!versions || !versions->is_array()) continue;
      for (size_t j = 0; j < versions->items().size(); ++j) {
        const JsonValue& v = versions->items()[j];
        const JsonValue* is_default = v.is_object() ? v.Find("IsDefaultVersion") : nullptr;
        if (!is_default || !is_default->is_bool() || !is_default->boolean()) continue;  // only what is in force
        Add(v.Find("Document"),
            PointerAppend(PointerAppend(PointerAppend(PointerAppend("", "Policies"), i), "PolicyVersionList"), j) +
                "/Document",
            PolicyKind::kIdentity,
            "managed policy " + (name && name->is_string() ? name->text() : "?"));
      }
    }
  }

 private:
  PolicyFile* file_;
};

}  // namespace

Result<std::unique_ptr<PolicyFile>> LoadPolicyFile(std::string path, std::string text, PolicyKind forced_kind) {
  auto file = std::make_unique<PolicyFile>();
  file->path = std::move(path);
  file->text = std::move(text);
  Result<JsonValue> root = ParseJson(file->text);
  if (!root.ok()) return Status::Error(root.status().message());
  file->root = std::move(*root);
  Extractor extract(file.get());
  const JsonValue& r = file->root;
  if (!r.is_object()) {
    file->kind = PolicyFileKind::kNotAPolicy;
  } else if (r.Find("Statement")) {
    file->kind = PolicyFileKind::kPolicy;
    extract.Add(&r, "", forced_kind, "");
  } else if (const JsonValue* resources = r.Find("Resources"); resources && resources->is_object() &&
                                                                (r.Find("AWSTemplateFormatVersion") || r.Find("Resources"))) {
    file->kind = PolicyFileKind::kCloudFormation;
    extract.CloudFormation(*resources);
  } else if (r.Find("UserDetailList") || r.Find("RoleDetailList") || r.Find("GroupDetailList") ||
             (r.Find("Policies") && r.Find("Policies")->is_array())) {
    file->kind = PolicyFileKind::kAuthorizationDetails;
    extract.AuthorizationDetails(r);
  } else if (const JsonValue* version = r.Find("PolicyVersion"); version && version->is_object()) {
    file->kind = PolicyFileKind::kPolicy;  // aws iam get-policy-version output
    extract.Add(version->Find("Document"), "/PolicyVersion/Document", forced_kind, "");
  } else {
    file->kind = PolicyFileKind::kNotAPolicy;
  }
  return file;
}

}  // namespace keysweep
