// `rules check`: proves a rule set is sound. Every rule compiles in both
// Hyperscan and RE2 (with a bounded match width), every example is reported by
// the full pipeline (Hyperscan candidate, RE2 confirmation, filters) with the
// expected secret and companions, no negative example is reported, and the two
// engines agree on whether each example's text matches the bare pattern.
// Pure function of its input: thread-safe.
#ifndef KEYSWEEP_DETECTORS_RULES_CHECK_H_
#define KEYSWEEP_DETECTORS_RULES_CHECK_H_

#include <string>
#include <vector>

#include "detectors/rule.h"

namespace keysweep {

struct RulesCheckResult {
  size_t rules = 0;
  size_t examples = 0;           // positive examples checked
  size_t negative_examples = 0;  // negative examples checked
  std::vector<std::string> problems;  // one line each, naming the rule; empty when sound
  bool ok() const { return problems.empty(); }
};

RulesCheckResult CheckRules(const std::vector<Rule>& rules);

}  // namespace keysweep

#endif  // KEYSWEEP_DETECTORS_RULES_CHECK_H_
