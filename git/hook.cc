#include "git/hook.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "git/libgit2_util.h"

namespace keysweep {
namespace {

constexpr const char* kPreviousSuffix = ".keysweep-previous";

std::string ShellQuote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string HookScript(const std::string& keysweep_path) {
  return std::string("#!/bin/sh\n") + kHookMarker + R"(: installed by `keysweep hook install`,
# removed by `keysweep hook uninstall`. It blocks commits that add secrets.
hooks_dir=$(dirname "$0")
if [ -x "$hooks_dir/pre-commit.keysweep-previous" ]; then
  "$hooks_dir/pre-commit.keysweep-previous" "$@" || exit $?
fi
keysweep=)" + ShellQuote(keysweep_path) + R"(
[ -x "$keysweep" ] || keysweep=keysweep
"$keysweep" git --staged --quiet
status=$?
if [ "$status" -eq 1 ]; then
  cat >&2 <<'MESSAGE'
keysweep: this commit would add the secrets above; it was not made.
  - Remove the secret from the staged files (edit them, then git add).
    If it is a real credential, rotate it now: deleting it from the commit is not
    enough once it has been pushed or shared.
  - Not a secret? Put keysweep:allow on its line, or add its fingerprint to
    allow_fingerprints in .keysweep.json, or record it in a baseline
    (keysweep baseline > .keysweep-baseline.json).
  - Emergency only: git commit --no-verify skips this check.
MESSAGE
elif [ "$status" -ne 0 ]; then
  echo "keysweep: the secret scan failed (exit $status); the commit was not made. Emergency bypass: git commit --no-verify" >&2
fi
exit "$status"
)";
}

Result<std::string> HooksDir(const std::string& repository) {
  Result<git::RepositoryPtr> repo = git::OpenRepository(repository);
  if (!repo.ok()) return repo.status();
  std::string dir = std::string(git_repository_commondir(repo->get())) + "hooks";
  git_config* raw = nullptr;
  if (git_repository_config_snapshot(&raw, repo->get()) == 0) {
    git::ConfigPtr config(raw);
    git_buf value = GIT_BUF_INIT;
    if (git_config_get_path(&value, config.get(), "core.hooksPath") == 0) {
      std::string path(value.ptr, value.size);
      git_buf_dispose(&value);
      const char* workdir = git_repository_workdir(repo->get());
      dir = path.starts_with("/") || workdir == nullptr ? path : std::string(workdir) + path;
    }
  }
  return dir;
}

bool ReadFile(const std::string& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream text;
  text << in.rdbuf();
  *out = text.str();
  return true;
}

Status WriteExecutable(const std::string& path, const std::string& content) {
  std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << content;
    if (!out.flush()) return Status::Error("cannot write " + tmp);
  }
  if (chmod(tmp.c_str(), 0755) != 0 || rename(tmp.c_str(), path.c_str()) != 0) {
    unlink(tmp.c_str());
    return Status::Error("cannot install " + path + ": " + strerror(errno));
  }
  return Status::Ok();
}

}  // namespace

Result<std::string> InstallPreCommitHook(const std::string& repository, const std::string& keysweep_path) {
  Result<std::string> dir = HooksDir(repository);
  if (!dir.ok()) return dir.status();
  mkdir(dir->c_str(), 0755);
  std::string hook = *dir + "/pre-commit";
  std::string existing;
  if (ReadFile(hook, &existing) && existing.find(kHookMarker) == std::string::npos) {
    std::string previous = hook + kPreviousSuffix;
    if (access(previous.c_str(), F_OK) == 0) {
      return Status::Error(previous + " already exists: move it away first");
    }
    if (rename(hook.c_str(), previous.c_str()) != 0) {
      return Status::Error("cannot move " + hook + " aside: " + strerror(errno));
    }
  }
  KS_RETURN_IF_ERROR(WriteExecutable(hook, HookScript(keysweep_path)));
  return hook;
}

Result<std::string> UninstallPreCommitHook(const std::string& repository) {
  Result<std::string> dir = HooksDir(repository);
  if (!dir.ok()) return dir.status();
  std::string hook = *dir + "/pre-commit";
  std::string existing;
  if (!ReadFile(hook, &existing)) return Status::Error("no pre-commit hook at " + hook);
  if (existing.find(kHookMarker) == std::string::npos) {
    return Status::Error(hook + " is not keysweep's hook; left as it is");
  }
  if (unlink(hook.c_str()) != 0) return Status::Error("cannot remove " + hook + ": " + strerror(errno));
  std::string previous = hook + kPreviousSuffix;
  if (access(previous.c_str(), F_OK) == 0 && rename(previous.c_str(), hook.c_str()) != 0) {
    return Status::Error("cannot restore " + previous + ": " + strerror(errno));
  }
  return hook;
}

}  // namespace keysweep
