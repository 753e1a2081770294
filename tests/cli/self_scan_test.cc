// The README's first command ends with `keysweep scan .` on this repository:
// every made-up key outside the excluded test folders carries keysweep:allow.
#include <doctest/doctest.h>

#include "tests/test_util.h"

namespace keysweep {
namespace {

TEST_CASE("this repository scans clean with its own config") {
  testing::CliResult result = testing::RunCli(
      {"scan", "--config", testing::SourcePath(".keysweep.json"), testing::SourcePath(""), "-f", "jsonl"});
  INFO(result.out);
  CHECK(result.code == cli::kExitClean);
}

}  // namespace
}  // namespace keysweep
