// SARIF 2.1.0 writer, in the shape GitHub code scanning accepts: rules with
// ids, descriptions, help and security-severity; one result per location with
// physicalLocation.region.startLine and partialFingerprints.
#include <nlohmann/json.hpp>

#include "core/hash.h"
#include "core/text.h"
#include "scanner/redact.h"
#include "scanner/report_writer.h"

namespace keysweep {
namespace {

using ojson = nlohmann::ordered_json;

const char* SarifLevel(Severity severity) {
  switch (severity) {
    case Severity::kCritical:
    case Severity::kHigh: return "error";
    case Severity::kMedium: return "warning";
    default: return "note";
  }
}

// GitHub sorts and filters alerts by this CVSS-like score.
const char* SecuritySeverity(Severity severity) {
  switch (severity) {
    case Severity::kCritical: return "9.5";
    case Severity::kHigh: return "8.0";
    case Severity::kMedium: return "5.5";
    case Severity::kLow: return "3.0";
    default: return "1.0";
  }
}

// A relative path as a URI reference: percent-encode all but unreserved and '/'.
std::string PathToUri(std::string_view path) {
  while (path.starts_with("./")) path.remove_prefix(2);
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out = path.starts_with("/") ? "file://" : "";
  for (unsigned char c : path) {
    bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
    if (keep) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xF]);
    }
  }
  return out;
}

std::string ResultMessage(const Finding& finding, const Redaction& redaction) {
  if (!finding.message.empty()) {
    return finding.subject.empty() ? finding.message : finding.message + " (" + finding.subject + ")";
  }
  std::string text = finding.rule_name + ": " + DisplaySecret(finding, redaction);
  if (auto account = finding.Attribute("account_id")) text += " (AWS account " + *account + ")";
  for (const CompanionValue& companion : finding.companions) {
    text += ", with its " + companion.name;
  }
  if (finding.LocationCount() > 1) {
    text += "; found in " + std::to_string(finding.LocationCount()) + " places";
  }
  if (finding.LocationCount() > finding.locations.size()) {
    text += " (the first " + std::to_string(finding.locations.size()) + " are listed)";
  }
  text += ". Revoke or rotate the secret: removing it from the code does not make it safe.";
  return text;
}

ojson RuleJson(const RuleInfo& rule) {
  ojson out;
  out["id"] = rule.id;
  out["name"] = rule.id;
  out["shortDescription"] = {{"text", rule.name}};
  out["fullDescription"] = {{"text", rule.description.empty() ? rule.name : rule.description}};
  std::string help = rule.description + "\n\nWhat to do: treat the secret as compromised. Revoke "
                     "or rotate it at its provider, then remove it from the code (and from git "
                     "history if the repository is shared). If it is not a secret, add "
                     "keysweep:allow on its line or its fingerprint to .keysweep.json.";
  std::string markdown = help;
  for (const std::string& reference : rule.references) {
    help += "\n" + reference;
    markdown += "\n- <" + reference + ">";
  }
  out["help"] = {{"text", help}, {"markdown", markdown}};
  if (!rule.references.empty()) out["helpUri"] = rule.references.front();
  out["defaultConfiguration"] = {{"level", SarifLevel(rule.severity)}};
  out["properties"] = {{"tags", {"security", "secret"}},
                       {"precision", "high"},
                       {"security-severity", SecuritySeverity(rule.severity)}};
  return out;
}

}  // namespace

void WriteSarifReport(const Report& report, const WriteOptions& options, std::ostream& out) {
  ojson rules = ojson::array();
  std::map<std::string, size_t> rule_index;
  for (const RuleInfo& rule : report.rules) {
    rule_index[rule.id] = rules.size();
    rules.push_back(RuleJson(rule));
  }
  ojson results = ojson::array();
  for (const Finding& finding : report.findings) {
    for (const Location& location : finding.locations) {
      // SARIF's line and column numbers start at 1: an unknown end (0) is left out.
      ojson region = {{"startLine", std::max<uint64_t>(location.line, 1)}};
      if (location.column > 0) region["startColumn"] = location.column;
      if (location.end_line >= location.line && location.end_line > 0) {
        region["endLine"] = location.end_line;
        if (location.end_column > 0) region["endColumn"] = location.end_column;
      }
      region["snippet"] = {{"text", RenderSnippet(location.snippet, options.redaction())}};
      ojson result;
      result["ruleId"] = finding.rule_id;
      if (auto it = rule_index.find(finding.rule_id); it != rule_index.end()) {
        result["ruleIndex"] = it->second;
      }
      result["level"] = SarifLevel(finding.severity);
      result["message"] = {{"text", ResultMessage(finding, options.redaction())}};
      result["locations"] = ojson::array(
          {{{"physicalLocation",
             {{"artifactLocation", {{"uri", PathToUri(location.path)}}}, {"region", region}}}}});
      // One alert per secret and file; moving lines keeps the alert.
      std::string place = (finding.repository.empty() ? "" : finding.repository + ":") + location.path +
                          (location.commit ? "@" + *location.commit : "");
      result["partialFingerprints"] = {
          {"keysweep/v1", finding.fingerprint + ":" + HashBytes(place).Hex().substr(0, 16)}};
      ojson properties = {{"fingerprint", finding.fingerprint},
                          {"severity", std::string(SeverityName(finding.severity))}};
      if (!finding.repository.empty()) properties["repository"] = finding.repository;
      if (location.commit) properties["commit"] = *location.commit;
      if (!location.pointer.empty()) properties["pointer"] = location.pointer;
      if (auto key_id = finding.Attribute("key_id")) properties["key_id"] = *key_id;
      if (auto account = finding.Attribute("account_id")) properties["account_id"] = *account;
      result["properties"] = properties;
      results.push_back(std::move(result));
    }
  }
  ojson run;
  run["tool"] = {{"driver",
                  {{"name", "keysweep"},
                   {"version", options.tool_version},
                   {"semanticVersion", options.tool_version},
                   {"rules", rules}}}};
  run["columnKind"] = "unicodeCodePoints";
  if (std::string respond = ResponseCommand(report); !respond.empty()) {
    run["properties"] = {{"response_command", respond}};
  }
  run["results"] = results;
  ojson doc;
  doc["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json";
  doc["version"] = "2.1.0";
  doc["runs"] = ojson::array({run});
  out << EscapeInvisibleInJson(doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace)) << "\n";
}

}  // namespace keysweep
