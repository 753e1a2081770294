// `keysweep git --staged`: what the next commit would add.
#include "git/added_scan.h"
#include "git/config_changes.h"
#include "git/git_environment.h"
#include "git/git_scans.h"

namespace keysweep::git {

Result<Report> RunStagedScan(const GitScanContext& context) {
  Report report;
  Result<IndexPtr> index = OpenIndex(context.repo);
  if (!index.ok()) return index.status();

  // HEAD's tree, or none in a repository without commits (everything staged is new).
  TreePtr head_tree;
  git_object* raw_head = nullptr;
  int rc = git_revparse_single(&raw_head, context.repo, "HEAD^{tree}");
  if (rc == 0) {
    head_tree.reset(reinterpret_cast<git_tree*>(raw_head));
  } else if (git_repository_head_unborn(context.repo) != 1) {
    return GitError("cannot read HEAD");
  }

  git_diff_options options = AddedLinesDiffOptions();
  git_diff* raw_diff = nullptr;
  if (git_diff_tree_to_index(&raw_diff, context.repo, head_tree.get(), index->get(), &options) != 0) {
    return GitError("cannot compare the index with HEAD");
  }
  DiffPtr diff(raw_diff);
  Result<std::vector<AddedFile>> files = CollectAddedLines(
      diff.get(), context.repo, context.request.max_blob_bytes, &report.diagnostics);
  if (!files.ok()) return files.status();

  FindingBuilder builder(context.setup.config.inline_markers);
  builder.ReportMarkersAsFindings();  // HEAD's trust, not the index's
  AddedContentScanner scanner(context.repo, context.setup.engine, context.setup.excludes,
                              context.request.max_blob_bytes, &report);
  scanner.Scan(*files, Location{}, &builder);
  report.findings = builder.Take();
  for (Finding& finding : StagedConfigChanges(head_tree.get(), index->get(), context.setup.config_files, *files)) {
    report.findings.push_back(std::move(finding));
  }
  report.stats.suppressed += builder.suppressed();
  return report;
}

}  // namespace keysweep::git
