#include "trail/trail.h"

#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <deque>
#include <set>
#include <unordered_map>
#include <unordered_set>

namespace keysweep {
namespace {

constexpr size_t kMaxDistinct = 50;      // source IPs / user agents kept per key
constexpr size_t kMaxFlagged = 1000;     // flagged events kept per leaked or minted key
constexpr size_t kMaxFlaggedSummary = 50;  // ... and per key in a summary of every key

struct Flag {
  const char* name;
  const char* why;
};

// The events the recovery guide asks about, and what each suggests.
constexpr Flag kFlags[] = {
    {"CreateUser", "persistence: new IAM user"},
    {"CreateLoginProfile", "persistence: console password"},
    {"UpdateLoginProfile", "persistence: console password"},
    {"CreateAccessKey", "persistence: new access key"},
    {"CreateRole", "persistence: new role"},
    {"UpdateAssumeRolePolicy", "persistence: role trust changed"},
    {"AttachUserPolicy", "privilege: policy attached"},
    {"AttachRolePolicy", "privilege: policy attached"},
    {"AttachGroupPolicy", "privilege: policy attached"},
    {"PutUserPolicy", "privilege: inline policy"},
    {"PutRolePolicy", "privilege: inline policy"},
    {"PutGroupPolicy", "privilege: inline policy"},
    {"CreatePolicy", "privilege: new policy"},
    {"CreatePolicyVersion", "privilege: policy version"},
    {"SetDefaultPolicyVersion", "privilege: policy version"},
    {"AddUserToGroup", "privilege: group membership"},
    {"GetSessionToken", "credentials: temporary credentials minted"},
    {"GetFederationToken", "credentials: temporary credentials minted"},
    {"AssumeRole", "credentials: role assumed"},
    {"RunInstances", "compute: instances launched"},
    {"RequestSpotInstances", "compute: spot request"},
    {"RequestSpotFleet", "compute: spot fleet"},
    {"CreateFleet", "compute: fleet"},
    {"CreateKeyPair", "compute: SSH key pair"},
    {"ImportKeyPair", "compute: SSH key pair"},
    {"AuthorizeSecurityGroupIngress", "compute: network opened"},
    {"StopLogging", "evasion: CloudTrail stopped"},
    {"DeleteTrail", "evasion: CloudTrail deleted"},
    {"UpdateTrail", "evasion: CloudTrail changed"},
    {"PutEventSelectors", "evasion: CloudTrail changed"},
    {"DeleteDetector", "evasion: GuardDuty disabled"},
    {"GetCallerIdentity", "reconnaissance: who am I"},
};

std::string Capped(std::map<std::string, uint64_t>& counts, const std::string& key) {
  if (key.empty()) return key;
  if (counts.size() >= kMaxDistinct && !counts.count(key)) {
    ++counts["(others)"];
  } else {
    ++counts[key];
  }
  return key;
}

// Per-key accumulation during the read.
struct KeyState {
  KeyActivity activity;
  int64_t first = INT64_MAX, last = INT64_MIN;
  bool collect_timeline = false;
};

struct MintEdge {
  std::string child;
  std::string how;  // "GetSessionToken at <time>"
};

class Analyzer {
 public:
  Analyzer(const TrailRequest& request, TrailReport* report) : request_(request), report_(report) {}

  void Run() {
    for (const std::string& id : request_.key_ids) Track(id, "leaked");
    Read([this](const TrailEvent& e) { Accumulate(e); });
    if (!report_->focused) return Finish(AllKeysByEvents());
    // Follow what the leaked keys minted, and what that minted, and so on.
    std::vector<std::string> order = request_.key_ids;
    std::deque<std::string> queue(order.begin(), order.end());
    std::unordered_set<std::string> seen(order.begin(), order.end());
    std::vector<std::string> discovered;
    while (!queue.empty()) {
      std::string key = queue.front();
      queue.pop_front();
      for (const MintEdge& edge : minted_[key]) {
        if (!seen.insert(edge.child).second) continue;
        queue.push_back(edge.child);
        order.push_back(edge.child);
        discovered.push_back(edge.child);
        Track(edge.child, "minted by " + key + " with " + edge.how);
      }
    }
    if (!discovered.empty()) {
      // Their events may sit in files read before the minting event: read again for them only.
      std::unordered_set<std::string> wanted(discovered.begin(), discovered.end());
      TrailReadStats second_pass;
      ReadTrailLogs(request_.paths, request_.read, [&](const TrailEvent& e) {
        if (wanted.count(e.access_key_id)) Accumulate(e);
      }, &ignored_diagnostics_, &second_pass);
    }
    Finish(order);
  }

