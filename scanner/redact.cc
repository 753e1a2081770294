#include "scanner/redact.h"

#include <algorithm>
#include <vector>

namespace keysweep {
namespace {

// The spans clamped to `size` bytes, sorted, with overlapping and adjacent ones
// merged; a merged span shows only what every span in it allows.
std::vector<RedactSpan> MergedSpans(std::vector<RedactSpan> spans, size_t size) {
  for (RedactSpan& span : spans) {
    span.end = std::min(span.end, size);
    span.begin = std::min(span.begin, span.end);
    span.shown = std::min(span.shown, span.end - span.begin);
  }
  std::sort(spans.begin(), spans.end(),
            [](const RedactSpan& a, const RedactSpan& b) { return a.begin < b.begin; });
  std::vector<RedactSpan> merged;
  for (const RedactSpan& span : spans) {
    if (span.begin == span.end) continue;
    if (merged.empty() || span.begin > merged.back().end) {
      merged.push_back(span);
      continue;
    }
    RedactSpan& last = merged.back();
    last.shown = std::min(last.shown, span.begin - last.begin + span.shown);
    last.end = std::max(last.end, span.end);
  }
  return merged;
}

}  // namespace

size_t ShownPrefixLength(size_t size) { return std::min<size_t>(4, size / 4); }

std::string RedactSecret(std::string_view secret) {
  return std::string(secret.substr(0, ShownPrefixLength(secret.size()))) + "****";
}

std::string RenderSnippet(const Snippet& snippet, bool show_secrets) {
  if (show_secrets || snippet.redact_spans.empty()) return snippet.text;
  std::string out;
  size_t pos = 0;
  for (const RedactSpan& span : MergedSpans(snippet.redact_spans, snippet.text.size())) {
    out.append(snippet.text, pos, span.begin + span.shown - pos);
    out += "****";
    pos = span.end;
  }
  out.append(snippet.text, pos, std::string::npos);
  return out;
}

std::string DisplaySecret(const Finding& finding, bool show_secrets) {
  if (show_secrets || !finding.redact) return finding.secret;
  return RedactSecret(finding.secret);
}

}  // namespace keysweep
