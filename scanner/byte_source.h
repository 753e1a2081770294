// ByteSource: a sequential reader of one input's bytes (a file descriptor, a
// string, a transcoding wrapper). Not thread-safe: one reader per input.
#ifndef KEYSWEEP_SCANNER_BYTE_SOURCE_H_
#define KEYSWEEP_SCANNER_BYTE_SOURCE_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "core/status.h"

namespace keysweep {

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Reads up to `size` bytes into `buffer`; returns 0 at the end of input.
  virtual Result<size_t> Read(char* buffer, size_t size) = 0;
};

// Reads a file descriptor it does not own, retrying on EINTR.
class FdByteSource : public ByteSource {
 public:
  explicit FdByteSource(int fd) : fd_(fd) {}
  Result<size_t> Read(char* buffer, size_t size) override;

 private:
  int fd_;
};

// Reads an in-memory string it does not own.
class StringByteSource : public ByteSource {
 public:
  explicit StringByteSource(std::string_view data) : data_(data) {}
  Result<size_t> Read(char* buffer, size_t size) override;

 private:
  std::string_view data_;
  size_t pos_ = 0;
};

}  // namespace keysweep

#endif  // KEYSWEEP_SCANNER_BYTE_SOURCE_H_
