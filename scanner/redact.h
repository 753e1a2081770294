// Redaction: what of a secret may be printed. CI logs are public, so reports
// show at most the first 4 characters of a secret (never more than a quarter
// of it) followed by "****", and no byte of it past them. Public ids (AWS key
// ids) are shown whole. Pure functions: thread-safe.
#ifndef KEYSWEEP_SCANNER_REDACT_H_
#define KEYSWEEP_SCANNER_REDACT_H_

#include <string>
#include <string_view>

#include "scanner/finding.h"

namespace keysweep {

// How many leading bytes of a secret of `size` bytes a report may show.
size_t ShownPrefixLength(size_t size);

std::string RedactSecret(std::string_view secret);

// The snippet's text with its redact spans masked (unless show_secrets).
// Overlapping and adjacent spans are masked as one, showing no more than any
// of them allows.
std::string RenderSnippet(const Snippet& snippet, bool show_secrets);

// The finding's secret as reports print it.
std::string DisplaySecret(const Finding& finding, bool show_secrets);

}  // namespace keysweep

#endif  // KEYSWEEP_SCANNER_REDACT_H_
