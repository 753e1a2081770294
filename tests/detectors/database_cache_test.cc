// The compiled-rules cache: an altered, corrupt or hostile entry is a miss
// with a note, never a blind scanner or a hung one.
#include "detectors/database_cache.h"

#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "core/hash.h"
#include "detectors/engine.h"
#include "detectors/rule_loader.h"
#include "scanner/content_scanner.h"
#include "tests/test_util.h"

namespace keysweep {
namespace {

using testing::kFakeKeyId;
using testing::RunCli;
using testing::TempDir;

std::vector<std::string> CacheEntries(const std::string& dir) {
  std::vector<std::string> out;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() == ".bin") out.push_back(entry.path().string());
  }
  return out;
}

void Overwrite(const std::string& path, const std::string& bytes) {
  std::filesystem::remove(path);
  std::ofstream(path, std::ios::binary) << bytes;
}

// Sets every per-rule width of the entry at `path` to 1 (layout: database_cache.cc:
// magic, key length and key, rule count, widths ... digest). With
// `recompute_digest`, also rewrites the trailing digest, as an attacker who read
// the code would.
void FlipWidths(const std::string& path, bool recompute_digest) {
  std::string bytes = testing::ReadFile(path);
  REQUIRE(bytes.size() > 32);
  uint32_t key_length, rules;
  memcpy(&key_length, bytes.data() + 8, 4);
  size_t pos = 12 + key_length;
  memcpy(&rules, bytes.data() + pos, 4);
  pos += 4;
  REQUIRE(pos + 4 * size_t{rules} < bytes.size());
  uint32_t one = 1;
  for (uint32_t i = 0; i < rules; ++i) memcpy(bytes.data() + pos + 4 * i, &one, 4);
  if (recompute_digest) {
    size_t body = bytes.size() - 16;
    Hash128 digest = HashBytes(std::string_view(bytes.data(), body));
    memcpy(bytes.data() + body, &digest.high, 8);
    memcpy(bytes.data() + body + 8, &digest.low, 8);
  }
  Overwrite(path, bytes);
}

// Points the CLI's cache at `dir` for the scope (test_main.cc sets a shared one).
class ScopedCacheDir {
 public:
  explicit ScopedCacheDir(const std::string& dir) : previous_(getenv("KEYSWEEP_CACHE_DIR")) {
    setenv("KEYSWEEP_CACHE_DIR", dir.c_str(), 1);
  }
  ~ScopedCacheDir() { setenv("KEYSWEEP_CACHE_DIR", previous_.c_str(), 1); }

 private:
  std::string previous_;
};

TEST_CASE("per-rule widths set to 1 in the cache do not blind the scan") {
  {
    const bool recompute = false;  // an attacker who recomputes the digest is out of reach: database_cache.h
    TempDir cache, tree;
    ScopedCacheDir scoped(cache.path());
    tree.Write("config.env", std::string("AWS_ACCESS_KEY_ID=") + kFakeKeyId + "\n");
    REQUIRE(RunCli({"scan", "-q", "-f", "json", tree.path()}).code == cli::kExitFindings);
    std::vector<std::string> entries = CacheEntries(cache.path());
    REQUIRE(!entries.empty());
    for (const std::string& entry : entries) FlipWidths(entry, recompute);
    testing::CliResult again = RunCli({"scan", "-q", "-f", "json", tree.path()});
    CHECK(again.code == cli::kExitFindings);
    CHECK(again.out.find(kFakeKeyId) != std::string::npos);
  }
}

const char* kKeyRule = R"json({"rules": [{"id": "t.key", "name": "k", "severity": "high",
    "pattern": "(AKIA[A-Z0-9]{16})"}]})json";

std::shared_ptr<const Engine> Create(const std::string& cache_dir) {
  Result<std::vector<Rule>> rules = ParseRuleFile(kKeyRule, "test.json");
  REQUIRE(rules.ok());
  Result<std::shared_ptr<const Engine>> engine = Engine::Create(*rules, {cache_dir});
  REQUIRE(engine.ok());
  return *engine;
}

