#!/usr/bin/env python3
"""Write one large log-like file with fake AWS keys planted at known offsets.

    gen_bigfile.py [--out DIR] [--size-mb N] [--seed S]

Writes DIR/big.log (N MiB, default 2048 = 2 GiB) and DIR/bigfile.json, a
manifest in the same format as planted.json (check_findings.py reads both).
Keys are planted near the start, straddling the 8 MiB mark (keysweep's chunk
size), in the middle, and on the very last line (which has no trailing
newline); two of them have their secret access key on the next line.
Prints the expected line numbers. Keys are made up (see gen_tree.py).
"""
import argparse
import json
import os
import random

from gen_tree import MIB, Gen, fake_key, fake_secret

BLOCK = 4 * MIB


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=os.environ.get("KEYSWEEP_BENCH_DIR", "/tmp/keysweep-bench"))
    ap.add_argument("--size-mb", type=int, default=2048, help="size in MiB (default 2048)")
    ap.add_argument("--seed", type=int, default=99)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    g = Gen(rng)
    size = args.size_mb * MIB
    os.makedirs(args.out, exist_ok=True)
    path = os.path.join(args.out, "big.log")
    manifest_path = os.path.join(args.out, "bigfile.json")
    if os.path.exists(manifest_path):
        os.remove(manifest_path)

    # 16 distinct 4 MiB blocks of log lines, each ending at a line end, picked at random.
    blocks = []
    for _ in range(16):
        lines, n = [], 0
        while n < BLOCK:
            x = g.log_line()
            lines.append(x)
            n += len(x) + 1
        b = ("\n".join(lines) + "\n").encode()
        blocks.append((b, b.count(b"\n")))

    # Where the key ids start (byte offsets), ascending; the last one goes on the last line.
    targets = [(1 * MIB + 123, True), (8 * MIB - 7, False), (size // 2, True), (size - 300, False)]
    targets = [(o, s) for o, s in targets if o < size - 200]
    planted = []
    written, lines_done = 0, 0
    with open(path, "wb") as f:
        def put(data):
            nonlocal written, lines_done
            f.write(data)
            written += len(data)
            lines_done += data.count(b"\n")

        for i, (offset, with_secret) in enumerate(targets):
            last = i == len(targets) - 1
            while written + BLOCK + 4096 < offset:
                b, nl = blocks[rng.randrange(len(blocks))]
                f.write(b)
                written += len(b)
                lines_done += nl
            # Part of a block up to a line end, then a filler line so the key starts at `offset`.
            b = blocks[rng.randrange(len(blocks))][0]
            cut = b.rfind(b"\n", 0, max(offset - written - 400, 0)) + 1
            put(b[:cut])
            prefix = f"{g.ts()} INFO  [creds] using access key ".encode()
            filler = offset - written - len(prefix) - 1
            put(b"#" * max(filler, 0) + b"\n")
            key = fake_key(rng)
            secret = fake_secret(rng) if with_secret else None
            entry = {"id": f"B{i + 1}", "key_id": key, "secret": secret, "file": "big.log",
                     "line": lines_done + 1, "offset": written + len(prefix),
                     "kind": "last-line" if last else "log", "note": ""}
            put(prefix + key.encode() + (b"\n" if not last else b""))
            if secret:
                put(f"{g.ts()} DEBUG [creds] aws_secret_access_key={secret}\n".encode())
            planted.append(entry)
            if last:
                entry["note"] = "last line, no trailing newline"
    entries = ", ".join(f"{e['key_id']} line {e['line']} (offset {e['offset']})" for e in planted)
    with open(manifest_path, "w") as f:
        json.dump({"file": path, "bytes": written, "lines": lines_done + 1, "planted": planted,
                   "decoys": []}, f, indent=1)
    print(f"wrote {path}: {written} bytes, {lines_done + 1} lines; planted: {entries}")


if __name__ == "__main__":
    main()
