#include "core/regular_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <algorithm>
#include <cstring>

namespace keysweep {

const char* FileKindName(unsigned mode) {
  if (S_ISREG(mode)) return "a regular file";
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISLNK(mode)) return "a symbolic link";
  return "not a regular file";
}

Result<int> OpenRegularFile(const std::string& path, Symlinks symlinks, uint64_t* size) {
  int flags = O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY;
  if (symlinks == Symlinks::kRefuse) flags |= O_NOFOLLOW;
  int fd = open(path.c_str(), flags);
  if (fd < 0) {
    if (errno == ELOOP && symlinks == Symlinks::kRefuse) {
      return Status::Error(path + ": is a symbolic link (not followed)");
    }
    return Status::Error(path + ": " + std::strerror(errno));
  }
  struct stat st;
  if (fstat(fd, &st) != 0) {
    int saved = errno;
    close(fd);
    return Status::Error(path + ": " + std::strerror(saved));
  }
  if (!S_ISREG(st.st_mode)) {
    close(fd);
    return Status::Error(path + ": is " + FileKindName(st.st_mode) + ", not a regular file");
  }
  // Reads of a regular file never block; clear the flag for callers that read more.
  fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  if (size != nullptr) *size = static_cast<uint64_t>(st.st_size);
  return fd;
}

Result<std::string> ReadRegularFile(const std::string& path, uint64_t max_bytes, Symlinks symlinks) {
  uint64_t size = 0;
  Result<int> fd = OpenRegularFile(path, symlinks, &size);
  if (!fd.ok()) return fd.status();
  auto too_large = [&] {
    return Status::Error(path + ": is larger than " + std::to_string(max_bytes >> 20) + " MiB (" +
                         std::to_string(max_bytes) + " bytes), not read");
  };
  if (size > max_bytes) {
    close(*fd);
    return too_large();
  }
  std::string out;
  out.resize(static_cast<size_t>(size));
  size_t have = 0;
  // The size may change under us: read to the limit, never past it.
  for (;;) {
    if (have == out.size()) {
      if (out.size() >= max_bytes) {
        char probe;
        ssize_t n = read(*fd, &probe, 1);
        close(*fd);
        if (n > 0) return too_large();
        return out;
      }
      out.resize(std::min<uint64_t>(max_bytes, std::max<size_t>(4096, out.size() * 2)));
    }
    ssize_t n = read(*fd, out.data() + have, out.size() - have);
    if (n < 0) {
      if (errno == EINTR) continue;
      int saved = errno;
      close(*fd);
      return Status::Error(path + ": " + std::strerror(saved));
    }
    if (n == 0) break;
    have += static_cast<size_t>(n);
  }
  close(*fd);
  out.resize(have);
  return out;
}

}  // namespace keysweep
