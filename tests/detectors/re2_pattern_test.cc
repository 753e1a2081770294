#include "detectors/re2_pattern.h"

#include <doctest/doctest.h>

namespace keysweep {
namespace {

TEST_CASE("large counted repeats are relaxed for RE2, everything else is kept") {
  CHECK(RelaxLargeRepeats("[A-Za-z0-9]{40,1000}") == "[A-Za-z0-9]{40,}");
  CHECK(RelaxLargeRepeats("a{1,64}b{2,65}") == "a{1,64}b{2,}");
  CHECK(RelaxLargeRepeats("x{16}y{3,}") == "x{16}y{3,}");
  CHECK(RelaxLargeRepeats("\\{1,1000}") == "\\{1,1000}");          // escaped brace
  CHECK(RelaxLargeRepeats("[{1,1000}]") == "[{1,1000}]");          // inside a class
  CHECK(RelaxLargeRepeats("[]{]{1,1000}") == "[]{]{1,}");          // ']' first in a class
  CHECK(RelaxLargeRepeats("[^]a]{5,500}") == "[^]a]{5,}");
  CHECK(RelaxLargeRepeats("[[:alpha:]]{1,900}") == "[[:alpha:]]{1,}");
  CHECK(RelaxLargeRepeats("\\Q{1,1000}\\E{1,1000}") == "\\Q{1,1000}\\E{1,}");
  CHECK(RelaxLargeRepeats("a{,1000}") == "a{,1000}");              // not a repeat in RE2
}

}  // namespace
}  // namespace keysweep
