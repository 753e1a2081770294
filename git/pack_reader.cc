#include "git/pack_reader.h"

#include <algorithm>

namespace keysweep::git {
namespace {

// git itself writes chains of at most a few hundred deltas; a longer one is
// reported as corrupt.
constexpr size_t kMaxDeltaChain = 4096;
constexpr char kTooLargeResult[] = "object larger than the limit";
constexpr char kTooLargeToInflate[] = "entry too large to inflate in one pass";
constexpr uint64_t kMaxDeflateRatio = 1032;
constexpr unsigned char kOfsDelta = 6, kRefDelta = 7;

uint32_t BigEndian32(const unsigned char* p) {
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | p[3];
}

git_object_t TypeOf(unsigned char kind) {
  switch (kind) {
    case 1: return GIT_OBJECT_COMMIT;
    case 2: return GIT_OBJECT_TREE;
    case 3: return GIT_OBJECT_BLOB;
    case 4: return GIT_OBJECT_TAG;
    default: return GIT_OBJECT_INVALID;
  }
}

// A little-endian base-128 size as used in delta headers; false past `end`.
bool ReadDeltaSize(const unsigned char*& p, const unsigned char* end, uint64_t* size) {
  *size = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (p >= end) return false;
    unsigned char c = *p++;
    *size |= uint64_t{c & 0x7Fu} << shift;
    if (!(c & 0x80)) return true;
  }
  return false;
}

// Parses the entry header at entries[i].offset: kind, size and (for deltas) the base.
void ParseHeader(const unsigned char* pack, std::vector<PackEntry>& entries, size_t i,
                 const std::unordered_map<git_oid, uint32_t, OidHash, OidEqual>& by_id) {
  PackEntry& e = entries[i];
  PackEntryHeader header;
  if (!ReadPackEntryHeader(pack + e.offset, pack + e.end, &header)) return;
  if (header.kind == kOfsDelta) {
    if (header.base_distance > e.offset) return;
    uint64_t base_offset = e.offset - header.base_distance;
    auto it = std::lower_bound(entries.begin(), entries.begin() + static_cast<ptrdiff_t>(i), base_offset,
                               [](const PackEntry& x, uint64_t off) { return x.offset < off; });
    if (it == entries.begin() + static_cast<ptrdiff_t>(i) || it->offset != base_offset) return;
    e.base = static_cast<uint32_t>(it - entries.begin());
  } else if (header.kind == kRefDelta) {
    git_oid base;
    git_oid_fromraw(&base, header.base_id);
    auto it = by_id.find(base);
    if (it == by_id.end() || it->second == i) return;  // a base in another pack: libgit2's job
    e.base = it->second;
  } else if (TypeOf(header.kind) == GIT_OBJECT_INVALID) {
    return;
  }
  e.size = header.size;
  e.header_bytes = static_cast<uint16_t>(header.data - (pack + e.offset));
  e.kind = header.kind;
}

}  // namespace

Result<std::unique_ptr<PackFile>> PackFile::Open(const std::string& idx_path) {
  std::unique_ptr<PackFile> file(new PackFile());
  file->path_ = idx_path.substr(0, idx_path.size() - 4) + ".pack";
  std::vector<PackIndexEntry> index = ReadPackIndex(MappedFile(idx_path));
  file->pack_ = std::make_unique<MappedFile>(file->path_);
  const unsigned char* d = file->pack_->data();
  size_t size = file->pack_->size();
  if (d == nullptr || size < 32 || d[0] != 'P' || d[1] != 'A' || d[2] != 'C' || d[3] != 'K' ||
      (BigEndian32(d + 4) != 2 && BigEndian32(d + 4) != 3)) {
    return Status::Error(file->path_ + ": not a readable version 2 or 3 pack");
  }
  if (index.empty() || BigEndian32(d + 8) != index.size()) {
    return Status::Error(idx_path + ": the index does not describe the pack");
  }
  std::sort(index.begin(), index.end(), [](const auto& a, const auto& b) { return a.offset < b.offset; });
  const uint64_t data_end = size - kOidRawSize;  // the pack's trailing checksum
  std::unordered_map<git_oid, uint32_t, OidHash, OidEqual> by_id;
  by_id.reserve(index.size());
  file->entries_.resize(index.size());
  for (size_t i = 0; i < index.size(); ++i) {
    PackEntry& e = file->entries_[i];
    e.id = index[i].id;
    e.offset = index[i].offset;
    e.end = i + 1 < index.size() ? index[i + 1].offset : data_end;
    if (e.offset < 12 || e.end > data_end || e.end <= e.offset) e.end = e.offset;  // unreadable
    by_id.emplace(e.id, static_cast<uint32_t>(i));
  }
  for (size_t i = 0; i < file->entries_.size(); ++i) ParseHeader(d, file->entries_, i, by_id);
  return file;
}

