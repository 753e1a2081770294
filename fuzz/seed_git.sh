#!/usr/bin/env bash
# Seeds for fuzz_pack and fuzz_repo, made from small repositories built here
# with git (made-up content): fuzz/seed_git.sh PACK_CORPUS REPO_CORPUS
#   fuzz_pack: the index length in 8 hex digits, the .idx, the .pack
#   fuzz_repo: every file of the .git folder as path NUL length(8 hex) bytes,
#     and variants with a FIFO or a symlink where git expects a file
set -euo pipefail
pack_out=${1:?usage: fuzz/seed_git.sh PACK_CORPUS REPO_CORPUS}
repo_out=${2:?usage: fuzz/seed_git.sh PACK_CORPUS REPO_CORPUS}
mkdir -p "$pack_out" "$repo_out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

export GIT_CONFIG_NOSYSTEM=1 HOME=$work GIT_AUTHOR_NAME=Fuzz GIT_AUTHOR_EMAIL=fuzz@example.test \
  GIT_COMMITTER_NAME=Fuzz GIT_COMMITTER_EMAIL=fuzz@example.test \
  GIT_AUTHOR_DATE=2026-01-02T03:04:05Z GIT_COMMITTER_DATE=2026-01-02T03:04:05Z
g() { git -C "$work/repo" -c init.defaultBranch=main -c core.hooksPath=/dev/null "$@"; }

git -c init.defaultBranch=main init -q "$work/repo"
for i in 1 2 3 4 5 6; do
  { echo "# settings, revision $i"; seq 1 $((i * 20)) | sed 's/^/line /'; } >"$work/repo/settings.txt"
  [ $i = 2 ] && echo "aws_access_key_id = AKIAZFAKEKEY7TEST2ID" >>"$work/repo/settings.txt"  # keysweep:allow (made up)
  mkdir -p "$work/repo/dir$((i % 3))" && echo "file $i" >"$work/repo/dir$((i % 3))/f$i.txt"
  g add -A && g commit -q -m "revision $i"
done
g tag -a -m "release" v1.0
g checkout -q -b feature && echo "token ghp_FAKEfuzzSeedTokenOnly0000000000000000" >"$work/repo/feature.txt"
g add -A && g commit -q -m "feature" && g checkout -q main
echo "staged ASIAY34FZKBOKMUTVV7A" >"$work/repo/staged.txt" && g add staged.txt  # keysweep:allow (made up)

archive() {  # archive GIT_DIR OUT: the files fuzz_repo reads, in its format
  (cd "$1" && find . -type f ! -path './hooks/*' ! -path './logs/*' ! -name description ! -path './info/*' |
    sed 's|^\./||' | sort | while read -r f; do
      printf '%s\0%08x' "$f" "$(stat -c %s "$f")"
      cat "$f"
    done) >"$2"
}
archive "$work/repo/.git" "$repo_out/seed-loose"
# FIFOs and links where git expects files (fuzz_repo's "=fifo" and "=link"
# records): each seed is the loose repository with one of them laid last.
include=$'[include]\n\tpath = inc\n'
n=0
for special in 'config=link:/dev/zero' 'config=link:config' 'packed-refs=fifo:' 'index=fifo:' \
  'objects/info/alternates=fifo:' 'HEAD=link:/dev/zero' 'refs/heads/main=fifo:' 'ORIG_HEAD=fifo:' 'inc=fifo:'; do
  name=${special%%:*} target=${special#*:}
  { cat "$repo_out/seed-loose"
    [ "$name" != inc=fifo ] || printf 'config\0%08x%s' "${#include}" "$include"
    printf '%s\0%08x%s' "$name" "${#target}" "$target"; } >"$repo_out/seed-special-$n"
  n=$((n + 1))
done
g gc -q --aggressive
archive "$work/repo/.git" "$repo_out/seed-packed"
for idx in "$work"/repo/.git/objects/pack/*.idx; do
  name=$(basename "$idx" .idx)
  { printf '%08x' "$(stat -c %s "$idx")"; cat "$idx" "${idx%.idx}.pack"; } >"$pack_out/seed-$name"
done
