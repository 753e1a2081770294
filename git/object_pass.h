// Internal to git/: one pass over every object of a repository, in pack
// order, on several threads — the way `git cat-file --batch-all-objects
// --unordered` reads, which is the floor of any full-history scan. Packs are
// decoded by pack_reader.h, runs of consecutive entries per thread; loose
// objects and what it cannot decode are read with libgit2 (a repository handle
// per thread). Blobs and commit/tag messages are scanned as they are
// read; trees, commits and tags are kept, compactly, so that the history can
// then be walked in memory (history_index.h) without reading anything twice.
#ifndef KEYSWEEP_GIT_OBJECT_PASS_H_
#define KEYSWEEP_GIT_OBJECT_PASS_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "detectors/engine.h"
#include "git/libgit2_util.h"
#include "scanner/content_scanner.h"
#include "scanner/finding.h"

namespace keysweep::git {

template <typename V>
using OidMap = std::unordered_map<git_oid, V, OidHash, OidEqual>;
using OidSet = std::unordered_set<git_oid, OidHash, OidEqual>;

enum class EntryKind : uint8_t { kBlob, kTree, kGitlink };

struct TreeEntryRecord {
  git_oid id;
  uint32_t name;  // index into ObjectStore::names
  EntryKind kind;
};

struct CommitRecord {
  git_oid tree;
  std::vector<git_oid> parents;
};

struct TagRecord {
  git_oid target;
  git_object_t target_type = GIT_OBJECT_INVALID;
  std::string name;
};

// What the pass read. Plain data once the pass is over.
struct ObjectStore {
  OidMap<CommitRecord> commits;
  OidMap<std::vector<TreeEntryRecord>> trees;
  OidMap<TagRecord> tags;
  OidSet blobs;                                        // every blob present
  OidMap<uint64_t> too_large_blobs;                    // over --max-blob-mb: size, not scanned
  OidMap<LocatedMatches> blob_matches;      // blobs with matches only
  OidMap<LocatedMatches> message_matches;   // commits and tags whose message matched
  std::vector<std::string> names;                      // tree entry names
  uint64_t objects = 0;
  uint64_t bytes = 0;         // blob and message bytes scanned
  uint64_t lfs_pointers = 0;  // Git LFS pointer blobs
};

struct ObjectPassOptions {
  std::string repository_path;  // git_repository_path()
  int threads = 0;              // 0: one per hardware thread
  uint64_t max_blob_bytes = 512ull << 20;
  std::function<void(const std::string&)> progress;  // may be null
};

// Reads every object; unreadable or oversized objects become diagnostics.
ObjectStore ReadAllObjects(std::shared_ptr<const Engine> engine, const ObjectPassOptions& options,
                           std::vector<Diagnostic>* diagnostics);

}  // namespace keysweep::git

#endif  // KEYSWEEP_GIT_OBJECT_PASS_H_
