#include "scanner/content_scanner.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstring>
#include <span>

#include "scanner/redact.h"
#include "tests/test_util.h"

namespace keysweep {
namespace {

using testing::BuiltinEngine;
using testing::kFakeKeyId;
using testing::kFakeSecret;

std::vector<ContentMatch> KeyIdMatches(const ContentResult& result) {
  std::vector<ContentMatch> out;
  for (const ContentMatch& m : result.matches.full()) {
    if (BuiltinEngine()->rules()[m.rule_index].id == "aws.access-key-id") out.push_back(m);
  }
  return out;
}

ContentResult ScanText(const std::string& text, size_t chunk_size = ContentScanner::kDefaultChunkSize) {
  ContentScanner scanner(BuiltinEngine(), chunk_size);
  ContentResult result;
  REQUIRE(scanner.ScanBytes(text, "", &result).ok());
  return result;
}

TEST_CASE("line and column are 1-based, columns count code points, CRLF counts one line") {
  std::string text = "first\r\nsecond\r\n\xc3\xa9t\xc3\xa9 = " + std::string(kFakeKeyId) + "\r\n";
  std::vector<ContentMatch> m = KeyIdMatches(ScanText(text));
  REQUIRE(m.size() == 1);
  CHECK(m[0].line == 3);
  CHECK(m[0].column == 7);  // "été = " is 6 code points
  CHECK(m[0].end_line == 3);
  CHECK(m[0].end_column == 27);
  CHECK(m[0].snippet.text == "\xc3\xa9t\xc3\xa9 = " + std::string(kFakeKeyId));
}

TEST_CASE("a key in the last line of a 30 MB input is found with its line number") {
  std::string text;
  text.reserve(31 << 20);
  std::string line = "2026-11-28T10:00:00Z INFO request served in 12ms path=/api/v1/items status=200\n";
  size_t lines = 0;
  while (text.size() < (30u << 20)) {
    text += line;
    ++lines;
  }
  text += std::string("leaked ") + kFakeKeyId;  // no trailing newline
  std::vector<ContentMatch> m = KeyIdMatches(ScanText(text));
  REQUIRE(m.size() == 1);
  CHECK(m[0].line == lines + 1);
  CHECK(m[0].column == 8);
}

TEST_CASE("chunked scanning finds a key straddling every chunk boundary exactly once") {
  const size_t chunk = 4096;
  for (size_t shift = 0; shift < 40; ++shift) {
    std::string text(chunk * 3, 'x');
    for (size_t i = 100; i < text.size(); i += 101) text[i] = '\n';
    size_t at = chunk + chunk / 2 - 10 + shift;  // near where the first chunk's part ends
    text[at - 1] = ' ';
    std::copy_n(kFakeKeyId, 20, text.begin() + static_cast<ptrdiff_t>(at));
    text[at + 20] = ' ';
    std::vector<ContentMatch> m = KeyIdMatches(ScanText(text, chunk));
    REQUIRE(m.size() == 1);
    size_t newlines = 0;
    for (size_t i = 0; i < at; ++i) newlines += text[i] == '\n';
    CHECK(m[0].line == newlines + 1);
  }
}

TEST_CASE("chunked scanning of a large input with many keys matches a whole-buffer scan") {
  std::string text;
  for (int i = 0; i < 3000; ++i) {
    text += "line " + std::to_string(i) + " some filler text to make the line longer ";
    if (i % 97 == 0) text += std::string("key=") + kFakeKeyId + " secret=" + kFakeSecret;
    text += "\n";
  }
  ContentResult whole = ScanText(text);
  ContentResult chunked = ScanText(text, 4096);
  REQUIRE(whole.matches.size() == chunked.matches.size());
  CHECK(whole.matches.size() >= 31);
  for (size_t i = 0; i < whole.matches.full().size(); ++i) {
    CHECK(whole.matches.full()[i].line == chunked.matches.full()[i].line);
    CHECK(whole.matches.full()[i].column == chunked.matches.full()[i].column);
    CHECK(whole.matches.full()[i].companions.size() == chunked.matches.full()[i].companions.size());
  }
  CHECK(whole.hash == chunked.hash);
}

TEST_CASE("a single line of several hundred KB (minified JS) works") {
  std::string text = "var a=\"";
  for (int i = 0; i < 60000; ++i) text += "x1y2z3w4;";
  text += std::string("\",k=\"") + kFakeKeyId + "\";";
  std::vector<ContentMatch> m = KeyIdMatches(ScanText(text));
  REQUIRE(m.size() == 1);
  CHECK(m[0].line == 1);
  CHECK(m[0].column == text.find(kFakeKeyId) + 1);
  CHECK(m[0].snippet.text.size() < 300);
}

std::string ToUtf16(const std::string& ascii, bool big_endian, bool bom) {
  std::string out;
  if (bom) out += big_endian ? "\xFE\xFF" : "\xFF\xFE";
  for (char c : ascii) {
    if (big_endian) {
      out.push_back('\0');
      out.push_back(c);
    } else {
      out.push_back(c);
      out.push_back('\0');
    }
  }
  return out;
}

TEST_CASE("UTF-16 text, with or without a byte-order mark, is decoded and scanned") {
  std::string text = "# exported settings\r\n[default]\r\naws_access_key_id = " + std::string(kFakeKeyId) +
                     "\r\naws_secret_access_key = " + kFakeSecret + "\r\n";
  for (bool big_endian : {false, true}) {
    for (bool bom : {true, false}) {
      CAPTURE(big_endian);
      CAPTURE(bom);
      ContentResult result = ScanText(ToUtf16(text, big_endian, bom));
      CHECK(result.encoding == (big_endian ? TextEncoding::kUtf16BE : TextEncoding::kUtf16LE));
      std::vector<ContentMatch> m = KeyIdMatches(result);
      REQUIRE(m.size() == 1);
      CHECK(m[0].line == 3);
      CHECK(m[0].column == 21);
      CHECK(m[0].companions.size() == 1);
    }
  }
}

TEST_CASE("a large UTF-16 input is decoded chunk by chunk") {
  std::string text;
  for (int i = 0; i < 2000; ++i) text += "Setting" + std::to_string(i) + "=value\r\n";
  text += std::string("AccessKey=") + kFakeKeyId + "\r\n";
  ContentResult result = ScanText(ToUtf16(text, false, true), 4096);
  std::vector<ContentMatch> m = KeyIdMatches(result);
  REQUIRE(m.size() == 1);
  CHECK(m[0].line == 2001);
  CHECK(m[0].column == 11);
}

TEST_CASE("binary content is scanned; empty content is fine") {
  std::string blob(100000, '\0');
  for (size_t i = 0; i < blob.size(); i += 3) blob[i] = static_cast<char>(i * 7);
  std::string key = std::string("\0") + kFakeKeyId + "\0";
  std::copy(key.begin(), key.end(), blob.begin() + 50000);
  CHECK(KeyIdMatches(ScanText(blob)).size() == 1);
  ContentResult empty = ScanText("");
  CHECK(empty.matches.empty());
  CHECK(empty.size == 0);
}

TEST_CASE("keysweep:allow on the line marks the match") {
  ContentResult result = ScanText(std::string("key = ") + kFakeKeyId + "  # keysweep:allow\nkey2 = " +
                                  "ASIAY34FZKBOKMUTVV7A\n");
  std::vector<ContentMatch> m = KeyIdMatches(result);
  REQUIRE(m.size() == 2);
  CHECK(m[0].allow_markers == kKeysweepMarker);
  CHECK(m[1].allow_markers == 0);
}

TEST_CASE("snippets mark secrets and companions for redaction, not public key ids") {
  std::vector<ContentMatch> m =
      KeyIdMatches(ScanText(std::string("creds ") + kFakeKeyId + ":" + kFakeSecret + "\n"));
  REQUIRE(m.size() == 1);
  CHECK(m[0].snippet.text == std::string("creds ") + kFakeKeyId + ":" + kFakeSecret);
  REQUIRE(m[0].snippet.redact_spans.size() == 1);
  CHECK(m[0].snippet.redact_spans[0] == RedactSpan{27, 67, 40});
}

TEST_CASE("the claim callback skips content already scanned") {
  ContentScanner scanner(BuiltinEngine());
  std::string text = std::string("k=") + kFakeKeyId;
  StringByteSource source(text);
  ContentResult result;
  REQUIRE(scanner.Scan(source, "", [](const Hash128&) { return false; }, &result).ok());
  CHECK(result.duplicate);
  CHECK(result.matches.empty());
  CHECK(result.hash == HashBytes(text));
}

// A source that fails after some bytes: what was read is still scanned.
class FailingSource : public ByteSource {
 public:
  explicit FailingSource(std::string data) : data_(std::move(data)) {}
  Result<size_t> Read(char* buffer, size_t size) override {
    if (done_) return Status::Error("read failed: Input/output error");
    size_t n = std::min(size, data_.size());
    memcpy(buffer, data_.data(), n);
    done_ = true;
    return n;
  }

