// Adapts a rule pattern for RE2. RE2 compiles a counted repetition by copying
// its operand once per count, so `[A-Za-z0-9]{40,1000}` costs ~5 ms to compile
// and thousands of instructions; Hyperscan needs the bound (it proves the
// match width), RE2 does not (it only ever runs on a window already bounded by
// that width). RelaxLargeRepeats turns every `{n,m}` with m > kMaxRe2Repeat
// into `{n,}`, leaving escapes and character classes alone.
// Pure function: thread-safe.
#ifndef KEYSWEEP_DETECTORS_RE2_PATTERN_H_
#define KEYSWEEP_DETECTORS_RE2_PATTERN_H_

#include <string>
#include <string_view>

namespace keysweep {

inline constexpr int kMaxRe2Repeat = 64;

std::string RelaxLargeRepeats(std::string_view pattern);

}  // namespace keysweep

#endif  // KEYSWEEP_DETECTORS_RE2_PATTERN_H_
