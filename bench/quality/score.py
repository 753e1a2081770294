#!/usr/bin/env python3
"""Score each scanner's raw output against the corpus ground truth.

    score.py OUT_DIR

Reads OUT_DIR/truth.json (from gen_corpus.py) and OUT_DIR/results/runs.tsv (from
run_quality.sh: tool, mode, format, output file, wall seconds, exit status; one
line per run) plus OUT_DIR/results/versions.tsv. Writes the tables to stdout and
OUT_DIR/results/quality.md, and every miss, decoy reported and unexpected finding
to OUT_DIR/results/details.md (for a human to judge).

Matching. Each raw output becomes findings (mode, path, line, commit, rule, text).
- A work-tree plant is found by a `tree` finding on its path and on one of its
  lines (a credential spanning lines, an AWS key id with its secret or a PEM
  body, may be reported on any of them), exact line number. A match reported
  as a range of lines (gitleaks, secretlint) also counts when the range covers
  one of the plant's lines and the reported secret contains one of its needles.
- A history plant is found by a `history` finding in any commit at its path (or
  a later name of the file) and one of its lines, or whose reported secret or
  snippet contains one of the plant's needles (the first 8 characters of the
  random part of each secret component). Commit-message plants have no path.
- A decoy is reported when a finding of either mode lands on its path and line
  (or, for findings without a path, contains its value).
- Anything else is "unexpected"; a `history` finding that matches a work-tree
  plant (it is in HEAD too) is neither a hit nor unexpected.
"""
import collections
import json
import os
import re
import sys

# ----------------------------------------------------------------------------
# Parsers: raw output -> [Finding]
# ----------------------------------------------------------------------------

Finding = collections.namedtuple("Finding", "mode path line commit rule text end_line",
                                 defaults=(None,))


def norm_path(p, repo):
    """Repository-relative path; None for commit/tag messages."""
    if p is None or p == "" or p.startswith("("):
        return None
    if os.path.isabs(p):
        p = os.path.relpath(p, repo)
    while p.startswith("./"):
        p = p[2:]
    return p


def parse_keysweep(path, mode, repo):
    """keysweep --format json --show-secrets: one finding per location."""
    data = json.load(open(path))
    out = []
    for f in data.get("findings", []):
        text = " ".join([f.get("secret") or ""] +
                        [c.get("value") or "" for c in f.get("companions", [])])
        for loc in f.get("locations") or [f]:
            out.append(Finding(mode, norm_path(loc.get("path"), repo), loc.get("line"),
                               loc.get("commit"), f.get("rule_id"),
                               text + " " + (loc.get("snippet") or "")))
    return out


GS_TREE = re.compile(r"^(.+?):(\d+):(.*)$")
GS_HIST = re.compile(r"^([0-9a-f]{40}):(.+?):(\d+):(.*)$")


def parse_git_secrets(path, mode, repo):
    """git secrets --scan -r (path:line:text) / --scan-history (commit:path:line:text), on stderr."""
    out = []
    for ln in open(path, encoding="utf-8", errors="replace"):
        ln = ln.rstrip("\n")
        m = GS_HIST.match(ln) if mode == "history" else GS_TREE.match(ln)
        if not m:
            continue
        if mode == "history":
            commit, p, line, text = m.groups()
        else:
            (p, line, text), commit = m.groups(), None
        out.append(Finding(mode, norm_path(p, repo), int(line), commit, "aws-pattern", text[:400]))
    return out


def parse_secretlint(path, mode, repo):
    """secretlint --format json: [{filePath, messages: [{ruleId, message, loc}]}]."""
    out = []
    for f in json.load(open(path)):
        for m in f.get("messages", []):
            out.append(Finding(mode, norm_path(f["filePath"], repo), m["loc"]["start"]["line"],
                               None, m.get("ruleId", "").replace("@secretlint/secretlint-rule-", ""),
                               m.get("message", ""), m["loc"]["end"]["line"]))
    return out


def parse_gitleaks(path, mode, repo):
    """gitleaks -f json. In history mode File is <commit>/<path> (see git_added_lines.py)."""
    out = []
    for f in json.load(open(path)):
        p, commit = f.get("File", ""), f.get("Commit") or None
        if mode == "history" and re.match(r"^[0-9a-f]{40}/", p):
            commit, p = p[:40], p[41:]
        out.append(Finding(mode, norm_path(p, repo), f.get("StartLine"), commit, f.get("RuleID"),
                           f.get("Secret") or f.get("Match") or "",
                           f.get("EndLine")))
    return out


PARSERS = {"keysweep-json": parse_keysweep, "git-secrets": parse_git_secrets,
           "secretlint-json": parse_secretlint, "gitleaks-json": parse_gitleaks}


