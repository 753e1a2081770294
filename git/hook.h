// `keysweep hook install|uninstall [--pre-push]`: keysweep as a repository's
// pre-commit hook (what the commit adds) or pre-push hook (what the push
// sends). Install keeps an existing hook working: it is moved aside and run
// first (a pre-push hook's standard input is handed to both). Uninstall restores it. Reads only the
// repository's own config (for core.hooksPath). Thread-safe as long as two calls do not touch one
// repository.
#ifndef KEYSWEEP_GIT_HOOK_H_
#define KEYSWEEP_GIT_HOOK_H_

#include <string>

#include "core/status.h"

namespace keysweep {

enum class HookKind { kPreCommit, kPrePush };

// The marker lines that identify keysweep's hooks.
inline constexpr const char* kHookMarker = "# keysweep pre-commit hook";
inline constexpr const char* kPrePushHookMarker = "# keysweep pre-push hook";

// Installs the hook; `keysweep_path` is written into it (with a fallback to
// `keysweep` on PATH). Returns the hook's path. Installing twice is harmless.
Result<std::string> InstallHook(HookKind kind, const std::string& repository,
                                const std::string& keysweep_path);

// Removes keysweep's hook and restores the one it replaced. Errors if the
// installed hook is not keysweep's.
Result<std::string> UninstallHook(HookKind kind, const std::string& repository);

}  // namespace keysweep

#endif  // KEYSWEEP_GIT_HOOK_H_
