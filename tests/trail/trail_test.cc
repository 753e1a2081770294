#include "trail/trail.h"

#include <doctest/doctest.h>
#include <zlib.h>

#include <nlohmann/json.hpp>

#include "trail/gzip.h"
#include "tests/test_util.h"

namespace keysweep {
namespace {

using testing::TempDir;

std::string Gzip(const std::string& text) {
  uLongf size = compressBound(static_cast<uLong>(text.size())) + 32;
  std::string out(size, '\0');
  z_stream stream{};
  deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  stream.avail_in = static_cast<uInt>(text.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  deflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return out;
}

TEST_CASE("gzip: members, truncation and size limits") {
  std::string out;
  REQUIRE(Gunzip(Gzip("hello ") + Gzip("world"), 1 << 20, &out).ok());
  CHECK(out == "hello world");
  std::string whole = Gzip(std::string(100000, 'x'));
  Status truncated = Gunzip(whole.substr(0, whole.size() / 2), 1 << 20, &out);
  CHECK(truncated.message().find("truncated") != std::string::npos);
  Status bomb = Gunzip(whole, 1000, &out);
  CHECK(bomb.message().find("exceeds") != std::string::npos);
  CHECK_FALSE(Gunzip("not gzip at all", 1 << 20, &out).ok());
}

std::string Record(const std::string& key, const std::string& name, const std::string& time,
                   const std::string& extra = "") {
  return R"({"eventTime":")" + time + R"(","eventName":")" + name +
         R"(","eventSource":"iam.amazonaws.com","awsRegion":"us-east-1","sourceIPAddress":"192.0.2.1",)" +
         R"("userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::629233963313:user/u","accessKeyId":")" + key +
         R"("})" + extra + "}";
}

TEST_CASE("the reader takes S3 deliveries, lookup-events output, arrays and JSON Lines") {
  TempDir dir;
  std::string r1 = Record("AKIAZFAKEKEY7TEST2ID", "CreateUser", "2026-11-20T08:00:00Z");
  std::string r2 = Record("AKIAZFAKEKEY7TEST2ID", "ListUsers", "2026-11-20T08:01:00Z");
  dir.Write("a/records.json.gz", Gzip("{\"Records\": [" + r1 + "," + r2 + "]}"));
  nlohmann::json lookup = {{"Events", {{{"EventName", "ListUsers"}, {"CloudTrailEvent", r2}}}}};
  dir.Write("b/lookup.json", lookup.dump());
  dir.Write("c/array.json", "[" + r1 + "]");
  dir.Write("d/lines.jsonl", r1 + "\n" + r2 + "\n");
  dir.Write("d/notes.txt", "not a log: skipped by name in folders");
  std::vector<TrailEvent> events;
  std::vector<Diagnostic> diagnostics;
  TrailReadStats stats;
  ReadTrailLogs({dir.path()}, {}, [&](const TrailEvent& e) { events.push_back(e); }, &diagnostics, &stats);
  CHECK(diagnostics.empty());
  CHECK(stats.files == 4);
  CHECK(events.size() == 6);
  CHECK(events[0].name == "CreateUser");
  CHECK(events[0].access_key_id == "AKIAZFAKEKEY7TEST2ID");
  CHECK(events[0].time_text == "2026-11-20T08:00:00Z");
  CHECK(events[0].principal == "arn:aws:iam::629233963313:user/u");
}

TEST_CASE("trail follows the credentials a leaked key minted, across files in any order") {
  TrailRequest request;
  request.paths = {testing::SourcePath("fixtures/cloudtrail")};
  request.key_ids = {"AKIAZFAKEKEY7TEST2ID"};
  Result<TrailReport> report = RunTrail(request);
  REQUIRE(report.ok());
  REQUIRE(report->keys.size() == 2);
  const KeyActivity& leaked = report->keys[0];
  CHECK(leaked.key_id == "AKIAZFAKEKEY7TEST2ID");
  CHECK(leaked.events == 6);
  CHECK(leaked.errors == 1);
  CHECK(leaked.first_time == "2026-11-20T08:00:00Z");
  CHECK(leaked.last_time == "2026-11-20T08:05:00Z");
  CHECK(leaked.flagged.size() == 6);
  const KeyActivity& minted = report->keys[1];
  CHECK(minted.key_id == "ASIAZFAKETEMP3KEY4ID");
  CHECK(minted.origin.find("minted by AKIAZFAKEKEY7TEST2ID with GetSessionToken") == 0);
  CHECK(minted.events == 3);
  CHECK(minted.regions == std::map<std::string, uint64_t>{{"ap-southeast-2", 1}, {"eu-west-1", 2}});
  REQUIRE(minted.timeline.size() == 3);
  CHECK(minted.timeline[0].name == "RunInstances");
  CHECK(minted.timeline[2].name == "CreateFunction20150331");
  CHECK(EventFlag(minted.timeline[2]) == "compute: Lambda function created");
  // Broken files are named, and the rest is read.
  REQUIRE(report->diagnostics.size() == 3);
  CHECK(report->stats.events == 11);
  std::string json = RenderTrailJson(*report);
  CHECK(nlohmann::json::parse(json)["keys"][1]["timeline"].size() == 3);
  CHECK(RenderTrailMarkdown(*report).find("| 2026-11-20T08:10:00Z | eu-west-1 | RunInstances |") !=
        std::string::npos);
}

TEST_CASE("without keys, trail summarizes every access key") {
  TrailRequest request;
  request.paths = {testing::SourcePath("fixtures/cloudtrail/s3")};
  Result<TrailReport> report = RunTrail(request);
  REQUIRE(report.ok());
  REQUIRE(report->keys.size() == 3);
  CHECK(report->keys[0].key_id == "AKIAZFAKEKEY7TEST2ID");  // most events first
  CHECK(report->keys[0].timeline.empty());
  CHECK(report->diagnostics.empty());
}

TEST_CASE("trail: missing paths are an error; the CLI exits 1 when leaked keys were used") {
  TrailRequest request;
  request.paths = {"/nonexistent/logs"};
  CHECK_FALSE(RunTrail(request).ok());
  std::string logs = testing::SourcePath("fixtures/cloudtrail/s3");
  CHECK(testing::RunCli({"trail", logs, "--key", "AKIAZFAKEKEY7TEST2ID"}).code == cli::kExitFindings);
  CHECK(testing::RunCli({"trail", logs, "--key", "AKIAZFAKENEVERUSED2ID"}).code == cli::kExitClean);
  CHECK(testing::RunCli({"trail", logs}).code == cli::kExitClean);
  CHECK(testing::RunCli({"trail"}).code == cli::kExitError);
}

}  // namespace
}  // namespace keysweep
