// Status and Result<T>: errors as values at library boundaries.
//
// A Status is either ok or carries a human-readable message. Result<T> holds
// a value or an error Status. Both are plain values: copy them freely; they
// are as thread-safe as any value type (distinct objects need no locking).
#ifndef KEYSWEEP_CORE_STATUS_H_
#define KEYSWEEP_CORE_STATUS_H_

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace keysweep {

class Status {
 public:
  Status() = default;  // ok
  static Status Ok() { return Status(); }
  static Status Error(std::string message) { return Status(std::move(message)); }

  bool ok() const { return !message_.has_value(); }
  // The error message; empty when ok().
  const std::string& message() const {
    static const std::string kEmpty;
    return message_ ? *message_ : kEmpty;
  }

 private:
  explicit Status(std::string message) : message_(std::move(message)) {}
  std::optional<std::string> message_;
};

template <typename T>
class Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status error) : value_(std::move(error)) {}  // NOLINT: must not be ok

  bool ok() const { return std::holds_alternative<T>(value_); }
  // Precondition: ok().
  T& value() { return std::get<T>(value_); }
  const T& value() const { return std::get<T>(value_); }
  T& operator*() { return value(); }
  const T& operator*() const { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  // The error; an ok Status when ok().
  Status status() const { return ok() ? Status::Ok() : std::get<Status>(value_); }

 private:
  std::variant<T, Status> value_;
};

}  // namespace keysweep

// Returns early from the enclosing function with the Status if it is an error.
#define KS_RETURN_IF_ERROR(expr)     \
  do {                               \
    ::keysweep::Status _ks_status = (expr); \
    if (!_ks_status.ok()) return _ks_status; \
  } while (0)

#endif  // KEYSWEEP_CORE_STATUS_H_
