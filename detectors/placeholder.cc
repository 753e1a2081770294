#include "detectors/placeholder.h"

#include "core/text.h"

namespace keysweep {

bool LooksLikePlaceholder(std::string_view value) {
  if (ContainsIgnoreCase(value, "example")) return true;
  for (std::string_view sequence : {"abcdefgh", "12345678", "01234567", "qwertyui"}) {
    if (ContainsIgnoreCase(value, sequence)) return true;
  }
  for (std::string_view marker : {"${", "{{", "<", ">"}) {
    if (value.find(marker) != std::string_view::npos) return true;
  }
  size_t run = 1;
  for (size_t i = 1; i < value.size(); ++i) {
    run = value[i] == value[i - 1] ? run + 1 : 1;
    if (run >= 6) return true;
  }
  return false;
}

bool LooksLikePlaceholderValue(std::string_view value) {
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
  if (value.empty()) return true;
  std::string lower = ToLowerAscii(value);
  static constexpr std::string_view kStopWords[] = {
      "changeme", "change_me", "change-me", "changeit", "password", "passwd", "pass", "secret",
      "token", "apikey", "api_key", "example", "sample", "dummy", "test", "testing", "placeholder",
      "your_password", "yourpassword", "your-password", "mypassword", "my_password", "null", "nil",
      "none", "undefined", "true", "false", "redacted", "hidden", "masked", "default", "todo",
      "tbd", "fixme", "replace_me", "replaceme", "insert_here", "foo", "bar", "foobar", "empty",
      "notset", "not_set", "unset", "required", "optional", "string", "value", "secretkey",
      "secret_key", "password123"};
  for (std::string_view word : kStopWords) {
    if (lower == word) return true;
  }
  // A single repeated character: xxxxx, *****, .....
  if (value.size() >= 3 && value.find_first_not_of(value[0]) == std::string_view::npos) return true;
  // Templates and variables.
  static constexpr std::string_view kStarts[] = {"$", "%", "{{", "<", "@", "#{", "[[", "env:", "vault:",
                                                 "secret:", "ssm:", "arn:aws:secretsmanager"};
  for (std::string_view start : kStarts) {
    if (lower.starts_with(start)) return true;
  }
  static constexpr std::string_view kReads[] = {"os.environ", "process.env", "getenv", "env[", "env(",
                                                "environ.get", "secrets.", "${", "{{", "%("};
  for (std::string_view read : kReads) {
    if (lower.find(read) != std::string::npos) return true;
  }
  if (lower.starts_with("your") || lower.starts_with("enter") || lower.starts_with("insert") ||
      lower.find("xxxx") != std::string::npos || lower.find("****") != std::string::npos ||
      lower.find("example") != std::string::npos || lower.find("placeholder") != std::string::npos) {
    return true;
  }
  return false;
}

}  // namespace keysweep
