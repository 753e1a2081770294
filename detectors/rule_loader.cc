#include "detectors/rule_loader.h"

#include "detectors/field_pattern.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>
#include <re2/re2.h>

#include "core/regular_file.h"
#include "core/untrusted_json.h"

namespace keysweep {
namespace {

using json = nlohmann::json;

// Parses one object's fields; every error names the file, the rule and the field.
class FieldReader {
 public:
  FieldReader(const json& object, std::string where) : object_(object), where_(std::move(where)) {}

  Status Error(const std::string& field, const std::string& what) const {
    return Status::Error(where_ + ": field '" + field + "' " + what);
  }

  bool Has(const char* field) const { return object_.contains(field); }

  Status String(const char* field, bool required, std::string* out) const {
    auto it = object_.find(field);
    if (it == object_.end()) return required ? Error(field, "is required") : Status::Ok();
    if (!it->is_string()) return Error(field, "must be a string");
    *out = it->get<std::string>();
    if (required && out->empty()) return Error(field, "must not be empty");
    return Status::Ok();
  }

  Status Number(const char* field, double* out) const {
    auto it = object_.find(field);
    if (it == object_.end()) return Status::Ok();
    if (!it->is_number()) return Error(field, "must be a number");
    *out = it->get<double>();
    return Status::Ok();
  }

  Status Int(const char* field, int min, int max, int* out) const {
    auto it = object_.find(field);
    if (it == object_.end()) return Status::Ok();
    if (!it->is_number_integer() || it->get<long long>() < min || it->get<long long>() > max) {
      return Error(field, "must be an integer from " + std::to_string(min) + " to " +
                              std::to_string(max));
    }
    *out = it->get<int>();
    return Status::Ok();
  }

  Status Bool(const char* field, bool* out) const {
    auto it = object_.find(field);
    if (it == object_.end()) return Status::Ok();
    if (!it->is_boolean()) return Error(field, "must be true or false");
    *out = it->get<bool>();
    return Status::Ok();
  }

  Status Strings(const char* field, std::vector<std::string>* out) const {
    auto it = object_.find(field);
    if (it == object_.end()) return Status::Ok();
    if (!it->is_array()) return Error(field, "must be an array of strings");
    for (const json& item : *it) {
      if (!item.is_string()) return Error(field, "must be an array of strings");
      out->push_back(item.get<std::string>());
    }
    return Status::Ok();
  }

  Status Severity(const char* field, bool required, std::optional<keysweep::Severity>* out) const {
    std::string name;
    if (Status s = String(field, required, &name); !s.ok()) return s;
    if (name.empty()) return Status::Ok();
    *out = ParseSeverity(name);
    if (!*out) return Error(field, "must be one of info, low, medium, high, critical");
    return Status::Ok();
  }

  Status OnlyKnownFields(const std::set<std::string>& known) const {
    for (auto it = object_.begin(); it != object_.end(); ++it) {
      if (!known.count(it.key())) {
        return Status::Error(where_ + ": unknown field '" + it.key() + "'");
      }
    }
    return Status::Ok();
  }

