// Internal to git/: orders objects by where they sit in the repository's pack
// files. Reading blobs through libgit2 in pack order lets its delta-base cache
// serve each delta chain once; object-id order resolves the same chains again
// and again (several times slower on a real history). Reads the pack .idx
// files (v2) directly; objects in no pack (loose) sort last. Pure function:
// thread-safe.
#ifndef KEYSWEEP_GIT_PACK_ORDER_H_
#define KEYSWEEP_GIT_PACK_ORDER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "git/libgit2_util.h"

namespace keysweep::git {

// Returns one sort key per oid (parallel to `oids`): pack number in the high
// bits, offset in the low bits; UINT64_MAX for loose objects.
std::vector<uint64_t> PackOrderKeys(const std::string& objects_dir, const std::vector<git_oid>& oids);

}  // namespace keysweep::git

#endif  // KEYSWEEP_GIT_PACK_ORDER_H_
