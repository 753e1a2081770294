// Internal to git/: RAII handles for libgit2 objects (one unique_ptr alias per
// handle, as in Nix's libgit2 wrappers), error capture, and one-time library
// setup. libgit2 handles are not thread-safe: each thread opens its own
// repository and keeps its objects to itself.
#ifndef KEYSWEEP_GIT_LIBGIT2_UTIL_H_
#define KEYSWEEP_GIT_LIBGIT2_UTIL_H_


#include <cstring>
#include <memory>
#include <string>

#include "core/status.h"
#include "git/libgit2_compat.h"

namespace keysweep::git {

template <auto Free>
struct GitDeleter {
  template <typename T>
  void operator()(T* p) const {
    Free(p);
  }
};

using RepositoryPtr = std::unique_ptr<git_repository, GitDeleter<git_repository_free>>;
using OdbPtr = std::unique_ptr<git_odb, GitDeleter<git_odb_free>>;
using OdbObjectPtr = std::unique_ptr<git_odb_object, GitDeleter<git_odb_object_free>>;
using CommitPtr = std::unique_ptr<git_commit, GitDeleter<git_commit_free>>;
using TreePtr = std::unique_ptr<git_tree, GitDeleter<git_tree_free>>;
using TagPtr = std::unique_ptr<git_tag, GitDeleter<git_tag_free>>;
using ObjectPtr = std::unique_ptr<git_object, GitDeleter<git_object_free>>;
using ReferencePtr = std::unique_ptr<git_reference, GitDeleter<git_reference_free>>;
using ReferenceIteratorPtr =
    std::unique_ptr<git_reference_iterator, GitDeleter<git_reference_iterator_free>>;
using IndexPtr = std::unique_ptr<git_index, GitDeleter<git_index_free>>;
using DiffPtr = std::unique_ptr<git_diff, GitDeleter<git_diff_free>>;
using PatchPtr = std::unique_ptr<git_patch, GitDeleter<git_patch_free>>;
using RevwalkPtr = std::unique_ptr<git_revwalk, GitDeleter<git_revwalk_free>>;
using ConfigPtr = std::unique_ptr<git_config, GitDeleter<git_config_free>>;

// Initializes libgit2 once per process, hardened for untrusted repositories:
// no global or system configuration is read, and repositories owned by other
// users may be opened (keysweep only reads; it never runs anything from them).
void InitLibgit2();

// "what: <libgit2's last error on this thread>".
Status GitError(const std::string& what);

// Opens the repository at `path` (a work tree, a .git directory, or a bare
// repository; no search upwards unless `search` is true), with the object
// database of safe_odb.h. An empty `path` opens the repository git would use
// here, from the environment (git_environment.h).
Result<RepositoryPtr> OpenRepository(const std::string& path, bool search = true);

std::string OidHex(const git_oid& oid);

// The tree of commit `id`, or an error naming the commit.
Result<TreePtr> CommitTree(git_repository* repo, const git_oid& id);

struct OidHash {
  size_t operator()(const git_oid& oid) const {
    size_t h;
    memcpy(&h, oid.id, sizeof h);
    return h;
  }
};
struct OidEqual {
  bool operator()(const git_oid& a, const git_oid& b) const { return git_oid_equal(&a, &b) != 0; }
};

}  // namespace keysweep::git

#endif  // KEYSWEEP_GIT_LIBGIT2_UTIL_H_
