// `keysweep git --range BASE..HEAD` and `--since BASE`: what a pull request
// adds; and the scan of what a set of commits adds, which the push scan shares.
#include <map>
#include <optional>

#include "git/added_scan.h"
#include "git/config_changes.h"
#include "git/git_scans.h"
#include "git/provenance.h"

namespace keysweep::git {
namespace {

// --max-blob-mb, and where a blob over it is reported.
struct Limits {
  uint64_t max_blob_bytes;
  std::vector<Diagnostic>* diagnostics;
};

// What `commit` adds relative to `parent_tree` (null: the empty tree).
Result<std::vector<AddedFile>> AddedBy(git_repository* repo, git_tree* parent_tree, git_tree* tree,
                                       const Limits& limits) {
  git_diff_options options = AddedLinesDiffOptions();
  git_diff* raw = nullptr;
  if (git_diff_tree_to_tree(&raw, repo, parent_tree, tree, &options) != 0) {
    return GitError("cannot diff");
  }
  DiffPtr diff(raw);
  return CollectAddedLines(diff.get(), repo, limits.max_blob_bytes, limits.diagnostics);
}

// What a commit adds: against its parent; for a merge, only the lines that are
// new against every parent (the conflict resolution), so a merge is blamed
// for what it introduced and not for what its branches brought.
Result<std::vector<AddedFile>> AddedByCommit(git_repository* repo, const git_oid& id,
                                             const Limits& limits) {
  git_commit* raw = nullptr;
  if (git_commit_lookup(&raw, repo, &id) != 0) return GitError("cannot read commit " + OidHex(id));
  CommitPtr commit(raw);
  Result<TreePtr> tree = CommitTree(repo, id);
  if (!tree.ok()) return tree.status();
  unsigned parents = git_commit_parentcount(commit.get());
  if (parents == 0) return AddedBy(repo, nullptr, tree->get(), limits);
  std::map<std::string, AddedFile> common;
  for (unsigned p = 0; p < parents; ++p) {
    Result<TreePtr> parent_tree = CommitTree(repo, *git_commit_parent_id(commit.get(), p));
    if (!parent_tree.ok()) return parent_tree.status();
    Result<std::vector<AddedFile>> added = AddedBy(repo, parent_tree->get(), tree->get(), limits);
    if (!added.ok()) return added.status();
    if (p == 0) {
      for (AddedFile& file : *added) common[file.path] = std::move(file);
      continue;
    }
    std::map<std::string, AddedFile> next;
    for (AddedFile& file : *added) {
      auto it = common.find(file.path);
      if (it == common.end()) continue;
      file.lines = Intersect(it->second.lines, file.lines);
      if (!file.lines.empty()) next[file.path] = std::move(file);
    }
    common = std::move(next);
  }
  std::vector<AddedFile> out;
  for (auto& [path, file] : common) out.push_back(std::move(file));
  return out;
}

// The range's two ends: BASE (nullopt for "..HEAD") and HEAD.
struct RangeEnds {
  std::string spec;
  std::optional<git_oid> base;
  git_oid head;
};

Result<RangeEnds> ParseRange(git_repository* repo, const std::string& range) {
  RangeEnds ends;
  ends.spec = range;
  if (ends.spec.find("..") == std::string::npos) ends.spec += "..HEAD";
  const std::string& spec = ends.spec;
  git_revspec revspec;
  if (git_revparse(&revspec, repo, spec.c_str()) != 0) {
    return GitError("unknown revision range '" + spec +
                    "' (in CI, fetch enough history: actions/checkout with fetch-depth: 0)");
  }
  ObjectPtr from(revspec.from), to(revspec.to);
  if (!(revspec.flags & kRevspecRange) || to == nullptr) {
    return Status::Error("'" + spec + "' is not a range like BASE..HEAD");
  }
  if (revspec.flags & kRevspecMergeBase) {
    return Status::Error("'" + spec + "': use BASE..HEAD, not BASE...HEAD");
  }
  if (from) {
    git_object* commit = nullptr;
    if (git_object_peel(&commit, from.get(), GIT_OBJECT_COMMIT) != 0) {
      return GitError("'" + spec + "': the base is not a commit");
    }
    ends.base = *git_object_id(commit);
    git_object_free(commit);
  }
  ends.head = *git_object_id(to.get());
  return ends;
}

}  // namespace

Result<std::optional<git_oid>> RangeBase(git_repository* repo, const std::string& range) {
  Result<RangeEnds> ends = ParseRange(repo, range);
  if (!ends.ok()) return ends.status();
  return ends->base;
}

Result<Report> RunRangeScan(const GitScanContext& context) {
  Result<RangeEnds> ends = ParseRange(context.repo, context.request.range);
  if (!ends.ok()) return ends.status();
  CommitSet commits;
  commits.label = ends->spec;
  commits.include.push_back(ends->head);
  if (ends->base) commits.exclude.push_back(*ends->base);
  return ScanAddedByCommits(context, commits);
}

Result<Report> ScanAddedByCommits(const GitScanContext& context, const CommitSet& commits) {
  const std::string& spec = commits.label;
  git_revwalk* raw_walk = nullptr;
  if (git_revwalk_new(&raw_walk, context.repo) != 0) return GitError("cannot walk history");
  RevwalkPtr walk(raw_walk);
  git_revwalk_sorting(walk.get(), GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE);
  for (const git_oid& id : commits.include) {
    if (git_revwalk_push(walk.get(), &id) != 0) return GitError("cannot walk " + spec);
  }
  for (const git_oid& id : commits.exclude) {
    if (git_revwalk_hide(walk.get(), &id) != 0) return GitError("cannot walk " + spec);
  }

  Report report;
  FindingBuilder builder(context.setup.config.inline_markers);
  builder.ReportMarkersAsFindings();  // the base side's trust, not the range's
  std::vector<Finding> config_changes;
  AddedContentScanner scanner(context.repo, context.setup.engine, context.setup.excludes,
                              context.request.max_blob_bytes, &report);
  Limits limits{context.request.max_blob_bytes, &report.diagnostics};
  CommitInfoCache commit_info(context.repo);
  git_oid id;
  int rc;
  while ((rc = git_revwalk_next(&id, walk.get())) == 0) {
    Result<std::vector<AddedFile>> added = AddedByCommit(context.repo, id, limits);
    if (!added.ok()) {
      report.diagnostics.push_back({DiagnosticLevel::kWarning, OidHex(id), added.status().message()});
      continue;
    }
    Location where;
    where.commit = OidHex(id);
    where.git = commit_info.Lookup(id);
    scanner.Scan(*added, where, &builder);
    Result<std::vector<Finding>> changes =
        CommitConfigChanges(context.repo, id, context.setup.config_files, *added, where);
    if (changes.ok()) {
      for (Finding& finding : *changes) config_changes.push_back(std::move(finding));
    } else {
      report.diagnostics.push_back({DiagnosticLevel::kWarning, OidHex(id), changes.status().message()});
    }
    git_commit* raw_commit = nullptr;
    if (git_commit_lookup(&raw_commit, context.repo, &id) == 0) {
      CommitPtr commit(raw_commit);
      where.path = "(commit message)";
      if (const char* message = git_commit_message_raw(commit.get())) {
        scanner.ScanMessage(message, where, &builder);
      }
    }
  }
  if (rc != GIT_ITEROVER) {
    report.diagnostics.push_back({DiagnosticLevel::kWarning, spec, GitError("history walk stopped early").message()});
  }
  report.findings = builder.Take();
  for (Finding& finding : config_changes) report.findings.push_back(std::move(finding));
  report.stats.suppressed += builder.suppressed();
  return report;
}

}  // namespace keysweep::git