PackDecoder::PackDecoder(const PackFile& pack, uint64_t cache_bytes, uint64_t max_object_bytes)
    : pack_(pack), cache_limit_(cache_bytes), max_object_bytes_(max_object_bytes) {
  zlib_ready_ = inflateInit(&zlib_) == Z_OK;
}

PackDecoder::~PackDecoder() {
  if (zlib_ready_) inflateEnd(&zlib_);
}

Status PackDecoder::Inflate(const PackEntry& entry, std::string* out) {
  if (!zlib_ready_) return Status::Error("zlib could not be initialized");
  uint64_t compressed = entry.end - entry.offset - entry.header_bytes;
  if (compressed > UINT32_MAX || entry.size > UINT32_MAX) return Status::Error(kTooLargeToInflate);
  // Deflate cannot expand more than 1032:1 (2 bits for a 258-byte match). An
  // entry claiming more is corrupt: reject it before allocating (and zeroing)
  // what it claims, or a few KB of hostile pack would cost gigabytes of memset.
  if (entry.size > compressed * kMaxDeflateRatio + 64) {
    return Status::Error("pack entry claims more than its compressed data can hold");
  }
  out->resize(entry.size);
  unsigned char empty = 0;
  inflateReset(&zlib_);
  zlib_.next_in = const_cast<Bytef*>(pack_.data() + entry.offset + entry.header_bytes);
  zlib_.avail_in = static_cast<uInt>(compressed);
  zlib_.next_out = entry.size > 0 ? reinterpret_cast<Bytef*>(out->data()) : &empty;
  zlib_.avail_out = static_cast<uInt>(entry.size);
  int rc = inflate(&zlib_, Z_FINISH);
  if (rc != Z_STREAM_END || zlib_.total_out != entry.size) {
    return Status::Error("corrupt compressed data in the pack entry");
  }
  return Status::Ok();
}

void PackDecoder::Remember(uint32_t index, const Content& data, git_object_t type) {
  auto pending = pending_.find(index);
  if (pending == pending_.end() || cache_.count(index)) return;
  if (cache_bytes_ + data->size() > cache_limit_) return;  // decoded again when needed
  cache_bytes_ += data->size();
  cache_.emplace(index, Cached{data, type});
}

Status PackDecoder::Resolve(uint32_t index, Content* out, git_object_t* type, PackFailure* why) {
  *why = PackFailure::kCorrupt;
  const std::vector<PackEntry>& entries = pack_.entries();
  // Walk down the chain to a cached object or a whole one.
  std::vector<uint32_t> chain;  // deltas to apply, outermost first
  Content base;
  uint32_t at = index;
  for (;;) {
    if (auto it = cache_.find(at); it != cache_.end()) {
      base = it->second.data;
      *type = it->second.type;
      break;
    }
    const PackEntry& e = entries[at];
    if (e.kind == kOfsDelta || e.kind == kRefDelta) {
      if (e.base == PackEntry::kNoBase) {
        *why = PackFailure::kLeftToLibgit2;
        return Status::Error("delta base not found in this pack");
      }
      if (chain.size() >= kMaxDeltaChain) return Status::Error("delta chain too long");
      chain.push_back(at);
      at = e.base;
      continue;
    }
    *type = TypeOf(e.kind);
    if (*type == GIT_OBJECT_INVALID) return Status::Error("unreadable pack entry header");
    if (e.size > max_object_bytes_) {
      *why = PackFailure::kTooLarge;
      return Status::Error(at == index ? "object larger than the limit" : "delta base larger than the limit");
    }
    auto whole = std::make_shared<std::string>();
    if (Status s = Inflate(e, whole.get()); !s.ok()) {
      if (s.message() == kTooLargeToInflate) *why = PackFailure::kLeftToLibgit2;
      return s;
    }
    base = std::move(whole);
    Remember(at, base, *type);
    break;
  }
  // Apply the deltas from the innermost out.
  std::string delta;
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    const PackEntry& e = entries[*it];
    if (e.size > max_object_bytes_) {
      *why = PackFailure::kTooLarge;
      return Status::Error("delta larger than the limit");
    }
    if (Status s = Inflate(e, &delta); !s.ok()) {
      if (s.message() == kTooLargeToInflate) *why = PackFailure::kLeftToLibgit2;
      return s;
    }
    auto next = std::make_shared<std::string>();
    if (Status s = ApplyDelta(*base, delta, max_object_bytes_, next.get()); !s.ok()) {
      if (s.message() == kTooLargeResult) *why = PackFailure::kTooLarge;
      return s;
    }
    base = std::move(next);
    Remember(*it, base, *type);
  }
  *out = std::move(base);
  return Status::Ok();
}

