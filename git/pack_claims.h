// Internal to git/: what the entries of a packed object's delta chain claim,
// checked before libgit2 unpacks it. libgit2 allocates each entry's claimed
// size, and each delta's claimed result size, whole, for every link of the
// chain: a few hostile bytes deep in a chain can ask for exabytes. This reads
// the pack indexes and entry headers of one object directory directly (a
// binary search and a header per link, never a whole pack), so a --staged
// scan stays instant.
// Thread-safety: immutable after construction; Check may run on many threads.
#ifndef KEYSWEEP_GIT_PACK_CLAIMS_H_
#define KEYSWEEP_GIT_PACK_CLAIMS_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/mapped_file.h"
#include "core/status.h"
#include "git/libgit2_util.h"

namespace keysweep::git {

class PackClaims {
 public:
  // Maps the version-2 .idx files of `objects_dir`/pack and their packs.
  explicit PackClaims(const std::string& objects_dir);

  // An error naming the pack and offset when an entry of the chain of `id`
  // claims more than `max_bytes` (its own size or, for a delta, its result),
  // is unreadable, or the chain runs past 4,096 links; ok when the chain fits,
  // and when `id` or a base is in none of these packs (read elsewhere).
  Status Check(const git_oid& id, uint64_t max_bytes) const;

 private:
  struct Pack {
    std::string path;
    std::unique_ptr<MappedFile> idx;
    std::unique_ptr<MappedFile> data;
  };
  // Finds `id` in the indexes: its pack and the offset of its entry.
  bool Find(const git_oid& id, size_t* pack, uint64_t* offset) const;
  std::vector<Pack> packs_;
};

}  // namespace keysweep::git

#endif  // KEYSWEEP_GIT_PACK_CLAIMS_H_
