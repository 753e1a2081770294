// keysweep's own findings about the gate itself, for scans of what a change
// adds (git --range, --staged, --pre-push; README "Trust model"): such a scan
// takes its configuration from the base side, so a change that would loosen
// the gate does not apply, and is reported for a reviewer instead:
//
//   keysweep.config-changed      the change edits a file that configures the
//                                gate (.keysweep.json, a rule file it names,
//                                the baseline, .gitleaksignore)
//   keysweep.suppression-added   an inline allow marker hides a new match; the
//                                hidden match is not reported again
//
// Both are medium severity and carry a `message`, never a secret. Pure
// functions: thread-safe.
#ifndef KEYSWEEP_SCANNER_TRUST_FINDINGS_H_
#define KEYSWEEP_SCANNER_TRUST_FINDINGS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "scanner/finding.h"
#include "scanner/inline_markers.h"

namespace keysweep {

inline constexpr const char* kConfigChangedRule = "keysweep.config-changed";
inline constexpr const char* kSuppressionAddedRule = "keysweep.suppression-added";

// The two rules, for the report's rule list (SARIF).
std::vector<RuleInfo> TrustRules();

// A change to `where.path` (a config file) at `where` (commit, line).
Finding ConfigChangedFinding(const Location& where);

// A marker of the families `markers` at `where` (the marker's line) hiding a
// match of `rule_id` whose finding would have had `fingerprint`; `public_id`
// (an AWS key id, not a secret) names it when not empty.
Finding SuppressionAddedFinding(const std::string& rule_id, const std::string& fingerprint,
                                const std::string& public_id, InlineMarkerSet markers, const Location& where);

}  // namespace keysweep

#endif  // KEYSWEEP_SCANNER_TRUST_FINDINGS_H_
