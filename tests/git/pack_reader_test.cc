#include "git/pack_reader.h"

#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <map>

#include "git/libgit2_util.h"
#include "git/pack_claims.h"
#include "git/pack_files.h"
#include "tests/git/git_test_repo.h"

namespace keysweep::git {
namespace {

using testing::GitTestRepo;

// A history whose aggressive gc leaves long delta chains, some binary content
// and several object kinds.
void BuildDeltaHistory(const GitTestRepo& repo) {
  std::string text;
  for (int i = 0; i < 300; ++i) text += "setting_" + std::to_string(i) + " = value " + std::to_string(i * 7) + "\n";
  std::string binary;
  for (int i = 0; i < 5000; ++i) binary += static_cast<char>((i * 131) & 0xFF);
  for (int i = 0; i < 40; ++i) {
    text.insert(text.size() / 2, "inserted " + std::to_string(i) + "\n");
    binary[static_cast<size_t>(i * 97)] = static_cast<char>(i);
    repo.Write("config.ini", text);
    repo.Write("data.bin", binary);
    repo.Write("dir/sub/file" + std::to_string(i % 5) + ".txt", text.substr(0, 100 + static_cast<size_t>(i) * 50));
    repo.CommitAll("edit " + std::to_string(i));
    if (i % 10 == 0) repo.Git("tag -a v" + std::to_string(i) + " -m 'release " + std::to_string(i) + "'");
  }
  repo.Git("gc -q --aggressive --prune=now");
}

std::string OnlyPackIndex(const GitTestRepo& repo) {
  std::vector<std::string> idx = PackIndexes(repo.path() + "/.git/objects");
  REQUIRE(idx.size() == 1);
  return idx[0];
}

// Every object decoded from the pack, through ranges cut at `cuts`.
std::map<std::string, std::pair<git_object_t, std::string>> DecodeAll(const PackFile& pack, uint64_t cache_bytes,
                                                                      std::vector<uint32_t> cuts) {
  std::map<std::string, std::pair<git_object_t, std::string>> out;
  const auto& entries = pack.entries();
  cuts.push_back(static_cast<uint32_t>(entries.size()));
  uint32_t begin = 0;
  for (uint32_t end : cuts) {
    PackDecoder decoder(pack, cache_bytes, 1 << 30);
    decoder.DecodeRange(
        begin, end,
        [&](uint32_t i, git_object_t type, std::string_view data) {
          out[OidHex(entries[i].id)] = {type, std::string(data)};
        },
        [&](uint32_t i, PackFailure, const std::string& message) { FAIL("entry ", i, ": ", message); });
    begin = end;
  }
  return out;
}

TEST_CASE("the pack reader decodes every object exactly as libgit2 reads it") {
  GitTestRepo repo;
  BuildDeltaHistory(repo);
  Result<std::unique_ptr<PackFile>> pack = PackFile::Open(OnlyPackIndex(repo));
  REQUIRE(pack.ok());
  const auto& entries = (*pack)->entries();
  size_t deltas = 0;
  for (const PackEntry& e : entries) deltas += e.base != PackEntry::kNoBase;
  REQUIRE(deltas > 50);  // the history really is delta-compressed

  InitLibgit2();
  Result<RepositoryPtr> opened = OpenRepository(repo.path());
  REQUIRE(opened.ok());
  git_odb* raw_odb = nullptr;
  REQUIRE(git_repository_odb(&raw_odb, opened->get()) == 0);
  OdbPtr odb(raw_odb);

  const uint32_t n = static_cast<uint32_t>(entries.size());
  // A roomy cache in one range; a tiny cache (bases decoded again) in three ranges.
  for (auto [cache, cuts] : {std::pair<uint64_t, std::vector<uint32_t>>{64 << 20, {}},
                             std::pair<uint64_t, std::vector<uint32_t>>{1024, {n / 3, 2 * n / 3}}}) {
    auto decoded = DecodeAll(**pack, cache, cuts);
    CHECK(decoded.size() == entries.size());
    for (const PackEntry& e : entries) {
      git_odb_object* object = nullptr;
      REQUIRE(git_odb_read(&object, odb.get(), &e.id) == 0);
      OdbObjectPtr owned(object);
      const auto& [type, data] = decoded[OidHex(e.id)];
      CHECK(type == git_odb_object_type(object));
      CHECK(data == std::string(static_cast<const char*>(git_odb_object_data(object)), git_odb_object_size(object)));
    }
  }
}

// An older, smaller version stored as a delta on a larger whole object: its
// index, and the larger of the delta's own size and its result's (the least
// limit it fits), which its base exceeds.
std::pair<uint32_t, uint64_t> DeltaOnLargerBase(const PackFile& pack) {
  const auto& entries = pack.entries();
  auto decoded = DecodeAll(pack, 64 << 20, {});
  for (uint32_t i = 0; i < entries.size(); ++i) {
    const PackEntry& e = entries[i];
    if (e.base == PackEntry::kNoBase || entries[e.base].base != PackEntry::kNoBase) continue;
    const uint64_t fits = std::max<uint64_t>(decoded[OidHex(e.id)].second.size(), e.size);
    if (fits < entries[e.base].size) return {i, fits};
  }
  FAIL("no delta on a larger whole base");
  return {0, 0};
}

TEST_CASE("a delta whose base exceeds the limit is refused as too large, not left to libgit2") {
  // libgit2 would unpack the whole chain, allocating what each entry claims.
  GitTestRepo repo;
  BuildDeltaHistory(repo);
  Result<std::unique_ptr<PackFile>> pack = PackFile::Open(OnlyPackIndex(repo));
  REQUIRE(pack.ok());
  const auto [delta, limit] = DeltaOnLargerBase(**pack);
  std::vector<std::pair<PackFailure, std::string>> failures;
  PackDecoder decoder(**pack, 1 << 20, limit);
  decoder.DecodeRange(
      delta, delta + 1, [](uint32_t, git_object_t, std::string_view) { FAIL("decoded past the limit"); },
      [&](uint32_t, PackFailure why, const std::string& message) { failures.emplace_back(why, message); });
  REQUIRE(failures.size() == 1);
  CHECK(failures[0].first == PackFailure::kTooLarge);
  CHECK(failures[0].second == "delta base larger than the limit");
}

TEST_CASE("pack index lookups find every object at the offset the whole index gives") {
  GitTestRepo repo;
  BuildDeltaHistory(repo);
  MappedFile idx(OnlyPackIndex(repo));
  std::vector<PackIndexEntry> all = ReadPackIndex(idx);
  REQUIRE(all.size() > 100);
  for (const PackIndexEntry& entry : all) {
    uint64_t offset = 0;
    REQUIRE(FindInPackIndex(idx, entry.id, &offset));
    CHECK(offset == entry.offset);
  }
  git_oid missing = all[0].id;
  missing.id[19] ^= 1;
  uint64_t offset = 0;
  bool known = false;
  for (const PackIndexEntry& entry : all) known |= git_oid_equal(&entry.id, &missing) != 0;
  if (!known) CHECK_FALSE(FindInPackIndex(idx, missing, &offset));
}

TEST_CASE("PackClaims refuses a delta whose chain claims more than the limit, and passes one that fits") {
  GitTestRepo repo;
  BuildDeltaHistory(repo);
  Result<std::unique_ptr<PackFile>> pack = PackFile::Open(OnlyPackIndex(repo));
  REQUIRE(pack.ok());
  const auto& entries = (*pack)->entries();
  const auto [delta, limit] = DeltaOnLargerBase(**pack);
  const PackEntry& base = entries[entries[delta].base];
  PackClaims claims(repo.path() + "/.git/objects");
  CHECK(claims.Check(entries[delta].id, 1 << 30).ok());
  CHECK(claims.Check(base.id, base.size).ok());
  // The delta and its result fit; its base does not.
  Status refused = claims.Check(entries[delta].id, limit);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.message().find("at offset " + std::to_string(base.offset) + ": entry claims") != std::string::npos);
  // An object in none of the packs is left to the other backends.
  git_oid absent{};
  CHECK(claims.Check(absent, 1).ok());
}

TEST_CASE("malformed deltas are rejected, never applied out of bounds") {
  std::string out;
  const std::string base = "0123456789";
  // base size 10, result size 4: copy 4 bytes from offset 2.
  CHECK(ApplyDelta(base, std::string("\x0a\x04\x91\x02\x04", 5), 100, &out).ok());
  CHECK(out == "2345");
  // insert 3 bytes
  CHECK(ApplyDelta(base, std::string("\x0a\x03\x03" "abc", 6), 100, &out).ok());
  CHECK(out == "abc");
  CHECK_FALSE(ApplyDelta(base, std::string("\x0b\x04\x91\x02\x04", 5), 100, &out).ok());  // wrong base size
  CHECK_FALSE(ApplyDelta(base, std::string("\x0a\x04\x91\x08\x04", 5), 100, &out).ok());  // copy past the base
  CHECK_FALSE(ApplyDelta(base, std::string("\x0a\x02\x91\x02\x04", 5), 100, &out).ok());  // past the result
  CHECK_FALSE(ApplyDelta(base, std::string("\x0a\x04\x91\x02", 4), 100, &out).ok());      // truncated
  CHECK_FALSE(ApplyDelta(base, std::string("\x0a\x05\x05" "ab", 5), 100, &out).ok());     // insert past the end
  CHECK_FALSE(ApplyDelta(base, std::string("\x0a\x01\x00", 3), 100, &out).ok());          // reserved op
  CHECK_FALSE(ApplyDelta(base, std::string("\x0a\x04\x91\x02\x04", 5), 3, &out).ok());    // over the limit
  CHECK_FALSE(ApplyDelta(base, std::string("\x0a\x05\x91\x02\x04", 5), 100, &out).ok());  // short result
  CHECK_FALSE(ApplyDelta(base, std::string("\x8a", 1), 100, &out).ok());                  // cut header
}

TEST_CASE("a pack entry claiming more than deflate can produce is rejected before allocating it") {
  GitTestRepo repo;
  repo.Write("zeros.bin", std::string(3000, '\0'));  // inflates 3000 bytes from about 20
  repo.CommitAll("zeros");
  repo.Git("gc -q --prune=now");
  std::string zeros = repo.Git("rev-parse HEAD:zeros.bin");
  std::string idx = OnlyPackIndex(repo);
  uint64_t header_at = 0;
  {
    Result<std::unique_ptr<PackFile>> pack = PackFile::Open(idx);
    REQUIRE(pack.ok());
    for (const PackEntry& e : (*pack)->entries()) {
      if (OidHex(e.id) == zeros) {
        REQUIRE(e.header_bytes == 3);  // type and 4 + 7 + 7 size bits
        header_at = e.offset;
      }
    }
  }
  REQUIRE(header_at > 0);
  // The same header, claiming the most it can: blob, 262143 bytes (0xbf 0xff 0x7f),
  // more than 1032 times the compressed bytes that follow.
  std::string pack_path = idx.substr(0, idx.size() - 4) + ".pack";
  chmod(pack_path.c_str(), 0644);
  int fd = open(pack_path.c_str(), O_WRONLY);
  REQUIRE(fd >= 0);
  REQUIRE(pwrite(fd, "\xbf\xff\x7f", 3, static_cast<off_t>(header_at)) == 3);
  close(fd);
  Result<std::unique_ptr<PackFile>> pack = PackFile::Open(idx);
  REQUIRE(pack.ok());
  std::vector<std::string> failures;
  PackDecoder decoder(**pack, 1 << 20, 1 << 30);
  decoder.DecodeRange(0, static_cast<uint32_t>((*pack)->entries().size()),
                      [](uint32_t, git_object_t, std::string_view) {},
                      [&](uint32_t, PackFailure why, const std::string& message) {
                        CHECK(why == PackFailure::kCorrupt);
                        failures.push_back(message);
                      });
  REQUIRE(failures.size() == 1);
  CHECK(failures[0] == "pack entry claims more than its compressed data can hold");
}

TEST_CASE("a corrupt pack entry is a diagnostic and every other object is still scanned") {
  GitTestRepo repo;
  repo.Write("keep.txt", std::string("key ") + testing::kFakeKeyId + "\n");
  std::string filler;
  for (int i = 0; i < 400; ++i) filler += "filler line " + std::to_string(i) + " with enough text to compress\n";
  repo.Write("lost.txt", filler + "aws_access_key_id = AKIAZFAKEKEY7LOSTXYZ\n");
  repo.CommitAll("two files");
  repo.Git("gc -q --prune=now");
  std::string lost = repo.Git("rev-parse HEAD:lost.txt");
  std::string idx = OnlyPackIndex(repo);
  uint64_t damage_at = 0;
  {
    Result<std::unique_ptr<PackFile>> pack = PackFile::Open(idx);
    REQUIRE(pack.ok());
    for (const PackEntry& e : (*pack)->entries()) {
      if (OidHex(e.id) == lost) damage_at = e.offset + e.header_bytes + (e.end - e.offset - e.header_bytes) / 2;
    }
  }
  REQUIRE(damage_at > 0);
  std::string pack_path = idx.substr(0, idx.size() - 4) + ".pack";
  chmod(pack_path.c_str(), 0644);
  int fd = open(pack_path.c_str(), O_WRONLY);
  REQUIRE(fd >= 0);
  REQUIRE(pwrite(fd, "\xde\xad\xbe\xef\xde\xad\xbe\xef", 8, static_cast<off_t>(damage_at)) == 8);
  close(fd);

  Report report = testing::GitScan(repo.path());
  CHECK(testing::Describe(report, 0) == std::vector<std::string>{"aws.access-key-id keep.txt:1@"});
  bool named = false;
  for (const Diagnostic& d : report.diagnostics) named = named || d.message.find(lost) != std::string::npos ||
                                                                 d.path.find(lost) != std::string::npos;
  CHECK(named);
}

}  // namespace
}  // namespace keysweep::git
