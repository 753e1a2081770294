#include "scanner/report_writer.h"

#include <set>

#include "core/text.h"

namespace keysweep {

std::optional<ReportFormat> ParseReportFormat(std::string_view name) {
  if (EqualsIgnoreCase(name, "text")) return ReportFormat::kText;
  if (EqualsIgnoreCase(name, "json")) return ReportFormat::kJson;
  if (EqualsIgnoreCase(name, "jsonl")) return ReportFormat::kJsonl;
  if (EqualsIgnoreCase(name, "sarif")) return ReportFormat::kSarif;
  if (EqualsIgnoreCase(name, "csv")) return ReportFormat::kCsv;
  if (EqualsIgnoreCase(name, "junit")) return ReportFormat::kJunit;
  if (EqualsIgnoreCase(name, "gitlab")) return ReportFormat::kGitlab;
  return std::nullopt;
}

std::string ResponseCommand(const Report& report) {
  std::set<std::string> key_ids;
  for (const Finding& finding : report.findings) {
    if (auto key_id = finding.Attribute("key_id")) key_ids.insert(*key_id);
  }
  if (key_ids.empty()) return "";
  std::string command = "keysweep respond";
  for (const std::string& id : key_ids) command += " --key " + id;
  return command;
}

void WriteReport(const Report& report, ReportFormat format, const WriteOptions& options,
                 std::ostream& out) {
  switch (format) {
    case ReportFormat::kText: WriteTextReport(report, options, out); break;
    case ReportFormat::kJson: WriteJsonReport(report, options, out); break;
    case ReportFormat::kJsonl: WriteJsonLinesReport(report, options, out); break;
    case ReportFormat::kSarif: WriteSarifReport(report, options, out); break;
    case ReportFormat::kCsv: WriteCsvReport(report, options, out); break;
    case ReportFormat::kJunit: WriteJunitReport(report, options, out); break;
    case ReportFormat::kGitlab: WriteGitlabReport(report, options, out); break;
  }
}

}  // namespace keysweep
