#include "core/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <random>
#include <streambuf>
#include <vector>

#include "core/regular_file.h"

namespace keysweep {

// A write buffer over the temporary file's descriptor; remembers a failed write.
class AtomicFile::Buffer : public std::streambuf {
 public:
  explicit Buffer(int fd) : fd_(fd), data_(64 * 1024) { setp(data_.data(), data_.data() + data_.size()); }
  bool failed() const { return failed_; }
  int saved_errno() const { return errno_; }
  bool Drain() {
    const char* p = pbase();
    size_t left = static_cast<size_t>(pptr() - pbase());
    while (left > 0 && !failed_) {
      ssize_t n = write(fd_, p, left);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        failed_ = true;
        errno_ = n < 0 ? errno : ENOSPC;
        break;
      }
      p += n;
      left -= static_cast<size_t>(n);
    }
    setp(data_.data(), data_.data() + data_.size());
    return !failed_;
  }

 protected:
  int_type overflow(int_type c) override {
    if (!Drain()) return traits_type::eof();
    if (!traits_type::eq_int_type(c, traits_type::eof())) {
      *pptr() = traits_type::to_char_type(c);
      pbump(1);
    }
    return traits_type::not_eof(c);
  }
  int sync() override { return Drain() ? 0 : -1; }

 private:
  int fd_;
  std::vector<char> data_;
  bool failed_ = false;
  int errno_ = 0;
};

namespace {

std::string Join(const std::string& dir, const std::string& name) {
  if (dir.empty() || dir == ".") return name;
  return dir.back() == '/' ? dir + name : dir + "/" + name;
}

std::string RandomSuffix() {
  static constexpr char kAlphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
  std::random_device device;
  std::string out;
  for (int i = 0; i < 10; ++i) out += kAlphabet[device() % (sizeof kAlphabet - 1)];
  return out;
}

}  // namespace

Result<std::unique_ptr<AtomicFile>> AtomicFile::Create(const std::string& path, const AtomicFileOptions& options) {
  if (path.empty()) return Status::Error("no file name given");
  size_t slash = path.find_last_of('/');
  std::string dir = slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash);
  std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
  if (name.empty() || name == "." || name == "..") return Status::Error(path + ": is a directory, not a file name");
  int dir_fd = open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd < 0) return Status::Error("cannot write " + path + ": " + dir + ": " + std::strerror(errno));
  Result<std::unique_ptr<AtomicFile>> file = CreateAt(dir_fd, slash == std::string::npos ? "" : dir, name, options);
  if (!file.ok()) {
    close(dir_fd);
    return file.status();
  }
  (*file)->owned_dir_fd_ = dir_fd;
  return file;
}

Result<std::unique_ptr<AtomicFile>> AtomicFile::CreateAt(int dir_fd, const std::string& dir_name,
                                                         const std::string& name, const AtomicFileOptions& options) {
  std::string display = Join(dir_name, name);
  if (name.empty() || name.find('/') != std::string::npos || name == "." || name == "..") {
    return Status::Error(display + ": not a file name");
  }
  struct stat st;
  if (fstatat(dir_fd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0) {
    bool replaceable = S_ISREG(st.st_mode) || S_ISLNK(st.st_mode) || (options.replace_special && !S_ISDIR(st.st_mode));
    if (!replaceable) {
      return Status::Error(display + ": is " + FileKindName(st.st_mode) + ", not a regular file: not overwritten");
    }
  } else if (errno != ENOENT) {
    return Status::Error("cannot write " + display + ": " + std::strerror(errno));
  }
  std::unique_ptr<AtomicFile> file(new AtomicFile());
  file->dir_fd_ = dir_fd;
  file->name_ = name;
  file->display_path_ = display;
  file->fsync_ = options.fsync;
  for (int attempt = 0; attempt < 16 && file->fd_ < 0; ++attempt) {
    std::string temp = ".";
    temp.append(name, 0, 200).append(".keysweep-").append(RandomSuffix());
    int fd = openat(dir_fd, temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY,
                    options.mode);
    if (fd >= 0) {
      file->fd_ = fd;
      file->temp_name_ = temp;
    } else if (errno != EEXIST) {
      return Status::Error("cannot write " + display + ": cannot create a temporary file beside it: " +
                           std::strerror(errno));
    }
  }
  if (file->fd_ < 0) return Status::Error("cannot write " + display + ": cannot create a temporary file beside it");
  if (options.exact_mode && fchmod(file->fd_, options.mode) != 0) {
    return Status::Error("cannot write " + display + ": chmod: " + std::strerror(errno));
  }
  file->buffer_ = std::make_unique<Buffer>(file->fd_);
  file->stream_ = std::make_unique<std::ostream>(file->buffer_.get());
  return file;
}

Status AtomicFile::Commit() {
  if (fd_ < 0) return Status::Error("cannot write " + display_path_ + ": already committed");
  stream_->flush();
  bool ok = buffer_->Drain() && !buffer_->failed();
  int error = buffer_->failed() ? buffer_->saved_errno() : 0;
  if (ok && fsync_ && fsync(fd_) != 0) ok = false, error = errno;
  if (close(fd_) != 0 && ok) ok = false, error = errno;
  fd_ = -1;
  if (ok && renameat(dir_fd_, temp_name_.c_str(), dir_fd_, name_.c_str()) != 0) ok = false, error = errno;
  if (!ok) {
    unlinkat(dir_fd_, temp_name_.c_str(), 0);
    temp_name_.clear();
    return Status::Error("cannot write " + display_path_ + ": " + std::strerror(error));
  }
  temp_name_.clear();
  return Status::Ok();
}

AtomicFile::~AtomicFile() {
  stream_.reset();
  if (fd_ >= 0) close(fd_);
  if (!temp_name_.empty()) unlinkat(dir_fd_, temp_name_.c_str(), 0);
  if (owned_dir_fd_ >= 0) close(owned_dir_fd_);
}

Status WriteFileAtomically(const std::string& path, std::string_view content, const AtomicFileOptions& options) {
  Result<std::unique_ptr<AtomicFile>> file = AtomicFile::Create(path, options);
  if (!file.ok()) return file.status();
  (*file)->out().write(content.data(), static_cast<std::streamsize>(content.size()));
  return (*file)->Commit();
}

Status WriteFileAtomicallyAt(int dir_fd, const std::string& dir_name, const std::string& name,
                             std::string_view content, const AtomicFileOptions& options) {
  Result<std::unique_ptr<AtomicFile>> file = AtomicFile::CreateAt(dir_fd, dir_name, name, options);
  if (!file.ok()) return file.status();
  (*file)->out().write(content.data(), static_cast<std::streamsize>(content.size()));
  return (*file)->Commit();
}

}  // namespace keysweep
