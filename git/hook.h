// `keysweep hook install|uninstall`: keysweep as a repository's pre-commit
// hook. Install keeps an existing hook working: it is moved aside and run
// first. Uninstall restores it. Reads only the repository's own config (for
// core.hooksPath). Thread-safe as long as two calls do not touch one repository.
#ifndef KEYSWEEP_GIT_HOOK_H_
#define KEYSWEEP_GIT_HOOK_H_

#include <string>

#include "core/status.h"

namespace keysweep {

// The marker line that identifies keysweep's hook.
inline constexpr const char* kHookMarker = "# keysweep pre-commit hook";

// Installs the hook; `keysweep_path` is written into it (with a fallback to
// `keysweep` on PATH). Returns the hook's path. Installing twice is harmless.
Result<std::string> InstallPreCommitHook(const std::string& repository, const std::string& keysweep_path);

// Removes keysweep's hook and restores the one it replaced. Errors if the
// installed hook is not keysweep's.
Result<std::string> UninstallPreCommitHook(const std::string& repository);

}  // namespace keysweep

#endif  // KEYSWEEP_GIT_HOOK_H_
