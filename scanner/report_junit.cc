// JUnit XML writer, for CI test-report views (GitLab's artifacts:reports:junit,
// Jenkins, Azure DevOps): one failed test case per place a secret was found,
// named by rule and place; a clean scan is one passing case, so the report is
// never empty. Text is escaped for XML 1.0 (control characters dropped).
#include <sstream>

#include "scanner/redact.h"
#include "scanner/report_writer.h"

namespace keysweep {
namespace {

std::string Xml(std::string_view text) {
  std::string out;
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        if (byte >= 0x20 || c == '\n' || c == '\t') out += c;  // XML 1.0 forbids other controls
    }
  }
  return out;
}

std::string Place(const Location& l) {
  return l.path + ":" + std::to_string(l.line) + (l.commit ? " @" + l.commit->substr(0, 12) : "");
}

}  // namespace

void WriteJunitReport(const Report& report, const WriteOptions& options, std::ostream& out) {
  size_t cases = 0;
  for (const Finding& finding : report.findings) cases += finding.locations.size();
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out << "<testsuites name=\"keysweep\" tests=\"" << std::max<size_t>(cases, 1) << "\" failures=\"" << cases
      << "\">\n";
  out << "  <testsuite name=\"keysweep\" tests=\"" << std::max<size_t>(cases, 1) << "\" failures=\"" << cases
      << "\" errors=\"0\" skipped=\"0\" time=\"" << report.stats.seconds << "\">\n";
  if (cases == 0) out << "    <testcase classname=\"keysweep\" name=\"no secrets found\"/>\n";
  for (const Finding& finding : report.findings) {
    std::string what = finding.message.empty() ? DisplaySecret(finding, options.redaction()) : finding.message;
    for (const Location& l : finding.locations) {
      std::ostringstream details;
      details << "rule: " << finding.rule_id << "\nseverity: " << SeverityName(finding.severity)
              << "\nfingerprint: " << finding.fingerprint << "\nat: " << Place(l) << ":" << l.column;
      if (l.git) details << "\nauthor: " << l.git->author_name << " <" << l.git->author_email << "> " << l.git->date;
      details << "\n" << RenderSnippet(l.snippet, options.redaction());
      out << "    <testcase classname=\"" << Xml(l.path) << "\" name=\"" << Xml(finding.rule_id + " " + Place(l))
          << "\">\n      <failure type=\"" << SeverityName(finding.severity) << "\" message=\""
          << Xml(finding.rule_name + ": " + what) << "\">" << Xml(details.str()) << "</failure>\n    </testcase>\n";
    }
  }
  out << "  </testsuite>\n</testsuites>\n";
}

}  // namespace keysweep
