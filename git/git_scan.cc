#include "git/git_scan.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "git/git_scans.h"
#include "git/repository_files.h"
#include "git/tree_config_source.h"

namespace keysweep {

namespace {

// A submodule of the scanned repository: where it sits in the work tree, and
// its repository's path, or why it cannot be scanned.
struct Submodule {
  std::string path;
  std::string repository;  // empty when skipped
  std::string skipped_because;
};

bool LeavesWorkTree(const std::string& path) {
  return path.empty() || path[0] == '/' || path == ".." || path.starts_with("../") ||
         path.find("/../") != std::string::npos || path.ends_with("/..");
}

// The submodules .gitmodules declares: the checked-out ones with their
// repositories, the others with the reason they are skipped.
std::vector<Submodule> ListSubmodules(git_repository* repo) {
  std::vector<Submodule> out;
  if (git_repository_workdir(repo) == nullptr) return out;
  // libgit2 reads .gitmodules and each submodule's repository with blocking opens.
  if (Status status = git::CheckRegularOrAbsent(std::string(git_repository_workdir(repo)) + ".gitmodules");
      !status.ok()) {
    out.push_back({".gitmodules", "", status.message()});
    return out;
  }
  git_submodule_foreach(
      repo,
      [](git_submodule* submodule, const char*, void* data) -> int {
        auto* out = static_cast<std::vector<Submodule>*>(data);
        Submodule entry{git_submodule_path(submodule), "", ""};
        git_repository* sub = nullptr;
        // A hostile .gitmodules must not lead the scan out of the work tree.
        Status files = Status::Ok();
        if (LeavesWorkTree(entry.path)) {
          entry.skipped_because = "its path leaves the work tree";
        } else if (std::string dir = git_repository_workdir(git_submodule_owner(submodule)) + entry.path;
                   access((dir + "/.git").c_str(), F_OK) == 0 &&
                   !(files = git::CheckRepositoryFilesFrom(dir)).ok()) {
          entry.skipped_because = files.message();
        } else if (git_submodule_open(&sub, submodule) != 0) {
          entry.skipped_because = "not checked out";
        } else {
          entry.repository = git_repository_path(sub);
          git_repository_free(sub);
        }
        out->push_back(std::move(entry));
        return 0;
      },
      &out);
  return out;
}

Result<Report> ScanRepository(const GitScanRequest& request, std::set<std::string>* visited);

// Adds `incoming` to `findings`: one with the rule and fingerprint of a finding
// already there (the same key in the parent and a submodule) joins its
// locations, sorted and without duplicates, so a key is one finding.
void MergeFindings(std::vector<Finding> incoming, std::vector<Finding>* findings) {
  std::map<std::pair<std::string, std::string>, size_t> index;
  for (size_t i = 0; i < findings->size(); ++i) index.emplace(std::make_pair((*findings)[i].rule_id, (*findings)[i].fingerprint), i);
  std::set<size_t> touched;
  for (Finding& finding : incoming) {
    auto [it, added] = index.emplace(std::make_pair(finding.rule_id, finding.fingerprint), findings->size());
    if (added) {
      findings->push_back(std::move(finding));
      continue;
    }
    std::vector<Location>& into = (*findings)[it->second].locations;
    for (Location& location : finding.locations) into.push_back(std::move(location));
    touched.insert(it->second);
  }
  for (size_t i : touched) {
    std::vector<Location>& locations = (*findings)[i].locations;
    std::sort(locations.begin(), locations.end());
    locations.erase(std::unique(locations.begin(), locations.end(),
                                [](const Location& a, const Location& b) { return !(a < b) && !(b < a); }),
                    locations.end());
  }
}

// The tree a scan of what a change adds reads its configuration from (README
// "Trust model"): --range: BASE's; --staged: HEAD's (none before the first
// commit); --pre-push: the remote's old tip's (git_scans.h: PushBase).
Result<std::shared_ptr<const ConfigSource>> TrustedTree(git_repository* repo, const GitScanRequest& request) {
  std::optional<git_oid> base;
  std::string label;
  switch (request.mode) {
    case GitScanMode::kRange: {
      Result<std::optional<git_oid>> range_base = git::RangeBase(repo, request.range);
      if (!range_base.ok()) return range_base.status();
      base = *range_base;
      label = "the base commit";
      break;
    }
    case GitScanMode::kStaged: {
      git_oid head;
      if (git_reference_name_to_id(&head, repo, "HEAD") == 0) base = head;
      label = "HEAD";
      break;
    }
    case GitScanMode::kPush:
      base = git::PushBase(repo, request.push_updates);
      label = "the remote's old tip";
      break;
    case GitScanMode::kHistory: break;
  }
  if (base) label.append(1, ' ').append(git::OidHex(*base), 0, 12);
  return git::TreeConfigSource(repo, base, label);
}

// Scans each checked-out submodule as its own repository and merges its
// findings under the submodule's path. `visited` holds every repository this
// scan has opened, so a submodule that leads back to an enclosing repository
// (possible in a hand-made checkout) is named, not scanned forever.
void ScanSubmodules(git_repository* repo, const GitScanRequest& request, std::set<std::string>* visited,
                    Report* report) {
  for (const Submodule& submodule : ListSubmodules(repo)) {
    auto warn = [&](const std::string& message) {
      report->diagnostics.push_back({DiagnosticLevel::kWarning, submodule.path, "submodule: " + message});
    };
    if (!submodule.repository.empty() && visited->count(submodule.repository) != 0) {
      warn("its repository was already scanned (a loop, or a second path to it): skipped");
      continue;
    }
    if (submodule.repository.empty()) {
      warn(submodule.skipped_because + ": not scanned");
      continue;
    }
    GitScanRequest sub_request = request;
    sub_request.repository = submodule.repository;
    Result<Report> sub = ScanRepository(sub_request, visited);
    if (!sub.ok()) {
      warn(sub.status().message());
      continue;
    }
    for (Finding& finding : sub->findings) {
      for (Location& location : finding.locations) location.path = submodule.path + "/" + location.path;
    }
    MergeFindings(std::move(sub->findings), &report->findings);
    for (Diagnostic& d : sub->diagnostics) {
      d.path = submodule.path + (d.path.empty() ? "" : "/" + d.path);
      report->diagnostics.push_back(std::move(d));
    }
    report->stats.files += sub->stats.files;
    report->stats.bytes += sub->stats.bytes;
  }
}

Result<Report> ScanRepository(const GitScanRequest& request, std::set<std::string>* visited) {
  auto started = std::chrono::steady_clock::now();
  Result<git::RepositoryPtr> repo = git::OpenRepository(request.repository);
  if (!repo.ok()) return repo.status();
  std::string repository_path = git_repository_path(repo->get());
  visited->insert(repository_path);
  // The config lives in the work tree (or, for a bare repository, beside the objects).
  ScanRequest scan = request.scan;
  const char* workdir = git_repository_workdir(repo->get());
  scan.config_search_dir = workdir != nullptr ? workdir : repository_path;
  // A scan of what a change adds takes its configuration from the base side.
  bool added_scan = request.mode != GitScanMode::kHistory;
  if (added_scan) {
    Result<std::shared_ptr<const ConfigSource>> trusted = TrustedTree(repo->get(), request);
    if (!trusted.ok()) return trusted.status();
    scan.trusted_tree = std::move(*trusted);
    scan.work_tree = scan.config_search_dir;
  }
  Result<ScanSetup> setup = PrepareScan(scan);
  if (!setup.ok()) return setup.status();

  git::GitScanContext context{repo->get(), request, *setup};
  Result<Report> report = Status::Error("unknown git scan mode");
  switch (request.mode) {
    case GitScanMode::kHistory: report = git::RunHistoryScan(context); break;
    case GitScanMode::kStaged: report = git::RunStagedScan(context); break;
    case GitScanMode::kRange: report = git::RunRangeScan(context); break;
    case GitScanMode::kPush: report = git::RunPushScan(context); break;
  }
  if (!report.ok()) return report;
  if (request.submodules) ScanSubmodules(repo->get(), request, visited, &*report);
  DescribeRules(*setup->engine, &*report, added_scan);
  ApplySuppressions(setup->allowed_fingerprints, &*report);
  ApplyGitleaksIgnore(setup->gitleaks_ignore, "", &*report);  // report paths are the repository's
  report->stats.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  SortReport(&*report);
  return report;
}

}  // namespace

Result<Report> RunGitScan(const GitScanRequest& request) {
  std::set<std::string> visited;
  return ScanRepository(request, &visited);
}

}  // namespace keysweep
