#!/usr/bin/env bash
# The pre-commit framework's hooks (.pre-commit-hooks.yaml) with the pre-commit
# on this machine (Debian's 3.0 in CI): the manifest loads (try-repo), `run
# --all-files` scans every file, and real commits made by `git commit`, `-a`
# and `PATH` through the installed framework are blocked when they add a key.
# Usage: run.sh SOURCE_DIR BUILD_DIR. Exit 77 (skipped) without pre-commit.
set -euo pipefail
source_dir=$1
build_dir=$2
command -v pre-commit >/dev/null 2>&1 || { echo "pre-commit is not installed: skipped"; exit 77; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export PRE_COMMIT_HOME="$work/cache" HOME="$work" GIT_CONFIG_NOSYSTEM=1 PATH="$build_dir:$PATH"
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.test GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.test
git config --global init.defaultBranch main
git config --global commit.gpgsign false
failures=0
check() {  # check WANT_STATUS DESCRIPTION COMMAND...
  local want=$1 what=$2 status=0
  shift 2
  "$@" >"$work/out" 2>&1 || status=$?
  if [ "$status" -eq "$want" ]; then
    echo "ok: $what"
  else
    echo "FAIL: $what: exit $status, wanted $want"; sed 's/^/    /' "$work/out"; failures=$((failures + 1))
  fi
}
key_line="AWS_ACCESS_KEY_ID=AKIAZFAKEKEY7TEST2ID"

# The hook repository as pre-commit would clone it: this checkout's manifest and runner.
hooks_repo="$work/hooks-repo"
mkdir -p "$hooks_repo/hooks"
cp "$source_dir/.pre-commit-hooks.yaml" "$hooks_repo/"
cp "$source_dir/hooks/run-keysweep" "$hooks_repo/hooks/"
git -C "$hooks_repo" init -q && git -C "$hooks_repo" add -A && git -C "$hooks_repo" commit -q -m hooks
rev=$(git -C "$hooks_repo" rev-parse HEAD)

repo="$work/repo"
git init -q "$repo"
cd "$repo"
echo "NAME=demo" > a.env
echo "notes" > b.txt
git add -A && git commit -q -m first

check 0 "try-repo keysweep --all-files on a clean repository" pre-commit try-repo "$hooks_repo" keysweep --all-files
echo "$key_line" > old.env
git add old.env && git commit -q -m "a key committed before the hooks"
check 1 "try-repo keysweep --all-files finds a committed key" pre-commit try-repo "$hooks_repo" keysweep --all-files
grep -q AKIAZFAKEKEY7TEST2ID "$work/out" || { echo "FAIL: the finding is not in the output"; failures=$((failures + 1)); }
check 0 "try-repo keysweep-staged passes when nothing new is staged" pre-commit try-repo "$hooks_repo" keysweep-staged --all-files
git rm -q old.env && git commit -q -m "key removed"

cat > .pre-commit-config.yaml <<YAML
repos:
  - repo: $hooks_repo
    rev: $rev
    hooks:
      - id: keysweep
      - id: keysweep-staged
YAML
git add .pre-commit-config.yaml && git commit -q -m "pre-commit config"
check 0 "pre-commit install" pre-commit install
head=$(git rev-parse HEAD)
echo "$key_line" >> a.env
check 1 "git commit -a through the framework is blocked" git commit -q -a -m leak
check 1 "git commit PATH through the framework is blocked" git commit -q -m leak a.env
git add a.env
check 1 "git commit of a staged key through the framework is blocked" git commit -q -m leak
[ "$(git rev-parse HEAD)" = "$head" ] || { echo "FAIL: a commit was made"; failures=$((failures + 1)); }
git checkout -q HEAD -- a.env
echo "more notes" >> b.txt
check 0 "a clean git commit -a passes" git commit -q -a -m notes

echo "$failures failed"
[ "$failures" -eq 0 ]
