#include "git/pack_claims.h"

#include <zlib.h>

#include "git/pack_files.h"

namespace keysweep::git {
namespace {

constexpr size_t kMaxChain = 4096;  // as the pack reader's cap
constexpr unsigned char kOfsDelta = 6, kRefDelta = 7;

// Reads git's size varint (7 bits a byte, low first) from [*p, end).
bool ReadSize(const unsigned char** p, const unsigned char* end, uint64_t* out) {
  *out = 0;
  for (int shift = 0; *p < end && shift <= 63; shift += 7) {
    unsigned char c = *(*p)++;
    *out |= uint64_t{c & 0x7Fu} << shift;
    if ((c & 0x80) == 0) return true;
  }
  return false;
}

// The result size a delta's compressed data starts by claiming (after its
// base size): inflates only its first bytes.
bool DeltaResultSize(const unsigned char* compressed, size_t available, uint64_t* result) {
  unsigned char head[24];
  z_stream zlib{};
  if (inflateInit(&zlib) != Z_OK) return false;
  zlib.next_in = const_cast<Bytef*>(compressed);
  zlib.avail_in = static_cast<uInt>(std::min<size_t>(available, 1 << 16));
  zlib.next_out = head;
  zlib.avail_out = sizeof head;
  int rc = inflate(&zlib, Z_SYNC_FLUSH);
  size_t got = sizeof head - zlib.avail_out;
  inflateEnd(&zlib);
  if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR) return false;
  const unsigned char* p = head;
  uint64_t base_size = 0;
  return ReadSize(&p, head + got, &base_size) && ReadSize(&p, head + got, result);
}

}  // namespace

PackClaims::PackClaims(const std::string& objects_dir) {
  for (const std::string& idx_path : PackIndexes(objects_dir)) {
    Pack pack;
    pack.path = idx_path.substr(0, idx_path.size() - 4) + ".pack";
    pack.idx = std::make_unique<MappedFile>(idx_path);
    pack.data = std::make_unique<MappedFile>(pack.path);
    if (pack.idx->data() != nullptr && pack.data->data() != nullptr) packs_.push_back(std::move(pack));
  }
}

bool PackClaims::Find(const git_oid& id, size_t* pack, uint64_t* offset) const {
  for (size_t i = 0; i < packs_.size(); ++i) {
    if (FindInPackIndex(*packs_[i].idx, id, offset)) {
      *pack = i;
      return true;
    }
  }
  return false;
}

Status PackClaims::Check(const git_oid& id, uint64_t max_bytes) const {
  size_t pack = 0;
  uint64_t offset = 0;
  if (!Find(id, &pack, &offset)) return Status::Ok();
  for (size_t link = 0; link < kMaxChain; ++link) {
    const Pack& in = packs_[pack];
    const unsigned char* begin = in.data->data();
    const size_t size = in.data->size();
    auto where = [&] { return in.path + " at offset " + std::to_string(offset); };
    if (size < 32 || offset < 12 || offset >= size - 20) return Status::Error(where() + ": no such entry");
    const unsigned char* end = begin + size - 20;  // the trailing checksum
    PackEntryHeader header;
    if (!ReadPackEntryHeader(begin + offset, end, &header)) return Status::Error(where() + ": unreadable entry header");
    if (header.size > max_bytes) {
      return Status::Error(where() + ": entry claims " + std::to_string(header.size) +
                           " bytes, more than keysweep reads");
    }
    if (header.kind != kOfsDelta && header.kind != kRefDelta) {
      if (header.kind == 0 || header.kind == 5) return Status::Error(where() + ": unreadable entry type");
      return Status::Ok();
    }
    uint64_t base_offset = 0;
    size_t base_pack = pack;
    if (header.kind == kOfsDelta) {
      if (header.base_distance > offset) return Status::Error(where() + ": delta base outside the pack");
      base_offset = offset - header.base_distance;
    } else {
      git_oid base;
      git_oid_fromraw(&base, header.base_id);
      if (!Find(base, &base_pack, &base_offset)) return Status::Ok();  // loose or in an alternate
    }
    const unsigned char* p = header.data;
    uint64_t result = 0;
    if (!DeltaResultSize(p, static_cast<size_t>(end - p), &result)) {
      return Status::Error(where() + ": unreadable delta header");
    }
    if (result > max_bytes) {
      return Status::Error(where() + ": delta claims a result of " + std::to_string(result) +
                           " bytes, more than keysweep reads");
    }
    pack = base_pack;
    offset = base_offset;
  }
  return Status::Error(packs_[pack].path + ": delta chain longer than " + std::to_string(kMaxChain));
}

}  // namespace keysweep::git
