#include "git/object_pass.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <thread>

#include "git/blob_scan.h"
#include "git/pack_files.h"
#include "git/pack_reader.h"

namespace keysweep::git {
namespace {

bool ParseHexOid(std::string_view hex, git_oid* out) {
  return hex.size() >= kOidHexSize && git_oid_fromstrn(out, hex.data(), kOidHexSize) == 0;
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

  // Reads one object through libgit2 (loose objects, and pack entries the
  // pack reader leaves to it).
  void Read(const git_oid& id, std::atomic<uint64_t>* bytes) { ReadOrSize(id, bytes, ""); }

  // A pack entry the pack reader refused (`why`: corrupt, or a delta chain
  // past its limit). libgit2 is still asked, through the safe object
  // database, which checks what every link of the chain claims before
  // libgit2 allocates it (PackClaims): an intact copy in another pack, or a
  // small object on a large base, is still read. A failure names `why`.
  void Refused(const git_oid& id, const std::string& why, std::atomic<uint64_t>* bytes) {
    ReadOrSize(id, bytes, why.empty() ? "cannot be decoded" : why);
  }

  // `refused`: why the pack reader refused the object, for the warning when
  // libgit2 cannot read it either.
  void ReadOrSize(const git_oid& id, std::atomic<uint64_t>* bytes, const std::string& refused) {
    size_t size = 0;
    git_object_t type;
    if (!odb_ || git_odb_read_header(&size, &type, odb_.get(), &id) != 0) {
      Warn(OidHex(id), odb_ ? GitError("cannot read object").message() : "cannot read object");
      return;
    }
    // Any type: a hostile pack may claim a 4 GB commit, and libgit2 allocates what is claimed.
    if (size > options_.max_blob_bytes) {
      if (type == GIT_OBJECT_BLOB) {
        // Named with its path once the history is known (history_scan.cc).
        local_->store.blobs.insert(id);
        local_->store.too_large_blobs.emplace(id, size);
        return;
      }
      Warn(OidHex(id), std::string(git_object_type2string(type)) + " of " + std::to_string(size) +
                           " bytes is larger than --max-blob-mb and was not scanned");
      return;
    }
    git_odb_object* raw_object = nullptr;
    if (git_odb_read(&raw_object, odb_.get(), &id) != 0) {
      if (type == GIT_OBJECT_BLOB) local_->store.blobs.insert(id);
      Warn(OidHex(id), refused.empty() ? GitError("cannot read object").message()
                                       : GitError("pack entry not read (" + refused + ")").message());
      return;
    }
    OdbObjectPtr object(raw_object);
    Handle(id, type,
           std::string_view(static_cast<const char*>(git_odb_object_data(object.get())),
                            git_odb_object_size(object.get())),
           bytes);
  }

  // Scans or records one object read by either reader.
  void Handle(const git_oid& id, git_object_t type, std::string_view data, std::atomic<uint64_t>* bytes) {
    ++local_->store.objects;
    switch (type) {
      case GIT_OBJECT_BLOB:
        local_->store.blobs.insert(id);
        Blob(id, data, bytes);
        break;
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
      if (nul == std::string_view::npos || nul + 1 + kOidRawSize > data.size()) {
        Warn(OidHex(id), "corrupt tree object: entries after byte " + std::to_string(pos) + " ignored");
        break;
      }
      std::string_view mode = data.substr(pos, space - pos);
      TreeEntryRecord entry;
      git_oid_fromraw(&entry.id, reinterpret_cast<const unsigned char*>(data.data() + nul + 1));
      entry.name = local_->NameId(data.substr(space + 1, nul - space - 1));
      entry.kind = mode == "40000" ? EntryKind::kTree : mode == "160000" ? EntryKind::kGitlink : EntryKind::kBlob;
      entries.push_back(entry);
      pos = nul + 1 + kOidRawSize;
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
  out->too_large_blobs.merge(local.store.too_large_blobs);
  out->blob_matches.merge(local.store.blob_matches);
  out->message_matches.merge(local.store.message_matches);
  out->objects += local.store.objects;
  out->bytes += local.store.bytes;
  out->lfs_pointers += local.store.lfs_pointers;
}

// As git's core.deltaBaseCacheLimit: the delta bases one thread keeps decoded.
constexpr uint64_t kDeltaBaseCacheBytes = 96ull << 20;

struct OpenPack {
  std::unique_ptr<PackFile> file;
  std::vector<bool> duplicate;  // entries already listed in an earlier pack: decoded, not reported
};

// Every object of the repository, each once: in the packs this reader can
// decode, and the rest (loose objects, packs it cannot open) for libgit2.
struct PackedObjects {
  std::vector<OpenPack> packs;
  std::vector<git_oid> unpacked;
  uint64_t objects = 0;
};

PackedObjects ListObjects(const std::string& objects_dir) {
  PackedObjects out;
  OidSet seen;
  for (const std::string& dir : ObjectDirectories(objects_dir)) {
    for (const std::string& idx_path : PackIndexes(dir)) {
      Result<std::unique_ptr<PackFile>> pack = PackFile::Open(idx_path);
      if (!pack.ok()) {
        for (const PackIndexEntry& entry : ReadPackIndex(MappedFile(idx_path))) {
          if (seen.insert(entry.id).second) out.unpacked.push_back(entry.id);
        }
        continue;
      }
      OpenPack open{std::move(*pack), {}};
      const std::vector<PackEntry>& entries = open.file->entries();
      open.duplicate.resize(entries.size());
      for (size_t i = 0; i < entries.size(); ++i) {
        open.duplicate[i] = !seen.insert(entries[i].id).second;
        out.objects += !open.duplicate[i];
      }
      out.packs.push_back(std::move(open));
    }
    for (const git_oid& oid : LooseObjects(dir)) {
      if (seen.insert(oid).second) out.unpacked.push_back(oid);
    }
  }
  out.objects += out.unpacked.size();
  return out;
}

// A run of consecutive pack entries (or, with no pack, of unpacked objects).
struct Task {
  const OpenPack* pack;
  uint32_t begin, end;
};

// Cuts every pack into runs of about equal compressed size, several per
// thread so that the threads finish together; runs are long enough that most
// deltas find their base decoded in the same run.
std::vector<Task> SplitIntoTasks(const PackedObjects& objects, size_t threads) {
  uint64_t pack_bytes = 0;
  for (const OpenPack& pack : objects.packs) {
    if (!pack.file->entries().empty()) pack_bytes += pack.file->entries().back().end;
  }
  const uint64_t piece = std::max<uint64_t>(pack_bytes / (threads * 4), 4 << 20);
  std::vector<Task> tasks;
  for (const OpenPack& pack : objects.packs) {
    const std::vector<PackEntry>& entries = pack.file->entries();
    uint32_t begin = 0;
    for (uint32_t i = 0; i < entries.size(); ++i) {
      if (entries[i].end - entries[begin].offset >= piece || i + 1 == entries.size()) {
        tasks.push_back({&pack, begin, i + 1});
        begin = i + 1;
      }
    }
  }
  const uint32_t batch = 1024;
  for (uint32_t i = 0; i < objects.unpacked.size(); i += batch) {
    tasks.push_back({nullptr, i, std::min<uint32_t>(static_cast<uint32_t>(objects.unpacked.size()), i + batch)});
  }
  return tasks;
}

}  // namespace

ObjectStore ReadAllObjects(std::shared_ptr<const Engine> engine, const ObjectPassOptions& options,
                           std::vector<Diagnostic>* diagnostics) {
  PackedObjects packed = ListObjects(options.repository_path + "objects");
  int threads = options.threads > 0 ? options.threads
                                    : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  std::vector<Task> tasks = SplitIntoTasks(packed, static_cast<size_t>(threads));
  const uint64_t total = packed.objects;
  std::vector<LocalStore> locals(static_cast<size_t>(threads));
  std::atomic<size_t> next{0};
  std::atomic<uint64_t> done{0}, bytes{0};
  int finished = 0;
  std::mutex finished_mutex;
  std::condition_variable finished_cv;
  auto run = [&](size_t t) {
    Worker worker(engine, options, &locals[t]);
    if (!worker.Open()) {
      locals[t].diagnostics.push_back({DiagnosticLevel::kError, options.repository_path,
                                       "cannot open the object database with libgit2: loose objects "
                                       "and pack entries the pack reader cannot decode are not read"});
    }
    std::vector<git_oid> retry;  // what the pack reader leaves to libgit2
    std::vector<std::pair<git_oid, std::string>> refused;  // what it refused, and why
    for (size_t k; (k = next.fetch_add(1)) < tasks.size();) {
      const Task& task = tasks[k];
      if (task.pack == nullptr) {
        for (uint32_t i = task.begin; i < task.end; ++i) worker.Read(packed.unpacked[i], &bytes);
      } else {
        const std::vector<PackEntry>& entries = task.pack->file->entries();
        PackDecoder decoder(*task.pack->file, kDeltaBaseCacheBytes, options.max_blob_bytes);
        decoder.DecodeRange(
            task.begin, task.end,
            [&](uint32_t i, git_object_t type, std::string_view data) {
              if (!task.pack->duplicate[i]) worker.Handle(entries[i].id, type, data, &bytes);
            },
            [&](uint32_t i, PackFailure why, const std::string& message) {
              if (task.pack->duplicate[i]) return;
              if (why == PackFailure::kLeftToLibgit2) {
                retry.push_back(entries[i].id);
              } else {
                refused.emplace_back(entries[i].id, message);
              }
            });
      }
      done.fetch_add(task.end - task.begin, std::memory_order_relaxed);
    }
    for (const git_oid& id : retry) worker.Read(id, &bytes);
    for (const auto& [id, why] : refused) worker.Refused(id, why, &bytes);
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
      snprintf(line, sizeof line, "read %llu/%llu objects, scanned %.0f MB, %.0f MB/s",
               static_cast<unsigned long long>(done.load()), static_cast<unsigned long long>(total), mb,
               seconds > 0 ? mb / seconds : 0.0);
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
