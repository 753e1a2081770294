#include "cli/cli.h"

#include <doctest/doctest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <set>

#include <nlohmann/json.hpp>

#include "tests/test_util.h"

namespace keysweep {
namespace {

using testing::kFakeKeyId;
using testing::kFakeSecret;
using testing::RunCli;
using testing::TempDir;

TEST_CASE("exit codes: 0 clean, 1 findings, 2 errors") {
  TempDir dir;
  dir.Write("clean.txt", "hello\n");
  CHECK(RunCli({"scan", dir.path()}).code == cli::kExitClean);
  dir.Write("leak.env", std::string("AWS_ACCESS_KEY_ID=") + kFakeKeyId + "\n");
  testing::CliResult found = RunCli({"scan", dir.path()});
  CHECK(found.code == cli::kExitFindings);
  CHECK(found.out.find(kFakeKeyId) != std::string::npos);
  CHECK(RunCli({"scan", dir.Join("missing")}).code == cli::kExitError);
  CHECK(RunCli({"scan", "--format", "xml", dir.path()}).code == cli::kExitError);
  CHECK(RunCli({"scan", "--no-such-flag"}).code == cli::kExitError);
  CHECK(RunCli({}).code == cli::kExitError);
  dir.Write(".keysweep.json", "{broken");
  testing::ScopedChdir in(dir.path());
  testing::CliResult broken = RunCli({"scan", "."});
  CHECK(broken.code == cli::kExitError);
  CHECK(broken.err.find(".keysweep.json: invalid JSON") != std::string::npos);
}

TEST_CASE("--fail-on sets the severity that fails the run") {
  TempDir dir;
  dir.Write("leak.env", std::string("AWS_ACCESS_KEY_ID=") + kFakeKeyId + "\n");  // high, no secret
  CHECK(RunCli({"scan", "--fail-on", "critical", dir.path()}).code == cli::kExitClean);
  CHECK(RunCli({"scan", "--fail-on", "high", dir.path()}).code == cli::kExitFindings);
  dir.Write("leak.env", std::string("AWS_ACCESS_KEY_ID=") + kFakeKeyId + "\nAWS_SECRET_ACCESS_KEY=" +
                            kFakeSecret + "\n");
  CHECK(RunCli({"scan", "--fail-on", "critical", dir.path()}).code == cli::kExitFindings);
  CHECK(RunCli({"scan", "--fail-on", "bogus", dir.path()}).code == cli::kExitError);
}

TEST_CASE("--output writes the report to a file; secrets stay redacted unless --show-secrets") {
  TempDir dir;
  TempDir out;
  dir.Write("leak.env", std::string("k=") + kFakeKeyId + "\ns=" + kFakeSecret + "\n");
  std::string path = out.Join("report.sarif");
  testing::CliResult result = RunCli({"scan", dir.path(), "-f", "sarif", "-o", path});
  CHECK(result.code == cli::kExitFindings);
  CHECK(result.out.empty());
  std::string sarif = testing::ReadFile(path);
  CHECK(nlohmann::json::parse(sarif)["version"] == "2.1.0");
  CHECK(sarif.find(kFakeSecret) == std::string::npos);
  CHECK(RunCli({"scan", dir.path(), "-f", "json", "--show-secrets"}).out.find(kFakeSecret) !=
        std::string::npos);
  CHECK(RunCli({"scan", dir.path(), "-o", out.Join("no/such/dir/r.txt")}).code == cli::kExitError);
}

TEST_CASE("with --output, one line on stderr says what the report holds; stdout reports print nothing more") {
  TempDir dir;
  TempDir out;
  dir.Write("leak.env", std::string("k=") + kFakeKeyId + "\ns=" + kFakeSecret + "\n");
  dir.Write("id.txt", std::string("id ") + testing::kOtherFakeKeyId + "\n");
  dir.Write("clean.txt", "hello\n");
  std::string path = out.Join("keysweep.sarif");
  testing::CliResult found = RunCli({"scan", dir.path(), "-f", "sarif", "-o", path});
  CHECK(found.code == cli::kExitFindings);
  CHECK(found.err == "keysweep: 2 findings (1 critical, 1 high) in 3 files; report written to " + path + "\n");
  CHECK(found.err.find(kFakeKeyId) == std::string::npos);

  testing::CliResult text = RunCli({"scan", dir.path()});
  CHECK(text.err.empty());
  CHECK(RunCli({"scan", dir.path(), "-o", "-"}).err.empty());

  TempDir clean;
  clean.Write("a.txt", "hello\n");
  testing::CliResult none = RunCli({"scan", clean.path(), "-f", "json", "-o", out.Join("r.json")});
  CHECK(none.code == cli::kExitClean);
  CHECK(none.err == "keysweep: no findings in 1 file; report written to " + out.Join("r.json") + "\n");

  dir.Write("leak.env", std::string("k=") + kFakeKeyId + " # keysweep:allow\n");
  testing::CliResult allowed = RunCli({"scan", dir.path(), "-o", out.Join("r.txt")});
  CHECK(allowed.err == "keysweep: 1 finding (1 high) in 3 files, 1 suppressed; report written to " +
                           out.Join("r.txt") + "\n");
}

TEST_CASE("the config's baseline: scan reads it, keysweep baseline rewrites it") {
  TempDir repo;
  repo.Write(".git/HEAD", "ref: refs/heads/main\n");
  repo.Write(".keysweep.json", R"json({"baseline": ".keysweep-baseline.json"})json");
  repo.Write("src/old.env", std::string("k=") + kFakeKeyId + "\n");
  testing::ScopedChdir in(repo.Join("src"));
  testing::CliResult missing = RunCli({"scan", "."});
  CHECK(missing.code == cli::kExitError);
  CHECK(missing.err.find(".keysweep-baseline.json: cannot open baseline file") != std::string::npos);
  CHECK(RunCli({"baseline", "-o", repo.Join(".keysweep-baseline.json")}).code == cli::kExitClean);
  CHECK(RunCli({"scan", "."}).code == cli::kExitClean);
  repo.Write("src/new.env", "k=ASIAY34FZKBOKMUTVV7A\n");
  CHECK(RunCli({"scan", "."}).code == cli::kExitFindings);
  // keysweep baseline ignores the baseline it is rewriting: both findings go in.
  testing::CliResult rewritten = RunCli({"baseline", "-o", repo.Join(".keysweep-baseline.json")});
  CHECK(rewritten.err.find("baseline holds 2 findings") != std::string::npos);
  CHECK(RunCli({"scan", "."}).code == cli::kExitClean);
  // --baseline overrides the config's.
  std::string empty = repo.Write("empty.json", R"json({"findings": []})json");
  CHECK(RunCli({"scan", ".", "--baseline", empty}).code == cli::kExitFindings);
}

TEST_CASE("scan reads standard input with -") {
  int fds[2];
  REQUIRE(pipe(fds) == 0);
  std::string input = std::string("pasted log: ") + kFakeKeyId + "\n";
  REQUIRE(write(fds[1], input.data(), input.size()) == static_cast<ssize_t>(input.size()));
  close(fds[1]);
  testing::CliResult result = RunCli({"scan", "-", "-f", "jsonl"}, fds[0]);
  close(fds[0]);
  CHECK(result.code == cli::kExitFindings);
  CHECK(nlohmann::json::parse(result.out)["path"] == "<stdin>");
}

TEST_CASE("baseline then scan --baseline reports only new findings") {
  TempDir dir;
  TempDir out;
  dir.Write("old.env", std::string("k=") + kFakeKeyId + "\n");
  std::string baseline = out.Join("baseline.json");
  CHECK(RunCli({"baseline", dir.path(), "-o", baseline}).code == cli::kExitClean);
  CHECK(RunCli({"scan", dir.path(), "--baseline", baseline}).code == cli::kExitClean);
  dir.Write("new.env", "k=ASIAY34FZKBOKMUTVV7A\n");
  testing::CliResult result = RunCli({"scan", dir.path(), "--baseline", baseline, "-f", "json"});
  CHECK(result.code == cli::kExitFindings);
  CHECK(nlohmann::json::parse(result.out)["findings"].size() == 1);
}

TEST_CASE("rules list and rules check") {
  testing::CliResult list = RunCli({"rules", "list"});
  CHECK(list.code == cli::kExitClean);
  CHECK(list.out.find("aws.access-key-id") != std::string::npos);
  testing::CliResult json = RunCli({"rules", "list", "-f", "json"});
  CHECK(nlohmann::json::parse(json.out).size() >= 45);
  testing::CliResult check = RunCli({"rules", "check"});
  CHECK(check.code == cli::kExitClean);
  CHECK(check.out.find("all pass") != std::string::npos);
  TempDir dir;
  std::string bad = dir.Write("bad.json", R"json({"rules": [{"id": "x.y", "name": "n", "severity": "low",
      "pattern": "(x_[a-z]{3})", "examples": ["x_ab"], "negative_examples": ["y"]}]})json");
  testing::CliResult failed = RunCli({"rules", "check", bad});
  CHECK(failed.code == cli::kExitFindings);
  CHECK(failed.out.find("FAIL rule 'x.y': example \"x_ab\" is not reported") != std::string::npos);
}

