#include <unistd.h>

#include <iostream>

#include "cli/cli.h"

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  std::vector<std::string> args(argv, argv + argc);
  keysweep::cli::Io io{std::cout, std::cerr, STDIN_FILENO, isatty(STDOUT_FILENO) == 1,
                      isatty(STDERR_FILENO) == 1};
  int code = keysweep::cli::Run(args, io);
  std::cout.flush();
  return code;
}
