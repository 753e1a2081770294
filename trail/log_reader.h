// Reads CloudTrail logs as a responder has them: the files CloudTrail delivers
// to S3 ({"Records": [...]}, usually .json.gz, in a folder tree), the JSON that
// `aws cloudtrail lookup-events` prints ({"Events": [{"CloudTrailEvent":
// "<json>"}]}), a bare array of records, or JSON Lines of records. Folders are
// walked for *.json, *.json.gz, *.jsonl and *.gz. Each file is read, parsed and
// released before the next, so gigabytes of logs take one file's memory.
// Bad files (truncated gzip, not CloudTrail, too large) become diagnostics.
// Not thread-safe: one reader per call.
#ifndef KEYSWEEP_TRAIL_LOG_READER_H_
#define KEYSWEEP_TRAIL_LOG_READER_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "scanner/finding.h"
#include "trail/trail_event.h"

namespace keysweep {

struct TrailReadStats {
  uint64_t files = 0;
  uint64_t events = 0;
  uint64_t bytes = 0;  // uncompressed JSON bytes parsed
};

struct TrailReadOptions {
  uint64_t max_file_bytes = 1ull << 30;  // per file, after decompression
};

void ReadTrailLogs(const std::vector<std::string>& paths, const TrailReadOptions& options,
                   const std::function<void(const TrailEvent&)>& on_event,
                   std::vector<Diagnostic>* diagnostics, TrailReadStats* stats);

}  // namespace keysweep

#endif  // KEYSWEEP_TRAIL_LOG_READER_H_
