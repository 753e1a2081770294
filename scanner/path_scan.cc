#include "scanner/path_scan.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <cstdio>
#include <optional>
#include <thread>
#include <unordered_map>
#include <utility>

#include "core/progress_ticker.h"
#include "scanner/file_walker.h"
#include "scanner/finding_builder.h"
#include "scanner/own_report.h"
#include "scanner/scan.h"
#include "scanner/work_queue.h"

namespace keysweep {
namespace {

// The matches of one unique content, shared by every path holding that content.
struct ContentRecord {
  LocatedMatches matches;
  bool own_report = false;  // a redacted keysweep report holding only public ids: not reported
  std::atomic<bool> done{false};
};

struct Occurrence {
  std::string path;
  std::shared_ptr<ContentRecord> record;
};

// State shared by the workers; every member is guarded by `mutex` or atomic,
// or set before the workers start.
struct SharedState {
  const Engine* engine = nullptr;
  std::optional<std::pair<dev_t, ino_t>> report_output;  // the file this scan's report replaces
  std::mutex mutex;
  std::unordered_map<Hash128, std::shared_ptr<ContentRecord>, Hash128Hasher> contents;
  std::vector<Occurrence> occurrences;
  std::vector<Diagnostic> diagnostics;
  std::atomic<uint64_t> files{0};
  std::atomic<uint64_t> bytes{0};
  std::atomic<uint64_t> unique_contents{0};
  std::atomic<uint64_t> skipped{0};

  void AddDiagnostic(Diagnostic diagnostic) {
    std::lock_guard<std::mutex> lock(mutex);
    diagnostics.push_back(std::move(diagnostic));
  }
};

// Whether the `size` bytes just scanned from `fd` are a redacted keysweep
// report (read again: only inputs whose matches are all public ids get here).
bool IsOwnReport(int fd, uint64_t size) {
  if (size > kMaxOwnReportBytes) return false;
  std::string content(size, '\0');
  size_t done = 0;
  while (done < content.size()) {
    ssize_t n = pread(fd, content.data() + done, content.size() - done, static_cast<off_t>(done));
    if (n <= 0) return false;  // standard input, or the file changed
    done += static_cast<size_t>(n);
  }
  return IsRedactedKeysweepReport(content);
}

// Scans one input read from `fd`, recording its matches under `path`.
void ScanInput(ContentScanner& scanner, int fd, const std::string& path, const std::string& rule_path,
               SharedState& shared, std::vector<Occurrence>* occurrences) {
  std::shared_ptr<ContentRecord> existing;
  std::shared_ptr<ContentRecord> mine;
  auto claim = [&](const Hash128& hash) {
    std::lock_guard<std::mutex> lock(shared.mutex);
    auto [it, inserted] = shared.contents.try_emplace(hash);
    if (inserted) {
      it->second = std::make_shared<ContentRecord>();
      mine = it->second;
      return true;
    }
    existing = it->second;
    return false;
  };
  FdByteSource source(fd);
  ContentResult result;
  Status status = scanner.Scan(source, rule_path, claim, &result);
  shared.files.fetch_add(1, std::memory_order_relaxed);
  shared.bytes.fetch_add(result.size, std::memory_order_relaxed);
  if (!status.ok()) {
    shared.AddDiagnostic({DiagnosticLevel::kWarning, path,
                          status.message() + " (scanned the first " + std::to_string(result.size) +
                              " bytes)"});
  }
  if (result.duplicate) {
    bool known_clean = existing->done.load(std::memory_order_acquire) && existing->matches.empty();
    if (!known_clean) occurrences->push_back({path, std::move(existing)});
    return;
  }
  shared.unique_contents.fetch_add(1, std::memory_order_relaxed);
  if (!mine) mine = std::make_shared<ContentRecord>();  // large or path-ruled inputs are not deduplicated
  mine->matches = std::move(result.matches);
  mine->own_report = status.ok() && OnlyPublicIds(*shared.engine, mine->matches.full()) && IsOwnReport(fd, result.size);
  bool has_matches = !mine->matches.empty();
  mine->done.store(true, std::memory_order_release);
  if (has_matches) occurrences->push_back({path, std::move(mine)});
}

// Scans one file the walker opened: read from its descriptor, never reopened
// by path (the path may lead elsewhere by now). Closes the descriptor.
void ScanFile(ContentScanner& scanner, FileEntry& entry, SharedState& shared,
              std::vector<Occurrence>* occurrences) {
  if (shared.report_output == std::pair{entry.stat.st_dev, entry.stat.st_ino}) {
    shared.skipped.fetch_add(1, std::memory_order_relaxed);
    shared.AddDiagnostic({DiagnosticLevel::kNote, entry.path, "the report this scan writes: not scanned"});
    entry.fd.Reset();
    return;
  }
  int fd = entry.fd.get();
  posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  // Path-limited rules see the path relative to the scanned root (or the file as named).
  ScanInput(scanner, fd, entry.path, entry.relative.empty() ? entry.path : entry.relative, shared, occurrences);
  entry.fd.Reset();
}

// Bounds the files open at once: the walker opens each file it finds and the
// workers close them, so the walker waits here when too many are queued.
// Thread-safe.
class OpenFileBudget {
 public:
  explicit OpenFileBudget(size_t limit) : available_(limit) {}
  void Acquire() {
    std::unique_lock<std::mutex> lock(mutex_);
    freed_.wait(lock, [&] { return available_ > 0; });
    --available_;
  }
  void Release() {
    std::lock_guard<std::mutex> lock(mutex_);
    ++available_;
    freed_.notify_one();
  }

