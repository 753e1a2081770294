// Internal to git/: the four scan kinds behind RunGitScan, sharing one opened
// repository and one prepared setup (engine, excludes, suppressions).
#ifndef KEYSWEEP_GIT_GIT_SCANS_H_
#define KEYSWEEP_GIT_GIT_SCANS_H_

#include <optional>
#include <string>
#include <vector>

#include "git/git_scan.h"
#include "git/libgit2_util.h"

namespace keysweep::git {

struct GitScanContext {
  git_repository* repo;
  const GitScanRequest& request;
  const ScanSetup& setup;
};

// Each returns findings, diagnostics and input stats; RunGitScan adds the rest.
Report RunHistoryScan(const GitScanContext& context);
Result<Report> RunStagedScan(const GitScanContext& context);
Result<Report> RunRangeScan(const GitScanContext& context);
Result<Report> RunPushScan(const GitScanContext& context);

// The commit whose tree configures a scan of what a change adds (README
// "Trust model"): for --range, BASE (nullopt for "..HEAD": no repository
// config); for --pre-push, the remote's old tip of the first ref updated that
// this repository has, else nullopt (a new branch: built-in defaults and the
// command line's files only, failing closed).
Result<std::optional<git_oid>> RangeBase(git_repository* repo, const std::string& range);
std::optional<git_oid> PushBase(git_repository* repo, const std::string& updates);

// The commits reachable from `include` and from none of `exclude`; `label`
// names them in messages ("BASE..HEAD", "the push to origin").
struct CommitSet {
  std::vector<git_oid> include;
  std::vector<git_oid> exclude;
  std::string label;
};

// What those commits add (lines and commit messages), oldest first; merges
// are blamed only for their conflict resolutions.
Result<Report> ScanAddedByCommits(const GitScanContext& context, const CommitSet& commits);

}  // namespace keysweep::git

#endif  // KEYSWEEP_GIT_GIT_SCANS_H_
