#include "git/pack_order.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <unordered_map>
#include <unordered_set>

namespace keysweep::git {
namespace {

uint32_t BigEndian32(const unsigned char* p) {
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | p[3];
}

// A read-only memory map of a whole file.
class MappedFile {
 public:
  explicit MappedFile(const std::string& path) {
    int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;
    struct stat st;
    if (fstat(fd, &st) == 0 && st.st_size > 0) {
      void* p = mmap(nullptr, static_cast<size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
      if (p != MAP_FAILED) {
        data_ = static_cast<const unsigned char*>(p);
        size_ = static_cast<size_t>(st.st_size);
      }
    }
    close(fd);
  }
  ~MappedFile() {
    if (data_) munmap(const_cast<unsigned char*>(data_), size_);
  }
  const unsigned char* data() const { return data_; }
  size_t size() const { return size_; }

 private:
  const unsigned char* data_ = nullptr;
  size_t size_ = 0;
};

// Calls visit(oid bytes, offset) for every object in a version-2 pack index.
template <typename Visit>
void ForEachIndexEntry(const MappedFile& idx, Visit visit) {
  const unsigned char* d = idx.data();
  size_t size = idx.size();
  const size_t header = 8 + 256 * 4;
  if (d == nullptr || size < header || d[0] != 0xFF || d[1] != 't' || d[2] != 'O' || d[3] != 'c' ||
      BigEndian32(d + 4) != 2) {
    return;  // not a v2 index: its objects just sort as loose
  }
  uint64_t n = BigEndian32(d + 8 + 255 * 4);
  const unsigned char* names = d + header;
  const unsigned char* offsets = names + n * 20 + n * 4;  // after the names and the CRCs
  const unsigned char* large = offsets + n * 4;
  if (size < static_cast<size_t>(large - d)) return;
  for (uint64_t i = 0; i < n; ++i) {
    uint64_t offset = BigEndian32(offsets + 4 * i);
    if (offset & 0x80000000u) {
      uint64_t slot = offset & 0x7FFFFFFFu;
      const unsigned char* p = large + 8 * slot;
      if (p + 8 > d + size) continue;
      offset = (uint64_t{BigEndian32(p)} << 32) | BigEndian32(p + 4);
    }
    visit(names + 20 * i, offset);
  }
}

// The .idx files of a pack directory, biggest pack first.
std::vector<std::string> PackIndexes(const std::string& objects_dir) {
  std::vector<std::pair<uint64_t, std::string>> packs;
  std::string pack_dir = objects_dir + "/pack";
  if (DIR* dir = opendir(pack_dir.c_str())) {
    while (struct dirent* entry = readdir(dir)) {
      std::string name = entry->d_name;
      if (name.size() > 4 && name.ends_with(".idx")) {
        std::string path = pack_dir + "/" + name;
        struct stat st;
        if (stat(path.c_str(), &st) == 0) packs.push_back({static_cast<uint64_t>(st.st_size), path});
      }
    }
    closedir(dir);
  }
  std::sort(packs.begin(), packs.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  std::vector<std::string> out;
  for (auto& [size, path] : packs) out.push_back(std::move(path));
  return out;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// Loose objects: objects/xx/<38 hex digits>.
void AddLooseObjects(const std::string& objects_dir, std::vector<git_oid>* out) {
  for (int i = 0; i < 256; ++i) {
    char sub[3];
    snprintf(sub, sizeof sub, "%02x", i);
    DIR* dir = opendir((objects_dir + "/" + sub).c_str());
    if (dir == nullptr) continue;
    while (struct dirent* entry = readdir(dir)) {
      std::string name = entry->d_name;
      if (name.size() != 38) continue;
      std::string hex = std::string(sub) + name;
      bool valid = true;
      for (char c : hex) valid = valid && HexValue(c) >= 0;
      git_oid oid;
      if (valid && git_oid_fromstr(&oid, hex.c_str()) == 0) out->push_back(oid);
    }
    closedir(dir);
  }
}

}  // namespace

std::vector<git_oid> AllObjectsInPackOrder(const std::string& objects_dir) {
  std::vector<std::string> dirs{objects_dir};
  // objects/info/alternates: one object directory per line (relative to objects_dir).
  if (FILE* f = fopen((objects_dir + "/info/alternates").c_str(), "r")) {
    char line[4096];
    while (fgets(line, sizeof line, f) != nullptr && dirs.size() < 16) {
      std::string alt(line);
      while (!alt.empty() && (alt.back() == '\n' || alt.back() == '\r')) alt.pop_back();
      if (alt.empty() || alt[0] == '#') continue;
      dirs.push_back(alt[0] == '/' ? alt : objects_dir + "/" + alt);
    }
    fclose(f);
  }
  std::vector<git_oid> out;
  std::unordered_set<git_oid, OidHash, OidEqual> seen;
  for (const std::string& dir : dirs) {
    for (const std::string& idx_path : PackIndexes(dir)) {
      MappedFile idx(idx_path);
      std::vector<std::pair<uint64_t, git_oid>> entries;
      ForEachIndexEntry(idx, [&](const unsigned char* raw, uint64_t offset) {
        git_oid oid;
        git_oid_fromraw(&oid, raw);
        entries.push_back({offset, oid});
      });
      std::sort(entries.begin(), entries.end(),
                [](const auto& a, const auto& b) { return a.first < b.first; });
      for (const auto& [offset, oid] : entries) {
        if (seen.insert(oid).second) out.push_back(oid);
      }
    }
    std::vector<git_oid> loose;
    AddLooseObjects(dir, &loose);
    for (const git_oid& oid : loose) {
      if (seen.insert(oid).second) out.push_back(oid);
    }
  }
  return out;
}

std::vector<uint64_t> PackOrderKeys(const std::string& objects_dir, const std::vector<git_oid>& oids) {
  std::vector<uint64_t> keys(oids.size(), UINT64_MAX);
  std::unordered_map<git_oid, size_t, OidHash, OidEqual> wanted;
  wanted.reserve(oids.size());
  for (size_t i = 0; i < oids.size(); ++i) wanted.emplace(oids[i], i);

  std::vector<std::string> packs = PackIndexes(objects_dir);
  for (size_t p = 0; p < packs.size() && p < 0xFFFF; ++p) {
    MappedFile idx(packs[p]);
    ForEachIndexEntry(idx, [&](const unsigned char* raw, uint64_t offset) {
      git_oid oid;
      git_oid_fromraw(&oid, raw);
      auto it = wanted.find(oid);
      if (it == wanted.end()) return;
      uint64_t key = (uint64_t{p} << 48) | (offset & 0xFFFFFFFFFFFFull);
      keys[it->second] = std::min(keys[it->second], key);
    });
  }
  return keys;
}

}  // namespace keysweep::git
