#include "scanner/own_report.h"

#include <doctest/doctest.h>

#include <filesystem>

#include <nlohmann/json.hpp>

#include "tests/test_util.h"

namespace keysweep {
namespace {

using testing::kFakeKeyId;
using testing::kFakeSecret;
using testing::RunCli;
using testing::TempDir;

const std::string kLeak = std::string("aws_access_key_id = ") + kFakeKeyId +
                          "\naws_secret_access_key = " + kFakeSecret + "\n";
const std::string kGitHubToken = "ghp_FakeTestTokenD42SBOInKDcP9CvI1QFqYwx";

// The path of every location the JSON report lists, sorted.
std::vector<std::string> Places(const std::string& json_report) {
  std::vector<std::string> out;
  nlohmann::json doc = nlohmann::json::parse(json_report);
  for (const auto& finding : doc["findings"]) {
    for (const auto& l : finding["locations"]) out.push_back(l["path"].get<std::string>());
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST_CASE("reports keysweep wrote into the scanned folder are not reported by the next scan") {
  TempDir dir;
  dir.Write("leak.env", kLeak);
  testing::ScopedChdir in(dir.path());
  for (const char* format : {"text", "json", "jsonl", "sarif"}) {
    std::string name = std::string("reports/keysweep.") + format;
    std::filesystem::create_directories("reports");
    CHECK(RunCli({"scan", "leak.env", "-f", format, "-o", name}).code == cli::kExitFindings);
  }
  testing::CliResult again = RunCli({"scan", ".", "-f", "json"});
  CHECK(again.code == cli::kExitFindings);
  CHECK(Places(again.out) == std::vector<std::string>{"leak.env"});
  nlohmann::json report = nlohmann::json::parse(again.out);
  CHECK(report["stats"]["skipped"] == 4);
  CHECK(report["diagnostics"].size() == 4);
  for (const auto& d : report["diagnostics"]) CHECK(d["level"] == "note");
  CHECK(again.err.find("keysweep: note: reports/keysweep.sarif: a keysweep report") != std::string::npos);
  CHECK(again.err.find("warning") == std::string::npos);
  CHECK(RunCli({"scan", "."}).out.find("warning") == std::string::npos);  // notes are not warnings
}

TEST_CASE("a report written with --show-secrets is reported: it holds the secrets") {
  TempDir dir;
  TempDir out;
  dir.Write("leak.env", kLeak);
  dir.Write("token.cfg", "token = " + kGitHubToken + "\n");
  for (const char* format : {"text", "json", "jsonl", "sarif"}) {
    std::string name = out.Join(std::string("shown.") + format);
    RunCli({"scan", dir.path(), "-f", format, "--show-secrets", "-o", name});
    CHECK_FALSE(IsRedactedKeysweepReport(testing::ReadFile(name)));
    testing::CliResult scanned = RunCli({"scan", name, "-f", "json"});
    CHECK(scanned.code == cli::kExitFindings);
    CHECK(Places(scanned.out).size() >= 1);
  }
}

TEST_CASE("the file the scan writes its report to is not scanned, whatever it holds") {
  TempDir dir;
  dir.Write("leak.env", kLeak);
  testing::ScopedChdir in(dir.path());
  // A report with every secret in full, written into the scanned folder.
  RunCli({"scan", ".", "-f", "json", "--show-secrets", "-o", "report.json"});
  testing::CliResult again = RunCli({"scan", ".", "-f", "json", "--show-secrets", "-o", "report.json"});
  CHECK(again.code == cli::kExitFindings);
  CHECK(Places(testing::ReadFile("report.json")) == std::vector<std::string>{"leak.env"});
  CHECK(again.err.find("keysweep: note: report.json: the report this scan writes: not scanned") != std::string::npos);
}

TEST_CASE("a file made to look like a redacted report cannot hide a secret") {
  TempDir dir;
  dir.Write("leak.env", kLeak);
  testing::CliResult real = RunCli({"scan", dir.path(), "-f", "json"});
  nlohmann::json doc = nlohmann::json::parse(real.out);
  REQUIRE(IsRedactedKeysweepReport(real.out));

  TempDir fork;
  // The secret in a snippet, in a field keysweep does not write, after the document.
  nlohmann::json in_snippet = doc;
  in_snippet["findings"][0]["locations"][0]["snippet"] = std::string("aws_secret_access_key = ") + kFakeSecret;
  nlohmann::json extra = doc;
  extra["notes"] = std::string("AWS_SECRET_ACCESS_KEY=") + kFakeSecret;
  for (const std::string& text : {in_snippet.dump(2), extra.dump(2),
                                  doc.dump(2) + "\ntoken=" + kGitHubToken + "\n"}) {
    fork.Write("keysweep.json", text);
    testing::CliResult scanned = RunCli({"scan", fork.path(), "-f", "json"});
    CHECK(scanned.code == cli::kExitFindings);
    CHECK(nlohmann::json::parse(scanned.out)["findings"].size() >= 1);
    CHECK(nlohmann::json::parse(scanned.out)["diagnostics"].empty());
  }
}

TEST_CASE("IsRedactedKeysweepReport: keysweep's formats, redacted; nothing else") {
  TempDir dir;
  dir.Write("leak.env", kLeak);
  dir.Write("token.cfg", "token = " + kGitHubToken + "\n");
  for (const char* format : {"text", "json", "jsonl", "sarif"}) {
    CAPTURE(format);
    std::string report = RunCli({"scan", dir.path(), "-f", format}).out;
    CHECK(IsRedactedKeysweepReport(report));
    CHECK_FALSE(IsRedactedKeysweepReport(RunCli({"scan", dir.path(), "-f", format, "--show-secrets"}).out));
  }
  TempDir clean;
  CHECK(IsRedactedKeysweepReport(RunCli({"scan", clean.path()}).out));
  CHECK(IsRedactedKeysweepReport(RunCli({"scan", clean.path(), "-f", "sarif"}).out));

  std::string json = RunCli({"scan", dir.path(), "-f", "json"}).out;
  nlohmann::json other_tool = nlohmann::json::parse(json);
  other_tool["tool"]["name"] = "gitleaks";
  CHECK_FALSE(IsRedactedKeysweepReport(other_tool.dump()));
  nlohmann::json unflagged = nlohmann::json::parse(json);
  for (auto& finding : unflagged["findings"]) finding["redacted"] = false;
  CHECK_FALSE(IsRedactedKeysweepReport(unflagged.dump()));
  CHECK_FALSE(IsRedactedKeysweepReport(""));
  CHECK_FALSE(IsRedactedKeysweepReport("{\"findings\": []}"));
  CHECK_FALSE(IsRedactedKeysweepReport(std::string("key id ") + kFakeKeyId + "\n"));
}

}  // namespace
}  // namespace keysweep
