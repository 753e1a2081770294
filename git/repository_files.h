// Internal to git/: checks, before libgit2 reads a repository, that every
// file it would read there is a regular file. libgit2 opens git's files with a
// blocking open(2): a FIFO planted as the config, an include.path target,
// HEAD, packed-refs, a loose ref, the index, an alternates file or a pack
// index hangs the scan forever. Checked: the git directory's (and the common
// directory's) config, config.worktree and the config files they include
// (include.path, includeIf.*.path; followed up to 10 deep, as libgit2 does),
// HEAD and the other pseudo-refs a revision may name (ORIG_HEAD, FETCH_HEAD ...),
// commondir, packed-refs, index, shallow, info/{attributes,exclude,grafts},
// every file under refs/; and in each objects directory, pack/ files and
// info/ commit graphs. A file swapped for a FIFO between the check and the
// read is not caught (no libgit2 hook exists for its own opens), nor are
// reflogs (logs/, read for HEAD@{1}-style revisions only). Stateless:
// thread-safe.
#ifndef KEYSWEEP_GIT_REPOSITORY_FILES_H_
#define KEYSWEEP_GIT_REPOSITORY_FILES_H_

#include <string>

#include "core/status.h"

namespace keysweep::git {

// An error naming the first file of the repository at `git_dir` (a .git
// directory or a bare repository) that is not a regular file.
Status CheckRepositoryFiles(const std::string& git_dir);

// The same for the repository git would find from `start` (a work tree, a
// .git directory, a bare repository, or below one), located
// without reading anything but regular files; Ok when there is none (the
// open that follows says so).
Status CheckRepositoryFilesFrom(const std::string& start, const char* ceilings = nullptr,
                                bool across_fs = false);

// The files of an objects directory libgit2's pack backend opens: pack/*.idx,
// *.pack, multi-pack-index, info/commit-graph(s).
Status CheckObjectDirectoryFiles(const std::string& objects_dir);

// Ok if the index file at `path` is absent, or is a regular file whose header
// is plausible: "DIRC", version 2-4, and no more entries than its size can
// hold. libgit2 sizes a hash table from the header's entry count before it
// parses an entry: a 4 KiB index claiming 2^30 entries asks for 8 GiB.
Status CheckIndexFile(const std::string& path);

// Ok if `path` does not exist or is a regular file (followed through symlinks);
// else an error naming it and what it is.
Status CheckRegularOrAbsent(const std::string& path);

}  // namespace keysweep::git

#endif  // KEYSWEEP_GIT_REPOSITORY_FILES_H_
