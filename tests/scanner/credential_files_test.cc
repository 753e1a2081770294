// Recall and false alarms on the credential-file collection: every risky line
// listed in fixtures/credential-files.expected.json must be reported, and nothing
// else (the placeholders/ folder holds decoys that must stay silent).
#include <doctest/doctest.h>

#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "tests/test_util.h"

namespace keysweep {
namespace {

using Expectations = std::set<std::string>;  // "<rule id> <path>:<line>"

Expectations ReadExpected(const char* list) {
  nlohmann::json expected = nlohmann::json::parse(
      testing::ReadFile(testing::SourcePath("fixtures/credential-files.expected.json")));
  Expectations out;
  for (const auto& entry : expected.at(list)) out.insert(entry.get<std::string>());
  return out;
}

// Every (rule, place) keysweep reports under the collection, paths relative to it.
Expectations Scan(bool include_informative) {
  const std::string root = testing::SourcePath("fixtures/credential-files");
  testing::TempDir neutral;  // the repository's own config excludes fixtures/
  testing::ScopedChdir in(neutral.path());
  std::vector<std::string> args = {"scan", root, "--format", "jsonl"};
  if (include_informative) args.push_back("--include-informative");
  testing::CliResult result = testing::RunCli(args);
  REQUIRE(result.code != 2);
  Expectations out;
  size_t start = 0;
  while (start < result.out.size()) {
    size_t end = result.out.find('\n', start);
    if (end == std::string::npos) end = result.out.size();
    nlohmann::json finding = nlohmann::json::parse(result.out.substr(start, end - start));
    for (const auto& location : finding.at("locations")) {
      std::string path = location.at("path").get<std::string>();
      REQUIRE(path.rfind(root + "/", 0) == 0);
      out.insert(finding.at("rule_id").get<std::string>() + " " + path.substr(root.size() + 1) +
                 ":" + std::to_string(location.at("line").get<int>()));
    }
    start = end + 1;
  }
  return out;
}

// Reports recall and false alarms, then requires both to be perfect.
void Score(const Expectations& expected, const Expectations& reported) {
  std::vector<std::string> missed;
  std::vector<std::string> false_alarms;
  for (const std::string& e : expected) {
    if (!reported.count(e)) missed.push_back(e);
  }
  for (const std::string& r : reported) {
    if (!expected.count(r)) false_alarms.push_back(r);
  }
  MESSAGE("credential files: ", expected.size() - missed.size(), "/", expected.size(),
          " expected findings reported, ", false_alarms.size(), " unexpected");
  for (const std::string& m : missed) MESSAGE("missed: ", m);
  for (const std::string& f : false_alarms) MESSAGE("unexpected: ", f);
  CHECK(missed.empty());
  CHECK(false_alarms.empty());
}

TEST_CASE("credential files: every risky line is reported, placeholders are not") {
  Expectations reported = Scan(false);
  Score(ReadExpected("findings"), reported);
  for (const std::string& r : reported) CHECK(r.find(" placeholders/") == std::string::npos);
}

TEST_CASE("credential files: --include-informative adds the context findings") {
  Expectations expected = ReadExpected("findings");
  Expectations informative = ReadExpected("informative_findings");
  REQUIRE_FALSE(informative.empty());
  expected.insert(informative.begin(), informative.end());
  Score(expected, Scan(true));
}

}  // namespace
}  // namespace keysweep
