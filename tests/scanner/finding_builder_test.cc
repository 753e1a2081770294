#include "scanner/finding_builder.h"

#include <doctest/doctest.h>

#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "scanner/report_writer.h"
#include "tests/test_util.h"

namespace keysweep {
namespace {

using testing::kFakeKeyId;

// A finding built from `count` places of one key id, in `files` files added
// last line first, and the report holding it.
Report ReportWithPlaces(uint64_t count) {
  Rule rule;
  rule.id = "aws.access-key-id";
  rule.name = "AWS access key ID";
  rule.redact = false;
  FindingBuilder builder;
  ContentMatch match;
  match.secret = kFakeKeyId;
  match.snippet.text = std::string("id=") + kFakeKeyId;
  for (uint64_t i = count; i > 0; --i) {
    match.line = match.end_line = i;
    match.column = 4;
    match.end_column = 24;
    Location where;
    where.path = "app.log";
    builder.Add(rule, match, where);
  }
  Report report;
  report.findings = builder.Take();
  SortReport(&report);
  return report;
}

std::string Render(const Report& report, ReportFormat format) {
  std::ostringstream out;
  WriteReport(report, format, WriteOptions{}, out);
  return out.str();
}

TEST_CASE("a finding keeps its first locations in order and counts the rest") {
  Report report = ReportWithPlaces(kMaxLocationsKept * 5 + 7);
  REQUIRE(report.findings.size() == 1);
  const Finding& finding = report.findings[0];
  REQUIRE(finding.locations.size() == kMaxLocationsKept);
  CHECK(finding.LocationCount() == kMaxLocationsKept * 5 + 7);
  for (size_t i = 0; i < finding.locations.size(); ++i) REQUIRE(finding.locations[i].line == i + 1);
}

// The same key id on 2,000 lines, then on 500 more with an allow marker,
// scanned and added whole (as scan and git history do).
Report ReportOfRepeatedKey(bool markers_are_findings, std::vector<uint64_t>* marker_lines = nullptr) {
  std::string text;
  for (int i = 0; i < 2000; ++i) text += std::string("id=") + kFakeKeyId + "\n";
  for (int i = 0; i < 500; ++i) text += std::string("id=") + kFakeKeyId + " # keysweep:allow\n";
  ContentScanner scanner(testing::BuiltinEngine(), 4096);
  if (markers_are_findings) scanner.KeepRepeatPlaces();
  ContentResult result;
  REQUIRE(scanner.ScanBytes(text, "", &result).ok());
  FindingBuilder builder;
  if (markers_are_findings) builder.ReportMarkersAsFindings();
  Location where;
  where.path = "app.log";
  builder.AddAll(testing::BuiltinEngine()->rules(), result.matches, where);
  Report report;
  report.stats.suppressed = builder.suppressed();
  report.findings = builder.Take();
  SortReport(&report);
  if (marker_lines != nullptr) {
    for (const Finding& f : report.findings) {
      if (f.rule_id != "aws.access-key-id") {
        for (const Location& l : f.locations) marker_lines->push_back(l.line);
      }
    }
  }
  return report;
}

const Finding* FindingOf(const Report& report, const std::string& rule_id) {
  for (const Finding& f : report.findings) {
    if (f.rule_id == rule_id) return &f;
  }
  return nullptr;
}

TEST_CASE("repeats past the kept locations are counted in the finding and in what markers suppress") {
  Report report = ReportOfRepeatedKey(false);
  const Finding* key = FindingOf(report, "aws.access-key-id");
  REQUIRE(key != nullptr);
  CHECK(key->LocationCount() == 2000);
  REQUIRE(key->locations.size() == kMaxLocationsKept);
  CHECK(key->locations.back().line == kMaxLocationsKept);
  CHECK_FALSE(key->locations.back().snippet.text.empty());
  CHECK(report.stats.suppressed == 500);
  CHECK(report.findings.size() == 1);
}

TEST_CASE("in a change scan, every marked repeat is a suppression-added place, counted past the kept ones") {
  std::vector<uint64_t> marker_lines;
  Report report = ReportOfRepeatedKey(true, &marker_lines);
  const Finding* key = FindingOf(report, "aws.access-key-id");
  REQUIRE(key != nullptr);
  CHECK(key->LocationCount() == 2000);
  REQUIRE(report.findings.size() == 2);
  const Finding& marker = report.findings[0].rule_id == "aws.access-key-id" ? report.findings[1] : report.findings[0];
  CHECK(marker.LocationCount() == 500);
  REQUIRE(marker_lines.size() == 500);
  CHECK(marker_lines.front() == 2001);
  CHECK(marker_lines.back() == 2500);
  CHECK(report.stats.suppressed == 0);
}

TEST_CASE("a finding with few locations keeps them all and no separate count") {
  Report report = ReportWithPlaces(3);
  REQUIRE(report.findings.size() == 1);
  CHECK(report.findings[0].locations.size() == 3);
  CHECK(report.findings[0].total_locations == 0);
  CHECK(report.findings[0].LocationCount() == 3);
  CHECK(nlohmann::json::parse(Render(report, ReportFormat::kJson))["findings"][0].count("total_locations") == 0);
}

TEST_CASE("the writers report how many places a finding was found in, beyond those listed") {
  const uint64_t count = kMaxLocationsKept + 99000;
  Report report = ReportWithPlaces(count);
  nlohmann::json json = nlohmann::json::parse(Render(report, ReportFormat::kJson));
  CHECK(json["findings"][0]["total_locations"] == count);
  CHECK(json["findings"][0]["locations"].size() == kMaxLocationsKept);
  nlohmann::json line = nlohmann::json::parse(Render(report, ReportFormat::kJsonl));
  CHECK(line["total_locations"] == count);
  std::string text = Render(report, ReportFormat::kText);
  CHECK(text.find("found in   " + std::to_string(count) + " places") != std::string::npos);
  CHECK(text.find("more (--format json lists the first " + std::to_string(kMaxLocationsKept) + ")") !=
        std::string::npos);
  std::string sarif = Render(report, ReportFormat::kSarif);
  CHECK(sarif.find("found in " + std::to_string(count) + " places (the first " +
                   std::to_string(kMaxLocationsKept) + " are listed)") != std::string::npos);
}

}  // namespace
}  // namespace keysweep
