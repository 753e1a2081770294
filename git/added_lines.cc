#include "git/added_lines.h"

#include <algorithm>

namespace keysweep::git {

git_diff_options AddedLinesDiffOptions() {
  // The init functions, not the _INIT macros: clang warns on their partial initializers.
  git_diff_options options;
  git_diff_options_init(&options, GIT_DIFF_OPTIONS_VERSION);
  options.context_lines = 0;
  options.interhunk_lines = 0;
  options.flags = GIT_DIFF_FORCE_TEXT;
  return options;
}

Result<std::vector<AddedFile>> CollectAddedLines(git_diff* diff) {
  git_diff_find_options find;
  git_diff_find_options_init(&find, GIT_DIFF_FIND_OPTIONS_VERSION);
  find.flags = GIT_DIFF_FIND_RENAMES | GIT_DIFF_FIND_COPIES;
  if (git_diff_find_similar(diff, &find) != 0) return GitError("cannot detect renames");

  std::vector<AddedFile> files;
  auto file_cb = [](const git_diff_delta* delta, float, void* payload) -> int {
    auto* out = static_cast<std::vector<AddedFile>*>(payload);
    switch (delta->status) {
      case GIT_DELTA_ADDED:
      case GIT_DELTA_MODIFIED:
      case GIT_DELTA_RENAMED:
      case GIT_DELTA_COPIED:
      case GIT_DELTA_TYPECHANGE:
        if ((delta->new_file.mode & 0170000) == 0160000) break;  // submodule pointer
        out->push_back(AddedFile{delta->new_file.id, delta->new_file.path ? delta->new_file.path : "", {}});
        break;
      default:
        out->push_back(AddedFile{});  // placeholder: hunks of deleted files add nothing
        out->back().path.clear();
        break;
    }
    return 0;
  };
  auto hunk_cb = [](const git_diff_delta*, const git_diff_hunk* hunk, void* payload) -> int {
    auto* out = static_cast<std::vector<AddedFile>*>(payload);
    if (out->empty() || hunk->new_lines <= 0) return 0;
    uint64_t first = static_cast<uint64_t>(hunk->new_start);
    out->back().lines.push_back({first, first + static_cast<uint64_t>(hunk->new_lines) - 1});
    return 0;
  };
  if (git_diff_foreach(diff, file_cb, nullptr, hunk_cb, nullptr, &files) != 0) {
    return GitError("cannot compute the diff");
  }
  files.erase(std::remove_if(files.begin(), files.end(),
                             [](const AddedFile& f) { return f.path.empty() || f.lines.empty(); }),
              files.end());
  for (AddedFile& file : files) std::sort(file.lines.begin(), file.lines.end());
  return files;
}

bool Contains(const LineRanges& ranges, uint64_t line) {
  auto it = std::upper_bound(ranges.begin(), ranges.end(), std::make_pair(line, UINT64_MAX));
  return it != ranges.begin() && std::prev(it)->second >= line;
}

LineRanges Intersect(const LineRanges& a, const LineRanges& b) {
  LineRanges out;
  size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    uint64_t first = std::max(a[i].first, b[j].first);
    uint64_t last = std::min(a[i].second, b[j].second);
    if (first <= last) out.push_back({first, last});
    (a[i].second < b[j].second) ? ++i : ++j;
  }
  return out;
}

}  // namespace keysweep::git
