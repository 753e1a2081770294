#include <doctest/doctest.h>

#include <sstream>

#include "scanner/baseline.h"
#include "tests/git/git_test_repo.h"

namespace keysweep {
namespace {

using testing::Describe;
using testing::GitScan;
using testing::GitTestRepo;

const char* kOld = "AKIAZFAKEKEY7TEST2ID";
const char* kNew = "ASIAY34FZKBOKMUTVV7A";

TEST_CASE("--staged reports only secrets on added or changed lines, with staged line numbers") {
  GitTestRepo repo;
  repo.Write("app.env", std::string("A=1\nOLD=") + kOld + "\nB=2\n");
  repo.CommitAll("existing secret");
  repo.Write("app.env", std::string("A=1\nOLD=") + kOld + "\nB=2\nC=3\nNEW=" + kNew + "\n");
  repo.Write("unstaged.env", std::string("U=") + kNew + "\n");  // not added: not scanned
  repo.Git("add app.env");
  Report report = GitScan(repo.path(), GitScanMode::kStaged);
  CHECK(Describe(report) == std::vector<std::string>{"aws.access-key-id app.env:5@-"});
  CHECK(report.findings[0].secret == kNew);
}

TEST_CASE("--staged in a repository without commits treats everything staged as new") {
  GitTestRepo repo;
  repo.Write("first.env", std::string("K=") + kOld + "\n");
  repo.Git("add first.env");
  CHECK(Describe(GitScan(repo.path(), GitScanMode::kStaged)) ==
        std::vector<std::string>{"aws.access-key-id first.env:1@-"});
}

TEST_CASE("--staged: a renamed file with an old secret is not new") {
  GitTestRepo repo;
  std::string body;
  for (int i = 0; i < 20; ++i) body += "setting" + std::to_string(i) + " = value\n";
  repo.Write("old/name.conf", body + "key = " + kOld + "\n");
  repo.CommitAll("existing");
  repo.Git("mv old/name.conf new-name.conf");
  CHECK(GitScan(repo.path(), GitScanMode::kStaged).findings.empty());
}

TEST_CASE("--range reports what the range adds, not older secrets") {
  GitTestRepo repo;
  repo.Write("a.env", std::string("OLD=") + kOld + "\n");
  std::string base = repo.CommitAll("old secret");
  repo.Write("b.env", "clean\n");
  repo.CommitAll("clean work");
  repo.Write("b.env", std::string("clean\nNEW=") + kNew + "\n");
  std::string leak = repo.CommitAll("leak");
  repo.Write("a.env", std::string("OLD=") + kOld + "\nmore\n");  // touches the old file
  repo.CommitAll("touch old file");
  std::vector<std::string> whole_range = Describe(GitScan(repo.path(), GitScanMode::kRange, base + "..HEAD"));
  std::string described;
  for (const std::string& line : whole_range) described += line + "\n";
  INFO(described);
  CHECK(whole_range ==
        std::vector<std::string>{"aws.access-key-id b.env:2@" + leak});
  CHECK(Describe(GitScan(repo.path(), GitScanMode::kRange, base)) ==
        std::vector<std::string>{"aws.access-key-id b.env:2@" + leak});
  CHECK(GitScan(repo.path(), GitScanMode::kRange, "HEAD~1..HEAD").findings.empty());
  std::string message = repo.CommitAll(std::string("deploy with ") + kNew);
  CHECK(Describe(GitScan(repo.path(), GitScanMode::kRange, "HEAD~1..HEAD")) ==
        std::vector<std::string>{"aws.access-key-id (commit message):1@" + message});
}

TEST_CASE("--range with an unknown base is an error that says how to fix CI") {
  GitTestRepo repo;
  repo.Write("a", "a\n");
  repo.CommitAll("init");
  GitScanRequest request;
  request.repository = repo.path();
  request.mode = GitScanMode::kRange;
  request.range = "origin/main..HEAD";
  Result<Report> report = RunGitScan(request);
  REQUIRE_FALSE(report.ok());
  CHECK(report.status().message().find("fetch-depth") != std::string::npos);
}

TEST_CASE("the config's baseline applies to history, --staged and --range scans") {
  GitTestRepo repo;
  repo.Write("old.env", std::string("OLD=") + kOld + "\n");
  std::string base = repo.CommitAll("accepted secret");
  Report history = GitScan(repo.path());
  REQUIRE(history.findings.size() == 1);
  std::ostringstream baseline;
  WriteBaseline(history, baseline);
  repo.Write("ci/keysweep-baseline.json", baseline.str());
  repo.Write(".keysweep.json", R"json({"baseline": "ci/keysweep-baseline.json"})json");
  std::string with_baseline = repo.CommitAll("baseline");
  // The accepted secret comes back in a new file, staged and then committed.
  repo.Write("copy.env", std::string("AGAIN=") + kOld + "\n");
  repo.Git("add copy.env");
  CHECK(GitScan(repo.path(), GitScanMode::kStaged).findings.empty());
  repo.CommitAll("copy");
  CHECK(GitScan(repo.path(), GitScanMode::kRange, with_baseline + "..HEAD").findings.empty());
  // A range that adds the baseline itself is judged by the base's (empty) config:
  // the copy is reported, and so is the change to .keysweep.json (the base names no
  // baseline, so the baseline file itself is just a new file).
  std::vector<std::string> whole_range = Describe(GitScan(repo.path(), GitScanMode::kRange, base + "..HEAD"));
  std::string described;
  for (const std::string& line : whole_range) described += line + "\n";
  INFO(described);
  CHECK(whole_range ==
        std::vector<std::string>{"aws.access-key-id copy.env:1@" + repo.Git("rev-parse HEAD").substr(0, 40),
                                 "keysweep.config-changed .keysweep.json:1@" + with_baseline});
  Report again = GitScan(repo.path());
  CHECK(again.findings.empty());
  CHECK(again.stats.suppressed == 2);
  // A new secret is still reported.
  repo.Write("new.env", std::string("NEW=") + kNew + "\n");
  repo.Git("add new.env");
  CHECK(Describe(GitScan(repo.path(), GitScanMode::kStaged)) == std::vector<std::string>{"aws.access-key-id new.env:1@-"});
}

TEST_CASE("a baseline the config names but the repository lacks is an error") {
  GitTestRepo repo;
  repo.Write(".keysweep.json", R"json({"baseline": "missing-baseline.json"})json");
  repo.CommitAll("config");  // --staged reads HEAD's config
  GitScanRequest request;
  request.repository = repo.path();
  request.mode = GitScanMode::kStaged;
  Result<Report> report = RunGitScan(request);
  REQUIRE_FALSE(report.ok());
  CHECK(report.status().message().find("missing-baseline.json: cannot open baseline file") != std::string::npos);
}

}  // namespace
}  // namespace keysweep
