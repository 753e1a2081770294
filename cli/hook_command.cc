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
  CLI::App* hook =
      app.add_subcommand("hook", "Install or remove keysweep as a git pre-commit or pre-push hook");
  hook->require_subcommand(1);
  auto repository = std::make_shared<std::string>();
  auto pre_push = std::make_shared<bool>(false);
  auto kind = [pre_push] { return *pre_push ? HookKind::kPrePush : HookKind::kPreCommit; };
  CLI::App* install = hook->add_subcommand(
      "install", "Write .git/hooks/pre-commit (an existing hook is kept and runs first)");
  install->add_option("repository", *repository,
                      "The repository (default: the one holding the current directory)");
  install->add_flag("--pre-push", *pre_push,
                    "The pre-push hook instead: checks what each push sends");
  commands->push_back({install, [repository, kind, &io] {
                         Result<const GitModuleApi*> git = LoadGitModule();
                         if (!git.ok()) return Fail(io, git.status().message());
                         Result<std::string> path =
                             (*git)->install_hook(kind(), *repository, SelfPath());
                         if (!path.ok()) return Fail(io, path.status().message());
                         io.out << "keysweep: installed " << *path << "\n";
                         return kExitClean;
                       }});
  CLI::App* uninstall =
      hook->add_subcommand("uninstall", "Remove keysweep's pre-commit (or pre-push) hook");
  uninstall->add_option("repository", *repository,
                        "The repository (default: the one holding the current directory)");
  uninstall->add_flag("--pre-push", *pre_push, "The pre-push hook instead");
  commands->push_back({uninstall, [repository, kind, &io] {
                         Result<const GitModuleApi*> git = LoadGitModule();
                         if (!git.ok()) return Fail(io, git.status().message());
                         Result<std::string> path = (*git)->uninstall_hook(kind(), *repository);
                         if (!path.ok()) return Fail(io, path.status().message());
                         io.out << "keysweep: removed " << *path << "\n";
                         return kExitClean;
                       }});
}

}  // namespace keysweep::cli
