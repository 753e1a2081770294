#include "detectors/aws_key_id.h"

#include <cstdint>
#include <cstdio>

namespace keysweep {
namespace {

int Base32Value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= '2' && c <= '7') return c - '2' + 26;
  return -1;
}

}  // namespace

std::optional<std::string> DecodeAwsAccountId(std::string_view key_id) {
  if (key_id.size() != 20) return std::nullopt;
  char fifth = key_id[4];
  bool new_format = (fifth >= 'Q' && fifth <= 'Z') || (fifth >= '2' && fifth <= '7');
  if (!new_format) return std::nullopt;
  // 16 base32 characters = 80 bits = 10 bytes; only the first 48 bits are needed.
  uint64_t bits = 0;
  int nbits = 0;
  uint64_t first48 = 0;
  int taken = 0;
  for (char c : key_id.substr(4)) {
    int v = Base32Value(c);
    if (v < 0) return std::nullopt;
    if (taken == 6) continue;  // validate the rest, decode no further
    bits = (bits << 5) | static_cast<uint64_t>(v);
    nbits += 5;
    while (nbits >= 8 && taken < 6) {
      first48 = (first48 << 8) | ((bits >> (nbits - 8)) & 0xFF);
      nbits -= 8;
      ++taken;
    }
    bits &= (uint64_t{1} << nbits) - 1;
  }
  uint64_t account = (first48 & 0x7FFFFFFFFF80ULL) >> 7;
  char out[16];
  snprintf(out, sizeof out, "%012llu", static_cast<unsigned long long>(account));
  return std::string(out);
}

std::string_view AwsKeyKind(std::string_view key_id) {
  if (key_id.starts_with("AKIA")) return "long-term";
  if (key_id.starts_with("ASIA")) return "temporary";
  if (key_id.starts_with("ABIA")) return "bearer";
  if (key_id.starts_with("ACCA")) return "context";
  return "unknown";
}

}  // namespace keysweep
