#include "core/progress_ticker.h"

#include <doctest/doctest.h>

#include <atomic>
#include <mutex>
#include <vector>

namespace keysweep {
namespace {

TEST_CASE("a progress ticker reports until it is destroyed, and not after") {
  std::mutex mutex;
  std::condition_variable cv;
  std::vector<std::string> lines;
  std::atomic<int> calls{0};
  {
    ProgressTicker ticker(
        [&](const std::string& line) {
          std::lock_guard<std::mutex> lock(mutex);
          lines.push_back(line);
          cv.notify_all();
        },
        [&] { return "tick " + std::to_string(calls.fetch_add(1)); }, std::chrono::milliseconds(1));
    std::unique_lock<std::mutex> lock(mutex);
    REQUIRE(cv.wait_for(lock, std::chrono::seconds(30), [&] { return lines.size() >= 3; }));
  }
  size_t after = lines.size();
  CHECK(lines[0] == "tick 0");
  CHECK(lines[2] == "tick 2");
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  CHECK(lines.size() == after);
}

TEST_CASE("a progress ticker without a reporter never asks for a line") {
  bool asked = false;
  { ProgressTicker ticker(nullptr, [&] { asked = true; return std::string(); }, std::chrono::milliseconds(1)); }
  CHECK_FALSE(asked);
}

}  // namespace
}  // namespace keysweep
