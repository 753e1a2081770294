// The installed pre-commit hook against every way git makes a commit. git
// hands some of them a temporary index (GIT_INDEX_FILE) or a GIT_DIR of a
// linked worktree: a hook that read .git/index would let them through.
#include <doctest/doctest.h>

#include <cstdlib>
#include <optional>

#include "git/hook.h"
#include "tests/git/git_test_repo.h"

namespace keysweep {
namespace {

using testing::GitTestRepo;
using testing::kFakeKeyId;

constexpr const char* kKeyLine = "AWS_ACCESS_KEY_ID=AKIAZFAKEKEY7TEST2ID\n";

// A repository with one clean commit (a.env, b.txt) and keysweep's hook installed.
struct HookedRepo {
  HookedRepo() {
    repo.Write("a.env", "NAME=demo\n");
    repo.Write("b.txt", "notes\n");
    first = repo.CommitAll("first");
    REQUIRE(InstallHook(HookKind::kPreCommit, repo.path(), KEYSWEEP_BINARY).ok());
  }
  // `git <args>` with the hook enabled; its exit status.
  int WithHook(const std::string& args) const {
    return repo.GitStatus("-c core.hooksPath=" + repo.path() + "/.git/hooks " + args);
  }
  std::string Head() const { return repo.Git("rev-parse HEAD"); }
  GitTestRepo repo;
  std::string first;
};

TEST_CASE("git commit -a is blocked when a tracked file gains a key that was never staged") {
  HookedRepo h;
  h.repo.Write("a.env", std::string("NAME=demo\n") + kKeyLine);
  CHECK(h.WithHook("commit -q -a -m leak") != 0);
  CHECK(h.Head() == h.first);
  h.repo.Write("a.env", "NAME=demo2\n");
  CHECK(h.WithHook("commit -q -a -m clean") == 0);
}

TEST_CASE("git commit PATH checks exactly what that commit takes") {
  HookedRepo h;
  h.repo.Write("a.env", std::string("NAME=demo\n") + kKeyLine);
  CHECK(h.WithHook("commit -q -m leak a.env") != 0);
  CHECK(h.Head() == h.first);
  // A key staged in another file is not part of `git commit b.txt`.
  h.repo.Git("add a.env");
  h.repo.Write("b.txt", "more notes\n");
  CHECK(h.WithHook("commit -q -m notes b.txt") == 0);
  CHECK(h.repo.Git("diff --cached --name-only") == "a.env");
}

TEST_CASE("git commit --amend is checked") {
  HookedRepo h;
  h.repo.Write("a.env", std::string("NAME=demo\n") + kKeyLine);
  h.repo.Git("add a.env");
  CHECK(h.WithHook("commit -q --amend --no-edit") != 0);
  CHECK(h.Head() == h.first);
}

TEST_CASE("git commit -p and --interactive are checked") {
  HookedRepo h;
  h.repo.Write("a.env", std::string("NAME=demo\n") + kKeyLine);
  std::string answers = h.repo.Write("answers-p", "y\n");
  CHECK(h.WithHook("commit -q -p -m leak < " + answers) != 0);
  CHECK(h.Head() == h.first);
  // add -i: patch, file 1, end of selection, take the hunk, quit.
  answers = h.repo.Write("answers-i", "p\n1\n\ny\nq\n");
  CHECK(h.WithHook("commit -q --interactive -m leak < " + answers) != 0);
  CHECK(h.Head() == h.first);
}

TEST_CASE("a commit in a linked worktree is checked against that worktree's index") {
  HookedRepo h;
  std::string worktree = h.repo.path() + "-wt";
  h.repo.Git("worktree add -q -b side " + worktree);
  h.repo.Write("../" + worktree.substr(worktree.rfind('/') + 1) + "/a.env",
               std::string("NAME=demo\n") + kKeyLine);
  CHECK(h.WithHook("-C " + worktree + " commit -q -a -m leak") != 0);
  CHECK(h.repo.Git("rev-parse side") == h.first);
  CHECK(h.WithHook("-C " + worktree + " add a.env") == 0);
  CHECK(h.WithHook("-C " + worktree + " commit -q -m leak") != 0);
  CHECK(std::system(("rm -rf '" + worktree + "'").c_str()) == 0);
}

TEST_CASE("git --git-dir and --work-tree from another folder are checked") {
  HookedRepo h;
  h.repo.Write("a.env", std::string("NAME=demo\n") + kKeyLine);
  std::string args = "-C / --git-dir=" + h.repo.path() + "/.git --work-tree=" + h.repo.path();
  CHECK(h.WithHook(args + " commit -q -a -m leak") != 0);
  CHECK(h.Head() == h.first);
}

TEST_CASE("a relative core.hooksPath is where the hook goes and runs from") {
  HookedRepo h;
  h.repo.Git("config core.hooksPath .githooks");
  REQUIRE(InstallHook(HookKind::kPreCommit, h.repo.path(), KEYSWEEP_BINARY).ok());
  h.repo.Write("a.env", std::string("NAME=demo\n") + kKeyLine);
  // The repository's own core.hooksPath, not the test helper's override.
  CHECK(h.repo.GitStatus("-c core.hooksPath=.githooks commit -q -a -m leak") != 0);
  CHECK(h.Head() == h.first);
}

// The environment a hook sees, set in this process for one scan.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const std::string& value) : name_(name) {
    if (const char* old = getenv(name)) old_ = old;
    setenv(name, value.c_str(), 1);
  }
  ~ScopedEnv() {
    if (old_)
      setenv(name_, old_->c_str(), 1);
    else
      unsetenv(name_);
  }

