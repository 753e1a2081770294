#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tests/git/git_test_repo.h"

namespace keysweep {
namespace {

using testing::Describe;
using testing::GitScan;
using testing::GitTestRepo;
using testing::kFakeKeyId;
using testing::kFakeSecret;

const char* kKeyA = "AKIAZFAKEKEY7TEST2ID";
const char* kKeyB = "ASIAY34FZKBOKMUTVV7A";
const char* kKeyC = "AKIA2FAKEDEPLOY7LOG3";
const char* kKeyD = "AKIAZFAKEREGISTRY3ID";

TEST_CASE("a key committed and deleted later is found at the commit that introduced it") {
  GitTestRepo repo;
  repo.Write("README", "hello\n");
  repo.CommitAll("init");
  repo.Write("config/prod.env", std::string("# prod\nAWS_ACCESS_KEY_ID=") + kKeyA + "\n");
  std::string added = repo.CommitAll("add prod config");
  repo.Git("rm -q config/prod.env");
  repo.CommitAll("remove it");
  Report report = GitScan(repo.path());
  CHECK(Describe(report) ==
        std::vector<std::string>{"aws.access-key-id config/prod.env:2@" + added});
  const Location& where = report.findings[0].locations[0];
  CHECK(where.column == 19);
  REQUIRE(where.git.has_value());
  CHECK(where.git->author_name == "Dev Eloper");
  CHECK(where.git->author_email == "dev@example.test");
  CHECK(where.git->date == "2026-01-02T03:04:05Z");
  CHECK(where.git->commits_containing == 1);
  CHECK(where.git->refs_containing.empty());  // no longer at any tip
}

TEST_CASE("keys on unmerged branches, under tags only, in the stash and in messages are found") {
  GitTestRepo repo;
  repo.Write("a.txt", "base\n");
  repo.CommitAll("init");
  repo.Git("checkout -q -b feature");
  repo.Write("feature.txt", std::string("key ") + kKeyA + "\n");
  std::string feature = repo.CommitAll("feature work");
  repo.Git("checkout -q main");
  repo.Git("checkout -q -b release");
  repo.Write("release.txt", std::string("key ") + kKeyB + "\n");
  std::string release = repo.CommitAll("release");
  repo.Git("tag v1.0");          // lightweight tag keeps it
  repo.Git("checkout -q main");
  repo.Git("branch -q -D release");
  repo.Git(std::string("tag -a v2.0 -m 'annotated, leaking ") + kKeyC + "'");
  repo.Write("a.txt", std::string("work in progress ") + kKeyD + "\n");
  repo.Git("stash -q");
  std::string message_commit = repo.CommitAll(std::string("oops: pasted ") + kFakeKeyId + " in a message");
  (void)message_commit;

  Report report = GitScan(repo.path());
  std::vector<std::string> got = Describe(report, 0);
  std::vector<std::string> want = {
      "aws.access-key-id (commit message):1@",
      "aws.access-key-id (tag v2.0 message):1@",
      "aws.access-key-id a.txt:1@",
      "aws.access-key-id feature.txt:1@",
      "aws.access-key-id release.txt:1@",
  };
  CHECK(got == want);
  for (const Finding& f : report.findings) {
    if (f.secret == kKeyA && f.locations[0].path == "feature.txt") {
      CHECK(f.locations[0].commit == feature);
      CHECK(f.locations[0].git->refs_containing == std::vector<std::string>{"refs/heads/feature"});
    }
    if (f.secret == kKeyB) {
      CHECK(f.locations[0].commit == release);
      CHECK(f.locations[0].git->refs_containing == std::vector<std::string>{"refs/tags/v1.0"});
    }
    if (f.secret == kKeyD) {
      CHECK(f.locations[0].git->refs_containing == std::vector<std::string>{"refs/stash"});
    }
  }
}

TEST_CASE("a secret that enters through a merge's conflict resolution is attributed to the merge") {
  GitTestRepo repo;
  repo.Write("settings.ini", "key = none\n");
  repo.CommitAll("init");
  repo.Git("checkout -q -b other");
  repo.Write("settings.ini", "key = from-other\n");
  repo.CommitAll("other");
  repo.Git("checkout -q main");
  repo.Write("settings.ini", "key = from-main\n");
  repo.CommitAll("main");
  // The merge conflicts; its resolution adds a key neither side had.
  CHECK(repo.GitStatus("merge -q other") != 0);
  repo.Write("settings.ini", std::string("key = ") + kKeyA + "\n");
  std::string merge = repo.CommitAll("merge other");
  Report report = GitScan(repo.path());
  CHECK(Describe(report) == std::vector<std::string>{"aws.access-key-id settings.ini:1@" + merge});

  // --range over the merge blames the merge too, and only it.
  Report range = GitScan(repo.path(), GitScanMode::kRange, "HEAD~2..HEAD");
  CHECK(Describe(range) == std::vector<std::string>{"aws.access-key-id settings.ini:1@" + merge});
}

TEST_CASE("deep delta chains after an aggressive gc are read correctly") {
  GitTestRepo repo;
  std::string text;
  for (int i = 0; i < 200; ++i) text += "line " + std::to_string(i) + " of a long config file\n";
  repo.Write("big.conf", text);
  repo.CommitAll("init");
  std::string leaked;
  for (int i = 0; i < 30; ++i) {
    text += "more " + std::to_string(i) + "\n";
    if (i == 17) text += std::string("aws_access_key_id = ") + kKeyA + "\naws_secret_access_key = " + kFakeSecret + "\n";
    if (i == 23) text = text.substr(0, text.find("aws_access_key_id"));
    repo.Write("big.conf", text);
    std::string id = repo.CommitAll("edit " + std::to_string(i));
    if (i == 17) leaked = id;
  }
  repo.Git("gc -q --aggressive --prune=now");
  Report report = GitScan(repo.path());
  REQUIRE(report.findings.size() == 1);
  CHECK(report.findings[0].companions.size() == 1);
  CHECK(Describe(report) == std::vector<std::string>{"aws.access-key-id big.conf:219@" + leaked});
  CHECK(report.findings[0].locations[0].git->commits_containing == 6);
  CHECK(report.diagnostics.empty());
}

TEST_CASE("dangling objects are scanned only with --all-objects") {
  GitTestRepo repo;
  repo.Write("a.txt", "base\n");
  repo.CommitAll("init");
  repo.Write("a.txt", std::string("base ") + kKeyA + "\n");
  std::string dangling = repo.CommitAll("leak");
  repo.Git("reset -q --hard HEAD~1");
  repo.Git("reflog expire --expire=now --all");
  repo.Write("loose.txt", std::string("blob only ") + kKeyB + "\n");
  repo.Git("hash-object -w loose.txt");
  unlink((repo.path() + "/loose.txt").c_str());
  CHECK(GitScan(repo.path()).findings.empty());
  Report all = GitScan(repo.path(), GitScanMode::kHistory, "", /*all_objects=*/true);
  CHECK(Describe(all) == std::vector<std::string>{"aws.access-key-id (unreachable blob):1@-",
                                                  "aws.access-key-id a.txt:1@" + dangling});
}

TEST_CASE("a shallow clone says what is missing and scans what exists") {
  GitTestRepo origin;
  origin.Write("old.txt", std::string("old ") + kKeyA + "\n");
  origin.CommitAll("old");
  origin.Write("new.txt", std::string("new ") + kKeyB + "\n");
  origin.CommitAll("new");
  testing::TempDir clone_dir;
  origin.Git("clone -q --depth 1 file://" + origin.path() + " " + clone_dir.path() + "/clone");
  Report report = GitScan(clone_dir.path() + "/clone");
  std::vector<std::string> got = Describe(report, 0);
  CHECK(got == std::vector<std::string>{"aws.access-key-id new.txt:1@", "aws.access-key-id old.txt:1@"});
  REQUIRE(report.diagnostics.size() == 1);
  CHECK(report.diagnostics[0].message.find("shallow clone") != std::string::npos);
}

TEST_CASE("a missing object is a diagnostic and the rest of the history is scanned") {
  GitTestRepo repo;
  repo.Write("keep.txt", std::string("key ") + kKeyA + "\n");
  repo.Write("lost.txt", std::string("key ") + kKeyB + "\n");
  repo.CommitAll("two files");
  std::string lost = repo.Git("rev-parse HEAD:lost.txt");
  std::string object = repo.path() + "/.git/objects/" + lost.substr(0, 2) + "/" + lost.substr(2);
  REQUIRE(unlink(object.c_str()) == 0);
  Report report = GitScan(repo.path());
  CHECK(Describe(report, 0) == std::vector<std::string>{"aws.access-key-id keep.txt:1@"});
  REQUIRE(report.diagnostics.size() == 1);
  CHECK(report.diagnostics[0].path == "lost.txt");
  CHECK(report.diagnostics[0].message.find(lost) != std::string::npos);
}

TEST_CASE("hooks and filter drivers of a hostile repository never run") {
  GitTestRepo repo;
  repo.Write("a.txt", std::string("key ") + kKeyA + "\n");
  repo.CommitAll("leak");
  repo.Write("a.txt", std::string("key ") + kKeyA + "\nstaged " + kKeyB + "\n");
  repo.Git("add -A");
  // Now arm the repository: every way git could be made to run a command.
  testing::TempDir sentinel;
  std::string marker = sentinel.Join("pwned");
  repo.Write(".gitattributes", "*.txt filter=evil diff=evil merge=evil\n");
  for (const char* key : {"filter.evil.smudge", "filter.evil.clean", "filter.evil.process",
                          "diff.evil.textconv", "diff.evil.command", "merge.evil.driver",
                          "core.fsmonitor", "core.sshCommand", "core.pager", "core.editor"}) {
    repo.Git(std::string("config ") + key + " 'touch " + marker + "'");
  }
  for (const char* hook : {"pre-commit", "post-checkout", "reference-transaction", "post-index-change"}) {
    repo.Write(std::string(".git/hooks/") + hook, "#!/bin/sh\ntouch " + marker + "\n");
    chmod((repo.path() + "/.git/hooks/" + hook).c_str(), 0755);
  }
  CHECK(GitScan(repo.path()).findings.size() == 1);
  CHECK(GitScan(repo.path(), GitScanMode::kStaged).findings.size() == 1);
  CHECK(GitScan(repo.path(), GitScanMode::kRange, "HEAD").findings.empty());
  // The staged blob is in no commit: --all-objects finds it as an unreachable blob.
  CHECK(GitScan(repo.path(), GitScanMode::kHistory, "", /*all_objects=*/true).findings.size() == 2);
  CHECK(access(marker.c_str(), F_OK) != 0);
}

TEST_CASE("LFS pointers and submodules are named in diagnostics") {
  GitTestRepo repo;
  repo.Write("model.bin",
             "version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n");
  repo.CommitAll("lfs");
  Report report = GitScan(repo.path());
  REQUIRE(report.diagnostics.size() == 1);
  CHECK(report.diagnostics[0].message.find("LFS") != std::string::npos);
}

TEST_CASE("a bare repository is scanned") {
  GitTestRepo repo;
  repo.Write("a.txt", std::string("key ") + kKeyA + "\n");
  repo.CommitAll("leak");
  testing::TempDir bare;
  repo.Git("clone -q --bare . " + bare.path() + "/bare.git");
  CHECK(GitScan(bare.path() + "/bare.git").findings.size() == 1);
}

TEST_CASE("not a repository is an error") {
  testing::TempDir dir;
  GitScanRequest request;
  request.repository = dir.path();
  Result<Report> report = RunGitScan(request);
  CHECK_FALSE(report.ok());
}

}  // namespace
}  // namespace keysweep

