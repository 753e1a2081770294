// `keysweep trail`: offline CloudTrail triage after a key leak. Reports every
// event made with the leaked keys and with the temporary credentials they
// minted (GetSessionToken, AssumeRole, GetFederationToken responses name the
// new ASIA ids; those are followed, transitively), as a timeline with first
// and last use, regions, event names, source IPs and user agents, and flags on
// the events AWS's recovery guide cares about. Without keys it summarizes what
// every access key in the logs did. Plain functions: thread-safe per call.
#ifndef KEYSWEEP_TRAIL_TRAIL_H_
#define KEYSWEEP_TRAIL_TRAIL_H_

#include <map>
#include <string>
#include <vector>

#include "core/status.h"
#include "scanner/finding.h"
#include "trail/log_reader.h"
#include "trail/trail_event.h"

namespace keysweep {

struct TrailRequest {
  std::vector<std::string> paths;    // log files and folders
  std::vector<std::string> key_ids;  // empty: summarize every key
  TrailReadOptions read;
  size_t max_events_per_key = 100000;  // timeline entries kept per key
};

// Why an event matters to the recovery guide, or "" if it does not stand out.
std::string EventFlag(const TrailEvent& event);

// What one access key did.
struct KeyActivity {
  std::string key_id;
  std::string origin;  // "leaked", or "minted by AKIA... with GetSessionToken at <time>"
  uint64_t events = 0;
  uint64_t errors = 0;  // calls that were refused or failed
  std::string first_time, last_time;
  std::vector<std::string> principals;
  std::map<std::string, uint64_t> regions;
  std::map<std::string, uint64_t> event_names;
  std::map<std::string, uint64_t> source_ips;   // at most 50 distinct
  std::map<std::string, uint64_t> user_agents;  // at most 50 distinct
  std::vector<TrailEvent> flagged;   // sorted by time
  std::vector<TrailEvent> timeline;  // with keys only; sorted by time
  bool timeline_truncated = false;
};

struct TrailReport {
  bool focused = false;  // keys were given
  std::vector<KeyActivity> keys;  // focused: the leaked keys then what they minted; else by events
  std::vector<Diagnostic> diagnostics;
  TrailReadStats stats;
  double seconds = 0.0;
};

// Errors: none of the paths exists. Bad files are diagnostics.
Result<TrailReport> RunTrail(const TrailRequest& request);

std::string RenderTrailText(const TrailReport& report);
std::string RenderTrailJson(const TrailReport& report);
std::string RenderTrailMarkdown(const TrailReport& report);  // the respond bundle's evidence

}  // namespace keysweep

#endif  // KEYSWEEP_TRAIL_TRAIL_H_
