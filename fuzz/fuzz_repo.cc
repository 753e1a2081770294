// A whole hostile repository: refs, packed-refs, HEAD, config, the index,
// loose objects and packs, as an attacker could commit or hand over. Runs the
// full-history scan (with unreachable objects) and the staged scan: the native
// pack reader, libgit2's loose-object, ref and index readers, the history
// graph, provenance and the scanner. The input is a list of files of the .git
// folder, each as its path, a NUL, its length in 8 hex digits and its bytes;
// fuzz/seed_git.sh makes seeds from real repositories.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "fuzz/fuzz_util.h"
#include "git/git_scans.h"
#include "scanner/scan.h"

namespace {

namespace fs = std::filesystem;

// Paths inside .git only: short, relative, no "." or ".." components.
bool SafePath(std::string_view path) {
  if (path.empty() || path.size() > 120 || path.front() == '/' || path.back() == '/') return false;
  size_t depth = 0;
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    std::string_view part = path.substr(start, end - start);
    if (part.empty() || part == "." || part == ".." || ++depth > 8) return false;
    for (char c : part) {
      bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                c == '_' || c == '-';
      if (!ok) return false;
    }
    start = end + 1;
  }
  return true;
}

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

  while (size > 0) {
    const auto* nul = static_cast<const uint8_t*>(memchr(data, 0, size));
    if (nul == nullptr) break;
    std::string_view name(reinterpret_cast<const char*>(data), nul - data);
    size -= nul - data + 1;
    data = nul + 1;
    size_t length = 0;
    if (!keysweep::fuzz::ReadHexLength(&data, &size, &length)) break;
    if (length > size) length = size;
    if (SafePath(name)) {
      fs::create_directories((git_dir / name).parent_path(), error);
      keysweep::fuzz::WriteFile(git_dir / name, data, length);
    }
    data += length;
    size -= length;
  }

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
