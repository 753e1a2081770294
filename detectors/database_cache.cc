#include "detectors/database_cache.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <string>

#include <hs/hs.h>

#include "core/mapped_file.h"

namespace keysweep {
namespace {

// Entry layout: magic, rule count (u32), one max width (u32) per rule, then
// for the main, the gated and the path database a byte length (u64, 0 for none) and
// Hyperscan's serialized database (which checks its own version and platform).
constexpr char kMagic[8] = {'K', 'S', 'H', 'S', 'D', 'B', '0', '3'};

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
  int fd = open(EntryPath(cache_dir, key).c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) return entry;
  MappedFile file(fd, kMaxEntryBytes);
  close(fd);
  const char* bytes = reinterpret_cast<const char*>(file.data());
  size_t pos = sizeof kMagic + 4 + 4 * rule_count;
  if (bytes == nullptr || file.size() <= pos || memcmp(bytes, kMagic, sizeof kMagic) != 0 ||
      ReadU32(bytes + sizeof kMagic) != rule_count) {
    return entry;
  }
  for (size_t i = 0; i < rule_count; ++i) {
    entry.max_widths.push_back(ReadU32(bytes + sizeof kMagic + 4 + 4 * i));
  }
  if (!ReadDatabase(bytes, file.size(), &pos, &entry.main) || !ReadDatabase(bytes, file.size(), &pos, &entry.gated) ||
      !ReadDatabase(bytes, file.size(), &pos, &entry.path)) {
    for (hs_database* db : {entry.main, entry.gated, entry.path}) {
      if (db) hs_free_database(db);
    }
    return CachedDatabases{};
  }
  return entry;
}

void StoreCachedDatabases(const std::string& cache_dir, const std::string& key,
                          const CachedDatabases& entry) {
  if (cache_dir.empty() || entry.max_widths.empty()) return;
  std::string bytes(kMagic, sizeof kMagic);
  AppendU32(&bytes, static_cast<uint32_t>(entry.max_widths.size()));
  for (uint32_t width : entry.max_widths) AppendU32(&bytes, width);
  if (!AppendDatabase(&bytes, entry.main) || !AppendDatabase(&bytes, entry.gated) ||
      !AppendDatabase(&bytes, entry.path)) {
    return;
  }
  MakeDirs(cache_dir);
  std::string final_path = EntryPath(cache_dir, key);
  std::string tmp_path = final_path + ".tmp." + std::to_string(getpid());
  int fd = open(tmp_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
  bool ok = fd >= 0;
  for (size_t done = 0; ok && done < bytes.size();) {
    ssize_t n = write(fd, bytes.data() + done, bytes.size() - done);
    if (n <= 0) ok = false;
    else done += static_cast<size_t>(n);
  }
  if (fd >= 0 && close(fd) != 0) ok = false;
  if (ok) ok = rename(tmp_path.c_str(), final_path.c_str()) == 0;
  if (!ok) unlink(tmp_path.c_str());
}

}  // namespace keysweep
