#include "core/atomic_file.h"

#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include "tests/test_util.h"

namespace keysweep {
namespace {

using testing::ReadFile;
using testing::TempDir;

mode_t ModeOf(const std::string& path) {
  struct stat st {};
  REQUIRE(lstat(path.c_str(), &st) == 0);
  return st.st_mode;
}

size_t EntriesIn(const std::string& dir) {
  size_t n = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir)) ++n;
  return n;
}

TEST_CASE("a link at the target is replaced by a new file; its target is untouched and keeps its mode") {
  TempDir dir;
  std::string victim = dir.Write("home/.bashrc", "export PATH=/usr/bin\n");
  chmod(victim.c_str(), 0600);
  mkdir(dir.Join("repo").c_str(), 0755);
  std::string report = dir.Join("repo/keysweep.sarif");
  REQUIRE(symlink("../home/.bashrc", report.c_str()) == 0);
  REQUIRE(WriteFileAtomically(report, "{\"runs\": []}\n").ok());
  CHECK(ReadFile(victim) == "export PATH=/usr/bin\n");
  CHECK((ModeOf(victim) & 07777) == 0600);
  CHECK(S_ISREG(ModeOf(report)));
  CHECK(ReadFile(report) == "{\"runs\": []}\n");
  CHECK(EntriesIn(dir.Join("repo")) == 1);  // no temporary file left behind
}

TEST_CASE("a directory, FIFO or device at the target is refused, and nothing is left behind") {
  TempDir dir;
  mkdir(dir.Join("out.json").c_str(), 0755);
  REQUIRE(mkfifo(dir.Join("fifo.json").c_str(), 0644) == 0);
  for (const char* name : {"out.json", "fifo.json"}) {
    Status s = WriteFileAtomically(dir.Join(name), "x");
    REQUIRE_FALSE(s.ok());
    CHECK(s.message().find("not a regular file") != std::string::npos);
  }
  CHECK(S_ISFIFO(ModeOf(dir.Join("fifo.json"))));
  CHECK(EntriesIn(dir.path()) == 2);
  Status device = WriteFileAtomically("/dev/null", "x");
  CHECK_FALSE(device.ok());
  AtomicFileOptions replace;
  replace.replace_special = true;
  CHECK(WriteFileAtomically(dir.Join("fifo.json"), "x", replace).ok());
  CHECK(ReadFile(dir.Join("fifo.json")) == "x");
}

TEST_CASE("an existing file is replaced, its mode is the new file's; exact_mode ignores the umask") {
  TempDir dir;
  std::string path = dir.Write("report.txt", "old, longer content\n");
  chmod(path.c_str(), 0600);
  REQUIRE(WriteFileAtomically(path, "new\n").ok());
  CHECK(ReadFile(path) == "new\n");
  mode_t mask = umask(0);
  umask(mask);
  CHECK((ModeOf(path) & 07777) == (0644 & ~mask));
  AtomicFileOptions exact;
  exact.mode = 0755;
  exact.exact_mode = true;
  REQUIRE(WriteFileAtomically(path, "#!/bin/sh\n", exact).ok());
  CHECK((ModeOf(path) & 07777) == 0755);
}

TEST_CASE("a writer that is not committed leaves the target as it was") {
  TempDir dir;
  std::string path = dir.Write("a.json", "before\n");
  {
    Result<std::unique_ptr<AtomicFile>> file = AtomicFile::Create(path);
    REQUIRE(file.ok());
    (*file)->out() << std::string(200000, 'x');  // past the buffer: bytes reached the temporary
  }
  CHECK(ReadFile(path) == "before\n");
  CHECK(EntriesIn(dir.path()) == 1);
}

TEST_CASE("CreateAt writes inside a directory descriptor; a name with a slash is refused") {
  TempDir dir;
  int fd = open(dir.path().c_str(), O_RDONLY | O_DIRECTORY);
  REQUIRE(fd >= 0);
  CHECK(WriteFileAtomicallyAt(fd, dir.path(), "a.txt", "a").ok());
  CHECK_FALSE(WriteFileAtomicallyAt(fd, dir.path(), "../b.txt", "b").ok());
  close(fd);
  CHECK(ReadFile(dir.Join("a.txt")) == "a");
}

}  // namespace
}  // namespace keysweep
