#include "git/history_index.h"

#include <algorithm>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

namespace keysweep::git {
namespace {

using OidSet = std::unordered_set<git_oid, OidHash, OidEqual>;
template <typename V>
using OidMap = std::unordered_map<git_oid, V, OidHash, OidEqual>;

// Builds the index; one instance per BuildHistoryIndex call.
class Builder {
 public:
  Builder(git_repository* repo, const std::function<void(const Message&)>& on_message,
          const std::function<void(Diagnostic)>& on_diagnostic)
      : repo_(repo), on_message_(on_message), on_diagnostic_(on_diagnostic) {}

  HistoryIndex Build(bool all_objects) {
    CollectRefTips();
    if (all_objects) CollectUnreachableObjects();
    LoadCommits();
    OrderTopologically();
    for (uint32_t c = 0; c < index_.commits.size(); ++c) {
      index_.commits[c].root = WalkTree(index_.commits[c].tree, c);
    }
    for (const auto& [tree, name] : tree_tips_) WalkTree(tree, kNoCommit, name + ":");
    for (const auto& [blob, name] : blob_tips_) AddBlob(blob, kNoCommit, name);
    for (const git_oid& tree : extra_trees_) WalkTree(tree, kNoCommit, "(unreachable tree)/");
    for (const git_oid& blob : extra_blobs_) AddBlob(blob, kNoCommit, "(unreachable blob)");
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
  void Diagnose(const std::string& where, const Status& status) {
    on_diagnostic_({DiagnosticLevel::kWarning, where, status.message()});
  }

  // Follows annotated tags to the object they name, reporting tag messages.
  // Returns false if an object is missing.
  bool Peel(git_oid oid, const std::string& ref_name, git_oid* target, git_object_t* type) {
    for (int depth = 0; depth < 32; ++depth) {
      git_object* raw = nullptr;
      if (git_object_lookup(&raw, repo_, &oid, GIT_OBJECT_ANY) != 0) {
        Diagnose(ref_name, GitError("cannot read " + OidHex(oid)));
        return false;
      }
      ObjectPtr object(raw);
      git_object_t kind = git_object_type(object.get());
      if (kind != GIT_OBJECT_TAG) {
        *target = oid;
        *type = kind;
        return true;
      }
      git_tag* tag = reinterpret_cast<git_tag*>(object.get());
      if (seen_tags_.insert(oid).second && git_tag_message(tag) != nullptr) {
        pending_tag_messages_.push_back({*git_tag_target_id(tag), git_tag_target_type(tag),
                                         "(tag " + std::string(git_tag_name(tag)) + " message)",
                                         git_tag_message(tag)});
      }
      oid = *git_tag_target_id(tag);
    }
    Diagnose(ref_name, Status::Error("tag chain too deep"));
    return false;
  }

  void AddTip(const git_oid& oid, const std::string& name) {
    git_oid target;
    git_object_t type;
    if (!Peel(oid, name, &target, &type)) return;
    switch (type) {
      case GIT_OBJECT_COMMIT: commit_tips_.push_back({target, name}); break;
      case GIT_OBJECT_TREE: tree_tips_.push_back({target, name}); break;
      case GIT_OBJECT_BLOB: blob_tips_.push_back({target, name}); break;
      default: break;
    }
  }

  void CollectRefTips() {
    git_reference_iterator* raw_iter = nullptr;
    if (git_reference_iterator_new(&raw_iter, repo_) != 0) {
      Diagnose("", GitError("cannot list references"));
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
        Diagnose(name, GitError("cannot resolve reference"));
        continue;
      }
      ReferencePtr resolved(raw_resolved);
      if (const git_oid* oid = git_reference_target(resolved.get())) AddTip(*oid, name);
    }
    if (rc != GIT_ITEROVER) Diagnose("", GitError("cannot list all references"));
    if (git_repository_head_detached(repo_) == 1) {
      git_reference* raw_head = nullptr;
      if (git_repository_head(&raw_head, repo_) == 0) {
        ReferencePtr head(raw_head);
        if (const git_oid* oid = git_reference_target(head.get())) AddTip(*oid, "HEAD");
      }
    }
  }

  // With --all-objects: every commit, tree, blob and tag in the object database.
  void CollectUnreachableObjects() {
    git_odb* raw_odb = nullptr;
    if (git_repository_odb(&raw_odb, repo_) != 0) {
      Diagnose("", GitError("cannot open the object database"));
      return;
    }
    OdbPtr odb(raw_odb);
    std::vector<git_oid> all;
    git_odb_foreach(
        odb.get(),
        [](const git_oid* id, void* payload) {
          static_cast<std::vector<git_oid>*>(payload)->push_back(*id);
          return 0;
        },
        &all);
    std::sort(all.begin(), all.end(), [](const git_oid& a, const git_oid& b) { return git_oid_cmp(&a, &b) < 0; });
    all.erase(std::unique(all.begin(), all.end(), [](const git_oid& a, const git_oid& b) { return git_oid_equal(&a, &b); }),
              all.end());
    for (const git_oid& oid : all) {
      size_t size;
      git_object_t type;
      if (git_odb_read_header(&size, &type, odb.get(), &oid) != 0) {
        Diagnose(OidHex(oid), GitError("cannot read object header"));
        continue;
      }
      switch (type) {
        case GIT_OBJECT_COMMIT: extra_commits_.push_back(oid); break;
        case GIT_OBJECT_TREE: extra_trees_.push_back(oid); break;
        case GIT_OBJECT_BLOB: extra_blobs_.push_back(oid); break;
        case GIT_OBJECT_TAG: AddTip(oid, "(unreachable tag)"); break;
        default: break;
      }
    }
  }

