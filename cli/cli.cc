#include "cli/cli.h"

#include "cli/commands.h"

namespace keysweep::cli {
namespace {

// Every repeatable flag takes exactly one value per occurrence (`--exclude A
// --exclude B`). CLI11's default lets a vector flag take every word after it,
// so `scan --exclude '*.log' sub` would scan `.` with two globs: a gate that
// silently scans something other than what was typed.
void OneValuePerFlag(CLI::App* app) {
  for (CLI::Option* option : app->get_options()) {
    if (option->get_positional() || option->get_items_expected_max() <= 1) continue;
    option->expected(1)->allow_extra_args(false)->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  }
  for (CLI::App* sub : app->get_subcommands({})) OneValuePerFlag(sub);
}

}  // namespace

const char* Version() { return KEYSWEEP_VERSION; }

int Fail(Io& io, const std::string& message) {
  io.err << "keysweep: " << message << "\n";
  return kExitError;
}

int Run(const std::vector<std::string>& args, Io io) {
  CLI::App app{"keysweep: find leaked AWS keys and other secrets, offline", "keysweep"};
  app.require_subcommand(1);
  app.set_version_flag("--version", Version());
  std::vector<Command> commands;
  RegisterScanCommands(app, io, &commands);
  RegisterRulesCommands(app, io, &commands);
  RegisterHookCommands(app, io, &commands);
  RegisterRespondCommands(app, io, &commands);
  RegisterTrailCommands(app, io, &commands);
  RegisterPolicyCommands(app, io, &commands);
  RegisterReportCommands(app, io, &commands);
  app.add_subcommand("version", "Print the version")->callback([&] { io.out << Version() << "\n"; });
  OneValuePerFlag(&app);

  std::vector<std::string> reversed(args.rbegin(), args.rend());
  if (!reversed.empty()) reversed.pop_back();  // program name
  try {
    app.parse(reversed);
  } catch (const CLI::CallForHelp&) {
    io.out << app.help();
    return kExitClean;
  } catch (const CLI::CallForAllHelp&) {
    io.out << app.help("", CLI::AppFormatMode::All);
    return kExitClean;
  } catch (const CLI::CallForVersion&) {
    io.out << Version() << "\n";
    return kExitClean;
  } catch (const CLI::ParseError& e) {
    // Help requested on a subcommand arrives as CallForHelp above; anything else is a usage error.
    return Fail(io, std::string(e.what()) + " (see keysweep --help)");
  }
  for (const Command& command : commands) {
    if (command.app->parsed()) return command.run();
  }
  return kExitClean;  // `version`
}

}  // namespace keysweep::cli
