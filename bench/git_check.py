#!/usr/bin/env python3
"""Check a `keysweep git --format json` report against gen_history.py's manifest.

    git_check.py PLANTED.json REPORT.json [--summary-out FILE]
    git_check.py --grep PLANTED.json OUTPUT.txt [--summary-out FILE]

A planted key counts as found at the right place when an aws.access-key-id
finding has its key id and a location whose commit is the commit that
introduced it, whose path is the path there (for a key planted only in a commit
message: any path, i.e. keysweep's message label) and whose line is the planted
line. Also reports: a key found but attributed elsewhere (the locations it got),
a planted secret that did not come back as the key's companion, and findings
that are not planted keys. Exit 0 when every key was found at the right
commit/path/line, else 1.

--grep: OUTPUT is plain text (git log -p | rg, git secrets): a planted key
counts as found when its key id occurs anywhere in it.
"""
import argparse
import json
import sys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--grep", action="store_true")
    ap.add_argument("manifest")
    ap.add_argument("report")
    ap.add_argument("--summary-out")
    args = ap.parse_args()
    planted = json.load(open(args.manifest))["planted"]
    if args.grep:
        text = open(args.report, errors="replace").read()
        found = [p for p in planted if p["key_id"] in text]
        for p in planted:
            if p not in found:
                print(f"  not in output: {p['id']} {p['key_id']} ({p['note']})")
        print(f"planted key ids present in the output: {len(found)}/{len(planted)}")
        if args.summary_out:
            json.dump({"planted": len(planted), "found": len(found)}, open(args.summary_out, "w"))
        return 0

    report = json.load(open(args.report))
    findings = report["findings"]
    by_key = {}
    for f in findings:
        if f["rule_id"] == "aws.access-key-id":
            by_key.setdefault(f.get("key_id") or f["secret"], []).append(f)
    planted_ids = {p["key_id"] for p in planted}

    ok = 0
    rows = []
    for p in planted:
        fs = by_key.get(p["key_id"], [])
        locs = [loc for f in fs for loc in f["locations"]]
        comps = {c.get("name") for f in fs for c in f.get("companions", [])}
        exact = [loc for loc in locs
                 if loc.get("commit") == p["commit"] and loc.get("line") == p["line"]
                 and (p["path"] is None or loc.get("path") == p["path"])]
        where = "message" if p["path"] is None else f"{p['path']}:{p['line']}"
        if exact:
            status = "OK"
            if p.get("secret") and "secret_access_key" not in comps:
                status = "OK (secret not reported as companion)"
            ok += 1
        elif locs:
            status = "WRONG PLACE"
        else:
            status = "MISSED"
        got = "; ".join(f"{(loc.get('commit') or '-')[:10]} {loc.get('path')}:{loc.get('line')}"
                        f" (in {loc.get('commits_containing')} commits)" for loc in locs)
        rows.append((p, status, got))
        print(f"  {p['id']} {status:<12} {p['key_id']} {p['commit'][:10]} {where}  [{p['note']}]")
        if status != "OK":
            print(f"      reported at: {got or 'nowhere'}")
        elif len(locs) > 1:
            print(f"      all locations: {got}")
    unexpected = [f for f in findings if (f.get("key_id") or f["secret"]) not in planted_ids
                  and not (f["rule_id"] == "aws.secret-access-key"
                           and any(f["secret"][:4] == (p.get("secret") or "")[:4] for p in planted))]
    print(f"planted keys found at the right commit, path and line: {ok}/{len(planted)}; "
          f"findings: {len(findings)} ({sum(len(f['locations']) for f in findings)} locations); "
          f"other findings: {len(unexpected)}")
    for f in unexpected[:15]:
        loc = f["locations"][0]
        print(f"  OTHER: {f['rule_id']} {f['secret']} {loc.get('path')}:{loc.get('line')} {(loc.get('commit') or '')[:10]}")
    for d in report.get("diagnostics", [])[:10]:
        print(f"  diagnostic: {d.get('level')} {d.get('path')}: {d.get('message')}")
    if args.summary_out:
        json.dump({"planted": len(planted), "found": ok, "findings": len(findings),
                   "other_findings": len(unexpected), "stats": report.get("stats")},
                  open(args.summary_out, "w"))
    return 0 if ok == len(planted) else 1


if __name__ == "__main__":
    sys.exit(main())
