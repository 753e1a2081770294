#include "git/git_scan.h"

#include <chrono>

#include "git/git_scans.h"

namespace keysweep {

namespace {

// The checked-out submodules of `repo`: (path in the work tree, repository path).
std::vector<std::pair<std::string, std::string>> CheckedOutSubmodules(git_repository* repo) {
  std::vector<std::pair<std::string, std::string>> out;
  const char* workdir = git_repository_workdir(repo);
  if (workdir == nullptr) return out;
  struct Payload {
    std::string workdir;
    std::vector<std::pair<std::string, std::string>>* out;
  } payload{workdir, &out};
  git_submodule_foreach(
      repo,
      [](git_submodule* submodule, const char*, void* data) -> int {
        auto* p = static_cast<Payload*>(data);
        std::string path = git_submodule_path(submodule);
        // A hostile .gitmodules must not lead the scan out of the work tree.
        if (path.empty() || path[0] == '/' || path == ".." || path.starts_with("../") ||
            path.find("/../") != std::string::npos || path.ends_with("/..")) {
          return 0;
        }
        git_repository* sub = nullptr;
        if (git_submodule_open(&sub, submodule) == 0) {
          p->out->push_back({path, git_repository_path(sub)});
          git_repository_free(sub);
        }
        return 0;
      },
      &payload);
  return out;
}

}  // namespace

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
  if (request.submodules) {
    for (const auto& [path, repository] : CheckedOutSubmodules(repo->get())) {
      GitScanRequest sub_request = request;
      sub_request.repository = repository;
      Result<Report> sub = RunGitScan(sub_request);
      if (!sub.ok()) {
        report->diagnostics.push_back({DiagnosticLevel::kWarning, path, "submodule: " + sub.status().message()});
        continue;
      }
      for (Finding& finding : sub->findings) {
        for (Location& location : finding.locations) location.path = path + "/" + location.path;
        report->findings.push_back(std::move(finding));
      }
      for (Diagnostic& d : sub->diagnostics) {
        d.path = path + (d.path.empty() ? "" : "/" + d.path);
        report->diagnostics.push_back(std::move(d));
      }
      report->stats.files += sub->stats.files;
      report->stats.bytes += sub->stats.bytes;
    }
  }
  DescribeRules(*setup->engine, &*report);
  ApplySuppressions(setup->allowed_fingerprints, &*report);
  report->stats.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  SortReport(&*report);
  return report;
}

}  // namespace keysweep
