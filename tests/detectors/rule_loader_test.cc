#include "detectors/rule_loader.h"

#include <doctest/doctest.h>

namespace keysweep {
namespace {

std::string ErrorOf(const std::string& json) {
  Result<std::vector<Rule>> rules = ParseRuleFile(json, "r.json");
  return rules.ok() ? "" : rules.status().message();
}

TEST_CASE("a complete rule parses") {
  Result<std::vector<Rule>> rules = ParseRuleFile(R"json({"provider": "Test", "rules": [{
      "id": "test.key", "name": "Test key", "description": "d", "severity": "critical",
      "pattern": "(k_[a-z]{4})", "keywords": ["kk"], "keyword_lines": 3, "min_entropy": 1.5,
      "references": ["https://example.test"], "examples": ["k_abcd", {"text": "k_wxyz", "secret": "k_wxyz"}],
      "negative_examples": ["k_ab"], "ignore_secrets": ["^k_zzzz$"], "placeholder_check": false,
      "redact": false, "enabled": false,
      "companions": [{"name": "c", "pattern": "(c_[a-z]{4})", "within_lines": 2, "within_bytes": 100,
                      "min_entropy": 1.0, "severity": "high"}]}]})json",
                                                  "r.json");
  REQUIRE(rules.ok());
  const Rule& rule = rules->at(0);
  CHECK(rule.id == "test.key");
  CHECK(rule.provider == "Test");
  CHECK(rule.severity == Severity::kCritical);
  CHECK(rule.keyword_lines == 3);
  CHECK(rule.examples.size() == 2);
  CHECK(rule.examples[1].secret == std::optional<std::string>("k_wxyz"));
  CHECK_FALSE(rule.enabled_by_default);
  CHECK_FALSE(rule.redact);
  REQUIRE(rule.companions.size() == 1);
  CHECK(rule.companions[0].within_bytes == 100);
  CHECK(rule.companions[0].severity == Severity::kHigh);
}

TEST_CASE("rule file errors name the file, the rule and the field") {
  CHECK(ErrorOf("{") .find("r.json: invalid JSON") != std::string::npos);
  CHECK(ErrorOf("[]").find("\"rules\" array") != std::string::npos);
  CHECK(ErrorOf(R"json({"rules": [{"id": "a.b", "name": "n", "severity": "high"}]})json")
            .find("rule 'a.b': field 'pattern' is required") != std::string::npos);
  CHECK(ErrorOf(R"json({"rules": [{"id": "a.b", "name": "n", "severity": "severe", "pattern": "(x)"}]})json")
            .find("field 'severity' must be one of") != std::string::npos);
  CHECK(ErrorOf(R"json({"rules": [{"id": "a.b", "name": "n", "severity": "high", "pattern": "(x)", "patern": 1}]})json")
            .find("unknown field 'patern'") != std::string::npos);
  CHECK(ErrorOf(R"json({"rules": [{"id": "Bad Id", "name": "n", "severity": "high", "pattern": "(x)"}]})json")
            .find("field 'id' must look like") != std::string::npos);
  CHECK(ErrorOf(R"json({"rules": [{"id": "a.b", "name": "n", "severity": "high", "pattern": "(x)"},
                              {"id": "a.b", "name": "n", "severity": "high", "pattern": "(y)"}]})json")
            .find("duplicate rule id 'a.b'") != std::string::npos);
  CHECK(ErrorOf(R"json({"rules": [{"id": "a.b", "name": "n", "severity": "high", "pattern": "(x)", "decoder": "rot13"}]})json")
            .find("decoder") != std::string::npos);
}

TEST_CASE("LoadRuleFile reports a missing file") {
  Result<std::vector<Rule>> rules = LoadRuleFile("/nonexistent/rules.json");
  REQUIRE_FALSE(rules.ok());
  CHECK(rules.status().message().find("cannot open") != std::string::npos);
}

}  // namespace
}  // namespace keysweep
