#include "git/config_changes.h"

#include <optional>

#include "scanner/trust_findings.h"

namespace keysweep::git {
namespace {

using TreeEntryPtr = std::unique_ptr<git_tree_entry, GitDeleter<git_tree_entry_free>>;

// The blob id and mode at `path`, or nullopt when the tree has none there.
std::optional<std::pair<git_oid, unsigned>> EntryAt(git_tree* tree, const std::string& path) {
  if (tree == nullptr) return std::nullopt;
  git_tree_entry* raw = nullptr;
  if (git_tree_entry_bypath(&raw, tree, path.c_str()) != 0) return std::nullopt;
  TreeEntryPtr entry(raw);
  return std::make_pair(*git_tree_entry_id(entry.get()), static_cast<unsigned>(git_tree_entry_filemode(entry.get())));
}

bool Same(const std::optional<std::pair<git_oid, unsigned>>& a, const std::optional<std::pair<git_oid, unsigned>>& b) {
  if (!a || !b) return !a && !b;
  return a->second == b->second && git_oid_equal(&a->first, &b->first);
}

Finding ChangeAt(const std::string& path, const std::vector<AddedFile>& added, Location where) {
  where.path = path;
  where.line = 1;
  where.column = 1;
  for (const AddedFile& file : added) {
    if (file.path == path && !file.lines.empty()) where.line = file.lines.front().first;
  }
  return ConfigChangedFinding(where);
}

}  // namespace

Result<std::vector<Finding>> CommitConfigChanges(git_repository* repo, const git_oid& commit,
                                                 const std::vector<std::string>& paths,
                                                 const std::vector<AddedFile>& added, const Location& where) {
  std::vector<Finding> out;
  if (paths.empty()) return out;
  git_commit* raw = nullptr;
  if (git_commit_lookup(&raw, repo, &commit) != 0) return GitError("cannot read commit " + OidHex(commit));
  CommitPtr owned(raw);
  Result<TreePtr> tree = CommitTree(repo, commit);
  if (!tree.ok()) return tree.status();
  std::vector<TreePtr> parents;
  for (unsigned p = 0; p < git_commit_parentcount(owned.get()); ++p) {
    Result<TreePtr> parent = CommitTree(repo, *git_commit_parent_id(owned.get(), p));
    if (!parent.ok()) return parent.status();
    parents.push_back(std::move(*parent));
  }
  for (const std::string& path : paths) {
    auto mine = EntryAt(tree->get(), path);
    bool changed = parents.empty() ? mine.has_value() : true;
    for (const TreePtr& parent : parents) changed = changed && !Same(mine, EntryAt(parent.get(), path));
    if (changed) out.push_back(ChangeAt(path, added, where));
  }
  return out;
}

std::vector<Finding> StagedConfigChanges(git_tree* head, git_index* index, const std::vector<std::string>& paths,
                                         const std::vector<AddedFile>& added) {
  std::vector<Finding> out;
  for (const std::string& path : paths) {
    std::optional<std::pair<git_oid, unsigned>> staged;
    if (const git_index_entry* entry = git_index_get_bypath(index, path.c_str(), 0)) {
      staged = std::make_pair(entry->id, static_cast<unsigned>(entry->mode));
    }
    if (!Same(staged, EntryAt(head, path))) out.push_back(ChangeAt(path, added, Location{}));
  }
  return out;
}

}  // namespace keysweep::git
