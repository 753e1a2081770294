#include "git/pack_order.h"

#include <algorithm>
#include <unordered_map>

#include "git/pack_files.h"

namespace keysweep::git {

std::vector<uint64_t> PackOrderKeys(const std::string& objects_dir, const std::vector<git_oid>& oids) {
  std::vector<uint64_t> keys(oids.size(), UINT64_MAX);
  std::unordered_map<git_oid, size_t, OidHash, OidEqual> wanted;
  wanted.reserve(oids.size());
  for (size_t i = 0; i < oids.size(); ++i) wanted.emplace(oids[i], i);

  std::vector<std::string> packs = PackIndexes(objects_dir);
  for (size_t p = 0; p < packs.size() && p < 0xFFFF; ++p) {
    for (const PackIndexEntry& entry : ReadPackIndex(MappedFile(packs[p]))) {
      auto it = wanted.find(entry.id);
      if (it == wanted.end()) continue;
      uint64_t key = (uint64_t{p} << 48) | (entry.offset & 0xFFFFFFFFFFFFull);
      keys[it->second] = std::min(keys[it->second], key);
    }
  }
  return keys;
}

}  // namespace keysweep::git
