// JSON and JSON Lines writers.
#include <nlohmann/json.hpp>

#include "scanner/redact.h"
#include "scanner/report_writer.h"

namespace keysweep {
namespace {

using ojson = nlohmann::ordered_json;

std::string Dump(const ojson& value, int indent) {
  // File names and snippets may hold bytes that are not UTF-8: replace them.
  return value.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

ojson CommitJson(const std::optional<std::string>& commit) {
  return commit ? ojson(*commit) : ojson(nullptr);
}

ojson LocationJson(const Location& location, const Redaction& redaction) {
  ojson out;
  out["path"] = location.path;
  out["line"] = location.line;
  out["column"] = location.column;
  out["end_line"] = location.end_line;
  out["end_column"] = location.end_column;
  out["commit"] = CommitJson(location.commit);
  out["snippet"] = RenderSnippet(location.snippet, redaction);
  if (!location.pointer.empty()) out["pointer"] = location.pointer;
  if (location.git) {
    out["author"] = location.git->author_name;
    out["email"] = location.git->author_email;
    out["date"] = location.git->date;
    out["commits_containing"] = location.git->commits_containing;
    out["refs_containing"] = location.git->refs_containing;
    out["refs_containing_count"] = location.git->refs_containing_count;
  }
  return out;
}

ojson FindingJson(const Finding& finding, const Redaction& redaction) {
  const Location& first = finding.locations.front();
  ojson out;
  out["rule_id"] = finding.rule_id;
  out["rule_name"] = finding.rule_name;
  out["severity"] = std::string(SeverityName(finding.severity));
  out["fingerprint"] = finding.fingerprint;
  if (!finding.part_fingerprints.empty()) out["fingerprint_parts"] = finding.part_fingerprints;
  if (!finding.repository.empty()) out["repository"] = finding.repository;
  if (!finding.message.empty()) {
    out["message"] = finding.message;
    out["subject"] = finding.subject;
    out["pointer"] = first.pointer;
  } else {
    out["secret"] = DisplaySecret(finding, redaction);
    out["redacted"] = SecretShownRedacted(finding, redaction);
  }
  out["path"] = first.path;
  out["line"] = first.line;
  out["column"] = first.column;
  out["commit"] = CommitJson(first.commit);
  if (auto key_id = finding.Attribute("key_id")) {
    out["key_id"] = *key_id;
    auto account = finding.Attribute("account_id");
    out["account_id"] = account ? ojson(*account) : ojson(nullptr);
    out["key_kind"] = finding.Attribute("key_kind").value_or("unknown");
  }
  out["companions"] = ojson::array();
  for (const CompanionValue& companion : finding.companions) {
    out["companions"].push_back(
        {{"name", companion.name},
         {"value", DisplayCompanion(finding, companion, redaction)}});
  }
  out["locations"] = ojson::array();
  for (const Location& location : finding.locations) {
    out["locations"].push_back(LocationJson(location, redaction));
  }
  return out;
}

}  // namespace

void WriteJsonReport(const Report& report, const WriteOptions& options, std::ostream& out) {
  ojson doc;
  doc["tool"] = {{"name", "keysweep"}, {"version", options.tool_version}};
  doc["findings"] = ojson::array();
  for (const Finding& finding : report.findings) {
    doc["findings"].push_back(FindingJson(finding, options.redaction()));
  }
  doc["diagnostics"] = ojson::array();
  for (const Diagnostic& diagnostic : report.diagnostics) {
    ojson entry = {{"level", DiagnosticLevelName(diagnostic.level)},
                   {"path", diagnostic.path},
                   {"message", diagnostic.message}};
    if (!diagnostic.repository.empty()) entry["repository"] = diagnostic.repository;
    doc["diagnostics"].push_back(std::move(entry));
  }
  std::string respond = ResponseCommand(report);
  doc["response_command"] = respond.empty() ? ojson(nullptr) : ojson(respond);
  const ScanStats& stats = report.stats;
  doc["stats"] = {{"files", stats.files},
                  {"bytes", stats.bytes},
                  {"unique_contents", stats.unique_contents},
                  {"skipped", stats.skipped},
                  {"suppressed", stats.suppressed},
                  {"rules", stats.rules}};
  out << Dump(doc, 2) << "\n";
}

void WriteJsonLinesReport(const Report& report, const WriteOptions& options, std::ostream& out) {
  for (const Finding& finding : report.findings) {
    out << Dump(FindingJson(finding, options.redaction()), -1) << "\n";
  }
}

}  // namespace keysweep