TEST_CASE("--help and --version exit 0") {
  CHECK(RunCli({"--help"}).code == cli::kExitClean);
  testing::CliResult help = RunCli({"scan", "--help"});
  CHECK(help.code == cli::kExitClean);
  CHECK(help.out.find("--fail-on") != std::string::npos);
  CHECK(RunCli({"--version"}).code == cli::kExitClean);
}

// The real binary, end to end: fixtures/ holds made-up secrets with the
// expected findings beside them.
TEST_CASE("end to end: the binary finds exactly the expected findings in fixtures/scan") {
  // From a folder without a config: the repository's own excludes fixtures/.
  TempDir neutral;
  std::string command = "cd " + neutral.path() + " && " + KEYSWEEP_BINARY + " scan --no-cache -f json " +
                        testing::SourcePath("fixtures/scan") + " 2>/dev/null";
  FILE* pipe = popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::string output;
  std::array<char, 4096> buffer;
  while (size_t n = fread(buffer.data(), 1, buffer.size(), pipe)) output.append(buffer.data(), n);
  int status = pclose(pipe);
  CHECK(WEXITSTATUS(status) == cli::kExitFindings);
  nlohmann::json report = nlohmann::json::parse(output);
  nlohmann::json expected =
      nlohmann::json::parse(testing::ReadFile(testing::SourcePath("fixtures/scan.expected.json")));
  std::set<std::string> got, want;
  std::string prefix = testing::SourcePath("fixtures/scan") + "/";
  for (const auto& finding : report["findings"]) {
    for (const auto& location : finding["locations"]) {
      std::string path = location["path"].get<std::string>().substr(prefix.size());
      got.insert(finding["rule_id"].get<std::string>() + " " + path + ":" +
                 std::to_string(location["line"].get<int>()));
    }
  }
  for (const auto& item : expected["findings"]) want.insert(item.get<std::string>());
  CHECK(got == want);
}

}  // namespace
}  // namespace keysweep

