// `keysweep git --pre-push REMOTE`: what a push sends. git hands a pre-push
// hook one line per ref on standard input,
//   <local ref> <local object id> <remote ref> <remote object id>
// (an all-zero id: no such ref on that side). The commits sent are those
// reachable from the local ids and not from what the remote already has: the
// remote ids, or, for a new ref (or a remote id this repository lacks, as after
// someone else's force-push), the remote-tracking refs of REMOTE.
#include <sstream>

#include "git/git_scans.h"

namespace keysweep::git {
namespace {

bool IsZero(const std::string& hex) { return hex.find_first_not_of('0') == std::string::npos; }

bool ParseOid(const std::string& hex, git_oid* out) {
  return hex.size() == static_cast<size_t>(kOidHexSize) && git_oid_fromstrn(out, hex.c_str(), hex.size()) == 0;
}

// The tips of refs/remotes/<remote>/*.
std::vector<git_oid> RemoteTrackingTips(git_repository* repo, const std::string& remote) {
  std::vector<git_oid> out;
  if (remote.empty() || remote.find_first_of("/:") != std::string::npos)
    return out;  // a URL, not a remote
  git_reference_iterator* raw = nullptr;
  std::string glob = "refs/remotes/" + remote + "/*";
  if (git_reference_iterator_glob_new(&raw, repo, glob.c_str()) != 0) return out;
  ReferenceIteratorPtr it(raw);
  git_reference* ref = nullptr;
  while (git_reference_next(&ref, it.get()) == 0) {
    ReferencePtr owned(ref);
    git_object* target = nullptr;
    if (git_reference_peel(&target, ref, GIT_OBJECT_COMMIT) == 0) {
      out.push_back(*git_object_id(target));
      git_object_free(target);
    }
  }
  return out;
}

bool HasCommit(git_repository* repo, const git_oid& id) {
  git_commit* commit = nullptr;
  if (git_commit_lookup(&commit, repo, &id) != 0) return false;
  git_commit_free(commit);
  return true;
}

}  // namespace

std::optional<git_oid> PushBase(git_repository* repo, const std::string& updates) {
  std::istringstream lines(updates);
  std::string line;
  while (std::getline(lines, line)) {
    std::istringstream fields(line);
    std::string local_ref, local_id, remote_ref, remote_id;
    if (!(fields >> local_ref >> local_id >> remote_ref >> remote_id)) continue;
    if (IsZero(local_id) || IsZero(remote_id)) continue;
    git_oid theirs;
    if (ParseOid(remote_id, &theirs) && HasCommit(repo, theirs)) return theirs;
  }
  return std::nullopt;
}

Result<Report> RunPushScan(const GitScanContext& context) {
  const std::string& remote = context.request.push_remote;
  CommitSet commits;
  commits.label = "the push to " + (remote.empty() ? std::string("the remote") : remote);
  bool hide_remote_tracking = false;
  std::istringstream lines(context.request.push_updates);
  std::string line;
  while (std::getline(lines, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    std::istringstream fields(line);
    std::string local_ref, local_id, remote_ref, remote_id, extra;
    if (!(fields >> local_ref >> local_id >> remote_ref >> remote_id) || (fields >> extra)) {
      return Status::Error(
          "pre-push: expected '<local ref> <local id> <remote ref> <remote id>', got '" + line +
          "'");
    }
    if (IsZero(local_id)) continue;  // a deletion sends nothing
    git_oid local, theirs;
    if (!ParseOid(local_id, &local) || !ParseOid(remote_id, &theirs)) {
      return Status::Error("pre-push: not an object id in '" + line + "'");
    }
    if (!HasCommit(context.repo, local))
      return GitError("pre-push: cannot read " + local_ref + " (" + local_id + ")");
    commits.include.push_back(local);
    if (!IsZero(remote_id) && HasCommit(context.repo, theirs)) {
      commits.exclude.push_back(theirs);
    } else {
      hide_remote_tracking = true;
    }
  }
  if (commits.include.empty()) return Report{};
  if (hide_remote_tracking) {
    for (const git_oid& tip : RemoteTrackingTips(context.repo, remote))
      commits.exclude.push_back(tip);
  }
  return ScanAddedByCommits(context, commits);
}

}  // namespace keysweep::git
