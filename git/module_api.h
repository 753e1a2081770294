// The git scans as a loadable module. libgit2 and the libraries it pulls in
// (TLS, SSH, Kerberos) cost ~10 ms of process start-up; `keysweep scan`, whose
// one-file run must feel instant, does not need them, so the CLI loads the
// git code only for git commands (cli/git_module.h). The module exports one C
// function returning this table; both sides are built from the same sources
// by the same compiler, so C++ types cross the boundary safely.
// The table is immutable: thread-safe.
#ifndef KEYSWEEP_GIT_MODULE_API_H_
#define KEYSWEEP_GIT_MODULE_API_H_

#include <string>
#include <vector>

#include "core/status.h"
#include "git/git_scan.h"
#include "git/hook.h"
#include "git/repository_list_scan.h"

namespace keysweep {

struct GitModuleApi {
  int version;  // kGitModuleApiVersion of the module's build
  Result<Report> (*run_git_scan)(const GitScanRequest& request);
  Report (*run_git_scans)(const GitScanRequest& request, const std::vector<std::string>& repositories,
                          const RepositoryReportFn& each);
  Result<std::string> (*install_hook)(HookKind kind, const std::string& repository,
                                      const std::string& keysweep_path);
  Result<std::string> (*uninstall_hook)(HookKind kind, const std::string& repository);
};

// Bumped whenever GitModuleApi or the types it carries change.
inline constexpr int kGitModuleApiVersion = 4;

// The module's entry point.
inline constexpr const char* kGitModuleEntryPoint = "keysweep_git_module_api";

}  // namespace keysweep

extern "C" const keysweep::GitModuleApi* keysweep_git_module_api();

#endif  // KEYSWEEP_GIT_MODULE_API_H_
