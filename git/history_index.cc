#include "git/history_index.h"

#include <algorithm>
#include <tuple>

namespace keysweep::git {
namespace {

class Builder {
 public:
  Builder(git_repository* repo, const ObjectStore& store, const std::function<void(Diagnostic)>& on_diagnostic)
      : repo_(repo), store_(store), on_diagnostic_(on_diagnostic) {}

  HistoryIndex Build(bool all_objects) {
    CollectRefTips();
    if (all_objects) {
      for (const auto& [id, tag] : store_.tags) AddTip(id, "(unreachable tag)");
    }
    LoadCommits(all_objects);
    OrderTopologically();
    for (uint32_t c = 0; c < index_.commits.size(); ++c) {
      index_.commits[c].root = WalkTree(index_.commits[c].tree, c);
    }
    for (const auto& [tree, name] : tree_tips_) WalkTree(tree, kNoCommit, name + ":");
    for (const auto& [blob, name] : blob_tips_) AddBlob(blob, kNoCommit, name);
    if (all_objects) {
      for (const auto& [id, entries] : store_.trees) WalkTree(id, kNoCommit, "(unreachable tree)/");
      for (const git_oid& blob : store_.blobs) AddBlob(blob, kNoCommit, "(unreachable blob)");
    }
    if (missing_commits_ > 0) {
      bool shallow = git_repository_is_shallow(repo_) == 1;
      on_diagnostic_({DiagnosticLevel::kWarning, "",
                      shallow ? "shallow clone: history before " + std::to_string(missing_commits_) +
                                    " boundary commit(s) is not in this repository and was not "
                                    "scanned; fetch it (git fetch --unshallow) for a full audit"
                              : std::to_string(missing_commits_) +
                                    " commit(s) are missing or unreadable; history behind them "
                                    "was not scanned"});
    }
    return std::move(index_);
  }

 private:
  void Diagnose(const std::string& where, const std::string& message) {
    on_diagnostic_({DiagnosticLevel::kWarning, where, message});
  }

  // Follows annotated tags to the object they name, recording the tags.
  void AddTip(git_oid oid, const std::string& ref_name) {
    std::vector<size_t> chain;  // indices into index_.tags of the tags followed
    for (int depth = 0; depth < 32; ++depth) {
      auto tag = store_.tags.find(oid);
      if (tag == store_.tags.end()) break;
      if (seen_tags_.insert(oid).second) {
        chain.push_back(index_.tags.size());
        index_.tags.push_back(ReachedTag{oid, tag->second.name, false, {}});
      }
      oid = tag->second.target;
    }
    if (store_.commits.count(oid)) {
      commit_tips_.push_back({oid, ref_name});
      for (size_t t : chain) {
        index_.tags[t].on_commit = true;
        index_.tags[t].commit = oid;
      }
    } else if (store_.trees.count(oid)) {
      tree_tips_.push_back({oid, ref_name});
    } else if (store_.blobs.count(oid)) {
      blob_tips_.push_back({oid, ref_name});
    } else {
      Diagnose(ref_name, "points to " + OidHex(oid) + ", which is not in the repository");
    }
  }

  void CollectRefTips() {
    git_reference_iterator* raw_iter = nullptr;
    if (git_reference_iterator_new(&raw_iter, repo_) != 0) {
      Diagnose("", GitError("cannot list references").message());
      return;
    }
    ReferenceIteratorPtr iter(raw_iter);
    git_reference* raw_ref = nullptr;
    int rc;
    while ((rc = git_reference_next(&raw_ref, iter.get())) == 0) {
      ReferencePtr ref(raw_ref);
      std::string name = git_reference_name(ref.get());
      git_reference* raw_resolved = nullptr;
      if (git_reference_resolve(&raw_resolved, ref.get()) != 0) {
        Diagnose(name, GitError("cannot resolve reference").message());
        continue;
      }
      ReferencePtr resolved(raw_resolved);
      if (const git_oid* oid = git_reference_target(resolved.get())) AddTip(*oid, name);
    }
    if (rc != GIT_ITEROVER) Diagnose("", GitError("cannot list all references").message());
    if (git_repository_head_detached(repo_) == 1) {
      git_reference* raw_head = nullptr;
      if (git_repository_head(&raw_head, repo_) == 0) {
        ReferencePtr head(raw_head);
        if (const git_oid* oid = git_reference_target(head.get())) AddTip(*oid, "HEAD");
      }
    }
  }

