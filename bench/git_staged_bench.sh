#!/usr/bin/env bash
# Pre-commit latency: `keysweep git --staged` on a typical staged change in the
# large generated repository, compiled-rules cache warm and cold, next to
# `git diff --cached`. See GIT.md.
#
#   bench/git_staged_bench.sh KEYSWEEP_BINARY [DATA_DIR]
#
# DATA_DIR (default $KEYSWEEP_GITBENCH_DIR or /tmp/keysweep-gitbench) must hold
# repo/ (gen_history.py makes it when planted.json is missing). The change is
# staged in a local clone, DATA_DIR/staged/repo (objects hard-linked, full work
# tree and index), so the benchmark repository itself is never modified.
# Environment knobs: RUNS=30 (warm runs), COLD_RUNS=10, GEN_ARGS= (see git_bench.sh),
# SKIP_GIT_SECRETS=1.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
KS=$(realpath "${1:?usage: $0 KEYSWEEP_BINARY [DATA_DIR]}")
DIR=$(realpath -m "${2:-${KEYSWEEP_GITBENCH_DIR:-/tmp/keysweep-gitbench}}")
RUNS=${RUNS:-30} COLD_RUNS=${COLD_RUNS:-10}
REPO=$DIR/repo
WT=$DIR/staged/repo
RES=$DIR/results/staged-$(date +%Y%m%d-%H%M%S)

