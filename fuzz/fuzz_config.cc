// The .keysweep.json parser on arbitrary text (globs, fingerprints, rules, policy section).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "scanner/config.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)keysweep::ParseConfig(text, "fuzz/.keysweep.json");
  return 0;
}
