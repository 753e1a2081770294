// Internal to git/: reads and scans many blobs on several threads. Each thread
// opens its own repository handle (libgit2 handles are not thread-safe) and
// takes batches of consecutive blobs in pack order, so deltas are resolved
// from cached bases instead of from scratch.
#ifndef KEYSWEEP_GIT_BLOB_SCAN_H_
#define KEYSWEEP_GIT_BLOB_SCAN_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "detectors/engine.h"
#include "git/libgit2_util.h"
#include "scanner/content_scanner.h"
#include "scanner/finding.h"

namespace keysweep::git {

struct BlobScanOptions {
  std::string repository_path;   // git_repository_path() of the repository
  int threads = 0;               // 0: one per hardware thread
  uint64_t max_blob_bytes = 512ull << 20;
  std::function<void(const std::string&)> progress;  // may be null
};

struct BlobScanResult {
  std::vector<LocatedMatches> matches;  // parallel to the blob list
  uint64_t bytes = 0;
  uint64_t lfs_pointers = 0;   // Git LFS pointer files: their content is not in the repository
  std::vector<Diagnostic> diagnostics;
};

// `describe(i)` names blob i for diagnostics (its path).
BlobScanResult ScanBlobs(std::shared_ptr<const Engine> engine, const std::vector<git_oid>& blobs,
                         const std::function<std::string(size_t)>& describe,
                         const BlobScanOptions& options);

// The warning for a blob over --max-blob-mb, the same in every git mode (its
// diagnostic's path names where the blob sits).
std::string TooLargeMessage(const git_oid& blob, uint64_t size);

// True if the content is a Git LFS pointer file.
bool IsLfsPointer(std::string_view content);

}  // namespace keysweep::git

#endif  // KEYSWEEP_GIT_BLOB_SCAN_H_
