#include "scanner/file_walker.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <set>
#include <utility>

namespace keysweep {
namespace {

struct PendingDir {
  std::string path;
  std::string relative;
};

std::string ErrnoText(int err) { return strerror(err); }

}  // namespace

std::string RealPath(const std::string& path) {
  char* resolved = realpath(path.c_str(), nullptr);
  if (resolved == nullptr) return "";
  std::string out = resolved;
  free(resolved);
  return out;
}

std::string JoinPath(const std::string& root, const std::string& relative) {
  if (relative.empty()) return root;
  if (root.empty() || root == ".") return relative;
  if (root.back() == '/') return root + relative;
  return root + "/" + relative;
}

void WalkFiles(const std::vector<std::string>& roots, const PathExcludes& excludes,
               const std::function<void(FileEntry)>& on_file,
               const std::function<void(Diagnostic)>& on_diagnostic, WalkCounters* counters) {
  std::set<std::pair<dev_t, ino_t>> visited;
  for (const std::string& root : roots) {
    struct stat st;
    if (stat(root.c_str(), &st) != 0) {
      on_diagnostic({DiagnosticLevel::kError, root, "cannot access: " + ErrnoText(errno)});
      continue;
    }
    if (S_ISREG(st.st_mode)) {
      on_file(FileEntry{root, "", true});
      continue;
    }
    if (!S_ISDIR(st.st_mode)) {
      on_diagnostic({DiagnosticLevel::kWarning, root, "not a regular file or directory: skipped"});
      ++counters->skipped;
      continue;
    }
    std::string root_real = excludes.has_config_globs() ? RealPath(root) : "";
    std::vector<PendingDir> stack{{root, ""}};
    while (!stack.empty()) {
      PendingDir dir = std::move(stack.back());
      stack.pop_back();
      DIR* handle = opendir(dir.path.c_str());
      if (handle == nullptr) {
        on_diagnostic({DiagnosticLevel::kWarning, dir.path, "cannot open directory: " + ErrnoText(errno)});
        continue;
      }
      struct stat dir_stat;
      if (fstat(dirfd(handle), &dir_stat) == 0 &&
          !visited.insert({dir_stat.st_dev, dir_stat.st_ino}).second) {
        on_diagnostic({DiagnosticLevel::kWarning, dir.path, "directory already visited (loop): skipped"});
        closedir(handle);
        continue;
      }
      std::vector<PendingDir> subdirs;
      errno = 0;
      while (struct dirent* entry = readdir(handle)) {
        const char* name = entry->d_name;
        if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0) continue;
        if (strcmp(name, ".git") == 0) continue;
        std::string relative = dir.relative.empty() ? name : dir.relative + "/" + name;
        std::string path = JoinPath(root, relative);
        unsigned char type = entry->d_type;
        if (type == DT_UNKNOWN) {
          struct stat entry_stat;
          if (fstatat(dirfd(handle), name, &entry_stat, AT_SYMLINK_NOFOLLOW) != 0) {
            on_diagnostic({DiagnosticLevel::kWarning, path, "cannot stat: " + ErrnoText(errno)});
            continue;
          }
          type = S_ISDIR(entry_stat.st_mode)   ? DT_DIR
                 : S_ISREG(entry_stat.st_mode) ? DT_REG
                 : S_ISLNK(entry_stat.st_mode) ? DT_LNK
                                               : DT_FIFO;
        }
        if (type != DT_DIR && type != DT_REG) {
          ++counters->skipped;  // symbolic link, FIFO, socket or device
          continue;
        }
        if (!excludes.empty() && excludes.Matches(root_real, relative, path)) {
          ++counters->skipped;
          continue;
        }
        if (type == DT_DIR) {
          subdirs.push_back({std::move(path), std::move(relative)});
        } else {
          on_file(FileEntry{std::move(path), std::move(relative), false});
        }
        errno = 0;
      }
      if (errno != 0) {
        on_diagnostic({DiagnosticLevel::kWarning, dir.path, "cannot read directory: " + ErrnoText(errno)});
      }
      closedir(handle);
      // Depth-first, in directory order.
      for (auto it = subdirs.rbegin(); it != subdirs.rend(); ++it) stack.push_back(std::move(*it));
    }
  }
}

}  // namespace keysweep
