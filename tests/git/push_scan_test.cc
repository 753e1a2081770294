// keysweep git --pre-push: what a push sends, from the ref updates git hands
// a pre-push hook; and the installed pre-push hook on real pushes.
#include <doctest/doctest.h>
#include <sys/stat.h>

#include "git/hook.h"
#include "tests/git/git_test_repo.h"

namespace keysweep {
namespace {

using testing::GitTestRepo;
using testing::kFakeKeyId;
using testing::kOtherFakeKeyId;

constexpr const char* kZero = "0000000000000000000000000000000000000000";

Result<Report> PushScan(const GitTestRepo& repo, const std::string& remote,
                        const std::string& updates) {
  GitScanRequest request;
  request.repository = repo.path();
  request.mode = GitScanMode::kPush;
  request.push_remote = remote;
  request.push_updates = updates;
  return RunGitScan(request);
}

// A repository whose main is at `pushed` on origin (a remote-tracking ref),
// with one more local commit on main adding a key.
struct PushedRepo {
  PushedRepo() {
    repo.Write("old.env", std::string("KEY=") + kOtherFakeKeyId + "\n");  // already on the remote
    pushed = repo.CommitAll("pushed");
    repo.Git("update-ref refs/remotes/origin/main " + pushed);
    repo.Write("new.env", std::string("KEY=") + kFakeKeyId + "\n");
    local = repo.CommitAll("local");
  }
  GitTestRepo repo;
  std::string pushed, local;
};

TEST_CASE("a push to an existing branch is checked for what it adds beyond the remote's tip") {
  PushedRepo p;
  Result<Report> report = PushScan(
      p.repo, "origin", "refs/heads/main " + p.local + " refs/heads/main " + p.pushed + "\n");
  REQUIRE(report.ok());
  CHECK(testing::Describe(*report) ==
        std::vector<std::string>{"aws.access-key-id new.env:1@" + p.local});
}

TEST_CASE("a new branch is checked against what the remote-tracking refs already hold") {
  PushedRepo p;
  Result<Report> report = PushScan(
      p.repo, "origin", "refs/heads/topic " + p.local + " refs/heads/topic " + kZero + "\n");
  REQUIRE(report.ok());
  CHECK(testing::Describe(*report) ==
        std::vector<std::string>{"aws.access-key-id new.env:1@" + p.local});
  // Pushed to a URL (no remote-tracking refs to trust): all of its history.
  report = PushScan(p.repo, "/srv/git/other.git",
                    "refs/heads/topic " + p.local + " refs/heads/topic " + kZero + "\n");
  REQUIRE(report.ok());
  CHECK(report->findings.size() == 2);
}

TEST_CASE("deletions and already-pushed refs send nothing; malformed updates are errors") {
  PushedRepo p;
  Result<Report> report = PushScan(
      p.repo, "origin", std::string("(delete) ") + kZero + " refs/heads/old " + p.pushed + "\n");
  REQUIRE(report.ok());
  CHECK(report->findings.empty());
  report = PushScan(p.repo, "origin",
                    "refs/heads/main " + p.pushed + " refs/heads/main " + p.pushed + "\n\n");
  REQUIRE(report.ok());
  CHECK(report->findings.empty());
  CHECK_FALSE(PushScan(p.repo, "origin", "refs/heads/main " + p.local + "\n").ok());
  CHECK_FALSE(PushScan(p.repo, "origin",
                       "refs/heads/main nothex refs/heads/main " + std::string(kZero) + "\n")
                  .ok());
}

TEST_CASE("the installed pre-push hook blocks a real push and hands the previous hook its input") {
  GitTestRepo remote;
  remote.Git("init -q --bare remote.git");
  GitTestRepo repo;
  repo.Write("a.txt", "clean\n");
  repo.CommitAll("first");
  std::string url = remote.path() + "/remote.git";
  repo.Git("remote add origin " + url);
  std::string hooks = repo.path() + "/.git/hooks";
  std::string seen = repo.path() + "/previous-saw";
  repo.Write(".git/hooks/pre-push", "#!/bin/sh\ncat > '" + seen + "'\n");
  chmod((hooks + "/pre-push").c_str(), 0755);
  REQUIRE(InstallHook(HookKind::kPrePush, repo.path(), KEYSWEEP_BINARY).ok());
  auto push = [&](const std::string& refspec) {
    return repo.GitStatus("-c core.hooksPath=" + hooks + " push -q origin " + refspec);
  };
  CHECK(push("main") == 0);
  CHECK(testing::ReadFile(seen).find("refs/heads/main " + repo.Git("rev-parse HEAD") +
                                     " refs/heads/main") == 0);
  repo.Write("leak.env", std::string("KEY=") + kFakeKeyId + "\n");
  std::string leak = repo.CommitAll("leak");
  CHECK(push("main") != 0);
  CHECK(remote.Git("--git-dir=remote.git rev-parse main") != leak);
  CHECK(push("main:refs/heads/topic") != 0);
  REQUIRE(UninstallHook(HookKind::kPrePush, repo.path()).ok());
  CHECK(testing::ReadFile(hooks + "/pre-push") == "#!/bin/sh\ncat > '" + seen + "'\n");
}

}  // namespace
}  // namespace keysweep