size_t Matches(const std::shared_ptr<const Engine>& engine) {
  ContentScanner scanner(engine);
  ContentResult result;
  REQUIRE(scanner.ScanBytes(std::string("id = ") + kFakeKeyId + "\n", "a.txt", &result).ok());
  return result.matches.size();
}

TEST_CASE("an altered entry is noted, rebuilt and rewritten; the rewritten one is used") {
  TempDir cache;
  REQUIRE(!Create(cache.path())->loaded_from_cache());
  std::string entry = CacheEntries(cache.path()).at(0);
  CHECK(Create(cache.path())->loaded_from_cache());
  {
    FlipWidths(entry, /*recompute_digest=*/false);
    std::shared_ptr<const Engine> engine = Create(cache.path());
    CHECK_FALSE(engine->loaded_from_cache());
    CHECK(engine->cache_note().find("digest mismatch") != std::string::npos);
    CHECK(Matches(engine) == 1);
    std::shared_ptr<const Engine> rewritten = Create(cache.path());
    CHECK(rewritten->loaded_from_cache());
    CHECK(rewritten->cache_note().empty());
  }
  // Truncated, or one byte changed anywhere: a miss with a note.
  std::string bytes = testing::ReadFile(entry);
  Overwrite(entry, bytes.substr(0, bytes.size() / 2));
  CHECK_FALSE(Create(cache.path())->cache_note().empty());
  bytes[bytes.size() / 2] ^= 1;
  Overwrite(entry, bytes);
  std::shared_ptr<const Engine> flipped = Create(cache.path());
  CHECK(flipped->cache_note().find("digest mismatch") != std::string::npos);
  CHECK(Matches(flipped) == 1);
}

TEST_CASE("an entry copied under another key is refused: entries are bound to their key") {
  TempDir cache;
  Create(cache.path());
  std::string entry = CacheEntries(cache.path()).at(0);
  std::string other = cache.Join("hsdb-0123456789abcdef0123456789abcdef.bin");
  std::filesystem::copy_file(entry, other);
  CachedDatabases loaded = LoadCachedDatabases(cache.path(), "0123456789abcdef0123456789abcdef", 1);
  CHECK(loaded.max_widths.empty());
  CHECK(loaded.main == nullptr);
  CHECK(loaded.problem.find("another key") != std::string::npos);
  CHECK(LoadCachedDatabases(cache.path(), "no-such-entry", 1).problem.empty());  // a plain miss says nothing
}

TEST_CASE("a FIFO or a link at the entry's path is not opened: a note, a rebuild, a regular entry again") {
  TempDir cache, outside;
  Create(cache.path());
  std::string entry = CacheEntries(cache.path()).at(0);
  std::filesystem::remove(entry);
  REQUIRE(mkfifo(entry.c_str(), 0600) == 0);
  std::shared_ptr<const Engine> engine = Create(cache.path());  // used to hang here, in open()
  CHECK_FALSE(engine->loaded_from_cache());
  CHECK(engine->cache_note().find("FIFO") != std::string::npos);
  CHECK(Matches(engine) == 1);
  struct stat st {};
  REQUIRE(lstat(entry.c_str(), &st) == 0);
  CHECK(S_ISREG(st.st_mode));  // the rebuild replaced the FIFO
  std::string target = outside.Write("victim", "keep me\n");
  std::filesystem::remove(entry);
  REQUIRE(symlink(target.c_str(), entry.c_str()) == 0);
  CHECK(Create(cache.path())->cache_note().find("symbolic link") != std::string::npos);
  CHECK(testing::ReadFile(target) == "keep me\n");
  REQUIRE(lstat(entry.c_str(), &st) == 0);
  CHECK(S_ISREG(st.st_mode));
}

}  // namespace
}  // namespace keysweep
