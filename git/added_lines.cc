#include "git/added_lines.h"

#include <algorithm>
#include <string>

#include "git/blob_scan.h"

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

namespace {

// The size of `id` from its header (nothing is inflated); 0 when it cannot be read.
uint64_t BlobSize(git_odb* odb, const git_oid& id) {
  if (git_oid_is_zero(&id)) return 0;
  size_t size = 0;
  git_object_t type;
  if (git_odb_read_header(&size, &type, odb, &id) != 0) return 0;
  return size;
}

bool AddsContent(const git_diff_delta& delta) {
  switch (delta.status) {
    case GIT_DELTA_ADDED:
    case GIT_DELTA_MODIFIED:
    case GIT_DELTA_RENAMED:
    case GIT_DELTA_COPIED:
    case GIT_DELTA_TYPECHANGE:
      return (delta.new_file.mode & 0170000) != 0160000;  // not a submodule pointer
    default:
      return false;
  }
}

}  // namespace

Result<std::vector<AddedFile>> CollectAddedLines(git_diff* diff, git_repository* repo,
                                                 uint64_t max_blob_bytes,
                                                 std::vector<Diagnostic>* diagnostics) {
  git_diff_find_options find;
  git_diff_find_options_init(&find, GIT_DIFF_FIND_OPTIONS_VERSION);
  find.flags = GIT_DIFF_FIND_RENAMES | GIT_DIFF_FIND_COPIES;
  if (git_diff_find_similar(diff, &find) != 0) return GitError("cannot detect renames");
  git_odb* raw_odb = nullptr;
  if (git_repository_odb(&raw_odb, repo) != 0) return GitError("cannot open the object database");
  OdbPtr odb(raw_odb);

  std::vector<AddedFile> files;
  // One patch per delta, each blob's size checked first: libgit2 loads both
  // sides of a diff whole, whatever their size.
  for (size_t i = 0, n = git_diff_num_deltas(diff); i < n; ++i) {
    const git_diff_delta* delta = git_diff_get_delta(diff, i);
    if (delta == nullptr || !AddsContent(*delta)) continue;
    AddedFile file{delta->new_file.id, delta->new_file.path ? delta->new_file.path : "", {}};
    if (uint64_t size = BlobSize(odb.get(), delta->new_file.id); size > max_blob_bytes) {
      diagnostics->push_back({DiagnosticLevel::kWarning, file.path, TooLargeMessage(file.blob, size)});
      continue;
    }
    if (BlobSize(odb.get(), delta->old_file.id) > max_blob_bytes) {
      file.lines.push_back({1, UINT64_MAX});  // the old side is not read: all of it is new
      files.push_back(std::move(file));
      continue;
    }
    git_patch* raw_patch = nullptr;
    if (git_patch_from_diff(&raw_patch, diff, i) != 0) return GitError("cannot compute the diff");
    PatchPtr patch(raw_patch);
    if (patch == nullptr) continue;
    for (size_t h = 0, hunks = git_patch_num_hunks(patch.get()); h < hunks; ++h) {
      const git_diff_hunk* hunk = nullptr;
      if (git_patch_get_hunk(&hunk, nullptr, patch.get(), h) != 0) return GitError("cannot compute the diff");
      if (hunk->new_lines <= 0) continue;
      uint64_t first = static_cast<uint64_t>(hunk->new_start);
      file.lines.push_back({first, first + static_cast<uint64_t>(hunk->new_lines) - 1});
    }
    if (file.path.empty() || file.lines.empty()) continue;
    std::sort(file.lines.begin(), file.lines.end());
    files.push_back(std::move(file));
  }
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
