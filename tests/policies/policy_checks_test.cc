// Runs every policy check's fixture pair (fixtures/policies/<check id>/).
#include <dirent.h>

#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

#include "policies/lint.h"
#include "policies/policy_check.h"
#include "policies/revoke_policy.h"
#include "tests/test_util.h"

namespace keysweep {
namespace {

std::vector<std::string> ListDir(const std::string& dir) {
  std::vector<std::string> names;
  if (DIR* d = opendir(dir.c_str())) {
    while (struct dirent* e = readdir(d)) {
      if (e->d_name[0] != '.') names.push_back(e->d_name);
    }
    closedir(d);
  }
  std::sort(names.begin(), names.end());
  return names;
}

// "check-id pointer" for each finding of `check_id`.
std::multiset<std::string> FindingsOf(const Report& report, const std::string& check_id) {
  std::multiset<std::string> out;
  for (const Finding& f : report.findings) {
    if (f.rule_id == check_id) out.insert(f.rule_id + " " + f.locations[0].pointer);
  }
  return out;
}

std::multiset<std::string> ExpectedLines(const std::string& path) {
  std::multiset<std::string> out;
  std::istringstream lines(testing::ReadFile(path));
  std::string line;
  while (std::getline(lines, line)) {
    while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.pop_back();
    if (line.empty()) continue;
    if (line.find(' ') == std::string::npos) line += " ";  // a finding on the whole document
    else if (line.back() == ' ') line.pop_back();
    out.insert(line);
  }
  return out;
}

std::string Normalize(std::string s) {
  while (!s.empty() && s.back() == ' ') s.pop_back();
  return s;
}

TEST_CASE("every policy check reports its bad fixtures exactly and stays quiet on its good ones") {
  const std::string root = testing::SourcePath("fixtures/policies");
  std::set<std::string> ids;
  for (const PolicyCheck& check : AllPolicyChecks()) {
    for (const PolicyCheckInfo& info : check.infos) ids.insert(info.id);
  }
  CHECK(ids.size() >= 3);
  for (const std::string& id : ids) {
    CAPTURE(id);
    std::vector<std::string> files = ListDir(root + "/" + id);
    size_t bad = 0, good = 0;
    for (const std::string& name : files) {
      if (!name.ends_with(".json")) continue;
      std::string path = root + "/" + id + "/" + name;
      CAPTURE(name);
      Report report = LintPolicyText(testing::ReadFile(path), name, PolicyKind::kUnknown);
      std::multiset<std::string> got;
      for (const std::string& f : FindingsOf(report, id)) got.insert(Normalize(f));
      if (name.starts_with("bad")) {
        ++bad;
        std::multiset<std::string> want;
        for (const std::string& w : ExpectedLines(path.substr(0, path.size() - 5) + ".expected")) want.insert(Normalize(w));
        CHECK(got == want);
      } else if (name.starts_with("good")) {
        ++good;
        CHECK(got.empty());
      }
    }
    CHECK(bad >= 1);
    CHECK(good >= 1);
  }
}

TEST_CASE("the response's revoke policy lints clean") {
  Report report = LintPolicyText(RevokeOlderSessionsPolicy("2026-11-28T19:00:00Z"), "revoke.json",
                                 PolicyKind::kIdentity);
  for (const Finding& f : report.findings) INFO(f.rule_id << ": " << f.message);
  CHECK(report.findings.empty());
}

TEST_CASE("invalid JSON and non-policies are findings with a line and column") {
  Report invalid = LintPolicyText("{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n}", "x.json",
                                  PolicyKind::kUnknown);
  REQUIRE(invalid.findings.size() == 1);
  CHECK(invalid.findings[0].rule_id == "iam.invalid-json");
  CHECK(invalid.findings[0].locations[0].line == 4);
  Report other = LintPolicyText("{\"name\": \"package\"}", "package.json", PolicyKind::kUnknown);
  REQUIRE(other.findings.size() == 1);
  CHECK(other.findings[0].rule_id == "iam.not-a-policy");
}

TEST_CASE("deeply nested JSON is a clear error, not a stack overflow") {
  std::string deep(1000000, '[');
  Report report = LintPolicyText(deep, "deep.json", PolicyKind::kUnknown);
  REQUIRE(report.findings.size() == 1);
  CHECK(report.findings[0].message.find("nested deeper than") != std::string::npos);
}

}  // namespace
}  // namespace keysweep

namespace keysweep {
namespace {

// AWS's own managed policies are the reality check: no grammar or validity
// finding but the services and actions AWS retired after writing them, and the
// least-privilege findings an expert agrees with (fixtures/aws-managed-policies/README.md).
TEST_CASE("AWS managed policies: only the expected findings") {
  LintRequest request;
  request.paths = {testing::SourcePath("fixtures/aws-managed-policies")};
  Result<Report> report = LintPolicies(request);
  REQUIRE(report.ok());
  std::map<std::string, int> counts;
  for (const Finding& f : report->findings) ++counts[f.rule_id];
  std::map<std::string, int> expected = {
      {"iam.service-wildcard", 27}, {"iam.unknown-service", 6}, {"iam.unknown-action", 5},
      {"iam.policy-size", 4}, {"iam.permissions-management-unrestricted", 3},
      {"iam.sensitive-data-read", 3}, {"iam.credentials-exposure", 2},
      {"iam.privilege-escalation", 2}, {"iam.sensitive-service-wildcard", 1}};
  CHECK(counts == expected);
  CHECK(report->stats.files == 99);
  CHECK(report->diagnostics.empty());
}

}  // namespace
}  // namespace keysweep
