#!/usr/bin/env python3
"""Generate a large, deterministic git repository with a long history and planted fake AWS keys.

    gen_history.py [--out DIR] [--commits N] [--files N] [--seed S] [--no-repack]

Writes DIR/repo (a non-bare repository, work tree checked out on main) and
DIR/planted.json (outside the repository). DIR defaults to $KEYSWEEP_GITBENCH_DIR
or /tmp/keysweep-gitbench. The history is written with `git fast-import`, then
repacked like a real clone (`git repack -adf --depth=50 --window=250`).

Shape (defaults): 20,000 commits; the tree grows from ~700 to ~3,000 files in
nested directories (C, Python, JS/TS, Markdown, JSON, YAML, a few minified
bundles, a lock file, binary assets), sizes log-normal with most files a few KiB
and a long tail up to 1 MiB. Each commit edits a few files with small hunks
(insert/delete/modify a few lines; sometimes a larger refactor hunk), so the
pack gets long delta chains; files are also added, deleted and renamed. Feature
branches fork from main, take commits interleaved with main's and are merged
back with merge commits; a few stale branches stay unmerged. Releases get
annotated tags, patch releases lightweight tags.

Planted keys (the manifest's "planted" list; each entry names the commit that
introduced it, the path there and the 1-based line of the key id):
  P1 ini credentials in a Markdown doc, removed ~40 commits later
  P2 boto3 call in a hot Python file: edited many times above the key, then removed
  P3 .env-style lines added on a feature branch that is merged, removed later on main
  P4 JSON pair inside a ~1 MiB fixture deep in a delta chain, removed later
  P5 YAML pair in a file that is renamed later, then removed (path = the first path)
  P6 C string only on an unmerged branch (the branch ref stays)
  P7 only in a commit message (path null, line = line in the message)
  P8 ASIA key with its secret in a config file that is deleted later as a whole
Same seed and options: the same commit ids. Every key is made up (random
[A-Z2-7]); none is AWS's documented example, none contains EXAMPLE, a run of 6
equal characters or an abcdefgh/12345678-style sequence.
"""
import argparse
import bisect
import json
import math
import os
import random
import shutil
import string
import subprocess
import sys
import time

MIB = 1 << 20
B32 = string.ascii_uppercase + "234567"
B64 = string.ascii_letters + string.digits + "+/"
WORDS = ("user account request response buffer config handler parse value index cache "
         "client server session stream record entry node tree list map queue worker thread "
         "error status result option field module import export default update delete create "
         "load store read write open close flush retry timeout region bucket object policy "
         "role event message payload header body query filter sort limit offset page count "
         "total metric trace span label annotation schema table column row commit branch "
         "render layout widget route state reducer action store plugin loader codec frame "
         "packet socket channel pool arena slab chunk block inode extent journal snapshot").split()
PROSE = ("the a this that we it is are was be to of and in for on with as by at from or not "
         "can will should must may when if then each every all some more most only also").split()
PLACEHOLDER_SEQS = ("abcdefgh", "12345678", "01234567", "qwertyui", "example")
NAMES = ("Ada Lovelace", "Alan Turing", "Grace Hopper", "Ken Thompson", "Dennis Ritchie",
         "Barbara Liskov", "Edsger Dijkstra", "Donald Knuth", "Frances Allen", "John Backus",
         "Margaret Hamilton", "Niklaus Wirth", "Radia Perlman", "Leslie Lamport", "Tony Hoare",
         "Butler Lampson", "Fran Bilas", "Jean Sammet", "Adele Goldberg", "Bjarne Stroustrup",
         "Guido Rossum", "Brian Kernighan", "Rob Pike", "Linus Torvalds", "Junio Hamano",
         "Sophie Wilson", "Mary Allen", "Alan Kay", "Hedy Lamarr", "Karen Jones")


def looks_like_placeholder(v):
    low = v.lower()
    if any(s in low for s in PLACEHOLDER_SEQS):
        return True
    if any(v[i:i + 6] == v[i] * 6 for i in range(len(v) - 5)):
        return True
    # ascending/descending runs of 6 (ABCDEF, 234567, FEDCBA)
    for i in range(len(v) - 5):
        d = [ord(v[j + 1]) - ord(v[j]) for j in range(i, i + 5)]
        if all(x == 1 for x in d) or all(x == -1 for x in d):
            return True
    return False


def entropy(v):
    from collections import Counter
    return -sum(c / len(v) * math.log2(c / len(v)) for c in Counter(v).values())


