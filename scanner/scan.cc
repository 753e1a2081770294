#include "scanner/scan.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

#include "scanner/baseline.h"
#include "scanner/file_walker.h"
#include "scanner/fingerprint.h"
#include "scanner/path_scan.h"
#include "scanner/rule_selection.h"

namespace keysweep {
namespace {

// --baseline, else the config's "baseline", else none. A baseline the config
// names must exist: read as empty, a typo or an uncommitted file would bring
// back every accepted finding with no word about why; as an error the gate
// still fails closed, and says what is wrong.
Result<std::set<std::string>> LoadRequestedBaseline(const ScanRequest& request, const Config& config) {
  if (!request.baseline_path.empty()) return LoadBaseline(request.baseline_path);
  if (config.baseline.empty()) return std::set<std::string>{};
  Result<std::set<std::string>> baseline = LoadBaseline(config.baseline);
  if (!baseline.ok()) {
    return Status::Error(baseline.status().message() + " (the baseline " + config.path + " names)");
  }
  return baseline;
}

}  // namespace

Result<ScanSetup> PrepareScan(const ScanRequest& request) {
  ScanSetup setup;
  Result<Config> config = FindConfig(request.config_path, request.config_search_dir);
  if (!config.ok()) return config.status();
  setup.config = std::move(*config);

  RuleSelection selection;
  selection.rule_files = setup.config.rule_files;
  selection.rule_files.insert(selection.rule_files.end(), request.rule_files.begin(),
                              request.rule_files.end());
  selection.enable_rules = setup.config.enable_rules;
  selection.enable_rules.insert(selection.enable_rules.end(), request.enable_rules.begin(),
                                request.enable_rules.end());
  selection.disable_rules = setup.config.disable_rules;
  selection.disable_rules.insert(selection.disable_rules.end(), request.disable_rules.begin(),
                                 request.disable_rules.end());
  selection.include_informative = request.include_informative;
  Result<std::vector<Rule>> rules = SelectRules(selection);
  if (!rules.ok()) return rules.status();
  Result<std::shared_ptr<const Engine>> engine =
      Engine::Create(std::move(*rules), EngineOptions{request.cache_dir});
  if (!engine.ok()) return engine.status();
  setup.engine = std::move(*engine);

  for (const std::string& glob : setup.config.exclude_paths) {
    Status s = setup.excludes.Add(glob);
    if (s.ok()) s = setup.path_excludes.AddConfigGlob(glob, setup.config.dir);
    if (!s.ok()) return Status::Error(setup.config.path + ": exclude_paths: " + s.message());
  }
  for (const std::string& glob : request.excludes) {
    Status s = setup.excludes.Add(glob);
    if (s.ok()) s = setup.path_excludes.AddScanGlob(glob);
    if (!s.ok()) return Status::Error("--exclude: " + s.message());
  }
  setup.allowed_fingerprints.insert(setup.config.allow_fingerprints.begin(),
                                    setup.config.allow_fingerprints.end());
  if (setup.config.read_gitleaks_ignore) {
    // The config's folder; without a config, where it was looked for (a git scan: the work tree).
    std::string folder = setup.config.path.empty() ? request.config_search_dir : setup.config.dir;
    std::string file = setup.config.gitleaks_ignore;
    if (file.empty()) file = JoinPath(folder, kGitleaksIgnoreFileName);
    struct stat st;
    if (!setup.config.gitleaks_ignore.empty() || stat(file.c_str(), &st) == 0) {
      Result<GitleaksIgnore> ignore = LoadGitleaksIgnore(file);
      if (!ignore.ok()) return ignore.status();
      setup.gitleaks_ignore = std::move(*ignore);
      setup.allowed_fingerprints.insert(setup.gitleaks_ignore.fingerprints.begin(),
                                        setup.gitleaks_ignore.fingerprints.end());
      std::string real = RealPath(folder);
      setup.gitleaks_ignore_dir = real.empty() ? folder : real;
    }
  }
  if (request.use_baseline) {
    Result<std::set<std::string>> baseline = LoadRequestedBaseline(request, setup.config);
    if (!baseline.ok()) return baseline.status();
    setup.allowed_fingerprints.insert(baseline->begin(), baseline->end());
  }
  return setup;
}

void DescribeRules(const Engine& engine, Report* report) {
  report->rules.clear();
  for (const Rule& rule : engine.rules()) {
    report->rules.push_back(RuleInfo{rule.id, rule.name, rule.description, rule.severity, rule.references});
  }
  std::sort(report->rules.begin(), report->rules.end(),
            [](const RuleInfo& a, const RuleInfo& b) { return a.id < b.id; });
  report->stats.rules = engine.rules().size();
  report->stats.database_from_cache = engine.loaded_from_cache();
}

void ApplySuppressions(const std::set<std::string>& allowed_fingerprints, Report* report) {
  if (allowed_fingerprints.empty()) return;
  size_t legacy = 0, key_only = 0;
  auto allowed = [&](const Finding& finding) {
    switch (CheckAllowed(finding, allowed_fingerprints)) {
      case AllowedBy::kNothing: return false;
      case AllowedBy::kNothingButItsKey: ++key_only; return false;
      case AllowedBy::kLegacyFingerprint: ++legacy; break;
      case AllowedBy::kFingerprint: break;
    }
    report->stats.suppressed += finding.LocationCount();
    return true;
  };
  report->findings.erase(
      std::remove_if(report->findings.begin(), report->findings.end(), allowed),
      report->findings.end());
  if (legacy != 0) {
    report->diagnostics.push_back(
        {DiagnosticLevel::kWarning, "",
         std::to_string(legacy) + " finding(s) hidden by a fingerprint in keysweep 0.1's format, which lets "
         "anyone who reads it test guesses of a short secret quickly: record the baseline again "
         "(keysweep baseline) and replace those fingerprints in allow-lists"});
  }
  if (key_only != 0) {
    report->diagnostics.push_back(
        {DiagnosticLevel::kNote, "",
         std::to_string(key_only) + " finding(s) reported although their key id is allowed: a secret or token "
         "beside it is new"});
  }
}

Result<Report> RunScan(const ScanRequest& request) {
  for (const std::string& path : request.paths) {
    struct stat st;
    if (path != "-" && stat(path.c_str(), &st) != 0) {
      return Status::Error(path + ": " + strerror(errno));
    }
  }
  Result<ScanSetup> setup = PrepareScan(request);
  if (!setup.ok()) return setup.status();
  PathScanOptions options;
  options.paths = request.paths;
  options.excludes = &setup->path_excludes;
  options.threads = request.threads;
  options.stdin_fd = request.stdin_fd;
  options.progress = request.progress;
  options.report_output = request.report_output;
  options.inline_markers = setup->config.inline_markers;
  Report report = ScanPaths(setup->engine, options);
  ApplySuppressions(setup->allowed_fingerprints, &report);
  ApplyGitleaksIgnore(setup->gitleaks_ignore, setup->gitleaks_ignore_dir, &report);
  return report;
}

}  // namespace keysweep
