#include <doctest/doctest.h>
#include <sys/stat.h>

#include <string>

#include "tests/test_util.h"

namespace keysweep {
namespace {

using testing::RunCli;
using testing::TempDir;

TEST_CASE("a hostile file name in a stderr diagnostic reaches the terminal escaped") {
  TempDir dir;
  // ESC, BEL, CR and RIGHT-TO-LEFT OVERRIDE in a FIFO's name (a FIFO root gets a warning).
  std::string fifo = dir.Join("x\x1b[2J\a\r\xe2\x80\xae" "fifo");
  REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
  testing::CliResult result = RunCli({"scan", fifo});
  INFO(result.err);
  CHECK(result.err.find("not a regular file") != std::string::npos);
  CHECK(result.err.find('\x1b') == std::string::npos);
  CHECK(result.err.find('\a') == std::string::npos);
  CHECK(result.err.find('\r') == std::string::npos);
  CHECK(result.err.find("\xe2\x80\xae") == std::string::npos);
  CHECK(result.err.find("x\\x1b[2J\\x07\\r\\u{202e}fifo") != std::string::npos);
}

}  // namespace
}  // namespace keysweep
