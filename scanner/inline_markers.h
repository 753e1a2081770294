// Inline allow markers: a comment on a line of a finding's part that accepts
// that finding. keysweep's own, and those users bring from other scanners:
//
//   keysweep:allow                     keysweep    this line
//   gitleaks:allow                     gitleaks    this line
//   pragma: allowlist secret           detect-secrets  this line
//   pragma: allowlist nextline secret  detect-secrets  the next line
//
// Each family can be turned off in the config ("inline_markers"). Pure
// functions over constants: thread-safe.
#ifndef KEYSWEEP_SCANNER_INLINE_MARKERS_H_
#define KEYSWEEP_SCANNER_INLINE_MARKERS_H_

#include <optional>
#include <string_view>

namespace keysweep {

// A set of marker families, as bits.
using InlineMarkerSet = unsigned;
inline constexpr InlineMarkerSet kKeysweepMarker = 1;
inline constexpr InlineMarkerSet kGitleaksMarker = 2;
inline constexpr InlineMarkerSet kDetectSecretsMarker = 4;
inline constexpr InlineMarkerSet kAllInlineMarkers = kKeysweepMarker | kGitleaksMarker | kDetectSecretsMarker;

// "keysweep", "gitleaks" or "detect-secrets"; nullopt for anything else.
std::optional<InlineMarkerSet> ParseInlineMarkerFamily(std::string_view name);

// The families whose marker for its own line is on `line`, and, in
// `*next_line`, those whose marker for the next line is. One pass over the
// line: linear in its length.
InlineMarkerSet FindInlineMarkers(std::string_view line, InlineMarkerSet* next_line);

}  // namespace keysweep

#endif  // KEYSWEEP_SCANNER_INLINE_MARKERS_H_
