// Line bounds in a scanned buffer, looking no further than a reach (a line may
// be megabytes long). Pure functions: thread-safe.
#ifndef KEYSWEEP_SCANNER_LINE_BOUNDS_H_
#define KEYSWEEP_SCANNER_LINE_BOUNDS_H_

#include <algorithm>
#include <string_view>

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

}  // namespace keysweep

#endif  // KEYSWEEP_SCANNER_LINE_BOUNDS_H_