  // Every commit reachable from the ref tips, then (with --all-objects) every other.
  void LoadCommits(bool all_objects) {
    std::vector<git_oid> roots;
    for (const auto& [oid, name] : commit_tips_) roots.push_back(oid);
    LoadCommitsFrom(roots);
    if (all_objects) {
      std::vector<git_oid> rest;
      for (const auto& [id, record] : store_.commits) rest.push_back(id);
      std::sort(rest.begin(), rest.end(), [](const git_oid& a, const git_oid& b) { return git_oid_cmp(&a, &b) < 0; });
      LoadCommitsFrom(rest);
    }
    for (CommitNode& node : index_.commits) {
      for (const git_oid& parent : store_.commits.at(node.id).parents) {
        if (auto it = index_.commit_index.find(parent); it != index_.commit_index.end()) {
          node.parents.push_back(it->second);
        }
      }
    }
    for (const auto& [oid, name] : commit_tips_) {
      if (auto it = index_.commit_index.find(oid); it != index_.commit_index.end()) {
        index_.tips.push_back({name, it->second});
      }
    }
  }

  void LoadCommitsFrom(const std::vector<git_oid>& roots) {
    std::vector<git_oid> stack(roots.rbegin(), roots.rend());
    while (!stack.empty()) {
      git_oid oid = stack.back();
      stack.pop_back();
      if (index_.commit_index.count(oid) || missing_.count(oid)) continue;
      auto record = store_.commits.find(oid);
      if (record == store_.commits.end()) {
        missing_.insert(oid);
        ++missing_commits_;
        if (git_repository_is_shallow(repo_) != 1) Diagnose(OidHex(oid), "commit missing from the repository");
        continue;
      }
      index_.commit_index[oid] = static_cast<uint32_t>(index_.commits.size());
      index_.commits.push_back(CommitNode{oid, record->second.tree, {}, UINT32_MAX});
      const std::vector<git_oid>& parents = record->second.parents;
      for (auto it = parents.rbegin(); it != parents.rend(); ++it) stack.push_back(*it);
    }
  }

  // Reorders commits so that every parent comes before its children
  // (depth-first from the tips, first parents first), and remaps indices.
  void OrderTopologically() {
    const size_t n = index_.commits.size();
    std::vector<uint32_t> order;
    order.reserve(n);
    std::vector<uint8_t> state(n, 0);  // 0 new, 1 on stack, 2 done
    std::vector<std::pair<uint32_t, size_t>> stack;
    auto visit = [&](uint32_t root) {
      if (state[root] != 0) return;
      stack.push_back({root, 0});
      state[root] = 1;
      while (!stack.empty()) {
        auto& [node, next] = stack.back();
        const std::vector<uint32_t>& parents = index_.commits[node].parents;
        if (next < parents.size()) {
          uint32_t parent = parents[next++];
          if (state[parent] == 0) {
            state[parent] = 1;
            stack.push_back({parent, 0});
          }
          continue;
        }
        state[node] = 2;
        order.push_back(node);
        stack.pop_back();
      }
    };
    for (const RefTip& tip : index_.tips) visit(tip.commit);
    for (uint32_t c = 0; c < n; ++c) visit(c);
    std::vector<uint32_t> new_index(n);
    for (uint32_t i = 0; i < n; ++i) new_index[order[i]] = i;
    std::vector<CommitNode> sorted(n);
    for (uint32_t i = 0; i < n; ++i) {
      sorted[i] = std::move(index_.commits[order[i]]);
      for (uint32_t& parent : sorted[i].parents) parent = new_index[parent];
      index_.commit_index[sorted[i].id] = i;
    }
    index_.commits = std::move(sorted);
    for (RefTip& tip : index_.tips) tip.commit = new_index[tip.commit];
  }

