#include "core/glob.h"

#include <doctest/doctest.h>
#include <re2/re2.h>

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

TEST_CASE("literal and suffix globs match exactly like their regular expressions") {
  const std::vector<const char*> globs = {".netrc", "**/.aws/credentials", "/build", "vendor/lib/", "*.tfstate",
                                          "**/*.pem", "**/wp-config.php", "docs/**"};
  const std::vector<const char*> paths = {
      ".netrc", "home/u/.netrc", "home/u/.netrc/x", "home/u/x.netrc", "home/u/.netrcx",
      ".aws/credentials", "u/.aws/credentials", "u/.aws/credentials.bak", "u/aws/credentials",
      "build", "build/x.o", "src/build", "vendor/lib", "vendor/lib/a.c", "x/vendor/lib/a.c",
      "a.tfstate", "infra/prod.tfstate", "infra/prod.tfstate.backup", "x.tfstate/inner", ".tfstate",
      "keys/server.pem", "keys/server.pem.txt", "wp-config.php", "site/wp-config.php", "site/wp-config.php.bak",
      "docs", "docs/a.md", "src/docs/a.md", "./docs/a.md"};
  for (const char* glob : globs) {
    GlobSet fast;
    REQUIRE(fast.Add(glob).ok());
    Result<std::string> re = GlobToRegex(glob);
    REQUIRE(re.ok());
    re2::RE2 reference("(?s)" + *re);
    for (const char* path : paths) {
      std::string_view p = path;
      while (p.starts_with("./")) p.remove_prefix(2);
      INFO(glob, " vs ", path);
      CHECK(fast.Matches(path) == re2::RE2::FullMatch(p, reference));
    }
  }
}

}  // namespace
}  // namespace keysweep
