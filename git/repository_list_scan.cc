#include "git/repository_list_scan.h"

#include "scanner/report_merge.h"

namespace keysweep {
namespace {

// One repository's report, or the error diagnostic saying why there is none.
Report ScanOne(const GitScanRequest& request, const std::string& repository) {
  GitScanRequest one = request;
  one.repository = repository;
  Result<Report> scanned = RunGitScan(one);
  Report report;
  if (scanned.ok()) {
    report = std::move(*scanned);
  } else {
    report.diagnostics.push_back({DiagnosticLevel::kError, "", "not scanned: " + scanned.status().message(), ""});
    report.failed_repositories = 1;
  }
  for (Finding& finding : report.findings) finding.repository = repository;
  for (Diagnostic& diagnostic : report.diagnostics) diagnostic.repository = repository;
  return report;
}

}  // namespace

Report RunGitScans(const GitScanRequest& request, const std::vector<std::string>& repositories,
                   const RepositoryReportFn& each) {
  Report all;
  for (const std::string& repository : repositories) {
    Report report = ScanOne(request, repository);
    if (each) each(report);
    MergeReport(std::move(report), &all);
  }
  return all;
}

}  // namespace keysweep
