// Line bounds in a scanned buffer, looking no further than a reach (a line may
// be megabytes long), and LineColumnTracker, which turns sorted offsets into
// lines and columns in one pass. The functions are pure: thread-safe; a
// LineColumnTracker is not (one per pass).
#ifndef KEYSWEEP_SCANNER_LINE_BOUNDS_H_
#define KEYSWEEP_SCANNER_LINE_BOUNDS_H_

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <utility>

namespace keysweep {

// Start of the line holding `pos`, looking back at most `reach` bytes.
inline size_t LineStart(std::string_view data, size_t pos, size_t reach) {
  size_t floor = pos > reach ? pos - reach : 0;
  while (pos > floor && data[pos - 1] != '\n') --pos;
  return pos;
}

// End of the line holding `pos` (the '\n' or the end), looking ahead at most `reach`.
inline size_t LineEnd(std::string_view data, size_t pos, size_t reach) {
  size_t ceiling = std::min(data.size(), pos + reach);
  while (pos < ceiling && data[pos] != '\n') ++pos;
  return pos;
}

// Line and column (1-based, columns in Unicode code points) of offsets in
// `data`, asked for in non-decreasing order: each byte is looked at once, so a
// pass costs O(data + offsets) however many offsets share one long line.
// `base_line`/`base_column`: where data[0] is (a chunk of a larger input),
// base_column counting the code points before it on its line.
class LineColumnTracker {
 public:
  LineColumnTracker(std::string_view data, uint64_t base_line, uint64_t base_column)
      : data_(data), line_(base_line), column_(base_column) {}

  // `offset` must not be below the previous call's.
  std::pair<uint64_t, uint64_t> At(size_t offset) {
    offset = std::min(offset, data_.size());
    while (pos_ < offset) {
      const void* nl = memchr(data_.data() + pos_, '\n', offset - pos_);
      size_t upto = nl == nullptr ? offset : static_cast<size_t>(static_cast<const char*>(nl) - data_.data());
      for (size_t i = pos_; i < upto; ++i) column_ += (static_cast<unsigned char>(data_[i]) & 0xC0) != 0x80;
      bytes_counted_ += upto - pos_;
      pos_ = upto;
      if (nl == nullptr) break;
      ++line_;
      column_ = 0;
      ++pos_;
    }
    return {line_, column_ + 1};
  }

  // How many bytes the column counting has looked at (for tests: at most data.size()).
  uint64_t bytes_counted() const { return bytes_counted_; }

 private:
  std::string_view data_;
  size_t pos_ = 0;
  uint64_t line_;
  uint64_t column_;  // code points from the line start to pos_
  uint64_t bytes_counted_ = 0;
};

}  // namespace keysweep

#endif  // KEYSWEEP_SCANNER_LINE_BOUNDS_H_
