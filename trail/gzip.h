// gzip decompression for CloudTrail's .json.gz deliveries (zlib; concatenated
// members are supported). Pure function: thread-safe.
#ifndef KEYSWEEP_TRAIL_GZIP_H_
#define KEYSWEEP_TRAIL_GZIP_H_

#include <string>
#include <string_view>

#include "core/status.h"

namespace keysweep {

bool IsGzip(std::string_view bytes);

// Decompresses into `out`. Errors: corrupt or truncated input, or output over
// `limit` bytes (a decompression bomb or a file too large to triage whole).
Status Gunzip(std::string_view compressed, size_t limit, std::string* out);

}  // namespace keysweep

#endif  // KEYSWEEP_TRAIL_GZIP_H_
