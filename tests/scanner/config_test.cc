#include "scanner/config.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <sstream>

#include "detectors/rule_loader.h"
#include "scanner/baseline.h"
#include "scanner/file_walker.h"
#include "scanner/rule_selection.h"
#include "scanner/scan.h"
#include "tests/test_util.h"

namespace keysweep {
namespace {

using testing::kFakeKeyId;
using testing::TempDir;

TEST_CASE("a config parses and resolves rule files against its directory") {
  Result<Config> config = ParseConfig(R"json({"rules": ["extra.json", "/abs/r.json"],
      "enable_rules": ["generic.*"], "disable_rules": ["aws.mws-auth-token"],
      "exclude_paths": ["fixtures/**"], "allow_fingerprints": ["abc"]})json",
                                      "repo/.keysweep.json");
  REQUIRE(config.ok());
  CHECK(config->rule_files == std::vector<std::string>{"repo/extra.json", "/abs/r.json"});
  CHECK(config->exclude_paths == std::vector<std::string>{"fixtures/**"});
  CHECK(config->allow_fingerprints == std::vector<std::string>{"abc"});
}

TEST_CASE("a broken config is a clear error, not silence") {
  CHECK(ParseConfig("{", "c.json").status().message().find("c.json: invalid JSON") == 0);
  CHECK(ParseConfig("[]", "c.json").status().message().find("must be a JSON object") != std::string::npos);
  CHECK(ParseConfig(R"json({"exclude": ["x"]})json", "c.json").status().message().find("unknown field \"exclude\"") !=
        std::string::npos);
  CHECK(ParseConfig(R"json({"exclude_paths": "x"})json", "c.json").status().message().find("array of strings") !=
        std::string::npos);
  CHECK_FALSE(LoadConfig("/nonexistent/.keysweep.json").ok());
}

TEST_CASE("rule selection: unknown ids are errors, provider.* selects a family") {
  RuleSelection selection;
  selection.disable_rules = {"aws.*"};
  Result<std::vector<Rule>> rules = SelectRules(selection);
  REQUIRE(rules.ok());
  for (const Rule& rule : *rules) CHECK(rule.provider != "AWS");
  selection.disable_rules = {"aws.acess-key-id"};
  Result<std::vector<Rule>> typo = SelectRules(selection);
  REQUIRE_FALSE(typo.ok());
  CHECK(typo.status().message().find("no rule matches 'aws.acess-key-id'") != std::string::npos);
}

