#include "scanner/redact.h"

#include <algorithm>

namespace keysweep {

std::string RedactSecret(std::string_view secret) {
  size_t shown = std::min<size_t>(4, secret.size() / 4);
  return std::string(secret.substr(0, shown)) + "****";
}

std::string RenderSnippet(const Snippet& snippet, bool show_secrets) {
  if (show_secrets || snippet.redact_spans.empty()) return snippet.text;
  std::string out;
  size_t pos = 0;
  for (const auto& [begin, end] : snippet.redact_spans) {
    if (begin < pos) continue;  // overlapping span: already masked
    out.append(snippet.text, pos, begin - pos);
    out += RedactSecret(std::string_view(snippet.text).substr(begin, end - begin));
    pos = end;
  }
  out.append(snippet.text, pos, std::string::npos);
  return out;
}

std::string DisplaySecret(const Finding& finding, bool show_secrets) {
  if (show_secrets || !finding.redact) return finding.secret;
  return RedactSecret(finding.secret);
}

}  // namespace keysweep
