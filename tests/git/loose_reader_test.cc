#include "git/loose_reader.h"

#include <doctest/doctest.h>
#include <zlib.h>

#include <fstream>

#include "tests/git/git_test_repo.h"

namespace keysweep::git {
namespace {

using testing::Describe;
using testing::GitScan;
using testing::GitTestRepo;
using testing::kFakeKeyId;

std::string Deflate(const std::string& raw) {
  uLongf size = compressBound(raw.size());
  std::string out(size, '\0');
  REQUIRE(compress2(reinterpret_cast<Bytef*>(out.data()), &size, reinterpret_cast<const Bytef*>(raw.data()),
                    raw.size(), Z_BEST_SPEED) == Z_OK);
  out.resize(size);
  return out;
}

std::string ErrorOf(const std::string& file_bytes, bool header_only = false) {
  testing::TempDir dir;
  std::string path = dir.Write("object", file_bytes);
  Result<LooseObject> object = ReadLooseObject(path, header_only);
  return object.ok() ? "ok" : object.status().message();
}

TEST_CASE("every loose object reads exactly as git cat-file prints it") {
  GitTestRepo repo;
  repo.Write("a.txt", "hello\n");
  repo.Write("big.bin", std::string(300000, 'x') + "\n");  // spans several inflate chunks
  repo.CommitAll("first");
  repo.Git("tag -a -m release v1");
  std::string objects = repo.path() + "/.git/objects";
  for (const std::string& line : {std::string("HEAD"), std::string("HEAD^{tree}"), std::string("HEAD:a.txt"),
                                  std::string("HEAD:big.bin"), std::string("v1")}) {
    CAPTURE(line);
    std::string id_hex = repo.Git("rev-parse " + line);
    git_oid id;
    REQUIRE(git_oid_fromstr(&id, id_hex.c_str()) == 0);
    Result<LooseObject> object = ReadLooseObject(LooseObjectPath(objects, id), false);
    REQUIRE(object.ok());
    std::string type = repo.Git("cat-file -t " + id_hex);
    CHECK(std::string(git_object_type2string(object->type)) == type);
    CHECK(object->size == std::stoull(repo.Git("cat-file -s " + id_hex)));
    CHECK(object->data.size() == object->size);
    if (type != "tree") {  // trees are binary; their size is checked above
      std::string printed = repo.Git("cat-file " + type + " " + id_hex);  // trimmed of trailing newlines
      CHECK(object->data.substr(0, printed.size()) == printed);
    }
    Result<LooseObject> header = ReadLooseObject(LooseObjectPath(objects, id), true);
    REQUIRE(header.ok());
    CHECK(header->size == object->size);
    CHECK(header->data.empty());
  }
}

TEST_CASE("hostile loose objects are errors, never a hang or an overrun") {
  std::string good = Deflate(std::string("blob 12\0hello world\n", 20));
  CHECK(ErrorOf(good) == "ok");
  // Truncated zlib stream: libgit2 1.5 loops forever on this one.
  CHECK(ErrorOf(good.substr(0, good.size() - 6)).find("truncated loose object") == 0);
  CHECK(ErrorOf(good.substr(0, 4)).find("truncated loose object") == 0);
  // The header understates the size: libgit2 1.5 writes past its buffer.
  CHECK(ErrorOf(Deflate(std::string("blob 4\0this is longer than four", 31))).find("longer than its header") != std::string::npos);
  CHECK(ErrorOf(Deflate(std::string("blob 40\0short", 13))).find("shorter than its header") != std::string::npos);
  // Headers that do not parse.
  for (const std::string& header : {std::string("blub 5\0hello", 12), std::string("blob\0hello", 10),
                                    std::string("blob 5x\0hello", 13), std::string("blob 05\0hello", 13),
                                    std::string("blob 99999999999999999999\0x", 27), std::string(64, 'a')}) {
    CAPTURE(header);
    CHECK(ErrorOf(Deflate(header)).find("without a valid header") != std::string::npos);
  }
  CHECK(ErrorOf("not zlib at all").find("corrupt loose object") == 0);
  CHECK(ErrorOf("").find("cannot read loose object") == 0);
  // A header alone is read without inflating the body.
  Result<LooseObject> huge_header = [&] {
    testing::TempDir dir;
    return ReadLooseObject(dir.Write("o", Deflate(std::string("blob 123456789\0", 15) + "abc")), true);
  }();
  REQUIRE(huge_header.ok());
  CHECK(huge_header->size == 123456789);
}

TEST_CASE("a truncated loose object in a repository is a warning; the rest of the history is scanned") {
  GitTestRepo repo;
  repo.Write("a.env", std::string("k=") + kFakeKeyId + "\n");
  repo.Write("notes.txt", std::string(5000, 'n') + "\n");
  repo.CommitAll("config and notes");
  std::string notes = repo.Git("rev-parse HEAD:notes.txt");
  std::string path = repo.path() + "/.git/objects/" + notes.substr(0, 2) + "/" + notes.substr(2);
  std::string bytes = testing::ReadFile(path);
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes.substr(0, bytes.size() / 2);

  Report history = GitScan(repo.path());
  CHECK(Describe(history, 0) == std::vector<std::string>{"aws.access-key-id a.env:1@"});
  CHECK(testing::HasDiagnostic(history, "truncated loose object"));

  // The staged scan reads through libgit2's diff: the broken blob is an error, not a hang.
  repo.Write("notes.txt", "changed\n");
  repo.Git("add notes.txt");
  GitScanRequest request;
  request.repository = repo.path();
  request.mode = GitScanMode::kStaged;
  Result<Report> staged = RunGitScan(request);
  REQUIRE_FALSE(staged.ok());
  CHECK(staged.status().message().find("truncated loose object") != std::string::npos);
}

}  // namespace
}  // namespace keysweep::git
