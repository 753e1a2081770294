// `keysweep baseline audit`: reconciles a baseline with a fresh scan. Entries
// whose finding is gone become fixed (or are pruned), entries found again stay
// (a fixed one found again is unreviewed once more), and the review's
// decisions mark entries accepted. Pure function: thread-safe.
#ifndef KEYSWEEP_SCANNER_BASELINE_AUDIT_H_
#define KEYSWEEP_SCANNER_BASELINE_AUDIT_H_

#include <string>
#include <utility>
#include <vector>

#include "core/status.h"
#include "scanner/baseline.h"
#include "scanner/finding.h"

namespace keysweep {

// A reviewer's acceptance of one entry.
struct BaselineAcceptance {
  std::string fingerprint;
  std::string note;  // may be empty
};

struct BaselineAuditRequest {
  std::vector<BaselineEntry> entries;  // the baseline as read
  const Report* scan = nullptr;        // every finding today, unsuppressed by the baseline
  std::vector<BaselineAcceptance> accept;
  bool prune = false;       // drop fixed entries instead of keeping them
  std::string now;          // ISO 8601 UTC, recorded as reviewed_at
};

struct BaselineAudit {
  std::vector<BaselineEntry> entries;  // the baseline to write back
  // Each entry still found (its index in `entries`) with the scan's finding, in entry order.
  std::vector<std::pair<size_t, const Finding*>> found;
  size_t accepted = 0, unreviewed = 0, fixed = 0, pruned = 0;
  size_t new_findings = 0;  // found today, not in the baseline
};

// Errors: an accepted fingerprint that is not in the baseline, or whose
// finding is no longer found.
Result<BaselineAudit> AuditBaseline(const BaselineAuditRequest& request);

}  // namespace keysweep

#endif  // KEYSWEEP_SCANNER_BASELINE_AUDIT_H_
