#include "detectors/database_cache.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <string>

#include <hs/hs.h>

namespace keysweep {
namespace {

// Entry layout: magic, rule count (u32), one max width (u32) per rule, then
// Hyperscan's serialized database (which checks its own version and platform).
constexpr char kMagic[8] = {'K', 'S', 'H', 'S', 'D', 'B', '0', '1'};

std::string EntryPath(const std::string& cache_dir, const std::string& key) {
  return cache_dir + "/hsdb-" + key + ".bin";
}

uint32_t ReadU32(const char* p) {
  uint32_t v;
  memcpy(&v, p, sizeof v);
  return v;
}

void AppendU32(std::string* out, uint32_t v) {
  out->append(reinterpret_cast<const char*>(&v), sizeof v);
}

// mkdir -p, best effort.
void MakeDirs(const std::string& dir) {
  for (size_t pos = 1; pos <= dir.size(); ++pos) {
    if (pos == dir.size() || dir[pos] == '/') {
      mkdir(dir.substr(0, pos).c_str(), 0700);
    }
  }
}

bool ReadAll(int fd, std::string* out) {
  char buf[1 << 16];
  for (;;) {
    ssize_t n = read(fd, buf, sizeof buf);
    if (n < 0) return false;
    if (n == 0) return true;
    out->append(buf, static_cast<size_t>(n));
    if (out->size() > (256u << 20)) return false;  // not a database of ours
  }
}

}  // namespace

CachedDatabase LoadCachedDatabase(const std::string& cache_dir, const std::string& key,
                                  size_t rule_count) {
  CachedDatabase entry;
  if (cache_dir.empty()) return entry;
  int fd = open(EntryPath(cache_dir, key).c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) return entry;
  std::string bytes;
  bool ok = ReadAll(fd, &bytes);
  close(fd);
  size_t header = sizeof kMagic + 4 + 4 * rule_count;
  if (!ok || bytes.size() <= header || memcmp(bytes.data(), kMagic, sizeof kMagic) != 0 ||
      ReadU32(bytes.data() + sizeof kMagic) != rule_count) {
    return entry;
  }
  for (size_t i = 0; i < rule_count; ++i) {
    entry.max_widths.push_back(ReadU32(bytes.data() + sizeof kMagic + 4 + 4 * i));
  }
  if (hs_deserialize_database(bytes.data() + header, bytes.size() - header, &entry.database) !=
      HS_SUCCESS) {
    entry.database = nullptr;
  }
  return entry;
}

void StoreCachedDatabase(const std::string& cache_dir, const std::string& key,
                         const hs_database* database, const std::vector<uint32_t>& max_widths) {
  if (cache_dir.empty() || database == nullptr) return;
  char* serialized = nullptr;
  size_t length = 0;
  if (hs_serialize_database(database, &serialized, &length) != HS_SUCCESS) return;
  std::string bytes(kMagic, sizeof kMagic);
  AppendU32(&bytes, static_cast<uint32_t>(max_widths.size()));
  for (uint32_t width : max_widths) AppendU32(&bytes, width);
  bytes.append(serialized, length);
  free(serialized);
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
