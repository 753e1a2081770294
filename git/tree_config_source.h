// TreeConfigSource: the ConfigSource (scanner/config_source.h) of a commit's
// tree, for scans of what a change adds: the config, rule files, baseline and
// .gitleaksignore come from the base side's commit, read as git blobs, never
// from the work tree (in CI, the change's own head). Paths are repository-
// relative; an absolute one, one whose `..` leaves the tree, a symlink entry
// (mode 120000), anything but a blob, or a blob over kMaxConfigFileBytes
// (checked from the object's header, before it is read) is an error. A null
// commit is an empty tree: nothing exists.
//
// Not thread-safe (libgit2 objects): one thread at a time, while the
// repository it reads is open.
#ifndef KEYSWEEP_GIT_TREE_CONFIG_SOURCE_H_
#define KEYSWEEP_GIT_TREE_CONFIG_SOURCE_H_

#include <memory>
#include <optional>
#include <string>

#include "git/libgit2_util.h"
#include "scanner/config_source.h"

namespace keysweep::git {

// `label` names the commit in messages ("the base commit 1a2b3c4").
Result<std::shared_ptr<const ConfigSource>> TreeConfigSource(git_repository* repo,
                                                             const std::optional<git_oid>& commit,
                                                             const std::string& label);

}  // namespace keysweep::git

#endif  // KEYSWEEP_GIT_TREE_CONFIG_SOURCE_H_
