// Hostile and broken files: each gives a correct result or a clear
// diagnostic, never a crash or a hang, and never hides a key elsewhere.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/fsuid.h>
#include <sys/stat.h>
#include <unistd.h>

#include <set>

#include "scanner/path_scan.h"
#include "tests/test_util.h"

namespace keysweep {
namespace {

using testing::BuiltinEngine;
using testing::HasDiagnostic;
using testing::kFakeKeyId;
using testing::TempDir;

const char* const kOtherKeyId = testing::kOtherFakeKeyId;

Report Scan(const std::vector<std::string>& paths) {
  PathScanOptions options;
  options.paths = paths;
  options.threads = 2;
  return ScanPaths(BuiltinEngine(), options);
}

// The strings sorted, one per line (doctest prints strings, not sets).
std::string Lines(const std::set<std::string>& places) {
  std::string out;
  for (const std::string& place : places) out += place + "\n";
  return out;
}

// "path:line:column" of every location of every finding, as Lines.
std::string Places(const Report& report) {
  std::set<std::string> places;
  for (const Finding& f : report.findings) {
    for (const Location& l : f.locations) {
      places.insert(l.path + ":" + std::to_string(l.line) + ":" + std::to_string(l.column));
    }
  }
  return Lines(places);
}

TEST_CASE("empty, NUL-filled and invalid UTF-8 files: every key in them is found") {
  TempDir dir;
  dir.Write("empty.txt", "");
  std::string nuls(1 << 20, '\0');
  dir.Write("nul.bin", nuls + "\nk=" + kFakeKeyId + "\n" + nuls);
  dir.Write("bad-utf8.txt", std::string("\xff\xfe\xc3(\xed\xa0\x80\xf8\x88\x80\x80\x80\n") + "k=" + kFakeKeyId +
                                " \xc0\xaf\n");
  Report report = Scan({dir.path()});
  CHECK(Places(report) == Lines({dir.Join("bad-utf8.txt") + ":2:3", dir.Join("nul.bin") + ":2:3"}));
  CHECK(report.diagnostics.empty());
  CHECK(report.stats.files == 3);
}

TEST_CASE("device files, named or linked from the tree, are skipped and never read") {
  TempDir dir;
  dir.Write("a.env", std::string("k=") + kFakeKeyId + "\n");
  REQUIRE(symlink("/dev/zero", dir.Join("zero").c_str()) == 0);
  REQUIRE(symlink("/dev/urandom", dir.Join("random").c_str()) == 0);
  // Reading /dev/zero would never end: finishing at all is the test.
  Report report = Scan({dir.path(), "/dev/zero", "/dev/null"});
  CHECK(Places(report) == Lines({dir.Join("a.env") + ":1:3"}));
  CHECK(HasDiagnostic(report, "not a regular file", "/dev/zero"));
  CHECK(HasDiagnostic(report, "not a regular file", "/dev/null"));
  CHECK(report.stats.skipped >= 2);  // the two links inside the tree
}

TEST_CASE("a file over 4 GiB: keys before and after the 4 GiB mark, with their lines") {
  TempDir dir;
  // A sparse file: the 4 GiB hole takes no space and reads as zeros. On tmpfs
  // a hole reads at memory speed; a disk file system fills the page cache with
  // zeros first (about 10 s here), so /dev/shm is used when there is one.
  std::string path = dir.Join("huge.img");
  std::string in_shm = "/dev/shm/keysweep-test-huge-" + std::to_string(getpid()) + ".img";
  int fd = open(in_shm.c_str(), O_CREAT | O_EXCL | O_WRONLY, 0644);
  if (fd >= 0) {
    path = in_shm;
  } else {
    fd = open(path.c_str(), O_CREAT | O_WRONLY | O_TRUNC, 0644);
  }
  REQUIRE(fd >= 0);
  std::string head = std::string("head ") + kFakeKeyId + "\n";
  std::string tail = std::string("\ntail ") + kOtherKeyId + "\n";
  REQUIRE(write(fd, head.data(), head.size()) == static_cast<ssize_t>(head.size()));
  const off_t tail_at = (off_t{4} << 30) + 12345;
  REQUIRE(pwrite(fd, tail.data(), tail.size(), tail_at) == static_cast<ssize_t>(tail.size()));
  close(fd);
  Report report = Scan({path});
  unlink(path.c_str());
  CHECK(Places(report) == Lines({path + ":1:6", path + ":3:6"}));
  CHECK(report.stats.bytes == static_cast<uint64_t>(tail_at) + tail.size());
  CHECK(report.diagnostics.empty());
}

TEST_CASE("a single line of 100 MB: keys in its middle and at its end, with their columns") {
  TempDir dir;
  std::string line = "var a=\"" + std::string(50'000'000, 'q') + "\",k=\"" + kFakeKeyId + "\",b=\"" +
                     std::string(50'000'000, 'z') + "\";" + kOtherKeyId;
  std::string path = dir.Write("bundle.min.js", line);
  Report report = Scan({path});
  CHECK(Places(report) == Lines({path + ":1:50000013", path + ":1:100000040"}));
  for (const Finding& f : report.findings) {
    CHECK(f.locations[0].snippet.text.size() < 400);  // a snippet, not the line
  }
}

// Drops the file-system identity of this thread (and the scan threads it
// starts) to `nobody` while alive, so permissions apply even when the tests
// run as root. Unprivileged runs need no change.
class AsNobody {
 public:
  AsNobody() {
    if (geteuid() != 0) return;
    setfsgid(65534);
    setfsuid(65534);
    dropped_ = setfsuid(static_cast<uid_t>(-1)) == 65534;
  }
  ~AsNobody() {
    if (geteuid() != 0) return;
    setfsuid(0);
    setfsgid(0);
  }
  bool permissions_apply() const { return geteuid() != 0 || dropped_; }

 private:
  bool dropped_ = false;
};

TEST_CASE("unreadable files and folders are warnings; everything readable is still scanned") {
  TempDir dir;
  chmod(dir.path().c_str(), 0755);
  dir.Write("ok.env", std::string("k=") + kFakeKeyId + "\n");
  std::string locked_file = dir.Write("locked.env", std::string("k=") + kOtherKeyId + "\n");
  dir.Write("locked-dir/inner.env", std::string("k=") + kOtherKeyId + "\n");
  chmod(dir.Join("locked-dir").c_str(), 0755);
  chmod(locked_file.c_str(), 0);
  chmod(dir.Join("locked-dir").c_str(), 0);
  Report report;
  bool permissions_apply = false;
  {
    AsNobody nobody;
    permissions_apply = nobody.permissions_apply();
    report = Scan({dir.path()});
  }
  chmod(dir.Join("locked-dir").c_str(), 0755);
  if (!permissions_apply) {
    MESSAGE("cannot drop root's file-system identity here: the permission half of this test is skipped");
    return;
  }
  CHECK(Places(report) == Lines({dir.Join("ok.env") + ":1:3"}));
  CHECK(HasDiagnostic(report, "ermission denied", locked_file));
  CHECK(HasDiagnostic(report, "ermission denied", dir.Join("locked-dir")));
}

}  // namespace
}  // namespace keysweep