TEST_CASE("RunScan finds .keysweep.json in the current directory and applies it") {
  TempDir dir;
  dir.Write("fixtures/fake.env", std::string("k=") + kFakeKeyId + "\n");
  dir.Write("rules/extra.json", R"json({"rules": [{"id": "acme.token", "name": "Acme token",
      "severity": "medium", "pattern": "\\b(acme_[a-z0-9]{12})\\b"}]})json");
  dir.Write("src/app.cfg", "token = acme_k3j9x7q2m5w8\n");
  dir.Write(".keysweep.json", R"json({"rules": ["rules/extra.json"], "exclude_paths": ["fixtures/**"]})json");
  testing::ScopedChdir in(dir.path());
  ScanRequest request;
  request.paths = {"."};
  Result<Report> report = RunScan(request);
  REQUIRE(report.ok());
  REQUIRE(report->findings.size() == 1);
  CHECK(report->findings[0].rule_id == "acme.token");

  dir.Write(".keysweep.json", R"json({"rules": ["rules/missing.json"]})json");
  Result<Report> broken = RunScan(request);
  REQUIRE_FALSE(broken.ok());
  CHECK(broken.status().message().find("missing.json: cannot open") != std::string::npos);
}

// A folder marked as a repository's root (.git), with a config there.
struct RepoWithConfig {
  TempDir dir;
  explicit RepoWithConfig(const std::string& config) {
    dir.Write(".git/HEAD", "ref: refs/heads/main\n");
    dir.Write(".keysweep.json", config);
  }
};

TEST_CASE("config discovery: the current folder, then its parents up to the repository's root") {
  RepoWithConfig repo(R"json({"allow_fingerprints": ["root"]})json");
  repo.dir.Write("a/b/file.txt", "x\n");
  {
    testing::ScopedChdir in(repo.dir.Join("a/b"));
    Result<Config> found = FindConfig("", ".");
    REQUIRE(found.ok());
    CHECK(found->allow_fingerprints == std::vector<std::string>{"root"});
    CHECK(found->dir == RealPath(repo.dir.path()));
  }
  // The nearest config wins; --config wins over every discovered one.
  repo.dir.Write("a/.keysweep.json", R"json({"allow_fingerprints": ["a"]})json");
  std::string explicit_config = repo.dir.Write("ci/strict.json", R"json({"allow_fingerprints": ["ci"]})json");
  {
    testing::ScopedChdir in(repo.dir.Join("a/b"));
    CHECK(FindConfig("", ".")->allow_fingerprints == std::vector<std::string>{"a"});
    CHECK(FindConfig(explicit_config, ".")->allow_fingerprints == std::vector<std::string>{"ci"});
    CHECK_FALSE(FindConfig("missing.json", ".").ok());
  }
  // A worktree's .git is a file: it marks the root too, and nothing above it is read.
  TempDir outer;
  outer.Write(".keysweep.json", R"json({"allow_fingerprints": ["outer"]})json");
  outer.Write("wt/.git", "gitdir: /elsewhere\n");
  outer.Write("wt/src/x.txt", "x\n");
  {
    testing::ScopedChdir in(outer.Join("wt/src"));
    CHECK(FindConfig("", ".")->path.empty());
  }
  // Outside a repository only the current folder counts.
  outer.Write("plain/deeper/x.txt", "x\n");
  {
    testing::ScopedChdir in(outer.Join("plain/deeper"));
    CHECK(FindConfig("", ".")->path.empty());
  }
  {
    testing::ScopedChdir in(outer.path());
    CHECK(FindConfig("", ".")->path == ".keysweep.json");
  }
}

TEST_CASE("the scanned folder's .keysweep.json does not apply when the scan starts elsewhere") {
  TempDir project;
  project.Write("leak.env", std::string("k=") + kFakeKeyId + "\n");
  project.Write(".keysweep.json", R"json({"exclude_paths": ["*.env"]})json");
  TempDir elsewhere;
  testing::ScopedChdir in(elsewhere.path());
  ScanRequest request;
  request.paths = {project.path()};
  Result<Report> report = RunScan(request);
  REQUIRE(report.ok());
  CHECK(report->findings.size() == 1);
  request.config_path = project.Join(".keysweep.json");
  CHECK(RunScan(request)->findings.empty());
}

TEST_CASE("exclude_paths are relative to the config's folder wherever the scan starts") {
  RepoWithConfig repo(R"json({"exclude_paths": ["fixtures/**", "/top.env"]})json");
  const std::string leak = std::string("k=") + kFakeKeyId + "\n";
  repo.dir.Write("fixtures/sub/leak.env", leak);
  repo.dir.Write("fixtures/sub/deep/leak.env", leak);
  repo.dir.Write("src/app.env", leak);
  repo.dir.Write("src/top.env", leak);  // "/top.env" is anchored at the config's folder
  repo.dir.Write("top.env", leak);
  auto scan = [](const std::string& cwd, std::vector<std::string> paths,
                 std::vector<std::string> cli_excludes = {}) {
    testing::ScopedChdir in(cwd);
    ScanRequest request;
    request.paths = std::move(paths);
    request.excludes = std::move(cli_excludes);
    Result<Report> report = RunScan(request);
    REQUIRE(report.ok());
    std::vector<std::string> found;
    for (const Finding& f : report->findings) {
      for (const Location& l : f.locations) found.push_back(l.path);
    }
    std::sort(found.begin(), found.end());
    return found;
  };
  using Paths = std::vector<std::string>;
  CHECK(scan(repo.dir.path(), {"fixtures/sub"}).empty());
  CHECK(scan(repo.dir.path(), {"."}) == Paths{"src/app.env", "src/top.env"});
  CHECK(scan(repo.dir.Join("fixtures/sub"), {"."}).empty());
  CHECK(scan(repo.dir.Join("fixtures/sub"), {"deep"}).empty());
  CHECK(scan(repo.dir.Join("src"), {"../fixtures"}).empty());
  CHECK(scan(repo.dir.Join("src"), {"."}) == Paths{"app.env", "top.env"});
  CHECK(scan(repo.dir.Join("src"), {repo.dir.path()}) ==
        Paths{repo.dir.Join("src/app.env"), repo.dir.Join("src/top.env")});
  // --exclude globs match below the scanned root (or the path as shown).
  CHECK(scan(repo.dir.Join("src"), {"."}, {"top.env"}) == Paths{"app.env"});
  CHECK(scan(repo.dir.Join("src"), {"."}, {"/app.env"}) == Paths{"top.env"});
}

TEST_CASE("the config's baseline is read relative to the config and --baseline overrides it") {
  RepoWithConfig repo(R"json({"baseline": "ci/baseline.json"})json");
  repo.dir.Write("src/old.env", std::string("k=") + kFakeKeyId + "\n");
  testing::ScopedChdir in(repo.dir.Join("src"));
  ScanRequest request;
  request.paths = {"."};

  Result<Report> missing = RunScan(request);
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.status().message().find("ci/baseline.json: cannot open baseline file") != std::string::npos);
  CHECK(missing.status().message().find(".keysweep.json names") != std::string::npos);

  request.use_baseline = false;
  Result<Report> today = RunScan(request);
  REQUIRE(today.ok());
  REQUIRE(today->findings.size() == 1);
  std::ostringstream baseline;
  WriteBaseline(*today, baseline);
  repo.dir.Write("ci/baseline.json", baseline.str());
  request.use_baseline = true;
  Result<Report> after = RunScan(request);
  REQUIRE(after.ok());
  CHECK(after->findings.empty());
  CHECK(after->stats.suppressed == 1);

  request.baseline_path = repo.dir.Write("empty-baseline.json", R"json({"findings": []})json");
  Result<Report> overridden = RunScan(request);
  REQUIRE(overridden.ok());
  CHECK(overridden->findings.size() == 1);
}

TEST_CASE("a config's baseline must be a file name") {
  CHECK(ParseConfig(R"json({"baseline": ["b.json"]})json", "c.json").status().message().find("\"baseline\" must be a file name") !=
        std::string::npos);
  CHECK(ParseConfig(R"json({"baseline": "/abs/b.json"})json", "repo/c.json")->baseline == "/abs/b.json");
  CHECK(ParseConfig(R"json({"baseline": "b.json"})json", "repo/c.json")->baseline == "repo/b.json");
}

TEST_CASE("a baseline suppresses known findings even after their lines move") {
  TempDir dir;
  std::string file = dir.Write("app.env", std::string("k=") + kFakeKeyId + "\n");
  ScanRequest request;
  request.paths = {dir.path()};
  Result<Report> before = RunScan(request);
  REQUIRE(before.ok());
  REQUIRE(before->findings.size() == 1);
  std::ostringstream baseline;
  WriteBaseline(*before, baseline);
  CHECK(baseline.str().find(kFakeKeyId) == std::string::npos);  // fingerprints only
  TempDir elsewhere;
  std::string baseline_path = elsewhere.Write("baseline.json", baseline.str());

  // Lines move, and a new secret arrives.
  dir.Write("app.env", std::string("\n\n# moved\nk=") + kFakeKeyId + "\nnew=ASIAY34FZKBOKMUTVV7A\n");
  request.baseline_path = baseline_path;
  Result<Report> after = RunScan(request);
  REQUIRE(after.ok());
  REQUIRE(after->findings.size() == 1);
  CHECK(after->findings[0].secret == "ASIAY34FZKBOKMUTVV7A");
  CHECK(after->stats.suppressed == 1);
}

TEST_CASE("a broken baseline is an error") {
  TempDir dir;
  ScanRequest request;
  request.paths = {dir.path()};
  request.baseline_path = dir.Write("b.json", "{\"findings\": [{\"rule\": 1}]}");
  Result<Report> report = RunScan(request);
  REQUIRE_FALSE(report.ok());
  CHECK(report.status().message().find("fingerprint") != std::string::npos);
}

TEST_CASE("hostile JSON in a config, a rule file or a baseline is an error, never a crash") {
  const std::string overflow = R"({"rules": [], "x": 66e66666})";
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  for (const std::string& text : {overflow, deep, std::string("{\"a\": 1e999999999999}"), std::string("\xff\xfe{")}) {
    Result<Config> config = ParseConfig(text, "c.json");
    CHECK_FALSE(config.ok());
    CHECK(config.status().message().find("c.json: invalid JSON") == 0);
    Result<std::vector<Rule>> rules = ParseRuleFile(text, "r.json");
    CHECK_FALSE(rules.ok());
    CHECK(rules.status().message().find("r.json: invalid JSON") == 0);
  }
  CHECK(ParseConfig(deep, "c.json").status().message().find("nested more than 256 levels") != std::string::npos);
  testing::TempDir dir;
  CHECK_FALSE(LoadBaseline(dir.Write("baseline.json", deep)).ok());
}

}  // namespace
}  // namespace keysweep