class Gen:
    """Source-like lines, one language at a time."""

    def __init__(self, rng):
        self.r = rng

    def ident(self):
        r = self.r
        parts = r.sample(WORDS, r.randint(1, 3))
        return "_".join(parts) if r.random() < 0.5 else parts[0] + "".join(p.title() for p in parts[1:])

    def hexs(self, n):
        return "%0*x" % (n, self.r.getrandbits(4 * n))

    def uuid(self):
        h = self.hexs(32)
        return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{h[16:20]}-{h[20:]}"

    def b64(self, n=None):
        n = n or self.r.choice((24, 32, 44, 64, 88))  # never exactly 40
        return "".join(self.r.choices(B64, k=n))

    def sentence(self):
        w = self.r.choices(PROSE + WORDS, k=self.r.randint(5, 16))
        return " ".join(w).capitalize() + "."

    def c(self):
        r, i = self.r, self.ident
        return r.choice((
            lambda: f"static int {i()}(struct {i()} *{i()}, size_t {i()});",
            lambda: f"    if ({i()} == NULL || {i()}->{i()} < {r.randint(0, 4096)}) return -E{i().upper()[:6]};",
            lambda: f"    {i()} = {i()}({i()}, 0x{self.hexs(8)}u);",
            lambda: f"    /* {self.sentence()} */",
            lambda: f"#include <{i()}.h>",
            lambda: f"#define {i().upper()} 0x{self.hexs(r.choice((4, 8)))}",
            lambda: f"    for (size_t {i()} = 0; {i()} < {i()}; ++{i()}) {{",
            lambda: "    }", lambda: "", lambda: "}",
            lambda: f'    log_debug("{self.sentence()} %s", {i()});',
            lambda: f"        {i()}->{i()} += {i()}[{r.randint(0, 63)}];",
        ))()

    def py(self):
        r, i = self.r, self.ident
        return r.choice((
            lambda: f"def {i()}(self, {i()}, {i()}=None):",
            lambda: f"        {i()} = self.{i()}.get({i()!r}, {r.randint(0, 999)})",
            lambda: f"from {i()}.{i()} import {i()}, {i()}",
            lambda: f'    """{self.sentence()}"""',
            lambda: f"        if not {i()}:",
            lambda: f"            raise ValueError({self.sentence()!r})",
            lambda: "", lambda: "",
            lambda: f"        return {{'id': '{self.uuid()}', '{i()}': {i()}}}",
            lambda: f"    # {self.sentence()}",
            lambda: f"        for {i()} in self.{i()}({i()}):",
            lambda: f"class {i().title().replace('_', '')}({i().title().replace('_', '')}):",
        ))()

    def js(self):
        r, i = self.r, self.ident
        return r.choice((
            lambda: f"const {i()} = require('{i()}');",
            lambda: f"export function {i()}({i()}, {i()}) {{",
            lambda: f"  return {i()}.map(({i()}) => {i()}.{i()} + {r.randint(0, 99)});",
            lambda: f"  if (!{i()}) throw new Error('{self.sentence()}');",
            lambda: f"  const {i()} = await fetch(`/api/v1/{i()}/${{{i()}}}`);",
            lambda: "}", lambda: "",
            lambda: f"  // {self.sentence()}",
            lambda: f"  {i()}: '{self.b64()}',",
            lambda: f"  {i()}.{i()}({i()}, {{ {i()}: {r.randint(0, 9999)} }});",
        ))()

    def json(self):
        r, i = self.r, self.ident
        return r.choice((
            lambda: f'    "{i()}": "{self.uuid()}",',
            lambda: f'    "{i()}": {r.randint(0, 10**6)},',
            lambda: f'    "{i()}": "{self.sentence()}",',
            lambda: f'    "sha256": "{self.hexs(64)}",',
            lambda: f'    "{i()}": [{", ".join(str(r.randint(0, 999)) for _ in range(r.randint(1, 10)))}],',
            lambda: f'    "{i()}": {str(r.random() < 0.5).lower()},',
        ))()

    def yaml(self):
        r, i = self.r, self.ident
        return r.choice((
            lambda: f"{i()}:", lambda: f"  {i()}: {i()}",
            lambda: f"  {i()}: {r.randint(0, 65535)}",
            lambda: f"    - name: {i()}",
            lambda: f"      image: registry.local/{i()}:{self.hexs(12)}",
            lambda: f"  # {self.sentence()}",
            lambda: f"  digest: sha256:{self.hexs(64)}",
        ))()

    def md(self):
        r = self.r
        return r.choice((
            lambda: " ".join(self.sentence() for _ in range(r.randint(1, 5))),
            lambda: "", lambda: f"## {self.sentence()[:-1]}",
            lambda: f"- {self.sentence()}",
            lambda: f"    $ {self.ident()} --{self.ident()} {self.uuid()}",
        ))()

    def lock(self):
        r, i = self.r, self.ident
        name = i().replace("_", "-").lower()
        v = f"{r.randint(0, 12)}.{r.randint(0, 30)}.{r.randint(0, 20)}"
        return (f'    "node_modules/{name}": {{ "version": "{v}", '
                f'"resolved": "https://registry.npmjs.invalid/{name}/-/{name}-{v}.tgz", '
                f'"integrity": "sha512-{self.b64(88)}" }},')

    def mini(self):  # a statement of a minified bundle (the "line" unit of a bundle)
        i = self.ident
        return self.r.choice((
            lambda: f"function {i()}(a,b){{return a.{i()}(b)||{self.r.randint(0, 99)}}}",
            lambda: f"var {i()}=require(\"{i()}\");",
            lambda: f"e.{i()}=function(t){{if(!t)throw new Error(\"{self.sentence()}\");return t}};",
            lambda: f"n.exports={{{i()}:\"{self.b64()}\",{i()}:{self.r.randint(0, 9999)}}};",
        ))()


# kind: (weight among new files, extensions, top-level dirs)
KINDS = {
    "c": (20, (".c", ".h", ".c", ".cc"), ("src", "lib", "drivers", "kernel", "third_party")),
    "py": (22, (".py",), ("tools", "scripts", "python", "tests", "services")),
    "js": (20, (".js", ".ts", ".tsx"), ("web", "frontend", "packages", "services")),
    "md": (12, (".md", ".txt", ".rst"), ("docs", "design", "notes")),
    "json": (12, (".json",), ("config", "tests/fixtures", "schemas", "web")),
    "yaml": (10, (".yaml", ".yml"), ("deploy", "config", ".github/workflows", "charts")),
    "bin": (4, (".png", ".ico", ".woff2", ".jpg"), ("assets", "web/static", "docs/img")),
}


