// Helpers shared by the fuzz targets that need files on disk. Not thread-safe
// (libFuzzer runs one input at a time).
#ifndef KEYSWEEP_FUZZ_FUZZ_UTIL_H_
#define KEYSWEEP_FUZZ_FUZZ_UTIL_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace keysweep::fuzz {

// A fresh private folder under $TMPDIR (or /tmp), named after `what`.
std::string PrivateDir(const std::string& what);

// Writes `size` bytes to `path`, replacing it.
void WriteFile(const std::string& path, const uint8_t* data, size_t size);

// Reads a length written as exactly 8 hex digits from the front of the input
// and advances past it; false when the input is shorter or not hex.
bool ReadHexLength(const uint8_t** data, size_t* size, size_t* length);

// Touches decoded output so that its computation cannot be optimized away.
void Consume(int type, std::string_view content);

}  // namespace keysweep::fuzz

#endif  // KEYSWEEP_FUZZ_FUZZ_UTIL_H_
