// Baselines: today's findings recorded by fingerprint, so that a CI gate reports
// only what is new. The file names each finding's rule and first location for
// people, and never holds a secret. Fingerprints hash (rule, secret), so moving
// or copying a known secret does not resurrect it. Pure functions: thread-safe.
#ifndef KEYSWEEP_SCANNER_BASELINE_H_
#define KEYSWEEP_SCANNER_BASELINE_H_

#include <ostream>
#include <set>
#include <string>

#include "core/status.h"
#include "scanner/finding.h"

namespace keysweep {

// Writes {"keysweep_baseline": 1, "findings": [{"fingerprint", "rule_id", "path", "line"}]}.
void WriteBaseline(const Report& report, std::ostream& out);

// Reads the fingerprints of a baseline file, or of a keysweep JSON report.
Result<std::set<std::string>> LoadBaseline(const std::string& path);

}  // namespace keysweep

#endif  // KEYSWEEP_SCANNER_BASELINE_H_
