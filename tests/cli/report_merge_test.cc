// `keysweep report merge`: keysweep JSON and JSON Lines reports joined into one.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "tests/git/git_test_repo.h"
#include "tests/test_util.h"

namespace keysweep {
namespace {

using testing::kFakeKeyId;
using testing::kFakeSecret;
using testing::RunCli;
using testing::TempDir;

std::string KeyLines() {
  return std::string("AWS_ACCESS_KEY_ID=") + kFakeKeyId + "\nAWS_SECRET_ACCESS_KEY=" + kFakeSecret + "\n";
}

// Writes the report of `keysweep <args> -o out/<name>` and returns its path.
std::string Report(const TempDir& out, const std::string& name, std::vector<std::string> args) {
  std::string path = out.Join(name);
  args.insert(args.end(), {"-q", "-o", path});
  CHECK(RunCli(args).code == cli::kExitFindings);
  return path;
}

TEST_CASE("merge: the same fingerprint in the same repository is one finding; other repositories stay apart") {
  testing::GitTestRepo a;
  a.Write(".env", KeyLines());
  a.CommitAll("add");
  testing::GitTestRepo b;
  b.Write("deploy/.env", KeyLines());
  b.CommitAll("add");
  TempDir out;
  std::string list_a = out.Write("a.txt", a.path() + "\n");
  std::string list_b = out.Write("b.txt", b.path() + "\n");
  std::string a_jsonl = Report(out, "a.jsonl", {"git", "--repos-from", list_a, "-f", "jsonl"});
  std::string a_json = Report(out, "a.json", {"git", "--repos-from", list_a, "-f", "json"});
  std::string b_jsonl = Report(out, "b.jsonl", {"git", "--repos-from", list_b, "-f", "jsonl"});

  testing::CliResult merged = RunCli({"report", "merge", "-f", "json", a_jsonl, a_json, b_jsonl});
  CHECK(merged.code == cli::kExitFindings);
  nlohmann::json findings = nlohmann::json::parse(merged.out)["findings"];
  REQUIRE(findings.size() == 2);
  CHECK(findings[0]["fingerprint"] == findings[1]["fingerprint"]);
  std::set<std::string> repositories;
  for (const auto& finding : findings) {
    repositories.insert(finding["repository"].get<std::string>());
    CHECK(finding["locations"].size() == 1);  // the same place read twice is one place
  }
  CHECK(repositories == std::set<std::string>{a.path(), b.path()});
  CHECK(RunCli({"report", "merge", "--fail-on", "critical", a_jsonl}).code == cli::kExitFindings);
  CHECK(RunCli({"report", "merge", "--fail-on", "critical", out.Write("clean.jsonl", "")}).code == cli::kExitClean);

  // Without repositories (directory scans), the places of one secret are joined.
  TempDir one;
  one.Write("x.env", KeyLines());
  TempDir two;
  two.Write("y.env", KeyLines());
  std::string x = Report(out, "x.json", {"scan", one.path(), "-f", "json"});
  int fd = open(Report(out, "y.jsonl", {"scan", two.path(), "-f", "jsonl"}).c_str(), O_RDONLY);
  testing::CliResult joined = RunCli({"report", "merge", "-f", "json", x, "-"}, fd);
  close(fd);
  nlohmann::json doc = nlohmann::json::parse(joined.out);
  REQUIRE(doc["findings"].size() == 1);
  CHECK(doc["findings"][0]["locations"].size() == 2);
  CHECK(doc["findings"][0].contains("repository") == false);
}

TEST_CASE("merge: redacted reports stay redacted, and a report that showed secrets is redacted again") {
  TempDir dir;
  dir.Write("leak.env", KeyLines());
  TempDir out;
  std::string redacted = Report(out, "r.json", {"scan", dir.path(), "-f", "json"});
  nlohmann::json input = nlohmann::json::parse(testing::ReadFile(redacted))["findings"][0];
  for (const char* format : {"json", "jsonl", "sarif", "text", "csv", "gitlab", "junit"}) {
    for (bool show : {false, true}) {
      std::vector<std::string> args = {"report", "merge", "-f", format, redacted};
      if (show) args.push_back("--show-secrets");
      testing::CliResult merged = RunCli(args);
      CHECK(merged.code == cli::kExitFindings);
      CHECK_MESSAGE(merged.out.find(kFakeSecret) == std::string::npos, format);
      CHECK(merged.out.find(kFakeKeyId) != std::string::npos);
    }
  }
  nlohmann::json output =
      nlohmann::json::parse(RunCli({"report", "merge", "-f", "json", "--show-secrets", redacted}).out)["findings"][0];
  CHECK(output["companions"] == input["companions"]);  // the redacted strings, not redacted twice
  CHECK(output["locations"][0]["snippet"] == input["locations"][0]["snippet"]);

  std::string shown = Report(out, "s.json", {"scan", dir.path(), "-f", "json", "--show-secrets"});
  testing::CliResult again = RunCli({"report", "merge", "-f", "json", shown});
  CHECK(again.out.find(kFakeSecret) == std::string::npos);
  nlohmann::json redone = nlohmann::json::parse(again.out)["findings"][0];
  CHECK(redone["companions"] == input["companions"]);
  CHECK(RunCli({"report", "merge", "-f", "json", "--show-secrets", shown}).out.find(kFakeSecret) != std::string::npos);
}

TEST_CASE("merge: an invalid or truncated report is an error naming the file (exit 2)") {
  TempDir dir;
  dir.Write("leak.env", KeyLines());
  TempDir out;
  std::string json = testing::ReadFile(Report(out, "r.json", {"scan", dir.path(), "-f", "json"}));
  std::string jsonl = testing::ReadFile(Report(out, "r.jsonl", {"scan", dir.path(), "-f", "jsonl"}));
  std::string good = out.Join("r.json");
  for (const auto& [file, content] : std::vector<std::pair<std::string, std::string>>{
           {"cut.json", json.substr(0, json.size() / 2)},
           {"cut.jsonl", jsonl.substr(0, jsonl.size() - 10)},
           {"other.json", "{\"tool\": {\"name\": \"gitleaks\"}, \"findings\": []}\n"},
           {"wrong.jsonl", "{\"rule_id\": 3}\n"},
           {"text.txt", "No secrets found.\n"}}) {
    const std::string name = file;  // a copy: clang 14 cannot capture a structured binding (CHECK_MESSAGE)
    std::string path = out.Write(name, content);
    testing::CliResult result = RunCli({"report", "merge", good, path});
    CHECK_MESSAGE(result.code == cli::kExitError, name);
    CHECK_MESSAGE(result.err.find("keysweep: " + path + ": ") == 0, result.err);
    CHECK(result.out.empty());
  }
  CHECK(RunCli({"report", "merge", out.Join("missing.json")}).code == cli::kExitError);
  CHECK(RunCli({"report", "merge"}).code == cli::kExitError);
}

}  // namespace
}  // namespace keysweep
