// MergeReport: joins one report into another, as `keysweep git` does across
// repositories and `keysweep report merge` across files. Findings with the
// same fingerprint and repository become one finding with their locations
// joined (identical locations once); findings of different repositories stay
// apart. Diagnostics are appended, stats summed, rule lists united.
// Pure function of its inputs: thread-safe on distinct reports.
#ifndef KEYSWEEP_SCANNER_REPORT_MERGE_H_
#define KEYSWEEP_SCANNER_REPORT_MERGE_H_

#include "scanner/finding.h"

namespace keysweep {

// Joins `part` into `*into` and sorts the result (SortReport).
void MergeReport(Report part, Report* into);

}  // namespace keysweep

#endif  // KEYSWEEP_SCANNER_REPORT_MERGE_H_
