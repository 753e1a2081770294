#!/usr/bin/env bash
# Times keysweep against rg, git-secrets and secretlint on one generated tree,
# then keysweep on one small file (compiled-rules cache cold vs warm) and on
# one large file. See README.md for what each number means.
#
#   bench/run_scan_bench.sh KEYSWEEP_BINARY [DATA_DIR]
#
# DATA_DIR (default $KEYSWEEP_BENCH_DIR or /tmp/keysweep-bench) holds tree/,
# planted.json, big.log, bigfile.json, tools/ and results/<timestamp>/; the tree
# and the big file are generated when absent. Environment knobs:
#   TREE_MB=500 BIG_MB=2048   sizes used when generating
#   RUNS=3                    hyperfine runs per tool (after one warm-up run)
#   SMALL_RUNS=50             runs for the small-file timings
#   SLOW_LIMIT=900            secretlint projected above this many seconds on
#                             the whole tree is timed on a 10% subset instead
#   SKIP_BIG=1 SKIP_SECRETLINT=1 SKIP_GIT_SECRETS=1   leave parts out
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
KS=$(realpath "${1:?usage: $0 KEYSWEEP_BINARY [DATA_DIR]}")
DIR=$(realpath -m "${2:-${KEYSWEEP_BENCH_DIR:-/tmp/keysweep-bench}}")
TREE_MB=${TREE_MB:-500} BIG_MB=${BIG_MB:-2048} RUNS=${RUNS:-3} SMALL_RUNS=${SMALL_RUNS:-50}
SLOW_LIMIT=${SLOW_LIMIT:-900}
TREE=$DIR/tree
RES=$DIR/results/$(date +%Y%m%d-%H%M%S)
AWS_RE='\b(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}\b'

