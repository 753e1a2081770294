// MappedFile: a read-only memory map of a whole regular file. Empty (data()
// null) when the file cannot be opened or mapped, is not a regular file, is
// empty, or is larger than the limit given. Immutable after construction:
// thread-safe to read from.
#ifndef KEYSWEEP_CORE_MAPPED_FILE_H_
#define KEYSWEEP_CORE_MAPPED_FILE_H_

#include <cstddef>
#include <cstdint>
#include <string>

namespace keysweep {

class MappedFile {
 public:
  // Maps the file open on `fd` (which the caller keeps and may close afterwards).
  explicit MappedFile(int fd, uint64_t max_bytes = UINT64_MAX);
  // Opens `path` read-only and maps it.
  explicit MappedFile(const std::string& path, uint64_t max_bytes = UINT64_MAX);
  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  const unsigned char* data() const { return data_; }
  size_t size() const { return size_; }

 private:
  void Map(int fd, uint64_t max_bytes);
  const unsigned char* data_ = nullptr;
  size_t size_ = 0;
};

}  // namespace keysweep

#endif  // KEYSWEEP_CORE_MAPPED_FILE_H_
