// The rule-file parser on arbitrary text: every field, examples, companions,
// generated field patterns. Valid rule sets are not compiled (a Hyperscan
// compile per input would starve the fuzzer); `keysweep rules check` covers that.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "detectors/rule_loader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto rules = keysweep::ParseRuleFile(text, "fuzz.json");
  if (rules.ok()) (void)keysweep::CheckUniqueIds(*rules);
  return 0;
}
