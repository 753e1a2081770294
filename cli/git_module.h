// Loads the git module (git/module_api.h) on first use. It is looked for in
// $KEYSWEEP_GIT_MODULE, next to the keysweep binary, and in ../lib/keysweep.
// Thread-safe: the module is loaded once per process.
#ifndef KEYSWEEP_CLI_GIT_MODULE_H_
#define KEYSWEEP_CLI_GIT_MODULE_H_

#include "core/status.h"
#include "git/module_api.h"

namespace keysweep::cli {

// The module's function table; an error names the paths tried.
Result<const GitModuleApi*> LoadGitModule();

}  // namespace keysweep::cli

#endif  // KEYSWEEP_CLI_GIT_MODULE_H_
