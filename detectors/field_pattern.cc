#include "detectors/field_pattern.h"

namespace keysweep {

std::string FieldAssignmentPattern(const std::vector<std::string>& fields) {
  std::string names = "(?i:";
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) names += '|';
    names += fields[i];
  }
  names += ')';
  // The field name stands alone: not the tail of a longer identifier.
  const std::string before = "(?:^|[^A-Za-z0-9_.-])";
  // key = value, key: value, key => value; the key optionally quoted (JSON, YAML)
  // or an array subscript (PHP's $config['key'] => ...).
  const std::string assignment =
      before + "(?:export[ \\t]{1,10})?[\"']?" + names +
      "[\"']?\\]?[ \\t]{0,20}(?:=>|:=|=|:)[ \\t]{0,20}"
      "(?:\"([^\"\\r\\n]{1,200})\"|'([^'\\r\\n]{1,200})'|([^\\s\"'#;,<>]{1,200}))";
  // <key>value</key>
  const std::string element = "<" + names + ">[ \\t]{0,20}([^<\\r\\n]{1,200})</";
  // define('KEY', 'value')
  const std::string define = "(?i:define)\\([ \\t]{0,5}[\"']" + names +
                             "[\"'][ \\t]{0,5},[ \\t]{0,5}[\"']([^\"'\\r\\n]{1,200})[\"']";
  return assignment + "|" + element + "|" + define;
}

}  // namespace keysweep
