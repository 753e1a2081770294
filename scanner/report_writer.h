// Report writers: text for people, JSON and JSON Lines for programs, SARIF 2.1.0
// for code-scanning dashboards, CSV for spreadsheets, JUnit XML for CI test
// reports, and GitLab's secret-detection report. Every writer redacts secrets unless
// show_secrets is set, and output is deterministic for a given report.
// Pure functions of their input: thread-safe.
//
// JSON shape: {"tool": {...}, "findings": [...], "diagnostics": [...], "stats": {...}}.
// A secret found in several places is ONE finding with all its places in
// "locations"; its top-level path/line/column/commit repeat the first location.
// JSON Lines writes one finding object per line. SARIF writes one result per
// location, all carrying the finding's fingerprint.
#ifndef KEYSWEEP_SCANNER_REPORT_WRITER_H_
#define KEYSWEEP_SCANNER_REPORT_WRITER_H_

#include <optional>
#include <ostream>
#include <string>
#include <string_view>

#include "scanner/finding.h"
#include "scanner/redact.h"

namespace keysweep {

enum class ReportFormat { kText, kJson, kJsonl, kSarif, kCsv, kJunit, kGitlab };

std::optional<ReportFormat> ParseReportFormat(std::string_view name);

struct WriteOptions {
  bool show_secrets = false;
  int redact_percent = kDefaultRedactPercent;  // --redact: the least share of each secret hidden
  Redaction redaction() const { return Redaction{show_secrets, redact_percent}; }
  bool color = false;  // ANSI colour in the text format
  std::string tool_version;
};

void WriteReport(const Report& report, ReportFormat format, const WriteOptions& options,
                 std::ostream& out);

// The one command that produces the response to the report's AWS keys
// ("keysweep respond --key AKIA... --key ASIA..."), or "" if it has none.
std::string ResponseCommand(const Report& report);

void WriteTextReport(const Report& report, const WriteOptions& options, std::ostream& out);
void WriteJsonReport(const Report& report, const WriteOptions& options, std::ostream& out);
void WriteJsonLinesReport(const Report& report, const WriteOptions& options, std::ostream& out);
void WriteSarifReport(const Report& report, const WriteOptions& options, std::ostream& out);
void WriteCsvReport(const Report& report, const WriteOptions& options, std::ostream& out);
void WriteJunitReport(const Report& report, const WriteOptions& options, std::ostream& out);
void WriteGitlabReport(const Report& report, const WriteOptions& options, std::ostream& out);

}  // namespace keysweep

#endif  // KEYSWEEP_SCANNER_REPORT_WRITER_H_
