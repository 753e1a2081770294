#include "detectors/rules_check.h"

#include <doctest/doctest.h>

#include <set>

#include "detectors/rule_loader.h"

namespace keysweep {
namespace {

TEST_CASE("every built-in rule compiles in both engines and passes its examples") {
  RulesCheckResult result = CheckRules(BuiltinRules());
  for (const std::string& problem : result.problems) INFO(problem);
  CHECK(result.problems.empty());
  CHECK(result.rules == BuiltinRules().size());
  CHECK(result.examples >= 2 * result.rules);
  CHECK(result.negative_examples >= 2 * result.rules);
}

TEST_CASE("the built-in rules cover AWS and at least 40 other credential kinds") {
  std::set<std::string> providers;
  size_t non_aws = 0;
  for (const Rule& rule : BuiltinRules()) {
    providers.insert(rule.provider);
    if (rule.provider != "AWS") ++non_aws;
  }
  CHECK(providers.count("AWS") == 1);
  CHECK(non_aws >= 40);
  CHECK(BuiltinRuleFiles().size() == providers.size());  // one provider per file
}

TEST_CASE("rules check reports a failing example and a matching negative example") {
  Result<std::vector<Rule>> rules = ParseRuleFile(R"json({"rules": [{
      "id": "test.token", "name": "Test token", "severity": "low",
      "pattern": "\\b(tkn_[a-z0-9]{8})\\b",
      "examples": ["tkn_a1b2c3d4", "no token here"],
      "negative_examples": ["tkn_zz9yy8xx", "tkn_short"]}]})json",
                                                  "test.json");
  REQUIRE(rules.ok());
  RulesCheckResult result = CheckRules(*rules);
  REQUIRE(result.problems.size() == 2);
  CHECK(result.problems[0].find("\"no token here\" is not reported") != std::string::npos);
  CHECK(result.problems[1].find("negative example \"tkn_zz9yy8xx\" is reported") != std::string::npos);
}

TEST_CASE("rules check names every rule that does not compile") {
  Result<std::vector<Rule>> rules = ParseRuleFile(R"json({"rules": [
      {"id": "test.unbounded", "name": "U", "severity": "low", "pattern": "(k[a-z]+)",
       "examples": ["kab"], "negative_examples": ["x"]},
      {"id": "test.lookahead", "name": "L", "severity": "low", "pattern": "(k(?=a))",
       "examples": ["ka"], "negative_examples": ["x"]}]})json",
                                                  "test.json");
  REQUIRE(rules.ok());
  RulesCheckResult result = CheckRules(*rules);
  REQUIRE(result.problems.size() == 2);
  CHECK(result.problems[0].find("test.unbounded") != std::string::npos);
  CHECK(result.problems[0].find("unbounded") != std::string::npos);
  CHECK(result.problems[1].find("test.lookahead") != std::string::npos);
}

}  // namespace
}  // namespace keysweep

namespace keysweep {
namespace {

TEST_CASE("rules check runs a path-limited rule's examples at a path its globs name") {
  Result<std::vector<Rule>> rules = ParseRuleFile(R"json({"rules": [{
      "id": "test.netrc", "name": "netrc", "severity": "high", "paths": ["**/.netrc"],
      "pattern": "\\bpassword[ \\t]{1,10}([^\\s]{1,200})",
      "examples": ["machine h login u password Fak3Pw", {"text": "password Fak3Pw2", "path": "home/u/.netrc"}],
      "negative_examples": ["machine h login u", {"text": "password Fak3Pw", "path": "README.md"}]}]})json",
                                                  "t.json");
  REQUIRE(rules.ok());
  RulesCheckResult result = CheckRules(*rules);
  for (const std::string& p : result.problems) INFO(p);
  CHECK(result.problems.empty());
}

}  // namespace
}  // namespace keysweep
