#include "tests/git/git_test_repo.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <cstdio>

namespace keysweep::testing {

GitTestRepo::GitTestRepo() { Git("init -q -b main ."); }

std::string GitTestRepo::Command(const std::string& args) const {
  // A fixed identity and date; no user or system config; never prompt.
  return
      "cd '" + path() + "' && GIT_CONFIG_NOSYSTEM=1 HOME=/nonexistent GIT_TERMINAL_PROMPT=0 "
      "GIT_AUTHOR_NAME='Dev Eloper' GIT_AUTHOR_EMAIL=dev@example.test "
      "GIT_COMMITTER_NAME='Dev Eloper' GIT_COMMITTER_EMAIL=dev@example.test "
      "GIT_AUTHOR_DATE='2026-01-02T03:04:05Z' GIT_COMMITTER_DATE='2026-01-02T03:04:05Z' "
      "git -c init.defaultBranch=main -c commit.gpgsign=false -c core.hooksPath=/dev/null " +
      args + " 2>&1";
}

int GitTestRepo::GitStatus(const std::string& args) const {
  return system((Command(args) + " >/dev/null").c_str());
}

std::string GitTestRepo::Git(const std::string& args) const {
  FILE* pipe = popen(Command(args).c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::string output;
  std::array<char, 4096> buffer;
  while (size_t n = fread(buffer.data(), 1, buffer.size(), pipe)) output.append(buffer.data(), n);
  int status = pclose(pipe);
  INFO("git " << args << "\n" << output);
  REQUIRE(status == 0);
  while (!output.empty() && (output.back() == '\n' || output.back() == ' ')) output.pop_back();
  return output;
}

std::string GitTestRepo::CommitAll(const std::string& message) const {
  Git("add -A");
  Git("commit -q --allow-empty -m '" + message + "'");
  return Git("rev-parse HEAD");
}

Report GitScan(const std::string& repo, GitScanMode mode, const std::string& range, bool all_objects) {
  GitScanRequest request;
  request.repository = repo;
  request.mode = mode;
  request.range = range;
  request.all_objects = all_objects;
  request.scan.threads = 2;
  Result<Report> report = RunGitScan(request);
  INFO(report.status().message());
  REQUIRE(report.ok());
  return *report;
}

std::vector<std::string> Describe(const Report& report, size_t commit_chars) {
  std::vector<std::string> out;
  for (const Finding& finding : report.findings) {
    for (const Location& l : finding.locations) {
      out.push_back(finding.rule_id + " " + l.path + ":" + std::to_string(l.line) + "@" +
                    (l.commit ? l.commit->substr(0, commit_chars) : "-"));
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace keysweep::testing
