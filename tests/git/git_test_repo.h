// A git repository built by a test with the git command line, in a temp dir.
#ifndef KEYSWEEP_TESTS_GIT_GIT_TEST_REPO_H_
#define KEYSWEEP_TESTS_GIT_GIT_TEST_REPO_H_

#include <string>

#include "git/git_scan.h"
#include "tests/test_util.h"

namespace keysweep::testing {

class GitTestRepo {
 public:
  GitTestRepo();  // git init -b main, with a fixed identity and clock
  const std::string& path() const { return dir_.path(); }
  std::string Write(const std::string& relative, const std::string& content) const {
    return dir_.Write(relative, content);
  }
  // Runs `git <args>` in the repository; fails the test if git fails. Returns stdout, trimmed.
  std::string Git(const std::string& args) const;
  // Runs `git <args>` and returns its exit status, for commands expected to fail.
  int GitStatus(const std::string& args) const;
  // Commits everything in the work tree; returns the new commit id.
  std::string CommitAll(const std::string& message) const;

 private:
  std::string Command(const std::string& args) const;
  TempDir dir_;
};

// Runs a git scan of `repo` with the built-in rules (compiled once per test run:
// the tests share a database cache, see test_main.cc).
Report GitScan(const std::string& repo, GitScanMode mode = GitScanMode::kHistory,
               const std::string& range = "", bool all_objects = false);

// "rule path:line@commit-prefix" for every location, sorted.
std::vector<std::string> Describe(const Report& report, size_t commit_chars = 40);

}  // namespace keysweep::testing

#endif  // KEYSWEEP_TESTS_GIT_GIT_TEST_REPO_H_
