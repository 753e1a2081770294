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

// A relative path of at most 8 short components of [A-Za-z0-9._-], none of
// them "." or "..", so that a generated file stays inside the folder it is
// written under.
bool SafePath(std::string_view path);

// True when every existing folder from `root` down to the parent of `name`
// (a SafePath) is a real folder, not a symlink or a file: a link laid earlier
// by the same input could point anywhere, and nothing may be created through it.
bool ParentsAreFolders(const std::string& root, std::string_view name);

// One record of the file-list inputs of fuzz_repo and fuzz_gate: `header` is
// the bytes before the first NUL (a path, with fuzz_gate two tag bytes before
// it), then a length in 8 hex digits and that many bytes (fewer when the input
// ends first). NextRecord advances past it; false when no record is left.
struct Record {
  std::string_view header;
  std::string_view content;
};
bool NextRecord(const uint8_t** data, size_t* size, Record* record);

// Touches decoded output so that its computation cannot be optimized away.
void Consume(int type, std::string_view content);

}  // namespace keysweep::fuzz

#endif  // KEYSWEEP_FUZZ_FUZZ_UTIL_H_
