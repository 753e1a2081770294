// The scan's results as plain data: Location, Finding, Diagnostic, ScanStats and
// Report. Both the secret scan and (later) the policy linter produce a Report;
// the writers (report_writer.h) and the exit-code logic consume it.
// Plain values: thread-safe as values; not synchronized for concurrent mutation.
#ifndef KEYSWEEP_SCANNER_FINDING_H_
#define KEYSWEEP_SCANNER_FINDING_H_

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/severity.h"

namespace keysweep {

// A byte range [begin, end) to mask, starting with a secret of `secret_size`
// bytes (0 when the range starts mid-secret): a report may show the prefix
// ShownPrefixLength allows for that size (scanner/redact.h).
struct RedactSpan {
  size_t begin = 0;
  size_t end = 0;
  size_t secret_size = 0;
  bool operator==(const RedactSpan&) const = default;
};

// A line of context around a match. `text` holds the raw bytes, secrets
// included; `redact_spans` (offsets within text, sorted by begin, possibly
// overlapping) marks what the writers mask unless the user asked for
// --show-secrets.
struct Snippet {
  std::string text;
  std::vector<RedactSpan> redact_spans;
};

// How many ref names a GitOrigin lists; refs_containing_count has the total.
inline constexpr size_t kMaxRefsNamed = 20;

// Where in git history a content entered (git scans only).
struct GitOrigin {
  std::string author_name;
  std::string author_email;
  std::string date;  // the author date, ISO-8601 UTC
  uint64_t commits_containing = 0;           // commits whose tree holds the content (0: unknown)
  std::vector<std::string> refs_containing;  // refs whose tip commit holds it today, sorted; at
                                             // most kMaxRefsNamed of them (a repository may have
                                             // 100,000 tags)
  uint64_t refs_containing_count = 0;        // how many refs hold it (>= refs_containing.size())
  bool operator==(const GitOrigin&) const = default;
};

// One place a secret was found.
struct Location {
  std::string path;                   // as given on the command line, '/'-separated
  uint64_t line = 0;                  // 1-based
  uint64_t column = 0;                // 1-based, in Unicode code points
  uint64_t end_line = 0;
  uint64_t end_column = 0;            // exclusive
  std::optional<std::string> commit;  // full 40-hex id in git scans; nullopt on disk
  Snippet snippet;
  std::optional<GitOrigin> git;       // author, date and carriers of `commit`
  std::string pointer;                // policy findings: JSON pointer of the element
  bool operator<(const Location& other) const;
};

struct CompanionValue {
  std::string name;   // "secret_access_key", "session_token"
  std::string value;  // unredacted; writers redact (unless Finding::from_redacted_report)
  bool operator==(const CompanionValue&) const = default;
};

// How many locations a finding keeps (the first ones in Location order); the
// rest are only counted (Finding::total_locations): a log with the same key on
// every line would otherwise hold millions.
inline constexpr size_t kMaxLocationsKept = 1000;

// One secret (rule + value) with every place it was found (the first
// kMaxLocationsKept of them, and how many there are). The fingerprint is a
// hash of the rule id, the secret and its companions (scanner/fingerprint.h),
// so it does not change when lines move and it is the same in every location
// and every run.
struct Finding {
  std::string rule_id;
  std::string rule_name;
  Severity severity = Severity::kHigh;
  std::string fingerprint;   // 32 hex digits
  // With companions: the value's fingerprint, then each companion's (sorted as
  // `companions`); an allow-list listing all of them hides the finding. Empty
  // without companions.
  std::vector<std::string> part_fingerprints;
  std::string secret;        // unredacted; writers redact unless redact == false
  bool redact = true;        // false: the value is a public id (an AWS key id)
  // Merged reports: the input was redacted, so `secret` (unless a public id)
  // and the companions' values hold redacted texts, printed as they are.
  bool from_redacted_report = false;
  std::vector<CompanionValue> companions;
  std::vector<std::pair<std::string, std::string>> attributes;  // key_id, account_id ...
  std::vector<Location> locations;  // sorted, at least one
  // How many places it was found in, when more than `locations` lists (0: as
  // many as it lists). Use LocationCount().
  uint64_t total_locations = 0;
  // Policy findings: what is wrong, in one sentence (then `secret` is empty
  // and the writers show this instead of a secret).
  std::string message;
  std::string subject;  // policy findings: whose policy ("role/Admin, inline policy s3")
  // Multi-repository git scans and merged reports: the repository it was found
  // in, as named on the command line or in the list; empty otherwise (and then
  // no report names one).
  std::string repository;

  // The value of an attribute, or nullopt.
  std::optional<std::string> Attribute(const std::string& name) const;
  // How many places it was found in: locations.size(), or more when some were
  // only counted.
  uint64_t LocationCount() const { return std::max<uint64_t>(total_locations, locations.size()); }
};

enum class DiagnosticLevel { kWarning, kError, kNote };

// Something that kept part of the input from being scanned as usual: an
// unreadable file, a FIFO skipped, a file too large to decode (warnings), or
// an input left out on purpose, such as keysweep's own report (notes). The
// scan goes on.
struct Diagnostic {
  Diagnostic() = default;
  Diagnostic(DiagnosticLevel level, std::string path, std::string message, std::string repository = "")
      : level(level), path(std::move(path)), message(std::move(message)), repository(std::move(repository)) {}
  DiagnosticLevel level = DiagnosticLevel::kWarning;
  std::string path;     // may be empty
  std::string message;
  std::string repository;  // as Finding::repository
  bool operator<(const Diagnostic& other) const;
};

struct ScanStats {
  uint64_t files = 0;            // files (or blobs) read
  uint64_t bytes = 0;            // bytes read
  uint64_t unique_contents = 0;  // distinct contents scanned
  uint64_t skipped = 0;          // excluded, special files, symlinks, keysweep's own reports
  uint64_t suppressed = 0;       // matches dropped by keysweep:allow, fingerprints, baseline
  double seconds = 0.0;
  size_t rules = 0;
  bool database_from_cache = false;
};

// Metadata about a rule, for SARIF's rule list and the text report.
struct RuleInfo {
  std::string id;
  std::string name;
  std::string description;
  Severity severity = Severity::kHigh;
  std::vector<std::string> references;
};

struct Report {
  std::vector<Finding> findings;        // sorted: severity (highest first), rule, first location
  std::vector<Diagnostic> diagnostics;  // sorted
  ScanStats stats;
  std::vector<RuleInfo> rules;          // every rule that ran, sorted by id
  bool policy_lint = false;             // findings are policy findings (check ids, messages)
  size_t failed_repositories = 0;       // multi-repository git scans: repositories not scanned (exit 2)
};

// "warning", "error" or "note".
const char* DiagnosticLevelName(DiagnosticLevel level);

// The diagnostics that are warnings or errors.
size_t CountProblems(const Report& report);

// Sorts findings and diagnostics into the report's canonical order.
void SortReport(Report* report);

}  // namespace keysweep

#endif  // KEYSWEEP_SCANNER_FINDING_H_
