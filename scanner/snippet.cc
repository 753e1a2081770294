#include "scanner/snippet.h"

#include <algorithm>

#include "scanner/line_bounds.h"

namespace keysweep {
namespace {

// How much of a line a snippet shows on each side of the secret.
constexpr size_t kSnippetContext = 80;
// How far past its captured end a secret's token is masked (a 4096-bit PEM
// body with \n escapes is about 3,300 bytes).
constexpr size_t kTokenReach = 4096;

// Whether byte `c` ends the token of `secret`.
bool EndsToken(char c, std::string_view secret) {
  static constexpr std::string_view kSeparators = "\"'`\\,;&|<>()[]{}";
  auto byte = static_cast<unsigned char>(c);
  if (byte <= ' ' || byte == 0x7f) return true;
  return kSeparators.find(c) != std::string_view::npos && secret.find(c) == std::string_view::npos;
}

// The end of the token holding data[begin, end).
size_t TokenEnd(std::string_view data, size_t begin, size_t end) {
  std::string_view secret = data.substr(begin, end - begin);
  size_t limit = std::min(data.size(), end + kTokenReach);
  while (end < limit && !EndsToken(data[end], secret)) ++end;
  return end;
}

}  // namespace

SnippetMaker::SnippetMaker(std::string_view data, const std::vector<Match>& matches,
                           const std::vector<Rule>& rules)
    : data_(data) {
  auto add = [&](size_t begin, size_t end) {
    if (begin >= end) return;
    // The shown prefix is the captured secret's: the token past it adds no more.
    RedactSpan span{begin, TokenEnd(data_, begin, end), end - begin};
    longest_ = std::max(longest_, span.end - span.begin);
    secrets_.push_back(span);
  };
  for (const Match& match : matches) {
    if (rules[match.rule_index].redact) add(match.secret_begin, match.secret_end);
    for (const CompanionMatch& companion : match.companions) add(companion.begin, companion.end);
  }
  std::sort(secrets_.begin(), secrets_.end(),
            [](const RedactSpan& a, const RedactSpan& b) { return a.begin < b.begin; });
}

Snippet SnippetMaker::SnippetOf(const Match& match) const {
  size_t from = LineStart(data_, match.secret_begin, kSnippetContext);
  size_t to = LineEnd(data_, match.secret_begin, match.secret_end - match.secret_begin + kSnippetContext);
  if (to > from && data_[to - 1] == '\r') --to;
  Snippet snippet;
  snippet.text = std::string(data_.substr(from, to - from));
  size_t earliest = from > longest_ ? from - longest_ : 0;
  auto it = std::lower_bound(secrets_.begin(), secrets_.end(), earliest,
                             [](const RedactSpan& span, size_t pos) { return span.begin < pos; });
  for (; it != secrets_.end() && it->begin < to; ++it) {
    if (it->end <= from) continue;
    // A secret the window cuts at its start shows nothing: its first bytes are not in view.
    size_t secret_size = it->begin < from ? 0 : it->secret_size;
    size_t begin = std::max(it->begin, from);
    snippet.redact_spans.push_back(RedactSpan{begin - from, std::min(it->end, to) - from, secret_size});
  }
  return snippet;
}

}  // namespace keysweep
