#!/usr/bin/env python3
"""Write what `gitleaks git` would scan as plain files, for scanners that cannot run git.

    git_added_lines.py REPO OUT_DIR

gitleaks' `git` mode runs `git log -p -U0 --full-history --all --diff-filter=tuxdb`
and scans the *added* lines of every patch (not commit messages; merge commits
show no patch). The WebAssembly build of gitleaks on npm cannot start git (no
pipes in WASM), so run_quality.sh emulates that mode: this script runs the same
git log and writes, for every commit and file, OUT_DIR/<commit>/<path> holding
the added lines at their line numbers in that commit's version of the file
(other lines left empty). `gitleaks dir OUT_DIR` then reports File =
<commit>/<path> and the right line. OUT_DIR is deleted first.
"""
import os
import re
import shutil
import subprocess
import sys

HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")


def git_log(repo):
    """The patch stream gitleaks reads, with a marker line before each commit."""
    cmd = ["git", "-C", repo, "log", "-p", "-U0", "--full-history", "--all",
           "--diff-filter=tuxdb", "--format=@@COMMIT %H"]
    env = dict(os.environ, GIT_CONFIG_GLOBAL="/dev/null", GIT_CONFIG_NOSYSTEM="1")
    return subprocess.run(cmd, env=env, capture_output=True, check=True).stdout.decode(
        "utf-8", "replace").split("\n")


def added_lines(lines):
    """Yield (commit, path, {line_number: text}) for every file in every commit."""
    commit = path = None
    added, next_line = {}, 0
    for ln in lines:
        if ln.startswith("@@COMMIT "):
            if path:
                yield commit, path, added
            commit, path, added = ln.split()[1], None, {}
        elif ln.startswith("diff --git "):
            if path:
                yield commit, path, added
            path, added = None, {}
        elif ln.startswith("+++ "):
            path = None if ln[4:] == "/dev/null" else ln[6:]
        elif ln.startswith("@@ "):
            m = HUNK.match(ln)
            next_line = int(m.group(1)) if m else 0
        elif ln.startswith("+") and path:
            added[next_line] = ln[1:]
            next_line += 1
    if path:
        yield commit, path, added


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    repo, out = sys.argv[1], sys.argv[2]
    shutil.rmtree(out, ignore_errors=True)
    n = 0
    for commit, path, added in added_lines(git_log(repo)):
        if not added:
            continue
        dest = os.path.join(out, commit, path)
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        last = max(added)
        with open(dest, "w", encoding="utf-8", newline="") as f:
            f.write("\n".join(added.get(i, "") for i in range(1, last + 1)) + "\n")
        n += 1
    print("git_added_lines: %d files under %s" % (n, out), file=sys.stderr)


if __name__ == "__main__":
    main()
