// Internal to git/: the history of a repository as keysweep needs it, built
// in memory from an ObjectStore (object_pass.h). Every commit reachable from
// the refs (or, with all_objects, present at all), in topological order with
// parents first; every unique blob once, with the commit and path where it
// first appears in that order (its introducing commit); and the tree graph as
// indices, for questions such as which commits still hold a blob.
// Built on one thread (not thread-safe); the result is plain data.
#ifndef KEYSWEEP_GIT_HISTORY_INDEX_H_
#define KEYSWEEP_GIT_HISTORY_INDEX_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "git/libgit2_util.h"
#include "git/object_pass.h"
#include "scanner/finding.h"

namespace keysweep::git {

inline constexpr uint32_t kNoCommit = UINT32_MAX;

struct CommitNode {
  git_oid id;
  git_oid tree;
  std::vector<uint32_t> parents;  // indices into HistoryIndex::commits
  uint32_t root = UINT32_MAX;     // index into HistoryIndex::trees (UINT32_MAX: unreadable)
};

// A tree's contents as indices, kept so that questions about the history
// ("which commits hold this blob?") need no second pass over the objects.
struct TreeNode {
  std::vector<uint32_t> trees;  // subtrees, indices into HistoryIndex::trees
  std::vector<uint32_t> blobs;  // indices into HistoryIndex::blobs
};

struct BlobEntry {
  git_oid id;
  uint32_t commit = kNoCommit;  // where it first appears; kNoCommit if no commit reaches it
  uint32_t path = 0;            // index into HistoryIndex::paths
};

struct RefTip {
  std::string name;     // "refs/heads/main", "HEAD" (detached)
  uint32_t commit;      // index into commits
};

// An annotated tag reached from the refs (or any tag, with all_objects).
struct ReachedTag {
  git_oid id;
  std::string name;
  bool on_commit = false;  // it points (possibly through tags) at a commit...
  git_oid commit;          // ...this one
};

struct HistoryIndex {
  std::vector<CommitNode> commits;
  OidMap<uint32_t> commit_index;  // commit id -> index into commits
  std::vector<TreeNode> trees;
  std::vector<BlobEntry> blobs;
  std::vector<std::string> paths;
  std::vector<RefTip> tips;
  std::vector<ReachedTag> tags;
  uint64_t submodule_entries = 0;  // gitlinks seen (their content lives elsewhere)
};

// Walks the refs (read with libgit2), then the commit graph and the trees
// (from the store). Problems (broken refs, missing objects) go to
// `on_diagnostic` and the walk goes on.
HistoryIndex BuildHistoryIndex(git_repository* repo, const ObjectStore& store, bool all_objects,
                               const std::function<void(Diagnostic)>& on_diagnostic);

}  // namespace keysweep::git

#endif  // KEYSWEEP_GIT_HISTORY_INDEX_H_