def fake_key(rng, prefix="AKIA"):
    while True:
        k = prefix + "".join(rng.choices(B32, k=16))
        if not looks_like_placeholder(k):
            return k


def fake_secret(rng):
    while True:
        s = "".join(rng.choices(B64, k=40))
        if not looks_like_placeholder(s) and entropy(s) >= 4.5:
            return s


class File:
    __slots__ = ("kind", "lines", "data", "mark", "weight", "sep")

    def __init__(self, kind, lines=None, data=None, weight=1.0, sep="\n"):
        self.kind, self.lines, self.data, self.mark, self.weight, self.sep = kind, lines, data, 0, weight, sep

    def copy(self):
        f = File(self.kind, list(self.lines) if self.lines is not None else None, self.data, self.weight, self.sep)
        f.mark = self.mark
        return f

    def size(self):
        if self.data is not None:
            return len(self.data)
        return sum(len(x) + 1 for x in self.lines)

    def content(self):
        if self.data is not None:
            return self.data
        if self.sep == "":
            return ("".join(self.lines) + "\n").encode()
        return ("\n".join(self.lines) + "\n").encode()


class Branch:
    def __init__(self, name, fork_mark, fork_step, length, merge=True):
        self.name, self.tip, self.fork_step, self.length, self.merge = name, fork_mark, fork_step, length, merge
        self.files = {}   # path -> File (copies of main's, or new files)
        self.protect = {}  # path -> planted strings that edits must keep
        self.done = 0


