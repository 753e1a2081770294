// Chooses the rules a scan runs: the built-in rules that are on by default,
// plus rule files from the config and --rules, then enable/disable lists by id
// or by "provider.*". Pure function: thread-safe.
#ifndef KEYSWEEP_SCANNER_RULE_SELECTION_H_
#define KEYSWEEP_SCANNER_RULE_SELECTION_H_

#include <string>
#include <utility>
#include <vector>

#include "core/status.h"
#include "detectors/rule.h"

namespace keysweep {

struct RuleSelection {
  std::vector<std::string> rule_files;     // extra files to load
  // Extra rule files already read (from a git tree, say): (origin, JSON text).
  std::vector<std::pair<std::string, std::string>> rule_texts;
  std::vector<std::string> enable_rules;   // ids or "prefix.*" to turn on
  std::vector<std::string> disable_rules;  // ids or "prefix.*" to turn off (wins over enable)
  bool include_informative = false;        // also rules that report context, not credentials
};

// Errors: a rule file that does not load, a duplicate id, an enable/disable
// entry that names no rule (a typo must not go unnoticed).
Result<std::vector<Rule>> SelectRules(const RuleSelection& selection);

}  // namespace keysweep

#endif  // KEYSWEEP_SCANNER_RULE_SELECTION_H_