# ----------------------------------------------------------------------------
# Matching
# ----------------------------------------------------------------------------

class Truth:
    """Indexes of plants and decoys by (path, line)."""

    def __init__(self, truth):
        self.plants = truth["plants"]
        self.decoys = truth["decoys"]
        self.repo = truth["repo"]
        self.situations = truth["situations"]
        self.at = collections.defaultdict(list)        # (path, line) -> plants
        for p in self.plants:
            for path in [p["path"]] + p.get("alt_paths", []):
                for ln in p["lines"]:
                    self.at[(path, ln)].append(p)
        self.decoy_at = {(d["path"], d["line"]): d for d in self.decoys}

    def plant_for(self, f):
        """The plant a finding reports, or None."""
        cands = self.at.get((f.path, f.line), [])
        if f.mode == "tree":
            cands = [p for p in cands if p["layer"] == "worktree"]
        if cands:
            exact = [p for p in cands if f.commit and p["commit"] == f.commit]
            return (exact or sorted(cands, key=lambda p: p["layer"] != "history"))[0]
        if f.mode == "history":
            for p in self.plants:
                if any(n in f.text for n in p["needles"]):
                    return p
        for p in self.covered(f):          # a multi-line match naming the secret
            if (f.mode == "history" or p["layer"] == "worktree") and \
                    any(n in f.text for n in p["needles"]):
                return p
        return None

    def covered(self, f):
        """Plants on the lines of a finding reported as a range of lines."""
        if not f.end_line or f.end_line == f.line:
            return []
        seen = {p["id"]: p for ln in range(f.line, f.end_line + 1)
                for p in self.at.get((f.path, ln), [])}
        return [seen[k] for k in sorted(seen)]

    def decoy_for(self, f):
        d = self.decoy_at.get((f.path, f.line))
        if d or f.path is not None:
            return d
        for d in self.decoys:
            if len(d["value"]) >= 8 and d["value"] in f.text:
                return d
        return None


class ToolResult:
    """Everything scored for one tool (over its tree and history runs)."""

    def __init__(self, name):
        self.name = name
        self.modes = {}                    # mode -> (seconds, exit status)
        self.found = {}                    # plant id -> finding
        self.decoys = {}                   # decoy id -> finding
        self.unexpected = {}               # key -> finding
        self.errors = []

    def add(self, truth, findings):
        for f in findings:
            p = truth.plant_for(f)
            if p is not None:
                want = "tree" if p["layer"] == "worktree" else "history"
                if f.mode == want:
                    self.found.setdefault(p["id"], f)
                continue
            d = truth.decoy_for(f)
            if d is not None:
                self.decoys.setdefault(d["id"], f)
                continue
            key = (f.mode, f.path, f.line) if f.path else (f.mode, None, f.text[:60])
            self.unexpected.setdefault(key, f)


# ----------------------------------------------------------------------------
# Tables
# ----------------------------------------------------------------------------

def frac(n, d):
    return "%d/%d (%d%%)" % (n, d, round(100.0 * n / d)) if d else "–"


def summary_table(truth, results, versions):
    wt = [p for p in truth.plants if p["layer"] == "worktree"]
    hi = [p for p in truth.plants if p["layer"] == "history"]
    rows = ["| tool | version | work-tree recall | history recall | decoys reported (FP) | "
            "unexpected findings | wall time (tree / history) |",
            "|---|---|---|---|---|---|---|"]
    for r in results:
        n_wt = sum(p["id"] in r.found for p in wt)
        n_hi = sum(p["id"] in r.found for p in hi)
        hist = frac(n_hi, len(hi)) if "history" in r.modes else "n/a — no history mode"
        if r.modes.get("history", (None, None, ""))[2]:
            hist += " *"
        times = " / ".join("%.2f s" % r.modes[m][0] if m in r.modes else "–"
                           for m in ("tree", "history"))
        rows.append("| %s | %s | %s | %s | %d/%d | %d | %s |" % (
            r.name, versions.get(r.name, "?"), frac(n_wt, len(wt)), hist, len(r.decoys),
            len(truth.decoys), len(r.unexpected), times))
    rows.append("")
    for r in results:
        for mode, (_, _, note) in r.modes.items():
            if note:
                rows.append("- %s%s (%s): %s" % ("\\* " if mode == "history" else "", r.name,
                                                 mode, note))
    return rows