have() { command -v "$1" >/dev/null 2>&1; }
say() { printf '\n== %s\n' "$*" >&2; }
calc() { awk "BEGIN { printf \"%.3f\", $* }"; }
gt() { awk "BEGIN { exit !(($1) > ($2)) }"; }
[[ -x $KS ]] || { echo "not an executable: $KS" >&2; exit 2; }
have python3 || { echo "python3 is required" >&2; exit 2; }
TIME=/usr/bin/time
[[ -x $TIME ]] || { echo "GNU time missing (apt-get install time): no peak RSS" >&2; TIME=""; }
have hyperfine || echo "hyperfine missing: wall times come from single /usr/bin/time runs" >&2
case $DIR/ in "$(git -C "$HERE" rev-parse --show-toplevel 2>/dev/null || echo /nonexistent)"/*)
  echo "refusing to put generated data inside the repository: $DIR" >&2; exit 2;; esac
mkdir -p "$RES"
export PYTHONDONTWRITEBYTECODE=1

if [[ ! -f $DIR/planted.json ]]; then
  say "generating a ${TREE_MB} MiB tree in $TREE"
  python3 "$HERE/gen_tree.py" --out "$DIR" --size-mb "$TREE_MB"
fi
TREE_BYTES=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["bytes"])' "$DIR/planted.json")

# bench GROUP NAME BYTES CHECK CMD
# One warm-up run under /usr/bin/time -v (peak RSS; its output is kept for the
# findings check), then hyperfine --runs $RUNS (RUNS=1 if the warm-up took over
# 60 s). CHECK is "ks MANIFEST", "grep MANIFEST" or "-". Rows go to rows.jsonl.
bench() {
  local group=$1 name=$2 bytes=$3 check=$4 cmd=$5 runs=$RUNS start end
  say "$name: $cmd"
  start=$(date +%s.%N)
  if [[ -n $TIME ]]; then
    $TIME -v -o "$RES/$name.time" bash -c "$cmd" >"$RES/$name.out" 2>"$RES/$name.err" || true
  else
    bash -c "$cmd" >"$RES/$name.out" 2>"$RES/$name.err" || true
  fi
  end=$(date +%s.%N)
  if gt "$end - $start" 60; then runs=1; fi
  if have hyperfine; then
    hyperfine --style basic --runs "$runs" -i --output=pipe --export-json "$RES/$name.hf.json" \
      -n "$name" "$cmd" >&2
  fi
  case $check in
    ks\ *) python3 "$HERE/check_findings.py" "${check#ks }" "$RES/$name.out" \
             --summary-out "$RES/$name.check.json" | tee "$RES/$name.check.txt" >&2 || true ;;
    grep\ *) local out=$RES/$name.out
             [[ $name == git-secrets* ]] && out=$RES/$name.err  # it reports on stderr
             python3 "$HERE/check_findings.py" --grep "${check#grep }" "$out" \
               --summary-out "$RES/$name.check.json" | tee "$RES/$name.check.txt" >&2 || true ;;
  esac
  python3 -c 'import json,sys; print(json.dumps(dict(zip(["group","name","bytes","cmd","warmup_wall"], sys.argv[1:]))))' \
    "$group" "$name" "$bytes" "$cmd" "$(calc "$end - $start")" >>"$RES/rows.jsonl"
}

# --- (a) keysweep, all rules, default threads; the compiled rules come from a warm cache.
KS_ENV="KEYSWEEP_CACHE_DIR=$DIR/ks-cache"
bench tree keysweep "$TREE_BYTES" "ks $DIR/planted.json" "$KS_ENV $KS scan $TREE --format json"
bench tree keysweep-threads1 "$TREE_BYTES" "ks $DIR/planted.json" "$KS_ENV $KS scan $TREE --format json --threads 1"

# --- (b) ripgrep, the AWS key-id regex only. -uuu = no ignore files, hidden files,
# binary files searched but each stops at its first match; -a searches binary
# files as text like keysweep; -uu skips a file at its first NUL byte.
if have rg; then
  bench tree rg-uuu "$TREE_BYTES" "grep $DIR/planted.json" "rg -uuu -H -o -n --no-heading -e '$AWS_RE' $TREE"
  bench tree rg-uuu-a "$TREE_BYTES" "grep $DIR/planted.json" "rg -uuu -a -H -o -n --no-heading -e '$AWS_RE' $TREE"
  bench tree rg-uu "$TREE_BYTES" "grep $DIR/planted.json" "rg -uu -H -o -n --no-heading -e '$AWS_RE' $TREE"
else
  say "rg not found: skipped (apt-get install ripgrep)"
fi

# --- (c) git-secrets with its AWS patterns, registered in a throw-away HOME; it
# runs from a scratch git repository and scans the tree as plain files (grep -r).
if [[ ${SKIP_GIT_SECRETS:-0} != 1 ]] && have git-secrets; then
  GS=$DIR/tools/git-secrets
  mkdir -p "$GS/home" "$GS/repo"
  [[ -d $GS/repo/.git ]] || git -C "$GS/repo" init -q
  if ! HOME=$GS/home git config --global --get-all secrets.patterns >/dev/null; then
    (cd "$GS/repo" && HOME=$GS/home git secrets --register-aws --global >/dev/null)
  fi
  bench tree git-secrets "$TREE_BYTES" "grep $DIR/planted.json" \
    "cd $GS/repo && HOME=$GS/home git secrets --scan -r $TREE"
else
  say "git-secrets not found or skipped (apt-get install git-secrets)"
fi

# --- (d) secretlint with the recommended preset, installed from npm under DIR/tools.
# It never scans node_modules/ (hard-coded ignore), so its MiB/s counts the
# bytes outside node_modules/.
if [[ ${SKIP_SECRETLINT:-0} != 1 ]] && have npm && have node; then
  SL=$DIR/tools/secretlint
  if [[ ! -x $SL/node_modules/.bin/secretlint ]]; then
    say "installing secretlint into $SL"
    mkdir -p "$SL" && (cd "$SL" && npm init -y >/dev/null && npm install --no-audit --no-fund \
      secretlint @secretlint/secretlint-rule-preset-recommend >/dev/null) || true
  fi
  if [[ -x $SL/node_modules/.bin/secretlint ]]; then
    echo '{"rules":[{"id":"@secretlint/secretlint-rule-preset-recommend"}]}' >"$SL/.secretlintrc.json"
    SLCMD="cd $SL && node_modules/.bin/secretlint --secretlintrc .secretlintrc.json --format unix"
    # Probe on a subset: every 10th file outside node_modules/, hard-linked into
    # DATA/secretlint-subset/ (a long list of paths on its command line is far
    # slower than a glob), to project the whole-tree time.
    SUB=$DIR/secretlint-subset
    rm -rf "$SUB" && mkdir -p "$SUB"
    (cd "$TREE" && find . -type f -not -path '*/node_modules/*' | sort | awk 'NR % 10 == 0' \
      | tee "$RES/secretlint-subset.txt" | xargs -d '\n' cp -l --parents -t "$SUB")
    SUB_BYTES=$(find "$SUB" -type f -printf '%s\n' | awk '{s+=$1} END {print s}')
    SL_BYTES=$(find "$TREE" -type f -not -path '*/node_modules/*' -printf '%s\n' | awk '{s+=$1} END {print s}')
    python3 - "$DIR/planted.json" "$RES/secretlint-subset.txt" "$RES/planted-subset.json" <<'EOF'
import json, sys
m = json.load(open(sys.argv[1]))
keep = {line.strip()[2:] for line in open(sys.argv[2])}
m["planted"] = [p for p in m["planted"] if p["file"] in keep]
m["decoys"] = [d for d in m["decoys"] if d["file"] in keep]
json.dump(m, open(sys.argv[3], "w"))
EOF
    SUBCMD="$SLCMD '$SUB/**/*'"
    start=$(date +%s.%N); bash -c "$SUBCMD" >/dev/null 2>&1 || true; end=$(date +%s.%N)
    projected=$(calc "($end - $start) * $SL_BYTES / $SUB_BYTES")
    echo "secretlint probe: $(calc "$end - $start") s on $SUB_BYTES bytes; whole tree projected ${projected} s" >&2
    if gt "$projected" "$SLOW_LIMIT"; then
      bench subset secretlint-subset "$SUB_BYTES" "grep $RES/planted-subset.json" "$SUBCMD"
    else
      bench tree secretlint "$SL_BYTES" "grep $DIR/planted.json" "$SLCMD '$TREE/**/*'"
    fi
  else
    say "secretlint could not be installed: skipped"
  fi
