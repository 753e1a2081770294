// Internal to git/: replaces a repository's object database with one whose
// loose objects are read by loose_reader (bounded, never hangs) and whose
// packs are read by libgit2's pack backend, for the repository and each of its
// alternates. Every libgit2 read a scan makes (commits for attribution, trees
// and blobs of a diff, tags of refs) then goes through it. Call once, right
// after opening the repository, before any read.
#ifndef KEYSWEEP_GIT_SAFE_ODB_H_
#define KEYSWEEP_GIT_SAFE_ODB_H_

#include "core/status.h"
#include "git/libgit2_util.h"

namespace keysweep::git {

Status InstallSafeObjectDatabase(git_repository* repo);

}  // namespace keysweep::git

#endif  // KEYSWEEP_GIT_SAFE_ODB_H_
