// ReadReport: a keysweep JSON or JSON Lines report (as `keysweep scan` and
// `keysweep git` write them) read back into a Report, for `keysweep report
// merge`. The text is untrusted: anything that is not such a report, or is cut
// short, is an error naming the input. A report never claims more than it
// held: a secret that was redacted keeps its redacted text and is printed as
// that text, even with --show-secrets; snippets are kept as written (when the
// input showed secrets, its secrets in them are marked to be masked again).
// Pure function: thread-safe.
#ifndef KEYSWEEP_SCANNER_REPORT_READER_H_
#define KEYSWEEP_SCANNER_REPORT_READER_H_

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "scanner/finding.h"

namespace keysweep {

// `name` is how errors name the input ("results/shard-0.jsonl", "-").
Result<Report> ReadReport(const std::string& name, std::string_view text);

// `keysweep report merge`: reads each file ("-": `stdin_fd`) and joins them
// (MergeReport). An unreadable, invalid or truncated file is an error naming it.
Result<Report> MergeReportFiles(const std::vector<std::string>& paths, int stdin_fd);

}  // namespace keysweep

#endif  // KEYSWEEP_SCANNER_REPORT_READER_H_
