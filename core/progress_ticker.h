// ProgressTicker: calls `report(line())` every `interval` on a thread of its
// own until it is destroyed, for the progress line of a long phase on a
// terminal. `line` runs on the ticker's thread: it must read only atomics or
// other thread-safe state. With a null `report` nothing runs.
#ifndef KEYSWEEP_CORE_PROGRESS_TICKER_H_
#define KEYSWEEP_CORE_PROGRESS_TICKER_H_

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace keysweep {

class ProgressTicker {
 public:
  using Report = std::function<void(const std::string& line)>;

  ProgressTicker(Report report, std::function<std::string()> line,
                 std::chrono::milliseconds interval = std::chrono::milliseconds(250)) {
    if (!report) return;
    thread_ = std::thread([this, report = std::move(report), line = std::move(line), interval] {
      std::unique_lock<std::mutex> lock(mutex_);
      while (!cv_.wait_for(lock, interval, [this] { return stopped_; })) report(line());
    });
  }
  ~ProgressTicker() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopped_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
  }
  ProgressTicker(const ProgressTicker&) = delete;
  ProgressTicker& operator=(const ProgressTicker&) = delete;

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  bool stopped_ = false;
  std::thread thread_;  // last: started after the state it uses
};

}  // namespace keysweep

#endif  // KEYSWEEP_CORE_PROGRESS_TICKER_H_
