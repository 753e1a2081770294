#include "scanner/gitleaks_ignore.h"

#include <algorithm>
#include "core/regular_file.h"
#include "scanner/config_source.h"
#include "scanner/file_walker.h"

namespace keysweep {
namespace {

bool AllHex(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  });
}

bool AllDigits(std::string_view text) {
  return !text.empty() && text.size() <= 18 &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) text.remove_suffix(1);
  return text;
}

// "./a/./b" -> "a/b": report paths and entry paths compared as written.
std::string Lexical(std::string_view path) {
  std::string out;
  while (path.substr(0, 2) == "./") path.remove_prefix(2);
  for (size_t at; (at = path.find("/./")) != std::string_view::npos;) {
    out.append(path.substr(0, at));
    path.remove_prefix(at + 2);
  }
  out.append(path);
  return out;
}

// "<file>:<rule>:<line>" or "<commit>:<file>:<rule>:<line>"; the file may hold ':'.
std::optional<IgnoredPlace> ParsePlace(std::string_view entry) {
  size_t line_colon = entry.rfind(':');
  if (line_colon == std::string_view::npos || line_colon == 0) return std::nullopt;
  size_t rule_colon = entry.rfind(':', line_colon - 1);
  if (rule_colon == std::string_view::npos || rule_colon == 0) return std::nullopt;
  std::string_view line = entry.substr(line_colon + 1);
  if (!AllDigits(line)) return std::nullopt;
  IgnoredPlace place;
  place.line = std::stoull(std::string(line));
  std::string_view file = entry.substr(0, rule_colon);
  size_t commit_colon = file.find(':');
  if (commit_colon == 40 && AllHex(file.substr(0, 40))) {
    place.commit = std::string(file.substr(0, 40));
    file.remove_prefix(41);
  }
  if (file.empty()) return std::nullopt;
  place.path = std::string(file);
  return place;
}

}  // namespace

GitleaksIgnore ParseGitleaksIgnore(std::string_view text) {
  GitleaksIgnore ignore;
  while (!text.empty()) {
    size_t newline = text.find('\n');
    std::string_view line = Trim(text.substr(0, newline));
    text.remove_prefix(newline == std::string_view::npos ? text.size() : newline + 1);
    if (line.empty() || line.front() == '#') continue;
    if (line.size() == 32 && AllHex(line)) {
      ignore.fingerprints.emplace_back(line);
    } else if (std::optional<IgnoredPlace> place = ParsePlace(line)) {
      ignore.places.push_back(std::move(*place));
    }
  }
  return ignore;
}

Result<GitleaksIgnore> LoadGitleaksIgnore(const std::string& path) {
  Result<std::string> text = ReadRegularFile(path);
  if (!text.ok()) return Status::Error(CannotOpen(text.status(), path, "the gitleaks ignore file"));
  return ParseGitleaksIgnore(*text);
}

void ApplyGitleaksIgnore(const GitleaksIgnore& ignore, const std::string& root, Report* report) {
  if (ignore.places.empty()) return;
  std::vector<IgnoredPlace> places = ignore.places;
  for (IgnoredPlace& place : places) place.path = Lexical(JoinPath(root, place.path));
  std::string cwd;
  if (!root.empty() && root.front() == '/') cwd = RealPath(".");
  auto ignored = [&](const Location& location) {
    std::string path =
        Lexical(cwd.empty() || location.path.starts_with('/') ? location.path : JoinPath(cwd, location.path));
    bool hit = std::any_of(places.begin(), places.end(), [&](const IgnoredPlace& place) {
      return place.line == location.line && place.path == path && (!place.commit || place.commit == location.commit);
    });
    if (hit) ++report->stats.suppressed;
    return hit;
  };
  for (Finding& finding : report->findings) {
    std::erase_if(finding.locations, ignored);
  }
  std::erase_if(report->findings, [](const Finding& finding) { return finding.locations.empty(); });
}

}  // namespace keysweep