say() { printf '\n== %s\n' "$*" >&2; }
[[ -x $KS ]] || { echo "not an executable: $KS" >&2; exit 2; }
command -v hyperfine >/dev/null || { echo "hyperfine is required (apt-get install hyperfine)" >&2; exit 2; }
case $DIR/ in "$(git -C "$HERE" rev-parse --show-toplevel 2>/dev/null || echo /nonexistent)"/*)
  echo "refusing to put generated data inside the repository: $DIR" >&2; exit 2;; esac
export PYTHONDONTWRITEBYTECODE=1 LC_ALL=C GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
if [[ ! -f $DIR/planted.json || ! -d $REPO/.git ]]; then
  say "generating the repository in $REPO (gen_history.py ${GEN_ARGS:-})"
  # shellcheck disable=SC2086
  python3 "$HERE/gen_history.py" --out "$DIR" ${GEN_ARGS:-}
fi
mkdir -p "$RES"

if [[ ! -d $WT/.git ]]; then
  say "cloning $REPO into $WT"
  git clone -q "$REPO" "$WT"
fi
cd "$WT"
git reset -q --hard HEAD
git clean -fdq
HEAD_FILES=$(git ls-files | wc -l)

# A typical commit: 3 tracked source files of ordinary size, a few lines
# inserted and one line changed in each (deterministic).
python3 - "$RES/staged-files.txt" <<'EOF'
import random, subprocess, sys
r = random.Random(7)
files = [l for l in subprocess.run(["git", "ls-files", "-s"], capture_output=True, text=True).stdout.splitlines()]
paths = sorted(l.split("\t", 1)[1] for l in files)
def size(p):
    import os
    return os.path.getsize(p)
cands = [p for p in paths if p.endswith((".py", ".c", ".ts", ".js")) and 2000 <= size(p) <= 40000]
pick = r.sample(cands, 3)
add = {
    ".py": ["    def refresh_token_cache(self, ttl=300):",
            "        \"\"\"Drop cached entries older than ttl seconds.\"\"\"",
            "        cutoff = time.monotonic() - ttl",
            "        self._cache = {k: v for k, v in self._cache.items() if v.stamp >= cutoff}"],
    ".c": ["static int flush_pending(struct queue *q, size_t limit)",
           "{",
           "    while (q->len > limit && queue_pop(q) == 0) { }",
           "    return q->len <= limit ? 0 : -EAGAIN;", "}"],
    ".js": ["export function retryDelay(attempt) {",
            "  return Math.min(30000, 250 * 2 ** attempt);", "}"],
}
add[".ts"] = add[".js"]
with open(sys.argv[1], "w") as out:
    for p in pick:
        ext = p[p.rfind("."):]
        lines = open(p).read().split("\n")
        at = r.randint(1, max(1, len(lines) - 2))
        lines[at:at] = [""] + add[ext] + [""]
        j = r.randint(0, len(lines) - 1)
        lines[j] = lines[j].rstrip() + "  // reviewed" if ext != ".py" else lines[j].rstrip() + "  # reviewed"
        open(p, "w").write("\n".join(lines))
        out.write(f"{p} (+{len(add[ext]) + 2} lines at {at + 1}, line {j + 1} changed)\n")
EOF
git add -- $(cut -d' ' -f1 "$RES/staged-files.txt")
git diff --cached --stat | tee "$RES/staged-diffstat.txt" >&2
say "repository: $(git rev-list --count HEAD) commits on HEAD, $HEAD_FILES files in the index"

WARM=$DIR/ks-cache-staged
COLD=$DIR/ks-cache-staged-cold
# Fill the warm cache and check that the clean change is clean (exit 0).
rc=0; env KEYSWEEP_CACHE_DIR="$WARM" "$KS" git --staged --quiet || rc=$?
echo "keysweep git --staged --quiet on the clean change: exit $rc (expected 0)" >&2
/usr/bin/time -f '%e %M' -o "$RES/rss.txt" env KEYSWEEP_CACHE_DIR="$WARM" "$KS" git --staged --quiet || true
echo "peak RSS (warm): $(awk '{print $2}' "$RES/rss.txt") KiB" >&2

hf() { hyperfine --style basic -N --output=null "$@" >&2; }
say "keysweep git --staged, warm cache"
hf --warmup 3 --runs "$RUNS" --export-json "$RES/warm.json" -n "keysweep git --staged --quiet (warm cache)" \
  "env KEYSWEEP_CACHE_DIR=$WARM $KS git --staged --quiet"
say "keysweep git --staged, cold cache (emptied before each run)"
hf --runs "$COLD_RUNS" --prepare "rm -rf $COLD" --export-json "$RES/cold.json" \
  -n "keysweep git --staged --quiet (cold cache)" "env KEYSWEEP_CACHE_DIR=$COLD $KS git --staged --quiet"
say "keysweep git --staged --no-cache"
hf --runs "$COLD_RUNS" --export-json "$RES/nocache.json" -n "keysweep git --staged --quiet --no-cache" \
  "$KS git --staged --quiet --no-cache"
say "git diff --cached"
hf -i --warmup 3 --runs "$RUNS" --export-json "$RES/diffq.json" -n "git diff --cached --quiet" "git diff --cached --quiet"
hf --warmup 3 --runs "$RUNS" --export-json "$RES/diff.json" -n "git diff --cached (patch)" "git diff --cached"
if [[ ${SKIP_GIT_SECRETS:-0} != 1 ]] && command -v git-secrets >/dev/null; then
  mkdir -p "$DIR/staged/home"
  git config --get-all secrets.patterns >/dev/null || HOME=$DIR/staged/home git secrets --register-aws >/dev/null
  say "git secrets pre-commit hook (git secrets --pre_commit_hook)"
  hf --warmup 3 --runs "$RUNS" --export-json "$RES/gs.json" -n "git secrets --pre_commit_hook" \
    "env HOME=$DIR/staged/home git secrets --pre_commit_hook"
fi

# Does it catch a key? Stage one more file with a fake key pair (not timed).
KEY=AKIAQ7ZWN4RTV2XPL6MB SECRET=zmlpWqyRI8FANn5xyRjQ2v8HXEzran/ID5M+wn6k  # made up; keysweep:allow
mkdir -p config
printf 'aws:\n  aws_access_key_id: %s\n  aws_secret_access_key: %s\n' "$KEY" "$SECRET" >config/bench-staged-credentials.yml
git add config/bench-staged-credentials.yml
rc=0; env KEYSWEEP_CACHE_DIR="$WARM" "$KS" git --staged --format json >"$RES/with-key.json" || rc=$?
python3 - "$RES/with-key.json" "$KEY" "$rc" <<'EOF' | tee "$RES/with-key.txt" >&2
import json, sys
r, key, rc = json.load(open(sys.argv[1])), sys.argv[2], sys.argv[3]
hits = [(l["path"], l["line"]) for f in r["findings"] if (f.get("key_id") or f["secret"]) == key for l in f["locations"]]
ok = ("config/bench-staged-credentials.yml", 2) in hits and rc == "1"
print(f"staged key check: exit {rc}, reported at {hits}: {'OK' if ok else 'WRONG'}; findings in total: {len(r['findings'])}")
EOF
git reset -q --hard HEAD && git clean -fdq

python3 - "$RES" <<'EOF' | tee "$RES/summary.md"
import json, os, sys
res = sys.argv[1]
print("| command | mean ms | ± sd | median ms | min ms | max ms | runs |")
print("|---|---:|---:|---:|---:|---:|---:|")
for n in ("warm", "cold", "nocache", "diffq", "diff", "gs"):
    p = f"{res}/{n}.json"
    if not os.path.exists(p):
        continue
    r = json.load(open(p))["results"][0]
    ms = lambda x: f"{x * 1000:.1f}"
    print(f"| `{r['command']}` | {ms(r['mean'])} | {ms(r['stddev'] or 0)} | {ms(r['median'])} | {ms(r['min'])} "
          f"| {ms(r['max'])} | {len(r['times'])} |")
print()
print("staged: " + "; ".join(l.strip() for l in open(f"{res}/staged-files.txt")))
print("peak RSS, warm: " + open(f"{res}/rss.txt").read().split()[1] + " KiB")
print(open(f"{res}/with-key.txt").read().strip())
EOF
echo "raw results: $RES" >&2
