#include "git/repository_files.h"

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "core/regular_file.h"
#include "git/libgit2_util.h"

namespace keysweep::git {
namespace {

constexpr int kMaxIncludeDepth = 10;          // libgit2's config_file.c MAX_INCLUDE_DEPTH
constexpr size_t kMaxRefEntries = 4'000'000;  // files and folders under refs/
// The index: a 12-byte header ("DIRC", version, entry count), entries of at
// least 62 bytes each (stat data, object id, flags; then the path), a 20-byte
// trailing checksum (git's index-format.txt).
constexpr uint64_t kIndexHeaderBytes = 12;
constexpr uint64_t kIndexMinEntryBytes = 62;
constexpr uint64_t kIndexChecksumBytes = 20;

std::string Trim(std::string_view text) {
  size_t begin = text.find_first_not_of(" \t\r");
  if (begin == std::string_view::npos) return "";
  size_t end = text.find_last_not_of(" \t\r");
  return std::string(text.substr(begin, end - begin + 1));
}

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return text;
}

std::string DirectoryOf(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? "." : path.substr(0, slash);
}

// The `path` values of the [include] and [includeIf "..."] sections of a
// config file's text, unquoted. Lenient: a line it cannot parse is skipped,
// and a path checked that libgit2 would not read costs nothing.
std::vector<std::string> IncludePaths(const std::string& text) {
  std::vector<std::string> out;
  bool in_include = false;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = Trim(std::string_view(text).substr(start, end - start));
    start = end + 1;
    if (line.empty() || line[0] == '#' || line[0] == ';') continue;
    if (line[0] == '[') {
      size_t close = line.find(']');
      std::string header = Lower(Trim(line.substr(1, (close == std::string::npos ? line.size() : close) - 1)));
      in_include = header == "include" || header.starts_with("includeif");
      if (close == std::string::npos) continue;
      line = Trim(line.substr(close + 1));  // "[include] path = x" on one line
      if (line.empty()) continue;
    }
    if (!in_include) continue;
    size_t equals = line.find('=');
    if (equals == std::string::npos || Lower(Trim(line.substr(0, equals))) != "path") continue;
    std::string value = Trim(line.substr(equals + 1));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
    if (!value.empty()) out.push_back(value);
  }
  return out;
}

std::string ResolveInclude(const std::string& value, const std::string& including_file) {
  if (value.starts_with("~/")) {
    const char* home = getenv("HOME");
    return std::string(home != nullptr ? home : "") + value.substr(1);
  }
  if (value[0] == '/') return value;
  return DirectoryOf(including_file) + "/" + value;
}

// `config` and, depth first, every config file it includes.
Status CheckConfigChain(const std::string& config, int depth) {
  KS_RETURN_IF_ERROR(CheckRegularOrAbsent(config));
  struct stat st;
  if (stat(config.c_str(), &st) != 0) return Status::Ok();
  Result<std::string> text = ReadRegularFile(config);
  if (!text.ok()) return Status::Error("cannot read the git config " + text.status().message());
  for (const std::string& include : IncludePaths(*text)) {
    std::string target = ResolveInclude(include, config);
    if (depth + 1 > kMaxIncludeDepth) {
      return Status::Error(config + ": config includes nested more than " + std::to_string(kMaxIncludeDepth) +
                           " deep");
    }
    KS_RETURN_IF_ERROR(CheckConfigChain(target, depth + 1));
  }
  return Status::Ok();
}

// Every file under `dir` (refs/): regular, or an error naming it. Symbolic
// links to folders are not descended (git does not either).
Status CheckTree(const std::string& dir, size_t* budget) {
  DIR* handle = opendir(dir.c_str());
  if (handle == nullptr) return Status::Ok();
  Status status = Status::Ok();
  while (struct dirent* entry = readdir(handle)) {
    std::string name = entry->d_name;
    if (name == "." || name == "..") continue;
    if (*budget == 0) {
      status = Status::Error(dir + ": more than " + std::to_string(kMaxRefEntries) + " entries under refs/");
      break;
    }
    --*budget;
    std::string path = dir + "/" + name;
    struct stat st;
    if (lstat(path.c_str(), &st) != 0) continue;
    if (S_ISDIR(st.st_mode)) {
      status = CheckTree(path, budget);
    } else {
      status = CheckRegularOrAbsent(path);
    }
    if (!status.ok()) break;
  }
  closedir(handle);
  return status;
}

}  // namespace

Status CheckRegularOrAbsent(const std::string& path) {
  struct stat st;
  if (stat(path.c_str(), &st) != 0 || S_ISREG(st.st_mode)) return Status::Ok();
  return Status::Error(path + ": is " + FileKindName(st.st_mode) +
                       ", not a regular file: not opened (a repository's files must be regular files)");
}

