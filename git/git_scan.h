// keysweep's git scans, each one library call (libgit2 only; no `git`
// subprocess, and nothing from the repository is ever executed: no hooks, no
// filter or diff drivers, no fsmonitor; no global or system git config is read).
//
//   History (`keysweep git`): every blob reachable from every ref (branches,
//     remote-tracking branches, tags, the stash and its parents, notes) and
//     every commit and tag message; with all_objects also objects no ref
//     reaches. Each unique blob is read and scanned once, in pack order, on
//     several threads. Each finding names the commit that introduced the
//     content, the path there, the author and date, and how many commits and
//     which ref tips carry it.
//   Staged (`keysweep git --staged`): what the next commit would add: secrets
//     on added or changed lines of the index against HEAD.
//   Range (`keysweep git --range A..B`, `--since A`): secrets on the lines the
//     commits in the range add.
//   Push (`keysweep git --pre-push REMOTE`): the same for the commits a push
//     sends, from the ref updates git hands a pre-push hook.
//
// Thread-safe: each call is independent.
#ifndef KEYSWEEP_GIT_GIT_SCAN_H_
#define KEYSWEEP_GIT_GIT_SCAN_H_

#include <functional>
#include <string>

#include "core/status.h"
#include "scanner/finding.h"
#include "scanner/scan.h"

namespace keysweep {

enum class GitScanMode { kHistory, kStaged, kRange, kPush };

struct GitScanRequest {
  // A work tree, a .git directory or a bare repository; empty: the repository
  // git would use here (GIT_DIR, GIT_WORK_TREE, GIT_INDEX_FILE … as git reads
  // them, else found from the current directory), as a hook needs.
  std::string repository;
  GitScanMode mode = GitScanMode::kHistory;
  bool all_objects = false;      // history: also objects no ref reaches
  bool submodules = false;       // also scan each checked-out submodule as its own repository
  std::string range;             // range mode: "BASE..HEAD", or "BASE" for BASE..HEAD
  // Push mode (a pre-push hook): the remote's name and the lines git gave the
  // hook on standard input ("<local ref> <local id> <remote ref> <remote id>").
  std::string push_remote;
  std::string push_updates;
  // Rules, config, excludes, baseline, threads, cache: as for a directory scan.
  // The config is looked up at the root of the repository's work tree (or
  // --config); its exclude_paths match paths in the repository.
  ScanRequest scan;
  // Called about four times a second during long history scans (may be null).
  std::function<void(const std::string& line)> progress;
  // Blobs larger than this are not scanned (a diagnostic names each).
  uint64_t max_blob_bytes = 512ull << 20;
};

// Errors (exit 2): not a repository, an unknown revision, setup errors.
// Missing or corrupt objects, shallow history and LFS pointers are diagnostics.
Result<Report> RunGitScan(const GitScanRequest& request);

}  // namespace keysweep

#endif  // KEYSWEEP_GIT_GIT_SCAN_H_
