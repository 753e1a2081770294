#include "scanner/config.h"

#include <doctest/doctest.h>

#include <sstream>

#include "detectors/rule_loader.h"
#include "scanner/baseline.h"
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

TEST_CASE("RunScan finds .keysweep.json in the scanned directory and applies it") {
  TempDir dir;
  dir.Write("fixtures/fake.env", std::string("k=") + kFakeKeyId + "\n");
  dir.Write("rules/extra.json", R"json({"rules": [{"id": "acme.token", "name": "Acme token",
      "severity": "medium", "pattern": "\\b(acme_[a-z0-9]{12})\\b"}]})json");
  dir.Write("src/app.cfg", "token = acme_k3j9x7q2m5w8\n");
  dir.Write(".keysweep.json", R"json({"rules": ["rules/extra.json"], "exclude_paths": ["fixtures/**"]})json");
  ScanRequest request;
  request.paths = {dir.path()};
  Result<Report> report = RunScan(request);
  REQUIRE(report.ok());
  REQUIRE(report->findings.size() == 1);
  CHECK(report->findings[0].rule_id == "acme.token");

  dir.Write(".keysweep.json", R"json({"rules": ["rules/missing.json"]})json");
  Result<Report> broken = RunScan(request);
  REQUIRE_FALSE(broken.ok());
  CHECK(broken.status().message().find("missing.json: cannot open") != std::string::npos);
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
