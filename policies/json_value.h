// A JSON parser that remembers where everything is. Policy findings point at
// the offending element by line, column and JSON pointer, and IAM cares about
// things ordinary parsers hide (duplicate keys, the exact spelling of numbers),
// so policies are parsed with this small recursive-descent parser instead.
// Depth and size are bounded: a million nested arrays is a clear error, never a
// stack overflow. Values are plain data: thread-safe to share once parsed.
#ifndef KEYSWEEP_POLICIES_JSON_VALUE_H_
#define KEYSWEEP_POLICIES_JSON_VALUE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"

namespace keysweep {

struct JsonPosition {
  uint32_t line = 1;    // 1-based
  uint32_t column = 1;  // 1-based, in bytes
};

class JsonValue {
 public:
  enum class Kind { kNull, kBool, kNumber, kString, kArray, kObject };
  using Member = std::pair<std::string, JsonValue>;

  Kind kind() const { return kind_; }
  bool is_string() const { return kind_ == Kind::kString; }
  bool is_array() const { return kind_ == Kind::kArray; }
  bool is_object() const { return kind_ == Kind::kObject; }
  bool is_bool() const { return kind_ == Kind::kBool; }
  bool is_number() const { return kind_ == Kind::kNumber; }
  bool is_null() const { return kind_ == Kind::kNull; }

  // The string's value; for numbers and booleans, their text as written.
  const std::string& text() const { return text_; }
  bool boolean() const { return text_ == "true"; }
  const std::vector<JsonValue>& items() const { return items_; }
  // Members in document order; duplicates are kept (IAM takes the last one).
  const std::vector<Member>& members() const { return members_; }
  // The last member with this key, or nullptr.
  const JsonValue* Find(std::string_view key) const;
  // Where the value starts, and where its key starts when it is a member.
  JsonPosition position() const { return position_; }
  JsonPosition key_position() const { return key_position_; }
  // "string", "array" ... for messages.
  const char* KindName() const;

 private:
  friend class JsonParser;
  Kind kind_ = Kind::kNull;
  std::string text_;
  std::vector<JsonValue> items_;
  std::vector<Member> members_;
  JsonPosition position_;
  JsonPosition key_position_;
};

struct JsonParseOptions {
  size_t max_depth = 256;
  size_t max_bytes = 64u << 20;
};

// Errors say what is wrong and where: "line 3, column 17: expected ',' or '}'".
Result<JsonValue> ParseJson(std::string_view text, const JsonParseOptions& options = {});

// Appends a JSON-pointer token ("/Statement/0"), escaping '~' and '/'.
std::string PointerAppend(const std::string& pointer, std::string_view token);
std::string PointerAppend(const std::string& pointer, size_t index);

}  // namespace keysweep

#endif  // KEYSWEEP_POLICIES_JSON_VALUE_H_
