#include "git/pack_files.h"

#include <dirent.h>
#include <sys/stat.h>

#include <climits>
#include <cstdlib>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <set>

#include "core/regular_file.h"

namespace keysweep::git {
namespace {

uint32_t BigEndian32(const unsigned char* p) {
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | p[3];
}

bool IsHex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }

}  // namespace

namespace {

// The tables of a version-2 pack index: n names, n CRCs, n offsets, then the
// large offsets those point into.
struct IndexTables {
  const unsigned char* begin = nullptr;
  const unsigned char* end = nullptr;
  const unsigned char* fanout = nullptr;
  const unsigned char* names = nullptr;
  const unsigned char* offsets = nullptr;
  const unsigned char* large = nullptr;
  uint64_t n = 0;
};

bool ParseIndex(const MappedFile& idx, IndexTables* t) {
  const unsigned char* d = idx.data();
  size_t size = idx.size();
  const size_t header = 8 + 256 * 4;
  if (d == nullptr || size < header || d[0] != 0xFF || d[1] != 't' || d[2] != 'O' || d[3] != 'c' ||
      BigEndian32(d + 4) != 2) {
    return false;
  }
  t->n = BigEndian32(d + 8 + 255 * 4);
  if (t->n > size / 28) return false;  // each entry needs at least 28 bytes: a corrupt count
  t->begin = d;
  t->end = d + size;
  t->fanout = d + 8;
  t->names = d + header;
  t->offsets = t->names + t->n * 20 + t->n * 4;  // after the names and the CRCs
  t->large = t->offsets + t->n * 4;
  return size >= static_cast<size_t>(t->large - d);
}

// The offset of entry i; false when it points past the large-offset table.
bool OffsetAt(const IndexTables& t, uint64_t i, uint64_t* offset) {
  uint64_t at = BigEndian32(t.offsets + 4 * i);
  if (at & 0x80000000u) {
    const unsigned char* p = t.large + 8 * (at & 0x7FFFFFFFu);
    if (p + 8 > t.end) return false;
    at = (uint64_t{BigEndian32(p)} << 32) | BigEndian32(p + 4);
  }
  *offset = at;
  return true;
}

}  // namespace

std::vector<PackIndexEntry> ReadPackIndex(const MappedFile& idx) {
  std::vector<PackIndexEntry> out;
  IndexTables t;
  if (!ParseIndex(idx, &t)) return out;
  out.reserve(t.n);
  for (uint64_t i = 0; i < t.n; ++i) {
    PackIndexEntry entry;
    if (!OffsetAt(t, i, &entry.offset)) continue;
    git_oid_fromraw(&entry.id, t.names + 20 * i);
    out.push_back(entry);
  }
  return out;
}

bool ReadPackEntryHeader(const unsigned char* p, const unsigned char* end, PackEntryHeader* out) {
  if (p >= end) return false;
  unsigned char c = *p++;
  out->kind = (c >> 4) & 7;
  out->size = c & 15;
  for (int shift = 4; c & 0x80; shift += 7) {
    if (p >= end || shift > 57) return false;
    c = *p++;
    out->size |= uint64_t{c & 0x7Fu} << shift;
  }
  if (out->kind == 6) {
    if (p >= end) return false;
    c = *p++;
    uint64_t distance = c & 0x7F;
    while (c & 0x80) {
      if (p >= end || distance >= (uint64_t{1} << 56)) return false;
      c = *p++;
      distance = ((distance + 1) << 7) | (c & 0x7F);
    }
    if (distance == 0) return false;
    out->base_distance = distance;
  } else if (out->kind == 7) {
    if (end - p < kOidRawSize) return false;
    out->base_id = p;
    p += kOidRawSize;
  }
  out->data = p;
  return true;
}

bool FindInPackIndex(const MappedFile& idx, const git_oid& id, uint64_t* offset) {
  IndexTables t;
  if (!ParseIndex(idx, &t)) return false;
  const unsigned char* raw = id.id;
  uint64_t low = raw[0] == 0 ? 0 : BigEndian32(t.fanout + 4 * (raw[0] - 1));
  uint64_t high = std::min<uint64_t>(BigEndian32(t.fanout + 4 * raw[0]), t.n);
  while (low < high) {
    uint64_t mid = low + (high - low) / 2;
    int order = memcmp(t.names + 20 * mid, raw, 20);
    if (order == 0) return OffsetAt(t, mid, offset);
    if (order < 0) {
      low = mid + 1;
    } else {
      high = mid;
    }
  }
  return false;
}

namespace {

constexpr int kMaxAlternateDepth = 5;  // git's: sha1-file.c link_alt_odb_entries
constexpr size_t kMaxObjectDirectories = 64;
constexpr uint64_t kMaxAlternatesFileBytes = 1 << 20;

// A directory's identity for duplicate checks: its resolved path, or the
// path itself when it cannot be resolved.
std::string Identity(const std::string& dir) {
  char resolved[PATH_MAX];
  return realpath(dir.c_str(), resolved) != nullptr ? resolved : dir;
}

struct AlternatesWalk {
  std::vector<std::string> dirs;
  std::set<std::string> seen;
  std::vector<std::string>* problems;

  void Problem(const std::string& message) {
    if (problems != nullptr) problems->push_back(message);
  }

  // Reads the alternates file of `dir` (already listed), `depth` levels down.
  void ReadAlternatesOf(const std::string& dir, int depth) {
    std::string file = dir + "/info/alternates";
    struct stat st;
    if (lstat(file.c_str(), &st) != 0) return;  // none: the usual case
    Result<std::string> text = ReadRegularFile(file, kMaxAlternatesFileBytes);
    if (!text.ok()) {
      Problem("cannot read the alternates " + text.status().message());
      return;
    }
    size_t start = 0;
    while (start < text->size()) {
      size_t end = text->find('\n', start);
      if (end == std::string::npos) end = text->size();
      std::string alt = text->substr(start, end - start);
      start = end + 1;
      while (!alt.empty() && alt.back() == '\r') alt.pop_back();
      if (alt.empty() || alt[0] == '#') continue;
      if (depth > kMaxAlternateDepth) {
        Problem(file + ": alternate object directories nested more than " +
                std::to_string(kMaxAlternateDepth) + " deep: not read");
        return;
      }
      std::string path = alt[0] == '/' ? alt : dir + "/" + alt;
      if (stat(path.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
        Problem(file + ": alternate object directory " + path + " does not exist");
        continue;
      }
      if (!seen.insert(Identity(path)).second) continue;  // a cycle or a duplicate
      if (dirs.size() == kMaxObjectDirectories) {
        Problem(file + ": more than " + std::to_string(kMaxObjectDirectories) +
                " alternate object directories: the rest are not read");
        return;
      }
      dirs.push_back(path);
      ReadAlternatesOf(path, depth + 1);
    }
  }
};

}  // namespace

std::vector<std::string> ObjectDirectories(const std::string& objects_dir, std::vector<std::string>* problems) {
  AlternatesWalk walk{{objects_dir}, {Identity(objects_dir)}, problems};
  walk.ReadAlternatesOf(objects_dir, 0);
  return std::move(walk.dirs);
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
