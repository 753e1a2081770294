#include "git/libgit2_util.h"

#include <cstring>
#include <mutex>

#include "git/git_environment.h"
#include "git/repository_files.h"
#include "git/safe_odb.h"

namespace keysweep::git {

void InitLibgit2() {
  static std::once_flag once;
  std::call_once(once, [] {
    git_libgit2_init();
    // Hermetic: never read ~/.gitconfig, /etc/gitconfig or XDG config.
    for (git_config_level_t level : {GIT_CONFIG_LEVEL_SYSTEM, GIT_CONFIG_LEVEL_XDG,
                                     GIT_CONFIG_LEVEL_GLOBAL, GIT_CONFIG_LEVEL_PROGRAMDATA}) {
      git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, level, "");
    }
    DisableOwnerValidation();
    // Objects are read once each: the object cache would only hold memory.
    git_libgit2_opts(GIT_OPT_ENABLE_CACHING, 0);
    // Verifying every object's hash on read doubles the cost of a full-history scan.
    git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
  });
}

Status GitError(const std::string& what) {
  const git_error* error = git_error_last();
  return Status::Error(what + ": " + (error && error->message ? error->message : "unknown libgit2 error"));
}

Result<RepositoryPtr> OpenRepository(const std::string& path, bool search) {
  if (path.empty()) return OpenRepositoryFromEnvironment();
  InitLibgit2();
  // libgit2 reads the config (and its includes) as it opens: none may be a FIFO.
  KS_RETURN_IF_ERROR(CheckRepositoryFilesFrom(path));
  git_repository* repo = nullptr;
  unsigned flags = search ? 0 : GIT_REPOSITORY_OPEN_NO_SEARCH;
  if (git_repository_open_ext(&repo, path.c_str(), flags, nullptr) != 0) {
    return GitError(path + ": not a git repository");
  }
  RepositoryPtr owned(repo);
  // Before any read: libgit2's own loose-object reader can hang on a hostile repository.
  if (Status status = InstallSafeObjectDatabase(repo); !status.ok()) return status;
  return owned;
}

std::string OidHex(const git_oid& oid) {
  char hex[kOidHexSize + 1];
  git_oid_tostr(hex, sizeof hex, &oid);
  return hex;
}

Result<TreePtr> CommitTree(git_repository* repo, const git_oid& id) {
  git_commit* raw = nullptr;
  if (git_commit_lookup(&raw, repo, &id) != 0) return GitError("cannot read commit " + OidHex(id));
  CommitPtr commit(raw);
  git_tree* tree = nullptr;
  if (git_commit_tree(&tree, commit.get()) != 0) return GitError("cannot read the tree of " + OidHex(id));
  return TreePtr(tree);
}

}  // namespace keysweep::git
