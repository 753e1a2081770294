// keysweep:allow (issue 12): a marker on the line of any part of a finding (an
// AWS key id or its secret access key) suppresses the whole finding, and only
// findings with a part on the marker's own line.
#include <doctest/doctest.h>

#include <string>

#include "scanner/content_scanner.h"
#include "scanner/finding_builder.h"
#include "tests/test_util.h"

namespace keysweep {
namespace {

using testing::BuiltinEngine;
using testing::kFakeKeyId;
using testing::kFakeSecret;

// Scans `text` at `path` and builds its findings, as the scan commands do.
Report Findings(const std::string& text, const std::string& path = "credentials") {
  ContentScanner scanner(BuiltinEngine());
  ContentResult result;
  REQUIRE(scanner.ScanBytes(text, path, &result).ok());
  FindingBuilder builder;
  Location where;
  where.path = path;
  for (const ContentMatch& match : result.matches.full()) {
    builder.Add(BuiltinEngine()->rules()[match.rule_index], match, where);
  }
  Report report;
  report.findings = builder.Take();
  report.stats.suppressed = builder.suppressed();
  return report;
}

const std::string kKeyLine = std::string("aws_access_key_id = ") + kFakeKeyId;
const std::string kSecretLine = std::string("aws_secret_access_key = ") + kFakeSecret;

TEST_CASE("no marker: one finding, the key id with its secret") {
  Report report = Findings(kKeyLine + "\n" + kSecretLine + "\n");
  REQUIRE(report.findings.size() == 1);
  CHECK(report.findings[0].rule_id == "aws.access-key-id");
  REQUIRE(report.findings[0].companions.size() == 1);
  CHECK(report.findings[0].companions[0].value == kFakeSecret);
  CHECK(report.stats.suppressed == 0);
}

TEST_CASE("a marker on the key id's line suppresses the key id and its secret") {
  Report report = Findings(kKeyLine + "  # keysweep:allow\n" + kSecretLine + "\n");
  CHECK(report.findings.empty());
  CHECK(report.stats.suppressed == 1);
}

TEST_CASE("a marker on the secret's line suppresses the secret and its key id") {
  Report report = Findings(kKeyLine + "\n" + kSecretLine + "  # keysweep:allow\n");
  CHECK(report.findings.empty());
  CHECK(report.stats.suppressed == 1);
  // The same with the secret first.
  report = Findings(kSecretLine + "  # keysweep:allow\n" + kKeyLine + "\n");
  CHECK(report.findings.empty());
}

TEST_CASE("a marker on an unrelated line between them suppresses nothing") {
  Report report = Findings(kKeyLine + "\n# keysweep:allow (for the next block)\n" + kSecretLine + "\n");
  REQUIRE(report.findings.size() == 1);
  CHECK(report.findings[0].rule_id == "aws.access-key-id");
  CHECK(report.findings[0].companions.size() == 1);
  CHECK(report.stats.suppressed == 0);
}

TEST_CASE("a marker suppresses only the findings with a part on its line") {
  std::string other = std::string("other_key_id = ") + testing::kOtherFakeKeyId;
  Report report = Findings(kKeyLine + "  # keysweep:allow\n" + kSecretLine + "\n\n\n\n\n\n\n" + other + "\n");
  REQUIRE(report.findings.size() == 1);
  CHECK(report.findings[0].secret == testing::kOtherFakeKeyId);
  CHECK(report.findings[0].companions.empty());
}

TEST_CASE("a secret a credentials-file rule reads with its comment is still the key id's companion") {
  // aws-config.secret-access-key takes the whole value, "<secret> # prod".
  std::string text = "[default]\n" + kKeyLine + "  # keysweep:allow\n" + kSecretLine + " # prod\n";
  Report report = Findings(text, "home/.aws/credentials");
  CHECK(report.findings.empty());
  report = Findings("[default]\n" + kKeyLine + "\n" + kSecretLine + " # prod\n", "home/.aws/credentials");
  REQUIRE(report.findings.size() == 1);
  CHECK(report.findings[0].rule_id == "aws.access-key-id");
  CHECK(report.findings[0].companions.size() == 1);
}

TEST_CASE("a marker does not reach the next line through a pattern that starts at a line break") {
  // dotenv.secret's pattern starts with the line break before its line.
  Report report = Findings("A_TOKEN=FakeTok3nValueOne  # keysweep:allow\nB_TOKEN=FakeTok3nValueTwo\n", "app/.env");
  REQUIRE(report.findings.size() == 1);
  CHECK(report.findings[0].secret == "FakeTok3nValueTwo");
  CHECK(report.stats.suppressed == 1);
}

}  // namespace
}  // namespace keysweep