namespace keysweep {
namespace {

TEST_CASE("submodules are named, and scanned as their own repositories with --submodules") {
  testing::GitTestRepo library;
  library.Write("secret.txt", "key AKIAZFAKEKEY7TEST2ID\n");
  library.CommitAll("library");
  testing::GitTestRepo app;
  app.Write("main.c", "int main(void) { return 0; }\n");
  app.Git("-c protocol.file.allow=always submodule add -q file://" + library.path() + " vendor/lib");
  app.CommitAll("add library");
  Report plain = testing::GitScan(app.path());
  CHECK(plain.findings.empty());
  REQUIRE(plain.diagnostics.size() == 1);
  CHECK(plain.diagnostics[0].message.find("--submodules") != std::string::npos);

  GitScanRequest request;
  request.repository = app.path();
  request.submodules = true;
  Result<Report> with = RunGitScan(request);
  REQUIRE(with.ok());
  CHECK(testing::Describe(*with, 0) == std::vector<std::string>{"aws.access-key-id vendor/lib/secret.txt:1@"});
}

TEST_CASE("a history scan's progress names each phase after reading objects") {
  testing::GitTestRepo repo;
  repo.Write("a.env", std::string("KEY=") + kFakeKeyId + "\n");
  repo.CommitAll("add");
  std::vector<std::string> lines;
  GitScanRequest request;
  request.repository = repo.path();
  request.progress = [&](const std::string& line) { lines.push_back(line); };
  Result<Report> report = RunGitScan(request);
  REQUIRE(report.ok());
  std::string all;
  for (const std::string& line : lines) all += line + "\n";
  INFO(all);
  CHECK(all.find("indexing history: which path and commit brought each of 1 blobs (walking 1 commits") !=
        std::string::npos);
  CHECK(all.find("finding which commits and refs carry the 1 blobs with findings") != std::string::npos);
  CHECK(all.find("attributing findings") != std::string::npos);
}

}  // namespace
}  // namespace keysweep

namespace keysweep {
namespace {

TEST_CASE("--submodules: the same key in the parent and a submodule is one finding with both locations") {
  testing::GitTestRepo library;
  library.Write("secret.txt", "key AKIAZFAKEKEY7TEST2ID\n");
  library.CommitAll("library");
  testing::GitTestRepo app;
  app.Write("app.env", "KEY=AKIAZFAKEKEY7TEST2ID\n");
  app.Git("-c protocol.file.allow=always submodule add -q file://" + library.path() + " vendor/lib");
  app.CommitAll("add library");
  GitScanRequest request;
  request.repository = app.path();
  request.submodules = true;
  Result<Report> report = RunGitScan(request);
  REQUIRE(report.ok());
  REQUIRE(report->findings.size() == 1);
  CHECK(testing::Describe(*report, 0) ==
        std::vector<std::string>{"aws.access-key-id app.env:1@", "aws.access-key-id vendor/lib/secret.txt:1@"});
}

}  // namespace
}  // namespace keysweep
