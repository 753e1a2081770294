// On-disk cache of compiled Hyperscan databases, so that a small scan starts in
// milliseconds instead of recompiling every rule. Files are written atomically
// (temporary file + rename); a missing, stale or corrupt entry is simply a miss.
// Thread-safe: functions touch only their own files.
#ifndef KEYSWEEP_DETECTORS_DATABASE_CACHE_H_
#define KEYSWEEP_DETECTORS_DATABASE_CACHE_H_

#include <cstdint>
#include <string>
#include <vector>

struct hs_database;

namespace keysweep {

// An engine's compiled databases and the facts about its rules computed while
// compiling them (each rule's widest match), so a cache hit needs neither.
struct CachedDatabases {
  hs_database* main = nullptr;   // owned by the caller after a load; null when empty
  hs_database* gated = nullptr;  // may be null: no keyword-gated rules
  hs_database* path = nullptr;   // may be null: no path-limited rules
  std::vector<uint32_t> max_widths;
};

// Loads the entry stored under `key` if it holds `rule_count` rules; else an
// empty entry (max_widths empty).
CachedDatabases LoadCachedDatabases(const std::string& cache_dir, const std::string& key,
                                    size_t rule_count);
// Stores the entry; failures (read-only home, full disk) are ignored.
void StoreCachedDatabases(const std::string& cache_dir, const std::string& key,
                          const CachedDatabases& entry);

}  // namespace keysweep

#endif  // KEYSWEEP_DETECTORS_DATABASE_CACHE_H_
