#include "scanner/inline_markers.h"

namespace keysweep {
namespace {

bool EndsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

bool StartsWith(std::string_view text, std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; }

}  // namespace

std::optional<InlineMarkerSet> ParseInlineMarkerFamily(std::string_view name) {
  if (name == "keysweep") return kKeysweepMarker;
  if (name == "gitleaks") return kGitleaksMarker;
  if (name == "detect-secrets") return kDetectSecretsMarker;
  return std::nullopt;
}

InlineMarkerSet FindInlineMarkers(std::string_view line, InlineMarkerSet* next_line) {
  // Every marker holds "allow": find each occurrence once (memchr-driven, no
  // overlap to revisit) and look at the few bytes around it.
  constexpr std::string_view kAllow = "allow";
  InlineMarkerSet here = 0;
  *next_line = 0;
  for (size_t at = line.find(kAllow); at != std::string_view::npos; at = line.find(kAllow, at + kAllow.size())) {
    std::string_view before = line.substr(0, at);
    std::string_view after = line.substr(at + kAllow.size());
    if (EndsWith(before, "keysweep:")) here |= kKeysweepMarker;
    if (EndsWith(before, "gitleaks:")) here |= kGitleaksMarker;
    if (EndsWith(before, "pragma: ")) {
      if (StartsWith(after, "list secret")) here |= kDetectSecretsMarker;
      if (StartsWith(after, "list nextline secret")) *next_line |= kDetectSecretsMarker;
    }
  }
  return here;
}

}  // namespace keysweep
