// Internal to cli/: each command registers its flags on the CLI11 app and a
// function that runs it once the flags are parsed.
#ifndef KEYSWEEP_CLI_COMMANDS_H_
#define KEYSWEEP_CLI_COMMANDS_H_

#include <functional>
#include <memory>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli/cli.h"

namespace keysweep::cli {

struct Command {
  CLI::App* app;
  std::function<int()> run;
};

// Registers `scan` and `baseline`.
void RegisterScanCommands(CLI::App& app, Io& io, std::vector<Command>* commands);
// Registers `hook install` and `hook uninstall`.
void RegisterHookCommands(CLI::App& app, Io& io, std::vector<Command>* commands);
// Registers `respond`.
void RegisterRespondCommands(CLI::App& app, Io& io, std::vector<Command>* commands);
// Registers `trail`.
void RegisterTrailCommands(CLI::App& app, Io& io, std::vector<Command>* commands);
// Registers `rules list` and `rules check`.
void RegisterRulesCommands(CLI::App& app, Io& io, std::vector<Command>* commands);

// Prints "keysweep: <message>" on the error stream and returns kExitError.
int Fail(Io& io, const std::string& message);

const char* Version();

}  // namespace keysweep::cli

#endif  // KEYSWEEP_CLI_COMMANDS_H_
