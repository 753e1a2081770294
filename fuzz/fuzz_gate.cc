// The gate's trust model (README "Trust model"), as a property: what a change
// does to the files that configure the gate (.keysweep.json, the rule files,
// baseline and .gitleaksignore it names, or any other file) never changes what
// the gate reports about the rest of the change. The input lays out a
// repository: a base commit, a head commit on top of it, an index (staged
// changes) and work-tree files, where a FIFO or a symlink can stand in for any
// file. Each record marked "control" is then dropped from the head (and the
// index), and the range scan BASE..HEAD (and the staged scan) must report the
// same findings at every path that is not a control path; it must also not
// turn an ok scan into an error. Any difference aborts. The scans also meet
// symlinked and FIFO configs, which must neither hang nor be followed.
// KEYSWEEP_FUZZ_VERBOSE=1 prints what each scan reported.
//
// Input: records of two tag bytes, a path, a NUL, a length in 8 hex digits
// and the bytes (fuzz_util.h). Tag 1, the side: 'b' base, 'h' head, 'i'
// index, 'w' work tree (other bytes: their value mod 4). Tag 2, the kind:
// 'f' file, 'x' executable, 'l' symlink to the bytes, 'd' delete (in the work
// tree: a FIFO); upper case marks a control record (other bytes: the low two
// bits give the kind, bit 2 control). fuzz/seed_gate.sh makes seeds.
#include <sys/stat.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "fuzz/fuzz_util.h"
#include "git/git_scan.h"
#include "git/libgit2_util.h"

namespace {

namespace fs = std::filesystem;

enum class Side { kBase, kHead, kIndex, kWork };
enum class Kind { kFile, kExecutable, kLink, kDelete };  // kDelete in the work tree: a FIFO

struct Entry {
  Side side;
  Kind kind;
  bool control;
  std::string path;
  std::string content;
};

Side SideOf(uint8_t tag) {
  switch (tag) {
    case 'b': return Side::kBase;
    case 'h': return Side::kHead;
    case 'i': return Side::kIndex;
    case 'w': return Side::kWork;
    default: return static_cast<Side>(tag % 4);
  }
}

void KindOf(uint8_t tag, Kind* kind, bool* control) {
  static constexpr std::string_view kLetters = "fxld";
  size_t at = kLetters.find(static_cast<char>(tag | 0x20));
  if (at != std::string_view::npos && ((tag >= 'a' && tag <= 'z') || (tag >= 'A' && tag <= 'Z'))) {
    *kind = static_cast<Kind>(at);
    *control = tag < 'a';
    return;
  }
  *kind = static_cast<Kind>(tag & 3);
  *control = (tag & 4) != 0;
}

// No component may be ".git" (in any case): git refuses such paths.
bool GitSafePath(std::string_view path) {
  if (!keysweep::fuzz::SafePath(path)) return false;
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    std::string part(path.substr(start, end - start));
    for (char& c : part) c = static_cast<char>(c | 0x20);
    if (part == ".git") return false;
    start = end + 1;
  }
  return true;
}

std::vector<Entry> Parse(const uint8_t* data, size_t size) {
  std::vector<Entry> entries;
  keysweep::fuzz::Record record;
  while (keysweep::fuzz::NextRecord(&data, &size, &record) && entries.size() < 64) {
    if (record.header.size() < 3) continue;
    Entry entry;
    entry.side = SideOf(static_cast<uint8_t>(record.header[0]));
    KindOf(static_cast<uint8_t>(record.header[1]), &entry.kind, &entry.control);
    entry.path = std::string(record.header.substr(2));
    entry.content = std::string(record.content);
    if (GitSafePath(entry.path)) entries.push_back(std::move(entry));
  }
  // A path that is also another's folder ("a" and "a/b") is dropped: git
  // refuses the pair, so which one a tree keeps would depend on the control
  // records, and the property compares trees that differ only by them.
  std::set<std::string> paths;
  for (const Entry& entry : entries) paths.insert(entry.path);
  std::erase_if(entries, [&](const Entry& entry) {
    for (size_t slash = entry.path.find('/'); slash != std::string::npos; slash = entry.path.find('/', slash + 1)) {
      if (paths.count(entry.path.substr(0, slash)) != 0) return true;
    }
    return false;
  });
  return entries;
}

// Applies `entry` to `index`.
void Apply(git_index* index, const Entry& entry) {
  if (entry.kind == Kind::kDelete) {
    git_index_remove(index, entry.path.c_str(), 0);
    return;
  }
  git_index_entry index_entry{};
  index_entry.path = entry.path.c_str();
  index_entry.mode = entry.kind == Kind::kLink         ? GIT_FILEMODE_LINK
                     : entry.kind == Kind::kExecutable ? GIT_FILEMODE_BLOB_EXECUTABLE
                                                       : GIT_FILEMODE_BLOB;
  git_index_add_from_buffer(index, &index_entry, entry.content.data(), entry.content.size());
}

