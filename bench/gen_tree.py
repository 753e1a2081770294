#!/usr/bin/env python3
"""Generate a large, deterministic, source-like tree with planted fake AWS keys.

    gen_tree.py [--out DIR] [--size-mb N] [--seed S]

Writes DIR/tree/ (about N MiB of files) and DIR/planted.json (outside the tree):
every planted key id with its file and 1-based line, plus "decoys" that a good
scanner must NOT report (AWS's documented example key, IAM identity ids).
DIR defaults to $KEYSWEEP_BENCH_DIR or /tmp/keysweep-bench. Same seed and size:
byte-identical tree.

Every key below is made up (random [A-Z2-7]), never issued by AWS, and avoids
what keysweep filters as placeholders (EXAMPLE, runs of 6 equal characters,
abcdefgh/12345678-style sequences).
"""
import argparse
import json
import math
import os
import random
import shutil
import string
from collections import Counter

MIB = 1 << 20
B32 = string.ascii_uppercase + "234567"
B64 = string.ascii_letters + string.digits + "+/"
WORDS = ("user account request response buffer config handler parse value index token cache "
         "client server session stream record entry node tree list map queue worker thread "
         "error status result option field module import export default update delete create "
         "load store read write open close flush retry timeout region bucket object policy "
         "role event message payload header body query filter sort limit offset page count "
         "total metric trace span label annotation schema table column row commit branch").split()
PROSE = ("the a this that we it is are was be to of and in for on with as by at from or not "
         "can will should must may when if then each every all some more most only also").split()
PLACEHOLDER_SEQS = ("abcdefgh", "12345678", "01234567", "qwertyui", "example")


def looks_like_placeholder(v):
    low = v.lower()
    if any(s in low for s in PLACEHOLDER_SEQS):
        return True
    return any(v[i:i + 6] == v[i] * 6 for i in range(len(v) - 5))


def entropy(v):
    return -sum(c / len(v) * math.log2(c / len(v)) for c in Counter(v).values())


