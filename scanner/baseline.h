// Baselines: today's findings recorded by fingerprint, so that a CI gate reports
// only what is new. The file names each finding's rule and first location for
// people, and never holds a secret. Fingerprints hash (rule, secret), so moving
// or copying a known secret does not resurrect it. Each entry may carry a
// review status (`keysweep baseline audit`); entries without one are
// unreviewed, so baselines written before statuses existed load unchanged.
// Plain data and pure functions (SaveBaseline writes a file): thread-safe.
#ifndef KEYSWEEP_SCANNER_BASELINE_H_
#define KEYSWEEP_SCANNER_BASELINE_H_

#include <cstdint>
#include <optional>
#include <ostream>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "scanner/finding.h"

namespace keysweep {

// What a review decided about a baseline entry. A fixed entry no longer
// suppresses: a fixed secret that comes back is reported again.
enum class BaselineStatus { kUnreviewed, kAccepted, kFixed };

std::string_view BaselineStatusName(BaselineStatus status);
std::optional<BaselineStatus> ParseBaselineStatus(std::string_view name);

// One finding recorded in a baseline.
struct BaselineEntry {
  std::string fingerprint;
  std::vector<std::string> parts;  // the finding's part_fingerprints (scanner/fingerprint.h)
  std::string rule_id;
  std::string path;
  uint64_t line = 0;
  BaselineStatus status = BaselineStatus::kUnreviewed;
  std::string note;         // optional, from the review
  std::string reviewed_at;  // ISO 8601 UTC; empty: never reviewed
};

// The report's findings as unreviewed entries.
std::vector<BaselineEntry> BaselineEntriesOf(const Report& report);

// Writes {"keysweep_baseline": 1, "findings": [{"fingerprint", "rule_id", "path",
// "line", and "fingerprint_parts", "status", "note", "reviewed_at" when set}]}.
void WriteBaseline(const std::vector<BaselineEntry>& entries, std::ostream& out);
void WriteBaseline(const Report& report, std::ostream& out);

// Replaces `path` with the entries atomically (a temporary file in the same
// folder, renamed over it): a reader sees the old baseline or the new one.
Status SaveBaseline(const std::vector<BaselineEntry>& entries, const std::string& path);

// The entries of a baseline file, or of a keysweep JSON report (all unreviewed).
// The file must be a regular file of bounded size (core/regular_file.h).
Result<std::vector<BaselineEntry>> ReadBaseline(const std::string& path);
// The same from text already read (from a git tree, say); `path` names it in errors.
Result<std::vector<BaselineEntry>> ParseBaseline(std::string_view text, const std::string& path);

// The fingerprints the entries suppress: every entry's but the fixed ones'.
std::set<std::string> SuppressedFingerprints(const std::vector<BaselineEntry>& entries);

// The fingerprints a baseline suppresses: every entry's and its parts, but the fixed ones'.
Result<std::set<std::string>> LoadBaseline(const std::string& path);

}  // namespace keysweep

#endif  // KEYSWEEP_SCANNER_BASELINE_H_
