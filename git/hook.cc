#include "git/hook.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <map>
#include <sstream>
#include <string_view>

#include "core/atomic_file.h"
#include "core/regular_file.h"
#include "git/libgit2_util.h"

namespace keysweep {
namespace {

constexpr const char* kPreviousSuffix = ".keysweep-previous";

std::string ShellQuote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// The hook script; @NAME@ fields are filled by HookScript in one pass.
constexpr const char* kHookTemplate = R"(#!/bin/sh
@MARKER@: installed by `keysweep hook install@FLAG@`,
# removed by `keysweep hook uninstall@FLAG@`. It blocks @BLOCKS@ secrets.
hooks_dir=$(dirname "$0")
@SAVE_STDIN@if [ -x "$hooks_dir/@HOOK@.keysweep-previous" ]; then
  @FEED@"$hooks_dir/@HOOK@.keysweep-previous" "$@" || exit $?
fi
keysweep=@KEYSWEEP@
[ -x "$keysweep" ] || keysweep=keysweep
@FEED@"$keysweep" @COMMAND@
status=$?
if [ "$status" -eq 1 ]; then
  cat >&2 <<'MESSAGE'
@BLOCKED@
    If it is a real credential, rotate it now: deleting it from the commit is not
    enough once it has been pushed or shared.
  - Not a secret? Put keysweep:allow on its line, or add its fingerprint to
    allow_fingerprints in .keysweep.json, or record it in a baseline
    (keysweep baseline -o .keysweep-baseline.json, named by
    "baseline": ".keysweep-baseline.json" in .keysweep.json).
  - Emergency only: --no-verify skips this check.
MESSAGE
elif [ "$status" -ne 0 ]; then
  echo "keysweep: the secret scan failed (exit $status); blocked. Emergency bypass: --no-verify" >&2
fi
exit "$status"
)";

std::string HookName(HookKind kind) {
  return kind == HookKind::kPrePush ? "pre-push" : "pre-commit";
}
const char* MarkerOf(HookKind kind) {
  return kind == HookKind::kPrePush ? kPrePushHookMarker : kHookMarker;
}

std::string HookScript(HookKind kind, const std::string& keysweep_path) {
  bool push = kind == HookKind::kPrePush;
  // A pre-push hook's standard input (the ref updates) is read once and handed
  // to the previous hook and to keysweep alike.
  const std::map<std::string, std::string> fields = {
      {"MARKER", MarkerOf(kind)},
      {"FLAG", push ? " --pre-push" : ""},
      {"BLOCKS", push ? "pushes that send" : "commits that add"},
      {"HOOK", HookName(kind)},
      {"SAVE_STDIN", push ? "updates=$(cat)\n" : ""},
      {"FEED", push ? "printf '%s\\n' \"$updates\" | " : ""},
      {"KEYSWEEP", ShellQuote(keysweep_path)},
      {"COMMAND", push ? "git --pre-push \"$1\" --quiet" : "git --staged --quiet"},
      {"BLOCKED", push ? "keysweep: this push would send the secrets above; nothing was pushed.\n"
                         "  - Remove the secret from the commits that add it (git rebase -i, or\n"
                         "    git commit --amend for the last one), then push again."
                       : "keysweep: this commit would add the secrets above; it was not made.\n"
                         "  - Remove the secret from the staged files (edit them, then git add)."},
  };
  std::string out;
  std::string_view rest = kHookTemplate;
  while (!rest.empty()) {
    size_t at = rest.find('@');
    size_t close = at == std::string_view::npos ? at : rest.find('@', at + 1);
    auto field = close == std::string_view::npos
                     ? fields.end()
                     : fields.find(std::string(rest.substr(at + 1, close - at - 1)));
    if (field == fields.end()) {
      size_t keep = at == std::string_view::npos ? rest.size() : at + 1;
      out += rest.substr(0, keep);
      rest.remove_prefix(keep);
      continue;
    }
    out += rest.substr(0, at);
    out += field->second;
    rest.remove_prefix(close + 1);
  }
  return out;
}

Result<std::string> HooksDir(const std::string& repository) {
  Result<git::RepositoryPtr> repo = git::OpenRepository(repository);
  if (!repo.ok()) return repo.status();
  std::string dir = std::string(git_repository_commondir(repo->get())) + "hooks";
  git_config* raw = nullptr;
  if (git_repository_config_snapshot(&raw, repo->get()) == 0) {
    git::ConfigPtr config(raw);
    git_buf value{};  // all zero: what GIT_BUF_INIT (1.4 and later) spells out
    if (git_config_get_path(&value, config.get(), "core.hooksPath") == 0) {
      std::string path(value.ptr, value.size);
      git_buf_dispose(&value);
      const char* workdir = git_repository_workdir(repo->get());
      dir = path.starts_with("/") || workdir == nullptr ? path : std::string(workdir) + path;
    }
  }
  return dir;
}

// A hook that is a FIFO or a device is not read (it would block): false.
bool ReadFile(const std::string& path, std::string* out) {
  Result<std::string> text = ReadRegularFile(path);
  if (!text.ok()) return false;
  *out = std::move(*text);
  return true;
}

// Never writes through what is at `path` or beside it: a symlinked hook (or a
// link planted at a temporary name) is replaced by a new file, its target left
// alone (atomic_file.h); a directory or FIFO there is refused.
Status WriteExecutable(const std::string& path, const std::string& content) {
  AtomicFileOptions options;
  options.mode = 0755;
  options.exact_mode = true;
  Status s = WriteFileAtomically(path, content, options);
  if (!s.ok()) return Status::Error("cannot install " + path + ": " + s.message());
  return Status::Ok();
}

}  // namespace

Result<std::string> InstallHook(HookKind kind, const std::string& repository,
                                const std::string& keysweep_path) {
  Result<std::string> dir = HooksDir(repository);
  if (!dir.ok()) return dir.status();
  mkdir(dir->c_str(), 0755);
  std::string hook = *dir + "/" + HookName(kind);
  std::string existing;
  if (ReadFile(hook, &existing) && existing.find(MarkerOf(kind)) == std::string::npos) {
    std::string previous = hook + kPreviousSuffix;
    if (access(previous.c_str(), F_OK) == 0) {
      return Status::Error(previous + " already exists: move it away first");
    }
    if (rename(hook.c_str(), previous.c_str()) != 0) {
      return Status::Error("cannot move " + hook + " aside: " + strerror(errno));
    }
  }
  KS_RETURN_IF_ERROR(WriteExecutable(hook, HookScript(kind, keysweep_path)));
  return hook;
}

Result<std::string> UninstallHook(HookKind kind, const std::string& repository) {
  Result<std::string> dir = HooksDir(repository);
  if (!dir.ok()) return dir.status();
  std::string hook = *dir + "/" + HookName(kind);
  std::string existing;
  if (!ReadFile(hook, &existing)) return Status::Error("no " + HookName(kind) + " hook at " + hook);
  if (existing.find(MarkerOf(kind)) == std::string::npos) {
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
