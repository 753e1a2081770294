// --output never writes through a link a repository planted at the report's name.
#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include "cli/cli.h"
#include "tests/git/git_test_repo.h"
#include "tests/test_util.h"

namespace keysweep {
namespace {

using testing::kFakeKeyId;
using testing::ReadFile;
using testing::RunCli;
using testing::TempDir;

bool IsRegularFile(const std::string& path) {
  struct stat st {};
  return lstat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

// A checkout whose keysweep.sarif is a link to a file of the runner's.
struct PlantedLink {
  PlantedLink() {
    victim = dir.Write("runner-home/.bashrc", "export PATH=/usr/bin\n");
    chmod(victim.c_str(), 0600);
    dir.Write("checkout/config.env", std::string("AWS_ACCESS_KEY_ID=") + kFakeKeyId + "\n");
    report = dir.Join("checkout/keysweep.sarif");
    REQUIRE(symlink("../runner-home/.bashrc", report.c_str()) == 0);
  }
  void CheckVictimUntouched() const {
    CHECK(ReadFile(victim) == "export PATH=/usr/bin\n");
    struct stat st {};
    REQUIRE(stat(victim.c_str(), &st) == 0);
    CHECK((st.st_mode & 07777) == 0600);
  }
  TempDir dir;
  std::string victim, report;
};

TEST_CASE("--output replaces a planted link with the report; the link's target is untouched") {
  PlantedLink planted;
  testing::CliResult result =
      RunCli({"scan", "-q", "--format", "sarif", "--output", planted.report, planted.dir.Join("checkout")});
  CHECK(result.code == cli::kExitFindings);
  planted.CheckVictimUntouched();
  REQUIRE(IsRegularFile(planted.report));
  CHECK(ReadFile(planted.report).find("\"runs\"") != std::string::npos);
}

TEST_CASE("baseline -o replaces a planted link too") {
  PlantedLink planted;
  testing::ScopedChdir chdir(planted.dir.Join("checkout"));
  testing::CliResult result = RunCli({"baseline", "-o", planted.report, "."});
  CHECK(result.code == cli::kExitClean);
  planted.CheckVictimUntouched();
  CHECK(IsRegularFile(planted.report));
}

TEST_CASE("streamed JSON Lines to --output replace a planted link") {
  PlantedLink planted;
  testing::GitTestRepo a, b;
  a.Write(".env", std::string("AWS_ACCESS_KEY_ID=") + kFakeKeyId + "\n");
  a.CommitAll("add env");
  b.Write("README", "clean\n");
  b.CommitAll("readme");
  testing::CliResult result = RunCli({"git", "-q", "-f", "jsonl", "-o", planted.report, a.path(), b.path()});
  CHECK(result.code == cli::kExitFindings);
  planted.CheckVictimUntouched();
  REQUIRE(IsRegularFile(planted.report));
  CHECK(ReadFile(planted.report).find("\"rule_id\"") != std::string::npos);
}

TEST_CASE("--output naming a directory or a FIFO is an error (exit 2) that says what is there") {
  TempDir dir;
  dir.Write("src/a.txt", "hello\n");
  mkdir(dir.Join("out.json").c_str(), 0755);
  REQUIRE(mkfifo(dir.Join("fifo.json").c_str(), 0644) == 0);
  testing::CliResult to_dir = RunCli({"scan", "-q", "-f", "json", "-o", dir.Join("out.json"), dir.Join("src")});
  CHECK(to_dir.code == cli::kExitError);
  CHECK(to_dir.err.find("is a directory, not a regular file") != std::string::npos);
  testing::CliResult to_fifo = RunCli({"scan", "-q", "-f", "json", "-o", dir.Join("fifo.json"), dir.Join("src")});
  CHECK(to_fifo.code == cli::kExitError);
  CHECK(to_fifo.err.find("is a FIFO") != std::string::npos);
  CHECK(std::filesystem::is_fifo(dir.Join("fifo.json")));
}

}  // namespace
}  // namespace keysweep
