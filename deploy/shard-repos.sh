#!/bin/sh
# Prints this shard's part of a repository list: the repositories (one a line;
# blank lines and '#' comments skipped, as `keysweep git --repos-from` does)
# whose position in the list, counted from 0, modulo COUNT is INDEX. Every
# repository lands in exactly one of the COUNT shards.
# Usage: shard-repos.sh INDEX COUNT < list > shard
set -eu
if [ "$#" -ne 2 ]; then
  echo "usage: shard-repos.sh INDEX COUNT < list" >&2
  exit 2
fi
case "$1$2" in *[!0-9]*) echo "shard-repos.sh: INDEX and COUNT must be numbers" >&2; exit 2 ;; esac
if [ "$2" -lt 1 ] || [ "$1" -ge "$2" ]; then
  echo "shard-repos.sh: need 0 <= INDEX < COUNT" >&2
  exit 2
fi
awk -v index_="$1" -v count="$2" '
  { sub(/^[ \t\r]+/, ""); sub(/[ \t\r]+$/, "") }
  $0 == "" || /^#/ { next }
  n++ % count == index_ { print }
'
