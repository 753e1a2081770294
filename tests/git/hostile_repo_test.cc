// Hostile and broken repositories: each gives a correct result or a clear
// diagnostic, never a crash, a hang or a command run, and never hides a key
// elsewhere in the history. (Hooks, filter drivers, corrupt packs, missing
// objects and shallow clones are in history_scan_test.cc and pack_reader_test.cc.)
#include <doctest/doctest.h>
#include <unistd.h>

#include <fstream>

#include "tests/git/git_test_repo.h"

namespace keysweep {
namespace {

using testing::Describe;
using testing::GitScan;
using testing::GitTestRepo;
using testing::HasDiagnostic;
using testing::kFakeKeyId;
using testing::RunCli;

const char* const kOtherKeyId = testing::kOtherFakeKeyId;

TEST_CASE("file names and commit messages cannot drive the terminal through the text report") {
  GitTestRepo repo;
  // A name with a newline, a screen-clearing escape, a bell and a title-setting OSC.
  std::string name = "evil\n\x1b[2J\x07\x1b]0;owned\x07.env";
  repo.Write(name, std::string("k=") + kFakeKeyId + "\n");
  repo.Git("add -A");
  repo.Write("message.txt", std::string("fix \x1b[31mred\x1b[0m\r\ncleanup ") + kOtherKeyId + "\n");
  repo.Git("commit -q -F message.txt");
  Report report = GitScan(repo.path());
  REQUIRE(report.findings.size() == 2);

  testing::CliResult text = RunCli({"git", "--color", "never", repo.path()});
  CHECK(text.code == cli::kExitFindings);
  CHECK(text.out.find('\x1b') == std::string::npos);
  CHECK(text.out.find('\x07') == std::string::npos);
  CHECK(text.out.find('\r') == std::string::npos);
  CHECK(text.out.find("evil\\n\\x1b[2J\\x07\\x1b]0;owned\\x07.env:1:3") != std::string::npos);
  CHECK(text.out.find(kOtherKeyId) != std::string::npos);
}

TEST_CASE("a blob larger than --max-blob-mb is named and skipped, loose or packed; the rest is scanned") {
  GitTestRepo repo;
  // 16 MiB of zeros: about 16 KB in git, a thousandfold inflation.
  repo.Write("disk.img", std::string(16 << 20, '\0'));
  repo.Write("a.env", std::string("k=") + kFakeKeyId + "\n");
  repo.CommitAll("image and config");
  for (const char* layout : {"loose", "packed"}) {
    CAPTURE(layout);
    if (std::string(layout) == "packed") repo.Git("repack -adq");
    GitScanRequest request;
    request.repository = repo.path();
    request.max_blob_bytes = 1 << 20;
    Result<Report> report = RunGitScan(request);
    REQUIRE(report.ok());
    CHECK(Describe(*report, 0) == std::vector<std::string>{"aws.access-key-id a.env:1@"});
    CHECK(HasDiagnostic(*report, "blob of 16777216 bytes is larger than --max-blob-mb"));
  }
  testing::CliResult cli = RunCli({"git", "--max-blob-mb", "1", repo.path()});
  CHECK(cli.code == cli::kExitFindings);
  CHECK(cli.err.find("larger than --max-blob-mb") != std::string::npos);
  CHECK(RunCli({"git", "--max-blob-mb", "0", repo.path()}).code == cli::kExitError);
  // Under the default limit the blob is read and scanned like any other.
  CHECK(GitScan(repo.path()).diagnostics.empty());
}

// A repository with a.env committed and b.env (another key) staged; StagedWith
// replaces the index with `bytes` and runs --staged.
struct StagedIndexRepo {
  GitTestRepo repo;
  std::string index;  // the real index, b.env staged
  StagedIndexRepo() {
    repo.Write("a.env", std::string("k=") + kFakeKeyId + "\n");
    repo.CommitAll("config");
    repo.Write("b.env", std::string("k=") + kOtherKeyId + "\n");
    repo.Git("add b.env");
    index = testing::ReadFile(repo.path() + "/.git/index");
  }
  Result<Report> StagedWith(const std::string& bytes) {
    std::ofstream(repo.path() + "/.git/index", std::ios::binary | std::ios::trunc) << bytes;
    GitScanRequest request;
    request.repository = repo.path();
    request.mode = GitScanMode::kStaged;
    return RunGitScan(request);
  }
};

TEST_CASE("a truncated or empty index fails --staged with a clear error; the history scan is unaffected") {
  StagedIndexRepo k;
  for (size_t keep : {k.index.size() / 2, size_t{20}, size_t{0}}) {
    CAPTURE(keep);
    Result<Report> staged = k.StagedWith(k.index.substr(0, keep));
    REQUIRE_FALSE(staged.ok());
    CHECK(staged.status().message().find("index") != std::string::npos);
    CHECK(Describe(GitScan(k.repo.path()), 0) == std::vector<std::string>{"aws.access-key-id a.env:1@"});
  }
}

TEST_CASE("an index whose header claims more entries than it holds is refused before libgit2 sizes for them") {
  StagedIndexRepo k;
  REQUIRE(k.index.size() > 12);
  // Found by fuzz_repo: 2^30 entries in a few hundred bytes made libgit2 ask for 8 GiB.
  for (const std::string& count : {std::string("\x40\x00\x00\x00", 4), std::string("\xff\xff\xff\xff", 4)}) {
    Result<Report> staged = k.StagedWith(std::string(k.index).replace(8, 4, count));
    REQUIRE_FALSE(staged.ok());
    CHECK(staged.status().message().find("corrupt index (claims ") != std::string::npos);
  }
  Result<Report> wrong_version = k.StagedWith(std::string(k.index).replace(4, 4, std::string("\x00\x00\x00\x09", 4)));
  REQUIRE_FALSE(wrong_version.ok());
  CHECK(wrong_version.status().message().find("corrupt index (version 9)") != std::string::npos);
  // The untouched index still reads: the staged key is found.
  Result<Report> fine = k.StagedWith(k.index);
  REQUIRE(fine.ok());
  CHECK(fine->findings.size() == 1);
}

TEST_CASE("100,000 refs: the scan finishes, and a finding names 20 of them and counts all") {
  GitTestRepo repo;
  repo.Write("a.env", std::string("k=") + kFakeKeyId + "\n");
  std::string commit = repo.CommitAll("config");
  // Written as packed-refs directly (creating them one by one with git takes
  // minutes), sorted by name as git writes it: refs/heads/ before refs/tags/.
  std::string heads, tags;
  for (int i = 0; i < 100000; ++i) {
    char name[32];
    snprintf(name, sizeof(name), "r%06d", i);
    (i % 2 ? heads : tags) += commit + (i % 2 ? " refs/heads/" : " refs/tags/") + name + "\n";
  }
  std::ofstream(repo.path() + "/.git/packed-refs") << "# pack-refs with: peeled fully-peeled sorted \n"
                                                   << heads << tags;
  REQUIRE(repo.Git("for-each-ref --count=3 '--format=%(refname)'") ==
          "refs/heads/main\nrefs/heads/r000001\nrefs/heads/r000003");
  Report report = GitScan(repo.path());
  REQUIRE(report.findings.size() == 1);
  const GitOrigin& origin = *report.findings[0].locations[0].git;
  CHECK(origin.refs_containing_count == 100001);
  REQUIRE(origin.refs_containing.size() == kMaxRefsNamed);
  CHECK(origin.refs_containing[0] == "refs/heads/main");
  CHECK(origin.refs_containing[1] == "refs/heads/r000001");
}

TEST_CASE("symlinks out of the tree and hostile submodules are neither followed nor run") {
  testing::TempDir outside;
  outside.Write("outside.env", std::string("k=") + kOtherKeyId + "\n");
  GitTestRepo repo;
  repo.Write("a.env", std::string("k=") + kFakeKeyId + "\n");
  REQUIRE(symlink((outside.path() + "/outside.env").c_str(), (repo.path() + "/link.env").c_str()) == 0);
  REQUIRE(symlink(outside.path().c_str(), (repo.path() + "/linkdir").c_str()) == 0);
  std::string marker = outside.path() + "/pwned";
  repo.Write(".gitmodules", "[submodule \"up\"]\n\tpath = ../../escape\n\turl = ext::sh -c touch% " + marker +
                                "\n[submodule \"x\"]\n\tpath = vendor/x\n\turl = ext::sh -c touch% " + marker + "\n");
  repo.Git("add -A");
  repo.Git("update-index --add --cacheinfo 160000,1111111111111111111111111111111111111111,vendor/x");
  repo.Git("commit -q -m hostile");

  GitScanRequest request;
  request.repository = repo.path();
  request.submodules = true;
  Result<Report> report = RunGitScan(request);
  REQUIRE(report.ok());
  // A committed symlink is a blob holding the target's name: scanned as such, never followed.
  CHECK(Describe(*report, 0) == std::vector<std::string>{"aws.access-key-id a.env:1@"});
  CHECK(HasDiagnostic(*report, "not checked out", "vendor/x"));
  CHECK(access(marker.c_str(), F_OK) != 0);
}

}  // namespace
}  // namespace keysweep