 private:
  std::string data_;
  bool done_ = false;
};

TEST_CASE("a read error is reported and what was read is scanned") {
  ContentScanner scanner(BuiltinEngine(), 4096);
  std::string text(10000, 'x');
  std::string key = std::string(" ") + kFakeKeyId + " ";
  std::copy(key.begin(), key.end(), text.begin() + 100);
  FailingSource source(text);
  ContentResult result;
  Status status = scanner.Scan(source, "", nullptr, &result);
  CHECK_FALSE(status.ok());
  CHECK(status.message().find("Input/output error") != std::string::npos);
  CHECK(KeyIdMatches(result).size() == 1);
}

TEST_CASE("the UTF-16 decoder handles input split inside code units and surrogate pairs") {
  // "a" U+1F600 "b" in UTF-16LE.
  std::string bytes = std::string("a\0\x3d\xd8\x00\xde" "b\0", 8);
  for (size_t split = 0; split <= bytes.size(); ++split) {
    Utf16Decoder decoder(TextEncoding::kUtf16LE);
    std::string out;
    decoder.Decode(bytes.substr(0, split), &out);
    decoder.Decode(bytes.substr(split), &out);
    CHECK(out == "a\xf0\x9f\x98\x80" "b");
  }
  CHECK(DetectEncoding("plain ascii text that is long enough") == TextEncoding::kBytes);
  CHECK(DetectEncoding(std::string("\xff\xfe\x00\x00", 4)) == TextEncoding::kBytes);  // UTF-32
  CHECK(DetectEncoding(std::string("\xff\xfek\0=\0", 6)) == TextEncoding::kUtf16LE);
  CHECK(DetectEncoding(std::string("\xfe\xff\0k\0=", 6)) == TextEncoding::kUtf16BE);
  // A mark with no ASCII after it (binary that starts with FF FE) is bytes.
  CHECK(DetectEncoding("\xff\xfe\xc3(\xed\xa0\x80 k=AKIA") == TextEncoding::kBytes);
  CHECK(DetectEncoding("\xfe\xff\xc3(\xed\xa0\x80 k=AKIA") == TextEncoding::kBytes);
}

TEST_CASE("columns of many keys on one long line are right, across chunks too") {
  // "\xc3\xa9 " (2 code points, 3 bytes) then the key id, 3,000 times on one line.
  std::string unit = std::string("\xc3\xa9 ") + kFakeKeyId + " ";
  std::string text;
  for (int i = 0; i < 3000; ++i) text += unit;
  const uint64_t unit_points = 2 + std::strlen(kFakeKeyId) + 1;
  for (size_t chunk : {size_t{4096}, ContentScanner::kDefaultChunkSize}) {
    INFO("chunk size " << chunk);
    ContentScanner scanner(BuiltinEngine(), chunk);
    scanner.KeepRepeatPlaces();  // past the first kMaxLocationsKept, only places
    ContentResult result;
    REQUIRE(scanner.ScanBytes(text, "", &result).ok());
    std::vector<MatchPlace> m;
    result.matches.ForEach([&](const ContentMatch& match, const MatchPlace& place, std::span<const uint64_t>) {
      if (BuiltinEngine()->rules()[match.rule_index].id == "aws.access-key-id") m.push_back(place);
    });
    REQUIRE(m.size() == 3000);
    for (size_t i = 0; i < m.size(); ++i) {
      REQUIRE(m[i].line == 1);
      REQUIRE(m[i].column == i * unit_points + 3);
      REQUIRE(m[i].end_column == i * unit_points + 3 + std::strlen(kFakeKeyId));
    }
  }
}

TEST_CASE("a match repeated past kMaxLocationsKept is counted, or placed when asked, never kept whole") {
  // The same key id on 2,500 lines, the last 500 with an allow marker (a
  // match of its own: accepted by another marker set).
  std::string text;
  for (int i = 0; i < 2000; ++i) text += std::string("id=") + kFakeKeyId + "\n";
  for (int i = 0; i < 500; ++i) text += std::string("id=") + kFakeKeyId + " # keysweep:allow\n";
  for (size_t chunk : {size_t{4096}, ContentScanner::kDefaultChunkSize}) {
    INFO("chunk size " << chunk);
    for (bool keep : {false, true}) {
      INFO("keep places " << keep);
      ContentScanner scanner(BuiltinEngine(), chunk);
      if (keep) scanner.KeepRepeatPlaces();
      ContentResult result;
      REQUIRE(scanner.ScanBytes(text, "", &result).ok());
      const std::vector<ContentMatch> full = KeyIdMatches(result);
      REQUIRE(full.size() == kMaxLocationsKept + 500);  // unmarked: the first 1,000; marked: all 500
      CHECK(full[kMaxLocationsKept - 1].line == kMaxLocationsKept);
      CHECK(full[kMaxLocationsKept].line == 2001);
      CHECK(full[kMaxLocationsKept].allow_markers != 0);
      CHECK(result.matches.size() == 2500);
      std::vector<uint64_t> lines;
      result.matches.ForEach([&](const ContentMatch&, const MatchPlace& place, std::span<const uint64_t> parts) {
        REQUIRE(parts.size() == 1);
        CHECK(parts[0] == place.line);
        lines.push_back(place.line);
      });
      uint64_t counted = 0;
      result.matches.ForEachCounted([&](const ContentMatch& match, uint64_t n) {
        CHECK(match.line == 1);  // the unmarked one's first occurrence
        counted += n;
      });
      CHECK(counted == (keep ? 0 : 1000));
      REQUIRE(lines.size() == (keep ? 2500 : 1500));
      if (keep) {
        std::sort(lines.begin(), lines.end());
        for (size_t i = 0; i < lines.size(); ++i) REQUIRE(lines[i] == i + 1);
      }
    }
  }
}

TEST_CASE("a snippet masks the secrets of the chunk beside it") {
  // A GitHub token, an AWS key id and a Stripe key on one line, slid across
  // the chunk boundaries: the token may be in the previous chunk's context, the
  // Stripe key in the next chunk's lookahead; the key id's snippet shows both.
  const std::string token = "ghp_FakeTestTokenD42SBOInKDcP9CvI1QFqYwx";
  const std::string stripe = "sk_live_FakeTestKeyVyQv0sh3FNqjr";
  const std::string line = "\nt=" + token + " id=" + kFakeKeyId + " s=" + stripe + "\n";
  const size_t chunk = 4096;
  size_t checked = 0;
  for (size_t at = 0; at < 4 * chunk; at += 5) {
    std::string text(6 * chunk, '.');
    for (size_t i = 63; i < text.size(); i += 64) text[i] = '\n';
    text.replace(at, line.size(), line);
    ContentResult result = ScanText(text, chunk);
    std::vector<ContentMatch> ids = KeyIdMatches(result);
    REQUIRE(ids.size() == 1);
    for (const ContentMatch& m : result.matches.full()) {
      std::string shown = RenderSnippet(m.snippet, Redaction{});
      INFO("at " << at << ": " << shown);
      REQUIRE(shown.find(token.substr(6)) == std::string::npos);
      REQUIRE(shown.find(stripe.substr(9)) == std::string::npos);
      ++checked;
    }
  }
  CHECK(checked >= 3 * (4 * chunk / 5));
}

}  // namespace
}  // namespace keysweep
