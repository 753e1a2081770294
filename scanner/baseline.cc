#include "scanner/baseline.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/regular_file.h"
#include "core/untrusted_json.h"
#include "scanner/config_source.h"

namespace keysweep {

std::string_view BaselineStatusName(BaselineStatus status) {
  switch (status) {
    case BaselineStatus::kAccepted: return "accepted";
    case BaselineStatus::kFixed: return "fixed";
    case BaselineStatus::kUnreviewed: break;
  }
  return "unreviewed";
}

std::optional<BaselineStatus> ParseBaselineStatus(std::string_view name) {
  if (name == "unreviewed") return BaselineStatus::kUnreviewed;
  if (name == "accepted") return BaselineStatus::kAccepted;
  if (name == "fixed") return BaselineStatus::kFixed;
  return std::nullopt;
}

std::vector<BaselineEntry> BaselineEntriesOf(const Report& report) {
  std::vector<BaselineEntry> entries;
  for (const Finding& finding : report.findings) {
    BaselineEntry entry;
    entry.fingerprint = finding.fingerprint;
    entry.parts = finding.part_fingerprints;
    entry.rule_id = finding.rule_id;
    entry.path = finding.locations.front().path;
    entry.line = finding.locations.front().line;
    entries.push_back(std::move(entry));
  }
  return entries;
}

void WriteBaseline(const std::vector<BaselineEntry>& entries, std::ostream& out) {
  nlohmann::ordered_json doc;
  doc["keysweep_baseline"] = 1;
  doc["findings"] = nlohmann::ordered_json::array();
  for (const BaselineEntry& entry : entries) {
    nlohmann::ordered_json item;
    item["fingerprint"] = entry.fingerprint;
    item["rule_id"] = entry.rule_id;
    item["path"] = entry.path;
    item["line"] = entry.line;
    if (!entry.parts.empty()) item["fingerprint_parts"] = entry.parts;
    if (entry.status != BaselineStatus::kUnreviewed || !entry.reviewed_at.empty()) {
      item["status"] = std::string(BaselineStatusName(entry.status));
    }
    if (!entry.note.empty()) item["note"] = entry.note;
    if (!entry.reviewed_at.empty()) item["reviewed_at"] = entry.reviewed_at;
    doc["findings"].push_back(std::move(item));
  }
  out << doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

void WriteBaseline(const Report& report, std::ostream& out) { WriteBaseline(BaselineEntriesOf(report), out); }

Status SaveBaseline(const std::vector<BaselineEntry>& entries, const std::string& path) {
  std::ostringstream text;
  WriteBaseline(entries, text);
  std::string content = text.str();
  std::string temp = path + ".tmp-XXXXXX";
  int fd = mkstemp(temp.data());
  if (fd < 0) return Status::Error(path + ": cannot write a temporary file beside it: " + strerror(errno));
  size_t written = 0;
  while (written < content.size()) {
    ssize_t n = write(fd, content.data() + written, content.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    written += static_cast<size_t>(n);
  }
  bool ok = written == content.size() && fchmod(fd, 0644) == 0 && fsync(fd) == 0;
  ok = close(fd) == 0 && ok;
  if (!ok || rename(temp.c_str(), path.c_str()) != 0) {
    std::string why = strerror(errno);
    unlink(temp.c_str());
    return Status::Error(path + ": cannot write the baseline: " + why);
  }
  return Status::Ok();
}

Result<std::vector<BaselineEntry>> ReadBaseline(const std::string& path) {
  Result<std::string> text = ReadRegularFile(path);
  if (!text.ok()) return Status::Error(CannotOpen(text.status(), path, "baseline file"));
  return ParseBaseline(*text, path);
}

Result<std::vector<BaselineEntry>> ParseBaseline(std::string_view text, const std::string& path) {
  Result<nlohmann::json> parsed = ParseUntrustedJson(text);
  if (!parsed.ok()) return Status::Error(path + ": " + parsed.status().message());
  nlohmann::json doc = std::move(*parsed);
  if (!doc.is_object() || !doc.contains("findings") || !doc["findings"].is_array()) {
    return Status::Error(path + ": not a keysweep baseline (expected a \"findings\" array)");
  }
  auto text_field = [](const nlohmann::json& item, const char* name) {
    auto it = item.find(name);
    return it != item.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  std::vector<BaselineEntry> entries;
  for (const auto& item : doc["findings"]) {
    if (!item.is_object() || !item.contains("fingerprint") || !item["fingerprint"].is_string()) {
      return Status::Error(path + ": every finding needs a \"fingerprint\" string");
    }
    BaselineEntry entry;
    entry.fingerprint = item["fingerprint"].get<std::string>();
    if (auto parts = item.find("fingerprint_parts"); parts != item.end()) {
      if (!parts->is_array()) return Status::Error(path + ": \"fingerprint_parts\" must be an array of strings");
      for (const auto& part : *parts) {
        if (!part.is_string()) return Status::Error(path + ": \"fingerprint_parts\" must be an array of strings");
        entry.parts.push_back(part.get<std::string>());
      }
    }
    entry.rule_id = text_field(item, "rule_id");
    entry.path = text_field(item, "path");
    if (auto line = item.find("line"); line != item.end() && line->is_number_unsigned()) {
      entry.line = line->get<uint64_t>();
    }
    if (auto status = item.find("status"); status != item.end()) {
      std::optional<BaselineStatus> parsed_status =
          status->is_string() ? ParseBaselineStatus(status->get<std::string>()) : std::nullopt;
      if (!parsed_status) {
        return Status::Error(path + ": \"status\" must be \"accepted\", \"fixed\" or \"unreviewed\"");
      }
      entry.status = *parsed_status;
    }
    entry.note = text_field(item, "note");
    entry.reviewed_at = text_field(item, "reviewed_at");
    entries.push_back(std::move(entry));
  }
  return entries;
}

std::set<std::string> SuppressedFingerprints(const std::vector<BaselineEntry>& entries) {
  std::set<std::string> fingerprints;
  for (const BaselineEntry& entry : entries) {
    if (entry.status == BaselineStatus::kFixed) continue;
    fingerprints.insert(entry.fingerprint);
    fingerprints.insert(entry.parts.begin(), entry.parts.end());
  }
  return fingerprints;
}

Result<std::set<std::string>> LoadBaseline(const std::string& path) {
  Result<std::vector<BaselineEntry>> entries = ReadBaseline(path);
  if (!entries.ok()) return entries.status();
  return SuppressedFingerprints(*entries);
}

}  // namespace keysweep
