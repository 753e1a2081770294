// On-disk cache of compiled Hyperscan databases, so that a small scan starts in
// milliseconds instead of recompiling every rule. Files are written atomically
// (a new temporary file renamed over the entry, core/atomic_file.h) and read
// without blocking (regular files only, no symbolic links). A missing entry is
// a miss; a stale, corrupt or tampered one is a miss with a note saying why,
// and the caller rebuilds and rewrites it.
//
// Integrity, and its limit: each entry records the key it was stored under
// (the engine derives it from the rules, Hyperscan's version, the CPU and a
// hash of the running binary) and ends with a digest of everything before it,
// so an entry copied from another rule set or binary, a truncated one, or any
// edit that does not also recompute the digest is detected. The digest is not a
// MAC: keysweep runs offline with no secret to key it, and anyone who can
// write the cache directory can read this code and recompute any unkeyed hash
// (XXH3-128 or SHA-256 alike: a stronger unkeyed hash would buy nothing here,
// so the fast one is used). Such an attacker can still blind the scanner: with
// rewritten widths, or databases compiled from fewer rules. Re-deriving the
// widths on load would cost ~100 ms of Hyperscan expression analysis per start
// (measured with the built-in rules), which is what the cache exists to avoid.
// Use --no-cache, or a KEYSWEEP_CACHE_DIR only you can write, when the cache
// is shared or restored from an untrusted place.
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
  // After a load that missed for a reason other than "no entry": what was
  // wrong with the entry ("corrupt: digest mismatch", "is a FIFO ..."), for a note.
  std::string problem;
};

// Loads the entry stored under `key` if it holds `rule_count` rules; else an
// empty entry (max_widths empty; `problem` says why when an entry was there).
CachedDatabases LoadCachedDatabases(const std::string& cache_dir, const std::string& key,
                                    size_t rule_count);
// Stores the entry; failures (read-only home, full disk) are ignored.
void StoreCachedDatabases(const std::string& cache_dir, const std::string& key,
                          const CachedDatabases& entry);

}  // namespace keysweep

#endif  // KEYSWEEP_DETECTORS_DATABASE_CACHE_H_
