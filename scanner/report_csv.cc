// CSV writer (RFC 4180): one row per location, for spreadsheets and ticket
// imports. Cells a spreadsheet would run as a formula (=, +, -, @, tab, CR)
// are prefixed with ' (a committed file may be named "=HYPERLINK(...)").
#include "scanner/redact.h"
#include "scanner/report_writer.h"

namespace keysweep {
namespace {

std::string Cell(std::string_view value) {
  std::string text(value);
  if (!text.empty() && std::string_view("=+-@\t\r").find(text[0]) != std::string_view::npos) {
    text.insert(text.begin(), '\'');
  }
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

void Row(std::ostream& out, const std::vector<std::string>& cells) {
  for (size_t i = 0; i < cells.size(); ++i) out << (i ? "," : "") << Cell(cells[i]);
  out << "\r\n";
}

}  // namespace

void WriteCsvReport(const Report& report, const WriteOptions& options, std::ostream& out) {
  Row(out, {"rule_id", "rule_name", "severity", "fingerprint", "secret", "key_id", "path", "line",
            "column", "end_line", "end_column", "commit", "author", "email", "date", "snippet"});
  for (const Finding& finding : report.findings) {
    std::string secret = finding.message.empty() ? DisplaySecret(finding, options.redaction()) : finding.message;
    for (const Location& l : finding.locations) {
      Row(out, {finding.rule_id, finding.rule_name, std::string(SeverityName(finding.severity)),
                finding.fingerprint, secret, finding.Attribute("key_id").value_or(""), l.path,
                std::to_string(l.line), std::to_string(l.column), std::to_string(l.end_line),
                std::to_string(l.end_column), l.commit.value_or(""), l.git ? l.git->author_name : "",
                l.git ? l.git->author_email : "", l.git ? l.git->date : "",
                RenderSnippet(l.snippet, options.redaction())});
    }
  }
}

}  // namespace keysweep
