// The entry point of the git module (see module_api.h).
#include "git/hook.h"
#include "git/module_api.h"

extern "C" __attribute__((visibility("default"))) const keysweep::GitModuleApi*
keysweep_git_module_api() {
  static const keysweep::GitModuleApi kApi = {
      keysweep::kGitModuleApiVersion,
      &keysweep::RunGitScan,
      &keysweep::RunGitScans,
      &keysweep::InstallHook,
      &keysweep::UninstallHook,
  };
  return &kApi;
}