void PackDecoder::DecodeRange(uint32_t begin, uint32_t end, const Visit& visit, const Fail& fail) {
  const std::vector<PackEntry>& entries = pack_.entries();
  end = std::min<uint32_t>(end, static_cast<uint32_t>(entries.size()));
  cache_.clear();
  pending_.clear();
  cache_bytes_ = 0;
  for (uint32_t i = begin; i < end; ++i) {
    if (entries[i].base != PackEntry::kNoBase) ++pending_[entries[i].base];
  }
  for (uint32_t i = begin; i < end; ++i) {
    Content data;
    git_object_t type = GIT_OBJECT_INVALID;
    PackFailure why = PackFailure::kCorrupt;
    Status status = Resolve(i, &data, &type, &why);
    if (status.ok()) {
      visit(i, type, *data);
    } else {
      fail(i, why, status.message());
    }
    // This entry no longer needs its base; a base no delta needs leaves the cache.
    if (uint32_t base = entries[i].base; base != PackEntry::kNoBase) {
      auto p = pending_.find(base);
      if (p != pending_.end() && --p->second == 0) {
        pending_.erase(p);
        if (auto c = cache_.find(base); c != cache_.end()) {
          cache_bytes_ -= c->second.data->size();
          cache_.erase(c);
        }
      }
    }
  }
  cache_.clear();
  pending_.clear();
  cache_bytes_ = 0;
}

Status ApplyDelta(std::string_view base, std::string_view delta, uint64_t max_bytes, std::string* out) {
  const unsigned char* p = reinterpret_cast<const unsigned char*>(delta.data());
  const unsigned char* end = p + delta.size();
  uint64_t base_size = 0, result_size = 0;
  if (!ReadDeltaSize(p, end, &base_size) || !ReadDeltaSize(p, end, &result_size)) {
    return Status::Error("corrupt delta header");
  }
  if (base_size != base.size()) return Status::Error("delta does not fit its base");
  if (result_size > max_bytes) return Status::Error(kTooLargeResult);
  out->clear();
  // The claim is checked as the result is built; reserve no more than a start.
  out->reserve(std::min<uint64_t>(result_size, 16 << 20));
  while (p < end) {
    unsigned char op = *p++;
    if (op & 0x80) {  // copy from the base
      uint64_t offset = 0, size = 0;
      for (int b = 0; b < 4; ++b) {
        if (op & (1u << b)) {
          if (p >= end) return Status::Error("truncated delta");
          offset |= uint64_t{*p++} << (8 * b);
        }
      }
      for (int b = 0; b < 3; ++b) {
        if (op & (0x10u << b)) {
          if (p >= end) return Status::Error("truncated delta");
          size |= uint64_t{*p++} << (8 * b);
        }
      }
      if (size == 0) size = 0x10000;
      if (offset + size > base.size() || out->size() + size > result_size) {
        return Status::Error("delta copies outside its base or result");
      }
      out->append(base.data() + offset, size);
    } else if (op != 0) {  // insert the next `op` bytes
      if (static_cast<size_t>(end - p) < op || out->size() + op > result_size) {
        return Status::Error("delta inserts past its end");
      }
      out->append(reinterpret_cast<const char*>(p), op);
      p += op;
    } else {
      return Status::Error("reserved delta instruction");
    }
  }
  if (out->size() != result_size) return Status::Error("delta result has the wrong size");
  return Status::Ok();
}

}  // namespace keysweep::git
