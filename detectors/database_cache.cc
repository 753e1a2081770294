#include "detectors/database_cache.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string>

#include <hs/hs.h>

#include "core/atomic_file.h"
#include "core/hash.h"
#include "core/mapped_file.h"
#include "core/regular_file.h"

namespace keysweep {
namespace {

// Entry layout: magic, key length (u32) and the key, rule count (u32), one max
// width (u32) per rule, then for the main, the gated and the path database a
// byte length (u64, 0 for none) and Hyperscan's serialized database (which
// checks its own version and platform); last, the XXH3-128 digest (high, low:
// u64 each) of every byte before it.
constexpr char kMagic[8] = {'K', 'S', 'H', 'S', 'D', 'B', '0', '4'};
constexpr size_t kDigestBytes = 16;
constexpr size_t kMaxKeyBytes = 256;

// A cache entry larger than this is not a cache entry keysweep wrote.
constexpr uint64_t kMaxEntryBytes = 256 << 20;

std::string EntryPath(const std::string& cache_dir, const std::string& key) {
  return cache_dir + "/hsdb-" + key + ".bin";
}

uint32_t ReadU32(const char* p) {
  uint32_t v;
  memcpy(&v, p, sizeof v);
  return v;
}

uint64_t ReadU64(const char* p) {
  uint64_t v;
  memcpy(&v, p, sizeof v);
  return v;
}

void AppendU32(std::string* out, uint32_t v) {
  out->append(reinterpret_cast<const char*>(&v), sizeof v);
}

void AppendU64(std::string* out, uint64_t v) {
  out->append(reinterpret_cast<const char*>(&v), sizeof v);
}

// Appends a length-prefixed serialized database (length 0 for none).
bool AppendDatabase(std::string* out, const hs_database* db) {
  if (db == nullptr) {
    AppendU64(out, 0);
    return true;
  }
  char* serialized = nullptr;
  size_t length = 0;
  if (hs_serialize_database(db, &serialized, &length) != HS_SUCCESS) return false;
  AppendU64(out, length);
  out->append(serialized, length);
  free(serialized);
  return true;
}

// Reads a length-prefixed database at *pos; false if malformed.
bool ReadDatabase(const char* bytes, size_t size, size_t* pos, hs_database** db) {
  if (*pos + 8 > size) return false;
  uint64_t length = ReadU64(bytes + *pos);
  *pos += 8;
  if (length == 0) return true;
  if (length > size - *pos) return false;
  if (hs_deserialize_database(bytes + *pos, length, db) != HS_SUCCESS) return false;
  *pos += length;
  return true;
}

// mkdir -p, best effort.
void MakeDirs(const std::string& dir) {
  for (size_t pos = 1; pos <= dir.size(); ++pos) {
    if (pos == dir.size() || dir[pos] == '/') {
      mkdir(dir.substr(0, pos).c_str(), 0700);
    }
  }
}


}  // namespace

CachedDatabases LoadCachedDatabases(const std::string& cache_dir, const std::string& key,
                                    size_t rule_count) {
  CachedDatabases entry;
  if (cache_dir.empty()) return entry;
  std::string path = EntryPath(cache_dir, key);
  auto bad = [&](const std::string& why) {
    for (hs_database* db : {entry.main, entry.gated, entry.path}) {
      if (db) hs_free_database(db);
    }
    CachedDatabases miss;
    miss.problem = why;
    return miss;
  };
  // Non-blocking, no links, regular files only: a FIFO planted here must not hang the scan.
  if (struct stat st; lstat(path.c_str(), &st) != 0 && errno == ENOENT) return entry;
  Result<int> fd = OpenRegularFile(path, Symlinks::kRefuse);
  if (!fd.ok()) return bad(fd.status().message());
  MappedFile file(*fd, kMaxEntryBytes);
  close(*fd);
  const char* bytes = reinterpret_cast<const char*>(file.data());
  size_t size = file.size();
  if (bytes == nullptr || size < sizeof kMagic + 4 + kDigestBytes) return bad(path + ": empty, unreadable or too large");
  if (memcmp(bytes, kMagic, sizeof kMagic) != 0) return bad(path + ": not an entry of this keysweep version");
  size_t body = size - kDigestBytes;
  Hash128 digest = HashBytes(std::string_view(bytes, body));
  if (ReadU64(bytes + body) != digest.high || ReadU64(bytes + body + 8) != digest.low) {
    return bad(path + ": corrupt or altered (digest mismatch)");
  }
  size_t pos = sizeof kMagic;
  uint32_t key_length = ReadU32(bytes + pos);
  pos += 4;
  if (key_length > kMaxKeyBytes || key_length > body - pos ||
      std::string_view(bytes + pos, key_length) != key) {
    return bad(path + ": stored under another key");
  }
  pos += key_length;
  if (body - pos < 4 || ReadU32(bytes + pos) != rule_count || (body - pos - 4) / 4 < rule_count) {
    return bad(path + ": holds another number of rules");
  }
  pos += 4;
  for (size_t i = 0; i < rule_count; ++i) entry.max_widths.push_back(ReadU32(bytes + pos + 4 * i));
  pos += 4 * rule_count;
  if (!ReadDatabase(bytes, body, &pos, &entry.main) || !ReadDatabase(bytes, body, &pos, &entry.gated) ||
      !ReadDatabase(bytes, body, &pos, &entry.path) || pos != body) {
    return bad(path + ": malformed databases");
  }
  return entry;
}

void StoreCachedDatabases(const std::string& cache_dir, const std::string& key,
                          const CachedDatabases& entry) {
  if (cache_dir.empty() || entry.max_widths.empty() || key.size() > kMaxKeyBytes) return;
  std::string bytes(kMagic, sizeof kMagic);
  AppendU32(&bytes, static_cast<uint32_t>(key.size()));
  bytes += key;
  AppendU32(&bytes, static_cast<uint32_t>(entry.max_widths.size()));
  for (uint32_t width : entry.max_widths) AppendU32(&bytes, width);
  if (!AppendDatabase(&bytes, entry.main) || !AppendDatabase(&bytes, entry.gated) ||
      !AppendDatabase(&bytes, entry.path)) {
    return;
  }
  Hash128 digest = HashBytes(bytes);
  AppendU64(&bytes, digest.high);
  AppendU64(&bytes, digest.low);
  MakeDirs(cache_dir);
  // A new file renamed over the entry: whatever was planted there (a link, a
  // FIFO) is replaced, never written through.
  AtomicFileOptions options;
  options.mode = 0600;
  options.replace_special = true;
  (void)WriteFileAtomically(EntryPath(cache_dir, key), bytes, options);
}

}  // namespace keysweep
