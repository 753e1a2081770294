// Redaction: what of a secret may be printed. CI logs are public, so reports
// show at most the first 4 characters of a secret (never more than a quarter
// of it) followed by "****", and no byte of it past them. --redact=PERCENT
// (gitleaks' flag) hides at least that share of it: --redact (100) shows no
// character at all; values up to 75 are the default. Public ids (AWS key ids)
// are shown whole. Pure functions: thread-safe.
#ifndef KEYSWEEP_SCANNER_REDACT_H_
#define KEYSWEEP_SCANNER_REDACT_H_

#include <string>
#include <string_view>

#include "scanner/finding.h"

namespace keysweep {

// The default share of a secret hidden: a quarter is shown, up to 4 characters.
inline constexpr int kDefaultRedactPercent = 75;

// How a report redacts: not at all (show_secrets), or hiding at least
// `percent` (0-100) of each secret. A plain value: thread-safe.
struct Redaction {
  bool show_secrets = false;
  int percent = kDefaultRedactPercent;
};

// How many leading bytes of a secret of `size` bytes a report may show: at
// most 4, and at most (100 - percent)% of it, with percent never below the
// default. The one redaction rule; every writer goes through it.
size_t ShownPrefixLength(size_t size, int percent = kDefaultRedactPercent);

std::string RedactSecret(std::string_view secret, int percent = kDefaultRedactPercent);

// The snippet's text with its redact spans masked (unless show_secrets).
// Overlapping and adjacent spans are masked as one, showing no more than any
// of them allows.
std::string RenderSnippet(const Snippet& snippet, const Redaction& redaction);

// The finding's secret as reports print it.
std::string DisplaySecret(const Finding& finding, const Redaction& redaction);

// A companion's value (of `finding`; always a secret) as reports print it.
std::string DisplayCompanion(const Finding& finding, const CompanionValue& companion, const Redaction& redaction);

// Whether a report prints the finding's secret redacted.
bool SecretShownRedacted(const Finding& finding, const Redaction& redaction);

}  // namespace keysweep

#endif  // KEYSWEEP_SCANNER_REDACT_H_
