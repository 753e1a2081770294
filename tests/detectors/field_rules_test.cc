#include <doctest/doctest.h>

#include <filesystem>

#include "detectors/engine.h"
#include "detectors/placeholder.h"
#include "detectors/rule_loader.h"
#include "scanner/content_scanner.h"
#include "scanner/rule_selection.h"
#include "tests/test_util.h"

namespace keysweep {
namespace {

std::shared_ptr<const Engine> EngineOf(const std::string& json) {
  Result<std::vector<Rule>> rules = ParseRuleFile(json, "test.json");
  INFO(rules.status().message());
  REQUIRE(rules.ok());
  Result<std::shared_ptr<const Engine>> engine = Engine::Create(*rules, {});
  INFO(engine.status().message());
  REQUIRE(engine.ok());
  return *engine;
}

std::vector<std::string> Secrets(const std::shared_ptr<const Engine>& engine, const std::string& text,
                                 const std::string& path = "") {
  ContentScanner scanner(engine);
  ContentResult result;
  REQUIRE(scanner.ScanBytes(text, path, &result).ok());
  std::vector<std::string> out;
  for (const ContentMatch& m : result.matches.full()) out.push_back(m.secret);
  return out;
}

const char* kPasswordRule = R"json({"rules": [{"id": "test.password", "name": "Password",
    "severity": "high", "fields": ["password", "db_pass(?:word)?"]}]})json";

TEST_CASE("a field rule finds the value in every configuration syntax") {
  auto engine = EngineOf(kPasswordRule);
  CHECK(Secrets(engine, "password=Tr0ub4dor&3\n") == std::vector<std::string>{"Tr0ub4dor&3"});
  CHECK(Secrets(engine, "export DB_PASSWORD=\"s3cr3t value\"\n") == std::vector<std::string>{"s3cr3t value"});
  CHECK(Secrets(engine, "  password: 'hunter2x'\n") == std::vector<std::string>{"hunter2x"});
  CHECK(Secrets(engine, "{\"password\": \"c0rrect-h0rse\"}") == std::vector<std::string>{"c0rrect-h0rse"});
  CHECK(Secrets(engine, "<Password>Pa55word!</Password>") == std::vector<std::string>{"Pa55word!"});
  CHECK(Secrets(engine, "<server password=\"xml-attr-pw\"/>") == std::vector<std::string>{"xml-attr-pw"});
  CHECK(Secrets(engine, "define( 'DB_PASSWORD', 'wp-s3cret' );") == std::vector<std::string>{"wp-s3cret"});
  CHECK(Secrets(engine, "$config['password'] => 'php-arr-pw',") == std::vector<std::string>{"php-arr-pw"});
  CHECK(Secrets(engine, "spring.datasource.password = jdbcPw99\n").empty());  // "datasource.password" is not "password" alone
}

TEST_CASE("field rules drop placeholders, templates and environment reads") {
  auto engine = EngineOf(kPasswordRule);
  for (const char* text : {"password=\n", "password=changeme\n", "password: ${DB_PASSWORD}\n",
                           "password = \"<your-password>\"\n", "password=xxxxxxxx\n", "password: '****'\n",
                           "password = os.environ['DB_PASSWORD']\n", "password: {{ vault_db_password }}\n",
                           "password=$DB_PASS\n", "password=%DB_PASS%\n", "password: null\n",
                           "\"password\": \"\"\n"}) {
    CAPTURE(text);
    CHECK(Secrets(engine, text).empty());
  }
  CHECK(LooksLikePlaceholderValue("your_password"));
  CHECK(LooksLikePlaceholderValue("process.env.DB_PASSWORD"));
  CHECK_FALSE(LooksLikePlaceholderValue("Tr0ub4dor&3"));
  CHECK_FALSE(LooksLikePlaceholderValue("hunter2"));
}

TEST_CASE("a path-limited rule runs only on matching paths, and copies are not merged across paths") {
  auto engine = EngineOf(R"json({"rules": [
      {"id": "test.netrc", "name": "netrc password", "severity": "high",
       "paths": ["**/.netrc", "**/_netrc"], "pattern": "\\bpassword[ \\t]{1,10}([^\\s]{1,200})"},
      {"id": "test.token", "name": "Token", "severity": "high", "pattern": "\\b(tok_[a-z0-9]{12})\\b"}]})json");
  const std::string text = "machine example.test login deploy password n3tRcPw\ntok_a1b2c3d4e5f6\n";
  CHECK(Secrets(engine, text, ".netrc") == std::vector<std::string>{"n3tRcPw", "tok_a1b2c3d4e5f6"});
  CHECK(Secrets(engine, text, "home/dev/_netrc").size() == 2);
  CHECK(Secrets(engine, text, "docs/netrc.md") == std::vector<std::string>{"tok_a1b2c3d4e5f6"});
  CHECK(Secrets(engine, text, "") == std::vector<std::string>{"tok_a1b2c3d4e5f6"});
}

