// The CSV, JUnit XML and GitLab secret-detection writers: redaction, escaping
// of hostile names, and the fields each consumer reads.
#include <doctest/doctest.h>

#include <sstream>

#include <nlohmann/json.hpp>

#include "scanner/finding_builder.h"
#include "scanner/report_writer.h"
#include "tests/test_util.h"

namespace keysweep {
namespace {

constexpr const char* kToken = "tkn_q8w7e6r5t4y3u2i1";

// One token found twice: on disk under a hostile name, and in a commit.
Report TokenReport() {
  Finding token;
  token.rule_id = "test.token";
  token.rule_name = "Test token";
  token.severity = Severity::kCritical;
  token.secret = kToken;
  AssignFingerprints(&token);
  Location disk{"=HYPERLINK(\"x\"),a<b>&\x01.env", 3, 9, 3, 29, std::nullopt,
                Snippet{std::string("token = ") + kToken, {{8, 28}}}, std::nullopt, ""};
  Location commit{"src/app.py", 7, 9, 7, 29, std::string(40, 'a'),
                  Snippet{std::string("token = ") + kToken, {{8, 28}}},
                  GitOrigin{"Dev Eloper", "dev@example.test", "2026-11-01T09:30:00Z", 1, {}, 0}, ""};
  token.locations = {disk, commit};
  Report report;
  report.findings = {token};
  report.rules = {{"test.token", "Test token", "A made-up token for tests.", Severity::kCritical, {}}};
  return report;
}

std::string Write(const Report& report, ReportFormat format, bool show_secrets = false) {
  WriteOptions options;
  options.show_secrets = show_secrets;
  options.tool_version = "9.9.9";
  std::ostringstream out;
  WriteReport(report, format, options, out);
  return out.str();
}

TEST_CASE("the new formats are named as users type them") {
  CHECK(ParseReportFormat("csv") == ReportFormat::kCsv);
  CHECK(ParseReportFormat("JUnit") == ReportFormat::kJunit);
  CHECK(ParseReportFormat("gitlab") == ReportFormat::kGitlab);
}

TEST_CASE("no format prints the secret unless asked") {
  for (ReportFormat format : {ReportFormat::kCsv, ReportFormat::kJunit, ReportFormat::kGitlab}) {
    std::string text = Write(TokenReport(), format);
    CHECK(text.find(kToken) == std::string::npos);
    CHECK(text.find("tkn_****") != std::string::npos);
    CHECK(Write(TokenReport(), format, /*show_secrets=*/true).find(kToken) != std::string::npos);
  }
}

TEST_CASE("CSV: one row per place, RFC 4180 quoting, no formula cells") {
  std::string csv = Write(TokenReport(), ReportFormat::kCsv);
  std::istringstream lines(csv);
  std::string header, disk, commit, extra;
  std::getline(lines, header);
  std::getline(lines, disk);
  std::getline(lines, commit);
  CHECK_FALSE(std::getline(lines, extra));
  CHECK(header.starts_with("rule_id,rule_name,severity,fingerprint,secret,key_id,path,line"));
  CHECK(header.ends_with("\r"));
  // The path cell is quoted, its quotes doubled, and it cannot start a formula.
  CHECK(disk.find(",\"'=HYPERLINK(\"\"x\"\"),a<b>&\x01.env\",3,9,") != std::string::npos);
  CHECK(commit.find("src/app.py,7,9,7,29," + std::string(40, 'a') + ",Dev Eloper,dev@example.test,") !=
        std::string::npos);
}

TEST_CASE("JUnit: a failed case per place, escaped for XML; a clean scan is one passing case") {
  std::string xml = Write(TokenReport(), ReportFormat::kJunit);
  CHECK(xml.find("<testsuite name=\"keysweep\" tests=\"2\" failures=\"2\"") != std::string::npos);
  CHECK(xml.find("classname=\"=HYPERLINK(&quot;x&quot;),a&lt;b&gt;&amp;.env\"") != std::string::npos);
  CHECK(xml.find('\x01') == std::string::npos);
  CHECK(xml.find("name=\"test.token src/app.py:7 @aaaaaaaaaaaa\"") != std::string::npos);
  CHECK(xml.find("<failure type=\"critical\"") != std::string::npos);
  std::string clean = Write(Report{}, ReportFormat::kJunit);
  CHECK(clean.find("tests=\"1\" failures=\"0\"") != std::string::npos);
  CHECK(clean.find("<testcase classname=\"keysweep\" name=\"no secrets found\"/>") != std::string::npos);
}

TEST_CASE("GitLab: a secret_detection vulnerability per place, with its commit") {
  nlohmann::json report = nlohmann::json::parse(Write(TokenReport(), ReportFormat::kGitlab));
  CHECK(report["version"] == "15.0.7");
  CHECK(report["scan"]["type"] == "secret_detection");
  CHECK(report["scan"]["status"] == "success");
  CHECK(report["scan"]["scanner"]["version"] == "9.9.9");
  CHECK(report["scan"]["start_time"].get<std::string>().size() == 19);
  const nlohmann::json& vulnerabilities = report["vulnerabilities"];
  REQUIRE(vulnerabilities.size() == 2);
  const nlohmann::json& disk = vulnerabilities[0];
  CHECK(disk["severity"] == "Critical");
  CHECK(disk["description"] == "A made-up token for tests.");
  CHECK(disk["identifiers"][0]["value"] == "test.token");
  CHECK(disk["location"]["start_line"] == 3);
  CHECK(disk["location"]["commit"]["sha"] == std::string(40, '0'));
  const nlohmann::json& commit = vulnerabilities[1];
  CHECK(commit["location"]["file"] == "src/app.py");
  CHECK(commit["location"]["commit"]["sha"] == std::string(40, 'a'));
  CHECK(commit["location"]["commit"]["author"] == "Dev Eloper <dev@example.test>");
  CHECK(disk["id"] != commit["id"]);
  CHECK(disk["id"].get<std::string>().size() == 36);
}

}  // namespace
}  // namespace keysweep
