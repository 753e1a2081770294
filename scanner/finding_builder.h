// FindingBuilder: groups located matches into Findings, one per (rule, secret),
// each with the first kMaxLocationsKept locations (in Location order) where that
// secret was seen and the count of all of them: memory stays bounded per finding. Not thread-safe: fill
// it from one thread after the workers are done.
#ifndef KEYSWEEP_SCANNER_FINDING_BUILDER_H_
#define KEYSWEEP_SCANNER_FINDING_BUILDER_H_

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "detectors/rule.h"
#include "scanner/content_scanner.h"
#include "scanner/finding.h"
#include "scanner/fingerprint.h"

namespace keysweep {

class FindingBuilder {
 public:
  // `inline_markers`: the marker families that suppress (the config's "inline_markers").
  explicit FindingBuilder(InlineMarkerSet inline_markers = kAllInlineMarkers) : inline_markers_(inline_markers) {}

  // Scans of what a change adds (README "Trust model"): a match an inline
  // marker accepts is not suppressed but reported as one
  // keysweep.suppression-added finding at the marker's line (the match itself
  // then is not reported).
  void ReportMarkersAsFindings() { markers_are_findings_ = true; }

  // Adds one match found in the input described by `where` (path, and for git
  // the commit and its origin); the match supplies line, column and snippet.
  // Matches accepted by an enabled inline marker are counted as suppressed instead.
  void Add(const Rule& rule, const ContentMatch& match, const Location& where);
  // Adds one occurrence of `match` at `place`: `match` itself (its snippet is
  // shown) when `place` is its own, else a repeat (no snippet).
  void Add(const Rule& rule, const ContentMatch& match, const MatchPlace& place, const Location& where);
  // Adds `count` more occurrences of `match` whose places are unknown: only
  // counted (suppressed, or in the finding's total_locations).
  void AddCount(const Rule& rule, const ContentMatch& match, uint64_t count);
  // Adds every occurrence in `matches` (rules: Engine::rules()).
  void AddAll(const std::vector<Rule>& rules, const LocatedMatches& matches, const Location& where);

  uint64_t suppressed() const { return suppressed_; }
  // The findings so far; the builder is left empty.
  std::vector<Finding> Take();

 private:
  std::map<std::pair<std::string, std::string>, Finding> findings_;  // (rule id, secret);
                                                                     // total_locations counts every Add
  InlineMarkerSet inline_markers_;
  bool markers_are_findings_ = false;
  uint64_t suppressed_ = 0;
};

}  // namespace keysweep

#endif  // KEYSWEEP_SCANNER_FINDING_BUILDER_H_
