#include "core/glob.h"

#include <doctest/doctest.h>

namespace keysweep {
namespace {

GlobSet Globs(std::initializer_list<const char*> globs) {
  GlobSet set;
  for (const char* glob : globs) REQUIRE(set.Add(glob).ok());
  return set;
}

TEST_CASE("a glob without a slash matches the name at any depth") {
  GlobSet set = Globs({"*.min.js"});
  CHECK(set.Matches("app.min.js"));
  CHECK(set.Matches("web/static/app.min.js"));
  CHECK_FALSE(set.Matches("app.js"));
  CHECK_FALSE(set.Matches("app.min.js.map"));
}

TEST_CASE("a glob with a slash is anchored at the root") {
  GlobSet set = Globs({"fixtures/*.json"});
  CHECK(set.Matches("fixtures/a.json"));
  CHECK(set.Matches("./fixtures/a.json"));
  CHECK_FALSE(set.Matches("src/fixtures/a.json"));
  CHECK_FALSE(set.Matches("fixtures/sub/a.json"));
}

TEST_CASE("** spans directories and a matched directory covers its contents") {
  GlobSet set = Globs({"fixtures/**", "**/testdata", "docs/**/*.md"});
  CHECK(set.Matches("fixtures/a/b/c.txt"));
  CHECK(set.Matches("fixtures"));
  CHECK(set.Matches("pkg/x/testdata/key.pem"));
  CHECK(set.Matches("testdata/key.pem"));
  CHECK(set.Matches("docs/a.md"));
  CHECK(set.Matches("docs/a/b/c.md"));
  CHECK_FALSE(set.Matches("docs/a/b/c.txt"));
  CHECK_FALSE(set.Matches("fixturesX/a"));
}

TEST_CASE("character classes, ? and escaping of regex metacharacters") {
  GlobSet set = Globs({"file[0-9].txt", "x?.c", "[!a]*.go", "a+b(c).txt"});
  CHECK(set.Matches("file7.txt"));
  CHECK_FALSE(set.Matches("fileA.txt"));
  CHECK(set.Matches("xy.c"));
  CHECK_FALSE(set.Matches("x/.c"));
  CHECK(set.Matches("main.go"));
  CHECK_FALSE(set.Matches("amain.go"));
  CHECK(set.Matches("a+b(c).txt"));
  CHECK_FALSE(set.Matches("aab(c).txt"));
}

TEST_CASE("malformed globs are errors, and an empty set matches nothing") {
  GlobSet set;
  CHECK_FALSE(set.Add("file[0-9.txt").ok());
  CHECK_FALSE(set.Add("").ok());
  CHECK(set.empty());
  CHECK_FALSE(set.Matches("anything"));
}

}  // namespace
}  // namespace keysweep
