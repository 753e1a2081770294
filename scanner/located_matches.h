// LocatedMatches: the matches ContentScanner found in one input, in bounded
// detail. Each distinct match (same rule, secret, companions and accepting
// markers) is kept in full, snippet included, for its first
// kMaxLocationsKept occurrences; further occurrences (repeats) are only
// counted, so a log with the same key on every line costs what a thousand
// lines cost: reports keep no more locations than that anyway
// (FindingBuilder). git's change scans filter occurrences by their lines
// before a report sees them, so they ask to keep each repeat's place
// (MatchPlace) and the lines of its parts: about 60 bytes each instead of a
// snippet and copies of the secret.
// A value type; not thread-safe (one writer, then any number of readers).
#ifndef KEYSWEEP_SCANNER_LOCATED_MATCHES_H_
#define KEYSWEEP_SCANNER_LOCATED_MATCHES_H_

#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "detectors/match.h"
#include "scanner/finding.h"
#include "scanner/inline_markers.h"

namespace keysweep {

// Where one occurrence of a match is: 1-based lines and columns (columns in
// code points), end exclusive; the line of the marker that accepts it, if any.
struct MatchPlace {
  uint64_t line = 0, column = 0, end_line = 0, end_column = 0;
  uint64_t allow_marker_line = 0;
};

// A match located in its input.
struct ContentMatch {
  size_t rule_index = 0;  // into Engine::rules()
  std::string secret;
  Severity severity = Severity::kHigh;
  std::vector<CompanionValue> companions;
  std::vector<std::pair<std::string, std::string>> attributes;
  uint64_t line = 0, column = 0, end_line = 0, end_column = 0;  // 1-based; end exclusive
  Snippet snippet;
  std::vector<uint64_t> part_lines;  // where the secret and each companion start, sorted
  // The inline marker families that accept it (scanner/inline_markers.h): a
  // marker on the line of one of its parts, or a next-line marker just above one.
  InlineMarkerSet allow_markers = 0;
  uint64_t allow_marker_line = 0;  // the line of that marker (with allow_markers)

  MatchPlace place() const { return {line, column, end_line, end_column, allow_marker_line}; }
};

class LocatedMatches {
 public:
  // With `keep`, repeats keep their places (AddRepeat), else only their count.
  LocatedMatches() = default;
  explicit LocatedMatches(bool keep_repeat_places) : keep_repeat_places_(keep_repeat_places) {}

  bool empty() const { return full_.empty(); }
  // Every distinct match's first occurrences, in full (repeats point into it).
  const std::vector<ContentMatch>& full() const { return full_; }
  // How many occurrences there are, repeats included.
  size_t size() const { return full_.size() + repeats_.size() + counted_; }

  // Adds an occurrence in full; returns its index for AddRepeat.
  uint32_t AddFull(ContentMatch match) {
    full_.push_back(std::move(match));
    return static_cast<uint32_t>(full_.size() - 1);
  }
  // Adds another occurrence of full()[of], at `place`, its parts starting on
  // `part_lines` (as many as full()[of] has).
  // (Counted only, unless the places are kept.)
  void AddRepeat(uint32_t of, const MatchPlace& place, std::span<const uint64_t> part_lines) {
    if (!keep_repeat_places_) {
      if (repeat_counts_.size() < full_.size()) repeat_counts_.resize(full_.size(), 0);
      ++repeat_counts_[of];
      ++counted_;
      return;
    }
    repeats_.push_back({of, place});
    repeat_part_lines_.insert(repeat_part_lines_.end(), part_lines.begin(), part_lines.end());
  }

  // Calls visit(match, place, part_lines) for every occurrence: the full ones
  // in order, then the repeats in order; `match` is the full occurrence a
  // repeat repeats (its snippet belongs to that one, not to `place`).
  template <typename Visit>
  void ForEach(Visit visit) const {
    for (const ContentMatch& match : full_) visit(match, match.place(), std::span<const uint64_t>(match.part_lines));
    size_t parts = 0;
    for (const Repeat& repeat : repeats_) {
      const ContentMatch& match = full_[repeat.of];
      std::span<const uint64_t> lines(repeat_part_lines_.data() + parts, match.part_lines.size());
      parts += match.part_lines.size();
      visit(match, repeat.place, lines);
    }
  }
  // Calls visit(match, count) for each full occurrence with repeats that were
  // only counted.
  template <typename Visit>
  void ForEachCounted(Visit visit) const {
    for (size_t i = 0; i < repeat_counts_.size(); ++i) {
      if (repeat_counts_[i] != 0) visit(full_[i], repeat_counts_[i]);
    }
  }

 private:
  struct Repeat {
    uint32_t of;
    MatchPlace place;
  };
  std::vector<ContentMatch> full_;
  std::vector<Repeat> repeats_;
  std::vector<uint64_t> repeat_part_lines_;  // each repeat's, in order
  bool keep_repeat_places_ = false;
  std::vector<uint64_t> repeat_counts_;  // by full_ index, when places are not kept
  uint64_t counted_ = 0;
};

}  // namespace keysweep

#endif  // KEYSWEEP_SCANNER_LOCATED_MATCHES_H_
