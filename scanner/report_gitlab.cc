// GitLab's secret-detection report (artifacts:reports:secret_detection,
// security report schema 15.x): one vulnerability per location, the rule as
// the primary identifier, the commit when the scan has one (all zeros for
// files on disk, as GitLab's own analyzer writes), the secret redacted.
#include <chrono>
#include <ctime>

#include <nlohmann/json.hpp>

#include "core/hash.h"
#include "core/text.h"
#include "scanner/redact.h"
#include "scanner/report_writer.h"

namespace keysweep {
namespace {

using ojson = nlohmann::ordered_json;

std::string GitlabSeverity(Severity severity) {
  switch (severity) {
    case Severity::kCritical: return "Critical";
    case Severity::kHigh: return "High";
    case Severity::kMedium: return "Medium";
    case Severity::kLow: return "Low";
    case Severity::kInfo: return "Info";
  }
  return "Unknown";
}

// "YYYY-MM-DDTHH:MM:SS" (the schema's pattern: no zone, no fraction), UTC.
std::string GitlabTime(std::chrono::system_clock::time_point when) {
  std::time_t t = std::chrono::system_clock::to_time_t(when);
  std::tm utc;
  gmtime_r(&t, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%S", &utc);
  return buffer;
}

// A stable id in UUID form from the finding and its place.
std::string VulnerabilityId(const Finding& finding, const Location& l) {
  std::string hex = HashBytes(finding.fingerprint + "\n" + l.path + "\n" + std::to_string(l.line) + "\n" +
                               l.commit.value_or("")).Hex();
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" + hex.substr(16, 4) + "-" +
         hex.substr(20, 12);
}

}  // namespace

void WriteGitlabReport(const Report& report, const WriteOptions& options, std::ostream& out) {
  ojson vulnerabilities = ojson::array();
  for (const Finding& finding : report.findings) {
    std::string secret = finding.message.empty() ? DisplaySecret(finding, options.redaction()) : finding.message;
    std::string description;
    for (const RuleInfo& rule : report.rules) {
      if (rule.id == finding.rule_id) description = rule.description;
    }
    for (const Location& l : finding.locations) {
      ojson commit = {{"sha", l.commit.value_or(std::string(40, '0'))}};
      if (l.git) {
        commit["author"] = l.git->author_name + " <" + l.git->author_email + ">";
        commit["date"] = l.git->date;
      }
      vulnerabilities.push_back({
          {"id", VulnerabilityId(finding, l)},
          {"name", finding.rule_name},
          {"description", description.empty() ? finding.rule_name : description},
          {"severity", GitlabSeverity(finding.severity)},
          {"solution", "Remove the secret, rotate it if it is real, and keep it out of the repository "
                       "(a secret manager or CI variable)."},
          {"identifiers", ojson::array({{{"type", "keysweep_rule_id"},
                                         {"name", "keysweep rule " + finding.rule_id},
                                         {"value", finding.rule_id}}})},
          {"location", {{"file", l.path}, {"start_line", l.line}, {"end_line", std::max(l.line, l.end_line)},
                        {"commit", commit}}},
          {"raw_source_code_extract", secret},
      });
    }
  }
  auto end = std::chrono::system_clock::now();
  auto start = end - std::chrono::duration_cast<std::chrono::system_clock::duration>(
                         std::chrono::duration<double>(report.stats.seconds));
  ojson tool = {{"id", "keysweep"}, {"name", "keysweep"}, {"version", options.tool_version},
                {"vendor", {{"name", "keysweep"}}}};
  ojson document = {
      {"version", "15.0.7"},
      {"vulnerabilities", vulnerabilities},
      {"scan", {{"analyzer", tool}, {"scanner", tool}, {"type", "secret_detection"},
                {"start_time", GitlabTime(start)}, {"end_time", GitlabTime(end)}, {"status", "success"}}},
  };
  out << EscapeInvisibleInJson(document.dump(2, ' ', false, nlohmann::json::error_handler_t::replace)) << "\n";
}

}  // namespace keysweep
