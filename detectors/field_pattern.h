// Generates the pattern of a "field" rule: the value assigned to a named field
// in the syntaxes configuration files use. One pattern covers
//   KEY=value  KEY: value  export KEY="value"  key = 'value'  KEY => 'value'
//   "key": "value"  <key>value</key>  key="value" (XML attributes)
//   define('KEY', 'value')
// with the value in capture groups (whichever alternative matched). Field
// names are RE2 fragments matched ignoring case. The result is bounded and
// lookaround-free, as Hyperscan and RE2 both require. Pure function: thread-safe.
#ifndef KEYSWEEP_DETECTORS_FIELD_PATTERN_H_
#define KEYSWEEP_DETECTORS_FIELD_PATTERN_H_

#include <string>
#include <vector>

namespace keysweep {

std::string FieldAssignmentPattern(const std::vector<std::string>& fields);

}  // namespace keysweep

#endif  // KEYSWEEP_DETECTORS_FIELD_PATTERN_H_
