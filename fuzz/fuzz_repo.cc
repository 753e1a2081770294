// A whole hostile repository: refs, packed-refs, HEAD, config, the index,
// loose objects and packs, as an attacker could commit or hand over. Runs the
// full-history scan (with unreachable objects) and the staged scan: the native
// pack reader, libgit2's loose-object, ref and index readers, the history
// graph, provenance and the scanner. The input is a list of files of the .git
// folder, each as its path, a NUL, its length in 8 hex digits and its bytes
// (a path ending in "=fifo" or "=link" makes a FIFO or a symlink there);
// fuzz/seed_git.sh makes seeds from real repositories.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <sys/stat.h>
#include <unistd.h>

#include "fuzz/fuzz_util.h"
#include "git/git_scans.h"
#include "scanner/scan.h"

namespace {

namespace fs = std::filesystem;

struct Fixture {
  std::string root = keysweep::fuzz::PrivateDir("repo");
  keysweep::ScanSetup setup;
  Fixture() {
    keysweep::ScanRequest request;
    request.paths = {root};
    request.cache_dir = keysweep::fuzz::PrivateDir("cache");
    request.threads = 1;
    auto prepared = keysweep::PrepareScan(request);
    if (!prepared.ok()) abort();
    setup = std::move(*prepared);
  }
};

Fixture* fixture = nullptr;

// A record's path may end in "=fifo" (a FIFO there) or "=link" (a symlink to
// the record's bytes): what a hostile repository handed over on disk can hold
// where git expects a file. Anything else is a regular file. Regular files
// are written first, FIFOs and links last, so nothing is written through a
// link (a link named "refs" to "/etc" must not turn "refs/x" into /etc/x).
enum class Kind { kFile, kFifo, kLink };

Kind KindOf(std::string_view* name) {
  for (auto [suffix, kind] : {std::pair{std::string_view("=fifo"), Kind::kFifo},
                              std::pair{std::string_view("=link"), Kind::kLink}}) {
    if (name->size() > suffix.size() && name->substr(name->size() - suffix.size()) == suffix) {
      name->remove_suffix(suffix.size());
      return kind;
    }
  }
  return Kind::kFile;
}

void Lay(const fs::path& git_dir, const std::vector<keysweep::fuzz::Record>& records, bool files) {
  std::error_code error;
  for (const keysweep::fuzz::Record& record : records) {
    std::string_view name = record.header;
    Kind kind = KindOf(&name);
    if ((kind == Kind::kFile) != files || !keysweep::fuzz::SafePath(name)) continue;
    const fs::path path = git_dir / name;
    if (kind == Kind::kFile) {
      fs::create_directories(path.parent_path(), error);
      keysweep::fuzz::WriteFile(path, reinterpret_cast<const uint8_t*>(record.content.data()), record.content.size());
      continue;
    }
    if (!keysweep::fuzz::ParentsAreFolders(git_dir, name)) continue;
    fs::create_directories(path.parent_path(), error);
    fs::remove(path, error);  // a file or an empty folder
    std::string target(record.content);
    if (kind == Kind::kFifo) {
      mkfifo(path.c_str(), 0600);
    } else if (target.find('\0') == std::string::npos) {
      symlink(target.c_str(), path.c_str());
    }
  }
}

}  // namespace

// Compiles the rules once, before the first input (under ASan this takes
// seconds, which would otherwise count against the first input's time).
extern "C" int LLVMFuzzerInitialize(int*, char***) {
  fixture = new Fixture;
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const fs::path work = fs::path(fixture->root) / "work";
  const fs::path git_dir = work / ".git";
  std::error_code error;
  fs::remove_all(work, error);
  for (const char* dir : {"objects/pack", "refs/heads", "refs/tags"}) fs::create_directories(git_dir / dir, error);
  const std::string head = "ref: refs/heads/main\n";
  keysweep::fuzz::WriteFile(git_dir / "HEAD", reinterpret_cast<const uint8_t*>(head.data()), head.size());

  std::vector<keysweep::fuzz::Record> records;
  keysweep::fuzz::Record record;
  while (keysweep::fuzz::NextRecord(&data, &size, &record)) records.push_back(record);
  Lay(git_dir, records, /*files=*/true);
  Lay(git_dir, records, /*files=*/false);

  auto repo = keysweep::git::OpenRepository(work.string(), /*search=*/false);
  if (!repo.ok()) return 0;
  keysweep::GitScanRequest request;
  request.repository = work.string();
  request.all_objects = true;
  request.scan.threads = 1;
  request.max_blob_bytes = 1 << 20;
  keysweep::git::GitScanContext history{repo->get(), request, fixture->setup};
  (void)keysweep::git::RunHistoryScan(history);
  keysweep::GitScanRequest staged_request = request;
  staged_request.mode = keysweep::GitScanMode::kStaged;
  staged_request.all_objects = false;
  keysweep::git::GitScanContext staged{repo->get(), staged_request, fixture->setup};
  (void)keysweep::git::RunStagedScan(staged);
  return 0;
}
