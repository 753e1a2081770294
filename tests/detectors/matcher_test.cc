#include "detectors/matcher.h"

#include <doctest/doctest.h>

#include "detectors/placeholder.h"
#include "detectors/rule_loader.h"
#include "tests/test_util.h"

namespace keysweep {
namespace {

using testing::BuiltinEngine;
using testing::kFakeKeyId;
using testing::kFakeSecret;

std::vector<Match> MatchesOf(const std::string& text, const std::string& rule_id) {
  Matcher matcher(BuiltinEngine());
  std::vector<Match> all, out;
  REQUIRE(matcher.Scan(text, {}, &all).ok());
  for (Match& m : all) {
    if (BuiltinEngine()->rules()[m.rule_index].id == rule_id) out.push_back(std::move(m));
  }
  return out;
}

TEST_CASE("an AWS key id is matched on token boundaries only") {
  CHECK(MatchesOf(std::string("id=") + kFakeKeyId, "aws.access-key-id").size() == 1);
  CHECK(MatchesOf(std::string("\"") + kFakeKeyId + "\"", "aws.access-key-id").size() == 1);
  CHECK(MatchesOf(std::string("X") + kFakeKeyId, "aws.access-key-id").empty());
  CHECK(MatchesOf(std::string(kFakeKeyId) + "Q", "aws.access-key-id").empty());
  CHECK(MatchesOf("akiazfakekey7test2id", "aws.access-key-id").empty());
  CHECK(MatchesOf(kFakeKeyId, "aws.access-key-id").size() == 1);  // whole buffer
}

TEST_CASE("a key id carries its decoded account and kind") {
  std::vector<Match> m = MatchesOf("ASIAY34FZKBOKMUTVV7A", "aws.access-key-id");
  REQUIRE(m.size() == 1);
  CHECK(m[0].attributes == std::vector<std::pair<std::string, std::string>>{
                               {"key_id", "ASIAY34FZKBOKMUTVV7A"},
                               {"key_kind", "temporary"},
                               {"account_id", "609629065308"}});
}

TEST_CASE("the secret access key near a key id is paired with it, and not reported twice") {
  std::string text = std::string("aws_access_key_id=") + kFakeKeyId + "\naws_secret_access_key=" +
                     kFakeSecret + "\n";
  std::vector<Match> ids = MatchesOf(text, "aws.access-key-id");
  REQUIRE(ids.size() == 1);
  REQUIRE(ids[0].companions.size() == 1);
  CHECK(ids[0].companions[0].name == "secret_access_key");
  CHECK(ids[0].companions[0].value == kFakeSecret);
  CHECK(ids[0].severity == Severity::kCritical);
  CHECK(MatchesOf(text, "aws.secret-access-key").empty());
}

TEST_CASE("thousands of key/secret pairs in one chunk: every secret is reported once, as a companion") {
  std::string pair = std::string("aws_access_key_id=") + kFakeKeyId + "\naws_secret_access_key=" +
                     kFakeSecret + "\n\n\n\n\n\n\n";  // the next pair is out of reach
  std::string text;
  const size_t pairs = 5000;
  for (size_t i = 0; i < pairs; ++i) text += pair;
  Matcher matcher(BuiltinEngine());
  std::vector<Match> all;
  REQUIRE(matcher.Scan(text, {}, &all).ok());
  size_t ids = 0, with_companion = 0, lone_secrets = 0;
  for (const Match& m : all) {
    const std::string& id = BuiltinEngine()->rules()[m.rule_index].id;
    if (id == "aws.access-key-id") {
      ++ids;
      with_companion += m.companions.size() == 1 ? 1 : 0;
    } else if (id == "aws.secret-access-key") {
      ++lone_secrets;
    }
  }
  CHECK(ids == pairs);
  CHECK(with_companion == pairs);
  CHECK(lone_secrets == 0);  // each secret is its key id's companion
}

TEST_CASE("a companion farther than its window is not paired") {
  std::string text = std::string(kFakeKeyId) + "\n\n\n\n\n\n\n\nsecret: " + kFakeSecret + "\n";
  std::vector<Match> ids = MatchesOf(text, "aws.access-key-id");
  REQUIRE(ids.size() == 1);
  CHECK(ids[0].companions.empty());
  CHECK(ids[0].severity == Severity::kHigh);
}

TEST_CASE("a JSON-escaped secret is the same secret") {
  std::string text = R"json({"SecretAccessKey": "fAkE\/SeCrEt+Key0123ForTestsOnly9876aBcDe"})json";
  std::vector<Match> m = MatchesOf(text, "aws.secret-access-key");
  REQUIRE(m.size() == 1);
  CHECK(m[0].secret == kFakeSecret);
}

TEST_CASE("documented example keys, placeholders and identity ids are not reported") {
  CHECK(MatchesOf("AKIAIOSFODNN7EXAMPLE", "aws.access-key-id").empty());
  CHECK(MatchesOf("AKIAXXXXXXXXXXXXXXXX", "aws.access-key-id").empty());
  CHECK(MatchesOf("aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                  "aws.secret-access-key")
            .empty());
  for (const char* prefix : {"AIDA", "AROA", "AGPA", "ANPA", "AIPA", "ANVA", "APKA"}) {
    std::string id = std::string(prefix) + "ZFAKEKEY7TEST2ID";
    CHECK(MatchesOf(id, "aws.access-key-id").empty());
  }
  CHECK(LooksLikePlaceholder("your-token-EXAMPLE"));
  CHECK(LooksLikePlaceholder("<token>"));
  CHECK(LooksLikePlaceholder("ghp_000000000000"));
  CHECK_FALSE(LooksLikePlaceholder(kFakeSecret));
}

TEST_CASE("a full hit buffer is confirmed and the scan resumes without losing a match") {
  std::string text;
  for (int i = 0; i < 50; ++i) text += std::string(kFakeKeyId).substr(0, 16) + char('A' + i % 26) + "2ID\n";
  Matcher matcher(BuiltinEngine());
  matcher.set_hit_limit_for_testing(3);
  std::vector<Match> matches;
  REQUIRE(matcher.Scan(text, {}, &matches).ok());
  size_t ids = 0;
  for (const Match& m : matches) ids += BuiltinEngine()->rules()[m.rule_index].id == "aws.access-key-id";
  CHECK(ids == 50);
}

TEST_CASE("the scan window accepts only matches ending inside it") {
  std::string text = std::string(kFakeKeyId) + " " + kFakeKeyId;  // ends at 20 and 41
  Matcher matcher(BuiltinEngine());
  std::vector<Match> matches;
  REQUIRE(matcher.Scan(text, ScanWindow{0, 30}, &matches).ok());
  REQUIRE(matches.size() == 1);
  CHECK(matches[0].begin == 0);
  matches.clear();
  REQUIRE(matcher.Scan(text, ScanWindow{20, 41}, &matches).ok());
  REQUIRE(matches.size() == 1);
  CHECK(matches[0].begin == 21);
}

TEST_CASE("keywords restrict a rule to matches with context") {
  Result<std::vector<Rule>> rules = ParseRuleFile(R"json({"rules": [{
      "id": "test.hex", "name": "Hex", "severity": "low", "pattern": "\\b([0-9a-f]{32})\\b",
      "keywords": ["datadog"], "keyword_lines": 1}]})json",
                                                  "t.json");
  REQUIRE(rules.ok());
  Result<std::shared_ptr<const Engine>> engine = Engine::Create(*rules, {});
  REQUIRE(engine.ok());
  Matcher matcher(*engine);
  auto count = [&](const std::string& text) {
    std::vector<Match> m;
    REQUIRE(matcher.Scan(text, {}, &m).ok());
    return m.size();
  };
  const std::string hex = "5f0c7e1ad3b94a2f8e6c0b7d9a1f3e25";
  CHECK(count("DATADOG_API_KEY=" + hex) == 1);
  CHECK(count("datadog:\n  api_key: " + hex) == 1);
  CHECK(count("datadog:\n\n  api_key: " + hex) == 0);  // two lines up: out of reach
  CHECK(count("checksum " + hex) == 0);
  // Deep inside a large buffer, only the match near its keyword is found.
  std::string filler(200000, 'x');
  for (size_t i = 80; i < filler.size(); i += 81) filler[i] = '\n';
  CHECK(count(filler + "\nchecksum " + hex + "\n" + filler + "\ndatadog: " + hex + "\n" + filler) == 1);
}

TEST_CASE("Engine::Create rejects unbounded and empty-matching patterns, naming the rule") {
  auto error = [](const std::string& pattern) {
    Rule rule;
    rule.id = "test.bad";
    rule.name = "Bad";
    rule.pattern = pattern;
    Result<std::shared_ptr<const Engine>> engine = Engine::Create({rule}, {});
    return engine.ok() ? std::string() : engine.status().message();
  };
  CHECK(error("(a[a-z]*)").find("unbounded") != std::string::npos);
  CHECK(error("(a?)").find("empty string") != std::string::npos);
  CHECK(error("(a(?=b))").find("test.bad") != std::string::npos);
  CHECK(error("(a[a-z]{1,5})").empty());
}

}  // namespace
}  // namespace keysweep
