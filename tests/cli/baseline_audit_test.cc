// `keysweep baseline audit` and baseline statuses (issue 12): old baselines
// load unchanged; gone findings become fixed (or are pruned); --accept marks
// an entry accepted with a note; fixed entries no longer suppress; the file is
// replaced atomically.
#include <dirent.h>
#include <unistd.h>

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "scanner/baseline.h"
#include "tests/test_util.h"

namespace keysweep {
namespace {

using testing::kFakeKeyId;
using testing::kFakeSecret;
using testing::kOtherFakeKeyId;
using testing::RunCli;
using testing::TempDir;

// A folder with two secrets and a baseline of both, kept in another folder.
struct AuditFixture {
  TempDir code;
  TempDir state;
  std::string baseline = state.Join("baseline.json");
  AuditFixture() {
    code.Write("a.env", std::string("aws_access_key_id = ") + kFakeKeyId + "\naws_secret_access_key = " +
                            kFakeSecret + "\n");
    code.Write("b.env", std::string("k=") + kOtherFakeKeyId + "\n");
    REQUIRE(RunCli({"baseline", code.path(), "-o", baseline}).code == 0);
  }
  nlohmann::json Read() const { return nlohmann::json::parse(testing::ReadFile(baseline)); }
  // The entry for the finding at `file`.
  nlohmann::json Entry(const std::string& file) const {
    nlohmann::json doc = Read();
    for (const auto& item : doc["findings"]) {
      if (item["path"].get<std::string>().ends_with(file)) return item;
    }
    return nullptr;
  }
  testing::CliResult Audit(std::vector<std::string> extra = {}) const {
    std::vector<std::string> args = {"baseline", "audit", "--baseline", baseline, code.path()};
    args.insert(args.end(), extra.begin(), extra.end());
    return RunCli(args);
  }
};

TEST_CASE("a baseline without statuses loads: every entry unreviewed and suppressing") {
  TempDir dir;
  std::string path = dir.Write("old.json", R"json({"keysweep_baseline": 1, "findings": [
      {"fingerprint": "aaaa", "rule_id": "aws.access-key-id", "path": "x.env", "line": 3}]})json");
  Result<std::vector<BaselineEntry>> entries = ReadBaseline(path);
  REQUIRE(entries.ok());
  REQUIRE(entries->size() == 1);
  CHECK((*entries)[0].status == BaselineStatus::kUnreviewed);
  CHECK((*entries)[0].line == 3);
  CHECK(LoadBaseline(path)->count("aaaa") == 1);
  dir.Write("fixed.json", R"json({"findings": [{"fingerprint": "aaaa", "status": "fixed"},
      {"fingerprint": "bbbb", "status": "accepted", "note": "test key", "reviewed_at": "2026-01-01T00:00:00Z"}]})json");
  CHECK(*LoadBaseline(dir.Join("fixed.json")) == std::set<std::string>{"bbbb"});
  dir.Write("bad.json", R"json({"findings": [{"fingerprint": "aaaa", "status": "ignored"}]})json");
  CHECK_FALSE(ReadBaseline(dir.Join("bad.json")).ok());
}

