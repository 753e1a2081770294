#include "detectors/database_cache.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

#include <hs/hs.h>

namespace keysweep {
namespace {

std::string EntryPath(const std::string& cache_dir, const std::string& key) {
  return cache_dir + "/hsdb-" + key + ".bin";
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

hs_database* LoadCachedDatabase(const std::string& cache_dir, const std::string& key) {
  if (cache_dir.empty()) return nullptr;
  int fd = open(EntryPath(cache_dir, key).c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) return nullptr;
  std::string bytes;
  bool ok = ReadAll(fd, &bytes);
  close(fd);
  if (!ok || bytes.empty()) return nullptr;
  hs_database_t* db = nullptr;
  // hs_deserialize_database checks the magic, version and platform itself.
  if (hs_deserialize_database(bytes.data(), bytes.size(), &db) != HS_SUCCESS) return nullptr;
  return db;
}

void StoreCachedDatabase(const std::string& cache_dir, const std::string& key,
                         const hs_database* database) {
  if (cache_dir.empty() || database == nullptr) return;
  char* bytes = nullptr;
  size_t length = 0;
  if (hs_serialize_database(database, &bytes, &length) != HS_SUCCESS) return;
  MakeDirs(cache_dir);
  std::string final_path = EntryPath(cache_dir, key);
  std::string tmp_path = final_path + ".tmp." + std::to_string(getpid());
  int fd = open(tmp_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
  bool ok = fd >= 0;
  for (size_t done = 0; ok && done < length;) {
    ssize_t n = write(fd, bytes + done, length - done);
    if (n <= 0) ok = false;
    else done += static_cast<size_t>(n);
  }
  if (fd >= 0 && close(fd) != 0) ok = false;
  if (ok) ok = rename(tmp_path.c_str(), final_path.c_str()) == 0;
  if (!ok) unlink(tmp_path.c_str());
  free(bytes);
}

}  // namespace keysweep
