// The CloudTrail reader on arbitrary bytes (gzip or JSON: S3 deliveries,
// lookup-events output, arrays, JSON Lines), through a file as users give it.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "trail/log_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::string path = "/tmp/keysweep-fuzz-trail-" + std::to_string(getpid()) + ".json";
  FILE* f = fopen(path.c_str(), "wb");
  if (f == nullptr) return 0;
  fwrite(data, 1, size, f);
  fclose(f);
  std::vector<keysweep::Diagnostic> diagnostics;
  keysweep::TrailReadStats stats;
  keysweep::TrailReadOptions options;
  options.max_file_bytes = 64 << 20;
  size_t events = 0;
  keysweep::ReadTrailLogs({path}, options, [&](const keysweep::TrailEvent&) { ++events; }, &diagnostics, &stats);
  return 0;
}
