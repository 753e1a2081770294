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
#include "scanner/trust_findings.h"

namespace keysweep {
namespace {

// A file to read for the setup: where from, and its name there.
struct SetupFile {
  std::shared_ptr<const ConfigSource> source;
  std::string path;
};

// A file the command line names. In a scan of what a change adds, one inside
// the work tree is the repository's (in CI the work tree is the change's
// head): it is read from the trusted tree, by its repository-relative path.
SetupFile CommandLineFile(const ScanRequest& request, const std::string& path) {
  if (request.trusted_tree) {
    if (std::optional<std::string> inside = PathInsideTree(path, request.work_tree)) {
      return {request.trusted_tree, *inside};
    }
  }
  return {CommandLineFiles(), path};
}

// A file the config names (already joined to the config's folder).
SetupFile ConfigNamedFile(const Config& config, const std::string& path) {
  std::shared_ptr<const ConfigSource> source = config.files ? config.files : CommandLineFiles();
  return {source, path};
}

// The config: --config, else the repository's .keysweep.json: from the
// trusted tree when there is one, else found on disk (FindConfig).
Result<Config> LoadScanConfig(const ScanRequest& request) {
  if (!request.trusted_tree) return FindConfig(request.config_path, request.config_search_dir);
  if (!request.config_path.empty()) {
    SetupFile file = CommandLineFile(request, request.config_path);
    return LoadConfigFrom(file.source, file.path);
  }
  if (request.trusted_tree->Exists(kConfigFileName)) return LoadConfigFrom(request.trusted_tree, kConfigFileName);
  Config none;
  none.files = request.trusted_tree;
  return none;
}

// Notes a file read from the trusted tree as one that configures the gate.
void NoteConfigFile(const ScanRequest& request, const SetupFile& file, ScanSetup* setup) {
  if (!request.trusted_tree || file.source != request.trusted_tree) return;
  std::optional<std::string> path = NormalizeRelativePath(file.path);
  if (!path) return;
  if (std::find(setup->config_files.begin(), setup->config_files.end(), *path) == setup->config_files.end()) {
    setup->config_files.push_back(*path);
  }
}

Result<std::string> ReadSetupFile(const ScanRequest& request, const SetupFile& file, ScanSetup* setup) {
  NoteConfigFile(request, file, setup);
  return file.source->Read(file.path);
}

// --baseline, else the config's "baseline", else none. A baseline the config
// names must exist: read as empty, a typo or an uncommitted file would bring
// back every accepted finding with no word about why; as an error the gate
// still fails closed, and says what is wrong.
Result<std::set<std::string>> LoadRequestedBaseline(const ScanRequest& request, ScanSetup* setup) {
  const Config& config = setup->config;
  if (request.baseline_path.empty() && config.baseline.empty()) return std::set<std::string>{};
  SetupFile file = request.baseline_path.empty() ? ConfigNamedFile(config, config.baseline)
                                                 : CommandLineFile(request, request.baseline_path);
  Result<std::string> text = ReadSetupFile(request, file, setup);
  Result<std::vector<BaselineEntry>> entries =
      text.ok() ? ParseBaseline(*text, file.path)
                : Result<std::vector<BaselineEntry>>(Status::Error(CannotOpen(text.status(), file.path, "baseline file")));
  if (!entries.ok()) {
    if (!request.baseline_path.empty()) return entries.status();
    return Status::Error(entries.status().message() + " (the baseline " + config.path + " names)");
  }
  return SuppressedFingerprints(*entries);
}

}  // namespace

Result<ScanSetup> PrepareScan(const ScanRequest& request) {
  ScanSetup setup;
  Result<Config> config = LoadScanConfig(request);
  if (!config.ok()) return config.status();
  setup.config = std::move(*config);
  if (request.trusted_tree) {
    setup.config_files = {kConfigFileName, kGitleaksIgnoreFileName};
    if (!setup.config.path.empty()) {
      NoteConfigFile(request, ConfigNamedFile(setup.config, setup.config.path), &setup);
    }
  }

  RuleSelection selection;
  std::vector<SetupFile> rule_files;
  for (const std::string& file : setup.config.rule_files) rule_files.push_back(ConfigNamedFile(setup.config, file));
  for (const std::string& file : request.rule_files) rule_files.push_back(CommandLineFile(request, file));
  for (const SetupFile& file : rule_files) {
    Result<std::string> text = ReadSetupFile(request, file, &setup);
    if (!text.ok()) return Status::Error(CannotOpen(text.status(), file.path, "rule file"));
    selection.rule_texts.emplace_back(file.path, std::move(*text));
  }
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
    // The config's folder; without a config, where it was looked for (a git
    // scan: the work tree, or the trusted tree's root).
    std::string folder = setup.config.path.empty() ? (request.trusted_tree ? "." : request.config_search_dir)
                                                   : setup.config.dir;
    SetupFile file = ConfigNamedFile(setup.config, setup.config.gitleaks_ignore);
    if (file.path.empty()) file.path = JoinPath(folder, kGitleaksIgnoreFileName);
    if (!setup.config.gitleaks_ignore.empty() || file.source->Exists(file.path)) {
      Result<std::string> text = ReadSetupFile(request, file, &setup);
      if (!text.ok()) return Status::Error(CannotOpen(text.status(), file.path, "the gitleaks ignore file"));
      setup.gitleaks_ignore = ParseGitleaksIgnore(*text);
      setup.allowed_fingerprints.insert(setup.gitleaks_ignore.fingerprints.begin(),
                                        setup.gitleaks_ignore.fingerprints.end());
      std::string real = request.trusted_tree ? "" : RealPath(folder);
      setup.gitleaks_ignore_dir = real.empty() ? folder : real;
    }
  }
  if (request.use_baseline) {
    Result<std::set<std::string>> baseline = LoadRequestedBaseline(request, &setup);
    if (!baseline.ok()) return baseline.status();
    setup.allowed_fingerprints.insert(baseline->begin(), baseline->end());
  }
  return setup;
}

void DescribeRules(const Engine& engine, Report* report, bool trust_rules) {
  report->rules.clear();
  for (const Rule& rule : engine.rules()) {
    report->rules.push_back(RuleInfo{rule.id, rule.name, rule.description, rule.severity, rule.references});
  }
  if (trust_rules) {
    for (RuleInfo& rule : TrustRules()) report->rules.push_back(std::move(rule));
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