class History:
    def __init__(self, args, out):
        self.a = args
        self.r = random.Random(args.seed)
        self.g = Gen(self.r)
        self.out = out
        self.mark = 0
        self.now = 1420070400  # 2015-01-01
        self.main = {}         # path -> File
        self.paths = []        # live main paths (for weighted picks)
        self.cum = None
        self.main_mtime = {}   # path -> main step of last change
        self.locked = {}       # path -> branch holding it
        self.pinned = {}       # path -> protected strings (planted keys/secrets)
        self.reserved = set()  # paths added on branches, not yet merged
        self.main_tip = 0
        self.step = 0          # main commits so far
        self.commits = 0
        self.blob_bytes = 0
        self.blobs = 0
        self.branches = []
        self.branch_no = 0
        self.merged_refs = []
        self.planted = []
        self.marks = {}        # planted id -> commit mark
        self.pools = {k: [getattr(self.g, k)() for _ in range(20000)] for k in ("c", "py", "js", "json", "yaml", "md", "mini", "lock")}
        self.dirs = self.make_dirs()
        self.release = [1, 0, 0]

    # ---- stream helpers
    def w(self, b):
        self.out.write(b)

    def next_mark(self):
        self.mark += 1
        return self.mark

    def blob(self, f):
        data = f.content()
        m = self.next_mark()
        self.w(b"blob\nmark :%d\ndata %d\n" % (m, len(data)))
        self.w(data)
        self.w(b"\n")
        f.mark = m
        self.blob_bytes += len(data)
        self.blobs += 1
        return m

    def who(self):
        n = self.r.choice(NAMES)
        return f"{n} <{n.split()[0].lower()}@corp.invalid>"

    def tick(self):
        self.now += int(self.r.expovariate(1 / 3600.0)) + 60
        return self.now

    def commit(self, ref, msg, parent, ops, merge=None):
        """ops: list of ("M", path, mark) / ("D", path)."""
        m = self.next_mark()
        t = self.tick()
        a = self.who()
        body = msg.encode()
        self.w(b"commit %s\nmark :%d\nauthor %s %d +0000\ncommitter %s %d +0000\ndata %d\n"
               % (ref.encode(), m, a.encode(), t, a.encode(), t, len(body)))
        self.w(body)
        self.w(b"\n")
        if parent:
            self.w(b"from :%d\n" % parent)
        if merge:
            self.w(b"merge :%d\n" % merge)
        for op in ops:
            if op[0] == "M":
                self.w(b"M 100644 :%d %s\n" % (op[2], op[1].encode()))
            else:
                self.w(b"D %s\n" % op[1].encode())
        self.w(b"\n")
        self.commits += 1
        return m

    # ---- content
    def make_dirs(self):
        g, r = self.g, self.r
        dirs = {}
        for kind, (_, _, tops) in KINDS.items():
            lst = []
            for _ in range(120 if kind != "bin" else 12):
                depth = r.randint(1, 4)
                lst.append("/".join([r.choice(tops)] + [g.ident().lower().replace("_", "-")[:14] for _ in range(depth)]))
            dirs[kind] = lst
        return dirs

    def new_path(self, kind):
        r = self.r
        while True:
            d = r.choice(self.dirs[kind])
            p = f"{d}/{self.g.ident().lower()[:24]}{r.choice(KINDS[kind][1])}"
            if p not in self.main and p not in self.reserved:
                return p

    def size(self):
        return int(min(max(self.r.lognormvariate(math.log(self.a.median_kib * 1024), 1.45), 150), MIB))

    def fresh_line(self, kind):
        if self.r.random() < 0.5:
            return self.r.choice(self.pools[kind])
        return getattr(self.g, kind)()

    def text(self, kind, size):
        pool, r = self.pools[kind], self.r
        avg = max(8, sum(len(x) + 1 for x in pool[:200]) // 200)
        n = max(1, size // avg)
        lines = r.choices(pool, k=n)
        # some fresh lines so files are not all made of the same pool
        for i in r.sample(range(n), min(n, n // 16 + 1)):
            lines[i] = getattr(self.g, kind)()
        return lines

    def new_file(self, kind=None, size=None):
        r = self.r
        kind = kind or r.choices(list(KINDS), [v[0] for v in KINDS.values()])[0]
        size = size or self.size()
        hot = r.lognormvariate(0, 1.2)
        if kind == "bin":  # images, fonts: incompressible, replaced rather than edited
            size = int(min(max(r.lognormvariate(math.log(24 * 1024), 1.2), 500), 600 * 1024))
            return File("bin", data=b"\x89PNG\r\n\x1a\n" + r.randbytes(size), weight=3.0)
        return File(kind, lines=self.text(kind, size), weight=hot * (size ** 0.4))

    def edit(self, f, protect=(), big=False):
        """Small realistic change: 1-3 hunks, each deleting 0-3 lines and inserting 0-6."""
        r = self.r
        if f.data is not None:  # binary: replaced
            n = max(200, int(len(f.data) * r.uniform(0.8, 1.2)))
            f.data = f.data[:8] + r.randbytes(n)
            return
        lines = f.lines
        guard = [i for i, x in enumerate(lines) if any(p in x for p in protect)] if protect else []
        lo, hi = (min(guard), max(guard)) if guard else (-1, -1)
        for _ in range(r.choices((1, 2, 3), (60, 30, 10))[0]):
            pos = r.randint(0, len(lines))
            if big:
                d, ins = r.randint(5, 40), r.randint(10, 60)
            else:
                d = r.choices((0, 1, 2, 3), (35, 35, 20, 10))[0]
                ins = r.choices((0, 1, 2, 3, 4, 6), (12, 32, 25, 15, 10, 6))[0]
                if d == 0 and ins == 0:
                    ins = 1
            if guard:
                if lo < pos <= hi:  # never between a key and its secret
                    pos = lo
                if pos <= hi and pos + d > lo:  # never delete a protected line
                    d = 0
                    ins = max(ins, 1)
            lines[pos:pos + d] = [self.fresh_line(f.kind) for _ in range(ins)]
            if guard:
                delta = ins - d
                if pos <= lo:
                    lo, hi = lo + delta, hi + delta

    def message(self, paths):
        r, g = self.r, self.g
        p = os.path.basename(r.choice(paths)) if paths else "build"
        subj = r.choice((
            f"Fix {g.ident()} handling in {p}", f"Add {g.ident()} to {p}", f"Refactor {g.ident()}",
            f"{p}: {g.sentence()[:-1].lower()}", f"Update {p}", f"Remove unused {g.ident()}",
            f"Speed up {g.ident()} in {p}", f"Document {g.ident()}", f"Bump {g.ident()} timeout",
        ))
        if r.random() < 0.45:
            body = "\n".join(g.sentence() for _ in range(r.randint(1, 5)))
            return f"{subj}\n\n{body}\n"
        return subj + "\n"

    # ---- picking files
    def rebuild(self):
        self.paths.sort()
        acc, t = [], 0.0
        for p in self.paths:
            t += self.main[p].weight
            acc.append(t)
        self.cum = acc

    def pick(self, ok):
        if self.cum is None:
            self.rebuild()
        for _ in range(50):
            i = bisect.bisect_left(self.cum, self.r.random() * self.cum[-1])
            p = self.paths[min(i, len(self.paths) - 1)]
            if ok(p):
                return p
        return None

    def main_ok(self, p):
        return p not in self.locked

    def add_main(self, path, f):
        self.main[path] = f
        self.paths.append(path)
        self.cum = None

    def del_main(self, path):
        del self.main[path]
        self.paths.remove(path)
        self.cum = None

    # ---- commits
    def main_commit(self, msg=None, ops=None, merge=None):
        """A main commit: random work unless ops are given."""
        r = self.r
        if ops is None:
            ops, touched = [], []
            n = r.choices((1, 2, 3, 4, 6, 8), (40, 25, 15, 10, 6, 4))[0]
            big = r.random() < 0.06
            for _ in range(n):
                p = self.pick(lambda q: self.main_ok(q) and q not in touched)
                if p is None:
                    continue
                f = self.main[p]
                self.edit(f, self.pinned.get(p, ()), big=big)
                ops.append(("M", p, self.blob(f)))
                touched.append(p)
            for p, rate in self.special_rates:
                if r.random() < rate and p not in self.locked:
                    f = self.main[p]
                    self.edit(f, self.pinned.get(p, ()), big=f.sep == "")
                    ops.append(("M", p, self.blob(f)))
            x = r.random()
            if x < self.a.p_add:
                f = self.new_file()
                p = self.new_path(f.kind)
                self.add_main(p, f)
                ops.append(("M", p, self.blob(f)))
                touched.append(p)
            elif x < self.a.p_add + 0.025 and len(self.paths) > 200:
                p = self.pick(lambda q: self.main_ok(q) and q not in self.pinned and q not in touched)
                if p and self.main[p].kind not in ("lock", "mini"):
                    self.del_main(p)
                    ops.append(("D", p))
            elif x < self.a.p_add + 0.045:
                p = self.pick(lambda q: self.main_ok(q) and q not in self.pinned and q not in touched)
                if p and self.main[p].kind not in ("lock", "mini"):
                    f = self.main[p]
                    q = self.new_path(f.kind if f.kind in KINDS else "md")
                    self.del_main(p)
                    self.add_main(q, f)
                    if r.random() < 0.5 and f.lines is not None:
                        self.edit(f)
                        self.blob(f)
                    ops += [("D", p), ("M", q, f.mark)]
                    touched.append(q)
            msg = msg or self.message(touched)
        for op in ops:
            self.main_mtime[op[1]] = self.step
        self.main_tip = self.commit("refs/heads/main", msg, self.main_tip, ops, merge)
        self.step += 1
        return self.main_tip

    def branch_commit(self, b):
        r = self.r
        ops = []
        for _ in range(r.choices((1, 2, 3), (55, 30, 15))[0]):
            if b.files and r.random() < 0.5:
                p = r.choice(sorted(b.files))
            else:
                p = self.pick(lambda q: q not in self.locked and q not in self.pinned
                              and self.main_mtime.get(q, -1) < b.fork_step)
                if p is None:
                    continue
                if b.merge:
                    self.locked[p] = b
                b.files[p] = self.main[p].copy()
            f = b.files[p]
            self.edit(f, b.protect.get(p, ()))
            ops.append(("M", p, self.blob(f)))
        if r.random() < 0.15:
            f = self.new_file()
            p = self.new_path(f.kind)
            self.reserved.add(p)
            b.files[p] = f
            ops.append(("M", p, self.blob(f)))
        b.tip = self.commit("refs/heads/" + b.name, self.message([o[1] for o in ops]), b.tip, ops)
        b.done += 1

    def merge_branch(self, b):
        ops = []
        for p in sorted(b.files):
            f = b.files[p]
            ops.append(("M", p, f.mark))
            if p in self.main:
                f.weight = self.main[p].weight
                self.main[p] = f
            else:
                self.reserved.discard(p)
                self.add_main(p, f)
            self.locked.pop(p, None)
        msg = f"Merge branch '{b.name}'\n"
        if self.r.random() < 0.5:
            msg = f"Merge pull request #{1000 + self.branch_no} from corp/{b.name}\n\n{self.g.sentence()}\n"
        self.main_commit(msg, ops, merge=b.tip)
        self.branches.remove(b)
        self.merged_refs.append(b.name)

    def start_branch(self, merge=True, length=None):
        self.branch_no += 1
        name = self.r.choice(("feature", "fix", "topic", "wip")) + f"/{self.g.ident().lower().replace('_', '-')}-{self.branch_no}"
        b = Branch(name, self.main_tip, self.step, length or self.r.randint(2, 30), merge)
        self.branches.append(b)
        return b

    def tag(self):
        r = self.r
        maj, mn, pt = self.release
        if r.random() < 0.3:
            self.release = [maj, mn, pt + 1]
            name = f"v{maj}.{mn}.{pt + 1}"
            self.w(b"reset refs/tags/%s\nfrom :%d\n\n" % (name.encode(), self.main_tip))
        else:
            mn = mn + 1 if r.random() < 0.85 else 0
            maj = maj if mn else maj + 1
            self.release = [maj, mn, 0]
            name = f"v{maj}.{mn}.0"
            msg = f"Release {name}\n\n" + "\n".join("- " + self.g.sentence() for _ in range(r.randint(2, 8))) + "\n"
            t = self.tick()
            a = self.who()
            self.w(b"tag %s\nfrom :%d\ntagger %s %d +0000\ndata %d\n%s\n"
                   % (name.encode(), self.main_tip, a.encode(), t, len(msg.encode()), msg.encode()))
            # changelog entry on main
            cl = self.main.get("CHANGELOG.md")
            if cl:
                cl.lines[2:2] = [f"## {name}", ""] + ["- " + self.g.sentence() for _ in range(r.randint(3, 12))] + [""]
                self.main_commit(f"Update CHANGELOG for {name}\n", [("M", "CHANGELOG.md", self.blob(cl))])

    # ---- planted keys
    def plant(self, pid, path, f, lines_tpl, key, secret, at, note, branch="main"):
        new = [x.format(k=key, s=secret or "") for x in lines_tpl]
        f.lines[at:at] = new
        off = next(i for i, x in enumerate(new) if key in x)
        e = {"id": pid, "key_id": key, "secret": secret, "path": path, "line": at + off + 1,
             "branch": branch, "note": note, "commit": None, "removed_in": None}
        self.planted.append(e)
        return e

    def unplant(self, f, e):
        f.lines[:] = [x for x in f.lines if e["key_id"] not in x and not (e["secret"] and e["secret"] in x)]

    def pick_planted(self, kind, minsize=0, hot=False):
        cands = [p for p in sorted(self.main) if self.main[p].kind == kind and p not in self.locked
                 and p not in self.pinned and self.main[p].size() >= minsize]
        if hot:
            cands.sort(key=lambda p: -self.main[p].weight)
            return cands[self.r.randint(0, min(5, len(cands) - 1))]
        return self.r.choice(cands)

    def run_event(self, ev, sched):
        r, g = self.r, self.g
        name, arg = ev
        st = self.state
        if name == "P1":
            p = self.pick_planted("md")
            f = self.main[p]
            k, s = fake_key(r), fake_secret(r)
            at = r.randint(0, len(f.lines))
            e = self.plant("P1", p, f, ["```ini", "[profile deploy]", "aws_access_key_id = {k}", "aws_secret_access_key = {s}", "```"],
                           k, s, at, "ini credentials in a Markdown doc, removed later")
            self.pinned[p] = (k, s)
            e["commit"] = self.main_commit(f"docs: add deploy profile example to {os.path.basename(p)}\n", [("M", p, self.blob(f))])
            st["P1"] = (p, e)
            sched.setdefault(self.commits + arg, []).append(("P1-rm", 0))
        elif name in ("P1-rm", "P2-rm", "P4-rm"):
            p, e = st[name[:2]]
            f = self.main[p]
            self.unplant(f, e)
            self.pinned.pop(p, None)
            e["removed_in"] = self.main_commit(f"Remove credentials from {os.path.basename(p)}\n", [("M", p, self.blob(f))])
        elif name == "P2":
            p = self.pick_planted("py", minsize=4000, hot=True)
            f = self.main[p]
            k, s = fake_key(r), fake_secret(r)
            e = self.plant("P2", p, f, ["    client = boto3.client('s3', aws_access_key_id=\"{k}\",",
                                        "                          aws_secret_access_key=\"{s}\")"],
                           k, s, len(f.lines) // 2, "boto3 call in a hot Python file, edited above the key many times before removal")
            self.pinned[p] = (k, s)
            f.weight *= 20  # edited often while the key is there
            self.cum = None
            e["commit"] = self.main_commit(f"Upload {g.ident()} reports to S3\n", [("M", p, self.blob(f))])
            st["P2"] = (p, e)
            for j in range(1, 6):  # explicit edits above the key: its line moves
                sched.setdefault(self.commits + j * arg // 6, []).append(("P2-shift", 0))
            sched.setdefault(self.commits + arg, []).append(("P2-rm", 0))
        elif name == "P2-shift":
            p, e = st["P2"]
            f = self.main[p]
            f.lines[3:3] = [self.fresh_line("py") for _ in range(r.randint(2, 9))]
            self.main_commit(self.message([p]), [("M", p, self.blob(f))])
        elif name == "P3":
            b = self.start_branch(length=8)
            b.name = "feature/s3-sync-" + str(self.branch_no)
            p = self.pick_planted("yaml")
            b.files[p] = self.main[p].copy()
            self.locked[p] = b
            f = b.files[p]
            k, s = fake_key(r), fake_secret(r)
            e = self.plant("P3", p, f, ["AWS_ACCESS_KEY_ID={k}", "AWS_SECRET_ACCESS_KEY={s}"], k, s,
                           r.randint(0, len(f.lines)), "added on a feature branch that is merged; removed later on main",
                           branch=b.name)
            b.protect[p] = self.pinned[p] = (k, s)
            b.tip = self.commit("refs/heads/" + b.name, f"Add S3 sync settings to {os.path.basename(p)}\n", b.tip,
                                [("M", p, self.blob(f))])
            b.done = 1
            e["commit"] = b.tip
            st["P3"] = (p, e, b)
            sched.setdefault(self.commits + arg, []).append(("P3-rm", 0))
        elif name == "P3-rm":
            p, e, b = st["P3"]
            if b in self.branches or p not in self.main or p in self.locked:
                sched.setdefault(self.commits + 5, []).append(("P3-rm", 0))
                return
            f = self.main[p]
            self.unplant(f, e)
            self.pinned.pop(p, None)
            e["removed_in"] = self.main_commit("Move S3 sync settings to the vault\n", [("M", p, self.blob(f))])
        elif name == "P4":
            p = st["fixture"]
            f = self.main[p]
            k, s = fake_key(r), fake_secret(r)
            e = self.plant("P4", p, f, ['    "AccessKeyId": "{k}",', '    "SecretAccessKey": "{s}",'], k, s,
                           r.randint(len(f.lines) // 3, 2 * len(f.lines) // 3), "pair inside a ~1 MiB JSON fixture edited often (deep delta chain)")
            self.pinned[p] = (k, s)
            e["commit"] = self.main_commit(f"tests: record {g.ident()} fixture\n", [("M", p, self.blob(f))])
            st["P4"] = (p, e)
            sched.setdefault(self.commits + arg, []).append(("P4-rm", 0))
        elif name == "P5":
            p = self.pick_planted("yaml")
            f = self.main[p]
            k, s = fake_key(r), fake_secret(r)
            e = self.plant("P5", p, f, ["  aws_access_key_id: {k}", "  aws_secret_access_key: {s}"], k, s,
                           r.randint(0, len(f.lines)), "file renamed later (introduced under this path), then removed")
            self.pinned[p] = (k, s)
            e["commit"] = self.main_commit(f"deploy: {g.ident()} credentials\n", [("M", p, self.blob(f))])
            st["P5"] = (p, e)
            sched.setdefault(self.commits + arg, []).append(("P5-mv", arg))
        elif name == "P5-mv":
            p, e = st["P5"]
            f = self.main[p]
            q = self.new_path("yaml")
            self.del_main(p)
            self.add_main(q, f)
            self.pinned[q] = self.pinned.pop(p)
            e["renamed_to"] = q
            e["renamed_in"] = self.main_commit(f"Move {os.path.basename(p)} to {os.path.dirname(q)}\n",
                                               [("D", p), ("M", q, f.mark)])
            st["P5"] = (q, e)
            sched.setdefault(self.commits + arg, []).append(("P5-rm", 0))
        elif name == "P5-rm":
            p, e = st["P5"]
            f = self.main[p]
            self.unplant(f, e)
            self.pinned.pop(p, None)
            e["removed_in"] = self.main_commit("Remove inline credentials\n", [("M", p, self.blob(f))])
        elif name == "P6":
            b = self.start_branch(merge=False, length=4)
            b.name = "wip/s3-uploader-" + str(self.branch_no)
            p = self.pick_planted("c")
            f = self.main[p].copy()
            b.files[p] = f
            k = fake_key(r)
            e = self.plant("P6", p, f, ['static const char *kAccessKey = "{k}";'], k, None,
                           r.randint(0, len(f.lines)), "only on an unmerged branch", branch=b.name)
            b.protect[p] = (k,)
            b.tip = self.commit("refs/heads/" + b.name, "WIP: S3 uploader\n", b.tip, [("M", p, self.blob(f))])
            b.done = 1
            e["commit"] = b.tip
        elif name == "P7":
            k = fake_key(r)
            p = self.pick(self.main_ok)
            f = self.main[p]
            self.edit(f, self.pinned.get(p, ()))
            msg = (f"Rotate the CI upload credentials\n\nThe previous key id {k} was revoked after it was\n"
                   f"pasted in chat; the new one lives in the vault.\n")
            e = {"id": "P7", "key_id": k, "secret": None, "path": None, "line": 3, "branch": "main",
                 "note": "only in a commit message (line 3 of the message)", "commit": None, "removed_in": None}
            self.planted.append(e)
            e["commit"] = self.main_commit(msg, [("M", p, self.blob(f))])
        elif name == "P8":
            p = self.new_path("yaml")
            k, s = fake_key(r, "ASIA"), fake_secret(r)
            f = File("yaml", lines=self.text("yaml", 3000), weight=1.0)
            e = self.plant("P8", p, f, ["aws:", "  access_key_id: {k}", "  secret_access_key: {s}"], k, s,
                           r.randint(0, len(f.lines)), "ASIA key in a config file that is later deleted as a whole")
            self.add_main(p, f)
            self.pinned[p] = (k, s)
            e["commit"] = self.main_commit(f"Add staging config {os.path.basename(p)}\n", [("M", p, self.blob(f))])
            st["P8"] = (p, e)
            sched.setdefault(self.commits + arg, []).append(("P8-rm", 0))
        elif name == "P8-rm":
            p, e = st["P8"]
            self.del_main(p)
            self.pinned.pop(p, None)
            e["removed_in"] = self.main_commit(f"Delete {os.path.basename(p)}\n", [("D", p)])

    def run(self):
        a, r = self.a, self.r
        # Initial import.
        ops = []
        for _ in range(a.initial_files):
            f = self.new_file()
            p = self.new_path(f.kind)
            self.add_main(p, f)
        specials = {
            "package-lock.json": File("lock", lines=[self.g.lock() for _ in range(3400)], weight=40.0),
            "CHANGELOG.md": File("md", lines=["# Changelog", ""], weight=0.0),
            "tests/fixtures/recorded/api_responses.json": File("json", lines=self.text("json", 1000 * 1024), weight=60.0),
        }
        for n in range(4):
            specials[f"web/dist/bundle{n}.min.js"] = File("mini", lines=self.text("mini", r.randint(200, 900) * 1024),
                                                          weight=8.0, sep="")
        for p, f in specials.items():
            self.add_main(p, f)
        self.state = {"fixture": "tests/fixtures/recorded/api_responses.json"}
        # Special files are edited at their own rates (edits per main commit), not by weight.
        self.special_rates = [(p, {"lock": 1 / 80, "mini": 1 / 250, "json": 1 / 50}[f.kind])
                              for p, f in specials.items() if f.kind != "md"]
        for f in specials.values():
            f.weight = 0.0
        for p in sorted(self.main):
            ops.append(("M", p, self.blob(self.main[p])))
        self.main_commit("Initial import\n", ops)

        n = a.commits
        frac = lambda x: max(2, int(n * x))
        gap = lambda x: max(3, int(n * x))
        sched = {}
        for x, ev in ((0.10, ("P1", gap(0.002))), (0.25, ("P2", gap(0.02))), (0.35, ("P3", gap(0.01))),
                      (0.50, ("P4", gap(0.03))), (0.60, ("P5", gap(0.005))), (0.75, ("P6", 0)),
                      (0.80, ("P7", 0)), (0.90, ("P8", gap(0.004)))):
            sched.setdefault(frac(x), []).append(ev)
        t0, seen, report = time.time(), 0, 1000
        while self.commits < n:
            while seen <= self.commits:  # planted-key events due by this commit count
                for ev in sched.pop(seen, []):
                    self.run_event(ev, sched)
                seen += 1
            # Branch work, merges and main work.
            if r.random() < 1 / 45 and len(self.branches) < 4:
                self.start_branch(merge=r.random() > 0.08)
            for b in list(self.branches):
                if r.random() < 0.35 and b.done < b.length:
                    self.branch_commit(b)
                elif b.done >= b.length:
                    if b.merge:
                        self.merge_branch(b)
                    else:
                        self.branches.remove(b)  # stale: left unmerged
                        for p in [p for p, h in self.locked.items() if h is b]:
                            del self.locked[p]
            self.main_commit()
            if r.random() < 1 / 300:
                self.tag()
            if self.commits >= report and a.verbose:
                report += 1000
                print(f"  {self.commits} commits, {self.blob_bytes / MIB:.0f} MiB of blobs, "
                      f"{len(self.main)} files, {time.time() - t0:.0f} s", file=sys.stderr)
        # Unfinished merge branches stay as open branches.
        self.open_refs = [b.name for b in self.branches]


def git(repo, *args, **kw):
    return subprocess.run(["git", "-C", repo, *args], check=True, **kw)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=os.environ.get("KEYSWEEP_GITBENCH_DIR", "/tmp/keysweep-gitbench"))
    ap.add_argument("--commits", type=int, default=20000)
    ap.add_argument("--initial-files", type=int, default=700)
    ap.add_argument("--p-add", type=float, default=0.145, help="chance that a main commit adds a file")
    ap.add_argument("--median-kib", type=float, default=5.0, help="median file size")
    ap.add_argument("--seed", type=int, default=1234)
    ap.add_argument("--no-repack", action="store_true", help="keep fast-import's pack (no git repack -adf)")
    ap.add_argument("--window", type=int, default=250)
    ap.add_argument("--depth", type=int, default=50)
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()

    out = os.path.abspath(args.out)
    here = os.path.dirname(os.path.abspath(__file__))
    top = subprocess.run(["git", "-C", here, "rev-parse", "--show-toplevel"], capture_output=True, text=True).stdout.strip()
    if top and (out + "/").startswith(top + "/"):
        sys.exit(f"refusing to generate inside the repository {top}: {out}")
    repo = os.path.join(out, "repo")
    manifest_path = os.path.join(out, "planted.json")
    if os.path.exists(manifest_path):
        os.remove(manifest_path)  # written last: its presence marks a complete repository
    shutil.rmtree(repo, ignore_errors=True)
    os.makedirs(out, exist_ok=True)
    env = dict(os.environ, GIT_CONFIG_NOSYSTEM="1", HOME=out, GIT_CONFIG_GLOBAL="/dev/null")
    subprocess.run(["git", "init", "-q", "-b", "main", repo], check=True, env=env)
    marks = os.path.join(out, "marks.txt")

    t0 = time.time()
    fi = subprocess.Popen(["git", "-C", repo, "fast-import", "--quiet", "--depth=50",
                           f"--export-marks={marks}"], stdin=subprocess.PIPE, env=env, bufsize=1 << 20)
    h = History(args, fi.stdin)
    h.run()
    # merged feature branches: keep the last few refs, as a clone's remote branches would
    fi.stdin.close()
    if fi.wait() != 0:
        sys.exit("git fast-import failed")
    t1 = time.time()
    print(f"fast-import: {h.commits} commits, {h.blobs} blobs, {h.blob_bytes / MIB:.0f} MiB of blob data "
          f"in {t1 - t0:.0f} s", file=sys.stderr)
    sha = {}
    for line in open(marks):
        m, s = line.split()
        sha[int(m[1:])] = s
    os.remove(marks)
    drop = h.merged_refs[:-5]
    subprocess.run(["git", "-C", repo, "update-ref", "--stdin"], check=True, env=env,
                   input="".join(f"delete refs/heads/{b}\n" for b in drop).encode())
    git(repo, "reset", "-q", "--hard", "main", env=env)
    if not args.no_repack:
        git(repo, "-c", "pack.threads=0", "repack", "-q", "-adf", f"--depth={args.depth}",
            f"--window={args.window}", env=env)
    git(repo, "prune-packed", env=env)
    git(repo, "pack-refs", "--all", env=env)
    t2 = time.time()
    print(f"repack: {t2 - t1:.0f} s", file=sys.stderr)

    for e in h.planted:
        for k in ("commit", "removed_in", "renamed_in"):
            if e.get(k):
                e[k] = sha[e[k]]
    # Statistics.
    cnt = subprocess.run(["git", "-C", repo, "count-objects", "-v"], capture_output=True, text=True, check=True).stdout
    cnt = dict(x.split(": ") for x in cnt.strip().splitlines())
    check = subprocess.run(["git", "-C", repo, "cat-file", "--batch-all-objects", "--batch-check=%(objecttype) %(objectsize)"],
                           capture_output=True, text=True, check=True).stdout.split("\n")
    types = {}
    for line in check:
        if line:
            t, s = line.split()
            n, b = types.get(t, (0, 0))
            types[t] = (n + 1, b + int(s))
    commits = int(subprocess.run(["git", "-C", repo, "rev-list", "--all", "--count"], capture_output=True,
                                 text=True, check=True).stdout)
    merges = int(subprocess.run(["git", "-C", repo, "rev-list", "--all", "--merges", "--count"], capture_output=True,
                                text=True, check=True).stdout)
    refs = subprocess.run(["git", "-C", repo, "for-each-ref", "--format=%(refname)"], capture_output=True,
                          text=True, check=True).stdout.split()
    head_files = len(subprocess.run(["git", "-C", repo, "ls-files"], capture_output=True, text=True, check=True).stdout.split("\n")) - 1
    stats = {"commits": commits, "merges": merges, "refs": len(refs),
             "branches": sum(1 for x in refs if x.startswith("refs/heads/")),
             "tags": sum(1 for x in refs if x.startswith("refs/tags/")),
             "files_at_head": head_files,
             "objects": sum(n for n, _ in types.values()),
             "objects_by_type": {t: n for t, (n, _) in sorted(types.items())},
             "blob_bytes": types.get("blob", (0, 0))[1],
             "all_object_bytes": sum(b for _, b in types.values()),
             "pack_bytes": int(cnt["size-pack"]) * 1024,
             "generation_seconds": round(t1 - t0, 1), "repack_seconds": round(t2 - t1, 1)}
    manifest = {"seed": args.seed, "commits_option": args.commits, "repo": repo, "stats": stats,
                "planted": h.planted}
    with open(manifest_path, "w") as f:
        json.dump(manifest, f, indent=1)
    print(json.dumps(stats, indent=1), file=sys.stderr)
    print(f"wrote {repo}; {len(h.planted)} planted keys -> {manifest_path}", file=sys.stderr)


if __name__ == "__main__":
    main()