  uint32_t PathId(const std::string& path) {
    auto [it, inserted] = path_ids_.try_emplace(path, static_cast<uint32_t>(index_.paths.size()));
    if (inserted) index_.paths.push_back(path);
    return it->second;
  }

  // The blob's index, adding it (attributed to `commit` at `path`) if new.
  uint32_t AddBlob(const git_oid& oid, uint32_t commit, const std::string& path) {
    auto [it, inserted] = blob_index_.try_emplace(oid, static_cast<uint32_t>(index_.blobs.size()));
    if (inserted) index_.blobs.push_back(BlobEntry{oid, commit, PathId(path)});
    return it->second;
  }

  // The tree's index; `fresh` says whether it was seen for the first time.
  uint32_t TreeIndex(const git_oid& oid, bool* fresh) {
    auto [it, inserted] = tree_index_.try_emplace(oid, static_cast<uint32_t>(index_.trees.size()));
    if (inserted) index_.trees.emplace_back();
    *fresh = inserted;
    return it->second;
  }

  // Walks a tree, skipping subtrees already seen: their blobs were attributed
  // to an earlier commit. Returns the root's tree index.
  uint32_t WalkTree(const git_oid& root, uint32_t commit, const std::string& root_prefix = "") {
    bool fresh;
    uint32_t root_index = TreeIndex(root, &fresh);
    if (!fresh) return root_index;
    std::vector<std::tuple<git_oid, uint32_t, std::string>> stack{{root, root_index, root_prefix}};
    while (!stack.empty()) {
      auto [oid, tree_index, prefix] = std::move(stack.back());
      stack.pop_back();
      auto tree = store_.trees.find(oid);
      if (tree == store_.trees.end()) {
        Diagnose(prefix.empty() ? "(root tree)" : prefix,
                 "tree " + OidHex(oid) + " missing from the repository" +
                     (commit == kNoCommit ? "" : " (commit " + OidHex(index_.commits[commit].id) + ")"));
        continue;
      }
      TreeNode node;
      for (const TreeEntryRecord& entry : tree->second) {
        const std::string& name = store_.names[entry.name];
        switch (entry.kind) {
          case EntryKind::kBlob: node.blobs.push_back(AddBlob(entry.id, commit, prefix + name)); break;
          case EntryKind::kTree: {
            bool fresh_child;
            uint32_t child = TreeIndex(entry.id, &fresh_child);
            node.trees.push_back(child);
            if (fresh_child) stack.push_back({entry.id, child, prefix + name + "/"});
            break;
          }
          case EntryKind::kGitlink: ++index_.submodule_entries; break;
        }
      }
      index_.trees[tree_index] = std::move(node);
    }
    return root_index;
  }

  git_repository* repo_;
  const ObjectStore& store_;
  const std::function<void(Diagnostic)>& on_diagnostic_;
  HistoryIndex index_;
  std::vector<std::pair<git_oid, std::string>> commit_tips_, tree_tips_, blob_tips_;
  OidSet seen_tags_, missing_;
  OidMap<uint32_t> tree_index_, blob_index_;
  std::unordered_map<std::string, uint32_t> path_ids_;
  uint64_t missing_commits_ = 0;
};

}  // namespace

HistoryIndex BuildHistoryIndex(git_repository* repo, const ObjectStore& store, bool all_objects,
                               const std::function<void(Diagnostic)>& on_diagnostic) {
  return Builder(repo, store, on_diagnostic).Build(all_objects);
}

}  // namespace keysweep::git
