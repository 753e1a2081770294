#include "git/git_environment.h"

#include <unistd.h>

#include <climits>
#include <cstdlib>
#include <string>
#include <vector>

#include "git/repository_files.h"
#include "git/safe_odb.h"

namespace keysweep::git {
namespace {

// The variable's value, or "" when it is unset or empty (git treats both alike).
std::string Env(const char* name) {
  const char* value = getenv(name);
  return value != nullptr ? value : "";
}

std::string CurrentDirectory() {
  char buffer[PATH_MAX];
  return getcwd(buffer, sizeof buffer) != nullptr ? buffer : ".";
}

std::string Absolute(const std::string& path) {
  return path.starts_with("/") ? path : CurrentDirectory() + "/" + path;
}

std::vector<std::string> SplitPathList(const std::string& list) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= list.size()) {
    size_t colon = list.find(':', start);
    if (colon == std::string::npos) colon = list.size();
    if (colon > start) out.push_back(list.substr(start, colon - start));
    start = colon + 1;
  }
  return out;
}

bool HasCoreWorktree(git_repository* repo) {
  git_config* raw = nullptr;
  if (git_repository_config_snapshot(&raw, repo) != 0) return false;
  ConfigPtr config(raw);
  git_config_entry* entry = nullptr;
  if (git_config_get_entry(&entry, config.get(), "core.worktree") != 0) return false;
  git_config_entry_free(entry);
  return true;
}

Status SetWorkTree(git_repository* repo, const std::string& git_dir) {
  std::string work_tree = Env("GIT_WORK_TREE");
  // git: with GIT_DIR set and neither GIT_WORK_TREE nor core.worktree, the
  // current directory is the top of the work tree (unless the repository is bare).
  if (work_tree.empty() && !git_dir.empty() && !git_repository_is_bare(repo) &&
      !HasCoreWorktree(repo)) {
    work_tree = CurrentDirectory();
  }
  if (work_tree.empty()) return Status::Ok();
  // Already the work tree: libgit2 1.5's git_repository_set_workdir leaks its
  // path buffer when asked for the one it has (LeakSanitizer saw it in hooks).
  char resolved[PATH_MAX];
  const char* current = git_repository_workdir(repo);
  if (current != nullptr && realpath(Absolute(work_tree).c_str(), resolved) != nullptr &&
      std::string(resolved) + "/" == current) {
    return Status::Ok();
  }
  if (git_repository_set_workdir(repo, Absolute(work_tree).c_str(), 0) != 0) {
    return GitError("GIT_WORK_TREE=" + work_tree);
  }
  return Status::Ok();
}

}  // namespace

Result<RepositoryPtr> OpenRepositoryFromEnvironment() {
  InitLibgit2();
  std::string git_dir = Env("GIT_DIR");
  git_repository* raw = nullptr;
  if (!git_dir.empty()) {
    KS_RETURN_IF_ERROR(CheckRepositoryFilesFrom(git_dir));
    if (git_repository_open_ext(&raw, git_dir.c_str(), GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr) !=
        0) {
      return GitError("GIT_DIR=" + git_dir + ": not a git repository");
    }
  } else {
    unsigned flags =
        Env("GIT_DISCOVERY_ACROSS_FILESYSTEM").empty() ? 0 : GIT_REPOSITORY_OPEN_CROSS_FS;
    std::string ceilings = Env("GIT_CEILING_DIRECTORIES");
    KS_RETURN_IF_ERROR(CheckRepositoryFilesFrom(".", ceilings.empty() ? nullptr : ceilings.c_str(),
                                                flags & GIT_REPOSITORY_OPEN_CROSS_FS));
    if (git_repository_open_ext(&raw, ".", flags, ceilings.empty() ? nullptr : ceilings.c_str()) !=
        0) {
      return GitError(CurrentDirectory() + ": not in a git repository");
    }
  }
  RepositoryPtr repo(raw);
  ObjectDirectoryOverride objects;
  if (std::string dir = Env("GIT_OBJECT_DIRECTORY"); !dir.empty())
    objects.objects_dir = Absolute(dir);
  for (const std::string& dir : SplitPathList(Env("GIT_ALTERNATE_OBJECT_DIRECTORIES"))) {
    objects.alternates.push_back(Absolute(dir));
  }
  if (Status status = InstallSafeObjectDatabase(repo.get(), objects); !status.ok()) return status;
  KS_RETURN_IF_ERROR(SetWorkTree(repo.get(), git_dir));
  if (std::string ns = Env("GIT_NAMESPACE");
      !ns.empty() && git_repository_set_namespace(repo.get(), ns.c_str()) != 0) {
    return GitError("GIT_NAMESPACE=" + ns);
  }
  return repo;
}

Result<IndexPtr> OpenIndex(git_repository* repo) {
  git_index* raw = nullptr;
  std::string index_file = Env("GIT_INDEX_FILE");
  if (index_file.empty()) {
    const char* git_dir = git_repository_path(repo);
    if (git_dir != nullptr) KS_RETURN_IF_ERROR(CheckIndexFile(std::string(git_dir) + "index"));
    if (git_repository_index(&raw, repo) != 0) return GitError("cannot read the index");
    return IndexPtr(raw);
  }
  std::string path = Absolute(index_file);
  if (Status status = CheckIndexFile(path); !status.ok()) {
    return Status::Error("cannot read the index GIT_INDEX_FILE=" + index_file + ": " + status.message());
  }
  // git reads a missing index file as an empty index; libgit2 opens it so too.
  if (git_index_open(&raw, path.c_str()) != 0)
    return GitError("cannot read the index GIT_INDEX_FILE=" + index_file);
  IndexPtr index(raw);
  if (access(path.c_str(), F_OK) == 0 && git_index_read(index.get(), 1) != 0) {
    return GitError("cannot read the index GIT_INDEX_FILE=" + index_file);
  }
  return index;
}

}  // namespace keysweep::git
