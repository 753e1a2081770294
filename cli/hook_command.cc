// `keysweep hook install` and `keysweep hook uninstall`.
#include <unistd.h>

#include <climits>

#include "cli/commands.h"
#include "cli/git_module.h"

namespace keysweep::cli {
namespace {

// This binary's absolute path, written into the hook; "keysweep" if unknown.
std::string SelfPath() {
  char buffer[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", buffer, sizeof buffer - 1);
  return n > 0 ? std::string(buffer, static_cast<size_t>(n)) : "keysweep";
}

}  // namespace

void RegisterHookCommands(CLI::App& app, Io& io, std::vector<Command>* commands) {
  CLI::App* hook = app.add_subcommand("hook", "Install or remove keysweep as a git pre-commit hook");
  hook->require_subcommand(1);
  auto repository = std::make_shared<std::string>();
  CLI::App* install = hook->add_subcommand(
      "install", "Write .git/hooks/pre-commit (an existing hook is kept and runs first)");
  install->add_option("repository", *repository, "The repository (default: the one holding the current directory)");
  commands->push_back({install, [repository, &io] {
                         Result<const GitModuleApi*> git = LoadGitModule();
                         if (!git.ok()) return Fail(io, git.status().message());
                         Result<std::string> path = (*git)->install_hook(*repository, SelfPath());
                         if (!path.ok()) return Fail(io, path.status().message());
                         io.out << "keysweep: installed " << *path << "\n";
                         return kExitClean;
                       }});
  CLI::App* uninstall = hook->add_subcommand("uninstall", "Remove keysweep's pre-commit hook");
  uninstall->add_option("repository", *repository, "The repository (default: the one holding the current directory)");
  commands->push_back({uninstall, [repository, &io] {
                         Result<const GitModuleApi*> git = LoadGitModule();
                         if (!git.ok()) return Fail(io, git.status().message());
                         Result<std::string> path = (*git)->uninstall_hook(*repository);
                         if (!path.ok()) return Fail(io, path.status().message());
                         io.out << "keysweep: removed " << *path << "\n";
                         return kExitClean;
                       }});
}

}  // namespace keysweep::cli
