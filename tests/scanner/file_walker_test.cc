#include "scanner/file_walker.h"

#include <dirent.h>
#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "scanner/path_scan.h"
#include "tests/test_util.h"

namespace keysweep {
namespace {

using testing::BuiltinEngine;
using testing::kFakeKeyId;
using testing::TempDir;

const std::string kLeak = std::string("aws_access_key_id = ") + kFakeKeyId + "\n";
constexpr const char* kLevel = "dd";

// Creates `depth` nested directories named kLevel under `root` and writes
// `name` with `content` at the bottom, through descriptors (the path is far
// beyond PATH_MAX). Holds two descriptors at a time.
void MakeDeepTree(const std::string& root, int depth, const std::string& name, const std::string& content) {
  int fd = open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  REQUIRE(fd >= 0);
  for (int i = 0; i < depth; ++i) {
    REQUIRE(mkdirat(fd, kLevel, 0700) == 0);
    int next = openat(fd, kLevel, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    REQUIRE(next >= 0);
    close(fd);
    fd = next;
  }
  int file = openat(fd, name.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
  REQUIRE(file >= 0);
  REQUIRE(write(file, content.data(), content.size()) == static_cast<ssize_t>(content.size()));
  close(file);
  close(fd);
}

// Removes what MakeDeepTree made (TempDir's removal works by path and stops at PATH_MAX).
void RemoveDeepTree(const std::string& root, int depth, const std::string& name) {
  int fd = open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  REQUIRE(fd >= 0);
  for (int i = 0; i < depth; ++i) {
    int next = openat(fd, kLevel, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    REQUIRE(next >= 0);
    close(fd);
    fd = next;
  }
  unlinkat(fd, name.c_str(), 0);
  for (int i = 0; i < depth; ++i) {
    int up = openat(fd, "..", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    REQUIRE(up >= 0);
    close(fd);
    fd = up;
    REQUIRE(unlinkat(fd, kLevel, AT_REMOVEDIR) == 0);
  }
  close(fd);
}

std::string DeepRelative(int depth, const std::string& name) {
  std::string out;
  for (int i = 0; i < depth; ++i) out += std::string(kLevel) + "/";
  return out + name;
}

size_t OpenDescriptors() {
  size_t count = 0;
  DIR* dir = opendir("/proc/self/fd");
  REQUIRE(dir != nullptr);
  while (struct dirent* entry = readdir(dir)) count += entry->d_name[0] != '.';
  closedir(dir);
  return count;
}

std::string ReadAll(int fd) {
  std::string out;
  char buffer[256];
  ssize_t n;
  while ((n = pread(fd, buffer, sizeof buffer, static_cast<off_t>(out.size()))) > 0) out.append(buffer, static_cast<size_t>(n));
  return out;
}

struct Walked {
  std::vector<std::string> paths;
  std::vector<Diagnostic> diagnostics;
  WalkCounters counters;
};

Walked Walk(const std::string& root, const std::function<void(FileEntry&)>& also = nullptr) {
  static const PathExcludes kNoExcludes;
  Walked walked;
  WalkFiles({root}, kNoExcludes, [&](FileEntry entry) {
    if (also) also(entry);
    walked.paths.push_back(entry.path);
  }, [&](Diagnostic d) { walked.diagnostics.push_back(std::move(d)); }, &walked.counters);
  return walked;
}

TEST_CASE("a key 2,000 directories deep is found, with its full relative path") {
  TempDir dir;
  constexpr int kDepth = 2000;
  MakeDeepTree(dir.path(), kDepth, "creds.cfg", kLeak);
  PathScanOptions options;
  options.paths = {dir.path()};
  options.threads = 2;
  Report report = ScanPaths(BuiltinEngine(), options);
  RemoveDeepTree(dir.path(), kDepth, "creds.cfg");
  for (const Diagnostic& d : report.diagnostics) INFO(d.message);
  CHECK(report.diagnostics.empty());
  REQUIRE(report.findings.size() == 1);
  REQUIRE(report.findings[0].locations.size() == 1);
  CHECK(report.findings[0].locations[0].path == dir.Join(DeepRelative(kDepth, "creds.cfg")));
}

TEST_CASE("a deep walk holds a bounded number of descriptors and still walks back up") {
  TempDir dir;
  constexpr int kDepth = 300;
  MakeDeepTree(dir.path(), kDepth, "bottom.txt", "x\n");
  dir.Write("top.txt", "y\n");
  size_t before = OpenDescriptors();
  size_t at_bottom = 0;
  Walked walked = Walk(dir.path(), [&](FileEntry& entry) {
    if (entry.relative.ends_with("bottom.txt")) at_bottom = OpenDescriptors();
  });
  RemoveDeepTree(dir.path(), kDepth, "bottom.txt");
  CHECK(walked.diagnostics.empty());
  CHECK(walked.paths.size() == 2);
  CHECK(at_bottom > before);
  CHECK(at_bottom <= before + kMaxOpenDirectories + 2);  // + the file's own descriptor and the listing's
  CHECK(OpenDescriptors() == before);
}

TEST_CASE("a directory swapped for a symbolic link after it was listed is not followed") {
  TempDir dir;
  TempDir outside;
  TempDir moved;
  outside.Write("secret.env", kLeak);
  dir.Write("trigger.txt", "first\n");
  constexpr int kDirs = 10;
  for (int i = 0; i < kDirs; ++i) dir.Write("sub" + std::to_string(i) + "/inside.txt", "inside\n");
  bool swapped = false;
  Walked walked = Walk(dir.path(), [&](FileEntry& entry) {
    if (swapped || entry.relative != "trigger.txt") return;
    swapped = true;
    for (int i = 0; i < kDirs; ++i) {
      std::string sub = "sub" + std::to_string(i);
      REQUIRE(rename(dir.Join(sub).c_str(), moved.Join(sub).c_str()) == 0);
      REQUIRE(symlink(outside.path().c_str(), dir.Join(sub).c_str()) == 0);
    }
  });
  CHECK(swapped);
  for (const std::string& path : walked.paths) {
    INFO(path);
    CHECK(path.find("secret.env") == std::string::npos);
  }
  CHECK(walked.paths == std::vector<std::string>{dir.Join("trigger.txt")});
}

TEST_CASE("files are handed over open: a parent swapped afterwards does not change what is read") {
  TempDir dir;
  TempDir outside;
  TempDir moved;
  constexpr int kFiles = 10;
  for (int i = 0; i < kFiles; ++i) {
    std::string name = "f";
    name += std::to_string(i);
    name += ".txt";
    dir.Write("a/" + name, "inside\n");
    outside.Write(name, "outside\n");
  }
  bool swapped = false;
  std::vector<std::string> contents;
  Walked walked = Walk(dir.path(), [&](FileEntry& entry) {
    if (!swapped) {
      swapped = true;
      REQUIRE(rename(dir.Join("a").c_str(), moved.Join("a").c_str()) == 0);
      REQUIRE(symlink(outside.path().c_str(), dir.Join("a").c_str()) == 0);
    }
    CHECK(S_ISREG(entry.stat.st_mode));
    contents.push_back(ReadAll(entry.fd.get()));
  });
  CHECK(walked.paths.size() == kFiles);
  CHECK(contents == std::vector<std::string>(kFiles, "inside\n"));
}

TEST_CASE("a file swapped for a FIFO or a symbolic link after it was listed is skipped, never opened blocking") {
  TempDir dir;
  TempDir outside;
  outside.Write("secret.env", kLeak);
  dir.Write("a/0.txt", "x\n");
  dir.Write("a/1.txt", "x\n");
  bool swapped = false;
  Walked walked = Walk(dir.path(), [&](FileEntry& entry) {
    if (swapped) return;
    swapped = true;
    std::string other = dir.Join(entry.relative == "a/0.txt" ? "a/1.txt" : "a/0.txt");
    REQUIRE(unlink(other.c_str()) == 0);
    REQUIRE(mkfifo(other.c_str(), 0600) == 0);
  });
  CHECK(walked.paths.size() == 1);
  CHECK(walked.counters.skipped == 1);
  CHECK(walked.diagnostics.empty());
}

}  // namespace
}  // namespace keysweep
