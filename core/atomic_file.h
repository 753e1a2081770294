// AtomicFile: writes a file that a repository or another user may have planted
// something at, without ever writing through what is there. The bytes go to a
// fresh temporary file in the target's directory (openat with
// O_CREAT|O_EXCL|O_NOFOLLOW: never an existing file, never through a link),
// which Commit() renames over the target. rename() replaces a symbolic link
// itself, never the file it points to, and only the new file's mode is ever
// set. A target that exists and is neither a regular file nor a symbolic link
// (a directory, FIFO, socket, device) is refused unless the options allow
// replacing it. Not thread-safe: one writer per file; distinct writers are
// independent.
//
//   Result<std::unique_ptr<AtomicFile>> file = AtomicFile::Create("report.sarif");
//   if (!file.ok()) ... file.status().message() names the path and the reason ...
//   (*file)->out() << text;
//   Status s = (*file)->Commit();   // without Commit, the destructor removes the temporary
#ifndef KEYSWEEP_CORE_ATOMIC_FILE_H_
#define KEYSWEEP_CORE_ATOMIC_FILE_H_

#include <sys/types.h>

#include <memory>
#include <ostream>
#include <string>
#include <string_view>

#include "core/status.h"

namespace keysweep {

struct AtomicFileOptions {
  // The new file's permission bits: reduced by the umask unless exact_mode.
  mode_t mode = 0644;
  bool exact_mode = false;  // fchmod the new file to `mode` (hooks, scripts)
  // Replace a FIFO, socket or device at the target instead of refusing it (a
  // cache entry, whose directory belongs to keysweep). A directory is always refused.
  bool replace_special = false;
  bool fsync = false;  // fsync the file before the rename
};

class AtomicFile {
 public:
  // A writer for `path`; its directory is resolved as the path says (the user
  // named it). Errors: the target is a directory, FIFO, device ...; the
  // directory is missing or not writable.
  static Result<std::unique_ptr<AtomicFile>> Create(const std::string& path, const AtomicFileOptions& options = {});
  // A writer for `name` (no '/') inside the directory open as `dir_fd` (which
  // must stay open until Commit); `dir_name` is only for messages.
  static Result<std::unique_ptr<AtomicFile>> CreateAt(int dir_fd, const std::string& dir_name,
                                                      const std::string& name, const AtomicFileOptions& options = {});
  ~AtomicFile();  // removes the temporary file unless committed
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  // Where the content goes (buffered; errors surface in Commit()).
  std::ostream& out() { return *stream_; }
  // Flushes, closes and renames the temporary over the target.
  Status Commit();
  const std::string& path() const { return display_path_; }

 private:
  class Buffer;
  AtomicFile() = default;
  int dir_fd_ = -1;
  int owned_dir_fd_ = -1;  // dir_fd_ when Create opened it
  int fd_ = -1;
  bool fsync_ = false;
  std::string name_, temp_name_, display_path_;
  std::unique_ptr<Buffer> buffer_;
  std::unique_ptr<std::ostream> stream_;
};

// One-shot forms: the whole content at once.
Status WriteFileAtomically(const std::string& path, std::string_view content, const AtomicFileOptions& options = {});
Status WriteFileAtomicallyAt(int dir_fd, const std::string& dir_name, const std::string& name,
                             std::string_view content, const AtomicFileOptions& options = {});

}  // namespace keysweep

#endif  // KEYSWEEP_CORE_ATOMIC_FILE_H_
