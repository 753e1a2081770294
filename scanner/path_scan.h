// ScanPaths: the directory-scan driver. One thread walks the roots and feeds a
// queue; worker threads (one ContentScanner each) read and scan the files; each
// unique content is scanned once however many copies exist; the located matches
// are grouped into Findings. Suppression by fingerprint/baseline is applied by
// the caller (scan.h), which also builds the Engine. keysweep's own reports
// are left out (own_report.h), and so is the file the report is written to.
//
// Thread-safe: each call is independent; the Engine is shared read-only.
#ifndef KEYSWEEP_SCANNER_PATH_SCAN_H_
#define KEYSWEEP_SCANNER_PATH_SCAN_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "detectors/engine.h"
#include "scanner/content_scanner.h"
#include "scanner/finding.h"
#include "scanner/path_excludes.h"

namespace keysweep {

struct PathScanOptions {
  std::vector<std::string> paths;  // files and directories; "-" reads stdin_fd
  const PathExcludes* excludes = nullptr;  // may be null
  int threads = 0;                    // 0: one per hardware thread
  size_t chunk_size = ContentScanner::kDefaultChunkSize;
  int stdin_fd = 0;
  std::function<void(const std::string& line)> progress;  // ~4 times a second; may be null
  std::string report_output;  // the file the scan's report will be written to: not scanned
  InlineMarkerSet inline_markers = kAllInlineMarkers;  // the marker families that suppress
};

// The display name of standard input in reports.
inline constexpr const char* kStdinPath = "<stdin>";

// Scans; per-file problems become diagnostics in the report, never failures.
Report ScanPaths(std::shared_ptr<const Engine> engine, const PathScanOptions& options);

}  // namespace keysweep

#endif  // KEYSWEEP_SCANNER_PATH_SCAN_H_
