// Text encodings that hide secrets from a byte scan. UTF-16 puts a NUL between
// ASCII letters, so an AKIA key in a UTF-16 file (PowerShell output, Windows
// .reg and .ini exports) is invisible until the text is decoded to UTF-8.
// Pure functions and a streaming decoder (not thread-safe: one per input).
#ifndef KEYSWEEP_SCANNER_ENCODING_H_
#define KEYSWEEP_SCANNER_ENCODING_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace keysweep {

enum class TextEncoding { kBytes, kUtf16LE, kUtf16BE };

// Looks at the first bytes of an input: a UTF-16 byte-order mark followed by
// some ASCII, or (without a mark) text whose every other byte is NUL. Anything
// else is scanned as bytes.
TextEncoding DetectEncoding(std::string_view head);
const char* EncodingName(TextEncoding encoding);

// Decodes UTF-16 to UTF-8 piecewise: input may be split anywhere, even inside a
// code unit or a surrogate pair. Unpaired surrogates become U+FFFD.
class Utf16Decoder {
 public:
  explicit Utf16Decoder(TextEncoding encoding) : big_endian_(encoding == TextEncoding::kUtf16BE) {}
  // Appends the UTF-8 for `input` to `out`; a byte-order mark at the very start is dropped.
  void Decode(std::string_view input, std::string* out);

 private:
  bool big_endian_;
  bool started_ = false;
  int pending_byte_ = -1;       // first byte of a split code unit
  uint32_t high_surrogate_ = 0; // waiting for its low half
};

}  // namespace keysweep

#endif  // KEYSWEEP_SCANNER_ENCODING_H_
