// Internal to cli/: each command registers its flags on the CLI11 app and a
// function that runs it once the flags are parsed.
#ifndef KEYSWEEP_CLI_COMMANDS_H_
#define KEYSWEEP_CLI_COMMANDS_H_

#include <functional>
#include <memory>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli/cli.h"
#include "core/status.h"
#include "scanner/finding.h"

namespace keysweep::cli {

struct Command {
  CLI::App* app;
  std::function<int()> run;
};

// Flags that shape a report (format, output, severity gate, colour).
struct ReportFlags {
  std::string format = "text";
  std::string output;
  bool show_secrets = false;
  std::string redact;  // --redact[=PERCENT] as given ("100" when bare); empty: not given
  std::string fail_on = "info";
  std::string color = "auto";
};
void AddReportFlags(CLI::App* cmd, ReportFlags* flags);

// Runs `produce`, prints its diagnostics, writes its report as the flags say,
// and returns the exit code (findings at or above --fail-on: 1).
int ProduceAndWriteReport(const ReportFlags& flags, Io& io, const std::function<Result<Report>()>& produce);

// Called with each part of a report as soon as it is ready.
using ReportPartFn = std::function<void(const Report& part)>;

// As ProduceAndWriteReport for --format jsonl, writing each part `produce`
// hands its callback at once (flushed), so a long run can be followed; the
// report `produce` returns gives the summary and the exit code.
int ProduceAndStreamJsonLines(const ReportFlags& flags, Io& io,
                              const std::function<Report(const ReportPartFn& each)>& produce);

// Writes to `output` (or io.out for "" and "-"); false, after a message, on failure.
bool WriteOutput(const std::string& output, Io& io, const std::function<void(std::ostream&)>& write);

// Registers `scan` and `baseline`.
void RegisterScanCommands(CLI::App& app, Io& io, std::vector<Command>* commands);
// Registers `hook install` and `hook uninstall`.
void RegisterHookCommands(CLI::App& app, Io& io, std::vector<Command>* commands);
// Registers `respond`.
void RegisterRespondCommands(CLI::App& app, Io& io, std::vector<Command>* commands);
// Registers `policy`.
void RegisterPolicyCommands(CLI::App& app, Io& io, std::vector<Command>* commands);
// Registers `trail`.
void RegisterTrailCommands(CLI::App& app, Io& io, std::vector<Command>* commands);
// Registers `report merge`.
void RegisterReportCommands(CLI::App& app, Io& io, std::vector<Command>* commands);
// Registers `rules list` and `rules check`.
void RegisterRulesCommands(CLI::App& app, Io& io, std::vector<Command>* commands);

// Prints "keysweep: <message>" on the error stream and returns kExitError.
int Fail(Io& io, const std::string& message);

const char* Version();

}  // namespace keysweep::cli

#endif  // KEYSWEEP_CLI_COMMANDS_H_
