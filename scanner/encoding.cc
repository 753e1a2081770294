#include "scanner/encoding.h"

#include <algorithm>
#include <cstring>

#include "core/text.h"

namespace keysweep {

TextEncoding DetectEncoding(std::string_view head) {
  auto byte = [&](size_t i) { return static_cast<unsigned char>(head[i]); };
  // A byte-order mark counts only if some ASCII follows it (ASCII in UTF-16
  // has a NUL byte): binary data may start with FF FE by chance, and decoding
  // it would hide the ASCII keys in it. UTF-16 without any ASCII in its first
  // 4 KiB holds no key there, and loses nothing scanned as bytes.
  std::string_view after_mark = head.size() >= 2 ? head.substr(2, 4096) : std::string_view();
  bool ascii_follows = after_mark.find('\0') != std::string_view::npos;
  if (head.size() >= 2 && byte(0) == 0xFF && byte(1) == 0xFE) {
    // FF FE 00 00 is UTF-32LE's mark: not UTF-16.
    if (head.size() >= 4 && byte(2) == 0 && byte(3) == 0) return TextEncoding::kBytes;
    return ascii_follows ? TextEncoding::kUtf16LE : TextEncoding::kBytes;
  }
  if (head.size() >= 2 && byte(0) == 0xFE && byte(1) == 0xFF) {
    return ascii_follows ? TextEncoding::kUtf16BE : TextEncoding::kBytes;
  }
  // Without a mark: mostly ASCII text with NUL in every odd (LE) or even (BE) byte.
  size_t n = std::min<size_t>(head.size(), 4096) & ~size_t{1};
  if (n < 16 || memchr(head.data(), 0, n) == nullptr) return TextEncoding::kBytes;
  size_t zero_even = 0, zero_odd = 0, printable_even = 0, printable_odd = 0;
  for (size_t i = 0; i < n; ++i) {
    unsigned char c = byte(i);
    bool printable = (c >= 0x20 && c < 0x7F) || c == '\n' || c == '\r' || c == '\t';
    if (i % 2 == 0) {
      zero_even += c == 0;
      printable_even += printable;
    } else {
      zero_odd += c == 0;
      printable_odd += printable;
    }
  }
  size_t half = n / 2;
  if (zero_odd * 10 >= half * 9 && printable_even * 10 >= half * 9) return TextEncoding::kUtf16LE;
  if (zero_even * 10 >= half * 9 && printable_odd * 10 >= half * 9) return TextEncoding::kUtf16BE;
  return TextEncoding::kBytes;
}

const char* EncodingName(TextEncoding encoding) {
  switch (encoding) {
    case TextEncoding::kBytes: return "bytes";
    case TextEncoding::kUtf16LE: return "utf-16le";
    case TextEncoding::kUtf16BE: return "utf-16be";
  }
  return "bytes";
}

void Utf16Decoder::Decode(std::string_view input, std::string* out) {
  out->reserve(out->size() + input.size() / 2);
  size_t i = 0;
  while (i < input.size()) {
    unsigned char b0, b1;
    if (pending_byte_ >= 0) {
      b0 = static_cast<unsigned char>(pending_byte_);
      b1 = static_cast<unsigned char>(input[i]);
      pending_byte_ = -1;
      i += 1;
    } else if (i + 1 < input.size()) {
      b0 = static_cast<unsigned char>(input[i]);
      b1 = static_cast<unsigned char>(input[i + 1]);
      i += 2;
    } else {
      pending_byte_ = static_cast<unsigned char>(input[i]);
      break;
    }
    uint32_t unit = big_endian_ ? (uint32_t{b0} << 8 | b1) : (uint32_t{b1} << 8 | b0);
    if (!started_) {
      started_ = true;
      if (unit == 0xFEFF) continue;  // byte-order mark
    }
    if (high_surrogate_ != 0) {
      if (unit >= 0xDC00 && unit <= 0xDFFF) {
        AppendUtf8(0x10000 + ((high_surrogate_ - 0xD800) << 10) + (unit - 0xDC00), out);
        high_surrogate_ = 0;
        continue;
      }
      AppendUtf8(0xFFFD, out);
      high_surrogate_ = 0;
    }
    if (unit >= 0xD800 && unit <= 0xDBFF) {
      high_surrogate_ = unit;
    } else if (unit >= 0xDC00 && unit <= 0xDFFF) {
      AppendUtf8(0xFFFD, out);
    } else {
      AppendUtf8(unit, out);
    }
  }
}

}  // namespace keysweep