 private:
  const char* name_;
  std::optional<std::string> old_;
};

TEST_CASE("--staged without a repository reads GIT_DIR, GIT_WORK_TREE and GIT_INDEX_FILE") {
  GitTestRepo repo;
  repo.Write("a.env", "NAME=demo\n");
  repo.CommitAll("first");
  // A temporary index holding a key the repository's own index does not have.
  repo.Write("a.env", std::string("NAME=demo\n") + kKeyLine);
  std::string temp_index = repo.path() + "/.git/next-index-test.lock";
  repo.Git("read-tree HEAD --index-output=" + temp_index);
  CHECK(
      std::system(("cd '" + repo.path() + "' && GIT_INDEX_FILE='" + temp_index + "' git add a.env")
                      .c_str()) == 0);
  CHECK(testing::GitScan(repo.path(), GitScanMode::kStaged).findings.empty());

  ScopedEnv git_dir("GIT_DIR", repo.path() + "/.git");
  ScopedEnv work_tree("GIT_WORK_TREE", repo.path());
  ScopedEnv index("GIT_INDEX_FILE", temp_index);
  Report report = testing::GitScan("", GitScanMode::kStaged);
  REQUIRE(report.findings.size() == 1);
  CHECK(report.findings[0].secret == kFakeKeyId);
  // The index git names is read whichever way the repository was named.
  CHECK(testing::GitScan(repo.path(), GitScanMode::kStaged).findings.size() == 1);
}

TEST_CASE("a broken GIT_INDEX_FILE is an error naming it, not an empty scan") {
  GitTestRepo repo;
  repo.Write("a.env", "NAME=demo\n");
  repo.CommitAll("first");
  std::string broken = repo.Write("broken-index", "DIRC this is not an index");
  ScopedEnv index("GIT_INDEX_FILE", broken);
  GitScanRequest request;
  request.repository = repo.path();
  request.mode = GitScanMode::kStaged;
  Result<Report> report = RunGitScan(request);
  REQUIRE_FALSE(report.ok());
  CHECK(report.status().message().find("GIT_INDEX_FILE=" + broken) != std::string::npos);
}

}  // namespace
}  // namespace keysweep
