// Internal to git/: the history of a repository as keysweep needs it. Every
// commit reachable from the refs (or, with all_objects, present at all), in
// topological order with parents first; and every unique blob once, with the
// commit and path where it first appears in that order: its introducing
// commit. Built on one thread with one repository handle (not thread-safe);
// the result is plain data.
#ifndef KEYSWEEP_GIT_HISTORY_INDEX_H_
#define KEYSWEEP_GIT_HISTORY_INDEX_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "git/libgit2_util.h"
#include "scanner/finding.h"

namespace keysweep::git {

inline constexpr uint32_t kNoCommit = UINT32_MAX;

struct CommitNode {
  git_oid id;
  git_oid tree;
  std::vector<uint32_t> parents;  // indices into HistoryIndex::commits
  uint32_t root = UINT32_MAX;     // index into HistoryIndex::trees (UINT32_MAX: unreadable)
};

// A tree's contents as indices, kept from the one walk over the history so
// that questions about it ("which commits hold this blob?") need no second
// pass over the object database.
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
  std::string name;     // "refs/heads/main", "HEAD" (detached), "(unreachable)"
  uint32_t commit;      // index into commits
};

// A commit or tag message, handed to the caller while the index is built.
struct Message {
  git_oid commit;           // the commit (for a tag: the commit it points to)
  bool has_commit = true;   // false for a tag on a tree or blob
  std::string label;        // "(commit message)", "(tag v1.0 message)"
  std::string_view text;
};

struct HistoryIndex {
  std::vector<CommitNode> commits;
  std::vector<TreeNode> trees;
  std::vector<BlobEntry> blobs;
  std::vector<std::string> paths;
  std::vector<RefTip> tips;
  uint64_t submodule_entries = 0;  // gitlinks seen (their content lives elsewhere)
};

// Walks the refs, the commit graph and the trees. Messages go to `on_message`
// as they are read; problems (broken refs, missing or corrupt objects) go to
// `on_diagnostic` and the walk goes on.
HistoryIndex BuildHistoryIndex(git_repository* repo, bool all_objects,
                               const std::function<void(const Message&)>& on_message,
                               const std::function<void(Diagnostic)>& on_diagnostic);

}  // namespace keysweep::git

#endif  // KEYSWEEP_GIT_HISTORY_INDEX_H_
