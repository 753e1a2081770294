// Internal to git/: decodes the objects of a pack file directly (zlib and
// git's delta format), the way `git cat-file --batch-all-objects --unordered`
// reads: in offset order, each delta's base kept in memory until the last
// delta built on it is decoded, so every object is inflated once. libgit2
// serializes pack access behind process-wide locks, which keeps two threads
// from reading one pack in parallel; this reader shares nothing mutable.
//
// Nothing here trusts the pack: every length, offset and delta instruction is
// bounds-checked, delta chains are capped, and an entry that cannot be decoded
// is reported with why (PackFailure); the caller then asks libgit2 through the
// safe object database, which checks what every link of the chain claims
// first (PackClaims: libgit2's unpacker allocates whatever the entries claim).
// Object ids are not re-hashed (git cat-file does not either).
//
// Thread-safety: a PackFile is immutable after Open and may be shared; each
// thread uses its own PackDecoder.
#ifndef KEYSWEEP_GIT_PACK_READER_H_
#define KEYSWEEP_GIT_PACK_READER_H_

#include <zlib.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/status.h"
#include "git/libgit2_util.h"
#include "git/pack_files.h"

namespace keysweep::git {

// Why an entry could not be decoded here.
enum class PackFailure {
  kLeftToLibgit2,  // a delta on an object outside this pack, or an entry over 4 GiB
                   // (zlib's 32-bit counters): read it through libgit2
  kTooLarge,       // it, or an object in its delta chain, exceeds the decoder's limit
  kCorrupt,        // bad header, compressed data, delta, or a chain past its cap
};

struct PackEntry {
  static constexpr uint32_t kNoBase = UINT32_MAX;
  git_oid id;
  uint64_t offset = 0;        // of the entry's header in the pack
  uint64_t end = 0;           // of its compressed data
  uint64_t size = 0;          // inflated size (of the delta itself, for deltas)
  uint32_t base = kNoBase;    // deltas: index of the base entry in this pack
  uint16_t header_bytes = 0;  // the compressed data starts at offset + header_bytes
  uint8_t kind = 0;           // 1-4: commit, tree, blob, tag; 6, 7: deltas; 0: unreadable
};

class PackFile {
 public:
  // Maps `idx_path` and the .pack beside it; an error when either is missing or
  // is not a version-2 index / version 2-3 pack.
  static Result<std::unique_ptr<PackFile>> Open(const std::string& idx_path);

  const std::vector<PackEntry>& entries() const { return entries_; }  // in offset order
  const unsigned char* data() const { return pack_->data(); }
  const std::string& path() const { return path_; }

 private:
  PackFile() = default;
  std::string path_;
  std::unique_ptr<MappedFile> pack_;
  std::vector<PackEntry> entries_;
};

class PackDecoder {
 public:
  // `cache_bytes` bounds the delta bases kept in memory; `max_object_bytes`
  // the size of any object decoded (larger ones are reported, not decoded).
  PackDecoder(const PackFile& pack, uint64_t cache_bytes, uint64_t max_object_bytes);
  ~PackDecoder();
  PackDecoder(const PackDecoder&) = delete;
  PackDecoder& operator=(const PackDecoder&) = delete;

  using Visit = std::function<void(uint32_t index, git_object_t type, std::string_view data)>;
  using Fail = std::function<void(uint32_t index, PackFailure why, const std::string& message)>;
  // Decodes entries [begin, end) in order: visit for each object, fail for each
  // entry that cannot be decoded here.
  void DecodeRange(uint32_t begin, uint32_t end, const Visit& visit, const Fail& fail);

 private:
  using Content = std::shared_ptr<const std::string>;
  struct Cached {
    Content data;
    git_object_t type;
  };
  // On failure `*why` says why.
  Status Resolve(uint32_t index, Content* out, git_object_t* type, PackFailure* why);
  Status Inflate(const PackEntry& entry, std::string* out);
  void Remember(uint32_t index, const Content& data, git_object_t type);

  const PackFile& pack_;
  const uint64_t cache_limit_;
  const uint64_t max_object_bytes_;
  z_stream zlib_{};
  bool zlib_ready_ = false;
  std::unordered_map<uint32_t, Cached> cache_;
  std::unordered_map<uint32_t, uint32_t> pending_;  // base -> deltas of the range still to decode
  uint64_t cache_bytes_ = 0;
};

// Applies a git delta to `base`; an error when the delta is malformed, does
// not fit the base, or would produce more than `max_bytes`.
Status ApplyDelta(std::string_view base, std::string_view delta, uint64_t max_bytes, std::string* out);

}  // namespace keysweep::git

#endif  // KEYSWEEP_GIT_PACK_READER_H_