 private:
  const json& object_;
  std::string where_;
};

Status ParseExamples(const FieldReader& reader, const json& rule, const char* field,
                     std::vector<RuleExample>* out) {
  auto it = rule.find(field);
  if (it == rule.end()) return Status::Ok();
  if (!it->is_array()) return reader.Error(field, "must be an array");
  for (const json& item : *it) {
    RuleExample example;
    if (item.is_string()) {
      example.text = item.get<std::string>();
    } else if (item.is_object()) {
      FieldReader ex(item, "example");
      KS_RETURN_IF_ERROR(ex.OnlyKnownFields({"text", "secret", "companions", "path"}));
      KS_RETURN_IF_ERROR(ex.String("path", false, &example.path));
      KS_RETURN_IF_ERROR(ex.String("text", true, &example.text));
      std::string secret;
      KS_RETURN_IF_ERROR(ex.String("secret", false, &secret));
      if (ex.Has("secret")) example.secret = secret;
      KS_RETURN_IF_ERROR(ex.Strings("companions", &example.companions));
    } else {
      return reader.Error(field, "items must be strings or {\"text\": ...} objects");
    }
    out->push_back(std::move(example));
  }
  return Status::Ok();
}

Status ParseCompanions(const FieldReader& reader, const json& rule, const std::string& where,
                       std::vector<CompanionSpec>* out) {
  auto it = rule.find("companions");
  if (it == rule.end()) return Status::Ok();
  if (!it->is_array()) return reader.Error("companions", "must be an array");
  for (const json& item : *it) {
    if (!item.is_object()) return reader.Error("companions", "items must be objects");
    CompanionSpec spec;
    FieldReader c(item, where + " companion");
    KS_RETURN_IF_ERROR(c.OnlyKnownFields(
        {"name", "pattern", "within_lines", "within_bytes", "min_entropy", "severity"}));
    KS_RETURN_IF_ERROR(c.String("name", true, &spec.name));
    KS_RETURN_IF_ERROR(c.String("pattern", true, &spec.pattern));
    KS_RETURN_IF_ERROR(c.Int("within_lines", 0, 100, &spec.within_lines));
    KS_RETURN_IF_ERROR(c.Int("within_bytes", 1, 65536, &spec.within_bytes));
    KS_RETURN_IF_ERROR(c.Number("min_entropy", &spec.min_entropy));
    KS_RETURN_IF_ERROR(c.Severity("severity", false, &spec.severity));
    out->push_back(std::move(spec));
  }
  return Status::Ok();
}

bool IsValidRuleId(const std::string& id) {
  static const RE2 kId("[a-z0-9][a-z0-9-]*(\\.[a-z0-9][a-z0-9-]*)+");
  return RE2::FullMatch(id, kId);
}

Result<Rule> ParseRule(const json& item, const std::string& origin, const std::string& provider,
                       size_t index) {
  if (!item.is_object()) {
    return Status::Error(origin + ": rules[" + std::to_string(index) + "] must be an object");
  }
  Rule rule;
  rule.origin = origin;
  rule.provider = provider;
  std::string where = origin + ": rules[" + std::to_string(index) + "]";
  KS_RETURN_IF_ERROR(FieldReader(item, where).String("id", true, &rule.id));
  where = origin + ": rule '" + rule.id + "'";
  FieldReader reader(item, where);
  if (!IsValidRuleId(rule.id)) {
    return reader.Error("id", "must look like 'provider.kind' (lowercase letters, digits, '-', '.')");
  }
  KS_RETURN_IF_ERROR(reader.OnlyKnownFields(
      {"id", "name", "description", "severity", "pattern", "keywords", "keyword_lines", "min_entropy",
       "references", "examples", "negative_examples", "companions", "ignore_secrets",
       "placeholder_check", "redact", "decoder", "enabled", "paths", "fields", "stopwords",
       "informative", "comment"}));
  KS_RETURN_IF_ERROR(reader.String("name", true, &rule.name));
  KS_RETURN_IF_ERROR(reader.String("description", false, &rule.description));
  std::optional<Severity> severity;
  KS_RETURN_IF_ERROR(reader.Severity("severity", true, &severity));
  rule.severity = *severity;
  KS_RETURN_IF_ERROR(reader.Strings("fields", &rule.fields));
  KS_RETURN_IF_ERROR(reader.String("pattern", rule.fields.empty(), &rule.pattern));
  if (!rule.fields.empty()) {
    if (!rule.pattern.empty()) return reader.Error("pattern", "cannot be given with \"fields\" (it is generated)");
    rule.pattern = FieldAssignmentPattern(rule.fields);
    rule.stopwords = true;
  }
  KS_RETURN_IF_ERROR(reader.Strings("paths", &rule.paths));
  KS_RETURN_IF_ERROR(reader.Bool("stopwords", &rule.stopwords));
  KS_RETURN_IF_ERROR(reader.Bool("informative", &rule.informative));
  KS_RETURN_IF_ERROR(reader.Strings("keywords", &rule.keywords));
  KS_RETURN_IF_ERROR(reader.Int("keyword_lines", 0, 20, &rule.keyword_lines));
  KS_RETURN_IF_ERROR(reader.Number("min_entropy", &rule.min_entropy));
  if (rule.min_entropy < 0 || rule.min_entropy > 8) {
    return reader.Error("min_entropy", "must be between 0 and 8 bits per byte");
  }
  KS_RETURN_IF_ERROR(reader.Strings("references", &rule.references));
  KS_RETURN_IF_ERROR(ParseExamples(reader, item, "examples", &rule.examples));
  KS_RETURN_IF_ERROR(ParseExamples(reader, item, "negative_examples", &rule.negative_examples));
  KS_RETURN_IF_ERROR(ParseCompanions(reader, item, where, &rule.companions));
  KS_RETURN_IF_ERROR(reader.Strings("ignore_secrets", &rule.ignore_secrets));
  KS_RETURN_IF_ERROR(reader.Bool("placeholder_check", &rule.placeholder_check));
  KS_RETURN_IF_ERROR(reader.Bool("redact", &rule.redact));
  KS_RETURN_IF_ERROR(reader.String("decoder", false, &rule.decoder));
  if (!rule.decoder.empty() && rule.decoder != "aws-access-key-id") {
    return reader.Error("decoder", "must be \"aws-access-key-id\" or absent");
  }
  KS_RETURN_IF_ERROR(reader.Bool("enabled", &rule.enabled_by_default));
  return rule;
}

}  // namespace

Result<std::vector<Rule>> ParseRuleFile(std::string_view json_text, const std::string& origin) {
  Result<json> parsed = ParseUntrustedJson(json_text);
  if (!parsed.ok()) return Status::Error(origin + ": " + parsed.status().message());
  json doc = std::move(*parsed);
  if (!doc.is_object() || !doc.contains("rules") || !doc["rules"].is_array()) {
    return Status::Error(origin + ": a rule file is an object with a \"rules\" array");
  }
  std::string provider;
  if (auto it = doc.find("provider"); it != doc.end()) {
    if (!it->is_string()) return Status::Error(origin + ": \"provider\" must be a string");
    provider = it->get<std::string>();
  }
  for (auto it = doc.begin(); it != doc.end(); ++it) {
    if (it.key() != "rules" && it.key() != "provider" && it.key() != "comment") {
      return Status::Error(origin + ": unknown top-level field '" + it.key() + "'");
    }
  }
  std::vector<Rule> rules;
  const json& items = doc["rules"];
  for (size_t i = 0; i < items.size(); ++i) {
    Result<Rule> rule = ParseRule(items[i], origin, provider, i);
    if (!rule.ok()) return rule.status();
    rules.push_back(std::move(*rule));
  }
  KS_RETURN_IF_ERROR(CheckUniqueIds(rules));
  return rules;
}

Result<std::vector<Rule>> LoadRuleFile(const std::string& path) {
  Result<std::string> text = ReadRegularFile(path);
  if (!text.ok()) {
    std::string why = text.status().message();
    if (why.starts_with(path + ": ")) why = why.substr(path.size() + 2);
    return Status::Error(path + ": cannot open rule file: " + why);
  }
  return ParseRuleFile(*text, path);
}

Status CheckUniqueIds(const std::vector<Rule>& rules) {
  std::set<std::string> seen;
  for (const Rule& rule : rules) {
    if (!seen.insert(rule.id).second) {
      return Status::Error(rule.origin + ": duplicate rule id '" + rule.id + "'");
    }
  }
  return Status::Ok();
}

const std::vector<Rule>& BuiltinRules() {
  static const std::vector<Rule> kRules = [] {
    std::vector<Rule> all;
    for (const EmbeddedFile& file : BuiltinRuleFiles()) {
      Result<std::vector<Rule>> rules =
          ParseRuleFile(file.text, std::string("detectors/rules/") + file.name);
      // Built-in rules are checked by the test suite; a broken one is a build defect.
      if (!rules.ok()) {
        fprintf(stderr, "keysweep: internal error: %s\n", rules.status().message().c_str());
        abort();
      }
      for (Rule& rule : *rules) all.push_back(std::move(rule));
    }
    if (Status unique = CheckUniqueIds(all); !unique.ok()) {
      fprintf(stderr, "keysweep: internal error: %s\n", unique.message().c_str());
      abort();
    }
    return all;
  }();
  return kRules;
}

}  // namespace keysweep
