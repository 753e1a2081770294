// Recognizes values that have a secret's shape but are documentation or
// placeholders: AWS's documented example keys, "XXXXXXXX", "<your-token>".
// Pure functions: thread-safe.
#ifndef KEYSWEEP_DETECTORS_PLACEHOLDER_H_
#define KEYSWEEP_DETECTORS_PLACEHOLDER_H_

#include <string_view>

namespace keysweep {

// True for values containing "EXAMPLE" (any case), a run of 6 or more of the
// same character, an obvious sequence ("abcdefgh", "12345678"), or template
// syntax ("${", "{{", "<", ">"). The odds of a random 16+ character token
// tripping one of these are below one in a million; rules whose real secrets
// have such runs (PEM bodies) turn the check off.
bool LooksLikePlaceholder(std::string_view value);

// True for an assigned value that is not a literal secret: empty, a stop word
// ("changeme", "password", "xxxx", "****", "null", "your_password"), a
// template or variable ("${DB_PASSWORD}", "$PASS", "%PASS%", "{{ pass }}",
// "<your-token>", "@db.password@"), or a read from the environment
// ("os.environ[...]", "process.env.X", "getenv(...)"). Used by field rules,
// whose values have no distinctive shape.
bool LooksLikePlaceholderValue(std::string_view value);

}  // namespace keysweep

#endif  // KEYSWEEP_DETECTORS_PLACEHOLDER_H_
