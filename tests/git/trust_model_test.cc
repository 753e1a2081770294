// Issue 13: the gate does not take orders from what it judges. A pull request
// that adds a key together with a .keysweep.json, an allow-list, a baseline or
// a .gitleaksignore that would hide it still fails `keysweep git --range`, and
// the change to the gate's configuration is reported for the reviewer.
#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "scanner/fingerprint.h"
#include "tests/git/git_test_repo.h"

namespace keysweep {
namespace {

using testing::GitTestRepo;
using testing::kFakeKeyId;
using testing::RunCli;

const std::string kKeyLine = std::string("AWS_ACCESS_KEY_ID=") + kFakeKeyId + "\n";

// The rule ids of a SARIF run's results, sorted.
std::vector<std::string> SarifRuleIds(const std::string& sarif) {
  std::vector<std::string> ids;
  nlohmann::json doc = nlohmann::json::parse(sarif);
  for (const auto& result : doc["runs"][0]["results"]) {
    ids.push_back(result["ruleId"].get<std::string>());
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

struct PullRequest {
  GitTestRepo repo;
  std::string base;
  explicit PullRequest(const std::vector<std::pair<std::string, std::string>>& files) {
    repo.Write("README", "hello\n");
    base = repo.CommitAll("base");
    for (const auto& [path, content] : files) repo.Write(path, content);
    repo.Write("deploy.env", kKeyLine);
    repo.CommitAll("the pull request");
  }
  testing::CliResult Gate() const {
    return RunCli({"git", repo.path(), "--range", base + "..HEAD", "-f", "sarif", "--no-cache"});
  }
};

TEST_CASE("a .keysweep.json added by the range does not switch the gate off") {
  const std::string fingerprint = LegacyFingerprint("aws.access-key-id", kFakeKeyId);
  for (const std::string& config :
       {std::string(R"({"exclude_paths": ["**"]})"), std::string(R"({"disable_rules": ["aws.*"]})"),
        R"({"allow_fingerprints": [")" + fingerprint + R"("]})"}) {
    CAPTURE(config);
    PullRequest pr({{".keysweep.json", config}});
    testing::CliResult gate = pr.Gate();
    CHECK(gate.code == 1);
    CHECK(SarifRuleIds(gate.out) ==
          std::vector<std::string>{"aws.access-key-id", "keysweep.config-changed"});
  }
}

TEST_CASE("a baseline or .gitleaksignore added by the range hides nothing") {
  const std::string fingerprint = LegacyFingerprint("aws.access-key-id", kFakeKeyId);
  PullRequest baseline({{".keysweep.json", R"({"baseline": "b.json"})"},
                        {"b.json", R"({"keysweep_baseline": 1, "findings": [{"fingerprint": ")" + fingerprint + "\"}]}"}});
  testing::CliResult gate = baseline.Gate();
  CHECK(gate.code == 1);
  CHECK(SarifRuleIds(gate.out) == std::vector<std::string>{"aws.access-key-id", "keysweep.config-changed"});
  PullRequest ignore({{".gitleaksignore", fingerprint + "\n"}});
  testing::CliResult ignored = ignore.Gate();
  CHECK(ignored.code == 1);
  CHECK(SarifRuleIds(ignored.out) == std::vector<std::string>{"aws.access-key-id", "keysweep.config-changed"});
}

TEST_CASE("the base commit's config still applies to the range, and the SARIF lists the trust rules") {
  GitTestRepo repo;
  repo.Write(".keysweep.json", R"({"exclude_paths": ["docs/**"]})");
  std::string base = repo.CommitAll("base with config");
  repo.Write("docs/example.md", kKeyLine);
  repo.Write("deploy.env", kKeyLine);
  repo.CommitAll("pull request");
  testing::CliResult gate = RunCli({"git", repo.path(), "--range", base + "..HEAD", "-f", "sarif", "--no-cache"});
  CHECK(gate.code == 1);
  nlohmann::json sarif = nlohmann::json::parse(gate.out);
  REQUIRE(sarif["runs"][0]["results"].size() == 1);
  CHECK(sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "deploy.env");
  std::vector<std::string> rules;
  for (const auto& rule : sarif["runs"][0]["tool"]["driver"]["rules"]) rules.push_back(rule["id"]);
  CHECK(std::find(rules.begin(), rules.end(), "keysweep.config-changed") != rules.end());
  CHECK(std::find(rules.begin(), rules.end(), "keysweep.suppression-added") != rules.end());
}

TEST_CASE("a repository's config or rule file that is not a regular file inside it is an error, not a hang") {
  testing::TempDir dir;
  dir.Write("app.env", kKeyLine);
  REQUIRE(symlink("/dev/zero", dir.Join(".keysweep.json").c_str()) == 0);
  testing::CliResult linked = [&] {
    testing::ScopedChdir here(dir.path());  // `keysweep scan` looks for the config from here
    return RunCli({"scan", ".", "--no-cache"});
  }();
  CHECK(linked.code == 2);
  CHECK(linked.err.find(".keysweep.json") != std::string::npos);

  testing::TempDir rules;
  rules.Write("app.env", kKeyLine);
  rules.Write(".keysweep.json", R"({"rules": ["/dev/zero"]})");
  testing::CliResult device = [&] {
    testing::ScopedChdir here(rules.path());
    return RunCli({"scan", ".", "--no-cache"});
  }();
  CHECK(device.code == 2);
  CHECK(device.err.find("/dev/zero") != std::string::npos);

  testing::TempDir fifo;
  fifo.Write("app.env", kKeyLine);
  REQUIRE(mkfifo(fifo.Join(".keysweep.json").c_str(), 0600) == 0);
  testing::CliResult piped = [&] {
    testing::ScopedChdir here(fifo.path());
    return RunCli({"scan", ".", "--no-cache"});
  }();
  CHECK(piped.code == 2);
  CHECK(piped.err.find("FIFO") != std::string::npos);
}

}  // namespace
}  // namespace keysweep
