// Internal to git/: replaces a repository's object database with one whose
// loose objects are read by loose_reader (bounded, never hangs) and whose
// packs are read by libgit2's pack backend behind size checks of the object
// and of every link of its delta chain (PackClaims: libgit2 allocates whatever
// size a pack entry claims, 4 GB for a few hostile bytes),
// for the repository and each of its alternates. Every libgit2 read a scan makes (commits for attribution, trees
// and blobs of a diff, tags of refs) then goes through it. Call once, right
// after opening the repository, before any read.
#ifndef KEYSWEEP_GIT_SAFE_ODB_H_
#define KEYSWEEP_GIT_SAFE_ODB_H_

#include <string>
#include <vector>

#include "core/status.h"
#include "git/libgit2_util.h"

namespace keysweep::git {

// The largest object libgit2 is let read from a pack.
inline constexpr uint64_t kMaxPackedObjectBytes = uint64_t{1} << 30;

// Where objects are read instead of the repository's own objects/ folder
// (GIT_OBJECT_DIRECTORY; empty: the repository's), and extra alternates read
// after it (GIT_ALTERNATE_OBJECT_DIRECTORIES). Relative paths are taken from
// the current directory.
struct ObjectDirectoryOverride {
  std::string objects_dir;
  std::vector<std::string> alternates;
};

Status InstallSafeObjectDatabase(git_repository* repo, const ObjectDirectoryOverride& override = {});

}  // namespace keysweep::git

#endif  // KEYSWEEP_GIT_SAFE_ODB_H_
