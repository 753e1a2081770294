// JSON and JSON Lines writers.
#include <nlohmann/json.hpp>

#include "core/text.h"
#include "scanner/redact.h"
#include "scanner/report_writer.h"

namespace keysweep {
namespace {

using ojson = nlohmann::ordered_json;

std::string Dump(const ojson& value, int indent) {
  // File names and snippets may hold bytes that are not UTF-8: replace them.
  return EscapeInvisibleInJson(value.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace));
}

// `text` with every line after the first indented by `indent` more spaces.
std::string Indented(const std::string& text, size_t indent) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (char c : text) {
    out.push_back(c);
    if (c == '\n') out.append(indent, ' ');
  }
  return out;
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
  // A finding keeps its first kMaxLocationsKept locations: the count of all.
  if (finding.LocationCount() > finding.locations.size()) out["total_locations"] = finding.LocationCount();
  out["locations"] = ojson::array();
  for (const Location& location : finding.locations) {
    out["locations"].push_back(LocationJson(location, redaction));
  }
  return out;
}

}  // namespace

void WriteJsonReport(const Report& report, const WriteOptions& options, std::ostream& out) {
  // Written finding by finding, as Dump(doc, 2) would lay it out: a report
  // with many findings is never held as one JSON tree or one string.
  ojson tool = {{"name", "keysweep"}, {"version", options.tool_version}};
  out << "{\n  \"tool\": " << Indented(Dump(tool, 2), 2) << ",\n  \"findings\": ";
  if (report.findings.empty()) {
    out << "[]";
  } else {
    const char* separator = "[\n    ";
    for (const Finding& finding : report.findings) {
      out << separator << Indented(Dump(FindingJson(finding, options.redaction()), 2), 4);
      separator = ",\n    ";
    }
    out << "\n  ]";
  }
  ojson rest;
  rest["diagnostics"] = ojson::array();
  for (const Diagnostic& diagnostic : report.diagnostics) {
    ojson entry = {{"level", DiagnosticLevelName(diagnostic.level)},
                   {"path", diagnostic.path},
                   {"message", diagnostic.message}};
    if (!diagnostic.repository.empty()) entry["repository"] = diagnostic.repository;
    rest["diagnostics"].push_back(std::move(entry));
  }
  std::string respond = ResponseCommand(report);
  rest["response_command"] = respond.empty() ? ojson(nullptr) : ojson(respond);
  const ScanStats& stats = report.stats;
  rest["stats"] = {{"files", stats.files},
                   {"bytes", stats.bytes},
                   {"unique_contents", stats.unique_contents},
                   {"skipped", stats.skipped},
                   {"suppressed", stats.suppressed},
                   {"rules", stats.rules}};
  std::string tail = Dump(rest, 2);  // "{\n  \"diagnostics\": ...}"
  out << ",\n" << std::string_view(tail).substr(2) << "\n";
}

void WriteJsonLinesReport(const Report& report, const WriteOptions& options, std::ostream& out) {
  for (const Finding& finding : report.findings) {
    out << Dump(FindingJson(finding, options.redaction()), -1) << "\n";
  }
}

}  // namespace keysweep