class Gen:
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
        n = n or self.r.choice((24, 32, 44, 64, 88, 128, 172))  # never exactly 40
        s = "".join(self.r.choices(B64, k=n))
        return s[:-1] + "=" if n % 4 == 0 and n > 40 else s

    def ts(self):
        r = self.r
        return (f"2024-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}T{r.randint(0, 23):02d}:"
                f"{r.randint(0, 59):02d}:{r.randint(0, 59):02d}.{r.randint(0, 999):03d}Z")

    def sentence(self):
        w = self.r.choices(PROSE + WORDS, k=self.r.randint(6, 22))
        return " ".join(w).capitalize() + "."

    # One line of each language; pools of these make up the files.
    def c_line(self):
        r, i = self.r, self.ident
        return r.choice([
            lambda: f"static int {i()}(struct {i()} *{i()}, size_t {i()});",
            lambda: f"    if ({i()} == NULL || {i()}->{i()} < {r.randint(0, 4096)}) return -E{i().upper()[:6]};",
            lambda: f"    {i()} = {i()}({i()}, 0x{self.hexs(8)}u);",
            lambda: f"/* {self.sentence()} */",
            lambda: f"#include <{i()}.h>",
            lambda: f"#define {i().upper()} 0x{self.hexs(r.choice((4, 8, 16)))}",
            lambda: f"    for (size_t {i()} = 0; {i()} < {i()}; ++{i()}) {{",
            lambda: "    }", lambda: "",
            lambda: f'    log_debug("{self.sentence()} %s", {i()});',
            lambda: f'static const char {i()}_sha256[] = "{self.hexs(64)}";',
        ])()

    def py_line(self):
        r, i = self.r, self.ident
        return r.choice([
            lambda: f"def {i()}(self, {i()}, {i()}=None):",
            lambda: f"        {i()} = self.{i()}.get({i()!r}, {r.randint(0, 999)})",
            lambda: f"from {i()}.{i()} import {i()}, {i()}",
            lambda: f'    """{self.sentence()}"""',
            lambda: f"        if not {i()}:\n            raise ValueError({self.sentence()!r})",
            lambda: f"    CHECKSUM = \"{self.hexs(40)}\"", lambda: "",
            lambda: f"        return {{'id': '{self.uuid()}', '{i()}': {i()}}}",
            lambda: f"    # {self.sentence()}",
            lambda: f"    BLOB = b'{self.b64()}'",
        ])()

    def js_line(self):
        r, i = self.r, self.ident
        return r.choice([
            lambda: f"const {i()} = require('{i()}');",
            lambda: f"export function {i()}({i()}, {i()}) {{",
            lambda: f"  return {i()}.map(({i()}) => {i()}.{i()} + {r.randint(0, 99)});",
            lambda: f"  if (!{i()}) throw new Error('{self.sentence()}');",
            lambda: f"  const {i()} = await fetch(`/api/v1/{i()}/${{{i()}}}`);",
            lambda: "}", lambda: "",
            lambda: f"  // {self.sentence()}",
            lambda: f"  {i()}: '{self.b64()}',",
            lambda: f"  integrity: 'sha512-{self.b64(88)}',",
        ])()

    def json_line(self):
        r, i = self.r, self.ident
        return r.choice([
            lambda: f'    "{i()}": "{self.uuid()}",',
            lambda: f'    "{i()}": {r.randint(0, 10**6)},',
            lambda: f'    "{i()}": "{self.sentence()}",',
            lambda: f'    "sha256": "{self.hexs(64)}",',
            lambda: f'    "{i()}": "{self.b64()}",',
            lambda: f'    "{i()}": [{", ".join(str(r.randint(0, 999)) for _ in range(r.randint(1, 12)))}],',
            lambda: f'    "resolved": "https://registry.example.org/{i()}/-/{i()}-{r.randint(0, 9)}.{r.randint(0, 30)}.{r.randint(0, 9)}.tgz",',
        ])()

    def yaml_line(self):
        r, i = self.r, self.ident
        return r.choice([
            lambda: f"{i()}:", lambda: f"  {i()}: {i()}",
            lambda: f"  {i()}: {r.randint(0, 65535)}",
            lambda: f"    - name: {i()}\n      image: registry.local/{i()}:{self.hexs(12)}",
            lambda: f"  # {self.sentence()}",
            lambda: f"  digest: sha256:{self.hexs(64)}",
            lambda: f"  {i()}: \"{self.uuid()}\"",
        ])()

    def md_line(self):
        r = self.r
        return r.choice([
            lambda: " ".join(self.sentence() for _ in range(r.randint(1, 6))),
            lambda: "", lambda: f"## {self.sentence()[:-1]}",
            lambda: f"- {self.sentence()}",
            lambda: f"    $ {self.ident()} --{self.ident()} {self.uuid()}",
        ])()

    def log_line(self):
        r, i = self.r, self.ident
        return r.choice([
            lambda: (f"{self.ts()} INFO  [{i()}-{r.randint(1, 32)}] req={self.uuid()} method=GET "
                     f"path=/api/v1/{i()}/{r.randint(1, 10**6)} status=200 dur_ms={r.randint(1, 900)} "
                     f"ip=10.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(1, 254)}"),
            lambda: f"{self.ts()} WARN  [{i()}] {self.sentence()} retry={r.randint(1, 5)} trace={self.hexs(32)}",
            lambda: f"{self.ts()} DEBUG [{i()}] payload={self.b64()}",
            lambda: f"{self.ts()} ERROR [{i()}] {self.sentence()}\n    at {i()}.{i()}({i()}.java:{r.randint(1, 900)})",
        ])()


KINDS = {  # kind: (weight, extensions, line function name)
    "c": (18, (".c", ".h", ".cc"), "c_line"),
    "py": (18, (".py",), "py_line"),
    "js": (18, (".js", ".ts"), "js_line"),
    "json": (10, (".json",), "json_line"),
    "yaml": (8, (".yaml", ".yml"), "yaml_line"),
    "md": (10, (".md", ".txt"), "md_line"),
    "log": (8, (".log",), "log_line"),
}
TOP = ["services", "libs", "tools", "vendor", "node_modules", "docs", "infra", ".config", "build", "logs"]


def make_dirs(rng, g, n=1500):
    dirs = []
    for _ in range(n):
        depth = rng.randint(3, 6)  # levels below the tree root, file excluded
        parts = [rng.choice(TOP)] + [g.ident().lower()[:16] for _ in range(depth - 1)]
        dirs.append("/".join(parts))
    return dirs


def file_size(rng):
    # Long tail: median ~5 KiB, clipped to [300 B, 6 MiB].
    return int(min(max(rng.lognormvariate(math.log(5000), 1.6), 300), 6 * MIB))


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