 private:
  std::mutex mutex_;
  std::condition_variable freed_;
  size_t available_;
};

// "scanned 812 of 1,024 files found so far (96 MB, 310 MB/s)".
std::string ProgressLine(uint64_t found, const SharedState& shared, std::chrono::steady_clock::time_point started) {
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  double mb = static_cast<double>(shared.bytes.load(std::memory_order_relaxed)) / (1 << 20);
  char line[160];
  snprintf(line, sizeof line, "scanned %llu of %llu files found so far (%.0f MB, %.0f MB/s)",
           static_cast<unsigned long long>(shared.files.load(std::memory_order_relaxed)),
           static_cast<unsigned long long>(found), mb, seconds > 0 ? mb / seconds : 0.0);
  return line;
}

}  // namespace

Report ScanPaths(std::shared_ptr<const Engine> engine, const PathScanOptions& options) {
  auto started = std::chrono::steady_clock::now();
  SharedState shared;
  shared.engine = engine.get();
  if (struct stat st; !options.report_output.empty() && options.report_output != "-" &&
                        stat(options.report_output.c_str(), &st) == 0) {
    shared.report_output = std::pair{st.st_dev, st.st_ino};
  }
  std::vector<std::string> roots;
  bool read_stdin = false;
  for (const std::string& path : options.paths) {
    if (path == "-") {
      read_stdin = true;
    } else {
      roots.push_back(path);
    }
  }

  int threads = options.threads > 0 ? options.threads
                                     : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  // Files travel in batches: waking a worker per file costs more than scanning a small one.
  constexpr size_t kBatch = 64;
  WorkQueue<std::vector<FileEntry>> queue(256);
  // Far more than a batch (the walker holds one unqueued), far less than RLIMIT_NOFILE's usual 1024.
  OpenFileBudget open_files(4 * kBatch);
  std::vector<std::vector<Occurrence>> per_worker(static_cast<size_t>(threads));
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      // Created on the first file: a one-file scan pays for one scanner only.
      std::optional<ContentScanner> scanner;
      while (std::optional<std::vector<FileEntry>> batch = queue.Pop()) {
        if (!scanner) scanner.emplace(engine, options.chunk_size);
        for (FileEntry& entry : *batch) {
          ScanFile(*scanner, entry, shared, &per_worker[static_cast<size_t>(t)]);
          open_files.Release();
        }
      }
    });
  }
  if (read_stdin) {
    ContentScanner scanner(engine, options.chunk_size);
    ScanInput(scanner, options.stdin_fd, kStdinPath, "", shared, &shared.occurrences);
  }
  static const PathExcludes kNoExcludes;
  WalkCounters counters;
  std::atomic<uint64_t> found{0};
  {
    ProgressTicker ticker(options.progress, [&] { return ProgressLine(found.load(), shared, started); });
    std::vector<FileEntry> batch;
    WalkFiles(
        roots, options.excludes ? *options.excludes : kNoExcludes,
        [&](FileEntry entry) {
          open_files.Acquire();  // the descriptor is open already: at most one over the budget
          found.fetch_add(1, std::memory_order_relaxed);
          batch.push_back(std::move(entry));
          if (batch.size() == kBatch) queue.Push(std::exchange(batch, {}));
        },
        [&](Diagnostic diagnostic) { shared.AddDiagnostic(std::move(diagnostic)); }, &counters);
    if (!batch.empty()) queue.Push(std::move(batch));
    queue.Close();
    for (std::thread& worker : workers) worker.join();
  }

  FindingBuilder builder(options.inline_markers);
  uint64_t own_reports = 0;
  auto add_all = [&](const std::vector<Occurrence>& occurrences) {
    for (const Occurrence& occurrence : occurrences) {
      if (occurrence.record->own_report) {
        ++own_reports;
        shared.diagnostics.push_back({DiagnosticLevel::kNote, occurrence.path,
                                      "a keysweep report with its secrets redacted: the AWS key ids in it are "
                                      "not reported again"});
        continue;
      }
      Location where;
      where.path = occurrence.path;
      builder.AddAll(engine->rules(), occurrence.record->matches, where);
    }
  };
  add_all(shared.occurrences);
  for (const auto& occurrences : per_worker) add_all(occurrences);

  Report report;
  report.findings = builder.Take();
  report.diagnostics = std::move(shared.diagnostics);
  report.stats.files = shared.files.load();
  report.stats.bytes = shared.bytes.load();
  report.stats.unique_contents = shared.unique_contents.load();
  report.stats.skipped = shared.skipped.load() + counters.skipped + own_reports;
  report.stats.suppressed = builder.suppressed();
  DescribeRules(*engine, &report);
  report.stats.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  SortReport(&report);
  return report;
}

}  // namespace keysweep
