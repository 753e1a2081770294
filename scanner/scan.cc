#include "scanner/scan.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

#include "scanner/baseline.h"
#include "scanner/path_scan.h"
#include "scanner/rule_selection.h"

namespace keysweep {

Result<ScanSetup> PrepareScan(const ScanRequest& request) {
  ScanSetup setup;
  Result<Config> config = FindConfig(request.config_path, request.paths);
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

  for (const std::vector<std::string>* globs : {&std::as_const(setup.config.exclude_paths), &request.excludes}) {
    for (const std::string& glob : *globs) {
      if (Status s = setup.excludes.Add(glob); !s.ok()) return Status::Error("exclude: " + s.message());
    }
  }
  setup.allowed_fingerprints.insert(setup.config.allow_fingerprints.begin(),
                                    setup.config.allow_fingerprints.end());
  if (!request.baseline_path.empty()) {
    Result<std::set<std::string>> baseline = LoadBaseline(request.baseline_path);
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
  auto allowed = [&](const Finding& finding) {
    if (!allowed_fingerprints.count(finding.fingerprint)) return false;
    report->stats.suppressed += finding.locations.size();
    return true;
  };
  report->findings.erase(
      std::remove_if(report->findings.begin(), report->findings.end(), allowed),
      report->findings.end());
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
  options.excludes = &setup->excludes;
  options.threads = request.threads;
  options.stdin_fd = request.stdin_fd;
  options.progress = request.progress;
  Report report = ScanPaths(setup->engine, options);
  ApplySuppressions(setup->allowed_fingerprints, &report);
  return report;
}

}  // namespace keysweep
