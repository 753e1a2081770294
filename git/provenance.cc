#include "git/provenance.h"

#include <algorithm>
#include <unordered_map>

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

Carriers FindCarriers(const HistoryIndex& history, const std::vector<uint32_t>& targets) {
  Carriers carriers;
  carriers.commits.assign(targets.size(), 0);
  carriers.refs.resize(targets.size());
  carriers.ref_counts.assign(targets.size(), 0);
  if (targets.empty()) return carriers;
  std::unordered_map<uint32_t, uint32_t> target_of;  // blob index -> target index
  for (uint32_t t = 0; t < targets.size(); ++t) target_of.emplace(targets[t], t);
  // The targets each tree holds at any depth, memoized; computed depth-first
  // with an explicit stack, since hostile repositories may nest trees deeply.
  std::vector<std::vector<uint32_t>> held(history.trees.size());
  std::vector<uint8_t> state(history.trees.size(), 0);  // 0 new, 1 open, 2 done
  auto compute = [&](uint32_t root) {
    if (root >= history.trees.size() || state[root] == 2) return;
    std::vector<std::pair<uint32_t, size_t>> stack{{root, 0}};
    state[root] = 1;
    while (!stack.empty()) {
      auto& [tree, next] = stack.back();
      const TreeNode& node = history.trees[tree];
      if (next < node.trees.size()) {
        uint32_t child = node.trees[next++];
        if (state[child] == 0) {
          state[child] = 1;
          stack.push_back({child, 0});
        }
        continue;
      }
      std::vector<uint32_t> found;
      for (uint32_t blob : node.blobs) {
        if (auto it = target_of.find(blob); it != target_of.end()) found.push_back(it->second);
      }
      for (uint32_t child : node.trees) {
        if (state[child] == 2) found.insert(found.end(), held[child].begin(), held[child].end());
      }
      std::sort(found.begin(), found.end());
      found.erase(std::unique(found.begin(), found.end()), found.end());
      held[tree] = std::move(found);
      state[tree] = 2;
      stack.pop_back();
    }
  };
  for (const CommitNode& commit : history.commits) {
    compute(commit.root);
    if (commit.root < held.size()) {
      for (uint32_t t : held[commit.root]) ++carriers.commits[t];
    }
  }
  for (const RefTip& tip : history.tips) {
    uint32_t root = history.commits[tip.commit].root;
    if (root < held.size()) {
      for (uint32_t t : held[root]) {
        ++carriers.ref_counts[t];
        std::vector<std::string>& names = carriers.refs[t];
        // Keep the kMaxRefsNamed smallest names: a sorted, bounded insert.
        auto at = std::lower_bound(names.begin(), names.end(), tip.name);
        if (at == names.end() && names.size() >= kMaxRefsNamed) continue;
        names.insert(at, tip.name);
        if (names.size() > kMaxRefsNamed) names.pop_back();
      }
    }
  }
  return carriers;
}

}  // namespace keysweep::git
