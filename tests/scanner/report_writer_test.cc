#include "scanner/report_writer.h"

#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "scanner/finding_builder.h"
#include "tests/test_util.h"

namespace keysweep {
namespace {

using testing::kFakeKeyId;
using testing::kFakeSecret;

// A fixed report exercising every field the writers print.
Report SampleReport() {
  Report report;
  Finding key;
  key.rule_id = "aws.access-key-id";
  key.rule_name = "AWS access key ID";
  key.severity = Severity::kCritical;
  key.secret = kFakeKeyId;
  key.redact = false;
  key.companions = {{"secret_access_key", kFakeSecret}};
  AssignFingerprints(&key);
  key.attributes = {{"key_id", kFakeKeyId}, {"key_kind", "long-term"}, {"account_id", "629233963313"}};
  Location first{"config/prod.env", 2, 21, 2, 41, std::nullopt,
                 Snippet{std::string("aws_access_key_id = ") + kFakeKeyId, {}}, std::nullopt, ""};
  Location second{"deploy/my app.sh", 7, 8, 7, 28, std::nullopt,
                  Snippet{std::string("export ") + kFakeKeyId + ":" + kFakeSecret, {{28, 68, 40}}},
                  std::nullopt, ""};
  key.locations = {first, second};
  Finding token;
  token.rule_id = "test.token";
  token.rule_name = "Test token";
  token.severity = Severity::kMedium;
  token.secret = "tkn_q8w7e6r5t4y3u2i1";
  AssignFingerprints(&token);
  token.locations = {Location{"src/\x1b[31mevil.py", 1, 9, 1, 29, std::string(40, 'a'),
                              Snippet{"token = tkn_q8w7e6r5t4y3u2i1", {{8, 28, 20}}},
                              GitOrigin{"Dev Eloper", "dev@example.test", "2026-11-01T09:30:00Z", 3,
                                        {"refs/heads/main", "refs/tags/v1.0"}, 25},
                              ""}};
  report.findings = {key, token};
  report.diagnostics = {{DiagnosticLevel::kWarning, "dev/fifo", "not a regular file or directory: skipped"}};
  report.stats.files = 12;
  report.stats.bytes = 34567;
  report.stats.unique_contents = 11;
  report.stats.rules = 2;
  report.stats.seconds = 0.25;
  report.rules = {{"aws.access-key-id", "AWS access key ID", "An AWS access key id.", Severity::kHigh,
                   {"https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html"}},
                  {"test.token", "Test token", "A test token.", Severity::kMedium, {}}};
  return report;
}

std::string Render(ReportFormat format, bool show_secrets = false) {
  WriteOptions options;
  options.tool_version = "0.0.0-test";
  options.show_secrets = show_secrets;
  std::ostringstream out;
  WriteReport(SampleReport(), format, options, out);
  return out.str();
}

// Compares with tests/golden/<name>; KEYSWEEP_UPDATE_GOLDEN=1 rewrites the file.
void CheckGolden(const std::string& name, const std::string& actual) {
  std::string path = testing::SourcePath("tests/golden/" + name);
  if (getenv("KEYSWEEP_UPDATE_GOLDEN") != nullptr) {
    std::ofstream(path, std::ios::binary) << actual;
  }
  std::string expected = testing::ReadFile(path);
  CHECK_MESSAGE(actual == expected, "golden file differs: " << path
                                    << " (rerun with KEYSWEEP_UPDATE_GOLDEN=1 after checking)");
}

TEST_CASE("golden: text") { CheckGolden("report.txt", Render(ReportFormat::kText)); }
TEST_CASE("golden: json") { CheckGolden("report.json", Render(ReportFormat::kJson)); }
TEST_CASE("golden: jsonl") { CheckGolden("report.jsonl", Render(ReportFormat::kJsonl)); }
TEST_CASE("golden: sarif") { CheckGolden("report.sarif", Render(ReportFormat::kSarif)); }

TEST_CASE("no format prints a secret unless asked; key ids stay visible") {
  for (ReportFormat format : {ReportFormat::kText, ReportFormat::kJson, ReportFormat::kJsonl,
                              ReportFormat::kSarif}) {
    std::string redacted = Render(format);
    CHECK(redacted.find(kFakeSecret) == std::string::npos);
    CHECK(redacted.find("tkn_q8w7e6r5t4y3u2i1") == std::string::npos);
    CHECK(redacted.find(kFakeKeyId) != std::string::npos);
    std::string shown = Render(format, /*show_secrets=*/true);
    CHECK(shown.find("tkn_q8w7e6r5t4y3u2i1") != std::string::npos);
  }
  CHECK(Render(ReportFormat::kText, true).find(kFakeSecret) != std::string::npos);
}

TEST_CASE("the text report cannot drive the terminal") {
  std::string text = Render(ReportFormat::kText);
  CHECK(text.find('\x1b') == std::string::npos);
  CHECK(text.find("src/\\x1b[31mevil.py") != std::string::npos);
}

TEST_CASE("JSON carries the fields CI integrations rely on") {
  nlohmann::json doc = nlohmann::json::parse(Render(ReportFormat::kJson));
  const auto& f = doc["findings"][0];
  CHECK(f["rule_id"] == "aws.access-key-id");
  CHECK(f["key_id"] == kFakeKeyId);
  CHECK(f["account_id"] == "629233963313");
  CHECK(f["commit"].is_null());
  CHECK(f["locations"].size() == 2);
  CHECK(doc["findings"][1]["commit"] == std::string(40, 'a'));
  CHECK(doc["findings"][1]["secret"] == "tkn_****");
}

TEST_CASE("SARIF has the shape code scanning requires") {
  nlohmann::json doc = nlohmann::json::parse(Render(ReportFormat::kSarif));
  CHECK(doc["version"] == "2.1.0");
  const auto& run = doc["runs"][0];
  CHECK(run["tool"]["driver"]["rules"].size() == 2);
  REQUIRE(run["results"].size() == 3);  // one per location
  const auto& result = run["results"][1];
  CHECK(result["ruleId"] == "aws.access-key-id");
  CHECK(result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "deploy/my%20app.sh");
  CHECK(result["locations"][0]["physicalLocation"]["region"]["startLine"] == 7);
  CHECK(result["partialFingerprints"].contains("keysweep/v1"));
  CHECK(run["results"][0]["partialFingerprints"] != result["partialFingerprints"]);
}

}  // namespace
}  // namespace keysweep
