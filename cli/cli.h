// The command-line interface as a function, so tests can drive it without a
// process: Run(args, io) parses the arguments, calls the library and writes
// the report. Returns the exit code: 0 clean, 1 findings, 2 usage or runtime error.
// Thread-safe as long as callers pass distinct streams.
#ifndef KEYSWEEP_CLI_CLI_H_
#define KEYSWEEP_CLI_CLI_H_

#include <ostream>
#include <string>
#include <vector>

namespace keysweep::cli {

inline constexpr int kExitClean = 0;
inline constexpr int kExitFindings = 1;
inline constexpr int kExitError = 2;

struct Io {
  std::ostream& out;
  std::ostream& err;
  int stdin_fd = 0;
  bool stdout_is_terminal = false;  // enables colour with --color auto
  bool stderr_is_terminal = false;  // enables progress lines
};

// args[0] is the program name.
int Run(const std::vector<std::string>& args, Io io);

}  // namespace keysweep::cli

#endif  // KEYSWEEP_CLI_CLI_H_
