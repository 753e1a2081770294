// SnippetMaker: the line of context a report shows around a match, with a mask
// over every secret byte in it: the match's own secret, its companions, and
// those of every other match in the buffer that the line shows.
//
// A rule may capture only the start of a value (a PEM body's first 221
// characters) or stop at a byte that is still part of it ("pa#ss" cut at '#'),
// so a mask runs on to the end of the secret's token: up to whitespace, a quote,
// a backslash or a separator (",;&|<>()[]{}") the secret itself does not contain.
// A multi-line secret's snippet is the line it starts on.
//
// Immutable after construction: thread-safe. Borrows `data`, which must outlive it.
#ifndef KEYSWEEP_SCANNER_SNIPPET_H_
#define KEYSWEEP_SCANNER_SNIPPET_H_

#include <string_view>
#include <vector>

#include "detectors/match.h"
#include "detectors/rule.h"
#include "scanner/finding.h"

namespace keysweep {

class SnippetMaker {
 public:
  // `matches` are every match found in `data` (those a report drops too: they
  // are still secrets); `rules` says which of them are public ids.
  SnippetMaker(std::string_view data, const std::vector<Match>& matches, const std::vector<Rule>& rules);

  Snippet SnippetOf(const Match& match) const;

 private:
  std::string_view data_;
  std::vector<RedactSpan> secrets_;  // offsets in data_, sorted by begin
  size_t longest_ = 0;               // of the secrets_
};

}  // namespace keysweep

#endif  // KEYSWEEP_SCANNER_SNIPPET_H_