// Fills `index` from the entries of the given sides, in input order; with
// `drop_control`, control records of `drop_side` are left out.
void Fill(git_index* index, const std::vector<Entry>& entries, std::set<Side> sides,
          bool drop_control, Side drop_side) {
  git_index_clear(index);
  for (const Entry& entry : entries) {
    if (sides.count(entry.side) == 0) continue;
    if (drop_control && entry.control && entry.side == drop_side) continue;
    Apply(index, entry);
  }
}

bool Commit(git_repository* repo, git_index* index, const git_oid* parent, const char* ref, git_oid* out) {
  git_oid tree_id;
  if (git_index_write_tree_to(&tree_id, index, repo) != 0) return false;
  git_tree* tree = nullptr;
  if (git_tree_lookup(&tree, repo, &tree_id) != 0) return false;
  git_signature* who = nullptr;
  git_signature_new(&who, "Fuzz", "fuzz@example.test", 1700000000, 0);
  git_commit* parent_commit = nullptr;
  if (parent != nullptr) git_commit_lookup(&parent_commit, repo, parent);
  const git_commit* parents[] = {parent_commit};
  int rc = git_commit_create(out, repo, ref, who, who, nullptr, "fuzz", tree, parent_commit != nullptr ? 1 : 0,
                             parents);
  git_commit_free(parent_commit);
  git_signature_free(who);
  git_tree_free(tree);
  return rc == 0;
}

void LayWorkTree(const fs::path& work, const std::vector<Entry>& entries) {
  std::error_code error;
  for (const Entry& entry : entries) {  // files first: nothing is written through a link laid below
    if (entry.side != Side::kWork || entry.kind == Kind::kLink || entry.kind == Kind::kDelete) continue;
    fs::create_directories((work / entry.path).parent_path(), error);
    keysweep::fuzz::WriteFile(work / entry.path, reinterpret_cast<const uint8_t*>(entry.content.data()),
                              entry.content.size());
  }
  for (const Entry& entry : entries) {
    if (entry.side != Side::kWork || (entry.kind != Kind::kLink && entry.kind != Kind::kDelete)) continue;
    const fs::path path = work / entry.path;
    if (!keysweep::fuzz::ParentsAreFolders(work, entry.path)) continue;
    fs::create_directories(path.parent_path(), error);
    if (fs::is_directory(fs::symlink_status(path, error))) continue;
    fs::remove(path, error);
    if (entry.kind == Kind::kDelete) {
      mkfifo(path.c_str(), 0600);
    } else if (entry.content.find('\0') == std::string::npos) {
      symlink(entry.content.c_str(), path.c_str());
    }
  }
}

// What the gate says about non-control paths: rule, path, line, column and
// fingerprint of each location of each secret finding (keysweep's own
// config-changed and suppression-added findings are about the control files
// and markers, and differ by design). Nullopt: the comparison is void (a
// finding kept only its first locations).
using Said = std::set<std::tuple<std::string, std::string, uint64_t, uint64_t, std::string>>;
std::optional<Said> SaidOutside(const keysweep::Report& report, const std::set<std::string>& control) {
  Said said;
  for (const keysweep::Finding& finding : report.findings) {
    if (finding.total_locations > finding.locations.size()) return std::nullopt;
    if (finding.rule_id.rfind("keysweep.", 0) == 0) continue;
    for (const keysweep::Location& location : finding.locations) {
      if (control.count(location.path) != 0) continue;
      said.emplace(finding.rule_id, location.path, location.line, location.column, finding.fingerprint);
    }
  }
  return said;
}

void Dump(const char* what, const Said& said) {
  fprintf(stderr, "%s:\n", what);
  for (const auto& [rule, path, line, column, fingerprint] : said) {
    fprintf(stderr, "  %s %s:%llu:%llu %s\n", rule.c_str(), path.c_str(), static_cast<unsigned long long>(line),
            static_cast<unsigned long long>(column), fingerprint.c_str());
  }
}

// The property: dropping the control records changes nothing elsewhere.
void CheckSame(const char* mode, const keysweep::Result<keysweep::Report>& with,
               const keysweep::Result<keysweep::Report>& without, const std::set<std::string>& control) {
  if (!without.ok()) return;
  if (!with.ok()) {
    fprintf(stderr, "%s: the control files turned an ok scan into an error: %s\n", mode,
            with.status().message().c_str());
    abort();
  }
  std::optional<Said> a = SaidOutside(*with, control);
  std::optional<Said> b = SaidOutside(*without, control);
  if (getenv("KEYSWEEP_FUZZ_VERBOSE") != nullptr && a && b) {  // for replaying one input by hand
    fprintf(stderr, "%s: %zu and %zu findings\n", mode, with->findings.size(), without->findings.size());
    Dump("with the control records, outside them", *a);
  }
  if (!a || !b || *a == *b) return;
  fprintf(stderr, "%s: the control files changed what the gate reports elsewhere\n", mode);
  Dump("with them", *a);
  Dump("without them", *b);
  abort();
}

