// GlobSet: a set of gitignore-style path globs, compiled once into one RE2.
//
//   GlobSet excludes;
//   Status s = excludes.Add("fixtures/**");   // anchored at the scan root
//   s = excludes.Add("*.min.js");             // no '/': matches the name at any depth
//   excludes.Matches("web/app.min.js");       // true
//
// Syntax: `*` any run of characters but '/', `?` one character but '/', `[...]`
// a class (`[!...]` negated), `**/` any number of directories, a trailing `/**`
// everything below. A leading '/' anchors to the root; a pattern without '/'
// matches the base name at any depth. A glob that matches a directory matches
// every path below it. Paths are relative and '/'-separated.
//
// The common shapes need no regular expression: a glob that is only literal
// segments (`.netrc`, `**/.aws/credentials`, `vendor/`) or a name suffix
// (`*.tfstate`, `**/*.pem`) is matched segment by segment; the rest share one
// RE2. Matching is linear-time. Add() is not thread-safe; Matches() is const
// and thread-safe.
#ifndef KEYSWEEP_CORE_GLOB_H_
#define KEYSWEEP_CORE_GLOB_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace re2 {
class RE2;
}

namespace keysweep {

class GlobSet {
 public:
  GlobSet();
  ~GlobSet();
  GlobSet(GlobSet&&) noexcept;
  GlobSet& operator=(GlobSet&&) noexcept;

  // Adds a glob; an error names a malformed glob (unclosed '[').
  Status Add(std::string_view glob);
  bool empty() const { return globs_.empty(); }
  const std::vector<std::string>& globs() const { return globs_; }

  // True if the relative path (or one of its parent directories) matches a glob.
  bool Matches(std::string_view relative_path) const;

 private:
  std::vector<std::string> globs_;
  std::vector<std::string> segments_;  // "/a/b/": contiguous segments anywhere ("**/a/b", "a")
  std::vector<std::string> prefixes_;  // "/a/b/": the leading segments ("/a/b", "a/b")
  std::vector<std::string> suffixes_;  // ".ext/": a segment ending in .ext ("*.ext", "**/*.ext")
  std::vector<std::string> regexes_;
  std::unique_ptr<re2::RE2> combined_;  // of regexes_, rebuilt by Add()
};

// Translates one glob into an RE2 pattern (exposed for tests).
Result<std::string> GlobToRegex(std::string_view glob);

}  // namespace keysweep

#endif  // KEYSWEEP_CORE_GLOB_H_
