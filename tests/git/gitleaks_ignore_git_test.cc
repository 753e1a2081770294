// .gitleaksignore in git scans (issue 12): gitleaks' commit form suppresses a
// finding location in that commit only; the plain form in any commit.
#include <doctest/doctest.h>

#include "tests/git/git_test_repo.h"

namespace keysweep {
namespace {

using testing::Describe;
using testing::GitScan;
using testing::GitTestRepo;
using testing::kFakeKeyId;

TEST_CASE("git scan: the commit form of .gitleaksignore suppresses that commit's location") {
  GitTestRepo repo;
  repo.Write("a.env", std::string("k=") + kFakeKeyId + "\n");
  std::string first = repo.CommitAll("first");
  repo.Write("b.env", std::string("\nk=") + kFakeKeyId + "\n");
  std::string second = repo.CommitAll("second");
  Report all = GitScan(repo.path());
  REQUIRE(Describe(all).size() == 2);

  repo.Write(".gitleaksignore", "# from gitleaks git\n" + first + ":a.env:aws-access-token:1\n");
  Report report = GitScan(repo.path());
  CHECK(Describe(report) == std::vector<std::string>{"aws.access-key-id b.env:2@" + second});
  CHECK(report.stats.suppressed == 1);

  // Another commit's id: nothing suppressed.
  repo.Write(".gitleaksignore", second + ":a.env:aws-access-token:1\n");
  CHECK(Describe(GitScan(repo.path())).size() == 2);

  // The directory form matches in any commit.
  repo.Write(".gitleaksignore", "a.env:aws-access-token:1\nb.env:aws-access-token:2\n");
  CHECK(GitScan(repo.path()).findings.empty());
}

}  // namespace
}  // namespace keysweep
