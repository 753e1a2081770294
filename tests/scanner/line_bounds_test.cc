#include "scanner/line_bounds.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace keysweep {
namespace {

TEST_CASE("LineColumnTracker gives 1-based lines and code-point columns in one pass") {
  std::string data = "ab\n\xc3\xa9t\xc3\xa9 x\n\nz";
  LineColumnTracker tracker(data, 1, 0);
  CHECK(tracker.At(0) == std::pair<uint64_t, uint64_t>{1, 1});
  CHECK(tracker.At(2) == std::pair<uint64_t, uint64_t>{1, 3});  // the '\n' itself
  CHECK(tracker.At(3) == std::pair<uint64_t, uint64_t>{2, 1});
  CHECK(tracker.At(9) == std::pair<uint64_t, uint64_t>{2, 5});  // "été " is 4 code points
  CHECK(tracker.At(9) == std::pair<uint64_t, uint64_t>{2, 5});  // asked again
  CHECK(tracker.At(11) == std::pair<uint64_t, uint64_t>{3, 1});
  CHECK(tracker.At(12) == std::pair<uint64_t, uint64_t>{4, 1});
  CHECK(tracker.At(data.size()) == std::pair<uint64_t, uint64_t>{4, 2});
}

TEST_CASE("LineColumnTracker continues a chunk's line from its base column") {
  LineColumnTracker tracker("xyz\nw", 7, 100);
  CHECK(tracker.At(2) == std::pair<uint64_t, uint64_t>{7, 103});
  CHECK(tracker.At(5) == std::pair<uint64_t, uint64_t>{8, 2});
}

TEST_CASE("LineColumnTracker looks at each byte once on one long line with many offsets") {
  // One 1 MiB line with an offset every 100 bytes: counting each column from
  // the line start would look at about 5 GB.
  std::string data(1 << 20, 'k');
  LineColumnTracker tracker(data, 1, 0);
  for (size_t offset = 0; offset < data.size(); offset += 100) {
    auto [line, column] = tracker.At(offset);
    REQUIRE(line == 1);
    REQUIRE(column == offset + 1);
  }
  CHECK(tracker.bytes_counted() <= data.size());
}

}  // namespace
}  // namespace keysweep
