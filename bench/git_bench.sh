#!/usr/bin/env bash
# Full-history scan benchmark: keysweep git against the floor (git cat-file of
# every object), the naive `git log -p | rg` pipeline and git secrets
# --scan-history, all on one generated repository in one run. See GIT.md.
#
#   bench/git_bench.sh KEYSWEEP_BINARY [DATA_DIR]
#
# DATA_DIR (default $KEYSWEEP_GITBENCH_DIR or /tmp/keysweep-gitbench) holds
# repo/ and planted.json (made by gen_history.py when planted.json is missing),
# ks-cache/ (keysweep's compiled rules), gs/ (a clone for git secrets) and
# results/git-<timestamp>/. Environment knobs:
#   RUNS=3          timed runs per command, after one untimed warm-up
#   LONG=120        a command whose warm-up took longer than this many seconds
#                   is timed once more only (RUNS=1)
#   GS_LIMIT=1200   git secrets is stopped after this many seconds ("> N s")
#   THREADS=        keysweep --threads (default: keysweep's own, all cores)
#   GEN_ARGS=       extra gen_history.py arguments when generating (e.g. --commits 5000)
#   SKIP_GIT_SECRETS=1 SKIP_NAIVE=1 SKIP_T1=1   leave rows out
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
KS=$(realpath "${1:?usage: $0 KEYSWEEP_BINARY [DATA_DIR]}")
DIR=$(realpath -m "${2:-${KEYSWEEP_GITBENCH_DIR:-/tmp/keysweep-gitbench}}")
RUNS=${RUNS:-3} LONG=${LONG:-120} GS_LIMIT=${GS_LIMIT:-1200}
REPO=$DIR/repo
RES=$DIR/results/git-$(date +%Y%m%d-%H%M%S)
AWS_RE='\b(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}\b'
TIME=/usr/bin/time

