#include "detectors/re2_pattern.h"

#include <cctype>

namespace keysweep {
namespace {

// If pattern[i] starts a counted repetition "{n,m}", returns its length and
// sets n and m (m = -1 for "{n,}" or "{n}"-style forms we leave alone).
size_t ParseCount(std::string_view p, size_t i, std::string_view* n, long* m) {
  size_t j = i + 1;
  size_t n_begin = j;
  while (j < p.size() && isdigit(static_cast<unsigned char>(p[j]))) ++j;
  if (j == n_begin || j >= p.size() || p[j] != ',') return 0;
  *n = p.substr(n_begin, j - n_begin);
  ++j;
  size_t m_begin = j;
  while (j < p.size() && isdigit(static_cast<unsigned char>(p[j]))) ++j;
  if (j >= p.size() || p[j] != '}' || j == m_begin || j - m_begin > 6) return 0;
  *m = std::stol(std::string(p.substr(m_begin, j - m_begin)));
  return j - i + 1;
}

}  // namespace

std::string RelaxLargeRepeats(std::string_view p) {
  std::string out;
  out.reserve(p.size());
  bool in_class = false;
  for (size_t i = 0; i < p.size(); ++i) {
    char c = p[i];
    if (c == '\\' && i + 1 < p.size()) {
      if (p[i + 1] == 'Q') {  // \Q...\E: literal text
        size_t end = p.find("\\E", i + 2);
        size_t stop = end == std::string_view::npos ? p.size() : end + 2;
        out.append(p.substr(i, stop - i));
        i = stop - 1;
        continue;
      }
      out.push_back(c);
      out.push_back(p[++i]);
      continue;
    }
    if (in_class) {
      if (c == '[' && i + 1 < p.size() && p[i + 1] == ':') {  // [:alpha:]
        size_t end = p.find(":]", i + 2);
        if (end != std::string_view::npos) {
          out.append(p.substr(i, end + 2 - i));
          i = end + 1;
          continue;
        }
      }
      if (c == ']') in_class = false;
      out.push_back(c);
      continue;
    }
    if (c == '[') {
      in_class = true;
      out.push_back(c);
      // A ']' right after '[' or '[^' is a literal.
      if (i + 1 < p.size() && p[i + 1] == '^') out.push_back(p[++i]);
      if (i + 1 < p.size() && p[i + 1] == ']') out.push_back(p[++i]);
      continue;
    }
    if (c == '{') {
      std::string_view n;
      long m = 0;
      if (size_t length = ParseCount(p, i, &n, &m); length > 0 && m > kMaxRe2Repeat) {
        out += '{';
        out.append(n);
        out += ",}";
        i += length - 1;
        continue;
      }
    }
    out.push_back(c);
  }
  return out;
}

}  // namespace keysweep