 private:
  void Read(const std::function<void(const TrailEvent&)>& on_event) {
    ReadTrailLogs(request_.paths, request_.read, on_event, &report_->diagnostics, &report_->stats);
  }

  void Track(const std::string& key, const std::string& origin) {
    KeyState& state = keys_[key];
    state.activity.key_id = key;
    state.activity.origin = origin;
    state.collect_timeline = true;
  }

  void Accumulate(const TrailEvent& e) {
    if (e.access_key_id.empty()) return;
    if (!e.minted_key_id.empty() && e.minted_key_id != e.access_key_id) {
      auto& edges = minted_[e.access_key_id];
      if (std::none_of(edges.begin(), edges.end(), [&](const MintEdge& m) { return m.child == e.minted_key_id; })) {
        edges.push_back({e.minted_key_id, e.name + " at " + e.time_text});
      }
    }
    if (report_->focused && !keys_.count(e.access_key_id)) return;  // only the tracked keys' details
    KeyState& state = keys_[e.access_key_id];
    KeyActivity& a = state.activity;
    a.key_id = e.access_key_id;
    ++a.events;
    if (!e.error_code.empty()) ++a.errors;
    if (e.time < state.first) {
      state.first = e.time;
      a.first_time = e.time_text;
    }
    if (e.time > state.last) {
      state.last = e.time;
      a.last_time = e.time_text;
    }
    if (!e.principal.empty() && a.principals.size() < 10 &&
        std::find(a.principals.begin(), a.principals.end(), e.principal) == a.principals.end()) {
      a.principals.push_back(e.principal);
    }
    ++a.regions[e.region.empty() ? "(none)" : e.region];
    ++a.event_names[e.name];
    Capped(a.source_ips, e.source_ip);
    Capped(a.user_agents, e.user_agent);
    size_t max_flagged = state.collect_timeline ? kMaxFlagged : kMaxFlaggedSummary;
    if (a.flagged.size() < max_flagged && !EventFlag(e).empty()) a.flagged.push_back(e);
    if (state.collect_timeline) {
      if (a.timeline.size() < request_.max_events_per_key) {
        a.timeline.push_back(e);
      } else {
        a.timeline_truncated = true;
      }
    }
  }

  std::vector<std::string> AllKeysByEvents() const {
    std::vector<std::string> ids;
    for (const auto& [id, state] : keys_) ids.push_back(id);
    std::sort(ids.begin(), ids.end(), [&](const std::string& a, const std::string& b) {
      uint64_t ea = keys_.at(a).activity.events, eb = keys_.at(b).activity.events;
      return ea != eb ? ea > eb : a < b;
    });
    return ids;
  }

  void Finish(const std::vector<std::string>& order) {
    auto by_time = [](const TrailEvent& a, const TrailEvent& b) {
      return std::tie(a.time, a.time_text, a.name, a.region) < std::tie(b.time, b.time_text, b.name, b.region);
    };
    for (const std::string& id : order) {
      auto it = keys_.find(id);
      if (it == keys_.end()) continue;
      KeyActivity& a = it->second.activity;
      std::stable_sort(a.timeline.begin(), a.timeline.end(), by_time);
      std::stable_sort(a.flagged.begin(), a.flagged.end(), by_time);
      report_->keys.push_back(std::move(a));
    }
  }

  const TrailRequest& request_;
  TrailReport* report_;
  std::unordered_map<std::string, KeyState> keys_;
  std::unordered_map<std::string, std::vector<MintEdge>> minted_;
  std::vector<Diagnostic> ignored_diagnostics_;  // the second pass repeats the first's
};

}  // namespace

std::string EventFlag(const TrailEvent& event) {
  if (event.name.starts_with("CreateFunction")) return "compute: Lambda function created";
  if (event.name.starts_with("UpdateFunctionCode")) return "compute: Lambda code replaced";
  for (const Flag& flag : kFlags) {
    if (event.name == flag.name) return flag.why;
  }
  return "";
}

Result<TrailReport> RunTrail(const TrailRequest& request) {
  auto started = std::chrono::steady_clock::now();
  bool any = false;
  for (const std::string& path : request.paths) {
    struct stat st;
    any = any || stat(path.c_str(), &st) == 0;
  }
  if (!any) return Status::Error("none of the log paths exists");
  TrailReport report;
  report.focused = !request.key_ids.empty();
  Analyzer(request, &report).Run();
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return report;
}

}  // namespace keysweep
