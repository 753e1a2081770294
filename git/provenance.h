// Internal to git/: who made a commit and when, for attributing findings, and
// which commits and ref tips carry a given content. Not thread-safe: one
// instance per scan, on the scan's main thread.
#ifndef KEYSWEEP_GIT_PROVENANCE_H_
#define KEYSWEEP_GIT_PROVENANCE_H_

#include <string>
#include <unordered_map>
#include <vector>

#include "git/history_index.h"
#include "git/libgit2_util.h"
#include "scanner/finding.h"

namespace keysweep::git {

// Author name, email and ISO-8601 UTC date of a commit (cached).
class CommitInfoCache {
 public:
  explicit CommitInfoCache(git_repository* repo) : repo_(repo) {}
  GitOrigin Lookup(const git_oid& commit);

 private:
  git_repository* repo_;
  std::unordered_map<git_oid, GitOrigin, OidHash, OidEqual> cache_;
};

// For each of `targets` (indices into history.blobs), how many commits of the
// history hold it and which ref tips hold it, from the in-memory tree graph.
// Only the first kMaxRefsNamed ref names are kept per target, so memory stays
// bounded however many refs a repository has.
struct Carriers {
  std::vector<uint64_t> commits;                 // parallel to targets
  std::vector<std::vector<std::string>> refs;    // parallel to targets; sorted, capped
  std::vector<uint64_t> ref_counts;              // parallel to targets; the uncapped count
};
Carriers FindCarriers(const HistoryIndex& history, const std::vector<uint32_t>& targets);

}  // namespace keysweep::git

#endif  // KEYSWEEP_GIT_PROVENANCE_H_
