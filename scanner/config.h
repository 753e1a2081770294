// Config: the project's .keysweep.json, or the file given with --config.
//
//   {
//     "rules": ["ci/extra-rules.json"],       // more rule files (relative to the config)
//     "enable_rules": ["generic.*"],          // turn on rules that are off by default
//     "disable_rules": ["slack.webhook-url"], // rule ids, or "provider.*"
//     "exclude_paths": ["fixtures/**", "*.min.js"],  // globs, see core/glob.h
//     "allow_fingerprints": ["3f2a..."],      // findings accepted as not secret
//     "baseline": ".keysweep-baseline.json",  // a baseline file (relative to the config)
//     "gitleaks_ignore": "ci/.gitleaksignore",  // or false (default: .gitleaksignore beside
//                                             //   the config, if there is one)
//     "inline_markers": ["keysweep"],         // marker families honoured (default: keysweep,
//                                             //   gitleaks, detect-secrets)
//     "policy": {                             // keysweep policy
//       "disable_checks": ["iam.service-wildcard"],
//       "severity": {"iam.policy-size": "low"},
//       "ignore": ["legacy/**", "infra/admin.json#/Statement/2"]  // path globs, optionally #pointer
//     }
//   }
//
// Paths in it (rules, baseline) are relative to the config's folder, and so
// are the exclude_paths globs. Trust (README "Trust model"): a config found in
// a repository, or read from a git tree, may only name files inside that
// repository (`files` enforces it); one named on the command line may name
// any regular file. Unknown fields and wrong types are errors: a
// broken config must not silently turn into a scan with defaults. Plain data:
// thread-safe as a value.
#ifndef KEYSWEEP_SCANNER_CONFIG_H_
#define KEYSWEEP_SCANNER_CONFIG_H_

#include <string>
#include <vector>

#include <memory>

#include "core/status.h"
#include "scanner/config_source.h"
#include "scanner/inline_markers.h"

namespace keysweep {

inline constexpr const char* kConfigFileName = ".keysweep.json";

struct Config {
  std::string path;  // where it was read from; empty for the default config
  std::string dir;   // the folder holding it ("." for the default config)
  std::vector<std::string> rule_files;  // resolved against the config's directory
  std::vector<std::string> enable_rules;
  std::vector<std::string> disable_rules;
  std::vector<std::string> exclude_paths;
  std::vector<std::string> allow_fingerprints;
  std::string baseline;  // resolved against `dir`; empty: none
  bool read_gitleaks_ignore = true;  // "gitleaks_ignore": false turns it off
  std::string gitleaks_ignore;       // resolved against `dir`; empty: the default file, if it exists
  InlineMarkerSet inline_markers = kAllInlineMarkers;
  // keysweep policy
  std::vector<std::string> policy_disable_checks;
  std::vector<std::pair<std::string, std::string>> policy_severity;  // check id -> severity name
  std::vector<std::string> policy_ignore;
  // Where the files it names (rule files, baseline, .gitleaksignore) are read
  // from: the repository it was found in, a git tree, or the command line's
  // disk. Null: the command line's.
  std::shared_ptr<const ConfigSource> files;
};

Result<Config> ParseConfig(std::string_view json_text, const std::string& path);
// A config file named on the command line: any regular file (bounded size).
Result<Config> LoadConfig(const std::string& path);
// A config read through `source` (a repository's work tree or a git tree).
Result<Config> LoadConfigFrom(std::shared_ptr<const ConfigSource> source, const std::string& path);

// The config for a scan: `explicit_path` if given (it must exist); else the
// first .keysweep.json in `start_dir` or its parents up to the root of the
// enclosing git work tree (the first folder holding .git); outside a work tree
// only `start_dir` itself is looked at; else an empty config. A config found
// so reads its files from that work tree (or `start_dir`) only; the config
// must itself be a regular file there (a symlink out, or to a device, is an
// error).
Result<Config> FindConfig(const std::string& explicit_path, const std::string& start_dir);

}  // namespace keysweep

#endif  // KEYSWEEP_SCANNER_CONFIG_H_
