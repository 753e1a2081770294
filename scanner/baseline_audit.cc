#include "scanner/baseline_audit.h"

#include <map>
#include <set>

namespace keysweep {

Result<BaselineAudit> AuditBaseline(const BaselineAuditRequest& request) {
  std::map<std::string, const Finding*> today;
  for (const Finding& finding : request.scan->findings) today.emplace(finding.fingerprint, &finding);
  std::set<std::string> listed;
  for (const BaselineEntry& entry : request.entries) listed.insert(entry.fingerprint);
  for (const BaselineAcceptance& acceptance : request.accept) {
    if (!listed.count(acceptance.fingerprint)) {
      return Status::Error("--accept " + acceptance.fingerprint + ": not in the baseline");
    }
    if (!today.count(acceptance.fingerprint)) {
      return Status::Error("--accept " + acceptance.fingerprint + ": no longer found (it is fixed)");
    }
  }

  BaselineAudit audit;
  for (BaselineEntry entry : request.entries) {
    auto it = today.find(entry.fingerprint);
    if (it == today.end()) {
      if (entry.status != BaselineStatus::kFixed) {
        entry.status = BaselineStatus::kFixed;
        entry.reviewed_at = request.now;
      }
      if (request.prune) {
        ++audit.pruned;
        continue;
      }
    } else {
      if (entry.status == BaselineStatus::kFixed) {  // back again: review it anew
        entry.status = BaselineStatus::kUnreviewed;
        entry.reviewed_at.clear();
      }
      for (const BaselineAcceptance& acceptance : request.accept) {
        if (acceptance.fingerprint != entry.fingerprint) continue;
        entry.status = BaselineStatus::kAccepted;
        if (!acceptance.note.empty()) entry.note = acceptance.note;
        entry.reviewed_at = request.now;
      }
      const Location& first = it->second->locations.front();
      entry.rule_id = it->second->rule_id;
      entry.path = first.path;
      entry.line = first.line;
      audit.found.emplace_back(audit.entries.size(), it->second);
    }
    switch (entry.status) {
      case BaselineStatus::kAccepted: ++audit.accepted; break;
      case BaselineStatus::kUnreviewed: ++audit.unreviewed; break;
      case BaselineStatus::kFixed: ++audit.fixed; break;
    }
    audit.entries.push_back(std::move(entry));
  }
  for (const Finding& finding : request.scan->findings) audit.new_findings += !listed.count(finding.fingerprint);
  return audit;
}

}  // namespace keysweep
