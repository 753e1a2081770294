// RunGitScans: `keysweep git REPO1 REPO2 ...` and `--repos-from`: one git scan
// (as RunGitScan, each with its own config at its work tree) per repository,
// in the order given. Every finding and diagnostic names its repository. A
// repository that cannot be scanned (not a repository, a broken config) is an
// error diagnostic naming it and counts in Report::failed_repositories; the
// others are still scanned.
// Thread-safe: each call is independent (`each` is called on the caller's thread).
#ifndef KEYSWEEP_GIT_REPOSITORY_LIST_SCAN_H_
#define KEYSWEEP_GIT_REPOSITORY_LIST_SCAN_H_

#include <functional>
#include <string>
#include <vector>

#include "git/git_scan.h"

namespace keysweep {

// Called with each repository's report as soon as it is scanned (for streams).
using RepositoryReportFn = std::function<void(const Report& repository_report)>;

// `request.repository` is ignored; `each` may be null.
Report RunGitScans(const GitScanRequest& request, const std::vector<std::string>& repositories,
                   const RepositoryReportFn& each);

}  // namespace keysweep

#endif  // KEYSWEEP_GIT_REPOSITORY_LIST_SCAN_H_
