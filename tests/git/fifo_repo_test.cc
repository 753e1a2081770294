// Issue 13: a FIFO where git expects a file (the config or a file it
// includes, HEAD, packed-refs, a loose ref, an alternates file, a pack index,
// the index, .gitmodules) is refused with a message naming it, in every mode,
// instead of hanging the scan. Each scan runs in a child process under
// alarm(), so a regression fails the test instead of hanging the suite.
#include <doctest/doctest.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <functional>

#include "tests/git/git_test_repo.h"

namespace keysweep {
namespace {

using testing::GitTestRepo;
using testing::kFakeKeyId;

struct BoundedRun {
  bool hung = false;
  int code = -1;
  std::string err;  // the CLI's error stream
};

// Runs the CLI in a child killed after 20 seconds; `setup` runs in the child first.
BoundedRun RunCliBounded(const std::vector<std::string>& args, const std::function<void()>& setup = {}) {
  int pipe_fds[2];
  REQUIRE(pipe(pipe_fds) == 0);
  pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    close(pipe_fds[0]);
    alarm(20);
    if (setup) setup();
    testing::CliResult result = testing::RunCli(args);
    std::string text = result.err + result.out;
    for (size_t done = 0; done < text.size();) {
      ssize_t n = write(pipe_fds[1], text.data() + done, text.size() - done);
      if (n <= 0) break;
      done += static_cast<size_t>(n);
    }
    _exit(result.code);
  }
  close(pipe_fds[1]);
  BoundedRun run;
  char buffer[4096];
  for (ssize_t n; (n = read(pipe_fds[0], buffer, sizeof buffer)) > 0;) run.err.append(buffer, static_cast<size_t>(n));
  close(pipe_fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  run.hung = WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM;
  run.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

// A repository with one commit holding a key, its files packed.
struct KeyRepo {
  KeyRepo() {
    repo.Write("a.env", std::string("KEY=") + kFakeKeyId + "\n");
    repo.CommitAll("key");
    repo.Git("repack -adq");
  }
  void Fifo(const std::string& relative) const {
    std::string path = repo.path() + "/" + relative;
    unlink(path.c_str());
    REQUIRE(mkfifo(path.c_str(), 0600) == 0);
  }
  GitTestRepo repo;
};

void CheckRefused(const BoundedRun& run, const std::string& name) {
  INFO(run.err);
  CHECK_FALSE(run.hung);
  CHECK(run.code == cli::kExitError);
  CHECK(run.err.find(name) != std::string::npos);
  CHECK(run.err.find("FIFO") != std::string::npos);
}

TEST_CASE("a FIFO as a git file git reads on open is refused in every mode, naming it") {
  for (const char* file : {".git/config", ".git/packed-refs", ".git/refs/heads/evil", ".git/objects/info/alternates",
                           ".git/objects/pack/pack-0000000000000000000000000000000000000000.idx",
                           ".git/info/attributes", ".git/ORIG_HEAD"}) {
    CAPTURE(file);
    KeyRepo k;
    k.Fifo(file);
    CheckRefused(RunCliBounded({"git", k.repo.path()}), file);
    CheckRefused(RunCliBounded({"git", "--staged", k.repo.path()}), file);
    CheckRefused(RunCliBounded({"git", "--range", "HEAD..HEAD", k.repo.path()}), file);
  }
}

TEST_CASE("a FIFO named by include.path or includeIf.*.path, even nested, is refused") {
  KeyRepo k;
  k.Fifo(".git/trap");
  k.repo.Write(".git/second.inc", "[include]\n\tpath = trap\n");
  k.repo.Git("config include.path first.inc");
  k.repo.Write(".git/first.inc", "[core]\n\tquotepath = false\n[includeIf \"gitdir:/\"]\n\tpath = second.inc\n");
  CheckRefused(RunCliBounded({"git", k.repo.path()}), ".git/trap");
  CheckRefused(RunCliBounded({"git", "--staged", k.repo.path()}), ".git/trap");
}

TEST_CASE("--staged: a FIFO as the index, or as GIT_INDEX_FILE, is refused") {
  KeyRepo k;
  k.Fifo(".git/index");
  CheckRefused(RunCliBounded({"git", "--staged", k.repo.path()}), ".git/index");
  KeyRepo env;
  env.Fifo("temporary-index");
  std::string dir = env.repo.path();
  CheckRefused(RunCliBounded({"git", "--staged"},
                             [dir] {
                               REQUIRE(chdir(dir.c_str()) == 0);
                               setenv("GIT_INDEX_FILE", "temporary-index", 1);
                             }),
               "temporary-index");
}

TEST_CASE("--submodules: a FIFO as .gitmodules is a warning; the repository is still scanned") {
  KeyRepo k;
  k.Fifo(".gitmodules");
  BoundedRun run = RunCliBounded({"git", "--submodules", k.repo.path()});
  INFO(run.err);
  CHECK_FALSE(run.hung);
  CHECK(run.code == cli::kExitFindings);
  CHECK(run.err.find(".gitmodules") != std::string::npos);
  CHECK(run.err.find("FIFO") != std::string::npos);
}

}  // namespace
}  // namespace keysweep
