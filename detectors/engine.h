// Engine: a compiled rule set. Rules without keywords or paths share one Hyperscan
// database (block mode, no start-of-match) with the keywords of the other
// rules as case-insensitive literals; rules with keywords live in a second,
// "gated" database that the Matcher runs only near a keyword hit. Rules whose
// patterns start with a character class (a UUID, 32 hex digits) cost the scan
// dearly, and they are exactly the ones that need a keyword to mean anything.
// Rules limited to paths (.netrc, *.tfstate) live in a third database that
// runs only on files whose path one of them names; it is compiled (or loaded
// from the cache) on first use, so scans that meet no such file never pay for it.
// Per rule, RE2 programs confirm a Hyperscan hit, extract the secret and
// search for companions.
//
// An Engine is immutable once created and thread-safe: share one across all
// worker threads, each with its own Matcher (matcher.h).
//
//   Result<std::shared_ptr<const Engine>> engine = Engine::Create(rules, {});
//   if (!engine.ok()) { ... engine.status().message() names the failing rule ... }
#ifndef KEYSWEEP_DETECTORS_ENGINE_H_
#define KEYSWEEP_DETECTORS_ENGINE_H_

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/glob.h"
#include "core/status.h"
#include "detectors/rule.h"

struct hs_database;
namespace re2 {
class RE2;
}

namespace keysweep {

// The widest match a rule may have: bounds the chunk overlap for large inputs
// and keeps RE2 confirmation proportional to the match, not the input.
inline constexpr size_t kMaxRuleMatchWidth = 16 * 1024;

// The most rules one engine compiles. Hyperscan's compile time grows with the
// rule count, about 8-13 ms a rule on a CI runner whatever the case-folding
// (bench/gen_many_rules.py: 2,000 extra rules took 29 s, so 10,000 would take
// minutes); over this, Create refuses with an error naming the files that
// brought the most rules, instead of a run that looks hung.
inline constexpr size_t kMaxEngineRules = 2000;

struct EngineOptions {
  // Where compiled Hyperscan databases are cached, keyed by a hash of the
  // patterns, Hyperscan's version, the CPU platform and the binary; entries
  // are checked on load (database_cache.h says how far). Empty: no cache.
  std::string cache_dir;
};

// The default cache directory: $KEYSWEEP_CACHE_DIR, else $XDG_CACHE_HOME/keysweep,
// else $HOME/.cache/keysweep, else "" (no cache).
std::string DefaultCacheDir();

// RE2 programs for one rule (internal to detectors/, exposed for the Matcher).
// They are compiled on the rule's first hit (most rules never hit in a small
// scan, and compiling every RE2 up front would dominate a pre-commit run);
// Engine::compiled() guarantees they exist. Patterns are validated in both
// engines whenever the Hyperscan database itself is compiled.
struct CompiledRule {
  const Rule* rule = nullptr;
  size_t max_width = 0;                          // from Hyperscan's expression info
  std::unique_ptr<re2::RE2> confirm;             // "(?:pattern)\z"
  std::vector<std::unique_ptr<re2::RE2>> companions;  // parallel to rule->companions
  std::vector<std::unique_ptr<re2::RE2>> ignore_secrets;
  std::vector<std::string> keywords_lower;
  std::unique_ptr<GlobSet> paths;  // path-limited rules only
  std::once_flag compiled_once;
};

class Engine {
 public:
  // Compiles `rules` (all of them: filter disabled rules first). Errors name the
  // rule and say what is wrong (bad syntax in either engine, unbounded width,
  // a pattern that can match the empty string, more than kMaxEngineRules rules).
  static Result<std::shared_ptr<const Engine>> Create(std::vector<Rule> rules,
                                                      const EngineOptions& options);
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  const std::vector<Rule>& rules() const { return rules_; }
  // The rule's RE2 programs, compiled on first use (thread-safe).
  const CompiledRule& compiled(size_t rule_index) const;
  const hs_database* main_database() const { return main_database_; }    // may be null
  const hs_database* gated_database() const { return gated_database_; }  // may be null
  // Compiled or loaded on the first call (thread-safe); null when no rule is
  // path-limited, or when compiling failed (said once on stderr).
  const hs_database* path_database() const;
  // For each rule, whether it applies to an input at `path` (path-limited rules
  // need a matching path; others always apply). Empty if no path-limited rule
  // matches, so callers can skip the path database.
  std::vector<bool> PathRulesFor(std::string_view path) const;
  bool has_path_rules() const { return has_path_rules_; }
  // Hyperscan ids at or above this are keywords (id - kKeywordIdBase indexes keyword_lengths()).
  static constexpr unsigned kKeywordIdBase = 1u << 30;
  const std::vector<size_t>& keyword_lengths() const { return keyword_lengths_; }
  // The widest match of any keyword-gated rule.
  size_t max_gated_width() const { return max_gated_width_; }

  // The widest match of any rule.
  size_t max_match_width() const { return max_match_width_; }
  // The widest match of any rule, plus the widest companion window: how much
  // context a chunked scan must carry over from one chunk to the next.
  size_t context_width() const { return context_width_; }
  // True if the database came from the cache rather than being compiled now.
  bool loaded_from_cache() const { return loaded_from_cache_; }
  // Why a cache entry that was there was not used (corrupt, altered, a FIFO),
  // also said on stderr; empty when it was used or there was none.
  const std::string& cache_note() const { return cache_note_; }

 private:
  Engine() = default;
  std::vector<Rule> rules_;
  std::vector<std::unique_ptr<CompiledRule>> compiled_;
  hs_database* main_database_ = nullptr;
  hs_database* gated_database_ = nullptr;
  bool has_path_rules_ = false;
  std::string cache_dir_, cache_key_;           // where path_database() looks first
  mutable std::once_flag path_database_once_;
  mutable hs_database* path_database_ = nullptr;
  std::vector<size_t> keyword_lengths_;
  size_t max_gated_width_ = 0;
  size_t max_match_width_ = 0;
  size_t context_width_ = 0;
  bool loaded_from_cache_ = false;
  std::string cache_note_;
};

}  // namespace keysweep

#endif  // KEYSWEEP_DETECTORS_ENGINE_H_
