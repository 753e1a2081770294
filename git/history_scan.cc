// `keysweep git`: the full-history audit.
#include <algorithm>
#include <map>
#include <mutex>
#include <unordered_map>

#include "git/blob_scan.h"
#include "git/git_scans.h"
#include "git/history_index.h"
#include "git/provenance.h"
#include "scanner/finding_builder.h"

namespace keysweep::git {
namespace {

// Matches found in one commit or tag message.
struct MessageMatches {
  git_oid commit;
  bool has_commit;
  std::string label;
  std::vector<ContentMatch> matches;
};

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
      merged.refs_containing.insert(merged.refs_containing.end(), location.git->refs_containing.begin(),
                                    location.git->refs_containing.end());
      if (position(location) < position(kept)) kept = location;
      kept.git->commits_containing = merged.commits_containing;
      kept.git->refs_containing = merged.refs_containing;
    }
    finding.locations.clear();
    for (auto& [path, location] : first) {
      std::vector<std::string>& refs = location.git->refs_containing;
      std::sort(refs.begin(), refs.end());
      refs.erase(std::unique(refs.begin(), refs.end()), refs.end());
      finding.locations.push_back(std::move(location));
    }
  }
}

}  // namespace

Report RunHistoryScan(const GitScanContext& context) {
  const std::shared_ptr<const Engine>& engine = context.setup.engine;
  Report report;
  auto diagnose = [&](Diagnostic d) { report.diagnostics.push_back(std::move(d)); };

  // Messages are small: scan them as the history is read.
  ContentScanner message_scanner(engine);
  std::vector<MessageMatches> messages;
  uint64_t message_bytes = 0;
  auto on_message = [&](const Message& message) {
    ContentResult result;
    message_bytes += message.text.size();
    if (message_scanner.ScanBytes(message.text, "", &result).ok() && !result.matches.empty()) {
      messages.push_back({message.commit, message.has_commit, message.label, std::move(result.matches)});
    }
  };
  HistoryIndex history = BuildHistoryIndex(context.repo, context.request.all_objects, on_message, diagnose);

  // Blobs whose first path is excluded by the config or --exclude are skipped.
  std::vector<git_oid> blob_ids;
  std::vector<uint32_t> blob_entries;  // index into history.blobs, parallel to blob_ids
  for (uint32_t i = 0; i < history.blobs.size(); ++i) {
    const BlobEntry& blob = history.blobs[i];
    if (!context.setup.excludes.empty() && context.setup.excludes.Matches(history.paths[blob.path])) {
      ++report.stats.skipped;
      continue;
    }
    blob_ids.push_back(blob.id);
    blob_entries.push_back(i);
  }

  BlobScanOptions options;
  options.repository_path = git_repository_path(context.repo);
  options.threads = context.request.scan.threads;
  options.max_blob_bytes = context.request.max_blob_bytes;
  options.progress = context.request.progress;
  BlobScanResult scanned = ScanBlobs(
      engine, blob_ids, [&](size_t i) { return history.paths[history.blobs[blob_entries[i]].path]; },
      options);
  for (Diagnostic& d : scanned.diagnostics) diagnose(std::move(d));
  if (scanned.lfs_pointers > 0) {
    diagnose({DiagnosticLevel::kWarning, "",
              std::to_string(scanned.lfs_pointers) +
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
  std::vector<size_t> found_index(blob_ids.size(), SIZE_MAX);
  for (size_t i = 0; i < blob_ids.size(); ++i) {
    if (!scanned.matches[i].empty()) {
      found_index[i] = found.size();
      found.push_back(blob_entries[i]);
    }
  }
  Carriers carriers = FindCarriers(history, found);

  CommitInfoCache commit_info(context.repo);
  FindingBuilder builder;
  for (size_t i = 0; i < blob_ids.size(); ++i) {
    if (scanned.matches[i].empty()) continue;
    const BlobEntry& blob = history.blobs[blob_entries[i]];
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
    for (const ContentMatch& match : scanned.matches[i]) {
      builder.Add(engine->rules()[match.rule_index], match, where);
    }
  }
  for (const MessageMatches& message : messages) {
    Location where;
    where.path = message.label;
    where.git = GitOrigin{};
    if (message.has_commit) {
      where.commit = OidHex(message.commit);
      where.git = commit_info.Lookup(message.commit);
      where.git->commits_containing = 1;
    }
    for (const ContentMatch& match : message.matches) {
      builder.Add(engine->rules()[match.rule_index], match, where);
    }
  }
  report.findings = builder.Take();
  KeepIntroductions(history, &report.findings);
  report.stats.suppressed += builder.suppressed();
  report.stats.files = blob_ids.size();
  report.stats.unique_contents = blob_ids.size();
  report.stats.bytes = scanned.bytes + message_bytes;
  return report;
}

}  // namespace keysweep::git
