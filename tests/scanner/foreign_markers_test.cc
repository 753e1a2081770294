// Inline markers users bring from other scanners (issue 12): gitleaks:allow and
// detect-secrets' pragma comments work like keysweep:allow, one marker for one
// whole finding; the config's "inline_markers" chooses the families honoured.
#include <doctest/doctest.h>

#include <string>

#include "scanner/config.h"
#include "scanner/content_scanner.h"
#include "scanner/finding_builder.h"
#include "scanner/inline_markers.h"
#include "scanner/scan.h"
#include "tests/test_util.h"

namespace keysweep {
namespace {

using testing::BuiltinEngine;
using testing::kFakeKeyId;
using testing::kFakeSecret;

// Scans `text` and builds its findings with the given marker families honoured.
Report Findings(const std::string& text, InlineMarkerSet markers = kAllInlineMarkers) {
  ContentScanner scanner(BuiltinEngine());
  ContentResult result;
  REQUIRE(scanner.ScanBytes(text, "credentials", &result).ok());
  FindingBuilder builder(markers);
  Location where;
  where.path = "credentials";
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

TEST_CASE("FindInlineMarkers finds each family, and the next-line form apart") {
  InlineMarkerSet next = 0;
  CHECK(FindInlineMarkers("x # keysweep:allow", &next) == kKeysweepMarker);
  CHECK(next == 0);
  CHECK(FindInlineMarkers("x // gitleaks:allow", &next) == kGitleaksMarker);
  CHECK(FindInlineMarkers("x  # pragma: allowlist secret", &next) == kDetectSecretsMarker);
  CHECK(next == 0);
  CHECK(FindInlineMarkers("# pragma: allowlist nextline secret", &next) == 0);
  CHECK(next == kDetectSecretsMarker);
  CHECK(FindInlineMarkers("allow allowlist gitleaks: allow pragma:allowlist secret", &next) == 0);
  CHECK(next == 0);
  CHECK(FindInlineMarkers("gitleaks:allow keysweep:allow", &next) == (kGitleaksMarker | kKeysweepMarker));
}

TEST_CASE("FindInlineMarkers stays linear on a line of near-misses") {
  std::string line;
  for (int i = 0; i < 100000; ++i) line += "pragma: allowlis";
  InlineMarkerSet next = 0;
  CHECK(FindInlineMarkers(line, &next) == 0);
  CHECK(FindInlineMarkers(line + "pragma: allowlist secret", &next) == kDetectSecretsMarker);
}

TEST_CASE("gitleaks:allow on either part's line suppresses the whole finding") {
  Report report = Findings(kKeyLine + "  # gitleaks:allow\n" + kSecretLine + "\n");
  CHECK(report.findings.empty());
  CHECK(report.stats.suppressed == 1);
  report = Findings(kKeyLine + "\n" + kSecretLine + "  # gitleaks:allow\n");
  CHECK(report.findings.empty());
}

TEST_CASE("pragma: allowlist secret on a part's line suppresses the whole finding") {
  Report report = Findings(kKeyLine + "\n" + kSecretLine + "  # pragma: allowlist secret\n");
  CHECK(report.findings.empty());
  CHECK(report.stats.suppressed == 1);
}

TEST_CASE("pragma: allowlist nextline secret suppresses the finding with a part on the next line only") {
  Report report = Findings("# pragma: allowlist nextline secret\n" + kKeyLine + "\n" + kSecretLine + "\n");
  CHECK(report.findings.empty());
  CHECK(report.stats.suppressed == 1);
  // Above the secret's line: the same finding.
  report = Findings(kKeyLine + "\n# pragma: allowlist nextline secret\n" + kSecretLine + "\n");
  CHECK(report.findings.empty());
  // On a part's own line it is not a same-line marker (here the secret's, the last line).
  report = Findings(kKeyLine + "\n" + kSecretLine + "  # pragma: allowlist nextline secret\n");
  REQUIRE(report.findings.size() == 1);
  // Two lines above: nothing.
  std::string other = std::string("other_key_id = ") + testing::kOtherFakeKeyId;
  report = Findings("# pragma: allowlist nextline secret\n\n" + other + "\n");
  REQUIRE(report.findings.size() == 1);
  // It covers the next line's finding, not a later one.
  report = Findings("# pragma: allowlist nextline secret\n" + other + "\n\n\n\n\n\n\n\n" + kKeyLine + "\n");
  REQUIRE(report.findings.size() == 1);
  CHECK(report.findings[0].secret == kFakeKeyId);
}

TEST_CASE("marker families turned off do not suppress") {
  std::string text = kKeyLine + "  # gitleaks:allow\n" + kSecretLine + "\n";
  CHECK(Findings(text, kKeysweepMarker).findings.size() == 1);
  CHECK(Findings(text, kKeysweepMarker | kGitleaksMarker).findings.empty());
  std::string pragma = kKeyLine + "  # pragma: allowlist secret\n";
  CHECK(Findings(pragma, kKeysweepMarker | kGitleaksMarker).findings.size() == 1);
  CHECK(Findings(kKeyLine + " # keysweep:allow\n", kGitleaksMarker).findings.size() == 1);
}

TEST_CASE("config: inline_markers names the families; unknown names and wrong types are errors") {
  Result<Config> config = ParseConfig("{}", "c.json");
  REQUIRE(config.ok());
  CHECK(config->inline_markers == kAllInlineMarkers);
  config = ParseConfig(R"json({"inline_markers": ["keysweep"]})json", "c.json");
  REQUIRE(config.ok());
  CHECK(config->inline_markers == kKeysweepMarker);
  config = ParseConfig(R"json({"inline_markers": []})json", "c.json");
  REQUIRE(config.ok());
  CHECK(config->inline_markers == 0);
  config = ParseConfig(R"json({"inline_markers": ["keysweep", "trufflehog"]})json", "c.json");
  REQUIRE_FALSE(config.ok());
  CHECK(config.status().message().find("unknown marker family \"trufflehog\"") != std::string::npos);
  CHECK_FALSE(ParseConfig(R"json({"inline_markers": true})json", "c.json").ok());
  CHECK_FALSE(ParseConfig(R"json({"inline_markers": [1]})json", "c.json").ok());
}

TEST_CASE("RunScan honours the config's inline_markers") {
  testing::TempDir dir;
  dir.Write("a.env", std::string("k=") + kFakeKeyId + " # gitleaks:allow\n");
  testing::ScopedChdir in(dir.path());
  ScanRequest request;
  request.cache_dir.clear();
  Result<Report> report = RunScan(request);
  REQUIRE(report.ok());
  CHECK(report->findings.empty());
  dir.Write(".keysweep.json", R"json({"inline_markers": ["keysweep"]})json");
  report = RunScan(request);
  REQUIRE(report.ok());
  CHECK(report->findings.size() == 1);
}

}  // namespace
}  // namespace keysweep
