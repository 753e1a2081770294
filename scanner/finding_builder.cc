#include "scanner/finding_builder.h"

#include <algorithm>
#include <tuple>

#include "core/hash.h"
#include "scanner/trust_findings.h"

namespace keysweep {

namespace {

// Keeps the first kMaxLocationsKept locations, sorted: O(n log n) once per
// kMaxLocationsKept additions, so Add stays amortized O(log kMaxLocationsKept).
void KeepFirstLocations(Finding* finding) {
  std::vector<Location>& locations = finding->locations;
  if (locations.size() > kMaxLocationsKept) {
    std::nth_element(locations.begin(), locations.begin() + kMaxLocationsKept, locations.end());
    locations.resize(kMaxLocationsKept);
  }
  std::sort(locations.begin(), locations.end());
}

}  // namespace

void FindingBuilder::Add(const Rule& rule, const ContentMatch& match, const Location& where) {
  Add(rule, match, match.place(), where);
}

void FindingBuilder::AddAll(const std::vector<Rule>& rules, const LocatedMatches& matches, const Location& where) {
  matches.ForEach([&](const ContentMatch& match, const MatchPlace& place, std::span<const uint64_t>) {
    Add(rules[match.rule_index], match, place, where);
  });
  matches.ForEachCounted([&](const ContentMatch& match, uint64_t count) { AddCount(rules[match.rule_index], match, count); });
}

void FindingBuilder::AddCount(const Rule& rule, const ContentMatch& match, uint64_t count) {
  if ((match.allow_markers & inline_markers_) != 0) {
    if (markers_are_findings_) {
      auto it = findings_.find({kSuppressionAddedRule, Fingerprint(rule.id, match.secret, !rule.redact)});
      if (it != findings_.end()) it->second.total_locations += count;
    } else {
      suppressed_ += count;
    }
    return;
  }
  if (auto it = findings_.find({rule.id, match.secret}); it != findings_.end()) it->second.total_locations += count;
}

void FindingBuilder::Add(const Rule& rule, const ContentMatch& match, const MatchPlace& place,
                         const Location& where) {
  const bool own_place = place.line == match.line && place.column == match.column;
  if ((match.allow_markers & inline_markers_) != 0) {
    if (!markers_are_findings_) {
      ++suppressed_;
      return;
    }
    std::string fingerprint = Fingerprint(rule.id, match.secret, !rule.redact);
    Location location = where;
    location.line = place.allow_marker_line;
    location.column = 1;
    location.end_line = 0;
    location.end_column = 0;
    auto [it, inserted] = findings_.try_emplace({kSuppressionAddedRule, fingerprint});
    Finding& finding = it->second;
    if (inserted) {
      finding = SuppressionAddedFinding(rule.id, fingerprint, rule.redact ? "" : match.secret,
                                        match.allow_markers & inline_markers_, location);
      finding.total_locations = 1;
      return;
    }
    ++finding.total_locations;
    if (finding.locations.size() >= 2 * kMaxLocationsKept) KeepFirstLocations(&finding);
    finding.locations.push_back(std::move(location));
    return;
  }
  auto [it, inserted] = findings_.try_emplace({rule.id, match.secret});
  Finding& finding = it->second;
  if (inserted) {
    finding.rule_id = rule.id;
    finding.rule_name = rule.name;
    finding.severity = match.severity;
    finding.secret = match.secret;
    finding.redact = rule.redact;
    finding.attributes = match.attributes;
  }
  finding.severity = std::max(finding.severity, match.severity);
  for (const CompanionValue& companion : match.companions) {
    if (std::find(finding.companions.begin(), finding.companions.end(), companion) ==
        finding.companions.end()) {
      finding.companions.push_back(companion);
    }
  }
  ++finding.total_locations;
  if (finding.locations.size() >= 2 * kMaxLocationsKept) KeepFirstLocations(&finding);
  Location location = where;
  location.line = place.line;
  location.column = place.column;
  location.end_line = place.end_line;
  location.end_column = place.end_column;
  if (own_place) location.snippet = match.snippet;
  finding.locations.push_back(std::move(location));
}

std::vector<Finding> FindingBuilder::Take() {
  std::vector<Finding> out;
  out.reserve(findings_.size());
  for (auto& [key, finding] : findings_) {
    KeepFirstLocations(&finding);
    if (finding.total_locations <= finding.locations.size()) finding.total_locations = 0;
    out.push_back(std::move(finding));
  }
  findings_.clear();
  AssignFingerprints(&out);  // companions are complete now; sorts them
  return out;
}

}  // namespace keysweep
