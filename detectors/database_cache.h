// On-disk cache of compiled Hyperscan databases, so that a small scan starts in
// milliseconds instead of recompiling every rule. Files are written atomically
// (temporary file + rename); a missing, stale or corrupt entry is simply a miss.
// Thread-safe: functions touch only their own files.
#ifndef KEYSWEEP_DETECTORS_DATABASE_CACHE_H_
#define KEYSWEEP_DETECTORS_DATABASE_CACHE_H_

#include <string>

struct hs_database;

namespace keysweep {

// Loads the database stored under `key`, or returns nullptr.
hs_database* LoadCachedDatabase(const std::string& cache_dir, const std::string& key);
// Stores the database; failures (read-only home, full disk) are ignored.
void StoreCachedDatabase(const std::string& cache_dir, const std::string& key,
                         const hs_database* database);

}  // namespace keysweep

#endif  // KEYSWEEP_DETECTORS_DATABASE_CACHE_H_