  // Loads every commit reachable from the ref tips, then (with --all-objects)
  // every other commit in the object database; reports commit messages.
  void LoadCommits() {
    std::vector<git_oid> roots;
    for (const auto& [oid, name] : commit_tips_) roots.push_back(oid);
    LoadCommitsFrom(roots);
    LoadCommitsFrom(extra_commits_);
    for (size_t c = 0; c < index_.commits.size(); ++c) {
      for (const git_oid& parent : parent_ids_[c]) {
        if (auto it = loaded_.find(parent); it != loaded_.end()) index_.commits[c].parents.push_back(it->second);
      }
    }
    parent_ids_.clear();
    for (const auto& [oid, name] : commit_tips_) {
      if (auto it = loaded_.find(oid); it != loaded_.end()) index_.tips.push_back({name, it->second});
    }
    for (const PendingTagMessage& tag : pending_tag_messages_) {
      bool on_commit = tag.target_type == GIT_OBJECT_COMMIT;
      on_message_(Message{tag.target, on_commit, tag.label, tag.message});
    }
  }

  void LoadCommitsFrom(const std::vector<git_oid>& roots) {
    std::vector<git_oid> stack(roots.rbegin(), roots.rend());
    while (!stack.empty()) {
      git_oid oid = stack.back();
      stack.pop_back();
      if (loaded_.count(oid) || missing_.count(oid)) continue;
      git_commit* raw = nullptr;
      if (git_commit_lookup(&raw, repo_, &oid) != 0) {
        missing_.insert(oid);
        ++missing_commits_;
        if (git_repository_is_shallow(repo_) != 1) Diagnose(OidHex(oid), GitError("cannot read commit"));
        continue;
      }
      CommitPtr commit(raw);
      uint32_t index = static_cast<uint32_t>(index_.commits.size());
      loaded_[oid] = index;
      index_.commits.push_back(CommitNode{oid, *git_commit_tree_id(commit.get()), {}});
      std::vector<git_oid> parents;
      for (unsigned p = 0; p < git_commit_parentcount(commit.get()); ++p) {
        parents.push_back(*git_commit_parent_id(commit.get(), p));
      }
      for (auto it = parents.rbegin(); it != parents.rend(); ++it) stack.push_back(*it);
      parent_ids_.push_back(std::move(parents));
      if (const char* message = git_commit_message_raw(commit.get())) {
        on_message_(Message{oid, true, "(commit message)", message});
      }
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
      git_tree* raw = nullptr;
      if (git_tree_lookup(&raw, repo_, &oid) != 0) {
        Diagnose(prefix.empty() ? "(root tree)" : prefix,
                 GitError("cannot read tree " + OidHex(oid) +
                          (commit == kNoCommit ? "" : " of commit " + OidHex(index_.commits[commit].id))));
        continue;
      }
      TreePtr tree(raw);
      size_t count = git_tree_entrycount(tree.get());
      TreeNode node;
      for (size_t i = 0; i < count; ++i) {
        const git_tree_entry* entry = git_tree_entry_byindex(tree.get(), i);
        switch (git_tree_entry_type(entry)) {
          case GIT_OBJECT_BLOB:
            node.blobs.push_back(AddBlob(*git_tree_entry_id(entry), commit, prefix + git_tree_entry_name(entry)));
            break;
          case GIT_OBJECT_TREE: {
            bool fresh_child;
            uint32_t child = TreeIndex(*git_tree_entry_id(entry), &fresh_child);
            node.trees.push_back(child);
            if (fresh_child) {
              stack.push_back({*git_tree_entry_id(entry), child, prefix + git_tree_entry_name(entry) + "/"});
            }
            break;
          }
          case GIT_OBJECT_COMMIT: ++index_.submodule_entries; break;
          default: break;
        }
      }
      index_.trees[tree_index] = std::move(node);
    }
    return root_index;
  }

  struct PendingTagMessage {
    git_oid target;
    git_object_t target_type;
    std::string label;
    std::string message;
  };

  git_repository* repo_;
  const std::function<void(const Message&)>& on_message_;
  const std::function<void(Diagnostic)>& on_diagnostic_;
  HistoryIndex index_;
  std::vector<std::pair<git_oid, std::string>> commit_tips_, tree_tips_, blob_tips_;
  std::vector<git_oid> extra_commits_, extra_trees_, extra_blobs_;
  std::vector<PendingTagMessage> pending_tag_messages_;
  OidSet seen_tags_, missing_;
  OidMap<uint32_t> tree_index_, blob_index_;
  OidMap<uint32_t> loaded_;
  std::vector<std::vector<git_oid>> parent_ids_;  // per loaded commit, until indices are known
  std::unordered_map<std::string, uint32_t> path_ids_;
  uint64_t missing_commits_ = 0;
};

}  // namespace

HistoryIndex BuildHistoryIndex(git_repository* repo, bool all_objects,
                               const std::function<void(const Message&)>& on_message,
                               const std::function<void(Diagnostic)>& on_diagnostic) {
  Builder builder(repo, on_message, on_diagnostic);
  return builder.Build(all_objects);
}

}  // namespace keysweep::git
