#include "policies/json_value.h"

#include <cstring>

#include "core/text.h"

namespace keysweep {

const JsonValue* JsonValue::Find(std::string_view key) const {
  for (auto it = members_.rbegin(); it != members_.rend(); ++it) {
    if (it->first == key) return &it->second;
  }
  return nullptr;
}

const char* JsonValue::KindName() const {
  switch (kind_) {
    case Kind::kNull: return "null";
    case Kind::kBool: return "boolean";
    case Kind::kNumber: return "number";
    case Kind::kString: return "string";
    case Kind::kArray: return "array";
    case Kind::kObject: return "object";
  }
  return "value";
}

class JsonParser {
 public:
  JsonParser(std::string_view text, const JsonParseOptions& options) : text_(text), options_(options) {}

  Result<JsonValue> Parse() {
    if (text_.size() > options_.max_bytes) {
      return Status::Error("the document is " + std::to_string(text_.size() >> 20) +
                           " MB, over the " + std::to_string(options_.max_bytes >> 20) + " MB limit");
    }
    if (text_.size() >= 3 && memcmp(text_.data(), "\xEF\xBB\xBF", 3) == 0) Advance(3);  // BOM
    JsonValue value;
    SkipSpace();
    if (!ParseValue(&value, 0)) return Status::Error(error_);
    SkipSpace();
    if (pos_ != text_.size()) {
      Error("unexpected text after the JSON value");
      return Status::Error(error_);
    }
    return value;
  }

 private:
  bool Error(const std::string& what) {
    if (error_.empty()) {
      error_ = "line " + std::to_string(line_) + ", column " + std::to_string(column_) + ": " + what;
    }
    return false;
  }

  void Advance(size_t n) {
    for (size_t i = 0; i < n && pos_ < text_.size(); ++i) {
      if (text_[pos_++] == '\n') {
        ++line_;
        column_ = 1;
      } else {
        ++column_;
      }
    }
  }

  void SkipSpace() {
    while (pos_ < text_.size()) {
      char c = text_[pos_];
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') break;
      Advance(1);
    }
  }

  JsonPosition Here() const { return JsonPosition{line_, column_}; }

  bool ParseValue(JsonValue* value, size_t depth) {
    if (depth > options_.max_depth) {
      return Error("nested deeper than " + std::to_string(options_.max_depth) + " levels");
    }
    value->position_ = Here();
    if (pos_ >= text_.size()) return Error("unexpected end of input");
    char c = text_[pos_];
    if (c == '{') return ParseObject(value, depth);
    if (c == '[') return ParseArray(value, depth);
    if (c == '"') {
      value->kind_ = JsonValue::Kind::kString;
      return ParseString(&value->text_);
    }
    if (c == '-' || (c >= '0' && c <= '9')) return ParseNumber(value);
    for (auto [word, kind] : {std::pair{"true", JsonValue::Kind::kBool}, std::pair{"false", JsonValue::Kind::kBool},
                              std::pair{"null", JsonValue::Kind::kNull}}) {
      size_t n = strlen(word);
      if (text_.substr(pos_, n) == word) {
        value->kind_ = kind;
        value->text_ = word;
        Advance(n);
        return true;
      }
    }
    return Error(std::string("unexpected character '") + (c >= 0x20 && c < 0x7f ? std::string(1, c) : "?") + "'");
  }

  bool ParseObject(JsonValue* value, size_t depth) {
    value->kind_ = JsonValue::Kind::kObject;
    Advance(1);
    SkipSpace();
    if (pos_ < text_.size() && text_[pos_] == '}') {
      Advance(1);
      return true;
    }
    for (;;) {
      SkipSpace();
      if (pos_ >= text_.size() || text_[pos_] != '"') return Error("expected a string key");
      JsonValue::Member member;
      JsonPosition key_position = Here();
      if (!ParseString(&member.first)) return false;
      SkipSpace();
      if (pos_ >= text_.size() || text_[pos_] != ':') return Error("expected ':' after the key");
      Advance(1);
      SkipSpace();
      if (!ParseValue(&member.second, depth + 1)) return false;
      member.second.key_position_ = key_position;
      value->members_.push_back(std::move(member));
      SkipSpace();
      if (pos_ < text_.size() && text_[pos_] == ',') {
        Advance(1);
        continue;
      }
      if (pos_ < text_.size() && text_[pos_] == '}') {
        Advance(1);
        return true;
      }
      return Error("expected ',' or '}'");
    }
  }

