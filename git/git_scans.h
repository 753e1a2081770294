// Internal to git/: the three scan kinds behind RunGitScan, sharing one opened
// repository and one prepared setup (engine, excludes, suppressions).
#ifndef KEYSWEEP_GIT_GIT_SCANS_H_
#define KEYSWEEP_GIT_GIT_SCANS_H_

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

}  // namespace keysweep::git

#endif  // KEYSWEEP_GIT_GIT_SCANS_H_
