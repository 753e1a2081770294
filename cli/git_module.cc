#include "cli/git_module.h"

#include <dlfcn.h>
#include <unistd.h>

#include <climits>
#include <cstdlib>
#include <mutex>
#include <vector>

namespace keysweep::cli {
namespace {

constexpr const char* kModuleFile = "keysweep-git.so";

std::string ExecutableDir() {
  char buffer[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", buffer, sizeof buffer - 1);
  if (n <= 0) return "";
  std::string path(buffer, static_cast<size_t>(n));
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? "" : path.substr(0, slash);
}

Result<const GitModuleApi*> Load() {
  std::vector<std::string> candidates;
  if (const char* env = getenv("KEYSWEEP_GIT_MODULE"); env != nullptr && *env != '\0') {
    candidates.push_back(env);
  }
  std::string dir = ExecutableDir();
  if (!dir.empty()) {
    candidates.push_back(dir + "/" + kModuleFile);
    candidates.push_back(dir + "/" KEYSWEEP_MODULE_RELATIVE_DIR "/" + kModuleFile);  // installed
  }
  std::string tried;
  for (const std::string& path : candidates) {
    void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) {
      tried += "\n  " + path + ": " + dlerror();
      continue;
    }
    using EntryPoint = const GitModuleApi* (*)();
    auto entry = reinterpret_cast<EntryPoint>(dlsym(handle, kGitModuleEntryPoint));
    const GitModuleApi* api = entry != nullptr ? entry() : nullptr;
    if (api == nullptr || api->version != kGitModuleApiVersion) {
      tried += "\n  " + path + ": not a keysweep git module of this version";
      dlclose(handle);
      continue;
    }
    return api;  // stays loaded for the life of the process
  }
  return Status::Error("cannot load keysweep's git module (" + std::string(kModuleFile) +
                       ", built next to the keysweep binary); tried:" + tried);
}

}  // namespace

Result<const GitModuleApi*> LoadGitModule() {
  static std::once_flag once;
  static Result<const GitModuleApi*> module = Status::Error("not loaded");
  std::call_once(once, [] { module = Load(); });
  return module;
}

}  // namespace keysweep::cli
