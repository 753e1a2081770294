#include "scanner/file_walker.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <set>
#include <utility>

namespace keysweep {
namespace {

constexpr int kDirectoryFlags = O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
constexpr int kFileFlags = O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY | O_NONBLOCK;

std::string ErrnoText(int err) { return strerror(err); }

// One directory on the walk's path from the root to where it is.
struct Frame {
  UniqueFd fd;                        // closed for frames far above the deepest (reopened on the way up)
  dev_t dev = 0;
  ino_t ino = 0;
  std::string name;                   // its name in the parent frame's directory
  std::string relative;               // relative to the root
  std::vector<std::string> subdirs;   // listed but not walked yet, last to walk first
};

bool SameDirectory(int fd, const Frame& frame) {
  struct stat st;
  return fstat(fd, &st) == 0 && S_ISDIR(st.st_mode) && st.st_dev == frame.dev && st.st_ino == frame.ino;
}

// Walks one root directory. Frames [1, first_open_) have their descriptor
// closed; frame 0 (the root) and frames [first_open_, end) are open.
class DirectoryWalk {
 public:
  DirectoryWalk(const std::string& root, const PathExcludes& excludes,
                const std::function<void(FileEntry)>& on_file,
                const std::function<void(Diagnostic)>& on_diagnostic, WalkCounters* counters,
                std::set<std::pair<dev_t, ino_t>>* visited)
      : root_(root), excludes_(excludes), on_file_(on_file), on_diagnostic_(on_diagnostic),
        counters_(counters), visited_(visited) {
    if (excludes_.has_config_globs()) root_real_ = RealPath(root);
  }

