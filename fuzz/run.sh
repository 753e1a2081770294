#!/usr/bin/env bash
# Runs keysweep's libFuzzer targets: fuzz/run.sh BUILD_DIR SECONDS [TARGET...]
# Corpora live in $KEYSWEEP_FUZZ_DIR (default /tmp/keysweep-fuzz), seeded from
# the repository on first use; crashes go to its artifacts/ folder.
# KEYSWEEP_FUZZ_SEED fixes libFuzzer's random seed (CI sets it, so a CI run
# explores what a local run with the same seed explored, instead of failing
# at random on a new find); unset, every run explores afresh.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:?usage: fuzz/run.sh BUILD_DIR SECONDS [TARGET...]}
seconds=${2:?usage: fuzz/run.sh BUILD_DIR SECONDS [TARGET...]}
shift 2
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(fuzz_scan fuzz_rules fuzz_config fuzz_policy fuzz_trail fuzz_delta fuzz_pack fuzz_repo fuzz_gate)
out=${KEYSWEEP_FUZZ_DIR:-/tmp/keysweep-fuzz}
# Leaks inside libgit2 are not ours (see fuzz/lsan.supp).
export LSAN_OPTIONS=suppressions=$here/fuzz/lsan.supp:print_suppressions=0

seeds() {
  case $1 in
    fuzz_scan) echo "$here/fixtures/scan $here/fixtures/credential-files" ;;
    fuzz_rules) echo "$here/detectors/rules" ;;
    fuzz_config) echo "$here/.keysweep.json" ;;
    fuzz_policy) echo "$here/fixtures/policies $here/fixtures/aws-managed-policies" ;;
    fuzz_trail) echo "$here/fixtures/cloudtrail" ;;
    fuzz_pack|fuzz_repo|fuzz_gate) echo "$here/fuzz/regressions/$1" ;;
    *) echo "" ;;
  esac
}

status=0
for target in "${targets[@]}"; do
  corpus=$out/$target
  if [ ! -d "$corpus" ]; then
    mkdir -p "$corpus"
    case $target in
      fuzz_pack) scratch=$(mktemp -d); "$here/fuzz/seed_git.sh" "$corpus" "$scratch"; rm -rf "$scratch" ;;
      fuzz_repo) scratch=$(mktemp -d); "$here/fuzz/seed_git.sh" "$scratch" "$corpus"; rm -rf "$scratch" ;;
      fuzz_gate) "$here/fuzz/seed_gate.sh" "$corpus" ;;
    esac
    for seed in $(seeds "$target"); do
      [ -e "$seed" ] || continue
      find "$seed" -type f -size -1000k -print0 | while IFS= read -r -d '' f; do
        cp "$f" "$corpus/seed-$(sha1sum "$f" | cut -c1-16)"
      done
    done
  fi
  mkdir -p "$out/artifacts"
  echo "== $target: $seconds s (corpus $corpus)" >&2
  # fuzz_gate's scans compile the rule subset a committed config selects
  # (seconds under ASan, once per new subset): a longer bound, still finite.
  timeout=10
  [ "$target" != fuzz_gate ] || timeout=60
  seed_flag=()
  [ -z "${KEYSWEEP_FUZZ_SEED:-}" ] || seed_flag=(-seed="$KEYSWEEP_FUZZ_SEED")
  "$build/fuzz/$target" "${seed_flag[@]}" -max_total_time="$seconds" -max_len=65536 -timeout="$timeout" -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$out/artifacts/$target-" "$corpus" || status=1
done
exit $status
