#include "scanner/path_scan.h"

#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "scanner/scan.h"
#include "tests/test_util.h"

namespace keysweep {
namespace {

using testing::BuiltinEngine;
using testing::kFakeKeyId;
using testing::TempDir;

const std::string kLeak = std::string("aws_access_key_id = ") + kFakeKeyId + "\n";

Report Scan(const std::vector<std::string>& paths, const PathExcludes* excludes = nullptr) {
  PathScanOptions options;
  options.paths = paths;
  options.excludes = excludes;
  options.threads = 2;
  return ScanPaths(BuiltinEngine(), options);
}

std::vector<std::string> Paths(const Finding& finding) {
  std::vector<std::string> out;
  for (const Location& l : finding.locations) out.push_back(l.path);
  return out;
}

TEST_CASE("copies of a content are scanned once and reported in every place") {
  TempDir dir;
  // Not *.env: a path-limited rule names those, and a file a path rule applies
  // to is scanned on its own even when its content was seen before.
  dir.Write("a/creds.cfg", kLeak);
  dir.Write("b/copy.cfg", kLeak);
  dir.Write("c/clean.txt", "nothing here\n");
  Report report = Scan({dir.path()});
  REQUIRE(report.findings.size() == 1);
  CHECK(Paths(report.findings[0]) ==
        std::vector<std::string>{dir.Join("a/creds.cfg"), dir.Join("b/copy.cfg")});
  CHECK(report.stats.files == 3);
  CHECK(report.stats.unique_contents == 2);
}

TEST_CASE("ignored files are scanned, .git is not") {
  TempDir dir;
  dir.Write(".gitignore", "*.env\n");
  dir.Write("secret.env", kLeak);
  dir.Write(".git/config", kLeak);
  dir.Write("sub/.git", kLeak);  // a worktree's gitfile
  Report report = Scan({dir.path()});
  REQUIRE(report.findings.size() == 1);
  CHECK(Paths(report.findings[0]) == std::vector<std::string>{dir.Join("secret.env")});
}

TEST_CASE("excludes skip files and whole directories") {
  TempDir dir;
  dir.Write("fixtures/deep/x.env", kLeak);
  dir.Write("vendor.min.js", kLeak);
  dir.Write("src/app.env", kLeak);
  PathExcludes excludes;
  REQUIRE(excludes.AddScanGlob("fixtures/**").ok());
  REQUIRE(excludes.AddScanGlob("*.min.js").ok());
  Report report = Scan({dir.path()}, &excludes);
  REQUIRE(report.findings.size() == 1);
  CHECK(Paths(report.findings[0]) == std::vector<std::string>{dir.Join("src/app.env")});
  CHECK(report.stats.skipped == 2);
}

TEST_CASE("FIFOs, sockets, symlinks out of the tree and symlink loops never hang the scan") {
  TempDir dir;
  TempDir outside;
  outside.Write("outside.env", kLeak);
  dir.Write("inside.env", kLeak);
  REQUIRE(mkfifo(dir.Join("fifo").c_str(), 0600) == 0);
  REQUIRE(symlink(outside.Join("outside.env").c_str(), dir.Join("link-out").c_str()) == 0);
  REQUIRE(symlink(outside.path().c_str(), dir.Join("dirlink-out").c_str()) == 0);
  REQUIRE(symlink(".", dir.Join("loop").c_str()) == 0);
  REQUIRE(symlink("missing", dir.Join("dangling").c_str()) == 0);
  Report report = Scan({dir.path()});
  REQUIRE(report.findings.size() == 1);
  CHECK(Paths(report.findings[0]) == std::vector<std::string>{dir.Join("inside.env")});
  CHECK(report.stats.skipped == 5);
}

TEST_CASE("a symlinked root is followed; a FIFO root is skipped with a diagnostic") {
  TempDir dir;
  dir.Write("real.env", kLeak);
  REQUIRE(symlink(dir.Join("real.env").c_str(), dir.Join("alias.env").c_str()) == 0);
  REQUIRE(mkfifo(dir.Join("fifo").c_str(), 0600) == 0);
  Report report = Scan({dir.Join("alias.env"), dir.Join("fifo")});
  REQUIRE(report.findings.size() == 1);
  CHECK(Paths(report.findings[0]) == std::vector<std::string>{dir.Join("alias.env")});
  REQUIRE(report.diagnostics.size() == 1);
  CHECK(report.diagnostics[0].message.find("not a regular file") != std::string::npos);
}

TEST_CASE("odd file names are scanned and unreadable files become diagnostics") {
  TempDir dir;
  dir.Write("with space.env", kLeak);
  dir.Write("bad\xff" "name.env", std::string("x=") + "ASIAY34FZKBOKMUTVV7A\n");
  std::string locked = dir.Write("locked/secret.env", kLeak);
  chmod(dir.Join("locked").c_str(), 0);
  Report report = Scan({dir.path()});
  REQUIRE(report.findings.size() == 2);
  if (geteuid() != 0) {  // root reads everything regardless of permissions
    REQUIRE(report.diagnostics.size() == 1);
    CHECK(report.diagnostics[0].message.find("cannot open directory") != std::string::npos);
  }
  chmod(dir.Join("locked").c_str(), 0700);
}

TEST_CASE("standard input is scanned as <stdin>") {
  int fds[2];
  REQUIRE(pipe(fds) == 0);
  REQUIRE(write(fds[1], kLeak.data(), kLeak.size()) == static_cast<ssize_t>(kLeak.size()));
  close(fds[1]);
  PathScanOptions options;
  options.paths = {"-"};
  options.stdin_fd = fds[0];
  Report report = ScanPaths(BuiltinEngine(), options);
  close(fds[0]);
  REQUIRE(report.findings.size() == 1);
  CHECK(report.findings[0].locations[0].path == kStdinPath);
  CHECK(report.findings[0].locations[0].line == 1);
}

TEST_CASE("RunScan: a missing path is an error; inline allow and config fingerprints suppress") {
  TempDir dir;
  ScanRequest request;
  request.paths = {dir.Join("missing")};
  CHECK_FALSE(RunScan(request).ok());

  dir.Write("a.env", std::string("k=") + kFakeKeyId + " # keysweep:allow\n");
  dir.Write("b.env", "k=ASIAY34FZKBOKMUTVV7A\n");
  request.paths = {dir.path()};
  Result<Report> report = RunScan(request);
  REQUIRE(report.ok());
  REQUIRE(report->findings.size() == 1);
  CHECK(report->stats.suppressed == 1);

  dir.Write(".keysweep.json", "{\"allow_fingerprints\": [\"" + report->findings[0].fingerprint + "\"]}");
  testing::ScopedChdir in(dir.path());
  report = RunScan(request);
  REQUIRE(report.ok());
  CHECK(report->findings.empty());
  CHECK(report->stats.suppressed == 2);
}

}  // namespace
}  // namespace keysweep
