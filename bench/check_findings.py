#!/usr/bin/env python3
"""Check a keysweep JSON report against a manifest of planted keys.

    check_findings.py MANIFEST.json REPORT.json [--summary-out FILE]
    check_findings.py --grep MANIFEST.json OUTPUT.txt [--summary-out FILE]

MANIFEST is planted.json (gen_tree.py) or bigfile.json (gen_bigfile.py). A
planted key counts as found when an aws.access-key-id finding has that key id
and a location whose path ends with the planted file and whose line matches.
Also reports planted key ids found on a wrong line, decoys that were reported
(false positives), findings not in the manifest, and whether the secret that
was planted next to a key id came back as its companion. Exit 0 when every
planted key was found on the right line and no decoy was reported, else 1.

--grep reads grep-like output instead (rg -n, git-secrets, secretlint --format
unix: "path:line:..."): a planted key counts as found when some output line
names its file and its line (or the next line, where its secret was planted:
secretlint reports only the secret); findings = output lines ("binary file
matches" notices included).
"""
import re
import argparse
import json
import sys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--grep", action="store_true", help="OUTPUT is grep-like text, not keysweep JSON")
    ap.add_argument("manifest")
    ap.add_argument("report")
    ap.add_argument("--summary-out", help="write a one-line JSON summary here")
    args = ap.parse_args()
    manifest = json.load(open(args.manifest))
    if args.grep:
        return check_grep(manifest, args)
    report = json.load(open(args.report))
    findings = report["findings"]

    # key id -> list of (path, line) where keysweep reported it, and companion names.
    seen, companions = {}, {}
    for f in findings:
        if f["rule_id"] != "aws.access-key-id":
            continue
        key = f.get("key_id") or f["secret"]
        for loc in f["locations"]:
            seen.setdefault(key, []).append((loc["path"], loc["line"]))
        companions[key] = {c["name"] for c in f.get("companions", [])}

    def at(path, want):
        return path == want or path.endswith("/" + want)

    missed, wrong_line, no_companion = [], [], []
    for p in manifest["planted"]:
        locs = seen.get(p["key_id"], [])
        if any(at(path, p["file"]) and line == p["line"] for path, line in locs):
            if p.get("secret") and "secret_access_key" not in companions.get(p["key_id"], set()):
                no_companion.append(p)
            continue
        lines = [line for path, line in locs if at(path, p["file"])]
        (wrong_line if lines else missed).append(dict(p, reported_lines=lines))
    decoys_hit = [d for d in manifest.get("decoys", [])
                  if d["value"] in seen or any(d["value"] == f["secret"] for f in findings)]
    planted_ids = {p["key_id"] for p in manifest["planted"]} | {p.get("secret") for p in manifest["planted"]}
    unexpected = [f for f in findings
                  if (f.get("key_id") or f["secret"]) not in planted_ids
                  and f["rule_id"] != "aws.secret-access-key"]
    n = len(manifest["planted"])
    found = n - len(missed) - len(wrong_line)
    print(f"planted keys found on the right line: {found}/{n}; findings: {len(findings)} "
          f"({sum(len(f['locations']) for f in findings)} locations)")
    for label, items in (("MISSED", missed), ("WRONG LINE", wrong_line),
                         ("NO COMPANION SECRET", no_companion)):
        for p in items:
            extra = f" reported at lines {p['reported_lines']}" if p.get("reported_lines") else ""
            print(f"  {label}: {p['id']} {p['key_id']} {p['file']}:{p['line']} ({p['kind']}{', ' + p['note'] if p.get('note') else ''}){extra}")
    for d in decoys_hit:
        print(f"  DECOY REPORTED: {d['value']} {d['file']}:{d['line']} ({d['why']})")
    for f in unexpected[:20]:
        print(f"  UNEXPECTED: {f['rule_id']} {f['secret']} {f['path']}:{f['line']}")
    for d in report.get("diagnostics", [])[:10]:
        print(f"  diagnostic: {d['level']} {d['path']}: {d['message']}")
    summary = {"planted": n, "found": found, "missed": len(missed), "wrong_line": len(wrong_line),
               "no_companion": len(no_companion), "decoys_reported": len(decoys_hit),
               "unexpected": len(unexpected), "findings": len(findings)}
    if args.summary_out:
        json.dump(summary, open(args.summary_out, "w"))
    ok = found == n and not decoys_hit
    return 0 if ok else 1


def check_grep(manifest, args):
    hits, findings = set(), 0
    with open(args.report, errors="replace") as f:
        for line in f:
            m = re.match(r"^(.+?):(\d+):", line)
            if m:
                hits.add((m.group(1), int(m.group(2))))
                findings += 1
            elif "binary file matches" in line:
                findings += 1
    found = 0
    for p in manifest["planted"]:
        lines = {p["line"], p["line"] + 1} if p.get("secret") else {p["line"]}  # the secret is on the next line
        if any(line in lines and (path == p["file"] or path.endswith("/" + p["file"])) for path, line in hits):
            found += 1
        else:
            print(f"  not reported: {p['id']} {p['file']}:{p['line']} ({p['kind']}{', ' + p['note'] if p.get('note') else ''})")
    decoys = sum(1 for d in manifest.get("decoys", [])
                 if any(line == d["line"] and path.endswith("/" + d["file"]) for path, line in hits))
    n = len(manifest["planted"])
    print(f"planted keys reported on the right line: {found}/{n}; output lines: {findings}; decoys reported: {decoys}")
    if args.summary_out:
        json.dump({"planted": n, "found": found, "findings": findings, "decoys_reported": decoys},
                  open(args.summary_out, "w"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