# How a planted key looks in a file: (kind, lines); {k} key id, {s} secret.
TEMPLATES = [
    ("ini", ["[profile {p}]", "aws_access_key_id = {k}", "aws_secret_access_key = {s}"]),
    ("env", ["AWS_ACCESS_KEY_ID={k}", "AWS_SECRET_ACCESS_KEY={s}"]),
    ("py", ["    client = boto3.client('s3', aws_access_key_id=\"{k}\",", "        aws_secret_access_key=\"{s}\")"]),
    ("json", ['    "AccessKeyId": "{k}",', '    "SecretAccessKey": "{s}",']),
    ("yaml", ["  aws_access_key_id: {k}", "  aws_secret_access_key: {s}"]),
    ("log", ["{t} INFO  [creds] loaded access key {k} for upload"]),
    ("url", ["  see https://s3.amazonaws.com/bkt/obj?AWSAccessKeyId={k}&Expires=1700000000&Signature=x"]),
    ("c", ['static const char *kAccessKey = "{k}";']),
]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=os.environ.get("KEYSWEEP_BENCH_DIR", "/tmp/keysweep-bench"))
    ap.add_argument("--size-mb", type=float, default=500, help="total size in MiB (default 500)")
    ap.add_argument("--seed", type=int, default=1234)
    args = ap.parse_args()

    rng = random.Random(args.seed)
    g = Gen(rng)
    tree = os.path.join(args.out, "tree")
    manifest_path = os.path.join(args.out, "planted.json")
    if os.path.exists(manifest_path):
        os.remove(manifest_path)  # written last: its presence marks a complete tree
    shutil.rmtree(tree, ignore_errors=True)
    os.makedirs(tree)
    target = int(args.size_mb * MIB)

    pools = {k: [getattr(g, fn)() for _ in range(20000)] for k, (_, _, fn) in KINDS.items()}
    avg_len = {k: max(1, sum(len(x) + 1 for x in v) // len(v)) for k, v in pools.items()}
    kinds, weights = list(KINDS), [KINDS[k][0] for k in KINDS]
    dirs = make_dirs(rng, g)
    files = {}  # relative path -> list of lines (text files), or bytes
    total = 0

    def new_path(kind, ext=None, d=None):
        d = d or rng.choice(dirs)
        ext = ext or rng.choice(KINDS[kind][1])
        while True:
            p = f"{d}/{g.ident().lower()[:24]}{ext}"
            if p not in files:
                return p

    def text_lines(kind, size):
        lines, n = [], 0
        pool = pools[kind]
        while n < size:
            batch = rng.choices(pool, k=max(1, (size - n) // avg_len[kind]))
            lines.extend(batch)
            n += sum(len(x) + 1 for x in batch)
        return "\n".join(lines).split("\n")  # pool entries may hold several lines

    # Special files: a few minified-JS bundles with lines of a few hundred KiB,
    # binary-ish files, one UTF-16LE and one CRLF file.
    for _ in range(12):
        line_kib = rng.randint(150, 700)
        body = []
        for _ in range(rng.randint(1, 3)):
            toks, n = [], 0
            while n < line_kib * 1024:
                t = rng.choice(pools["js"]).strip().replace("\n", "")
                toks.append(t)
                n += len(t)
            body.append("".join(toks))
        p = new_path("js", ".min.js", f"node_modules/{g.ident().lower()}/dist")
        files[p] = ["/*! bundle */"] + body
    for ext in (".png", ".so", ".woff2", ".pyc", ".zip", ".jar", ".sqlite", ".o"):
        for _ in range(2):
            files[new_path("c", ext)] = rng.randbytes(rng.randint(8 * 1024, 2 * MIB))
    total += sum(sum(len(x) + 1 for x in v) if isinstance(v, list) else len(v) for v in files.values())

    target -= 12 * MIB  # the chunk-boundary log below
    while total < target or len(files) < 400:
        kind = rng.choices(kinds, weights)[0]
        size = max(300, min(file_size(rng), target - total + 300))
        lines = text_lines(kind, size)
        files[new_path(kind)] = lines
        total += sum(len(x) + 1 for x in lines)

    # Plant keys. Each planted entry: file, line of the key id (1-based).
    planted = []
    text_paths = sorted(p for p, v in files.items() if isinstance(v, list) and not p.endswith(".min.js"))
    by_ext = {}
    for p in text_paths:
        by_ext.setdefault(os.path.splitext(p)[1], []).append(p)
    ext_for = {"ini": ".txt", "env": ".yml", "py": ".py", "json": ".json", "yaml": ".yaml",
               "log": ".log", "url": ".md", "c": ".c"}

    def plant(path, line_idx, kind, lines_tpl, key, secret, note=""):
        lines = files[path]
        line_idx = min(line_idx, len(lines))
        for e in planted:  # never split an earlier plant's lines
            if e["file"] == path and e["line"] - 1 < line_idx <= e["line"]:
                line_idx = e["line"] - 1
        fill = {"k": key, "s": secret or "", "p": g.ident(), "t": g.ts()}
        new = [x.format(**fill) for x in lines_tpl]
        lines[line_idx:line_idx] = new
        for e in planted:  # keep earlier plants in this file correct
            if e["file"] == path and e["line"] > line_idx:
                e["line"] += len(new)
        key_off = next(i for i, x in enumerate(new) if key in x)
        planted.append({"id": f"P{len(planted) + 1:02d}", "key_id": key, "secret": secret,
                        "file": path, "line": line_idx + key_off + 1, "kind": kind, "note": note})

    for i in range(32):
        kind, tpl = TEMPLATES[i % len(TEMPLATES)]
        prefix = "ASIA" if i % 7 == 3 else "AKIA"
        key = fake_key(rng, prefix)
        secret = fake_secret(rng) if any("{s}" in x for x in tpl) else None
        cands = by_ext.get(ext_for[kind]) or text_paths
        path = rng.choice(cands)
        plant(path, rng.randint(0, len(files[path])), kind, tpl, key, secret)

    # Edge cases.
    p = rng.choice(by_ext[".py"])
    plant(p, 0, "first-line", ["AKIA_ID = '{k}'  # first line"], fake_key(rng), None, "first line of a file")
    p = rng.choice(by_ext[".yaml"])
    files[p].append("aws_access_key_id: {k}")  # no trailing newline: see write below
    k = fake_key(rng)
    files[p][-1] = files[p][-1].format(k=k)
    planted.append({"id": f"P{len(planted) + 1:02d}", "key_id": k, "secret": None, "file": p,
                    "line": len(files[p]), "kind": "last-line", "note": "last line, no trailing newline"})
    files[p] = files[p] + [None]  # marker: no trailing newline
    bundle = sorted(q for q in files if q.endswith(".min.js"))[0]
    k = fake_key(rng)
    files[bundle][1] = files[bundle][1][:100000] + f'{{AccessKeyId:"{k}"}}' + files[bundle][1][100000:]
    planted.append({"id": f"P{len(planted) + 1:02d}", "key_id": k, "secret": None, "file": bundle,
                    "line": 2, "kind": "minified", "note": "inside a minified line of several hundred KiB"})
    binp = sorted(q for q, v in files.items() if q.endswith(".sqlite"))[0]
    k = fake_key(rng)
    blob = files[binp]
    cut = len(blob) // 2
    files[binp] = blob[:cut] + b"\n\x00aws_access_key_id=" + k.encode() + b"\x00\n" + blob[cut:]
    planted.append({"id": f"P{len(planted) + 1:02d}", "key_id": k, "secret": None, "file": binp,
                    "line": blob[:cut].count(b"\n") + 2, "kind": "binary", "note": "inside a binary file, after NUL bytes"})
    # A log of ~12 MiB with a key straddling the 8 MiB mark (keysweep's chunk size).
    big = new_path("log", ".log", "logs/archive/2024/q1")
    lines, n = [], 0
    boundary = 8 * MIB
    prefix_txt = "2024-03-01T00:00:00.000Z INFO  [creds] rotated key "
    while n < boundary - 400:
        x = rng.choice(pools["log"])
        lines.extend(x.split("\n"))
        n += len(x) + 1
    pad = boundary - 10 - len(prefix_txt) - n - 1  # key starts 10 bytes before the boundary
    lines.append("#" * max(pad, 1))
    k = fake_key(rng)
    lines.append(prefix_txt + k + " ok")
    planted.append({"id": f"P{len(planted) + 1:02d}", "key_id": k, "secret": None, "file": big,
                    "line": len(lines), "kind": "chunk-boundary", "note": "key id straddles byte offset 8 MiB"})
    lines += text_lines("log", 4 * MIB)
    files[big] = lines
    # UTF-16LE (BOM) PowerShell script and a CRLF file.
    ps = new_path("md", ".ps1", "tools/windows/scripts/setup")
    k, s = fake_key(rng), fake_secret(rng)
    ps_lines = ["# provisioning script"] + pools["py"][:30] + [f'$env:AWS_ACCESS_KEY_ID = "{k}"',
                                                              f'$env:AWS_SECRET_ACCESS_KEY = "{s}"'] + pools["py"][30:60]
    files[ps] = ("\ufeff" + ("\n".join(ps_lines) + "\n").replace("\n", "\r\n")).encode("utf-16-le")
    planted.append({"id": f"P{len(planted) + 1:02d}", "key_id": k, "secret": s, "file": ps,
                    "line": "\n".join(pools["py"][:30]).count("\n") + 3, "kind": "utf16", "note": "UTF-16LE with BOM, CRLF"})
    crlf = new_path("md", ".bat", "tools/windows/scripts/ci")
    k = fake_key(rng)
    files[crlf] = ("\r\n".join(pools["md"][:50] + [f"set AWS_ACCESS_KEY_ID={k}"] + pools["md"][50:80]) + "\r\n").encode()
    planted.append({"id": f"P{len(planted) + 1:02d}", "key_id": k, "secret": None, "file": crlf,
                    "line": "\n".join(pools["md"][:50]).count("\n") + 2, "kind": "crlf", "note": "CRLF line endings"})
    # Hidden and git-ignored places.
    hid = f".config/aws/{g.ident().lower()}/credentials"
    k, s = fake_key(rng), fake_secret(rng)
    files[hid] = ["[default]", f"aws_access_key_id = {k}", f"aws_secret_access_key = {s}", "region = eu-west-1"]
    planted.append({"id": f"P{len(planted) + 1:02d}", "key_id": k, "secret": s, "file": hid, "line": 2,
                    "kind": "hidden", "note": "hidden directory"})
    files[".gitignore"] = ["node_modules/", "build/", "*.log", ".cache/"]

    # Decoys: must not be reported by keysweep.
    decoys = []
    for value, why in (("AKIAIOSFODNN7EXAMPLE", "AWS documented example key id"),
                       ("AIDA" + "".join(rng.choices(B32, k=16)), "IAM user id (public, not a credential)"),
                       ("AROA" + "".join(rng.choices(B32, k=16)), "IAM role id (public, not a credential)"),
                       ("AKIAXXXXXXXXXXXXXXXX", "placeholder")):
        p = rng.choice(by_ext[".md"])
        idx = rng.randint(0, len(files[p]))
        files[p].insert(idx, f"    aws_access_key_id = {value}")
        for e in planted:
            if e["file"] == p and e["line"] > idx:
                e["line"] += 1
        for e in decoys:
            if e["file"] == p and e["line"] > idx:
                e["line"] += 1
        decoys.append({"value": value, "file": p, "line": idx + 1, "why": why})

    # Exact duplicates: copies of a few files, one of them holding a planted key.
    dup_srcs = sorted({e["file"] for e in planted if e["kind"] in ("env", "json")})[:1]
    dup_srcs += rng.sample([p for p in text_paths if p not in dup_srcs], 5)
    for src in dup_srcs:
        for _ in range(2):
            dst = f"{rng.choice(dirs)}/{os.path.basename(src)}"
            if dst in files:
                continue
            files[dst] = list(files[src])
            for e in [e for e in planted if e["file"] == src]:
                planted.append(dict(e, id=f"P{len(planted) + 1:02d}", file=dst, note=f"exact duplicate of {src}"))
            decoys += [dict(e, file=dst) for e in decoys if e["file"] == src]

    # Write everything.
    total = 0
    for path, content in files.items():
        full = os.path.join(tree, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        if isinstance(content, list):
            if content and content[-1] is None:
                data = "\n".join(content[:-1]).encode()
            else:
                data = ("\n".join(content) + "\n").encode()
        else:
            data = content
        with open(full, "wb") as f:
            f.write(data)
        total += len(data)

    manifest = {"seed": args.seed, "size_mb": args.size_mb, "tree": tree, "files": len(files),
                "bytes": total, "planted": planted, "decoys": decoys,
                "duplicates": dup_srcs}
    with open(manifest_path, "w") as f:
        json.dump(manifest, f, indent=1)
    print(f"wrote {len(files)} files, {total / MIB:.1f} MiB to {tree}; "
          f"{len(planted)} planted keys, {len(decoys)} decoys -> {manifest_path}")


if __name__ == "__main__":
    main()
