#include "git/provenance.h"

#include <algorithm>
#include "core/iso_time.h"

namespace keysweep::git {

GitOrigin CommitInfoCache::Lookup(const git_oid& oid) {
  if (auto it = cache_.find(oid); it != cache_.end()) return it->second;
  GitOrigin origin;
  git_commit* raw = nullptr;
  if (git_commit_lookup(&raw, repo_, &oid) == 0) {
    CommitPtr commit(raw);
    const git_signature* author = git_commit_author(commit.get());
    if (author != nullptr) {
      origin.author_name = author->name ? author->name : "";
      origin.author_email = author->email ? author->email : "";
      origin.date = FormatIsoUtc(author->when.time);
    }
  }
  cache_.emplace(oid, origin);
  return origin;
}

namespace {

// The sorted, unique target indices held (at any depth) by each tree, memoized.
class TreeContents {
 public:
  TreeContents(git_repository* repo,
               const std::unordered_map<git_oid, uint32_t, OidHash, OidEqual>& targets)
      : repo_(repo), targets_(targets) {}

  const std::vector<uint32_t>& Of(const git_oid& root) {
    if (auto it = memo_.find(root); it != memo_.end()) return it->second;
    // Depth-first with an explicit stack: hostile repositories may nest trees deeply.
    std::vector<Frame> stack;
    stack.push_back(Open(root));
    for (;;) {
      Frame& frame = stack.back();
      size_t count = frame.tree ? git_tree_entrycount(frame.tree.get()) : 0;
      if (frame.next < count) {
        const git_tree_entry* entry = git_tree_entry_byindex(frame.tree.get(), frame.next++);
        const git_oid* id = git_tree_entry_id(entry);
        if (git_tree_entry_type(entry) == GIT_OBJECT_BLOB) {
          if (auto it = targets_.find(*id); it != targets_.end()) frame.found.push_back(it->second);
        } else if (git_tree_entry_type(entry) == GIT_OBJECT_TREE) {
          if (auto it = memo_.find(*id); it != memo_.end()) {
            frame.found.insert(frame.found.end(), it->second.begin(), it->second.end());
          } else {
            stack.push_back(Open(*id));
          }
        }
        continue;
      }
      std::sort(frame.found.begin(), frame.found.end());
      frame.found.erase(std::unique(frame.found.begin(), frame.found.end()), frame.found.end());
      git_oid oid = frame.oid;
      std::vector<uint32_t> found = std::move(frame.found);
      stack.pop_back();
      auto it = memo_.emplace(oid, std::move(found)).first;
      if (stack.empty()) return it->second;
      stack.back().found.insert(stack.back().found.end(), it->second.begin(), it->second.end());
    }
  }

 private:
  struct Frame {
    git_oid oid;
    TreePtr tree;  // null when the tree cannot be read: it holds nothing we can see
    size_t next = 0;
    std::vector<uint32_t> found;
  };

  Frame Open(const git_oid& oid) {
    git_tree* raw = nullptr;
    if (git_tree_lookup(&raw, repo_, &oid) != 0) raw = nullptr;
    return Frame{oid, TreePtr(raw), 0, {}};
  }

  git_repository* repo_;
  const std::unordered_map<git_oid, uint32_t, OidHash, OidEqual>& targets_;
  std::unordered_map<git_oid, std::vector<uint32_t>, OidHash, OidEqual> memo_;
};

}  // namespace

Carriers FindCarriers(git_repository* repo, const HistoryIndex& history,
                      const std::vector<git_oid>& targets) {
  Carriers carriers;
  carriers.commits.assign(targets.size(), 0);
  carriers.refs.resize(targets.size());
  if (targets.empty()) return carriers;
  std::unordered_map<git_oid, uint32_t, OidHash, OidEqual> index;
  for (uint32_t i = 0; i < targets.size(); ++i) index.emplace(targets[i], i);
  TreeContents contents(repo, index);
  for (const CommitNode& commit : history.commits) {
    for (uint32_t t : contents.Of(commit.tree)) ++carriers.commits[t];
  }
  for (const RefTip& tip : history.tips) {
    for (uint32_t t : contents.Of(history.commits[tip.commit].tree)) carriers.refs[t].push_back(tip.name);
  }
  return carriers;
}

}  // namespace keysweep::git