else
  say "npm/node missing or SKIP_SECRETLINT=1: secretlint skipped"
fi

# --- One small file: compiled-rules cache cold (compile + store every run) vs warm (load).
if have hyperfine; then
  SMALL=$DIR/small/settings.py
  mkdir -p "$DIR/small"
  python3 - "$SMALL" <<'EOF'
import sys
body = "\n".join(f"OPTION_{i} = {i * 37 % 101}  # tuning knob {i}" for i in range(40))
open(sys.argv[1], "w").write(f"import os\n\n{body}\nAWS_ACCESS_KEY_ID = 'AKIAZ7QN4LKT2WRVPX3M'\n")  # made up; keysweep:allow
EOF
  say "small file: $SMALL"
  hyperfine --style basic -N -i --output=pipe --runs 20 --prepare "rm -rf $DIR/ks-cache-cold" \
    --export-json "$RES/small-cold.hf.json" -n small-cold \
    "env KEYSWEEP_CACHE_DIR=$DIR/ks-cache-cold $KS scan $SMALL --format json" >&2
  hyperfine --style basic -N -i --output=pipe --warmup 3 --runs "$SMALL_RUNS" \
    --export-json "$RES/small-warm.hf.json" -n small-warm \
    "env KEYSWEEP_CACHE_DIR=$DIR/ks-cache-warm $KS scan $SMALL --format json" >&2
  hyperfine --style basic -N -i --output=pipe --warmup 3 --runs "$SMALL_RUNS" \
    --export-json "$RES/small-nocache.hf.json" -n small-nocache \
    "$KS scan $SMALL --format json --no-cache" >&2
  if have rg; then
    hyperfine --style basic -N -i --output=pipe --warmup 3 --runs "$SMALL_RUNS" \
      --export-json "$RES/small-rg.hf.json" -n small-rg "rg -uuu -n -e '$AWS_RE' $SMALL" >&2
  fi
fi

# --- One large file: peak memory and line numbers.
if [[ ${SKIP_BIG:-0} != 1 ]]; then
  if [[ ! -f $DIR/bigfile.json ]]; then
    say "generating a ${BIG_MB} MiB file in $DIR/big.log"
    python3 "$HERE/gen_bigfile.py" --out "$DIR" --size-mb "$BIG_MB"
  fi
  BIG_BYTES=$(stat -c %s "$DIR/big.log")
  bench big keysweep-bigfile "$BIG_BYTES" "ks $DIR/bigfile.json" "$KS_ENV $KS scan $DIR/big.log --format json"
  if have rg; then
    bench big rg-bigfile "$BIG_BYTES" "grep $DIR/bigfile.json" \
      "rg -uuu -H -o -n --no-heading -e '$AWS_RE' $DIR/big.log"
  fi
fi

"$KS" --version >"$RES/keysweep-version.txt" 2>&1 || true
python3 "$HERE/summarize.py" "$RES" | tee "$RES/summary.md"
echo "raw results: $RES" >&2
