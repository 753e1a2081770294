// git's delta format, as the pack decoder applies it: the input is split into a
// base and a delta at the offset its first two bytes give.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "git/pack_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  size_t split = (size_t{data[0]} << 8 | data[1]) % (size - 1);
  std::string_view rest(reinterpret_cast<const char*>(data) + 2, size - 2);
  split = split > rest.size() ? rest.size() : split;
  std::string out;
  (void)keysweep::git::ApplyDelta(rest.substr(0, split), rest.substr(split), 1 << 20, &out);
  return 0;
}