  bool ParseArray(JsonValue* value, size_t depth) {
    value->kind_ = JsonValue::Kind::kArray;
    Advance(1);
    SkipSpace();
    if (pos_ < text_.size() && text_[pos_] == ']') {
      Advance(1);
      return true;
    }
    for (;;) {
      SkipSpace();
      JsonValue item;
      if (!ParseValue(&item, depth + 1)) return false;
      value->items_.push_back(std::move(item));
      SkipSpace();
      if (pos_ < text_.size() && text_[pos_] == ',') {
        Advance(1);
        continue;
      }
      if (pos_ < text_.size() && text_[pos_] == ']') {
        Advance(1);
        return true;
      }
      return Error("expected ',' or ']'");
    }
  }

  static int Hex(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }

  bool ReadHex4(uint32_t* out) {
    if (pos_ + 4 > text_.size()) return Error("truncated \\u escape");
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i) {
      int h = Hex(text_[pos_ + i]);
      if (h < 0) return Error("bad \\u escape");
      v = v * 16 + static_cast<uint32_t>(h);
    }
    Advance(4);
    *out = v;
    return true;
  }

  bool ParseString(std::string* out) {
    Advance(1);  // opening quote
    for (;;) {
      if (pos_ >= text_.size()) return Error("unterminated string");
      char c = text_[pos_];
      if (c == '"') {
        Advance(1);
        return true;
      }
      if (static_cast<unsigned char>(c) < 0x20) return Error("control character in a string");
      if (c != '\\') {
        // Copy a run of plain characters at once.
        size_t start = pos_;
        while (pos_ < text_.size() && text_[pos_] != '"' && text_[pos_] != '\\' &&
               static_cast<unsigned char>(text_[pos_]) >= 0x20) {
          ++pos_;
          ++column_;
        }
        out->append(text_.substr(start, pos_ - start));
        continue;
      }
      Advance(1);
      if (pos_ >= text_.size()) return Error("unterminated string");
      char e = text_[pos_];
      Advance(1);
      switch (e) {
        case '"': out->push_back('"'); break;
        case '\\': out->push_back('\\'); break;
        case '/': out->push_back('/'); break;
        case 'b': out->push_back('\b'); break;
        case 'f': out->push_back('\f'); break;
        case 'n': out->push_back('\n'); break;
        case 'r': out->push_back('\r'); break;
        case 't': out->push_back('\t'); break;
        case 'u': {
          uint32_t cp = 0;
          if (!ReadHex4(&cp)) return false;
          if (cp >= 0xD800 && cp <= 0xDBFF && text_.substr(pos_, 2) == "\\u") {
            Advance(2);
            uint32_t low = 0;
            if (!ReadHex4(&low)) return false;
            if (low >= 0xDC00 && low <= 0xDFFF) {
              cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            } else {
              AppendUtf8(0xFFFD, out);
              cp = low;
            }
          }
          AppendUtf8(cp, out);
          break;
        }
        default: return Error("bad escape in a string");
      }
    }
  }

  bool ParseNumber(JsonValue* value) {
    value->kind_ = JsonValue::Kind::kNumber;
    size_t start = pos_;
    if (text_[pos_] == '-') ++pos_;
    auto digits = [&] {
      size_t begin = pos_;
      while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') ++pos_;
      return pos_ > begin;
    };
    bool ok = digits();
    if (ok && pos_ < text_.size() && text_[pos_] == '.') {
      ++pos_;
      ok = digits();
    }
    if (ok && pos_ < text_.size() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
      ++pos_;
      if (pos_ < text_.size() && (text_[pos_] == '+' || text_[pos_] == '-')) ++pos_;
      ok = digits();
    }
    column_ += static_cast<uint32_t>(pos_ - start);
    if (!ok) return Error("malformed number");
    value->text_ = std::string(text_.substr(start, pos_ - start));
    return true;
  }

  std::string_view text_;
  const JsonParseOptions& options_;
  size_t pos_ = 0;
  uint32_t line_ = 1;
  uint32_t column_ = 1;
  std::string error_;
};

Result<JsonValue> ParseJson(std::string_view text, const JsonParseOptions& options) {
  return JsonParser(text, options).Parse();
}

std::string PointerAppend(const std::string& pointer, std::string_view token) {
  std::string out = pointer + "/";
  for (char c : token) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

std::string PointerAppend(const std::string& pointer, size_t index) {
  return pointer + "/" + std::to_string(index);
}

}  // namespace keysweep
