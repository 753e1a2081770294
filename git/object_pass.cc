#include "git/object_pass.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <thread>

#include "git/blob_scan.h"
#include "git/pack_order.h"

namespace keysweep::git {
namespace {

bool ParseHexOid(std::string_view hex, git_oid* out) {
  return hex.size() >= GIT_OID_HEXSZ && git_oid_fromstrn(out, hex.data(), GIT_OID_HEXSZ) == 0;
}

// The header lines of a commit or tag ("tree <id>", "parent <id>" ...) and its message.
void SplitObject(std::string_view raw, std::vector<std::string_view>* headers, std::string_view* message) {
  size_t pos = 0;
  while (pos < raw.size()) {
    size_t end = raw.find('\n', pos);
    if (end == std::string_view::npos) end = raw.size();
    if (end == pos) {  // blank line: the message follows
      *message = raw.substr(std::min(raw.size(), end + 1));
      return;
    }
    headers->push_back(raw.substr(pos, end - pos));
    pos = end + 1;
  }
}

git_object_t TypeNamed(std::string_view name) {
  if (name == "commit") return GIT_OBJECT_COMMIT;
  if (name == "tree") return GIT_OBJECT_TREE;
  if (name == "blob") return GIT_OBJECT_BLOB;
  if (name == "tag") return GIT_OBJECT_TAG;
  return GIT_OBJECT_INVALID;
}

// One worker's share of the store; merged when the workers are done.
struct LocalStore {
  ObjectStore store;
  std::unordered_map<std::string, uint32_t> name_ids;
  std::vector<Diagnostic> diagnostics;

  uint32_t NameId(std::string_view name) {
    auto [it, inserted] = name_ids.try_emplace(std::string(name), static_cast<uint32_t>(store.names.size()));
    if (inserted) store.names.emplace_back(name);
    return it->second;
  }
};

class Worker {
 public:
  Worker(std::shared_ptr<const Engine> engine, const ObjectPassOptions& options, LocalStore* local)
      : scanner_(std::move(engine)), options_(options), local_(local) {}

  bool Open() {
    Result<RepositoryPtr> repo = OpenRepository(options_.repository_path, /*search=*/false);
    git_odb* raw = nullptr;
    if (!repo.ok() || git_repository_odb(&raw, repo->get()) != 0) return false;
    repo_ = std::move(*repo);
    odb_.reset(raw);
    return true;
  }

  void Read(const git_oid& id, std::atomic<uint64_t>* bytes) {
    size_t size = 0;
    git_object_t type;
    if (git_odb_read_header(&size, &type, odb_.get(), &id) != 0) {
      Warn(OidHex(id), GitError("cannot read object").message());
      return;
    }
    if (type == GIT_OBJECT_BLOB) local_->store.blobs.insert(id);
    if (type == GIT_OBJECT_BLOB && size > options_.max_blob_bytes) {
      Warn(OidHex(id), "blob of " + std::to_string(size) + " bytes is larger than the limit and was not scanned");
      return;
    }
    git_odb_object* raw_object = nullptr;
    if (git_odb_read(&raw_object, odb_.get(), &id) != 0) {
      Warn(OidHex(id), GitError("cannot read object").message());
      return;
    }
    OdbObjectPtr object(raw_object);
    std::string_view data(static_cast<const char*>(git_odb_object_data(object.get())),
                          git_odb_object_size(object.get()));
    ++local_->store.objects;
    switch (type) {
      case GIT_OBJECT_BLOB: Blob(id, data, bytes); break;
      case GIT_OBJECT_TREE: Tree(id, data); break;
      case GIT_OBJECT_COMMIT: Commit(id, data); break;
      case GIT_OBJECT_TAG: Tag(id, data); break;
      default: break;
    }
  }

 private:
  void Warn(const std::string& where, const std::string& message) {
    local_->diagnostics.push_back({DiagnosticLevel::kWarning, where, message});
  }

  void Blob(const git_oid& id, std::string_view data, std::atomic<uint64_t>* bytes) {
    if (IsLfsPointer(data)) ++local_->store.lfs_pointers;
    ContentResult result;
    if (Status s = scanner_.ScanBytes(data, "", &result); !s.ok()) Warn(OidHex(id), s.message());
    local_->store.bytes += data.size();
    bytes->fetch_add(data.size(), std::memory_order_relaxed);
    if (!result.matches.empty()) local_->store.blob_matches.emplace(id, std::move(result.matches));
  }

  // "<mode> <name>\0<20-byte id>" entries.
  void Tree(const git_oid& id, std::string_view data) {
    std::vector<TreeEntryRecord> entries;
    size_t pos = 0;
    while (pos < data.size()) {
      size_t space = data.find(' ', pos);
      size_t nul = space == std::string_view::npos ? space : data.find('\0', space);
      if (nul == std::string_view::npos || nul + 1 + GIT_OID_RAWSZ > data.size()) {
        Warn(OidHex(id), "corrupt tree object: entries after byte " + std::to_string(pos) + " ignored");
        break;
      }
      std::string_view mode = data.substr(pos, space - pos);
      TreeEntryRecord entry;
      git_oid_fromraw(&entry.id, reinterpret_cast<const unsigned char*>(data.data() + nul + 1));
      entry.name = local_->NameId(data.substr(space + 1, nul - space - 1));
      entry.kind = mode == "40000" ? EntryKind::kTree : mode == "160000" ? EntryKind::kGitlink : EntryKind::kBlob;
      entries.push_back(entry);
      pos = nul + 1 + GIT_OID_RAWSZ;
    }
    local_->store.trees.emplace(id, std::move(entries));
  }

