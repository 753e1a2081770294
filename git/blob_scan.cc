#include "git/blob_scan.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <numeric>
#include <thread>

#include "git/pack_order.h"

namespace keysweep::git {
namespace {

std::string FormatProgress(uint64_t done, uint64_t total, uint64_t bytes, double seconds) {
  char line[160];
  double mb = static_cast<double>(bytes) / (1 << 20);
  snprintf(line, sizeof line, "scanned %llu/%llu blobs, %.0f MB, %.0f MB/s",
           static_cast<unsigned long long>(done), static_cast<unsigned long long>(total), mb,
           seconds > 0 ? mb / seconds : 0.0);
  return line;
}

}  // namespace

std::string TooLargeMessage(const git_oid& blob, uint64_t size) {
  return "blob of " + std::to_string(size) + " bytes is larger than --max-blob-mb and was not scanned (" +
         OidHex(blob) + ")";
}

bool IsLfsPointer(std::string_view content) {
  return content.size() < 1024 && content.starts_with("version https://git-lfs.github.com/spec/");
}

BlobScanResult ScanBlobs(std::shared_ptr<const Engine> engine, const std::vector<git_oid>& blobs,
                         const std::function<std::string(size_t)>& describe,
                         const BlobScanOptions& options) {
  BlobScanResult result;
  result.matches.resize(blobs.size());
  // Pack order: sort the blob indices by where each blob sits in the packs.
  std::vector<uint64_t> keys = PackOrderKeys(options.repository_path + "objects", blobs);
  std::vector<size_t> order(blobs.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return keys[a] < keys[b]; });

  int threads = options.threads > 0 ? options.threads
                                    : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  // Big enough batches to keep each thread's reads sequential, small enough to balance.
  const size_t batch = std::clamp<size_t>(blobs.size() / (static_cast<size_t>(threads) * 16), 16, 4096);
  std::atomic<size_t> next{0};
  std::atomic<uint64_t> done{0}, bytes{0}, lfs{0};
  std::mutex mutex;  // guards result.diagnostics
  auto add_diagnostic = [&](Diagnostic d) {
    std::lock_guard<std::mutex> lock(mutex);
    result.diagnostics.push_back(std::move(d));
  };

  // Finished workers, so the progress loop wakes up as soon as the scan ends.
  int finished = 0;
  std::mutex finished_mutex;
  std::condition_variable finished_cv;
  auto worker = [&] {
    struct Finish {
      int& count;
      std::mutex& mutex;
      std::condition_variable& cv;
      ~Finish() {
        std::lock_guard<std::mutex> lock(mutex);
        ++count;
        cv.notify_all();
      }
    } finish{finished, finished_mutex, finished_cv};
    Result<RepositoryPtr> repo = OpenRepository(options.repository_path, /*search=*/false);
    git_odb* raw_odb = nullptr;
    if (!repo.ok() || git_repository_odb(&raw_odb, repo->get()) != 0) {
      add_diagnostic({DiagnosticLevel::kError, options.repository_path,
                      "cannot open the object database for reading"});
      return;
    }
    OdbPtr odb(raw_odb);
    ContentScanner scanner(engine);
    for (;;) {
      size_t start = next.fetch_add(batch);
      if (start >= order.size()) break;
      size_t end = std::min(order.size(), start + batch);
      for (size_t k = start; k < end; ++k) {
        size_t i = order[k];
        size_t size = 0;
        git_object_t type;
        if (git_odb_read_header(&size, &type, odb.get(), &blobs[i]) != 0) {
          add_diagnostic({DiagnosticLevel::kWarning, describe(i),
                          GitError("cannot read blob " + OidHex(blobs[i])).message()});
          done.fetch_add(1, std::memory_order_relaxed);
          continue;
        }
        if (size > options.max_blob_bytes) {
          add_diagnostic({DiagnosticLevel::kWarning, describe(i),
                          TooLargeMessage(blobs[i], size)});
          done.fetch_add(1, std::memory_order_relaxed);
          continue;
        }
        git_odb_object* raw_object = nullptr;
        if (git_odb_read(&raw_object, odb.get(), &blobs[i]) != 0) {
          add_diagnostic({DiagnosticLevel::kWarning, describe(i),
                          GitError("cannot read blob " + OidHex(blobs[i])).message()});
          done.fetch_add(1, std::memory_order_relaxed);
          continue;
        }
        OdbObjectPtr object(raw_object);
        std::string_view content(static_cast<const char*>(git_odb_object_data(object.get())),
                                 git_odb_object_size(object.get()));
        if (IsLfsPointer(content)) lfs.fetch_add(1, std::memory_order_relaxed);
        ContentResult scanned;
        if (Status s = scanner.ScanBytes(content, describe(i), &scanned); !s.ok()) {
          add_diagnostic({DiagnosticLevel::kWarning, describe(i), s.message()});
        }
        result.matches[i] = std::move(scanned.matches);  // each index is written by one thread
        bytes.fetch_add(content.size(), std::memory_order_relaxed);
        done.fetch_add(1, std::memory_order_relaxed);
      }
    }
  };

  auto started = std::chrono::steady_clock::now();
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) pool.emplace_back(worker);
  if (options.progress) {
    // Report about four times a second until the workers are through.
    std::unique_lock<std::mutex> lock(finished_mutex);
    while (!finished_cv.wait_for(lock, std::chrono::milliseconds(250), [&] { return finished == threads; })) {
      double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      options.progress(FormatProgress(done.load(), blobs.size(), bytes.load(), seconds));
    }
  }
  for (std::thread& thread : pool) thread.join();
  result.bytes = bytes.load();
  result.lfs_pointers = lfs.load();
  return result;
}

}  // namespace keysweep::git
