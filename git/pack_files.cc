#include "git/pack_files.h"

#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdio>

namespace keysweep::git {
namespace {

uint32_t BigEndian32(const unsigned char* p) {
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | p[3];
}

bool IsHex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }

}  // namespace

std::vector<PackIndexEntry> ReadPackIndex(const MappedFile& idx) {
  std::vector<PackIndexEntry> out;
  const unsigned char* d = idx.data();
  size_t size = idx.size();
  const size_t header = 8 + 256 * 4;
  if (d == nullptr || size < header || d[0] != 0xFF || d[1] != 't' || d[2] != 'O' || d[3] != 'c' ||
      BigEndian32(d + 4) != 2) {
    return out;
  }
  uint64_t n = BigEndian32(d + 8 + 255 * 4);
  if (n > size / 28) return out;  // each entry needs at least 28 bytes: a corrupt count
  const unsigned char* names = d + header;
  const unsigned char* offsets = names + n * 20 + n * 4;  // after the names and the CRCs
  const unsigned char* large = offsets + n * 4;
  if (size < static_cast<size_t>(large - d)) return out;
  out.reserve(n);
  for (uint64_t i = 0; i < n; ++i) {
    uint64_t offset = BigEndian32(offsets + 4 * i);
    if (offset & 0x80000000u) {
      uint64_t slot = offset & 0x7FFFFFFFu;
      const unsigned char* p = large + 8 * slot;
      if (p + 8 > d + size) continue;
      offset = (uint64_t{BigEndian32(p)} << 32) | BigEndian32(p + 4);
    }
    PackIndexEntry entry;
    entry.offset = offset;
    git_oid_fromraw(&entry.id, names + 20 * i);
    out.push_back(entry);
  }
  return out;
}

std::vector<std::string> ObjectDirectories(const std::string& objects_dir) {
  std::vector<std::string> dirs{objects_dir};
  if (FILE* f = fopen((objects_dir + "/info/alternates").c_str(), "re")) {
    char line[4096];
    while (fgets(line, sizeof line, f) != nullptr && dirs.size() < 16) {
      std::string alt(line);
      while (!alt.empty() && (alt.back() == '\n' || alt.back() == '\r')) alt.pop_back();
      if (alt.empty() || alt[0] == '#') continue;
      dirs.push_back(alt[0] == '/' ? alt : objects_dir + "/" + alt);
    }
    fclose(f);
  }
  return dirs;
}

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

std::vector<git_oid> LooseObjects(const std::string& objects_dir) {
  std::vector<git_oid> out;
  for (int i = 0; i < 256; ++i) {
    char sub[3];
    snprintf(sub, sizeof sub, "%02x", i);
    DIR* dir = opendir((objects_dir + "/" + sub).c_str());
    if (dir == nullptr) continue;
    while (struct dirent* entry = readdir(dir)) {
      std::string hex = std::string(sub) + entry->d_name;
      git_oid oid;
      if (hex.size() == kOidHexSize && std::all_of(hex.begin(), hex.end(), IsHex) &&
          git_oid_fromstr(&oid, hex.c_str()) == 0) {
        out.push_back(oid);
      }
    }
    closedir(dir);
  }
  return out;
}

}  // namespace keysweep::git
