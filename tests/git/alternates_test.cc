// Issue 13: objects/info/alternates read as git reads them: nested (a -> b -> c),
// relative to the objects directory holding the file, at most 5 levels deep,
// cycles skipped; what cannot be read fails the open instead of an empty scan.
#include <doctest/doctest.h>
#include <sys/stat.h>

#include <filesystem>

#include "tests/git/git_test_repo.h"

namespace keysweep {
namespace {

using testing::Describe;
using testing::GitScan;
using testing::GitTestRepo;
using testing::kFakeKeyId;

std::string Objects(const GitTestRepo& repo) { return repo.path() + "/.git/objects"; }

// `from`'s objects/info/alternates names `to`'s objects directory by a path
// relative to `from`'s objects directory (test repositories share a parent).
void LinkRelative(const GitTestRepo& from, const GitTestRepo& to) {
  std::string name = std::filesystem::path(to.path()).filename().string();
  from.Write(".git/objects/info/alternates", "# borrowed\n../../../" + name + "/.git/objects\n");
}

Result<Report> Scan(const GitTestRepo& repo, GitScanMode mode = GitScanMode::kHistory,
                    const std::string& range = "") {
  GitScanRequest request;
  request.repository = repo.path();
  request.mode = mode;
  request.range = range;
  request.scan.threads = 2;
  return RunGitScan(request);
}

TEST_CASE("nested alternates a -> b -> c are followed, relative paths from each objects directory") {
  GitTestRepo c;
  c.Write("old.env", std::string("KEY=") + kFakeKeyId + "\n");
  std::string commit = c.CommitAll("the key lives in c");
  GitTestRepo b, a;
  a.Write(".git/objects/info/alternates", Objects(b) + "\n");
  LinkRelative(b, c);
  a.Git("update-ref refs/heads/main " + commit);  // git itself reads the nested chain
  Report history = GitScan(a.path());
  CHECK(Describe(history) == std::vector<std::string>{"aws.access-key-id old.env:1@" + commit});
  a.Write("empty", "");
  a.Git("add empty");
  a.Git("commit -qm second");
  // The range diff reads the parent's tree from c: no "cannot read" warning.
  Report range = GitScan(a.path(), GitScanMode::kRange, "HEAD~1..HEAD");
  CHECK(range.findings.empty());
  CHECK(range.diagnostics.empty());
}

TEST_CASE("an alternates cycle is read once; nesting deeper than git's limit fails the open") {
  GitTestRepo c;
  c.Write("old.env", std::string("KEY=") + kFakeKeyId + "\n");
  std::string commit = c.CommitAll("key");
  GitTestRepo a, b;
  LinkRelative(a, b);
  b.Write(".git/objects/info/alternates", Objects(c) + "\n" + Objects(a) + "\n");  // back to a
  a.Git("update-ref refs/heads/main " + commit);
  Result<Report> cycle = Scan(a);
  REQUIRE(cycle.ok());
  CHECK(Describe(*cycle) == std::vector<std::string>{"aws.access-key-id old.env:1@" + commit});

  // a -> r1 -> ... -> r6 -> c: the alternates file of r6 is 6 levels down.
  GitTestRepo r1, r2, r3, r4, r5, r6;
  const GitTestRepo* chain[] = {&a, &r1, &r2, &r3, &r4, &r5, &r6, &c};
  for (int i = 0; i < 7; ++i) chain[i]->Write(".git/objects/info/alternates", Objects(*chain[i + 1]) + "\n");
  Result<Report> deep = Scan(a);
  REQUIRE_FALSE(deep.ok());
  CHECK(deep.status().message().find("nested more than 5 deep") != std::string::npos);
}

TEST_CASE("an alternate that does not exist fails the open, naming the alternates file") {
  GitTestRepo a;
  a.Write("a.txt", "a\n");
  a.CommitAll("a");
  a.Write(".git/objects/info/alternates", a.path() + "/nowhere/objects\n");
  Result<Report> report = Scan(a);
  REQUIRE_FALSE(report.ok());
  CHECK(report.status().message().find("info/alternates") != std::string::npos);
  CHECK(report.status().message().find("does not exist") != std::string::npos);
}

}  // namespace
}  // namespace keysweep
