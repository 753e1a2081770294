#!/usr/bin/env python3
"""Print the result tables of one run_scan_bench.sh run (a results/<timestamp> dir) as Markdown."""
import json
import os
import re
import sys

MIB = 1 << 20


def load(path, default=None):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return default


def gnu_time(path):
    """Peak RSS (MiB) and exit status from a /usr/bin/time -v file."""
    try:
        text = open(path).read()
    except OSError:
        return None, None
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)
    code = re.search(r"Exit status: (\d+)", text)
    signal = re.search(r"Command terminated by signal (\d+)", text)
    return (int(rss.group(1)) / 1024 if rss else None,
            f"signal {signal.group(1)}" if signal else (code.group(1) if code else "?"))


def timing(res, name, warmup_wall):
    hf = load(os.path.join(res, f"{name}.hf.json"))
    if hf:
        r = hf["results"][0]
        return r["mean"], r["stddev"] or 0.0, len(r["times"]), r["min"], r["user"] + r["system"]
    return float(warmup_wall), 0.0, 1, float(warmup_wall), None


def fmt(v, spec):
    return "n/a" if v is None else format(v, spec)


def main():
    res = sys.argv[1]
    rows = [json.loads(line) for line in open(os.path.join(res, "rows.jsonl"))]
    for row in rows:
        row["mean"], row["sd"], row["n"], row["min"], row["cpu"] = timing(res, row["name"], row["warmup_wall"])
        row["mibps"] = int(row["bytes"]) / MIB / row["mean"]
        row["rss"], row["exit"] = gnu_time(os.path.join(res, f"{row['name']}.time"))
        row["check"] = load(os.path.join(res, f"{row['name']}.check.json"), {})
    version = open(os.path.join(res, "keysweep-version.txt")).read().strip() \
        if os.path.exists(os.path.join(res, "keysweep-version.txt")) else "?"
    print(f"# keysweep scan benchmark ({os.path.basename(res)}, {version}, {os.cpu_count()} cores)\n")
    for group, ref, title in (("tree", "rg-uuu", "Generated tree"), ("subset", "rg-uuu", "Subset (extrapolated per MiB)"),
                              ("big", "rg-bigfile", "One large file")):
        grows = [r for r in rows if r["group"] == group]
        if not grows:
            continue
        refrow = next((r for r in rows if r["name"] == ref), None)
        print(f"## {title}: {int(grows[0]['bytes']) / MIB:.0f} MiB\n")
        print(f"| tool | wall s (mean ± sd, runs) | min s | CPU s | MiB/s | time/MiB vs {refrow['name'] if refrow else 'rg'} | peak RSS MiB | exit | findings | planted found |")
        print("|---|---|---|---|---|---|---|---|---|---|")
        for r in grows:
            ratio = refrow["mibps"] / r["mibps"] if refrow else None
            c = r["check"]
            planted = f"{c['found']}/{c['planted']}" if c else "n/a"
            if c.get("wrong_line") or c.get("decoys_reported"):
                planted += f" ({c.get('wrong_line', 0)} wrong line, {c.get('decoys_reported', 0)} decoys)"
            print(f"| {r['name']} | {r['mean']:.3f} ± {r['sd']:.3f} ({r['n']}) | {r['min']:.3f} | {fmt(r['cpu'], '.2f')} | {r['mibps']:.1f} | "
                  f"{fmt(ratio, '.2f')}× | {fmt(r['rss'], '.1f')} | {r['exit']} | {c.get('findings', 'n/a')} | {planted} |")
        print()
    small = [(n, load(os.path.join(res, f"small-{n}.hf.json"))) for n in ("cold", "warm", "nocache", "rg")]
    small = [(n, hf["results"][0]) for n, hf in small if hf]
    if small:
        print("## One small file (2 KiB)\n")
        print("| case | mean ms | sd ms | min ms | runs |")
        print("|---|---|---|---|---|")
        labels = {"cold": "keysweep, cache cold (compile + store)", "warm": "keysweep, cache warm (load)",
                  "nocache": "keysweep --no-cache (compile, no store)", "rg": "rg -uuu (reference)"}
        for n, r in small:
            print(f"| {labels[n]} | {r['mean'] * 1000:.1f} | {(r['stddev'] or 0) * 1000:.1f} | "
                  f"{r['min'] * 1000:.1f} | {len(r['times'])} |")
        print()
    print("## Targets\n")
    by = {r["name"]: r for r in rows}
    checks = []
    if "keysweep" in by and "rg-uuu" in by:
        x = by["keysweep"]["mean"] / by["rg-uuu"]["mean"]
        checks.append((f"keysweep ≤ 1.5× rg -uuu wall time on the tree: {x:.2f}×", x <= 1.5))
    if "keysweep" in by and "git-secrets" in by:
        x = by["git-secrets"]["mean"] / by["keysweep"]["mean"]
        checks.append((f"keysweep ≥ 10× faster than git-secrets: {x:.1f}×", x >= 10))
    warm = dict(small).get("warm")
    if warm:
        checks.append((f"one small file ≤ 30 ms with a warm cache: {warm['mean'] * 1000:.1f} ms", warm["mean"] <= 0.030))
    for name, label in (("keysweep", "the tree"), ("keysweep-bigfile", "the large file")):
        if name in by and by[name]["rss"] is not None:
            checks.append((f"peak RSS ≤ 200 MiB on {label}: {by[name]['rss']:.1f} MiB", by[name]["rss"] <= 200))
    for name, label in (("keysweep", "tree"), ("keysweep-bigfile", "large file")):
        c = by.get(name, {}).get("check")
        if c:
            checks.append((f"every planted key found on the right line ({label}): {c['found']}/{c['planted']}",
                           c["found"] == c["planted"] and not c.get("decoys_reported")))
    for text, ok in checks:
        print(f"- [{'x' if ok else ' '}] {'PASS' if ok else 'FAIL'}: {text}")
    for name in ("keysweep", "keysweep-bigfile"):
        path = os.path.join(res, f"{name}.check.txt")
        if os.path.exists(path):
            print(f"\n### {name} findings check\n\n```\n{open(path).read().rstrip()}\n```")


if __name__ == "__main__":
    main()
