// Engine::Create bounds the compile: too many rules is a quick, clear error.
#include <doctest/doctest.h>

#include "detectors/engine.h"
#include "detectors/rule_loader.h"

namespace keysweep {
namespace {

std::string RuleFile(size_t n, const std::string& prefix) {
  std::string json = "{\"rules\": [";
  for (size_t i = 0; i < n; ++i) {
    json += (i == 0 ? "" : ",");
    json += "{\"id\": \"bench." + prefix + std::to_string(i) + "\", \"name\": \"r\", \"severity\": \"low\", " +
            "\"pattern\": \"(?i)\\\\b(" + prefix + std::to_string(i) + "tok_[a-z0-9]{24})\\\\b\"}";
  }
  return json + "]}";
}

TEST_CASE("more rules than kMaxEngineRules are refused before compiling, naming the files that brought them") {
  Result<std::vector<Rule>> big = ParseRuleFile(RuleFile(kMaxEngineRules - 10, "big"), "big.json");
  Result<std::vector<Rule>> small = ParseRuleFile(RuleFile(11, "small"), "small.json");
  INFO(big.status().message());
  REQUIRE(big.ok());
  REQUIRE(small.ok());
  std::vector<Rule> rules = *big;
  rules.insert(rules.end(), small->begin(), small->end());
  Result<std::shared_ptr<const Engine>> engine = Engine::Create(rules, {});
  REQUIRE_FALSE(engine.ok());
  const std::string message = engine.status().message();
  INFO(message);
  CHECK(message.find(std::to_string(kMaxEngineRules + 1) + " rules are more than the " +
                     std::to_string(kMaxEngineRules)) != std::string::npos);
  CHECK(message.find("big.json (" + std::to_string(kMaxEngineRules - 10) + " rules), small.json (11 rules)") !=
        std::string::npos);
}

}  // namespace
}  // namespace keysweep
