// `keysweep git`: the full-history audit.
#include <algorithm>
#include <map>
#include <mutex>
#include <unordered_map>

#include "git/blob_scan.h"
#include "git/git_scans.h"
#include "git/history_index.h"
#include "git/object_pass.h"
#include "git/provenance.h"
#include "scanner/finding_builder.h"

namespace keysweep::git {
namespace {

// A secret in a file edited often lives in many blob versions, each a
// location. Keeps, per finding and path, only the location of the earliest
// commit (the introduction), and sums what the others carried.
void KeepIntroductions(const HistoryIndex& history, std::vector<Finding>* findings) {
  std::unordered_map<std::string, uint32_t> order;  // commit id -> topological position
  for (const Finding& finding : *findings) {
    for (const Location& location : finding.locations) {
      if (location.commit) order.emplace(*location.commit, UINT32_MAX);
    }
  }
  for (uint32_t i = 0; i < history.commits.size() && !order.empty(); ++i) {
    if (auto it = order.find(OidHex(history.commits[i].id)); it != order.end()) it->second = i;
  }
  auto position = [&](const Location& l) { return l.commit ? order[*l.commit] : UINT32_MAX; };
  for (Finding& finding : *findings) {
    std::map<std::string, Location> first;  // by path
    for (Location& location : finding.locations) {
      auto [it, inserted] = first.try_emplace(location.path, location);
      if (inserted) continue;
      Location& kept = it->second;
      GitOrigin merged = *kept.git;
      merged.commits_containing += location.git->commits_containing;
      // One ref tip holds one version of a path, so the versions' counts add up.
      merged.refs_containing_count += location.git->refs_containing_count;
      merged.refs_containing.insert(merged.refs_containing.end(), location.git->refs_containing.begin(),
                                    location.git->refs_containing.end());
      if (position(location) < position(kept)) kept = location;
      kept.git->commits_containing = merged.commits_containing;
      kept.git->refs_containing = merged.refs_containing;
      kept.git->refs_containing_count = merged.refs_containing_count;
    }
    finding.locations.clear();
    for (auto& [path, location] : first) {
      std::vector<std::string>& refs = location.git->refs_containing;
      std::sort(refs.begin(), refs.end());
      refs.erase(std::unique(refs.begin(), refs.end()), refs.end());
      if (refs.size() > kMaxRefsNamed) refs.resize(kMaxRefsNamed);
      finding.locations.push_back(std::move(location));
    }
  }
}

}  // namespace

Report RunHistoryScan(const GitScanContext& context) {
  const std::shared_ptr<const Engine>& engine = context.setup.engine;
  Report report;
  auto diagnose = [&](Diagnostic d) { report.diagnostics.push_back(std::move(d)); };

  // One parallel pass over every object, in pack order: blobs and messages are
  // scanned as they are read; trees and commits are kept for the walk.
  ObjectPassOptions pass;
  pass.repository_path = git_repository_path(context.repo);
  pass.threads = context.request.scan.threads;
  pass.max_blob_bytes = context.request.max_blob_bytes;
  pass.progress = context.request.progress;
  ObjectStore store = ReadAllObjects(engine, pass, &report.diagnostics);
  // Each later phase says what it does: some take seconds on a large history.
  auto phase = [&](const std::string& line) {
    if (context.request.progress) context.request.progress(line);
  };
  phase("indexing history: which path and commit brought each of " + std::to_string(store.blobs.size()) +
        " blobs (walking " + std::to_string(store.commits.size()) + " commits and their trees)");
  HistoryIndex history = BuildHistoryIndex(context.repo, store, context.request.all_objects, diagnose);

  // The blobs of the history: excluded paths skipped, missing ones named, and
  // those under a path-limited rule's path scanned again with their path.
  std::vector<const LocatedMatches*> matches(history.blobs.size(), nullptr);
  std::vector<git_oid> rescan_ids;
  std::vector<uint32_t> rescan_blobs;
  uint64_t scanned = 0;
  OidSet named_too_large;
  for (uint32_t i = 0; i < history.blobs.size(); ++i) {
    const BlobEntry& blob = history.blobs[i];
    const std::string& path = history.paths[blob.path];
    if (!context.setup.excludes.empty() && context.setup.excludes.Matches(path)) {
      ++report.stats.skipped;
      named_too_large.insert(blob.id);  // excluded: no word about its size either
      continue;
    }
    if (auto big = store.too_large_blobs.find(blob.id); big != store.too_large_blobs.end()) {
      diagnose({DiagnosticLevel::kWarning, path, TooLargeMessage(blob.id, big->second)});
      named_too_large.insert(blob.id);
      continue;
    }
    if (!store.blobs.count(blob.id)) {
      diagnose({DiagnosticLevel::kWarning, path, "blob " + OidHex(blob.id) + " is missing from the repository"});
      continue;
    }
    ++scanned;
    if (blob.commit != kNoCommit && !engine->PathRulesFor(path).empty()) {
      rescan_ids.push_back(blob.id);
      rescan_blobs.push_back(i);
      continue;
    }
    if (auto it = store.blob_matches.find(blob.id); it != store.blob_matches.end()) matches[i] = &it->second;
  }
  for (const auto& [id, size] : store.too_large_blobs) {
    if (!named_too_large.count(id)) diagnose({DiagnosticLevel::kWarning, OidHex(id), TooLargeMessage(id, size)});
  }
  if (!rescan_ids.empty()) {
    phase("rescanning " + std::to_string(rescan_ids.size()) + " blobs at paths that path-limited rules name");
  }
  BlobScanOptions options;
  options.repository_path = pass.repository_path;
  options.threads = context.request.scan.threads;
  options.max_blob_bytes = context.request.max_blob_bytes;
  BlobScanResult rescanned = ScanBlobs(
      engine, rescan_ids, [&](size_t i) { return history.paths[history.blobs[rescan_blobs[i]].path]; }, options);
  for (Diagnostic& d : rescanned.diagnostics) diagnose(std::move(d));
  for (size_t r = 0; r < rescan_blobs.size(); ++r) {
    if (!rescanned.matches[r].empty()) matches[rescan_blobs[r]] = &rescanned.matches[r];
  }

  if (store.lfs_pointers > 0) {
    diagnose({DiagnosticLevel::kWarning, "",
              std::to_string(store.lfs_pointers) +
                  " Git LFS pointer file(s): the pointers were scanned, but the content they "
                  "point to is not in the repository (scan the LFS store separately)"});
  }
  if (history.submodule_entries > 0 && !context.request.submodules) {
    diagnose({DiagnosticLevel::kWarning, "",
              "the history references submodules: their content lives in other repositories "
              "and was not scanned (add --submodules to scan the checked-out ones)"});
  }

  // Which commits and refs still carry each blob that has findings.
  std::vector<uint32_t> found;
  std::vector<size_t> found_index(history.blobs.size(), SIZE_MAX);
  for (uint32_t i = 0; i < history.blobs.size(); ++i) {
    if (matches[i] != nullptr) {
      found_index[i] = found.size();
      found.push_back(i);
    }
  }
  phase("finding which commits and refs carry the " + std::to_string(found.size()) + " blobs with findings");
  Carriers carriers = FindCarriers(history, found);
  phase("attributing findings to the commits that introduced them");

  CommitInfoCache commit_info(context.repo);
  FindingBuilder builder(context.setup.config.inline_markers);
  for (uint32_t i = 0; i < history.blobs.size(); ++i) {
    if (matches[i] == nullptr) continue;
    const BlobEntry& blob = history.blobs[i];
    Location where;
    where.path = history.paths[blob.path];
    if (blob.commit != kNoCommit) {
      const git_oid& commit = history.commits[blob.commit].id;
      where.commit = OidHex(commit);
      where.git = commit_info.Lookup(commit);
    } else {
      where.git = GitOrigin{};
    }
    where.git->commits_containing = carriers.commits[found_index[i]];
    where.git->refs_containing = carriers.refs[found_index[i]];
    where.git->refs_containing_count = carriers.ref_counts[found_index[i]];
    builder.AddAll(engine->rules(), *matches[i], where);
  }
  // Messages of the commits and tags the history reaches.
  auto add_message = [&](const git_oid& id, const std::string& label, const git_oid* commit) {
    auto it = store.message_matches.find(id);
    if (it == store.message_matches.end()) return;
    Location where;
    where.path = label;
    where.git = GitOrigin{};
    if (commit != nullptr) {
      where.commit = OidHex(*commit);
      where.git = commit_info.Lookup(*commit);
      where.git->commits_containing = 1;
    }
    builder.AddAll(engine->rules(), it->second, where);
  };
  for (const CommitNode& commit : history.commits) add_message(commit.id, "(commit message)", &commit.id);
  for (const ReachedTag& tag : history.tags) {
    add_message(tag.id, "(tag " + tag.name + " message)", tag.on_commit ? &tag.commit : nullptr);
  }
  report.findings = builder.Take();
  KeepIntroductions(history, &report.findings);
  report.stats.suppressed += builder.suppressed();
  report.stats.files = scanned;
  report.stats.unique_contents = scanned;
  report.stats.bytes = store.bytes;
  return report;
}

}  // namespace keysweep::git
