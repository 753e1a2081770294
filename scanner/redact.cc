#include "scanner/redact.h"

#include <algorithm>
#include <vector>

namespace keysweep {
namespace {

// A range to mask, of which the first `shown` bytes may be printed.
struct MaskedRange {
  size_t begin = 0;
  size_t end = 0;
  size_t shown = 0;
};

// The spans clamped to `size` bytes, sorted, with overlapping and adjacent ones
// merged; a merged range shows only what every span in it allows.
std::vector<MaskedRange> MergedRanges(const std::vector<RedactSpan>& spans, size_t size, int percent) {
  std::vector<MaskedRange> ranges;
  for (const RedactSpan& span : spans) {
    MaskedRange range;
    range.end = std::min(span.end, size);
    range.begin = std::min(span.begin, range.end);
    range.shown = std::min(ShownPrefixLength(span.secret_size, percent), range.end - range.begin);
    ranges.push_back(range);
  }
  std::sort(ranges.begin(), ranges.end(),
            [](const MaskedRange& a, const MaskedRange& b) { return a.begin < b.begin; });
  std::vector<MaskedRange> merged;
  for (const MaskedRange& range : ranges) {
    if (range.begin == range.end) continue;
    if (merged.empty() || range.begin > merged.back().end) {
      merged.push_back(range);
      continue;
    }
    MaskedRange& last = merged.back();
    last.shown = std::min(last.shown, range.begin - last.begin + range.shown);
    last.end = std::max(last.end, range.end);
  }
  return merged;
}

}  // namespace

size_t ShownPrefixLength(size_t size, int percent) {
  size_t hidden = static_cast<size_t>(std::clamp(percent, kDefaultRedactPercent, 100));
  return std::min<size_t>(4, size * (100 - hidden) / 100);
}

std::string RedactSecret(std::string_view secret, int percent) {
  return std::string(secret.substr(0, ShownPrefixLength(secret.size(), percent))) + "****";
}

std::string RenderSnippet(const Snippet& snippet, const Redaction& redaction) {
  if (redaction.show_secrets || snippet.redact_spans.empty()) return snippet.text;
  std::string out;
  size_t pos = 0;
  for (const MaskedRange& range : MergedRanges(snippet.redact_spans, snippet.text.size(), redaction.percent)) {
    out.append(snippet.text, pos, range.begin + range.shown - pos);
    out += "****";
    pos = range.end;
  }
  out.append(snippet.text, pos, std::string::npos);
  return out;
}

std::string DisplaySecret(const Finding& finding, const Redaction& redaction) {
  if (finding.from_redacted_report || redaction.show_secrets || !finding.redact) return finding.secret;
  return RedactSecret(finding.secret, redaction.percent);
}

std::string DisplayCompanion(const Finding& finding, const CompanionValue& companion, const Redaction& redaction) {
  if (finding.from_redacted_report || redaction.show_secrets) return companion.value;
  return RedactSecret(companion.value, redaction.percent);
}

bool SecretShownRedacted(const Finding& finding, const Redaction& redaction) {
  return finding.redact && (finding.from_redacted_report || !redaction.show_secrets);
}

}  // namespace keysweep
