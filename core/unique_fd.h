// UniqueFd: owns one file descriptor and closes it on destruction; movable,
// not copyable. Not thread-safe: one owner at a time (moving hands it over).
#ifndef KEYSWEEP_CORE_UNIQUE_FD_H_
#define KEYSWEEP_CORE_UNIQUE_FD_H_

#include <unistd.h>

#include <utility>

namespace keysweep {

class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  ~UniqueFd() { Reset(); }
  UniqueFd(UniqueFd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept {
    if (this != &other) {
      Reset();
      fd_ = std::exchange(other.fd_, -1);
    }
    return *this;
  }
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;

  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  explicit operator bool() const { return valid(); }
  // Closes the descriptor now (no-op when there is none).
  void Reset() {
    if (fd_ >= 0) close(fd_);
    fd_ = -1;
  }

 private:
  int fd_ = -1;
};

}  // namespace keysweep

#endif  // KEYSWEEP_CORE_UNIQUE_FD_H_
