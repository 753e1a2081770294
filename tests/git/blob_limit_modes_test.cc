// Issue 13: --max-blob-mb holds in every git mode (history, --staged, --range,
// --pre-push), with the same warning naming the blob's path.
#include <doctest/doctest.h>

#include "tests/git/git_test_repo.h"

namespace keysweep {
namespace {

using testing::GitTestRepo;
using testing::kFakeKeyId;

// 2.2 MB with a key at its end: over a 1 MB --max-blob-mb.
std::string BigWithKey() { return std::string(2200 * 1000, 'x') + "\nKEY=" + kFakeKeyId + "\n"; }

Report ScanWithLimit(const GitTestRepo& repo, GitScanMode mode, const std::string& range = "",
                     const std::string& push_updates = "") {
  GitScanRequest request;
  request.repository = repo.path();
  request.mode = mode;
  request.range = range;
  request.push_remote = "/srv/git/elsewhere.git";
  request.push_updates = push_updates;
  request.max_blob_bytes = 1 << 20;
  request.scan.threads = 2;
  Result<Report> report = RunGitScan(request);
  INFO(report.status().message());
  REQUIRE(report.ok());
  return *report;
}

bool WarnsTooLarge(const Report& report, const std::string& path) {
  for (const Diagnostic& d : report.diagnostics) {
    if (d.path == path && d.message.find("larger than --max-blob-mb") != std::string::npos) return true;
  }
  return false;
}

TEST_CASE("--staged does not scan a blob over --max-blob-mb, and says so") {
  GitTestRepo repo;
  repo.Write("small.txt", "small\n");
  repo.CommitAll("init");
  repo.Write("big.txt", BigWithKey());
  repo.Git("add big.txt");
  Report report = ScanWithLimit(repo, GitScanMode::kStaged);
  CHECK(report.findings.empty());
  CHECK(WarnsTooLarge(report, "big.txt"));
}

TEST_CASE("--range and --pre-push do not scan a blob over --max-blob-mb, and say so") {
  GitTestRepo repo;
  repo.Write("small.txt", "small\n");
  std::string base = repo.CommitAll("init");
  repo.Write("big.txt", BigWithKey());
  std::string head = repo.CommitAll("big");
  Report range = ScanWithLimit(repo, GitScanMode::kRange, base + "..HEAD");
  CHECK(range.findings.empty());
  CHECK(WarnsTooLarge(range, "big.txt"));
  Report push = ScanWithLimit(repo, GitScanMode::kPush, "",
                              "refs/heads/main " + head + " refs/heads/main " + base + "\n");
  CHECK(push.findings.empty());
  CHECK(WarnsTooLarge(push, "big.txt"));
  // The history scan agrees (it always did).
  Report history = ScanWithLimit(repo, GitScanMode::kHistory);
  CHECK(history.findings.empty());
  CHECK(WarnsTooLarge(history, "big.txt"));
}

TEST_CASE("--range: a small file replacing one over --max-blob-mb is scanned as all new") {
  GitTestRepo repo;
  repo.Write("data.txt", BigWithKey());
  std::string base = repo.CommitAll("big");
  repo.Write("data.txt", std::string("KEY=") + kFakeKeyId + "\n");
  repo.CommitAll("small");
  Report report = ScanWithLimit(repo, GitScanMode::kRange, base + "..HEAD");
  CHECK(report.findings.size() == 1);
}

}  // namespace
}  // namespace keysweep
