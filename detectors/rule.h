// Rule: one detector, loaded from a JSON rule file. Plain data: thread-safe to share once built.
//
// A rule file holds one provider's rules:
//   {"provider": "GitHub", "rules": [ { "id": "github.pat-classic", "name": ...,
//     "description": ..., "severity": "high", "pattern": "\\b(ghp_[A-Za-z0-9]{36})\\b",
//     "keywords": ["ghp_"], "min_entropy": 3.0, "references": [...],
//     "examples": [...], "negative_examples": [...] } ] }
// See detectors/README.md for every field.
#ifndef KEYSWEEP_DETECTORS_RULE_H_
#define KEYSWEEP_DETECTORS_RULE_H_

#include <optional>
#include <string>
#include <vector>

#include "core/severity.h"

namespace keysweep {

// A second value searched for near a rule's match and reported with it, such
// as the secret access key beside an AWS access key id. Its pattern runs only
// in RE2, only in the window around a match, so it may be as broad as a bare
// 40-character string without slowing the scan.
struct CompanionSpec {
  std::string name;     // e.g. "secret_access_key"
  std::string pattern;  // capture group 1 is the value
  int within_lines = 5;       // search this many lines before and after the match...
  int within_bytes = 1024;    // ...but no farther than this many bytes
  double min_entropy = 0.0;
  std::optional<Severity> severity;  // the finding's severity when this companion is found
};

// One example the rule must (or must not) report, checked by `rules check`.
struct RuleExample {
  std::string text;
  std::optional<std::string> secret;           // expected value of the secret, if given
  std::vector<std::string> companions;          // companion names expected to be found
  std::string path;  // the input's path, for path-limited rules (default: one their first glob names)
};

struct Rule {
  std::string id;           // "aws.access-key-id": provider.kind, lowercase
  std::string name;         // "AWS access key ID"
  std::string description;
  Severity severity = Severity::kHigh;
  std::string pattern;      // Hyperscan and RE2 syntax; group 1 is the secret
  std::vector<std::string> keywords;  // if set, one must appear (any case) in the match or
                                      // the keyword_lines lines before it
  int keyword_lines = 2;
  double min_entropy = 0.0;           // bits per byte of the secret
  std::vector<std::string> references;
  std::vector<RuleExample> examples;
  std::vector<RuleExample> negative_examples;
  std::vector<CompanionSpec> companions;
  std::vector<std::string> ignore_secrets;  // RE2 patterns; a secret matching one is dropped
  bool placeholder_check = true;  // drop secrets that look like placeholders (EXAMPLE, xxxxxx)
  bool redact = true;             // false: group 1 is a public identifier, printed in full
  std::string decoder;            // "" or "aws-access-key-id"
  bool enabled_by_default = true;
  // Where the rule applies: globs on the input's path (core/glob.h); empty: everywhere.
  // A path-limited rule runs only on matching files, so its pattern may be broad.
  std::vector<std::string> paths;
  // Field names (RE2 fragments, matched ignoring case) whose assigned value is
  // the secret; the pattern is then generated for INI/env/shell-export,
  // properties, YAML, JSON, XML and PHP define() syntax (see field_pattern.h).
  std::vector<std::string> fields;
  // Placeholder values ("changeme", "${DB_PASSWORD}", "<your-token>", environment
  // reads) are dropped; on by default for field rules.
  bool stopwords = false;
  // Sensitive context rather than a usable credential (a user name, a host):
  // reported only with --include-informative.
  bool informative = false;
  std::string provider;
  std::string origin;             // the file the rule came from
};

}  // namespace keysweep

#endif  // KEYSWEEP_DETECTORS_RULE_H_
