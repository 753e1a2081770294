#include "git/git_scan.h"

#include <chrono>

#include "git/git_scans.h"

namespace keysweep {

Result<Report> RunGitScan(const GitScanRequest& request) {
  auto started = std::chrono::steady_clock::now();
  Result<git::RepositoryPtr> repo = git::OpenRepository(request.repository);
  if (!repo.ok()) return repo.status();
  // The config lives in the work tree (or, for a bare repository, beside the objects).
  ScanRequest scan = request.scan;
  const char* workdir = git_repository_workdir(repo->get());
  scan.paths = {workdir != nullptr ? workdir : git_repository_path(repo->get())};
  Result<ScanSetup> setup = PrepareScan(scan);
  if (!setup.ok()) return setup.status();

  git::GitScanContext context{repo->get(), request, *setup};
  Result<Report> report = Status::Error("unknown git scan mode");
  switch (request.mode) {
    case GitScanMode::kHistory: report = git::RunHistoryScan(context); break;
    case GitScanMode::kStaged: report = git::RunStagedScan(context); break;
    case GitScanMode::kRange: report = git::RunRangeScan(context); break;
  }
  if (!report.ok()) return report;
  DescribeRules(*setup->engine, &*report);
  ApplySuppressions(setup->allowed_fingerprints, &*report);
  report->stats.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  SortReport(&*report);
  return report;
}

}  // namespace keysweep
