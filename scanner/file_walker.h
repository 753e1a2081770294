// File-system traversal for `keysweep scan`: every regular file under the
// given roots, ignored and untracked files included, `.git` excepted.
//
// Never hangs and never leaves the tree: symbolic links inside directories are
// not followed (a link to a file in the tree is scanned where the file lives;
// a link out of the tree is not scanned), FIFOs, sockets and devices are
// skipped, and a directory reached twice (bind mounts) is reported as a loop.
// A root given explicitly may itself be a symbolic link: it is followed.
//
// Walks with descriptors, not path strings: every entry is opened relative to
// its parent directory's descriptor with O_NOFOLLOW (O_DIRECTORY for
// directories) and checked with fstat, so an entry swapped for a symbolic link
// after it was listed is never followed, and depth is not limited by PATH_MAX.
// Files are handed over open: read the descriptor, never reopen the path.
// At most kMaxOpenDirectories directory descriptors are held however deep the
// tree: a directory whose descriptor was closed is reopened through ".." of
// its child and must still be the same (dev, ino), or it is re-found from the
// root by name, checked the same way at every step.
//
// WalkFiles runs on the calling thread; the callbacks run on it too.
#ifndef KEYSWEEP_SCANNER_FILE_WALKER_H_
#define KEYSWEEP_SCANNER_FILE_WALKER_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <sys/stat.h>

#include "core/unique_fd.h"
#include "scanner/path_excludes.h"
#include "scanner/finding.h"

namespace keysweep {

// One regular file found by the walk, already open. Move-only (owns `fd`).
struct FileEntry {
  std::string path;        // for display: the root joined with the relative path
  std::string relative;    // relative to its root ("" when the root is the file)
  bool is_root = false;    // given on the command line (opened following symlinks)
  UniqueFd fd;             // read-only, opened without blocking; fstat said: a regular file
  struct stat stat {};     // that fstat
};

// The most directory descriptors one walk holds open at a time.
inline constexpr size_t kMaxOpenDirectories = 64;

struct WalkCounters {
  uint64_t skipped = 0;  // excluded paths, symlinks, special files
};

// Walks each root (a file or a directory; roots must exist, see ScanPaths).
// Roots given as files are never excluded. `on_file` owns the entry's
// descriptor: keep only as many entries alive as descriptors allow.
void WalkFiles(const std::vector<std::string>& roots, const PathExcludes& excludes,
               const std::function<void(FileEntry)>& on_file,
               const std::function<void(Diagnostic)>& on_diagnostic, WalkCounters* counters);

// The absolute path without symbolic links, "." or ".." (realpath(3)); "" if it does not exist.
std::string RealPath(const std::string& path);

// Joins a root and a relative path for display: "." + "a/b" -> "a/b", "src/" + "x" -> "src/x".
std::string JoinPath(const std::string& root, const std::string& relative);

}  // namespace keysweep

#endif  // KEYSWEEP_SCANNER_FILE_WALKER_H_
