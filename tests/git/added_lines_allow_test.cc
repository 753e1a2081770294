// Added-lines scans (--staged, --range) and issue 12: a finding is new when any
// of its parts (an AWS key id or its secret) is on an added line, and a
// keysweep:allow marker on the line of any part suppresses all of it.
#include <doctest/doctest.h>

#include "tests/git/git_test_repo.h"

namespace keysweep {
namespace {

using testing::Describe;
using testing::GitScan;
using testing::GitTestRepo;
using testing::kFakeKeyId;
using testing::kFakeSecret;

const std::string kKeyLine = std::string("aws_access_key_id = ") + kFakeKeyId;
// A second made-up secret access key, for a rotation.
const std::string kRotatedSecret = "fAkE/RoTaTeD+Key4567ForTestsOnly5432zYxW";

// Issue 13: in a scan of what a change adds, a marker never hides what is new
// silently: the hidden key becomes one keysweep.suppression-added finding at
// the marker, which names the key id (public) and never the secret.
TEST_CASE("--staged: a marker on the key id's or the secret's line is reported, not obeyed") {
  GitTestRepo repo;
  repo.Write("on-key.txt", kKeyLine + "  # keysweep:allow\naws_secret_access_key = " + kFakeSecret + "\n");
  repo.Write("on-secret.txt", kKeyLine + "\naws_secret_access_key = " + kFakeSecret + "  # keysweep:allow\n");
  repo.Git("add on-key.txt on-secret.txt");
  Report report = GitScan(repo.path(), GitScanMode::kStaged);
  REQUIRE(report.findings.size() == 1);  // one hidden key: one finding, at both markers
  const Finding& finding = report.findings[0];
  CHECK(finding.rule_id == "keysweep.suppression-added");
  CHECK(finding.secret.empty());
  CHECK(finding.message.find("aws.access-key-id") != std::string::npos);
  CHECK(finding.message.find(kFakeSecret) == std::string::npos);
  REQUIRE(finding.locations.size() == 2);
  CHECK(finding.locations[0].path == "on-key.txt");
  CHECK(finding.locations[1].path == "on-secret.txt");
  CHECK(report.stats.suppressed == 0);
}

TEST_CASE("--staged: a marker on an unrelated line between them suppresses nothing") {
  GitTestRepo repo;
  repo.Write("creds.txt", kKeyLine + "\n# keysweep:allow\naws_secret_access_key = " + kFakeSecret + "\n");
  repo.Git("add creds.txt");
  Report report = GitScan(repo.path(), GitScanMode::kStaged);
  CHECK(Describe(report) == std::vector<std::string>{"aws.access-key-id creds.txt:1@-"});
  REQUIRE(report.findings.size() == 1);
  CHECK(report.findings[0].companions.size() == 1);
}

TEST_CASE("--staged and --range: a rotated secret beside an unchanged key id is new") {
  GitTestRepo repo;
  repo.Write("creds.txt", kKeyLine + "\naws_secret_access_key = " + kFakeSecret + "\n");
  std::string base = repo.CommitAll("key");
  repo.Write("creds.txt", kKeyLine + "\naws_secret_access_key = " + kRotatedSecret + "\n");
  repo.Git("add creds.txt");
  Report staged = GitScan(repo.path(), GitScanMode::kStaged);
  CHECK(Describe(staged) == std::vector<std::string>{"aws.access-key-id creds.txt:1@-"});
  REQUIRE(staged.findings.size() == 1);
  REQUIRE(staged.findings[0].companions.size() == 1);
  CHECK(staged.findings[0].companions[0].value == kRotatedSecret);
  std::string rotation = repo.CommitAll("rotate");
  CHECK(Describe(GitScan(repo.path(), GitScanMode::kRange, base + "..HEAD")) ==
        std::vector<std::string>{"aws.access-key-id creds.txt:1@" + rotation});
}

TEST_CASE("--range: a rotated secret marked keysweep:allow in the range is reported as a new suppression") {
  GitTestRepo repo;
  repo.Write("creds.txt", kKeyLine + "\naws_secret_access_key = " + kFakeSecret + "\n");
  std::string base = repo.CommitAll("key");
  repo.Write("creds.txt", kKeyLine + "\naws_secret_access_key = " + kRotatedSecret + "  # keysweep:allow\n");
  std::string marked = repo.CommitAll("rotate, marked");
  Report report = GitScan(repo.path(), GitScanMode::kRange, base + "..HEAD");
  CHECK(Describe(report) == std::vector<std::string>{"keysweep.suppression-added creds.txt:2@" + marked});
  // The same marker in a history scan (an audit, trusting the work tree) is obeyed.
  CHECK(GitScan(repo.path(), GitScanMode::kHistory).findings.size() == 1);  // the base commit's pair
}

TEST_CASE("--range: a marker the base already had on the key id does not hide a secret added beside it") {
  GitTestRepo repo;
  repo.Write("creds.txt", kKeyLine + "  # keysweep:allow (documentation key)\n");
  std::string base = repo.CommitAll("documented key id");
  repo.Write("creds.txt", kKeyLine + "  # keysweep:allow (documentation key)\naws_secret_access_key = " +
                              kRotatedSecret + "\n");
  std::string added = repo.CommitAll("secret beside it");
  Report report = GitScan(repo.path(), GitScanMode::kRange, base + "..HEAD");
  REQUIRE(report.findings.size() == 1);
  CHECK(report.findings[0].rule_id == "keysweep.suppression-added");
}

// Issue 13: a session token added later beside an unchanged key id and secret
// is new too, in --staged, --range and --pre-push (which shares the range scan).
TEST_CASE("--staged, --range and --pre-push: a session token added beside an unchanged key is new") {
  const std::string token =
      "IQoJb3JpZ2luX2VjEFakeSessionTokenForKeysweepTestsOnlyNotRealAtAll7f3Kq9ZxW2vLm8NpR4tYs6HbJc1D+/==";
  const std::string key = std::string("AWS_ACCESS_KEY_ID=ASIAZFAKETEMP3KEY4ID\n") +
                          "AWS_SECRET_ACCESS_KEY=FakeSecretKeyForKeysweepTests/Only+2f9Xq\n";
  GitTestRepo repo;
  repo.Write("creds.env", key);
  std::string base = repo.CommitAll("key");
  repo.Write("creds.env", key + "AWS_SESSION_TOKEN=" + token + "\n");
  repo.Git("add creds.env");
  Report staged = GitScan(repo.path(), GitScanMode::kStaged);
  CHECK(Describe(staged) == std::vector<std::string>{"aws.access-key-id creds.env:1@-"});
  std::string added = repo.CommitAll("session token");
  CHECK(Describe(GitScan(repo.path(), GitScanMode::kRange, base + "..HEAD")) ==
        std::vector<std::string>{"aws.access-key-id creds.env:1@" + added});
  GitScanRequest push;
  push.repository = repo.path();
  push.mode = GitScanMode::kPush;
  push.push_remote = "origin";
  push.push_updates = "refs/heads/main " + added + " refs/heads/main " + base + "\n";
  Result<Report> pushed = RunGitScan(push);
  REQUIRE(pushed.ok());
  CHECK(Describe(*pushed) == std::vector<std::string>{"aws.access-key-id creds.env:1@" + added});
  // And nothing new: no finding.
  CHECK(GitScan(repo.path(), GitScanMode::kRange, "HEAD..HEAD").findings.empty());
}

TEST_CASE("--pre-push: a rotated secret beside an unchanged key id is new") {
  GitTestRepo repo;
  repo.Write("creds.txt", kKeyLine + "\naws_secret_access_key = " + kFakeSecret + "\n");
  std::string base = repo.CommitAll("key");
  repo.Write("creds.txt", kKeyLine + "\naws_secret_access_key = " + kRotatedSecret + "\n");
  std::string rotation = repo.CommitAll("rotate");
  GitScanRequest push;
  push.repository = repo.path();
  push.mode = GitScanMode::kPush;
  push.push_remote = "origin";
  push.push_updates = "refs/heads/main " + rotation + " refs/heads/main " + base + "\n";
  Result<Report> pushed = RunGitScan(push);
  REQUIRE(pushed.ok());
  CHECK(Describe(*pushed) == std::vector<std::string>{"aws.access-key-id creds.txt:1@" + rotation});
}

// A file scanned for what a change adds keeps the place of every occurrence,
// not only the first kMaxLocationsKept of each match: the one new line below
// 1,200 unchanged copies of the same key is what --staged must report.
TEST_CASE("--staged and --range: a key added below more than 1,000 copies of it is new") {
  GitTestRepo repo;
  std::string lines;
  for (int i = 0; i < 1200; ++i) lines += "served id=" + std::string(kFakeKeyId) + "\n";
  repo.Write("app.log", lines);
  std::string base = repo.CommitAll("log");
  repo.Write("app.log", lines + "again id=" + kFakeKeyId + "\n");
  repo.Git("add app.log");
  Report staged = GitScan(repo.path(), GitScanMode::kStaged);
  CHECK(Describe(staged) == std::vector<std::string>{"aws.access-key-id app.log:1201@-"});
  std::string head = repo.CommitAll("more log");
  Report range = GitScan(repo.path(), GitScanMode::kRange, base + ".." + head);
  CHECK(Describe(range) == std::vector<std::string>{"aws.access-key-id app.log:1201@" + head});
}

}  // namespace
}  // namespace keysweep
