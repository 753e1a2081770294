#include "core/text.h"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "core/hash.h"
#include "core/severity.h"

namespace keysweep {
namespace {

TEST_CASE("EscapeForTerminal neutralizes control sequences but keeps UTF-8") {
  CHECK(EscapeForTerminal("plain text") == "plain text");
  CHECK(EscapeForTerminal("\x1b[31mred\x1b[0m") == "\\x1b[31mred\\x1b[0m");
  CHECK(EscapeForTerminal("a\nb\tc\rd") == "a\\nb\\tc\\rd");
  CHECK(EscapeForTerminal("caf\xc3\xa9") == "caf\xc3\xa9");
  CHECK(EscapeForTerminal("bad \xff byte") == "bad \\xff byte");
  CHECK(EscapeForTerminal("c1 \xc2\x9b csi") == "c1 \\xc2\\x9b csi");  // C1 CSI
  CHECK(EscapeForTerminal(std::string("nul\0x", 5)) == "nul\\x00x");
  CHECK(EscapeForTerminal("evil\xe2\x80\xaetxt.exe") == "evil\\u{202e}txt.exe");  // RIGHT-TO-LEFT OVERRIDE
  CHECK(EscapeForTerminal("\xe2\x81\xa6x\xe2\x81\xa9") == "\\u{2066}x\\u{2069}");
  CHECK(EscapeForTerminal("a\xe2\x80\xa8" "b\xe2\x80\xa9" "c") == "a\\u{2028}b\\u{2029}c");
  CHECK(EscapeForTerminal("\xe2\x80\x8e\xe2\x80\x8f\xd8\x9c") == "\\u{200e}\\u{200f}\\u{061c}");
  CHECK(EscapeForTerminal("\xe2\x80\x94 dash") == "\xe2\x80\x94 dash");  // other punctuation stays
}

TEST_CASE("ShannonEntropy") {
  CHECK(ShannonEntropy("") == 0.0);
  CHECK(ShannonEntropy("aaaa") == 0.0);
  CHECK(ShannonEntropy("abab") == doctest::Approx(1.0));
  CHECK(ShannonEntropy("0123456789abcdef") == doctest::Approx(4.0));
}

TEST_CASE("case-insensitive helpers") {
  CHECK(EqualsIgnoreCase("High", "high"));
  CHECK_FALSE(EqualsIgnoreCase("high", "higher"));
  CHECK(ContainsIgnoreCase("my AWS key", "aws"));
  CHECK_FALSE(ContainsIgnoreCase("my key", "aws"));
}

TEST_CASE("severities parse and order") {
  CHECK(ParseSeverity("CRITICAL") == Severity::kCritical);
  CHECK(ParseSeverity("medium") == Severity::kMedium);
  CHECK_FALSE(ParseSeverity("severe").has_value());
  CHECK(Severity::kCritical > Severity::kHigh);
  CHECK(SeverityName(Severity::kLow) == "low");
}

TEST_CASE("streaming hash equals one-shot hash") {
  std::string data(100000, 'x');
  for (size_t i = 0; i < data.size(); i += 7) data[i] = static_cast<char>('a' + i % 26);
  StreamingHasher hasher;
  hasher.Update(std::string_view(data).substr(0, 12345));
  hasher.Update(std::string_view(data).substr(12345));
  CHECK(hasher.Digest() == HashBytes(data));
  CHECK(HashBytes("a") != HashBytes("b"));
  CHECK(HashBytes("a").Hex().size() == 32);
}

TEST_CASE("EscapeInvisibleInJson writes bidi controls and line separators as \\u escapes, same values") {
  std::string raw = "{\"path\": \"evil\xe2\x80\xaetxt.exe a\xe2\x80\xa8" "b \xd8\x9c caf\xc3\xa9 \xe2\x80\x94\"}";
  std::string escaped = EscapeInvisibleInJson(raw);
  CHECK(escaped == "{\"path\": \"evil\\u202etxt.exe a\\u2028b \\u061c caf\xc3\xa9 \xe2\x80\x94\"}");
  CHECK(nlohmann::json::parse(escaped) == nlohmann::json::parse(raw));
  CHECK(EscapeInvisibleInJson("{\"a\": 1}") == "{\"a\": 1}");
}

}  // namespace
}  // namespace keysweep