def breakdown_table(truth, results, field, title, layer_filter=None):
    """Recall per situation or per kind: rows = values of field, columns = tools."""
    groups = collections.OrderedDict()
    for p in truth.plants:
        if layer_filter and p["layer"] != layer_filter:
            continue
        groups.setdefault((p["layer"], p[field]) if field == "situation" else p[field], []).append(p)
    head = "| %s | plants | %s |" % (title, " | ".join(r.name for r in results))
    rows = [head, "|" + "---|" * (len(results) + 2)]
    for key, plants in groups.items():
        label = "%s (%s)" % (key[1], "history" if key[0] == "history" else "tree") \
            if field == "situation" else key
        cells = []
        for r in results:
            if plants[0]["layer"] == "history" and "history" not in r.modes:
                cells.append("n/a")
                continue
            n = sum(p["id"] in r.found for p in plants)
            cells.append("**%d**" % n if n == len(plants) else "%d" % n)
        rows.append("| %s | %d | %s |" % (label, len(plants), " | ".join(cells)))
    return rows


def details(truth, results):
    """Per tool: missed plants, decoys reported, unexpected findings."""
    out = ["# Quality details", ""]
    for r in results:
        out += ["## %s" % r.name, ""]
        out += ["### Missed plants", ""]
        for p in truth.plants:
            if p["id"] in r.found:
                continue
            if p["layer"] == "history" and "history" not in r.modes:
                continue
            out.append("- %s %s [%s, %s] %s:%s%s — `%s`" % (
                p["id"], p["kind"], p["situation"], p["layer"], p["path"], p["line"],
                " (commit %s)" % p["commit"][:10] if p["commit"] else "", p["secret"][:60]))
        out += ["", "### Decoys reported", ""]
        for did, f in sorted(r.decoys.items()):
            d = next(x for x in truth.decoys if x["id"] == did)
            out.append("- %s %s %s:%s by `%s` (%s) — `%s`" % (did, d["kind"], d["path"], d["line"],
                                                            f.rule, f.mode, d["value"][:60]))
        out += ["", "### Unexpected findings", ""]
        for key, f in sorted(r.unexpected.items(), key=lambda kv: str(kv[0])):
            cov = truth.covered(f)
            out.append("- %s %s:%s%s `%s` — `%s`%s" % (
                f.mode, f.path, f.line, " @%s" % f.commit[:10] if f.commit else "", f.rule,
                f.text.strip()[:120].replace("`", "'"),
                " (its range, lines %d-%d, covers %s)" % (f.line, f.end_line,
                                                           ", ".join(p["id"] for p in cov))
                if cov else ""))
        out += ["", "### Found (plant: rule, mode)", ""]
        for p in truth.plants:
            f = r.found.get(p["id"])
            if f:
                out.append("- %s %s [%s]: `%s` (%s)" % (p["id"], p["kind"], p["situation"],
                                                       f.rule, f.mode))
        out.append("")
    return out


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    out_dir = sys.argv[1]
    res_dir = os.path.join(out_dir, "results")
    truth = Truth(json.load(open(os.path.join(out_dir, "truth.json"))))
    versions = {}
    vfile = os.path.join(res_dir, "versions.tsv")
    if os.path.exists(vfile):
        for ln in open(vfile):
            if "\t" in ln:
                k, v = ln.rstrip("\n").split("\t", 1)
                versions[k] = v
    results = collections.OrderedDict()
    for ln in open(os.path.join(res_dir, "runs.tsv")):
        tool, mode, fmt, raw, secs, status, *note = ln.rstrip("\n").split("\t")
        r = results.setdefault(tool, ToolResult(tool))
        r.modes[mode] = (float(secs), status, note[0] if note else "")
        try:
            r.add(truth, PARSERS[fmt](os.path.join(res_dir, raw), mode, truth.repo))
        except (OSError, ValueError, KeyError) as e:
            r.errors.append("%s %s: %s" % (mode, raw, e))
    results = list(results.values())
    n_wt = sum(p["layer"] == "worktree" for p in truth.plants)
    md = ["# Secret-scanner quality on the generated corpus", "",
          "%d work-tree plants, %d history plants, %d decoys, %d kinds, %d situations." % (
              n_wt, len(truth.plants) - n_wt, len(truth.decoys),
              len({p["kind"] for p in truth.plants}), len(truth.situations)), ""]
    md += summary_table(truth, results, versions) + [""]
    md += ["## Recall per situation (plants found)", ""]
    md += breakdown_table(truth, results, "situation", "situation") + [""]
    md += ["## Recall per kind (work-tree plants found)", ""]
    md += breakdown_table(truth, results, "kind", "kind", layer_filter="worktree") + [""]
    for r in results:
        for e in r.errors:
            md.append("- **%s: could not read its output**: %s" % (r.name, e))
    text = "\n".join(md) + "\n"
    with open(os.path.join(res_dir, "quality.md"), "w") as f:
        f.write(text)
    with open(os.path.join(res_dir, "details.md"), "w") as f:
        f.write("\n".join(details(truth, results)) + "\n")
    sys.stdout.write(text)


if __name__ == "__main__":
    main()
