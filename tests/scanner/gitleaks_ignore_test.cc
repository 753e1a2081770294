// .gitleaksignore (issue 12): gitleaks' entries name places (file and start
// line, and commit in git scans) whatever the rule id; keysweep fingerprints
// in it work as in allow_fingerprints.
#include "scanner/gitleaks_ignore.h"

#include <doctest/doctest.h>

#include <string>

#include "scanner/config.h"
#include "scanner/scan.h"
#include "tests/test_util.h"

namespace keysweep {
namespace {

using testing::kFakeKeyId;
using testing::TempDir;

const std::string kCommit = "0123456789abcdef0123456789abcdef01234567";

TEST_CASE("ParseGitleaksIgnore reads both gitleaks forms, keysweep fingerprints and comments") {
  GitleaksIgnore ignore = ParseGitleaksIgnore(
      "# accepted in review\n"
      "\n"
      "config/app.env:aws-access-token:3\n" +
      kCommit + ":src/a:b.txt:generic-api-key:12\r\n"
      "  0123456789abcdef0123456789ABCDEF  \n"
      "# " + kCommit + ":x:rule:1\n"
      "not an entry\n"
      "file:rule:notanumber\n");
  REQUIRE(ignore.places.size() == 2);
  CHECK(ignore.places[0] == IgnoredPlace{std::nullopt, "config/app.env", 3});
  CHECK(ignore.places[1] == IgnoredPlace{kCommit, "src/a:b.txt", 12});
  CHECK(ignore.fingerprints == std::vector<std::string>{"0123456789abcdef0123456789ABCDEF"});
}

// A finding at `path` line `line` (and `commit`), one location each.
Finding FindingAt(const std::vector<Location>& locations) {
  Finding finding;
  finding.rule_id = "aws.access-key-id";
  finding.locations = locations;
  return finding;
}

Location At(const std::string& path, uint64_t line, std::optional<std::string> commit = std::nullopt) {
  Location location;
  location.path = path;
  location.line = line;
  location.commit = std::move(commit);
  return location;
}

TEST_CASE("ApplyGitleaksIgnore removes the places named, and a finding only when none is left") {
  Report report;
  report.findings.push_back(FindingAt({At("a.env", 1), At("b.env", 4)}));
  report.findings.push_back(FindingAt({At("./c.env", 2)}));
  ApplyGitleaksIgnore(ParseGitleaksIgnore("a.env:aws-access-token:1\nc.env:x:2\nzzz:y:9\n"), ".", &report);
  REQUIRE(report.findings.size() == 1);
  REQUIRE(report.findings[0].locations.size() == 1);
  CHECK(report.findings[0].locations[0].path == "b.env");
  CHECK(report.stats.suppressed == 2);
}

TEST_CASE("ApplyGitleaksIgnore: the commit form needs that commit, the other form takes any") {
  std::string other = "fedcba9876543210fedcba9876543210fedcba98";
  Report report;
  report.findings.push_back(FindingAt({At("k.txt", 1, kCommit), At("k.txt", 1, other)}));
  ApplyGitleaksIgnore(ParseGitleaksIgnore(kCommit + ":k.txt:aws:1\n"), "", &report);
  REQUIRE(report.findings.size() == 1);
  REQUIRE(report.findings[0].locations.size() == 1);
  CHECK(report.findings[0].locations[0].commit == other);
  ApplyGitleaksIgnore(ParseGitleaksIgnore("k.txt:aws:1\n"), "", &report);
  CHECK(report.findings.empty());
}

TEST_CASE("RunScan reads .gitleaksignore beside the config by default; the config renames it or turns it off") {
  TempDir dir;
  dir.Write("one.env", std::string("k=") + kFakeKeyId + "\n");
  dir.Write("sub/two.env", std::string("\n\nk=") + kFakeKeyId + "\n");
  dir.Write(".git/HEAD", "ref: refs/heads/main\n");
  dir.Write(".gitleaksignore", "# gitleaks dir .\none.env:aws-access-token:1\n");
  testing::ScopedChdir in(dir.path());
  ScanRequest request;
  request.cache_dir.clear();
  Result<Report> report = RunScan(request);
  REQUIRE(report.ok());
  REQUIRE(report->findings.size() == 1);
  REQUIRE(report->findings[0].locations.size() == 1);
  CHECK(report->findings[0].locations[0].path == "sub/two.env");
  CHECK(report->stats.suppressed == 1);

  // Scanning from a subfolder: entry paths stay relative to the ignore file's folder.
  {
    testing::ScopedChdir sub(dir.Join("sub"));
    dir.Write(".keysweep.json", "{}");
    dir.Write(".gitleaksignore", "sub/two.env:aws-access-token:3\n");
    Result<Report> from_sub = RunScan(request);
    REQUIRE(from_sub.ok());
    CHECK(from_sub->findings.empty());
  }

  dir.Write(".gitleaksignore", "one.env:aws-access-token:1\n");
  dir.Write(".keysweep.json", R"json({"gitleaks_ignore": false})json");
  report = RunScan(request);
  REQUIRE(report.ok());
  CHECK(report->findings[0].locations.size() == 2);

  dir.Write("ci/ignore", "sub/two.env:rule:3\n");
  dir.Write(".keysweep.json", R"json({"gitleaks_ignore": "ci/ignore"})json");
  report = RunScan(request);
  REQUIRE(report.ok());
  REQUIRE(report->findings[0].locations.size() == 1);
  CHECK(report->findings[0].locations[0].path == "one.env");

  dir.Write(".keysweep.json", R"json({"gitleaks_ignore": "ci/missing"})json");
  CHECK_FALSE(RunScan(request).ok());
  CHECK_FALSE(ParseConfig(R"json({"gitleaks_ignore": 3})json", "c.json").ok());
  CHECK_FALSE(ParseConfig(R"json({"gitleaks_ignore": ""})json", "c.json").ok());
}

TEST_CASE("a keysweep fingerprint in .gitleaksignore suppresses the whole finding") {
  TempDir dir;
  dir.Write("one.env", std::string("k=") + kFakeKeyId + "\n");
  testing::ScopedChdir in(dir.path());
  ScanRequest request;
  request.cache_dir.clear();
  Result<Report> report = RunScan(request);
  REQUIRE(report.ok());
  REQUIRE(report->findings.size() == 1);
  dir.Write(".gitleaksignore", report->findings[0].fingerprint + "\n");
  report = RunScan(request);
  REQUIRE(report.ok());
  CHECK(report->findings.empty());
  CHECK(report->stats.suppressed == 1);
}

}  // namespace
}  // namespace keysweep
