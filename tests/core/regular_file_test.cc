#include "core/regular_file.h"

#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tests/test_util.h"

namespace keysweep {
namespace {

TEST_CASE("ReadRegularFile reads a regular file and follows a symlink unless told not to") {
  testing::TempDir dir;
  std::string file = dir.Write("a.json", "{\"x\": 1}");
  Result<std::string> text = ReadRegularFile(file);
  REQUIRE(text.ok());
  CHECK(*text == "{\"x\": 1}");
  REQUIRE(symlink(file.c_str(), dir.Join("link.json").c_str()) == 0);
  CHECK(ReadRegularFile(dir.Join("link.json")).ok());
  Result<std::string> refused = ReadRegularFile(dir.Join("link.json"), kMaxConfigFileBytes, Symlinks::kRefuse);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.status().message().find("symbolic link") != std::string::npos);
}

TEST_CASE("ReadRegularFile refuses a FIFO without blocking, and devices and directories") {
  testing::TempDir dir;
  std::string fifo = dir.Join("fifo");
  REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
  Result<std::string> text = ReadRegularFile(fifo);  // would block forever with a plain open
  REQUIRE_FALSE(text.ok());
  CHECK(text.status().message().find("a FIFO") != std::string::npos);
  Result<std::string> zero = ReadRegularFile("/dev/zero");
  REQUIRE_FALSE(zero.ok());
  CHECK(zero.status().message().find("character device") != std::string::npos);
  CHECK_FALSE(ReadRegularFile(dir.path()).ok());
}

TEST_CASE("ReadRegularFile refuses a file over its limit") {
  testing::TempDir dir;
  std::string file = dir.Write("big", std::string(5000, 'x'));
  CHECK(ReadRegularFile(file, 5000).ok());
  Result<std::string> text = ReadRegularFile(file, 4999);
  REQUIRE_FALSE(text.ok());
  CHECK(text.status().message().find("larger than") != std::string::npos);
}

}  // namespace
}  // namespace keysweep