say() { printf '\n== %s\n' "$*" >&2; }
# CPU time (s) all processes spent since boot: with the measured command's own
# user+sys it gives what OTHER processes used during a run (the machine may be shared).
cpu_busy() { awk -v hz="$(getconf CLK_TCK)" '/^cpu /{printf "%.2f", ($2+$3+$4+$7+$8)/hz}' /proc/stat; }
have() { command -v "$1" >/dev/null 2>&1; }
[[ -x $KS ]] || { echo "not an executable: $KS" >&2; exit 2; }
[[ -x $TIME ]] || { echo "GNU time is required for peak RSS: apt-get install -y time" >&2; exit 2; }
have python3 || { echo "python3 is required" >&2; exit 2; }
case $DIR/ in "$(git -C "$HERE" rev-parse --show-toplevel 2>/dev/null || echo /nonexistent)"/*)
  echo "refusing to put generated data inside the repository: $DIR" >&2; exit 2;; esac
export PYTHONDONTWRITEBYTECODE=1 LC_ALL=C
# No global or system git config may change what git does here (pagers, diff drivers, ...).
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null GIT_PAGER=cat

if [[ ! -f $DIR/planted.json || ! -d $REPO/.git ]]; then
  say "generating the repository in $REPO (gen_history.py ${GEN_ARGS:-})"
  # shellcheck disable=SC2086
  python3 "$HERE/gen_history.py" --out "$DIR" ${GEN_ARGS:-}
fi
mkdir -p "$RES"

# bench KEY LABEL CHECK CMD [LIMIT]
# One untimed warm-up, then RUNS timed runs (one when the warm-up took longer
# than LONG s), each under /usr/bin/time (wall time, peak RSS of the largest
# single process, CPU). With LIMIT (seconds): no separate warm-up (the pack is
# already in the page cache from the rows before) and one timed run, stopped by
# timeout(1) after LIMIT s and then reported as "> LIMIT s". The last run's
# stdout is kept in KEY.out for CHECK: "ks" (keysweep JSON), "grep" (key ids in
# the text) or "-".
bench() {
  local key=$1 label=$2 check=$3 cmd=$4 limit=${5:-0} runs=$RUNS i start end rc=0 warm=0
  local wrapped=$cmd
  say "($key) $label: $cmd"
  if [[ $limit == 0 ]]; then
    start=$(date +%s.%N)
    bash -c "$cmd" >"$RES/$key.out" 2>"$RES/$key.err" || rc=$?
    end=$(date +%s.%N)
    warm=$(awk "BEGIN { printf \"%.2f\", $end - $start }")
    echo "warm-up: ${warm} s (exit $rc)" >&2
    if awk "BEGIN { exit !($warm > $LONG) }"; then runs=1; fi
  else
    runs=1
    wrapped="timeout -s INT -k 30 $limit bash -c $(printf '%q' "$cmd")"
  fi
  for ((i = 1; i <= runs; i++)); do
    rc=0
    local b0 b1; b0=$(cpu_busy)
    $TIME -f '%e %M %U %S %x' -o "$RES/$key.time.$i" bash -c "$wrapped" >"$RES/$key.out" 2>"$RES/$key.err" || rc=$?
    b1=$(cpu_busy)
    echo "$b0 $b1" >"$RES/$key.busy.$i"
    echo "run $i: $(tail -1 "$RES/$key.time.$i") (wall s, peak KiB, user s, sys s, exit); all CPU $(awk "BEGIN { print $b1 - $b0 }") s" >&2
    if [[ $limit != 0 && ( $rc == 124 || $rc == 137 ) ]]; then
      printf '{"key":"%s","label":"%s","cmd":%s,"timeout":%s}\n' "$key" "$label" \
        "$(python3 -c 'import json,sys; print(json.dumps(sys.argv[1]))' "$cmd")" "$limit" >>"$RES/rows.jsonl"
      return
    fi
  done
  case $check in
    ks) python3 "$HERE/git_check.py" "$DIR/planted.json" "$RES/$key.out" \
          --summary-out "$RES/$key.check.json" | tee "$RES/$key.check.txt" >&2 || true ;;
    grep) python3 "$HERE/git_check.py" --grep "$DIR/planted.json" "$RES/$key.out" \
          --summary-out "$RES/$key.check.json" | tee "$RES/$key.check.txt" >&2 || true ;;
  esac
  python3 - "$RES" "$key" "$label" "$cmd" "$runs" "$warm" <<'EOF' >>"$RES/rows.jsonl"
import json, statistics, sys
res, key, label, cmd, runs, warm = sys.argv[1:]
t = [open(f"{res}/{key}.time.{i}").read().split("\n")[-2].split() for i in range(1, int(runs) + 1)]
busy = [[float(v) for v in open(f"{res}/{key}.busy.{i}").read().split()] for i in range(1, int(runs) + 1)]
# CPU seconds other processes used during each run (all CPU time minus the command's own)
others = [max(0.0, (b[1] - b[0]) - float(x[2]) - float(x[3])) for b, x in zip(busy, t)]
walls = [float(x[0]) for x in t]
print(json.dumps({"key": key, "label": label, "cmd": cmd, "runs": int(runs), "warmup": float(warm),
                  "walls": walls, "wall": statistics.median(walls), "rss_kib": max(int(x[1]) for x in t),
                  "user": statistics.median(float(x[2]) for x in t), "sys": statistics.median(float(x[3]) for x in t),
                  "exit": [int(x[4]) for x in t],
                  "others_cpu": others, "others_cores": max(o / max(w, 0.01) for o, w in zip(others, walls))}))
EOF
}

G="git -C $REPO"
KSENV="env KEYSWEEP_CACHE_DIR=$DIR/ks-cache"
KSTH=${THREADS:+--threads $THREADS}

# (a) the floor: every object once, in pack order, one thread.
bench a "git cat-file --batch-all-objects --unordered --batch" - \
  "$G cat-file --batch-all-objects --unordered --batch >/dev/null"
# (b) the same in object-id order (random access into the pack: more delta re-resolution).
bench b "git cat-file --batch-all-objects --batch (oid order)" - \
  "$G cat-file --batch-all-objects --batch >/dev/null"
# (c) the naive pipeline: every commit's patch through ripgrep (merges show no patch).
if [[ ${SKIP_NAIVE:-0} != 1 ]] && have rg; then
  bench c "git log -p --all | rg -c AWS_RE" count \
    "$G log -p --all | rg -c '$AWS_RE'"
fi
# (d) git secrets --scan-history in a clone (objects hard-linked: same pack, same
# page cache) with the AWS patterns registered in the clone's config.
if [[ ${SKIP_GIT_SECRETS:-0} != 1 ]] && have git-secrets; then
  GS=$DIR/gs
  if [[ ! -f $GS/registered ]]; then
    rm -rf "$GS" && mkdir -p "$GS/home"
    git clone -q --mirror "$REPO" "$GS/repo.git"
    (cd "$GS/repo.git" && HOME=$GS/home git secrets --register-aws >/dev/null)
    touch "$GS/registered"
  fi
  bench d "git secrets --scan-history" grep \
    "cd $GS/repo.git && HOME=$GS/home git secrets --scan-history 2>&1" "$GS_LIMIT"
fi
# (e) keysweep, full history, default threads (all cores), compiled rules from a warm cache.
bench e "keysweep git --format json${KSTH:+ $KSTH}" ks \
  "$KSENV $KS git --quiet --format json $KSTH $REPO"
# (f) keysweep on one thread, for the per-core cost.
if [[ ${SKIP_T1:-0} != 1 ]]; then
  bench f "keysweep git --format json --threads 1" ks \
    "$KSENV $KS git --quiet --format json --threads 1 $REPO"
fi

# The table.
python3 - "$RES" "$DIR/planted.json" <<'EOF' | tee "$RES/summary.md"
import json, os, sys
res, manifest = sys.argv[1:]
rows = [json.loads(l) for l in open(f"{res}/rows.jsonl")]
st = json.load(open(manifest)).get("stats", {})
floor = next((r["wall"] for r in rows if r["key"] == "a" and "wall" in r), None)
print(f"repository: {st.get('commits')} commits ({st.get('merges')} merges), {st.get('objects')} objects, "
      f"{st.get('branches')} branches, {st.get('tags')} tags, pack {st.get('pack_bytes', 0) / 2**20:.1f} MiB, "
      f"blobs {st.get('blob_bytes', 0) / 2**20:.0f} MiB uncompressed ({st.get('objects_by_type', {}).get('blob')} blobs), "
      f"{st.get('files_at_head')} files at HEAD\n")
print("| | command | wall s (median) | runs | × (a) | peak RSS MiB | user s | sys s | others' CPU, cores | planted keys |")
print("|---|---|---:|---:|---:|---:|---:|---:|---:|---|")
for r in rows:
    chk = ""
    p = f"{res}/{r['key']}.check.json"
    if os.path.exists(p):
        c = json.load(open(p))
        chk = f"{c['found']}/{c['planted']}" + (" at commit/path/line" if "findings" in c else " ids in output")
    elif r["key"] == "c" and os.path.exists(f"{res}/c.out"):
        chk = f"{open(f'{res}/c.out').read().strip()} matching lines (count only)"
    if "timeout" in r:
        print(f"| ({r['key']}) | `{r['label']}` | > {r['timeout']} | 0 | > {r['timeout'] / floor:.0f} | | | | | |")
        continue
    ratio = f"{r['wall'] / floor:.2f}" if floor else ""
    print(f"| ({r['key']}) | `{r['label']}` | {r['wall']:.2f} | {r['runs']} | {ratio} | {r['rss_kib'] / 1024:.0f} "
          f"| {r['user']:.1f} | {r['sys']:.1f} | {r['others_cores']:.2f} | {chk} |")
print()
busy = [r for r in rows if r.get("others_cores", 0) > 0.1]
if busy:
    print("WARNING: other processes used more than 0.1 core during " + ", ".join(f"({r['key']})" for r in busy)
          + ": those timings are disturbed; run again on a quiet machine.\n")
for r in rows:
    if "timeout" not in r:
        print(f"- ({r['key']}) `{r['cmd']}`: runs {r['walls']} s, warm-up {r['warmup']} s, exit {r['exit']}")
    else:
        print(f"- ({r['key']}) `{r['cmd']}`: stopped after {r['timeout']} s")
EOF
{ echo; "$KS" --version; git --version; rg --version | head -1; nproc; } >"$RES/versions.txt" 2>&1 || true
echo "raw results: $RES" >&2
