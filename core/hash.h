// Content hashing: 128-bit XXH3 digests used to scan each unique content once
// and to build stable finding fingerprints. Pure functions: thread-safe.
#ifndef KEYSWEEP_CORE_HASH_H_
#define KEYSWEEP_CORE_HASH_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace keysweep {

struct Hash128 {
  uint64_t high = 0;
  uint64_t low = 0;
  bool operator==(const Hash128&) const = default;
  auto operator<=>(const Hash128&) const = default;
  std::string Hex() const;  // 32 lowercase hex digits
};

Hash128 HashBytes(std::string_view bytes);

// Incremental hashing for content read in chunks. Not thread-safe: one per stream.
class StreamingHasher {
 public:
  StreamingHasher();
  ~StreamingHasher();
  StreamingHasher(const StreamingHasher&) = delete;
  StreamingHasher& operator=(const StreamingHasher&) = delete;
  void Update(std::string_view bytes);
  Hash128 Digest() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

struct Hash128Hasher {
  size_t operator()(const Hash128& h) const { return static_cast<size_t>(h.low ^ (h.high * 31)); }
};

}  // namespace keysweep

#endif  // KEYSWEEP_CORE_HASH_H_
