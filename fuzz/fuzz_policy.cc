// The IAM policy parser and every check on arbitrary text; the first byte picks
// the policy kind (unknown, identity, resource, trust, SCP).
#include <cstddef>
#include <cstdint>
#include <string>

#include "policies/lint.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  auto kind = static_cast<keysweep::PolicyKind>(data[0] % 5);
  std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  (void)keysweep::LintPolicyText(text, "fuzz.json", kind);
  return 0;
}