TEST_CASE("baseline audit: entries still found are listed redacted; gone ones become fixed") {
  AuditFixture fx;
  testing::CliResult unchanged = fx.Audit();
  CHECK(unchanged.code == 0);
  CHECK(unchanged.out.find("0 accepted, 2 unreviewed, 0 fixed") != std::string::npos);
  CHECK(unchanged.out.find("a.env:1") != std::string::npos);
  CHECK(unchanged.out.find("aws.access-key-id") != std::string::npos);
  CHECK(unchanged.out.find(std::string(kFakeSecret).substr(4, 8)) == std::string::npos);

  REQUIRE(unlink(fx.code.Join("b.env").c_str()) == 0);
  testing::CliResult audit = fx.Audit();
  CHECK(audit.code == 0);
  CHECK(audit.out.find("0 accepted, 1 unreviewed, 1 fixed") != std::string::npos);
  CHECK(fx.Entry("b.env")["status"] == "fixed");
  CHECK(fx.Entry("b.env")["reviewed_at"].is_string());
  CHECK_FALSE(fx.Entry("a.env").contains("status"));

  // A fixed entry no longer suppresses: the secret is back, it is reported.
  fx.code.Write("b.env", std::string("k=") + kOtherFakeKeyId + "\n");
  testing::CliResult scan = RunCli({"scan", fx.code.path(), "--baseline", fx.baseline, "--format", "json"});
  CHECK(scan.code == 1);
  nlohmann::json report = nlohmann::json::parse(scan.out);
  REQUIRE(report["findings"].size() == 1);
  CHECK(report["findings"][0]["secret"] == kOtherFakeKeyId);
  // And the next audit puts it up for review again.
  CHECK(fx.Audit().out.find("0 accepted, 2 unreviewed, 0 fixed") != std::string::npos);
  CHECK_FALSE(fx.Entry("b.env").contains("status"));  // unreviewed, the default
}

TEST_CASE("baseline audit --prune removes fixed entries") {
  AuditFixture fx;
  REQUIRE(unlink(fx.code.Join("b.env").c_str()) == 0);
  testing::CliResult audit = fx.Audit({"--prune"});
  CHECK(audit.code == 0);
  CHECK(audit.out.find("0 accepted, 1 unreviewed, 0 fixed, 1 pruned") != std::string::npos);
  CHECK(fx.Read()["findings"].size() == 1);
  CHECK(fx.Entry("b.env").is_null());
}

TEST_CASE("baseline audit --accept marks entries accepted, with a note; unknown ones are errors") {
  AuditFixture fx;
  std::string fingerprint = fx.Entry("a.env")["fingerprint"];
  testing::CliResult audit = fx.Audit({"--accept", fingerprint, "--note", "documented test key"});
  CHECK(audit.code == 0);
  CHECK(audit.out.find("1 accepted, 1 unreviewed, 0 fixed") != std::string::npos);
  CHECK(fx.Entry("a.env")["status"] == "accepted");
  CHECK(fx.Entry("a.env")["note"] == "documented test key");
  CHECK(fx.Entry("a.env")["reviewed_at"].is_string());
  // Accepted entries keep suppressing; a later audit keeps the decision.
  CHECK(RunCli({"scan", fx.code.path(), "--baseline", fx.baseline}).code == 0);
  CHECK(fx.Audit().out.find("1 accepted, 1 unreviewed, 0 fixed") != std::string::npos);
  CHECK(fx.Entry("a.env")["note"] == "documented test key");

  std::string before = testing::ReadFile(fx.baseline);
  testing::CliResult unknown = fx.Audit({"--accept", "0123456789abcdef0123456789abcdef"});
  CHECK(unknown.code == 2);
  CHECK(unknown.err.find("not in the baseline") != std::string::npos);
  CHECK(testing::ReadFile(fx.baseline) == before);
  CHECK(fx.Audit({"--note", "x"}).code == 2);
  CHECK(RunCli({"baseline", "audit", fx.code.path()}).code == 2);  // no baseline named
}

TEST_CASE("baseline audit replaces the file atomically, leaving no temporary file") {
  AuditFixture fx;
  REQUIRE(fx.Audit().code == 0);
  std::vector<std::string> names;
  DIR* dir = opendir(fx.state.path().c_str());
  REQUIRE(dir != nullptr);
  while (dirent* entry = readdir(dir)) {
    std::string name = entry->d_name;
    if (name != "." && name != "..") names.push_back(name);
  }
  closedir(dir);
  CHECK(names == std::vector<std::string>{"baseline.json"});
  CHECK(fx.Read()["keysweep_baseline"] == 1);
}

}  // namespace
}  // namespace keysweep
