// .gitleaksignore: the accepted findings of gitleaks, honoured so that a
// project moving from gitleaks keeps its suppressions. One entry a line;
// lines starting with '#' and blank lines are skipped:
//
//   <commit>:<file>:<rule-id>:<start-line>   a finding in a git scan
//   <file>:<rule-id>:<start-line>            a finding in a directory scan
//   <32 hex digits>                          a keysweep fingerprint
//
// gitleaks' rule ids are not keysweep's, so a gitleaks entry names a place,
// not a secret: it suppresses every finding location at that file and start
// line (and commit, when given), whatever the rule. A finding loses just the
// locations named; it goes when it has none left. Entries that match nothing,
// and lines of neither form, are ignored. Plain data and pure functions:
// thread-safe.
#ifndef KEYSWEEP_SCANNER_GITLEAKS_IGNORE_H_
#define KEYSWEEP_SCANNER_GITLEAKS_IGNORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "scanner/finding.h"

namespace keysweep {

inline constexpr const char* kGitleaksIgnoreFileName = ".gitleaksignore";

// One gitleaks entry: a place where a finding starts.
struct IgnoredPlace {
  std::optional<std::string> commit;  // the git form's commit; nullopt: any (or none)
  std::string path;                   // as gitleaks wrote it: relative to the scan's root
  uint64_t line = 0;
  bool operator==(const IgnoredPlace&) const = default;
};

struct GitleaksIgnore {
  std::vector<IgnoredPlace> places;
  std::vector<std::string> fingerprints;  // keysweep's own
};

GitleaksIgnore ParseGitleaksIgnore(std::string_view text);

// Errors: the file cannot be read, or is not a regular file of bounded size.
Result<GitleaksIgnore> LoadGitleaksIgnore(const std::string& path);

// Removes the finding locations at an ignored place, counting them as
// suppressed, and the findings left with none. `root` is what entry paths are
// relative to, as report paths are written: the config's folder for directory
// scans, "" for git scans (report paths are the repository's).
// When `root` is absolute, relative report paths are taken from the current
// directory.
void ApplyGitleaksIgnore(const GitleaksIgnore& ignore, const std::string& root, Report* report);

}  // namespace keysweep

#endif  // KEYSWEEP_SCANNER_GITLEAKS_IGNORE_H_
