// Helpers shared by the tests: temporary directories, files, a shared engine.
#ifndef KEYSWEEP_TESTS_TEST_UTIL_H_
#define KEYSWEEP_TESTS_TEST_UTIL_H_

#include <memory>
#include <string>
#include <vector>

#include "cli/cli.h"
#include "detectors/engine.h"
#include "scanner/finding.h"

namespace keysweep::testing {

// A fresh directory under $TMPDIR, removed with everything in it on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  // Writes `content` to path()/relative, creating parent directories.
  std::string Write(const std::string& relative, const std::string& content) const;
  std::string Join(const std::string& relative) const { return path_ + "/" + relative; }

 private:
  std::string path_;
};

// Makes `dir` the current directory for its lifetime (config discovery starts there).
class ScopedChdir {
 public:
  explicit ScopedChdir(const std::string& dir);
  ~ScopedChdir();
  ScopedChdir(const ScopedChdir&) = delete;
  ScopedChdir& operator=(const ScopedChdir&) = delete;

 private:
  std::string previous_;
};

std::string ReadFile(const std::string& path);
std::string SourcePath(const std::string& relative);  // under the source tree

// An engine with every built-in rule, compiled once per test run (no disk cache).
std::shared_ptr<const Engine> BuiltinEngine();

// Runs the CLI in-process; captures stdout and stderr.
struct CliResult {
  int code;
  std::string out;
  std::string err;
};
CliResult RunCli(const std::vector<std::string>& args, int stdin_fd = -1);

// Made-up credentials of the right shape, shared by the tests.
inline constexpr const char* kFakeKeyId = "AKIAZFAKEKEY7TEST2ID";
inline constexpr const char* kFakeSecret = "fAkE/SeCrEt+Key0123ForTestsOnly9876aBcDe";
inline constexpr const char* kOtherFakeKeyId = "AKIAZFAKEKEY7TEST3ID";

// Whether the report has a diagnostic whose message contains `text` (and, when
// `path` is not empty, whose path is `path`).
bool HasDiagnostic(const Report& report, const std::string& text, const std::string& path = "");

}  // namespace keysweep::testing

#endif  // KEYSWEEP_TESTS_TEST_UTIL_H_
