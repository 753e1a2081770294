#include "scanner/report_writer.h"

#include "core/text.h"

namespace keysweep {

std::optional<ReportFormat> ParseReportFormat(std::string_view name) {
  if (EqualsIgnoreCase(name, "text")) return ReportFormat::kText;
  if (EqualsIgnoreCase(name, "json")) return ReportFormat::kJson;
  if (EqualsIgnoreCase(name, "jsonl")) return ReportFormat::kJsonl;
  if (EqualsIgnoreCase(name, "sarif")) return ReportFormat::kSarif;
  return std::nullopt;
}

void WriteReport(const Report& report, ReportFormat format, const WriteOptions& options,
                 std::ostream& out) {
  switch (format) {
    case ReportFormat::kText: WriteTextReport(report, options, out); break;
    case ReportFormat::kJson: WriteJsonReport(report, options, out); break;
    case ReportFormat::kJsonl: WriteJsonLinesReport(report, options, out); break;
    case ReportFormat::kSarif: WriteSarifReport(report, options, out); break;
  }
}

}  // namespace keysweep