struct Fixture {
  std::string root = keysweep::fuzz::PrivateDir("gate");
  std::string cache = keysweep::fuzz::PrivateDir("gate-cache");
};
Fixture* fixture = nullptr;

keysweep::Result<keysweep::Report> Scan(const fs::path& work, keysweep::GitScanMode mode, const std::string& range) {
  keysweep::GitScanRequest request;
  request.repository = work.string();
  request.mode = mode;
  request.range = range;
  request.scan.threads = 1;
  request.scan.cache_dir = fixture->cache;
  request.scan.config_search_dir = work.string();
  request.max_blob_bytes = 1 << 20;
  return keysweep::RunGitScan(request);
}

}  // namespace

// Compiles the rules into the cache once, before the first input: the main
// database and the path-limited one, which a scan compiles on first meeting a
// file it names (an .env file): seconds under ASan, which the first input
// with such a file would otherwise spend and time out on.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
  keysweep::git::InitLibgit2();
  fixture = new Fixture;
  const fs::path warm = fs::path(fixture->root) / "warm";
  fs::create_directories(warm);
  const std::string line = "TOKEN=x\n";
  keysweep::fuzz::WriteFile(warm / "a.env", reinterpret_cast<const uint8_t*>(line.data()), line.size());
  keysweep::ScanRequest request;
  request.paths = {warm.string()};
  request.cache_dir = fixture->cache;
  request.threads = 1;
  if (!keysweep::RunScan(request).ok()) abort();
  std::error_code error;
  fs::remove_all(warm, error);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::vector<Entry> entries = Parse(data, size);
  const fs::path work = fs::path(fixture->root) / "work";
  std::error_code error;
  fs::remove_all(work, error);
  fs::create_directories(work, error);

  git_repository* raw = nullptr;
  git_repository_init_options options;
  git_repository_init_options_init(&options, GIT_REPOSITORY_INIT_OPTIONS_VERSION);
  options.flags = GIT_REPOSITORY_INIT_MKPATH;
  options.initial_head = "main";
  if (git_repository_init_ext(&raw, work.c_str(), &options) != 0) abort();
  keysweep::git::RepositoryPtr repo(raw);
  git_index* raw_index = nullptr;
  if (git_repository_index(&raw_index, repo.get()) != 0) abort();
  keysweep::git::IndexPtr index(raw_index);

  std::set<std::string> head_control;
  std::set<std::string> index_control;
  for (const Entry& entry : entries) {
    if (entry.control && entry.side == Side::kHead) head_control.insert(entry.path);
    if (entry.control && entry.side == Side::kIndex) index_control.insert(entry.path);
  }

  git_oid base, head, head_without;
  Fill(index.get(), entries, {Side::kBase}, false, Side::kBase);
  if (!Commit(repo.get(), index.get(), nullptr, nullptr, &base)) return 0;
  Fill(index.get(), entries, {Side::kBase, Side::kHead}, true, Side::kHead);
  if (!Commit(repo.get(), index.get(), &base, nullptr, &head_without)) return 0;
  Fill(index.get(), entries, {Side::kBase, Side::kHead}, false, Side::kHead);
  if (!Commit(repo.get(), index.get(), &base, "HEAD", &head)) return 0;
  LayWorkTree(work, entries);

  const std::string base_hex = keysweep::git::OidHex(base);
  CheckSame("range", Scan(work, keysweep::GitScanMode::kRange, base_hex + ".." + keysweep::git::OidHex(head)),
            Scan(work, keysweep::GitScanMode::kRange, base_hex + ".." + keysweep::git::OidHex(head_without)),
            head_control);

  const std::set<Side> staged_sides{Side::kBase, Side::kHead, Side::kIndex};
  Fill(index.get(), entries, staged_sides, false, Side::kIndex);
  if (git_index_write(index.get()) != 0) return 0;
  keysweep::Result<keysweep::Report> staged = Scan(work, keysweep::GitScanMode::kStaged, "");
  Fill(index.get(), entries, staged_sides, true, Side::kIndex);
  if (git_index_write(index.get()) != 0) return 0;
  CheckSame("staged", staged, Scan(work, keysweep::GitScanMode::kStaged, ""), index_control);
  return 0;
}
