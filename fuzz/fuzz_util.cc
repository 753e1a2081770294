#include "fuzz/fuzz_util.h"

#include <stdlib.h>

#include <fstream>

namespace keysweep::fuzz {

std::string PrivateDir(const std::string& what) {
  const char* tmp = getenv("TMPDIR");
  std::string pattern = std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/keysweep-fuzz-" + what + "-XXXXXX";
  if (mkdtemp(pattern.data()) == nullptr) abort();
  return pattern;
}

void WriteFile(const std::string& path, const uint8_t* data, size_t size) {
  std::ofstream(path, std::ios::binary | std::ios::trunc).write(reinterpret_cast<const char*>(data), size);
}

bool ReadHexLength(const uint8_t** data, size_t* size, size_t* length) {
  if (*size < 8) return false;
  size_t value = 0;
  for (int i = 0; i < 8; ++i) {
    uint8_t c = (*data)[i];
    int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
    if (digit < 0) return false;
    value = value << 4 | static_cast<size_t>(digit);
  }
  *data += 8;
  *size -= 8;
  *length = value;
  return true;
}

void Consume(int type, std::string_view content) {
  static volatile size_t sink = 0;
  sink = sink + static_cast<size_t>(type) + content.size() + (content.empty() ? 0 : static_cast<uint8_t>(content.back()));
}

}  // namespace keysweep::fuzz
