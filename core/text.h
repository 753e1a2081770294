// Small text helpers shared across libraries. Pure functions: thread-safe.
#ifndef KEYSWEEP_CORE_TEXT_H_
#define KEYSWEEP_CORE_TEXT_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace keysweep {

bool EqualsIgnoreCase(std::string_view a, std::string_view b);
std::string ToLowerAscii(std::string_view s);
// True if `needle` occurs in `haystack`, ASCII case-insensitively.
bool ContainsIgnoreCase(std::string_view haystack, std::string_view needle);

// Makes untrusted bytes (file names, snippets) safe to print on a terminal:
// control characters, DEL and invalid UTF-8 become \xNN, \t \n \r become \t \n \r,
// backslash stays a backslash. Bidirectional controls (U+202A..U+202E,
// U+2066..U+2069, U+200E, U+200F, U+061C) and U+2028/U+2029 become \u{202e}.
// Other valid printable UTF-8 passes through.
std::string EscapeForTerminal(std::string_view bytes);

// JSON text as nlohmann's dump writes it, with those bidirectional controls and
// line separators written as \uXXXX escapes: the same JSON values, but a
// viewer that renders a SARIF message or a JSON field (GitHub's code scanning
// page, an editor) cannot be made to reorder it. Valid on any JSON text: every
// such code point in JSON text is inside a string.
std::string EscapeInvisibleInJson(std::string json_text);

// Appends the UTF-8 encoding of a Unicode code point (U+0000..U+10FFFF).
void AppendUtf8(uint32_t code_point, std::string* out);

// Levenshtein distance (insertions, deletions, substitutions) between two strings,
// in O(|a|·|b|) time: for "did you mean" suggestions among short names.
size_t EditDistance(std::string_view a, std::string_view b);

// Shannon entropy of the bytes, in bits per byte (0 for empty input).
double ShannonEntropy(std::string_view bytes);

}  // namespace keysweep

#endif  // KEYSWEEP_CORE_TEXT_H_
