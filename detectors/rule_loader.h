// Loading rules: the built-in rule files compiled into the binary, and user
// rule files. Pure functions: thread-safe.
#ifndef KEYSWEEP_DETECTORS_RULE_LOADER_H_
#define KEYSWEEP_DETECTORS_RULE_LOADER_H_

#include <string>
#include <string_view>
#include <vector>

#include "core/embedded_file.h"
#include "core/status.h"
#include "detectors/rule.h"

namespace keysweep {

// Parses one rule file. `origin` names it in error messages ("detectors/rules/aws.json").
// Errors name the file, the rule id and the offending field.
Result<std::vector<Rule>> ParseRuleFile(std::string_view json_text, const std::string& origin);

// Reads and parses a rule file from disk: a regular file of bounded size
// (core/regular_file.h), so "/dev/zero" or a FIFO is an error, not a hang.
Result<std::vector<Rule>> LoadRuleFile(const std::string& path);

// Every built-in rule, in file then declaration order. Parsed once per process.
const std::vector<Rule>& BuiltinRules();

// The embedded rule files themselves: (file name, JSON text).
const std::vector<EmbeddedFile>& BuiltinRuleFiles();

// Checks a combined rule list for duplicate ids; returns the list or an error.
Status CheckUniqueIds(const std::vector<Rule>& rules);

}  // namespace keysweep

#endif  // KEYSWEEP_DETECTORS_RULE_LOADER_H_
