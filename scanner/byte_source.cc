#include "scanner/byte_source.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace keysweep {

Result<size_t> FdByteSource::Read(char* buffer, size_t size) {
  for (;;) {
    ssize_t n = read(fd_, buffer, size);
    if (n >= 0) return static_cast<size_t>(n);
    if (errno == EINTR) continue;
    return Status::Error(std::string("read failed: ") + strerror(errno));
  }
}

Result<size_t> StringByteSource::Read(char* buffer, size_t size) {
  size_t n = std::min(size, data_.size() - pos_);
  memcpy(buffer, data_.data() + pos_, n);
  pos_ += n;
  return n;
}

}  // namespace keysweep
