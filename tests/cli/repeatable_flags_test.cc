// Repeatable flags take one value per occurrence: a value-taking flag must
// never swallow the paths typed after it, or a gate scans something other
// than what the user named and passes.
#include <doctest/doctest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "tests/git/git_test_repo.h"
#include "tests/test_util.h"

namespace keysweep {
namespace {

using testing::kFakeKeyId;
using testing::kOtherFakeKeyId;
using testing::RunCli;
using testing::TempDir;

// The paths of a JSON report's findings, sorted.
std::vector<std::string> FoundPaths(const std::string& json_report) {
  std::vector<std::string> out;
  nlohmann::json report = nlohmann::json::parse(json_report);
  for (const auto& finding : report["findings"]) {
    for (const auto& location : finding["locations"])
      out.push_back(location["path"].get<std::string>());
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST_CASE("scan --exclude GLOB PATH scans PATH, with the glob applied") {
  TempDir dir;
  dir.Write("outside.env", std::string("KEY=") + kOtherFakeKeyId + "\n");
  dir.Write("sub/leak.env", std::string("KEY=") + kFakeKeyId + "\n");
  dir.Write("sub/debug.log", std::string("KEY=") + kOtherFakeKeyId + "\n");
  dir.Write("sub/notes.md", std::string("KEY=") + kOtherFakeKeyId + "\n");
  testing::CliResult result = RunCli({"scan", "--exclude", "*.log", dir.Join("sub"), "-f", "json"});
  CHECK(result.code == cli::kExitFindings);
  CHECK(FoundPaths(result.out) ==
        std::vector<std::string>{dir.Join("sub/leak.env"), dir.Join("sub/notes.md")});

  result =
      RunCli({"scan", "--exclude", "*.log", "--exclude", "*.md", dir.Join("sub"), "-f", "json"});
  CHECK(FoundPaths(result.out) == std::vector<std::string>{dir.Join("sub/leak.env")});
  // Values after a flag's one value are paths: both are scanned.
  result = RunCli({"scan", dir.Join("sub/leak.env"), "--exclude", "*.log", dir.Join("outside.env"),
                   "-f", "json"});
  CHECK(FoundPaths(result.out) ==
        std::vector<std::string>{dir.Join("outside.env"), dir.Join("sub/leak.env")});
}

TEST_CASE("git --exclude GLOB REPO scans REPO") {
  testing::GitTestRepo repo;
  repo.Write("leak.env", std::string("KEY=") + kFakeKeyId + "\n");
  repo.Write("README.md", std::string("KEY=") + kOtherFakeKeyId + "\n");
  repo.CommitAll("add");
  testing::CliResult result = RunCli({"git", "--exclude", "*.md", repo.path(), "-f", "json", "-q"});
  CHECK(result.code == cli::kExitFindings);
  CHECK(FoundPaths(result.out) == std::vector<std::string>{"leak.env"});
  // A second path after the glob is a second repository, not a second glob.
  result = RunCli({"git", "--exclude", "*.md", repo.path(), repo.path(), "-f", "json", "-q"});
  CHECK(result.code == cli::kExitFindings);
  CHECK(FoundPaths(result.out) == std::vector<std::string>{"leak.env"});
  CHECK(nlohmann::json::parse(result.out)["findings"][0]["repository"] == repo.path());
}

TEST_CASE("a repeatable flag with two words after it is an error where no path can follow") {
  // respond takes no paths: the second id is not silently taken as a second --key.
  testing::CliResult result = RunCli({"respond", "--key", kFakeKeyId, kOtherFakeKeyId});
  CHECK(result.code == cli::kExitError);
  CHECK(RunCli({"respond", "--key", kFakeKeyId, "--key", kOtherFakeKeyId}).code == cli::kExitClean);
  CHECK(RunCli({"scan", "--exclude"}).code == cli::kExitError);
}

}  // namespace
}  // namespace keysweep
