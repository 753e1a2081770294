#include "core/glob.h"

#include <re2/re2.h>

namespace keysweep {
namespace {

void AppendEscaped(char c, std::string* out) {
  unsigned char u = static_cast<unsigned char>(c);
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
      c == '/' || c == '-') {
    out->push_back(c);
  } else if (u > 0x20 && u < 0x7F) {
    out->push_back('\\');
    out->push_back(c);
  } else {
    static constexpr char kHex[] = "0123456789abcdef";
    *out += "\\x{";
    out->push_back(kHex[u >> 4]);
    out->push_back(kHex[u & 0xF]);
    out->push_back('}');
  }
}

bool IsLiteral(std::string_view text) {
  return text.find_first_of("*?[\\") == std::string_view::npos;
}

}  // namespace

Result<std::string> GlobToRegex(std::string_view glob) {
  std::string_view g = glob;
  bool anchored = false;
  if (!g.empty() && g.front() == '/') {
    anchored = true;
    g.remove_prefix(1);
  }
  while (!g.empty() && g.back() == '/') g.remove_suffix(1);
  // "dir/**" is "dir": a matched directory covers everything below it anyway.
  if (g.size() > 3 && g.ends_with("/**")) g.remove_suffix(3);
  if (g.empty()) return Status::Error("empty glob '" + std::string(glob) + "'");
  if (g.find('/') != std::string_view::npos) anchored = true;

  std::string re = anchored ? "" : "(?:.*/)?";
  for (size_t i = 0; i < g.size(); ++i) {
    char c = g[i];
    if (c == '*') {
      bool double_star = i + 1 < g.size() && g[i + 1] == '*';
      if (!double_star) {
        re += "[^/]*";
        continue;
      }
      bool at_segment_start = i == 0 || g[i - 1] == '/';
      i += 1;
      if (at_segment_start && i + 1 < g.size() && g[i + 1] == '/') {
        re += "(?:.*/)?";  // "**/": zero or more directories
        i += 1;
      } else {
        re += ".*";
      }
    } else if (c == '?') {
      re += "[^/]";
    } else if (c == '[') {
      size_t j = i + 1;
      if (j < g.size() && (g[j] == '!' || g[j] == '^')) ++j;
      if (j < g.size() && g[j] == ']') ++j;
      while (j < g.size() && g[j] != ']') ++j;
      if (j >= g.size()) return Status::Error("unclosed '[' in glob '" + std::string(glob) + "'");
      std::string cls = "[";
      size_t k = i + 1;
      if (g[k] == '!' || g[k] == '^') {
        cls += '^';
        ++k;
      }
      for (; k < j; ++k) {
        if (g[k] == '\\' || g[k] == '[' || g[k] == ']' || (g[k] == '^')) cls += '\\';
        cls += g[k];
      }
      cls += ']';
      re += cls;
      i = j;
    } else if (c == '\\' && i + 1 < g.size()) {
      AppendEscaped(g[++i], &re);
    } else {
      AppendEscaped(c, &re);
    }
  }
  re += "(?:/.*)?";  // a matched directory covers everything below it
  return re;
}

GlobSet::GlobSet() = default;
GlobSet::~GlobSet() = default;
GlobSet::GlobSet(GlobSet&&) noexcept = default;
GlobSet& GlobSet::operator=(GlobSet&&) noexcept = default;

Status GlobSet::Add(std::string_view glob) {
  Result<std::string> re = GlobToRegex(glob);
  if (!re.ok()) return re.status();
  // The shapes matched without a regular expression (see the header).
  std::string_view g = glob;
  bool anchored = g.starts_with('/');
  if (anchored) g.remove_prefix(1);
  while (!g.empty() && g.back() == '/') g.remove_suffix(1);
  if (g.size() > 3 && g.ends_with("/**")) g.remove_suffix(3);
  bool any_depth = !anchored && g.starts_with("**/");
  if (any_depth) g.remove_prefix(3);
  bool has_slash = g.find('/') != std::string_view::npos;
  if (!g.empty() && IsLiteral(g) && !g.starts_with("/")) {
    globs_.emplace_back(glob);
    std::string wrapped(1, '/');
    wrapped.append(g).push_back('/');
    ((anchored || (has_slash && !any_depth)) ? prefixes_ : segments_).push_back(wrapped);
    return Status::Ok();
  }
  if ((any_depth || (!anchored && !has_slash)) && g.starts_with('*') && !has_slash && g.size() > 1 &&
      IsLiteral(g.substr(1))) {
    globs_.emplace_back(glob);
    std::string suffix(g.substr(1));
    suffix.push_back('/');
    suffixes_.push_back(std::move(suffix));
    return Status::Ok();
  }
  globs_.emplace_back(glob);
  regexes_.push_back(*re);
  std::string combined = "(?s)(?:";
  for (size_t i = 0; i < regexes_.size(); ++i) {
    if (i > 0) combined += '|';
    combined += regexes_[i];
  }
  combined += ')';
  RE2::Options options;
  options.set_encoding(RE2::Options::EncodingLatin1);
  options.set_log_errors(false);
  auto compiled = std::make_unique<RE2>(combined, options);
  if (!compiled->ok()) {
    globs_.pop_back();
    regexes_.pop_back();
    return Status::Error("bad glob '" + std::string(glob) + "': " + compiled->error());
  }
  combined_ = std::move(compiled);
  return Status::Ok();
}

bool GlobSet::Matches(std::string_view relative_path) const {
  while (relative_path.starts_with("./")) relative_path.remove_prefix(2);
  if (!segments_.empty() || !prefixes_.empty() || !suffixes_.empty()) {
    std::string wrapped;
    wrapped.reserve(relative_path.size() + 2);
    wrapped += '/';
    wrapped += relative_path;
    wrapped += '/';
    for (const std::string& s : segments_) {
      if (wrapped.find(s) != std::string::npos) return true;
    }
    for (const std::string& p : prefixes_) {
      if (wrapped.starts_with(p)) return true;
    }
    for (const std::string& suffix : suffixes_) {  // ".ext/": a segment's end
      if (wrapped.find(suffix) != std::string::npos) return true;
    }
  }
  return combined_ && RE2::FullMatch(relative_path, *combined_);
}

}  // namespace keysweep