  void Run() {
    // The root itself may be a symbolic link: followed.
    UniqueFd fd(open(root_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!fd) {
      Warn(root_, "cannot open directory: " + ErrnoText(errno));
      return;
    }
    if (!Push(std::move(fd), "")) return;
    while (!frames_.empty()) {
      Frame& top = frames_.back();
      if (top.subdirs.empty()) {
        Leave();
        continue;
      }
      std::string name = std::move(top.subdirs.back());
      top.subdirs.pop_back();
      Enter(name);
    }
  }

 private:
  std::string PathOf(const std::string& relative) const { return JoinPath(root_, relative); }
  void Warn(const std::string& path, std::string message) {
    on_diagnostic_({DiagnosticLevel::kWarning, path, std::move(message)});
  }

  // Opens the subdirectory `name` of the top frame, without following a link.
  void Enter(const std::string& name) {
    const Frame& parent = frames_.back();
    std::string relative = parent.relative.empty() ? name : parent.relative + "/" + name;
    UniqueFd fd(openat(parent.fd.get(), name.c_str(), kDirectoryFlags));
    if (!fd) {
      if (errno == ELOOP || errno == ENOTDIR) {
        ++counters_->skipped;  // replaced by a symbolic link or a file since it was listed: not followed
      } else {
        Warn(PathOf(relative), "cannot open directory: " + ErrnoText(errno));
      }
      return;
    }
    Push(std::move(fd), name, std::move(relative));
  }

  // Makes `fd` the new top frame and lists it; false if it was seen before.
  bool Push(UniqueFd fd, std::string name, std::string relative = "") {
    struct stat st;
    if (fstat(fd.get(), &st) != 0) {
      Warn(PathOf(relative), "cannot stat directory: " + ErrnoText(errno));
      return false;
    }
    if (!visited_->insert({st.st_dev, st.st_ino}).second) {
      Warn(PathOf(relative), "directory already visited (loop): skipped");
      return false;
    }
    Frame frame;
    frame.fd = std::move(fd);
    frame.dev = st.st_dev;
    frame.ino = st.st_ino;
    frame.name = std::move(name);
    frame.relative = std::move(relative);
    frames_.push_back(std::move(frame));
    if (1 + frames_.size() - first_open_ > kMaxOpenDirectories) frames_[first_open_++].fd.Reset();
    List(frames_.back());
    return true;
  }

  // Reads the whole directory, then opens and hands over its files and keeps
  // its subdirectories for later.
  void List(Frame& dir) {
    std::string dir_path = PathOf(dir.relative);
    // A descriptor of its own: the stream's position must not be the frame's.
    int stream_fd = openat(dir.fd.get(), ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    DIR* handle = stream_fd < 0 ? nullptr : fdopendir(stream_fd);
    if (handle == nullptr) {
      Warn(dir_path, "cannot open directory: " + ErrnoText(errno));
      if (stream_fd >= 0) close(stream_fd);
      return;
    }
    std::vector<std::string> files;
    errno = 0;
    while (struct dirent* entry = readdir(handle)) {
      const char* name = entry->d_name;
      if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0 || strcmp(name, ".git") == 0) {
        errno = 0;
        continue;
      }
      std::string relative = dir.relative.empty() ? name : dir.relative + "/" + name;
      unsigned char type = entry->d_type;
      if (type == DT_UNKNOWN) {
        struct stat entry_stat;
        if (fstatat(dir.fd.get(), name, &entry_stat, AT_SYMLINK_NOFOLLOW) != 0) {
          Warn(PathOf(relative), "cannot stat: " + ErrnoText(errno));
          errno = 0;
          continue;
        }
        type = S_ISDIR(entry_stat.st_mode) ? DT_DIR : S_ISREG(entry_stat.st_mode) ? DT_REG : DT_FIFO;
      }
      if (type != DT_DIR && type != DT_REG) {
        ++counters_->skipped;  // symbolic link, FIFO, socket or device
      } else if (!excludes_.empty() && excludes_.Matches(root_real_, relative, PathOf(relative))) {
        ++counters_->skipped;
      } else {
        (type == DT_DIR ? dir.subdirs : files).push_back(name);
      }
      errno = 0;
    }
    if (errno != 0) Warn(dir_path, "cannot read directory: " + ErrnoText(errno));
    closedir(handle);
    for (const std::string& name : files) OpenFile(dir, name);
    // Depth-first, in directory order.
    std::reverse(dir.subdirs.begin(), dir.subdirs.end());
  }

  void OpenFile(const Frame& dir, const std::string& name) {
    FileEntry entry;
    entry.relative = dir.relative.empty() ? name : dir.relative + "/" + name;
    entry.path = PathOf(entry.relative);
    // O_NONBLOCK: a file swapped for a FIFO does not block the open; O_NOFOLLOW:
    // nor does one swapped for a symbolic link lead out of the tree.
    entry.fd = UniqueFd(openat(dir.fd.get(), name.c_str(), kFileFlags));
    if (!entry.fd) {
      if (errno == ELOOP) {
        ++counters_->skipped;  // replaced by a symbolic link since it was listed
      } else {
        Warn(entry.path, "cannot open: " + ErrnoText(errno));
      }
      return;
    }
    if (fstat(entry.fd.get(), &entry.stat) != 0 || !S_ISREG(entry.stat.st_mode)) {
      ++counters_->skipped;  // replaced by a FIFO, a device or a directory
      return;
    }
    on_file_(std::move(entry));
  }

  // Pops the top frame; reopens its parent first if that one was closed.
  void Leave() {
    size_t top = frames_.size() - 1;
    if (top >= 2 && top - 1 < first_open_) {
      size_t parent = top - 1;
      UniqueFd up(openat(frames_[top].fd.get(), "..", kDirectoryFlags));
      if (up && SameDirectory(up.get(), frames_[parent])) {
        frames_[parent].fd = std::move(up);
        first_open_ = parent;
      } else {
        frames_.pop_back();
        ReopenFromRoot(parent);
        return;
      }
    }
    frames_.pop_back();
  }

  // Re-finds frame `target` from the root by name, checking each step is the
  // directory walked before; where one is not, what is below it is dropped
  // with a diagnostic. Only after a directory moved during the walk.
  void ReopenFromRoot(size_t target) {
    UniqueFd current;
    for (size_t k = 1; k <= target; ++k) {
      int at = k == 1 ? frames_[0].fd.get() : current.get();
      UniqueFd next(openat(at, frames_[k].name.c_str(), kDirectoryFlags));
      if (!next || !SameDirectory(next.get(), frames_[k])) {
        Warn(PathOf(frames_[k].relative), "directory moved during the scan: the rest of it is not scanned");
        frames_.resize(k);
        if (k >= 2) frames_[k - 1].fd = std::move(current);
        first_open_ = std::max<size_t>(1, k - 1);
        return;
      }
      current = std::move(next);
    }
    frames_[target].fd = std::move(current);
    first_open_ = target;
  }

  const std::string& root_;
  std::string root_real_;
  const PathExcludes& excludes_;
  const std::function<void(FileEntry)>& on_file_;
  const std::function<void(Diagnostic)>& on_diagnostic_;
  WalkCounters* counters_;
  std::set<std::pair<dev_t, ino_t>>* visited_;
  std::vector<Frame> frames_;
  size_t first_open_ = 1;
};

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
    if (S_ISDIR(st.st_mode)) {
      DirectoryWalk(root, excludes, on_file, on_diagnostic, counters, &visited).Run();
      continue;
    }
    if (S_ISREG(st.st_mode)) {
      // Named on the command line: a symbolic link is followed.
      FileEntry entry;
      entry.path = root;
      entry.is_root = true;
      entry.fd = UniqueFd(open(root.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK));
      if (!entry.fd) {
        on_diagnostic({DiagnosticLevel::kWarning, root, "cannot open: " + ErrnoText(errno)});
        continue;
      }
      if (fstat(entry.fd.get(), &entry.stat) == 0 && S_ISREG(entry.stat.st_mode)) {
        on_file(std::move(entry));
        continue;
      }
    }
    on_diagnostic({DiagnosticLevel::kWarning, root, "not a regular file or directory: skipped"});
    ++counters->skipped;
  }
}

}  // namespace keysweep
