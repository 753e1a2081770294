#include "scanner/own_report.h"

#include <regex>
#include <string>

#include <nlohmann/json.hpp>

#include "core/untrusted_json.h"

namespace keysweep {
namespace {

using json = nlohmann::json;

// RedactSecret's output: at most 4 characters, then "****".
bool IsRedactedText(std::string_view s) { return s.size() >= 4 && s.size() <= 8 && s.ends_with("****"); }

bool IsRedacted(const json& value) {
  return value.is_string() && IsRedactedText(value.get_ref<const std::string&>());
}

bool IsString(const json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string();
}

// A finding object of the JSON and JSON Lines formats, its secrets redacted.
bool IsRedactedFinding(const json& finding) {
  if (!finding.is_object() || !IsString(finding, "rule_id") || !IsString(finding, "fingerprint") ||
      !finding.contains("locations")) {
    return false;
  }
  if (IsString(finding, "message")) return !finding.contains("secret");  // a policy finding
  auto secret = finding.find("secret");
  auto redacted = finding.find("redacted");
  if (secret == finding.end() || !secret->is_string() || redacted == finding.end() || !redacted->is_boolean()) {
    return false;
  }
  bool public_id = !redacted->get<bool>() && IsString(finding, "key_id") && finding["key_id"] == *secret;
  if (!public_id && !(redacted->get<bool>() && IsRedacted(*secret))) return false;
  auto companions = finding.find("companions");
  if (companions == finding.end() || !companions->is_array()) return false;
  for (const json& companion : *companions) {
    if (!companion.is_object() || !companion.contains("value") || !IsRedacted(companion["value"])) return false;
  }
  return true;
}

bool IsJsonReport(const json& doc) {
  if (!doc.is_object() || !doc.contains("tool") || !doc["tool"].is_object()) return false;
  const json& tool = doc["tool"];
  if (!tool.contains("name") || tool["name"] != "keysweep") return false;
  auto findings = doc.find("findings");
  if (findings == doc.end() || !findings->is_array()) return false;
  for (const json& finding : *findings) {
    if (!IsRedactedFinding(finding)) return false;
  }
  return true;
}

bool IsSarifReport(const json& doc) {
  if (!doc.is_object() || !doc.contains("version") || doc["version"] != "2.1.0") return false;
  auto runs = doc.find("runs");
  if (runs == doc.end() || !runs->is_array() || runs->empty()) return false;
  for (const json& run : *runs) {
    const json* driver = run.is_object() ? &run : nullptr;
    for (const char* key : {"tool", "driver"}) {
      driver = driver != nullptr && driver->contains(key) && (*driver)[key].is_object() ? &(*driver)[key] : nullptr;
    }
    if (driver == nullptr || !driver->contains("name") || (*driver)["name"] != "keysweep") return false;
    auto results = run.find("results");
    if (results == run.end() || !results->is_array()) return false;
    for (const json& result : *results) {
      if (!result.is_object() || !result.contains("message") || !result["message"].is_object() ||
          !IsString(result["message"], "text")) {
        return false;
      }
      bool names_key_id = result.contains("properties") && result["properties"].is_object() &&
                          result["properties"].contains("key_id");
      if (!names_key_id && result["message"]["text"].get_ref<const std::string&>().find("****") == std::string::npos) {
        return false;
      }
    }
  }
  return true;
}

bool IsJsonLinesReport(std::string_view content) {
  bool any = false;
  while (!content.empty()) {
    size_t end = content.find('\n');
    std::string_view line = content.substr(0, end);
    content.remove_prefix(end == std::string_view::npos ? content.size() : end + 1);
    if (line.empty()) continue;
    Result<json> finding = ParseUntrustedJson(line);
    if (!finding.ok() || !IsRedactedFinding(*finding)) return false;
    any = true;
  }
  return any;
}

std::vector<std::string_view> Lines(std::string_view content) {
  std::vector<std::string_view> lines;
  while (!content.empty()) {
    size_t end = content.find('\n');
    lines.push_back(content.substr(0, end));
    content.remove_prefix(end == std::string_view::npos ? content.size() : end + 1);
  }
  return lines;
}

bool IsTextReport(std::string_view content) {
  std::vector<std::string_view> lines = Lines(content);
  // The `keysweep respond` paragraph after the summary, when AWS keys were found.
  if (lines.size() >= 4 && lines.back().starts_with("  keysweep respond ") &&
      lines[lines.size() - 3].starts_with("AWS keys were found.") && lines[lines.size() - 4].empty()) {
    lines.resize(lines.size() - 4);
  }
  if (lines.empty()) return false;
  static const std::regex kSummary(
      R"((No secrets found\.|\d+ secrets? \(\d+ [a-z]+(, \d+ [a-z]+)*\) in \d+ places?\.) )"
      R"(Scanned \d+ files? \([0-9.]+ (bytes|KB|MB|GB)\) with \d+ rules in [0-9.]+ s(; [a-z0-9 ]+)*\.)");
  if (!std::regex_match(lines.back().begin(), lines.back().end(), kSummary)) return false;
  for (std::string_view line : lines) {
    if (line.starts_with("  secret     ") || line.starts_with("  with       ")) {
      if (!IsRedactedText(line.substr(line.rfind(' ') + 1))) return false;
    }
  }
  return true;
}

}  // namespace

bool IsRedactedKeysweepReport(std::string_view content) {
  if (content.size() > kMaxOwnReportBytes) return false;
  size_t start = content.find_first_not_of(" \t\r\n");
  if (start == std::string_view::npos) return false;
  if (content[start] != '{') return IsTextReport(content);
  Result<json> doc = ParseUntrustedJson(content);
  if (!doc.ok()) return IsJsonLinesReport(content);  // several objects: JSON Lines
  return IsJsonReport(*doc) || IsSarifReport(*doc) || IsJsonLinesReport(content);
}

bool OnlyPublicIds(const Engine& engine, const std::vector<ContentMatch>& matches) {
  if (matches.empty()) return false;
  for (const ContentMatch& match : matches) {
    if (engine.rules()[match.rule_index].redact || !match.companions.empty()) return false;
  }
  return true;
}

}  // namespace keysweep
