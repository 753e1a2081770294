// Internal to git/: opens the repository git itself would use in this
// process's environment, as a hook or a CI job sees it. git sets these for the
// hooks it runs: `git commit -a` and `git commit PATH` build a temporary index
// and name it in GIT_INDEX_FILE, a linked worktree's hooks get GIT_DIR, and
// `git --git-dir/--work-tree` export GIT_DIR and GIT_WORK_TREE. Honoured:
//   GIT_DIR                          the repository (no search); else found from
//                                    the current directory upwards, stopping at
//                                    GIT_CEILING_DIRECTORIES (and at a file system
//                                    boundary unless GIT_DISCOVERY_ACROSS_FILESYSTEM)
//   GIT_WORK_TREE                    the work tree; with GIT_DIR and no
//                                    core.worktree, the current directory (git's rule)
//   GIT_OBJECT_DIRECTORY,            where objects are read (a pre-receive hook's
//   GIT_ALTERNATE_OBJECT_DIRECTORIES quarantine), through safe_odb.h
//   GIT_NAMESPACE                    the ref namespace
// Not honoured: GIT_COMMON_DIR (libgit2 cannot open a repository that way).
// Reads the environment at the call; thread-safe as long as nobody changes it.
#ifndef KEYSWEEP_GIT_GIT_ENVIRONMENT_H_
#define KEYSWEEP_GIT_GIT_ENVIRONMENT_H_

#include "git/libgit2_util.h"

namespace keysweep::git {

Result<RepositoryPtr> OpenRepositoryFromEnvironment();

// The index git would read for `git diff --cached`: GIT_INDEX_FILE (relative
// to the current directory; `git commit -a` and `git commit PATH` point their
// hooks at a temporary index this way), else the repository's own. Honoured
// whichever way the repository was opened, as git does.
Result<IndexPtr> OpenIndex(git_repository* repo);

}  // namespace keysweep::git

#endif  // KEYSWEEP_GIT_GIT_ENVIRONMENT_H_
