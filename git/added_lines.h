// Internal to git/: what a diff adds. For each file on the new side, its blob,
// its path and the line ranges that are new (context 0: every line on the new
// side of a hunk is added or changed). Renames and copies are followed so a
// moved file does not count as all-new. Binary files are diffed as text.
#ifndef KEYSWEEP_GIT_ADDED_LINES_H_
#define KEYSWEEP_GIT_ADDED_LINES_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/status.h"
#include "git/libgit2_util.h"
#include "scanner/finding.h"

namespace keysweep::git {

// Sorted, non-overlapping [first, last] line ranges, 1-based.
using LineRanges = std::vector<std::pair<uint64_t, uint64_t>>;

struct AddedFile {
  git_oid blob;
  std::string path;
  LineRanges lines;
};

// Diff options for "what did this add": no context, binary as text.
git_diff_options AddedLinesDiffOptions();

// Follows renames in `diff`, then lists what it adds. A blob larger than
// `max_blob_bytes` (--max-blob-mb) on the new side is not diffed nor listed: a
// warning naming the blob and its path goes to `diagnostics`, as in a history
// scan. One that large only on the old side is not read: every line of the
// new file counts as added.
Result<std::vector<AddedFile>> CollectAddedLines(git_diff* diff, git_repository* repo,
                                                 uint64_t max_blob_bytes,
                                                 std::vector<Diagnostic>* diagnostics);

bool Contains(const LineRanges& ranges, uint64_t line);
LineRanges Intersect(const LineRanges& a, const LineRanges& b);

}  // namespace keysweep::git

#endif  // KEYSWEEP_GIT_ADDED_LINES_H_
