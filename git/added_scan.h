// Internal to git/: scans what diffs add. Each blob is read and scanned once
// however many diffs add it; a match is kept only if its secret or one of its
// companions starts on an added line. Not thread-safe: one per scan.
#ifndef KEYSWEEP_GIT_ADDED_SCAN_H_
#define KEYSWEEP_GIT_ADDED_SCAN_H_

#include <memory>
#include <unordered_map>
#include <vector>

#include "core/glob.h"
#include "detectors/engine.h"
#include "git/added_lines.h"
#include "git/libgit2_util.h"
#include "scanner/content_scanner.h"
#include "scanner/finding_builder.h"

namespace keysweep::git {

class AddedContentScanner {
 public:
  AddedContentScanner(git_repository* repo, std::shared_ptr<const Engine> engine,
                      const GlobSet& excludes, uint64_t max_blob_bytes, Report* report);

  // Adds to `builder` the matches on the added lines of `files`; `where`
  // supplies the commit and origin (its path is replaced by each file's).
  void Scan(const std::vector<AddedFile>& files, const Location& where, FindingBuilder* builder);

  // Adds every match in a commit message (all of it is new) at `where`.
  void ScanMessage(std::string_view message, const Location& where, FindingBuilder* builder);

 private:
  const LocatedMatches* MatchesOf(const AddedFile& file);

  git_repository* repo_;
  std::shared_ptr<const Engine> engine_;
  const GlobSet& excludes_;
  uint64_t max_blob_bytes_;  // --max-blob-mb
  Report* report_;
  ContentScanner scanner_;
  std::unordered_map<git_oid, LocatedMatches, OidHash, OidEqual> cache_;
};

}  // namespace keysweep::git

#endif  // KEYSWEEP_GIT_ADDED_SCAN_H_
