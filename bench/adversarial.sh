#!/usr/bin/env bash
# Adversarial shapes for time and memory (issue 13): keysweep must stay linear
# in time and bounded in memory on any input. For each shape it generates the
# input at sizes N, 2N and 4N, runs `keysweep scan` on each under
# /usr/bin/time, prints wall seconds and peak RSS, and the ratio between
# consecutive sizes. It exits 1 when a ratio exceeds its bound (time: 3.0, only
# when the larger run takes over MIN_SECONDS; RSS: 3.0, only when the larger
# run peaks over MIN_RSS_MB), 2 on a usage or setup error.
#
#   bench/adversarial.sh [--short] KEYSWEEP_BINARY [DATA_DIR]
#
# Shapes:
#   long-line  one line holding the same key id repeatedly, densely
#   wide-line  one line holding the key id once every KiB (column counting
#              from the line start was quadratic; the dense line's cost is
#              mostly the companion search around each key). At most 8 MiB,
#              one chunk: the column count restarts with each chunk)
#   key-lines  a log with a key id on every line
#   pairs      key id / secret access key pairs in one chunk (under 8 MiB)
# --short uses small sizes (the whole run takes well under 2 minutes on 2
# cores; CI runs it); the default sizes match the issue's measurements.
# DATA_DIR (default $KEYSWEEP_BENCH_DIR or /tmp/keysweep-adversarial) must lie
# outside the repository. Knobs: TIME_BOUND=3.0 RSS_BOUND=3.0 MIN_SECONDS=0.5
# MIN_RSS_MB=64 FORMAT=json (the report format written to /dev/null).
set -euo pipefail

short=0
if [[ ${1:-} == --short ]]; then short=1; shift; fi
HERE=$(cd "$(dirname "$0")" && pwd)
KS=$(realpath "${1:?usage: $0 [--short] KEYSWEEP_BINARY [DATA_DIR]}")
DIR=$(realpath -m "${2:-${KEYSWEEP_BENCH_DIR:-/tmp/keysweep-adversarial}}")
TIME_BOUND=${TIME_BOUND:-3.0} RSS_BOUND=${RSS_BOUND:-3.0}
MIN_SECONDS=${MIN_SECONDS:-0.5} MIN_RSS_MB=${MIN_RSS_MB:-64} FORMAT=${FORMAT:-json}

[[ -x $KS ]] || { echo "not an executable: $KS" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "GNU time missing (apt-get install time)" >&2; exit 2; }
command -v python3 >/dev/null || { echo "python3 is required" >&2; exit 2; }
case $DIR/ in "$(git -C "$HERE" rev-parse --show-toplevel 2>/dev/null || echo /nonexistent)"/*)
  echo "refusing to put generated data inside the repository: $DIR" >&2; exit 2;; esac
mkdir -p "$DIR"

# Sizes in KiB per shape: N (then 2N and 4N).
if (( short )); then
  declare -A BASE=([long-line]=256 [wide-line]=2048 [key-lines]=2048 [pairs]=512)
else
  declare -A BASE=([long-line]=1024 [wide-line]=2048 [key-lines]=8192 [pairs]=1792)
fi

# gen SHAPE KIB FILE: made-up keys only (keysweep's own test key).
gen() {
  python3 - "$1" "$2" "$3" <<'EOF'
import sys
shape, kib, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
key = "AKIAZFAKEKEY7TEST2ID"  # keysweep:allow (made up)
secret = "fAkE/SeCrEt+Key0123ForTestsOnly9876aBcDe"  # keysweep:allow (made up)
if shape == "long-line":
    unit = "x=" + key + " "
elif shape == "wide-line":
    unit = "x=" + key + " " + "-" * 1001
elif shape == "key-lines":
    unit = "2026-11-28T10:00:00Z INFO served id=" + key + "\n"
else:
    unit = "aws_access_key_id=" + key + "\naws_secret_access_key=" + secret + "\n\n\n\n\n\n\n"
n = kib * 1024 // len(unit)
with open(path, "w") as f:
    f.write(unit * n)
EOF
}

calc() { awk "BEGIN { printf \"%.2f\", $* }"; }
gt() { awk "BEGIN { exit !(($1) > ($2)) }"; }

failed=0
printf '%-10s %10s %9s %10s %8s %8s\n' shape KiB seconds peak_MB t_ratio rss_ratio
for shape in long-line wide-line key-lines pairs; do
  prev_s="" prev_mb=""
  for mult in 1 2 4; do
    kib=$(( BASE[$shape] * mult ))
    file=$DIR/$shape-$kib.txt
    [[ -f $file ]] || gen "$shape" "$kib" "$file"
    # The best of three runs: a shared or busy machine only ever adds time.
    s="" kb=""
    for run in 1 2 3; do
      rc=0
      /usr/bin/time -f "%e %M" -o "$DIR/time.out" "$KS" scan --format "$FORMAT" "$file" >/dev/null 2>"$DIR/err.out" || rc=$?
      if (( rc != 1 )); then
        echo "$shape $kib KiB: keysweep exited $rc (expected 1: findings)" >&2; cat "$DIR/err.out" >&2; exit 2
      fi
      read -r run_s run_kb < <(tail -1 "$DIR/time.out")
      if [[ -z $s ]] || gt "$s" "$run_s"; then s=$run_s; fi
      if [[ -z $kb ]] || gt "$kb" "$run_kb"; then kb=$run_kb; fi
    done
    mb=$(calc "$kb / 1024")
    t_ratio=- rss_ratio=-
    if [[ -n $prev_s ]]; then
      t_ratio=$(calc "$s / ($prev_s > 0.01 ? $prev_s : 0.01)")
      rss_ratio=$(calc "$mb / $prev_mb")
      if gt "$s" "$MIN_SECONDS" && gt "$t_ratio" "$TIME_BOUND"; then t_ratio+="!"; failed=1; fi
      if gt "$mb" "$MIN_RSS_MB" && gt "$rss_ratio" "$RSS_BOUND"; then rss_ratio+="!"; failed=1; fi
    fi
    printf '%-10s %10d %9s %10s %8s %8s\n' "$shape" "$kib" "$s" "$mb" "$t_ratio" "$rss_ratio"
    prev_s=$s prev_mb=$mb
  done
done
if (( failed )); then
  echo "FAIL: a ratio marked ! exceeds its bound (time $TIME_BOUND, RSS $RSS_BOUND): not linear" >&2
  exit 1
fi
echo "ok: every ratio within bounds (time $TIME_BOUND, RSS $RSS_BOUND)"