TEST_CASE("informative rules run only when asked") {
  RuleSelection selection;
  Result<std::vector<Rule>> plain = SelectRules(selection);
  REQUIRE(plain.ok());
  for (const Rule& rule : *plain) CHECK_FALSE(rule.informative);
  selection.include_informative = true;
  Result<std::vector<Rule>> with = SelectRules(selection);
  REQUIRE(with.ok());
  CHECK(with->size() >= plain->size());
}

TEST_CASE("a field rule may not also give a pattern") {
  Result<std::vector<Rule>> rules = ParseRuleFile(R"json({"rules": [{"id": "t.x", "name": "x",
      "severity": "low", "fields": ["password"], "pattern": "(x)"}]})json", "t.json");
  REQUIRE_FALSE(rules.ok());
  CHECK(rules.status().message().find("cannot be given with") != std::string::npos);
}

TEST_CASE("one secret, one finding: rules reporting the same bytes are merged into the best-placed") {
  auto engine = EngineOf(R"json({"rules": [
    {"id": "test.anywhere", "name": "a", "severity": "medium", "fields": ["token"]},
    {"id": "test.config", "name": "c", "severity": "medium", "fields": ["token"], "paths": ["**/app.cfg"]},
    {"id": "test.critical", "name": "k", "severity": "critical", "pattern": "(tok_[a-z0-9]{8})"}]})json");
  auto rules_reporting = [&](const std::string& text, const std::string& path) {
    ContentScanner scanner(engine);
    ContentResult result;
    REQUIRE(scanner.ScanBytes(text, path, &result).ok());
    std::vector<std::string> ids;
    for (const ContentMatch& m : result.matches.full()) ids.push_back(engine->rules()[m.rule_index].id);
    return ids;
  };
  // Same bytes: the critical rule wins over both field rules.
  CHECK(rules_reporting("token = tok_ab12cd34\n", "etc/app.cfg") == std::vector<std::string>{"test.critical"});
  // Same severity: the path-limited rule wins over the general one.
  CHECK(rules_reporting("token = Zq8vLm3Rt9\n", "etc/app.cfg") == std::vector<std::string>{"test.config"});
  CHECK(rules_reporting("token = Zq8vLm3Rt9\n", "src/other.cfg") == std::vector<std::string>{"test.anywhere"});
  // Different bytes on one line are different secrets: both reported.
  CHECK(rules_reporting("token = Zq8vLm3Rt9 tok_ab12cd34\n", "x").size() == 2);
}

TEST_CASE("the path-limited database is compiled on first use, then served from the cache") {
  testing::TempDir cache;
  Result<std::vector<Rule>> rules = ParseRuleFile(R"json({"rules": [
    {"id": "t.token", "name": "t", "severity": "high", "pattern": "(tok_[a-z0-9]{8})"},
    {"id": "t.netrc", "name": "n", "severity": "high", "fields": ["password"], "paths": ["**/.netrc"]}]})json",
                                                  "test.json");
  REQUIRE(rules.ok());
  auto cache_entries = [&] {
    size_t n = 0;
    for (const auto& entry : std::filesystem::directory_iterator(cache.path())) {
      n += entry.path().extension() == ".bin";
    }
    return n;
  };
  const std::string text = "password = Zq8vLm3Rt9\n";
  {
    Result<std::shared_ptr<const Engine>> engine = Engine::Create(*rules, {cache.path()});
    REQUIRE(engine.ok());
    CHECK(cache_entries() == 1);  // the main database only
    CHECK(Secrets(*engine, text, "src/app.txt").empty());
    CHECK(cache_entries() == 1);  // no path matched: the path database was never built
    CHECK(Secrets(*engine, text, "home/u/.netrc") == std::vector<std::string>{"Zq8vLm3Rt9"});
    CHECK(cache_entries() == 2);
  }
  Result<std::shared_ptr<const Engine>> again = Engine::Create(*rules, {cache.path()});
  REQUIRE(again.ok());
  CHECK((*again)->loaded_from_cache());
  CHECK(Secrets(*again, text, "home/u/.netrc") == std::vector<std::string>{"Zq8vLm3Rt9"});
  CHECK(cache_entries() == 2);
}

}  // namespace
}  // namespace keysweep