Status CheckIndexFile(const std::string& path) {
  struct stat st;
  if (stat(path.c_str(), &st) != 0) return Status::Ok();
  uint64_t size = 0;
  Result<int> fd = OpenRegularFile(path, Symlinks::kFollow, &size);
  if (!fd.ok()) return fd.status();
  unsigned char header[kIndexHeaderBytes];
  ssize_t got = pread(*fd, header, sizeof(header), 0);
  close(*fd);
  auto corrupt = [&](const std::string& why) {
    return Status::Error(path + ": corrupt index (" + why + "): not read");
  };
  if (got != static_cast<ssize_t>(sizeof(header)) || std::string_view(reinterpret_cast<char*>(header), 4) != "DIRC") {
    return corrupt("no DIRC header");
  }
  auto be32 = [&](int at) {
    return uint64_t{header[at]} << 24 | uint64_t{header[at + 1]} << 16 | uint64_t{header[at + 2]} << 8 |
           uint64_t{header[at + 3]};
  };
  uint64_t version = be32(4);
  if (version < 2 || version > 4) return corrupt("version " + std::to_string(version));
  uint64_t entries = be32(8);
  uint64_t room = size < kIndexHeaderBytes + kIndexChecksumBytes
                      ? 0
                      : (size - kIndexHeaderBytes - kIndexChecksumBytes) / kIndexMinEntryBytes;
  if (entries > room) {
    return corrupt("claims " + std::to_string(entries) + " entries in " + std::to_string(size) + " bytes");
  }
  return Status::Ok();
}

Status CheckObjectDirectoryFiles(const std::string& objects_dir) {
  for (const char* name : {"/info/commit-graph", "/pack/multi-pack-index"}) {
    KS_RETURN_IF_ERROR(CheckRegularOrAbsent(objects_dir + name));
  }
  for (const char* sub : {"/pack", "/info/commit-graphs"}) {
    std::string dir = objects_dir + sub;
    DIR* handle = opendir(dir.c_str());
    if (handle == nullptr) continue;
    Status status = Status::Ok();
    while (struct dirent* entry = readdir(handle)) {
      std::string name = entry->d_name;
      if (name == "." || name == "..") continue;
      if (!(status = CheckRegularOrAbsent(dir + "/" + name)).ok()) break;
    }
    closedir(handle);
    KS_RETURN_IF_ERROR(status);
  }
  return Status::Ok();
}

Status CheckRepositoryFiles(const std::string& git_dir_in) {
  std::string git_dir = git_dir_in;
  while (git_dir.size() > 1 && git_dir.back() == '/') git_dir.pop_back();
  std::vector<std::string> dirs{git_dir};
  std::string commondir_file = git_dir + "/commondir";
  KS_RETURN_IF_ERROR(CheckRegularOrAbsent(commondir_file));
  struct stat st;
  if (stat(commondir_file.c_str(), &st) == 0) {
    Result<std::string> common = ReadRegularFile(commondir_file, 1 << 20);
    if (!common.ok()) return common.status();
    std::string path = Trim(*common);
    if (!path.empty()) dirs.push_back(path[0] == '/' ? path : git_dir + "/" + path);
  }
  for (const std::string& dir : dirs) {
    for (const char* name : {"HEAD", "ORIG_HEAD", "FETCH_HEAD", "MERGE_HEAD", "CHERRY_PICK_HEAD",
                             "REVERT_HEAD", "packed-refs", "index", "shallow", "gitdir", "info/attributes",
                             "info/exclude", "info/grafts", "objects/info/alternates"}) {
      KS_RETURN_IF_ERROR(CheckRegularOrAbsent(dir + "/" + name));
    }
    KS_RETURN_IF_ERROR(CheckConfigChain(dir + "/config", 0));
    KS_RETURN_IF_ERROR(CheckConfigChain(dir + "/config.worktree", 0));
    size_t budget = kMaxRefEntries;
    KS_RETURN_IF_ERROR(CheckTree(dir + "/refs", &budget));
    KS_RETURN_IF_ERROR(CheckObjectDirectoryFiles(dir + "/objects"));
  }
  return Status::Ok();
}

Status CheckRepositoryFilesFrom(const std::string& start, const char* ceilings, bool across_fs) {
  InitLibgit2();
  // Discovery reads only regular files (it stats .git, HEAD and commondir first).
  git_buf found{};  // all zero: what GIT_BUF_INIT (1.4 and later) spells out
  if (git_repository_discover(&found, start.c_str(), across_fs ? 1 : 0, ceilings) != 0) return Status::Ok();
  std::string git_dir(found.ptr, found.size);
  git_buf_dispose(&found);
  return CheckRepositoryFiles(git_dir);
}

}  // namespace keysweep::git
