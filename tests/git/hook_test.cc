#include "git/hook.h"

#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tests/git/git_test_repo.h"

namespace keysweep {
namespace {

using testing::GitTestRepo;
using testing::ReadFile;

// `git commit` with hooks enabled (the test repo helper disables them).
int CommitWithHooks(const GitTestRepo& repo, const std::string& hooks_path) {
  return repo.GitStatus("-c core.hooksPath=" + hooks_path + " commit -q -m test");
}

TEST_CASE("the installed hook blocks a commit that adds a key and lets a clean one through") {
  GitTestRepo repo;
  Result<std::string> hook = InstallHook(HookKind::kPreCommit, repo.path(), KEYSWEEP_BINARY);
  REQUIRE(hook.ok());
  CHECK(*hook == repo.path() + "/.git/hooks/pre-commit");
  std::string hooks = repo.path() + "/.git/hooks";
  repo.Write("a.env", "KEY=AKIAZFAKEKEY7TEST2ID\n");
  repo.Git("add a.env");
  CHECK(CommitWithHooks(repo, hooks) != 0);
  repo.Write("a.env", "KEY=from-the-vault\n");
  repo.Git("add a.env");
  CHECK(CommitWithHooks(repo, hooks) == 0);
}

TEST_CASE("an existing hook is kept, runs first, and comes back on uninstall") {
  GitTestRepo repo;
  std::string hooks = repo.path() + "/.git/hooks";
  std::string marker = repo.path() + "/previous-ran";
  std::string previous = "#!/bin/sh\ntouch '" + marker + "'\n";
  repo.Write(".git/hooks/pre-commit", previous);
  chmod((hooks + "/pre-commit").c_str(), 0755);
  REQUIRE(InstallHook(HookKind::kPreCommit, repo.path(), KEYSWEEP_BINARY).ok());
  REQUIRE(InstallHook(HookKind::kPreCommit, repo.path(), KEYSWEEP_BINARY).ok());  // twice is harmless
  CHECK(ReadFile(hooks + "/pre-commit.keysweep-previous") == previous);
  repo.Write("a.txt", "clean\n");
  repo.Git("add a.txt");
  CHECK(CommitWithHooks(repo, hooks) == 0);
  CHECK(access(marker.c_str(), F_OK) == 0);
  REQUIRE(UninstallHook(HookKind::kPreCommit, repo.path()).ok());
  CHECK(ReadFile(hooks + "/pre-commit") == previous);
  Result<std::string> again = UninstallHook(HookKind::kPreCommit, repo.path());
  REQUIRE_FALSE(again.ok());
  CHECK(again.status().message().find("not keysweep's hook") != std::string::npos);
}

TEST_CASE("core.hooksPath is honoured") {
  GitTestRepo repo;
  repo.Git("config core.hooksPath .githooks");
  Result<std::string> hook = InstallHook(HookKind::kPreCommit, repo.path(), KEYSWEEP_BINARY);
  REQUIRE(hook.ok());
  CHECK(*hook == repo.path() + "/.githooks/pre-commit");
}

TEST_CASE("a hooks folder the repository controls cannot turn the install into a write through a link") {
  GitTestRepo repo;
  testing::TempDir outside;
  std::string bashrc = outside.Write(".bashrc", "export PATH=/usr/bin\n");
  std::string profile = outside.Write(".profile", "umask 022\n");
  chmod(bashrc.c_str(), 0600);
  chmod(profile.c_str(), 0600);
  repo.Git("config core.hooksPath .githooks");
  repo.Write(".githooks/README", "hooks\n");
  std::string hooks = repo.path() + "/.githooks";
  // The temporary name the install used to write, and the hook itself, as links.
  REQUIRE(symlink(bashrc.c_str(), (hooks + "/pre-commit.tmp").c_str()) == 0);
  REQUIRE(symlink(profile.c_str(), (hooks + "/pre-commit").c_str()) == 0);
  REQUIRE(InstallHook(HookKind::kPreCommit, repo.path(), KEYSWEEP_BINARY).ok());
  CHECK(ReadFile(bashrc) == "export PATH=/usr/bin\n");
  CHECK(ReadFile(profile) == "umask 022\n");
  struct stat st {};
  for (const std::string& victim : {bashrc, profile}) {
    REQUIRE(stat(victim.c_str(), &st) == 0);
    CHECK((st.st_mode & 07777) == 0600);
  }
  REQUIRE(lstat((hooks + "/pre-commit").c_str(), &st) == 0);
  CHECK(S_ISREG(st.st_mode));  // a new file: the link was moved aside as it was
  CHECK((st.st_mode & 0111) != 0);
  REQUIRE(lstat((hooks + "/pre-commit.keysweep-previous").c_str(), &st) == 0);
  CHECK(S_ISLNK(st.st_mode));
}

}  // namespace
}  // namespace keysweep
