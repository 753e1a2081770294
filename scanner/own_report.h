// keysweep's own reports, recognized by content, so that scanning a folder
// that holds one does not report the AWS key ids it prints (public ids: a
// redacted report shows them whole, and nothing else a rule would match).
//
// IsRedactedKeysweepReport(content) says whether the content is a report
// keysweep writes, in one of its formats, with every secret redacted:
//   json   {"tool": {"name": "keysweep"}, "findings": [...]}, every finding
//          with "redacted": true and a redacted secret ("abcd****"), or a
//          public id (its secret is its key_id); companions redacted
//   jsonl  every line a finding as above
//   sarif  SARIF 2.1.0 whose every run is keysweep's, every result naming a
//          redacted secret ("****" in its message) or an AWS key id
//   text   ends with the summary line (and the `keysweep respond` paragraph),
//          every "secret" and "with" line redacted
// A report written with --show-secrets is none of these.
//
// Recognition alone hides nothing: a scan drops a file's matches only when
// every one of them is a public id (OnlyPublicIds) AND the file is such a
// report. A real secret in a file made to look like a report is a match that
// is not a public id, so the file is reported as usual.
// Pure functions: thread-safe.
#ifndef KEYSWEEP_SCANNER_OWN_REPORT_H_
#define KEYSWEEP_SCANNER_OWN_REPORT_H_

#include <string_view>
#include <vector>

#include "detectors/engine.h"
#include "scanner/content_scanner.h"

namespace keysweep {

// Reports larger than this are not looked at (and so are reported as usual).
inline constexpr size_t kMaxOwnReportBytes = 64 << 20;

bool IsRedactedKeysweepReport(std::string_view content);

// True when there is at least one match and every match is of a rule whose
// values are public ids (not redacted) with no companion secret beside it.
bool OnlyPublicIds(const Engine& engine, const std::vector<ContentMatch>& matches);

}  // namespace keysweep

#endif  // KEYSWEEP_SCANNER_OWN_REPORT_H_
