// ByteBuffer: a growable byte array that, unlike std::string, does not zero
// the memory it grows into, so reserving room for an 8 MiB read costs nothing
// until the bytes arrive. Not thread-safe: one per owner.
#ifndef KEYSWEEP_SCANNER_BYTE_BUFFER_H_
#define KEYSWEEP_SCANNER_BYTE_BUFFER_H_

#include <cstdlib>
#include <cstring>
#include <new>
#include <string_view>

namespace keysweep {

class ByteBuffer {
 public:
  ByteBuffer() = default;
  ~ByteBuffer() { free(data_); }
  ByteBuffer(const ByteBuffer&) = delete;
  ByteBuffer& operator=(const ByteBuffer&) = delete;

  std::string_view view() const { return {data_, size_}; }
  size_t size() const { return size_; }
  void clear() { size_ = 0; }

  // Grows the buffer by n uninitialized bytes and returns where they start.
  char* Extend(size_t n) {
    Reserve(size_ + n);
    char* start = data_ + size_;
    size_ += n;
    return start;
  }
  // Drops bytes from the end: size() becomes n (n <= size()).
  void Truncate(size_t n) { size_ = n; }
  void Append(std::string_view bytes) {
    if (!bytes.empty()) memcpy(Extend(bytes.size()), bytes.data(), bytes.size());
  }
  // Drops the first n bytes.
  void EraseFront(size_t n) {
    memmove(data_, data_ + n, size_ - n);
    size_ -= n;
  }

 private:
  void Reserve(size_t capacity) {
    if (capacity <= capacity_) return;
    size_t grown = capacity_ * 2 > capacity ? capacity_ * 2 : capacity;
    char* data = static_cast<char*>(realloc(data_, grown));
    if (data == nullptr) throw std::bad_alloc();
    data_ = data;
    capacity_ = grown;
  }

  char* data_ = nullptr;
  size_t size_ = 0;
  size_t capacity_ = 0;
};

}  // namespace keysweep

#endif  // KEYSWEEP_SCANNER_BYTE_BUFFER_H_