namespace keysweep {
namespace {

TEST_CASE("respond: from keys or a scan report, and the scan report names the command") {
  TempDir dir;
  TempDir out;
  dir.Write("leak.env", std::string("AWS_ACCESS_KEY_ID=") + kFakeKeyId + "\n");
  std::string report = out.Join("findings.json");
  testing::CliResult scanned = RunCli({"scan", dir.path(), "-f", "json", "-o", report});
  CHECK(scanned.code == cli::kExitFindings);
  CHECK(nlohmann::json::parse(testing::ReadFile(report))["response_command"] ==
        std::string("keysweep respond --key ") + kFakeKeyId);
  CHECK(RunCli({"scan", dir.path()}).out.find(std::string("keysweep respond --key ") + kFakeKeyId) !=
        std::string::npos);

  testing::CliResult respond = RunCli({"respond", "--findings", report, "--out", out.Join("bundle"),
                                       "--revoke-before", "2026-11-28T19:00:00Z"});
  CHECK(respond.code == cli::kExitClean);
  CHECK(respond.out.find("# Response to exposed AWS access keys") == 0);
  CHECK(testing::ReadFile(out.Join("bundle/revoke-older-sessions.json")).find("2026-11-28T19:00:00Z") !=
        std::string::npos);
  CHECK(RunCli({"respond", "--key", kFakeKeyId, "-f", "json"}).code == cli::kExitClean);
  CHECK(RunCli({"respond"}).code == cli::kExitError);
  CHECK(RunCli({"respond", "--key", "not-a-key"}).code == cli::kExitError);

  std::string clean = out.Join("clean.json");
  TempDir empty;
  RunCli({"scan", empty.path(), "-f", "json", "-o", clean});
  testing::CliResult nothing = RunCli({"respond", "--findings", clean});
  CHECK(nothing.code == cli::kExitClean);
  CHECK(nothing.err.find("nothing to respond to") != std::string::npos);
}

}  // namespace
}  // namespace keysweep
