// Matcher: scans byte buffers with an Engine. Hyperscan finds candidate match
// ends for every rule in one pass; each candidate is confirmed by the rule's RE2
// program on a window ending at the candidate, which also extracts the secret.
// Then the rule's filters run (entropy, placeholders, keywords, ignore lists)
// and companions are searched for near the match.
//
// Not thread-safe: a Matcher owns Hyperscan scratch space and reusable buffers.
// Create one per thread; all may share one Engine.
//
//   Matcher matcher(engine);
//   std::vector<Match> matches;
//   Status s = matcher.Scan(bytes, {}, &matches);
#ifndef KEYSWEEP_DETECTORS_MATCHER_H_
#define KEYSWEEP_DETECTORS_MATCHER_H_

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "detectors/engine.h"
#include "detectors/match.h"

struct hs_scratch;

namespace keysweep {

// Which part of a buffer this scan is responsible for. A chunked scan of a
// large input passes each chunk with the previous chunk's tail in front of it
// (context) and a little of the next chunk behind it (lookahead), and accepts
// only matches that end inside its own part, so none is reported twice or lost.
struct ScanWindow {
  size_t accept_end_after = 0;              // accept matches with end > this...
  size_t accept_end_upto = SIZE_MAX;        // ...and end <= this
};

class Matcher {
 public:
  explicit Matcher(std::shared_ptr<const Engine> engine);
  ~Matcher();
  Matcher(const Matcher&) = delete;
  Matcher& operator=(const Matcher&) = delete;

  // Appends the confirmed matches in `data` to `out`, sorted by position.
  // Offsets are relative to data.data(). `path_rules` (Engine::PathRulesFor of
  // the input's path) enables the path-limited rules that apply; empty: none.
  // Errors come only from Hyperscan.
  Status Scan(std::string_view data, const ScanWindow& window, std::vector<Match>* out,
              const std::vector<bool>& path_rules = {});

  // Hyperscan's raw candidate (rule index, end offset) pairs, unconfirmed and
  // unfiltered: for `rules check`, which cross-checks the two engines.
  Status ScanRaw(std::string_view data, std::vector<std::pair<uint32_t, uint64_t>>* hits);

  const Engine& engine() const { return *engine_; }
  // For tests: how many hits a pass holds before it is confirmed and resumed.
  void set_hit_limit_for_testing(size_t limit) { hit_limit_ = limit; }

 private:
  struct Hit {
    uint32_t rule;
    uint64_t end;
  };
  static int OnHit(unsigned id, unsigned long long from, unsigned long long to, unsigned flags,
                   void* context);
  // Runs a database over `data`, resuming whenever the hit buffer fills.
  Status RunPass(const hs_database* database, std::string_view data, std::vector<Match>* out);
  // The engine's path database (loaded on its first use), with this Matcher's
  // scratch grown to fit it; null when there is none.
  const hs_database* UsePathDatabase();
  // Runs the keyword-gated database over the windows around keyword hits.
  Status ScanGated(std::string_view data, std::vector<Match>* out);
  // Confirms the hits of one scan pass; returns the matches through `out`.
  void ConfirmHits(std::string_view data, std::vector<Match>* out);
  bool Confirm(std::string_view data, const CompiledRule& rule, size_t rule_index, size_t end,
               Match* match) const;
  bool PassesFilters(std::string_view data, const CompiledRule& rule, const Match& match) const;
  void FindCompanions(std::string_view data, const CompiledRule& rule, Match* match) const;

  std::shared_ptr<const Engine> engine_;
  hs_scratch* scratch_ = nullptr;
  bool path_scratch_ready_ = false;
  std::vector<Hit> hits_;
  size_t hit_limit_;
  uint64_t accept_after_ = 0;
  uint64_t accept_upto_ = 0;
  uint64_t last_end_seen_ = 0;
  uint64_t stopped_at_ = 0;  // end offset where a pass stopped because hits_ was full
  size_t scan_base_ = 0;     // offset of the current pass in the buffer
  size_t hit_limit_in_force_ = SIZE_MAX;
  std::vector<std::pair<size_t, size_t>> keyword_spans_;  // [begin, end) of keyword hits
  const std::vector<bool>* rule_filter_ = nullptr;         // hits of other rules are ignored
};

}  // namespace keysweep

#endif  // KEYSWEEP_DETECTORS_MATCHER_H_
