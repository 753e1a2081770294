// Match: one confirmed rule match in a buffer, with its secret and companions.
// Plain data: thread-safe as a value.
#ifndef KEYSWEEP_DETECTORS_MATCH_H_
#define KEYSWEEP_DETECTORS_MATCH_H_

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "core/severity.h"

namespace keysweep {

// A value found near a match by one of the rule's companion patterns.
struct CompanionMatch {
  std::string name;   // the CompanionSpec's name, e.g. "secret_access_key"
  std::string value;  // normalized like the secret
  size_t begin = 0;   // offsets of the value in the scanned buffer
  size_t end = 0;
};

struct Match {
  size_t rule_index = 0;     // into Engine::rules()
  size_t begin = 0;          // the whole pattern match, offsets in the scanned buffer
  size_t end = 0;
  size_t secret_begin = 0;   // capture group 1 (the whole match if the rule has no group)
  size_t secret_end = 0;
  std::string secret;        // group 1, normalized: JSON's "\/" becomes "/"
  Severity severity = Severity::kHigh;  // the rule's, raised by a companion's
  std::vector<CompanionMatch> companions;
  // Decoded facts, e.g. {"key_id", "AKIA..."}, {"account_id", "123456789012"}.
  std::vector<std::pair<std::string, std::string>> attributes;
};

}  // namespace keysweep

#endif  // KEYSWEEP_DETECTORS_MATCH_H_
