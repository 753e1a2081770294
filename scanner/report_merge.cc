#include "scanner/report_merge.h"

#include <algorithm>
#include <map>
#include <tuple>

namespace keysweep {
namespace {

bool SameLocation(const Location& a, const Location& b) {
  return std::tie(a.path, a.commit, a.line, a.column, a.end_line, a.end_column, a.pointer) ==
         std::tie(b.path, b.commit, b.line, b.column, b.end_line, b.end_column, b.pointer);
}

void JoinLocations(std::vector<Location> more, Finding* finding) {
  for (Location& location : more) {
    bool known = std::any_of(finding->locations.begin(), finding->locations.end(),
                             [&](const Location& l) { return SameLocation(l, location); });
    if (!known) finding->locations.push_back(std::move(location));
  }
}

}  // namespace

void MergeReport(Report part, Report* into) {
  std::map<std::pair<std::string, std::string>, size_t> index;  // (fingerprint, repository) -> finding
  for (size_t i = 0; i < into->findings.size(); ++i) {
    index.emplace(std::pair(into->findings[i].fingerprint, into->findings[i].repository), i);
  }
  for (Finding& finding : part.findings) {
    auto [it, added] = index.emplace(std::pair(finding.fingerprint, finding.repository), into->findings.size());
    if (added) {
      into->findings.push_back(std::move(finding));
    } else {
      JoinLocations(std::move(finding.locations), &into->findings[it->second]);
    }
  }
  for (Diagnostic& diagnostic : part.diagnostics) into->diagnostics.push_back(std::move(diagnostic));
  for (RuleInfo& rule : part.rules) {
    auto known = std::lower_bound(into->rules.begin(), into->rules.end(), rule.id,
                                  [](const RuleInfo& r, const std::string& id) { return r.id < id; });
    if (known == into->rules.end() || known->id != rule.id) into->rules.insert(known, std::move(rule));
  }
  ScanStats& stats = into->stats;
  stats.files += part.stats.files;
  stats.bytes += part.stats.bytes;
  stats.unique_contents += part.stats.unique_contents;
  stats.skipped += part.stats.skipped;
  stats.suppressed += part.stats.suppressed;
  stats.seconds += part.stats.seconds;
  stats.rules = into->rules.empty() ? std::max(stats.rules, part.stats.rules) : into->rules.size();
  into->policy_lint = into->policy_lint || part.policy_lint;
  into->failed_repositories += part.failed_repositories;
  SortReport(into);
}

}  // namespace keysweep