  void Commit(const git_oid& id, std::string_view data) {
    std::vector<std::string_view> headers;
    std::string_view message;
    SplitObject(data, &headers, &message);
    CommitRecord record;
    bool has_tree = false;
    for (std::string_view header : headers) {
      if (header.starts_with("tree ")) has_tree = ParseHexOid(header.substr(5), &record.tree);
      if (header.starts_with("parent ")) {
        git_oid parent;
        if (ParseHexOid(header.substr(7), &parent)) record.parents.push_back(parent);
      }
    }
    if (!has_tree) {
      Warn(OidHex(id), "corrupt commit object: no tree");
      return;
    }
    local_->store.commits.emplace(id, std::move(record));
    ScanMessage(id, message);
  }

  void Tag(const git_oid& id, std::string_view data) {
    std::vector<std::string_view> headers;
    std::string_view message;
    SplitObject(data, &headers, &message);
    TagRecord record;
    for (std::string_view header : headers) {
      if (header.starts_with("object ")) ParseHexOid(header.substr(7), &record.target);
      if (header.starts_with("type ")) record.target_type = TypeNamed(header.substr(5));
      if (header.starts_with("tag ")) record.name = std::string(header.substr(4));
    }
    local_->store.tags.emplace(id, std::move(record));
    ScanMessage(id, message);
  }

  void ScanMessage(const git_oid& id, std::string_view message) {
    if (message.empty()) return;
    ContentResult result;
    if (!scanner_.ScanBytes(message, "", &result).ok()) return;
    local_->store.bytes += message.size();
    if (!result.matches.empty()) local_->store.message_matches.emplace(id, std::move(result.matches));
  }

  ContentScanner scanner_;
  const ObjectPassOptions& options_;
  LocalStore* local_;
  RepositoryPtr repo_;
  OdbPtr odb_;
};

// Moves a worker's store into the shared one, renumbering tree entry names.
void Merge(LocalStore&& local, ObjectStore* out, std::unordered_map<std::string, uint32_t>* name_ids) {
  std::vector<uint32_t> remap(local.store.names.size());
  for (size_t i = 0; i < local.store.names.size(); ++i) {
    auto [it, inserted] = name_ids->try_emplace(local.store.names[i], static_cast<uint32_t>(out->names.size()));
    if (inserted) out->names.push_back(local.store.names[i]);
    remap[i] = it->second;
  }
  for (auto& [id, entries] : local.store.trees) {
    for (TreeEntryRecord& entry : entries) entry.name = remap[entry.name];
  }
  out->trees.merge(local.store.trees);
  out->commits.merge(local.store.commits);
  out->tags.merge(local.store.tags);
  out->blobs.merge(local.store.blobs);
  out->blob_matches.merge(local.store.blob_matches);
  out->message_matches.merge(local.store.message_matches);
  out->objects += local.store.objects;
  out->bytes += local.store.bytes;
  out->lfs_pointers += local.store.lfs_pointers;
}

}  // namespace

ObjectStore ReadAllObjects(std::shared_ptr<const Engine> engine, const ObjectPassOptions& options,
                           std::vector<Diagnostic>* diagnostics) {
  std::vector<git_oid> objects = AllObjectsInPackOrder(options.repository_path + "objects");
  int threads = options.threads > 0 ? options.threads
                                    : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  // Consecutive runs of the pack keep each thread's delta-base cache warm.
  const size_t batch = std::clamp<size_t>(objects.size() / (static_cast<size_t>(threads) * 16), 64, 8192);
  std::vector<LocalStore> locals(static_cast<size_t>(threads));
  std::atomic<size_t> next{0};
  std::atomic<uint64_t> done{0}, bytes{0};
  int finished = 0;
  std::mutex finished_mutex;
  std::condition_variable finished_cv;
  auto run = [&](size_t t) {
    Worker worker(engine, options, &locals[t]);
    if (worker.Open()) {
      for (;;) {
        size_t start = next.fetch_add(batch);
        if (start >= objects.size()) break;
        size_t end = std::min(objects.size(), start + batch);
        for (size_t i = start; i < end; ++i) worker.Read(objects[i], &bytes);
        done.fetch_add(end - start, std::memory_order_relaxed);
      }
    } else {
      locals[t].diagnostics.push_back({DiagnosticLevel::kError, options.repository_path,
                                       "cannot open the object database for reading"});
    }
    std::lock_guard<std::mutex> lock(finished_mutex);
    ++finished;
    finished_cv.notify_all();
  };
  auto started = std::chrono::steady_clock::now();
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) pool.emplace_back(run, static_cast<size_t>(t));
  if (options.progress) {
    std::unique_lock<std::mutex> lock(finished_mutex);
    while (!finished_cv.wait_for(lock, std::chrono::milliseconds(250), [&] { return finished == threads; })) {
      double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      double mb = static_cast<double>(bytes.load()) / (1 << 20);
      char line[160];
      snprintf(line, sizeof line, "read %llu/%zu objects, scanned %.0f MB, %.0f MB/s",
               static_cast<unsigned long long>(done.load()), objects.size(), mb, seconds > 0 ? mb / seconds : 0.0);
      options.progress(line);
    }
  }
  for (std::thread& thread : pool) thread.join();
  ObjectStore store;
  std::unordered_map<std::string, uint32_t> name_ids;
  for (LocalStore& local : locals) {
    for (Diagnostic& d : local.diagnostics) diagnostics->push_back(std::move(d));
    Merge(std::move(local), &store, &name_ids);
  }
  return store;
}

}  // namespace keysweep::git
