#!/usr/bin/env bash
# Seeds for fuzz_gate (made-up content): fuzz/seed_gate.sh CORPUS
# Each record: side (b base, h head, i index, w work tree), kind (f file,
# x executable, l symlink, d delete / FIFO in the work tree; upper case: a
# control record, dropped for the comparison), path, NUL, length (8 hex), bytes.
set -euo pipefail
out=${1:?usage: fuzz/seed_gate.sh CORPUS}
mkdir -p "$out"
key="aws_access_key_id = AKIAZFAKEKEY7TEST2ID"  # keysweep:allow (made up)
pair="$key
aws_secret_access_key = fAkE0fuzz0seed0only0NOT0a0real0secret0Ab"  # keysweep:allow (made up)
rec() { printf '%s%s%s\0%08x%s' "$1" "$2" "$3" "${#4}" "$4"; }  # SIDE KIND PATH CONTENT (ASCII)
seed() { cat >"$out/seed-$1"; }

{ rec b f .keysweep.json '{"exclude_paths": ["docs/**"]}'
  rec h F .keysweep.json '{"exclude_paths": ["**"], "disable_rules": ["aws.*"]}'
  rec h f app.env "$pair"; } | seed config-switch-off
{ rec b f .keysweep.json '{"baseline": ".keysweep-baseline.json"}'
  rec b f .keysweep-baseline.json '{"version": 1, "findings": []}'
  rec h F .keysweep-baseline.json '{"version": 1, "findings": [{"fingerprint": "00112233445566778899aabbccddeeff"}]}'
  rec h f src/settings.py "AWS = '${key#*= }'"; } | seed baseline-changed
{ rec h F .gitleaksignore 'src/config.ini:aws-access-token:1'
  rec h f src/config.ini "$key"; } | seed gitleaksignore-added
{ rec b f a.env "$key"
  rec h F .keysweep.json '{"allow_fingerprints": ["00112233445566778899aabbccddeeff"]}'
  rec h f a.env "$pair"; } | seed rotated-secret
{ rec b f README.md 'hello'
  rec i F .keysweep.json '{"exclude_paths": ["b.env"]}'
  rec i f b.env "$key"; } | seed staged-config
{ rec b l .keysweep.json '/dev/zero'
  rec h f c.env "$key"; } | seed base-config-symlink
{ rec b f .keysweep.json '{"rules": ["ci/rules.json"]}'
  rec b l ci/rules.json '../../../../dev/zero'
  rec h F ci/rules.json '{"rules": []}'
  rec h f d.env "$key"; } | seed rules-symlink
{ rec b f .keysweep.json '{}'
  rec w d .keysweep.json ''
  rec w l .gitleaksignore '/dev/zero'
  rec w d .git2 ''
  rec h f e.env "$key"; } | seed work-tree-fifo
{ rec h f f.env "$key # keysweep:allow"
  rec h F .keysweep.json '{"inline_markers": []}'
  rec h D README.md ''; } | seed marker-added
