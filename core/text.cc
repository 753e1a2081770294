#include "core/text.h"

#include <algorithm>
#include <vector>
#include <array>
#include <cmath>
#include <cstdio>

namespace keysweep {
namespace {

char LowerAscii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// Length of the valid UTF-8 sequence starting at s[i] (2..4), or 0 if invalid.
size_t Utf8SequenceLength(std::string_view s, size_t i) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = byte(i);
  size_t n = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 && c < 0xE0 ? 2 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
  }
  unsigned char c1 = byte(i + 1);
  if (c == 0xE0 && c1 < 0xA0) return 0;   // overlong
  if (c == 0xED && c1 >= 0xA0) return 0;  // surrogate
  if (c == 0xF0 && c1 < 0x90) return 0;   // overlong
  if (c == 0xF4 && c1 >= 0x90) return 0;  // > U+10FFFF
  // C1 control characters (U+0080..U+009F) can drive some terminals.
  if (c == 0xC2 && c1 < 0xA0) return 0;
  return n;
}

// Code points that reorder or break displayed text without being control
// characters: bidirectional controls and the Unicode line/paragraph separators.
bool IsInvisibleFormatting(uint32_t cp) {
  return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E ||
         cp == 0x200F || cp == 0x061C || cp == 0x2028 || cp == 0x2029;
}

uint32_t DecodeUtf8(std::string_view s, size_t i, size_t n) {
  auto byte = [&](size_t k) { return static_cast<uint32_t>(static_cast<unsigned char>(s[i + k])); };
  if (n == 2) return ((byte(0) & 0x1F) << 6) | (byte(1) & 0x3F);
  if (n == 3) return ((byte(0) & 0x0F) << 12) | ((byte(1) & 0x3F) << 6) | (byte(2) & 0x3F);
  return ((byte(0) & 0x07) << 18) | ((byte(1) & 0x3F) << 12) | ((byte(2) & 0x3F) << 6) | (byte(3) & 0x3F);
}

}  // namespace

std::string EscapeInvisibleInJson(std::string json_text) {
  // Every such code point starts with 0xD8 (U+061C) or 0xE2 (the others).
  if (json_text.find('\xE2') == std::string::npos && json_text.find('\xD8') == std::string::npos) {
    return json_text;
  }
  std::string out;
  out.reserve(json_text.size() + 16);
  for (size_t i = 0; i < json_text.size();) {
    unsigned char c = static_cast<unsigned char>(json_text[i]);
    size_t n = c >= 0x80 ? Utf8SequenceLength(json_text, i) : 0;
    if (n >= 2) {
      if (uint32_t cp = DecodeUtf8(json_text, i, n); IsInvisibleFormatting(cp)) {
        char escaped[8];
        snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned>(cp));
        out += escaped;
        i += n;
        continue;
      }
      out.append(json_text, i, n);
      i += n;
      continue;
    }
    out.push_back(json_text[i]);
    ++i;
  }
  return out;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (LowerAscii(a[i]) != LowerAscii(b[i])) return false;
  }
  return true;
}

std::string ToLowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = LowerAscii(c);
  return out;
}

bool ContainsIgnoreCase(std::string_view haystack, std::string_view needle) {
  if (needle.empty()) return true;
  auto it = std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end(),
                        [](char x, char y) { return LowerAscii(x) == LowerAscii(y); });
  return it != haystack.end();
}

std::string EscapeForTerminal(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size());
  for (size_t i = 0; i < bytes.size();) {
    unsigned char c = static_cast<unsigned char>(bytes[i]);
    if (c >= 0x20 && c < 0x7F) {
      out.push_back(static_cast<char>(c));
      ++i;
    } else if (c == '\t') {
      out += "\\t";
      ++i;
    } else if (c == '\n') {
      out += "\\n";
      ++i;
    } else if (c == '\r') {
      out += "\\r";
      ++i;
    } else if (size_t n = c >= 0x80 ? Utf8SequenceLength(bytes, i) : 0; n > 0) {
      if (uint32_t cp = DecodeUtf8(bytes, i, n); IsInvisibleFormatting(cp)) {
        char escaped[16];
        snprintf(escaped, sizeof escaped, "\\u{%04x}", static_cast<unsigned>(cp));
        out += escaped;
      } else {
        out.append(bytes.substr(i, n));
      }
      i += n;
    } else {
      out += "\\x";
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xF]);
      ++i;
    }
  }
  return out;
}

void AppendUtf8(uint32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

double ShannonEntropy(std::string_view bytes) {
  if (bytes.empty()) return 0.0;
  std::array<size_t, 256> counts{};
  for (unsigned char c : bytes) ++counts[c];
  double entropy = 0.0;
  const double n = static_cast<double>(bytes.size());
  for (size_t count : counts) {
    if (count == 0) continue;
    double p = static_cast<double>(count) / n;
    entropy -= p * std::log2(p);
  }
  return entropy;
}

size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t previous = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t current = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1)});
      previous = current;
    }
  }
  return row[b.size()];
}

}  // namespace keysweep
