// RunScan: `keysweep scan` as one library call. Loads the config, selects and
// compiles the rules (with the database cache), scans the paths, and applies
// suppression (config fingerprints, baseline). The CLI only fills the request
// and writes the report.
//
// Thread-safe: each call is independent.
#ifndef KEYSWEEP_SCANNER_SCAN_H_
#define KEYSWEEP_SCANNER_SCAN_H_

#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "core/glob.h"
#include "core/status.h"
#include "detectors/engine.h"
#include "scanner/config.h"
#include "scanner/finding.h"
#include "scanner/gitleaks_ignore.h"
#include "scanner/path_excludes.h"

namespace keysweep {

struct ScanRequest {
  std::vector<std::string> paths{"."};
  std::string config_path;                 // --config; empty: look for .keysweep.json
  std::string config_search_dir = ".";     // where that look starts (FindConfig); git: the work tree
  std::vector<std::string> rule_files;     // --rules
  std::vector<std::string> enable_rules;   // --enable-rule
  std::vector<std::string> disable_rules;  // --disable-rule
  bool include_informative = false;        // --include-informative
  std::vector<std::string> excludes;       // --exclude
  std::string baseline_path;               // --baseline; empty: the config's "baseline"
  bool use_baseline = true;                // false for `keysweep baseline`, which records every finding
  int threads = 0;                         // 0: all cores
  std::string cache_dir = DefaultCacheDir();  // "" disables the database cache
  int stdin_fd = 0;
  // Called about four times a second while files are scanned (may be null).
  std::function<void(const std::string& line)> progress;
  std::string report_output;  // --output: the file being replaced is not scanned
  // Scans of what a change adds (git --range, --staged, --pre-push): the
  // trusted side's files, a git tree (the base commit's; see README "Trust
  // model"). The repository's config, the rule files, baseline and
  // .gitleaksignore it names, and any --config/--rules/--baseline path inside
  // `work_tree`, are read from it, never from the work tree. Null: the disk
  // (`keysweep scan`, history scans).
  std::shared_ptr<const ConfigSource> trusted_tree;
  std::string work_tree;  // the repository's work tree on disk (with trusted_tree)
};

// What every scan kind (paths now, git later) needs before it reads input.
struct ScanSetup {
  Config config;
  std::shared_ptr<const Engine> engine;
  GlobSet excludes;             // every glob, for repository-relative paths (git scans)
  PathExcludes path_excludes;   // the same, each against the path it is written for (directory scans)
  std::set<std::string> allowed_fingerprints;  // config + baseline + .gitleaksignore's own
  GitleaksIgnore gitleaks_ignore;              // its gitleaks entries
  std::string gitleaks_ignore_dir;             // what its paths are relative to: the config's folder
  // With trusted_tree: the repository-relative paths of the files that
  // configure the gate (those read, and the default .keysweep.json and
  // .gitleaksignore). A scan of added lines reports a change to any of them.
  std::vector<std::string> config_files;
};

// Errors (exit 2): a broken config, rule file or baseline (a baseline or
// gitleaks ignore file the config names must exist), a rule that does not
// compile, a repository's config naming a file outside the repository, any of
// them not a regular file of bounded size.
Result<ScanSetup> PrepareScan(const ScanRequest& request);

// Records the engine's rules in the report (for SARIF and the summary), and
// keysweep's own trust findings (scanner/trust_findings.h) when
// `trust_rules` (scans of what a change adds).
void DescribeRules(const Engine& engine, Report* report, bool trust_rules = false);

// Removes findings whose fingerprint is allowed, counting them as suppressed.
void ApplySuppressions(const std::set<std::string>& allowed_fingerprints, Report* report);

// Errors (exit 2): setup errors above and paths that do not exist. Per-file
// problems are diagnostics in the report.
Result<Report> RunScan(const ScanRequest& request);

}  // namespace keysweep

#endif  // KEYSWEEP_SCANNER_SCAN_H_
