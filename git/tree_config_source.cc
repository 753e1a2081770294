#include "git/tree_config_source.h"

#include "core/regular_file.h"

namespace keysweep::git {
namespace {

using TreeEntryPtr = std::unique_ptr<git_tree_entry, GitDeleter<git_tree_entry_free>>;
using BlobPtr = std::unique_ptr<git_blob, GitDeleter<git_blob_free>>;

class TreeSource : public ConfigSource {
 public:
  TreeSource(git_repository* repo, TreePtr tree, std::string label)
      : repo_(repo), tree_(std::move(tree)), label_(std::move(label)) {}

  Result<std::string> Read(const std::string& path) const override {
    auto error = [&](const std::string& why) { return Status::Error(path + ": " + why + " (in " + label_ + ")"); };
    std::optional<std::string> relative = NormalizeRelativePath(path);
    if (!relative) return error("lies outside the repository; a repository's config may only name files inside it");
    if (!tree_) return error("No such file or directory");
    git_tree_entry* raw = nullptr;
    if (git_tree_entry_bypath(&raw, tree_.get(), relative->c_str()) != 0) return error("No such file or directory");
    TreeEntryPtr entry(raw);
    git_filemode_t mode = git_tree_entry_filemode(entry.get());
    if (mode == GIT_FILEMODE_LINK) return error("is a symbolic link (not followed)");
    if (mode != GIT_FILEMODE_BLOB && mode != GIT_FILEMODE_BLOB_EXECUTABLE) return error("is not a regular file");
    const git_oid* id = git_tree_entry_id(entry.get());
    git_odb* raw_odb = nullptr;
    if (git_repository_odb(&raw_odb, repo_) != 0) return GitError(path + ": cannot open the object database");
    OdbPtr odb(raw_odb);
    size_t size = 0;
    git_object_t type = GIT_OBJECT_INVALID;
    if (git_odb_read_header(&size, &type, odb.get(), id) != 0) return GitError(path + ": cannot read blob " + OidHex(*id));
    if (size > kMaxConfigFileBytes) {
      return error("is larger than " + std::to_string(kMaxConfigFileBytes >> 20) + " MiB");
    }
    git_blob* raw_blob = nullptr;
    if (git_blob_lookup(&raw_blob, repo_, id) != 0) return GitError(path + ": cannot read blob " + OidHex(*id));
    BlobPtr blob(raw_blob);
    return std::string(static_cast<const char*>(git_blob_rawcontent(blob.get())),
                       static_cast<size_t>(git_blob_rawsize(blob.get())));
  }

  bool Exists(const std::string& path) const override {
    std::optional<std::string> relative = NormalizeRelativePath(path);
    if (!relative || !tree_) return false;
    git_tree_entry* raw = nullptr;
    if (git_tree_entry_bypath(&raw, tree_.get(), relative->c_str()) != 0) return false;
    git_tree_entry_free(raw);
    return true;
  }

  bool repository_controlled() const override { return true; }

 private:
  git_repository* repo_;
  TreePtr tree_;
  std::string label_;
};

}  // namespace

Result<std::shared_ptr<const ConfigSource>> TreeConfigSource(git_repository* repo,
                                                             const std::optional<git_oid>& commit,
                                                             const std::string& label) {
  TreePtr tree;
  if (commit) {
    git_commit* raw_commit = nullptr;
    if (git_commit_lookup(&raw_commit, repo, &*commit) != 0) return GitError("cannot read " + label);
    CommitPtr owned(raw_commit);
    git_tree* raw_tree = nullptr;
    if (git_commit_tree(&raw_tree, owned.get()) != 0) return GitError("cannot read the tree of " + label);
    tree.reset(raw_tree);
  }
  return std::shared_ptr<const ConfigSource>(std::make_shared<TreeSource>(repo, std::move(tree), label));
}

}  // namespace keysweep::git
