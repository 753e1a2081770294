#!/usr/bin/env python3
"""Generate a git repository with planted secrets and decoys, and its ground truth.

    gen_corpus.py OUT_DIR [--seed N]

Writes OUT_DIR/repo (a git repository, work tree checked out on main) and
OUT_DIR/truth.json (outside the repository). OUT_DIR/repo is deleted first.
Same seed and same git version: byte-identical files and the same commit ids
(fixed author, committer and dates; no global or system git config is read).

Every secret is random, generated here in the shape the service really issues
(GitHub and npm tokens carry a correct CRC32 checksum); none was ever issued.
Each secret is planted once, in one *situation*:
  work tree: a file format (.env, YAML, JSON, Python, JS, Go, .properties, XML,
             Terraform .tf/.tfstate, shell, Dockerfile, INI, Markdown, credential
             files such as .netrc or .docker/config.json), a 1 MB minified line,
             CRLF, UTF-16LE with and without BOM, escaped strings, compact JSON,
             a PEM key inside a JSON string, a git-ignored untracked file;
  history:   committed then deleted, only on an unmerged branch, only under a tag,
             only in the stash, in a commit message, in a file renamed later, in a
             merge commit.
Decoys (documentation keys, placeholders, variable references, hashes, UUIDs,
image data, lock-file integrity hashes, obvious test values, public keys) are
listed too: a good scanner does not report them.

truth.json: {"seed", "repo", "situations": {name: description},
  "plants": [{id, kind, situation, layer ("worktree"|"history"), path, line,
              lines (every line of the credential: key id and secret, PEM body),
              secret, needles (distinctive substrings of each part), commit,
              alt_paths, encoding}],
  "decoys": [{id, kind, path, line, layer, value}]}
Lines are 1-based, counted in the decoded text of the file where the secret was
planted (for history: in that commit's version; for a commit message: in the
message, with path null).
"""
import argparse
import base64
import binascii
import json
import os
import random
import shutil
import string
import subprocess
import sys

B62 = string.digits + string.ascii_uppercase + string.ascii_lowercase
B64 = string.ascii_letters + string.digits + "+/"
B64URL = string.ascii_letters + string.digits + "-_"
B32 = string.ascii_uppercase + "234567"
HEX = "0123456789abcdef"
WORDS = ("order invoice customer shipment payment account ledger report session cache "
         "queue worker batch export import route handler parser buffer stream record "
         "metric trace client server region bucket object policy schema table column "
         "index filter limit offset page total status result option config module").split()
# Values scanners treat as placeholders; a generated secret containing one is redrawn.
PLACEHOLDER_WORDS = ("example", "test", "fake", "dummy", "sample", "xxxx", "abcdef",
                     "123456", "qwerty", "changeme", "password", "secret", "token")
COMPANY = "kestrel-logistics"


# ----------------------------------------------------------------------------
# Random secrets in real-world shapes
# ----------------------------------------------------------------------------

class Gen:
    """Random strings from one seeded generator, never placeholder-looking."""

    def __init__(self, seed):
        self.r = random.Random(seed)

    def s(self, alphabet, n):
        while True:
            v = "".join(self.r.choice(alphabet) for _ in range(n))
            if not looks_like_placeholder(v):
                return v

    def digits(self, n):
        return str(self.r.randint(1, 9)) + self.s(string.digits, n - 1)

    def pick(self, seq):
        return self.r.choice(seq)

    def password(self, n=None):
        n = n or self.r.randint(14, 22)
        alpha = string.ascii_letters + string.digits
        while True:
            v = list(self.s(alpha, n))
            for i in self.r.sample(range(1, n - 1), 2):
                v[i] = self.r.choice("!#%^*-_.~")
            v = "".join(v)
            if any(c.isdigit() for c in v) and any(c.isupper() for c in v):
                return v


def looks_like_placeholder(v):
    low = v.lower()
    if any(w in low for w in PLACEHOLDER_WORDS):
        return True
    for i in range(len(v) - 5):
        if v[i:i + 6] == v[i] * 6:
            return True
        d = [ord(v[j + 1]) - ord(v[j]) for j in range(i, i + 5)]
        if all(x == 1 for x in d) or all(x == -1 for x in d):
            return True
    return False


def base62(n, width=6):
    out = ""
    while n:
        n, d = divmod(n, 62)
        out = B62[d] + out
    return out.rjust(width, "0")


def crc_token(g, prefix, body_len):
    """GitHub/npm token: prefix + random base62 + base62(CRC32(random part)), 6 chars."""
    body = g.s(B62, body_len)
    return prefix + body + base62(binascii.crc32(body.encode()))


def pem(g, label, header, total, width=64):
    """A PEM block: fixed DER header then random base64, wrapped at `width`."""
    body = header + g.s(B64, total - len(header))
    rows = [body[i:i + width] for i in range(0, len(body), width)]
    return ["-----BEGIN %s-----" % label] + rows + ["-----END %s-----" % label], body


class Cred:
    """One planted credential: its kind, the (name, value) pairs that carry it,
    the primary secret, and the distinctive needles a tool's report may contain."""

    def __init__(self, kind, pairs, secret, needles, multiline=None):
        self.kind = kind
        self.pairs = pairs          # [(canonical_snake_name, value)]; value may hold \n
        self.secret = secret
        self.needles = needles
        self.multiline = multiline  # PEM lines for kinds that are a block


def needle(value, fixed=""):
    return value[:len(fixed) + 8]


def make_cred(g, kind):
    """Build one credential of `kind` (see KINDS) with fresh random values."""
    if kind == "aws-access-key":
        kid, sec = "AKIA" + g.s(B32, 16), g.s(B64, 40)
        return Cred(kind, [("aws_access_key_id", kid), ("aws_secret_access_key", sec)],
                    kid, [needle(kid, "AKIA"), needle(sec)])
    if kind == "aws-temporary-credentials":
        kid, sec = "ASIA" + g.s(B32, 16), g.s(B64, 40)
        tok = "IQoJb3JpZ2luX2Vj" + g.s(B64, g.r.randint(600, 900)) + "="
        return Cred(kind, [("aws_access_key_id", kid), ("aws_secret_access_key", sec),
                           ("aws_session_token", tok)],
                    kid, [needle(kid, "ASIA"), needle(sec), needle(tok, "IQoJb3JpZ2luX2Vj")])
    if kind == "github-pat-classic":
        t = crc_token(g, "ghp_", 30)
        return Cred(kind, [("github_token", t)], t, [needle(t, "ghp_")])
    if kind == "github-oauth-token":
        t = crc_token(g, "gho_", 30)
        return Cred(kind, [("github_oauth_token", t)], t, [needle(t, "gho_")])
    if kind == "github-pat-fine-grained":
        p1 = "11" + g.s(string.ascii_uppercase + string.digits, 20)
        p2 = g.s(B62, 53)
        t = "github_pat_" + p1 + "_" + p2 + base62(binascii.crc32((p1 + "_" + p2).encode()))
        return Cred(kind, [("gh_pat", t)], t, [needle(t, "github_pat_11")])
    if kind == "gitlab-pat":
        t = "glpat-" + g.s(B62 + "-_", 20)
        return Cred(kind, [("gitlab_token", t)], t, [needle(t, "glpat-")])
    if kind == "slack-bot-token":
        t = "xoxb-%s-%s-%s" % (g.digits(12), g.digits(13), g.s(B62, 24))
        return Cred(kind, [("slack_bot_token", t)], t, [t[:24]])
    if kind == "slack-user-token":
        t = "xoxp-%s-%s-%s-%s" % (g.digits(11), g.digits(11), g.digits(13), g.s(HEX, 32))
        return Cred(kind, [("slack_user_token", t)], t, [t[:24]])
    if kind == "slack-webhook-url":
        t = "https://hooks.slack.com/services/T%s/B%s/%s" % (
            g.s(string.ascii_uppercase + string.digits, 8), g.s(string.ascii_uppercase + string.digits, 10),
            g.s(B62, 24))
        return Cred(kind, [("slack_webhook_url", t)], t, [t[33:52]])
    if kind == "stripe-live-secret-key":
        t = "sk_live_" + (g.s(B62, 24) if g.r.random() < 0.4 else "51" + g.s(B62, 97))
        return Cred(kind, [("stripe_secret_key", t)], t, [needle(t, "sk_live_")])
    if kind == "google-api-key":
        t = "AIzaSy" + g.s(B62 + "-_", 33)
        return Cred(kind, [("google_maps_api_key", t)], t, [needle(t, "AIzaSy")])
    if kind in PEM_KINDS:
        label, header, total, width = PEM_KINDS[kind]
        rows, body = pem(g, label, header, total, width)
        return Cred(kind, [("private_key", "\n".join(rows) + "\n")], body,
                    [needle(body, header)], multiline=rows)
    if kind == "npm-token":
        t = crc_token(g, "npm_", 30)
        return Cred(kind, [("npm_token", t)], t, [needle(t, "npm_")])
    if kind == "pypi-token":
        t = "pypi-AgEIcHlwaS5vcmcCJ" + g.s(B64URL, 150)
        return Cred(kind, [("pypi_api_token", t)], t, [needle(t, "pypi-AgEIcHlwaS5vcmcCJ")])
    if kind == "twilio-auth-token":
        sid, tok = "AC" + g.s(HEX, 32), g.s(HEX, 32)
        return Cred(kind, [("twilio_account_sid", sid), ("twilio_auth_token", tok)], tok,
                    [needle(tok)])
    if kind == "twilio-api-key":
        sid, sec = "SK" + g.s(HEX, 32), g.s(B62, 32)
        return Cred(kind, [("twilio_api_key", sid), ("twilio_api_secret", sec)], sid,
                    [needle(sid, "SK"), needle(sec)])
    if kind == "sendgrid-api-key":
        t = "SG." + g.s(B64URL, 22) + "." + g.s(B64URL, 43)
        return Cred(kind, [("sendgrid_api_key", t)], t, [needle(t, "SG.")])
    if kind == "openai-api-key":
        if g.r.random() < 0.6:
            t = "sk-proj-" + g.s(B64URL, 74) + "T3BlbkFJ" + g.s(B64URL, 74)
            n = needle(t, "sk-proj-")
        else:
            t = "sk-" + g.s(B62, 20) + "T3BlbkFJ" + g.s(B62, 20)
            n = needle(t, "sk-")
        return Cred(kind, [("openai_api_key", t)], t, [n])
    if kind == "database-url-password":
        scheme, port = g.pick([("postgres", 5432), ("postgresql", 5432), ("mysql", 3306),
                               ("mongodb+srv", None), ("redis", 6379), ("amqp", 5672)])
        user = g.pick(["app_rw", "svc_orders", "billing", "reporting", "api"])
        pw = g.s(string.ascii_letters + string.digits, g.r.randint(16, 24))
        host = "%s-db.prod.%s.internal" % (g.pick(WORDS), COMPANY)
        url = "%s://%s:%s@%s%s/%s" % (scheme, user, pw, host, ":%d" % port if port else "",
                                      g.pick(WORDS))
        return Cred(kind, [("database_url", url)], pw, [needle(pw)])
    if kind == "password-assignment":
        pw = g.password()
        name = g.pick(["db_password", "smtp_password", "admin_password", "ldap_bind_password",
                       "redis_password", "mail_password"])
        return Cred(kind, [(name, pw)], pw, [needle(pw)])
    if kind == "netrc-password":
        pw = g.password()
        return Cred(kind, [("password", pw)], pw, [needle(pw)])
    if kind == "git-credentials-password":
        pw = g.s(string.ascii_letters + string.digits, 20)
        return Cred(kind, [("password", pw)], pw, [needle(pw)])
    if kind == "npmrc-auth":
        pw = g.password()
        auth = base64.b64encode(("deploy:" + pw).encode()).decode()
        return Cred(kind, [("_auth", auth)], auth, [needle(auth)])
    if kind == "docker-config-auth":
        pw = g.password()
        auth = base64.b64encode(("ci-bot:" + pw).encode()).decode()
        return Cred(kind, [("auth", auth)], auth, [needle(auth)])
    if kind == "azure-storage-connection-string":
        key = base64.b64encode(bytes(g.r.randrange(256) for _ in range(64))).decode()
        cs = ("DefaultEndpointsProtocol=https;AccountName=kestrelprod%s;AccountKey=%s;"
              "EndpointSuffix=core.windows.net" % (g.s(string.ascii_lowercase, 4), key))
        return Cred(kind, [("azure_storage_connection_string", cs)], key, [needle(key)])
    if kind == "jwt-signing-secret":
        v = g.s(B64URL, 64) if g.r.random() < 0.5 else g.s(HEX, 64)
        return Cred(kind, [("jwt_secret", v)], v, [needle(v)])
    if kind == "jwt-token":
        head = b64url_json({"alg": "HS256", "typ": "JWT"})
        body = b64url_json({"sub": "svc-" + g.pick(WORDS), "iat": 1709290000,
                            "exp": 1893456000, "scope": "admin", "jti": g.s(HEX, 16)})
        t = head + "." + body + "." + g.s(B64URL, 43)
        return Cred(kind, [("service_jwt", t)], t, [t.rsplit(".", 1)[1][:12]])
    if kind == "k8s-secret-data-base64":
        inner = make_cred(g, "database-url-password").pairs[0][1]
        v = base64.b64encode(inner.encode()).decode()
        return Cred(kind, [("database_url", v)], v, [needle(v)])
    raise ValueError(kind)


def b64url_json(obj):
    raw = json.dumps(obj, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


PEM_KINDS = {  # kind: (label, fixed DER header, base64 length, wrap width)
    "private-key-rsa": ("RSA PRIVATE KEY", "MIIEpAIBAAKCAQEA", 1588, 64),
    "private-key-ec": ("EC PRIVATE KEY", "MHcCAQEEI", 164, 64),
    "private-key-openssh": ("OPENSSH PRIVATE KEY",
                            "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW"
                            "QyNTUxOQAAACD", 399, 70),
    "private-key-pkcs8": ("PRIVATE KEY", "MIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkAgEAAoIBAQ",
                          1624, 64),
}
KINDS = ["aws-access-key", "aws-temporary-credentials", "github-pat-classic", "github-oauth-token",
         "github-pat-fine-grained", "gitlab-pat", "slack-bot-token", "slack-user-token",
         "slack-webhook-url", "stripe-live-secret-key", "google-api-key", *PEM_KINDS, "npm-token",
         "pypi-token", "twilio-auth-token", "twilio-api-key", "sendgrid-api-key", "openai-api-key",
         "database-url-password", "password-assignment", "netrc-password",
         "git-credentials-password", "npmrc-auth", "docker-config-auth",
         "azure-storage-connection-string", "jwt-signing-secret", "jwt-token",
         "k8s-secret-data-base64"]


# ----------------------------------------------------------------------------
# A file assembled line by line; remembers where each credential landed
# ----------------------------------------------------------------------------

class Doc:
    """Lines of one file; add() returns the 1-based line number of the first line added."""

    def __init__(self):
        self.lines = []
        self.marks = {}   # plant key -> [line numbers]

    def add(self, *lines, mark=None):
        first = len(self.lines) + 1
        for ln in lines:
            for part in ln.split("\n"):
                self.lines.append(part)
        if mark is not None:
            self.marks.setdefault(mark, []).extend(range(first, len(self.lines) + 1))
        return first

    def text(self, eol="\n", final=True):
        return eol.join(self.lines) + (eol if final else "")


def upper(n):
    return n.upper()


def camel(n):
    head, *rest = n.split("_")
    return head + "".join(w.capitalize() for w in rest)


def pascal(n):
    return "".join(w.capitalize() for w in n.split("_"))


def render(doc, fmt, cred, key):
    """Write cred's (name, value) pairs into doc in the syntax of fmt, marking each line."""
    for name, value in cred.pairs:
        multi = "\n" in value
        v = value.rstrip("\n")
        if fmt == "env":
            doc.add('%s="%s"' % (upper(name), v) if multi else "%s=%s" % (upper(name), v), mark=key)
        elif fmt == "shell":
            doc.add('export %s="%s"' % (upper(name), v), mark=key)
        elif fmt == "bat":
            doc.add("set %s=%s" % (upper(name), v), mark=key)
        elif fmt == "ps1":
            doc.add('$env:%s = "%s"' % (upper(name), v), mark=key)
        elif fmt == "dockerfile":
            doc.add("ENV %s=%s" % (upper(name), v), mark=key)
        elif fmt == "python":
            doc.add('%s = """%s"""' % (upper(name), v) if multi else '%s = "%s"' % (upper(name), v),
                    mark=key)
        elif fmt == "js":
            doc.add("  %s: %s," % (camel(name), "`%s`" % v if multi else '"%s"' % v), mark=key)
        elif fmt == "go":
            doc.add("\t%s = %s" % (camel(name), "`%s`" % v if multi else '"%s"' % v), mark=key)
        elif fmt == "yaml":
            if multi:
                doc.add("  %s: |" % name)
                doc.add(*["    " + x for x in v.split("\n")], mark=key)
            else:
                doc.add('  %s: "%s"' % (name, v), mark=key)
        elif fmt == "json":
            doc.add('    "%s": %s,' % (camel(name), json.dumps(value)), mark=key)
        elif fmt == "properties":
            doc.add("app.%s=%s" % (name.replace("_", "-"), v.replace("\n", "\\n\\\n  ")), mark=key)
        elif fmt == "xml":
            if multi:
                doc.add('    <add key="%s" value="%s" />' % (pascal(name), v.replace("\n", "&#10;")),
                        mark=key)
            else:
                doc.add('    <add key="%s" value="%s" />' % (pascal(name), v), mark=key)
        elif fmt == "tf":
            if multi:
                doc.add("  %s = <<-EOT" % name)
                doc.add(*["    " + x for x in v.split("\n")], mark=key)
                doc.add("  EOT")
            else:
                doc.add('  %s = "%s"' % (name, v), mark=key)
        elif fmt == "ini":
            doc.add("%s = %s" % (name, v), mark=key)
        elif fmt == "markdown":
            doc.add("export %s=%s" % (upper(name), v) if not multi else v, mark=key)
        else:
            raise ValueError(fmt)


# ----------------------------------------------------------------------------
# Filler: plausible code and prose around the secrets
# ----------------------------------------------------------------------------

def filler_lines(g, fmt, n):
    """n lines of harmless content in the syntax of fmt (no high-entropy strings)."""
    out = []
    for _ in range(n):
        a, b = g.pick(WORDS), g.pick(WORDS)
        num = g.r.randint(1, 500)
        out.append({
            "env": "%s_%s=%d" % (a.upper(), b.upper(), num),
            "shell": 'echo "%s %s step %d"' % (a, b, num),
            "bat": "echo %s %s %d" % (a, b, num),
            "ps1": 'Write-Host "%s %s %d"' % (a, b, num),
            "dockerfile": "RUN mkdir -p /opt/%s/%s" % (a, b),
            "python": "%s_%s = %d  # %s limit" % (a.upper(), b.upper(), num, a),
            "js": "  %s%s: %d," % (a, b.capitalize(), num),
            "go": "\t%s%s = %d" % (a, b.capitalize(), num),
            "yaml": "  %s_%s: %d" % (a, b, num),
            "json": '    "%s%s": %d,' % (a, b.capitalize(), num),
            "properties": "app.%s.%s=%d" % (a, b, num),
            "xml": '    <add key="%s%s" value="%d" />' % (a.capitalize(), b.capitalize(), num),
            "tf": '  %s_%s = %d' % (a, b, num),
            "ini": "%s_%s = %d" % (a, b, num),
            "markdown": "The %s %s is processed in step %d of the pipeline." % (a, b, num),
        }[fmt])
    return out


FORMAT_FRAMES = {  # fmt: (head lines, tail lines) around the body of a config file
    "env": (["# service configuration"], []),
    "shell": (["#!/usr/bin/env bash", "set -euo pipefail"], ['./bin/deploy "$@"']),
    "bat": (["@echo off", "rem deployment settings"], ["call deploy.cmd %*"]),
    "ps1": (["# Deployment settings", "Set-StrictMode -Version Latest"], ["& ./deploy.ps1"]),
    "dockerfile": (["FROM python:3.12-slim", "WORKDIR /app"],
                   ["COPY . /app", 'CMD ["python", "-m", "app"]']),
    "python": (['"""Service settings."""', "import os", ""], ["", "DEBUG = False"]),
    "js": (["'use strict';", "", "module.exports = {"], ["};"]),
    "go": (["package config", "", "var ("], [")"]),
    "yaml": (["service:", "  name: orders"], []),
    "json": (["{", '  "service": {'], ['    "enabled": true', "  }", "}"]),
    "properties": (["# application properties", "server.port=8080"], []),
    "xml": (['<?xml version="1.0" encoding="utf-8"?>', "<configuration>", "  <appSettings>"],
            ["  </appSettings>", "</configuration>"]),
    "tf": (['locals {'], ["}"]),
    "ini": (["[service]", "name = orders"], []),
    "markdown": (["# Operations notes", "", "Set these before running the deploy:", "", "```sh"],
                 ["```", ""]),
}


def config_file(g, fmt, creds, plant_keys, filler=6):
    """A whole file of format fmt holding creds (keys in plant_keys), filler between them."""
    doc = Doc()
    head, tail = FORMAT_FRAMES[fmt]
    doc.add(*head)
    for cred, key in zip(creds, plant_keys):
        doc.add(*filler_lines(g, fmt, g.r.randint(2, filler)))
        render(doc, fmt, cred, key)
    doc.add(*filler_lines(g, fmt, 3))
    doc.add(*tail)
    return doc


def source_file(g, lang, n_funcs):
    """A harmless source file (for the bulk of the repository)."""
    out = []
    for i in range(n_funcs):
        a, b = g.pick(WORDS), g.pick(WORDS)
        if lang == "py":
            out += ["def %s_%s_%d(items, limit=%d):" % (a, b, i, g.r.randint(1, 99)),
                    '    """Return the %s of every %s, at most limit."""' % (a, b),
                    "    return [x.%s for x in items if x.%s][:limit]" % (a, b), ""]
        elif lang == "js":
            out += ["export function %s%s%d(items, limit = %d) {" % (a, b.capitalize(), i,
                                                                     g.r.randint(1, 99)),
                    "  // the %s of every %s" % (a, b),
                    "  return items.filter((x) => x.%s).map((x) => x.%s).slice(0, limit);" % (b, a),
                    "}", ""]
        elif lang == "go":
            out += ["func %s%s%d(items []Item, limit int) []string {" % (a.capitalize(),
                                                                        b.capitalize(), i),
                    "\tout := make([]string, 0, limit) // %s per %s" % (a, b),
                    "\tfor _, x := range items {", "\t\tout = append(out, x.%s)" % a.capitalize(),
                    "\t}", "\treturn out", "}", ""]
        else:
            out += ["## %s %s %d" % (a.capitalize(), b, i), "",
                    "Every %s is checked against the %s before the %s step." % (a, b, g.pick(WORDS)),
                    ""]
    return "\n".join(out) + "\n"


def minified_js(g, size, payload, at):
    """One line of minified JavaScript of about `size` bytes with `payload` at fraction `at`."""
    parts, n, inserted = [], 0, False
    while n < size:
        if not inserted and n >= size * at:
            parts.append(payload)
            inserted = True
        a, b = g.pick(WORDS), g.pick(WORDS)
        chunk = ('function %s%d(e,t){var n=e.%s||{};return t.%s(n,%d)}' %
                 (a[:2], g.r.randint(0, 9999), b, a, g.r.randint(0, 999)))
        parts.append(chunk)
        n += len(chunk) + 1
    return ";".join(parts)


# ----------------------------------------------------------------------------
# The repository and its history
# ----------------------------------------------------------------------------

class Repo:
    """Runs git in the corpus repository with fixed identity and dates."""

    def __init__(self, path):
        self.path = path
        self.tick = 0
        self.env = dict(os.environ, GIT_CONFIG_GLOBAL="/dev/null", GIT_CONFIG_NOSYSTEM="1",
                        GIT_AUTHOR_NAME="Ada Lovelace", GIT_AUTHOR_EMAIL="ada@kestrel.invalid",
                        GIT_COMMITTER_NAME="Ada Lovelace",
                        GIT_COMMITTER_EMAIL="ada@kestrel.invalid", LC_ALL="C", TZ="UTC")
        for k in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
            self.env.pop(k, None)

    def git(self, *args, inp=None):
        self.tick += 1
        date = "2024-03-01T%02d:%02d:00+00:00" % (8 + self.tick // 60, self.tick % 60)
        self.env["GIT_AUTHOR_DATE"] = self.env["GIT_COMMITTER_DATE"] = date
        res = subprocess.run(["git", *args], cwd=self.path, env=self.env, input=inp,
                             capture_output=True, text=True)
        if res.returncode:
            sys.exit("git %s failed: %s%s" % (" ".join(args), res.stdout, res.stderr))
        return res.stdout.strip()

    def write(self, rel, data):
        p = os.path.join(self.path, rel)
        os.makedirs(os.path.dirname(p) or ".", exist_ok=True)
        with open(p, "wb") as f:
            f.write(data.encode() if isinstance(data, str) else data)

    def read(self, rel):
        with open(os.path.join(self.path, rel), encoding="utf-8") as f:
            return f.read()

    def commit(self, msg, *paths):
        self.git("add", "-A", *paths) if paths else self.git("add", "-A")
        self.git("commit", "-q", "--no-verify", "-m", msg)
        return self.git("rev-parse", "HEAD")


class Corpus:
    """Collects plants and decoys while the repository is built."""

    def __init__(self, seed, out):
        self.g = Gen(seed)
        self.seed = seed
        self.repo = Repo(os.path.join(out, "repo"))
        self.plants, self.decoys = [], []
        self.counter = {}

    def new_plant(self, kind, situation, layer):
        cred = make_cred(self.g, kind)
        n = self.counter.get(layer, 0) + 1
        self.counter[layer] = n
        p = {"id": ("W%03d" if layer == "worktree" else "H%03d") % n, "kind": kind,
             "situation": situation, "layer": layer, "path": None, "line": None, "lines": [],
             "secret": cred.secret, "needles": cred.needles, "commit": None, "alt_paths": [],
             "encoding": "utf-8"}
        self.plants.append(p)
        return cred, p

    def place(self, doc, rel, creds_plants, encoding="utf-8"):
        """Record where each plant of creds_plants landed in doc (to be written at rel)."""
        for cred, p in creds_plants:
            p["path"], p["lines"], p["encoding"] = rel, doc.marks[p["id"]], encoding
            p["line"] = p["lines"][0]

    def plant_file(self, situation, fmt, rel, kinds, layer="worktree", encoding="utf-8",
                   eol="\n", bom=False):
        """Plant one credential of each kind into a new file of format fmt at rel."""
        cps = [self.new_plant(k, situation, layer) for k in kinds]
        doc = config_file(self.g, fmt, [c for c, _ in cps], [p["id"] for _, p in cps])
        self.place(doc, rel, cps, encoding)
        text = doc.text(eol)
        self.repo.write(rel, ("\ufeff" + text if bom else text).encode(encoding))
        return doc, cps

    def decoy(self, doc, kind, value, line_text, layer="worktree"):
        """Add a decoy line to doc; its path is filled in by decoy_file."""
        ln = doc.add(line_text)
        d = {"id": None, "kind": kind, "path": None, "line": ln, "layer": layer, "value": value}
        doc.marks.setdefault("decoys", []).append(d)
        return d

    def decoy_file(self, rel, doc, eol="\n"):
        """Write doc at rel and register its decoys."""
        for d in doc.marks.get("decoys", []):
            d["id"] = "D%03d" % (len(self.decoys) + 1)
            d["path"] = rel
            self.decoys.append(d)
        self.repo.write(rel, doc.text(eol))


# --- work tree situations ----------------------------------------------------

WORKTREE_FORMATS = [  # situation, format, path, kinds
    ("env-file", "env", ".env", ["aws-access-key", "stripe-live-secret-key",
                                 "database-url-password", "password-assignment",
                                 "jwt-signing-secret", "openai-api-key"]),
    ("yaml", "yaml", "config/application.yml", ["aws-temporary-credentials", "slack-bot-token",
                                                "password-assignment", "sendgrid-api-key",
                                                "private-key-ec"]),
    ("json", "json", "config/settings.json", ["google-api-key", "github-pat-fine-grained",
                                              "twilio-auth-token",
                                              "azure-storage-connection-string"]),
    ("python", "python", "app/settings.py", ["aws-access-key", "github-pat-classic",
                                             "private-key-rsa", "database-url-password",
                                             "slack-user-token"]),
    ("javascript", "js", "src/config.js", ["stripe-live-secret-key", "slack-webhook-url",
                                           "openai-api-key", "npm-token", "jwt-token"]),
    ("go", "go", "internal/config/secrets.go", ["gitlab-pat", "aws-access-key", "private-key-ec",
                                                "twilio-api-key"]),
    ("java-properties", "properties", "src/main/resources/application.properties",
     ["password-assignment", "twilio-auth-token", "google-api-key", "database-url-password"]),
    ("xml", "xml", "App.config", ["password-assignment", "aws-access-key",
                                  "azure-storage-connection-string", "sendgrid-api-key"]),
    ("terraform-tf", "tf", "infra/locals.tf", ["google-api-key", "password-assignment",
                                               "github-oauth-token", "private-key-rsa"]),
    ("shell-script", "shell", "scripts/deploy.sh", ["aws-temporary-credentials",
                                                    "github-pat-classic", "slack-user-token",
                                                    "pypi-token"]),
    ("dockerfile", "dockerfile", "Dockerfile", ["npm-token", "pypi-token", "password-assignment",
                                                "github-oauth-token"]),
    ("ini", "ini", "config/app.ini", ["password-assignment", "gitlab-pat", "jwt-signing-secret"]),
    ("markdown", "markdown", "docs/operations.md", ["github-pat-classic", "aws-access-key",
                                                    "slack-webhook-url", "openai-api-key"]),
]


def plant_worktree(c):
    """All work-tree situations (committed at the end, except the git-ignored file)."""
    repo = c.repo
    for situation, fmt, rel, kinds in WORKTREE_FORMATS:
        c.plant_file(situation, fmt, rel, kinds)
    c.plant_file("env-file-other-name", "env", "deploy/production.env",
                 ["password-assignment", "database-url-password", "stripe-live-secret-key"])
    plant_terraform_provider(c)
    plant_tfstate(c)
    plant_notebook(c)
    plant_compose(c)
    plant_k8s_secret(c)
    plant_minified(c)
    # CRLF: a Windows batch file and a PEM key saved on Windows.
    c.plant_file("crlf", "bat", "deploy/windows/setup.bat",
                 ["aws-access-key", "password-assignment", "sendgrid-api-key"], eol="\r\n")
    plant_pem_file(c, "crlf", "certs/windows-server.key", "private-key-rsa", eol="\r\n")
    # UTF-16LE: a PowerShell script with BOM, an INI export without BOM.
    c.plant_file("utf16le-bom", "ps1", "scripts/Set-DeployEnv.ps1",
                 ["aws-access-key", "github-pat-classic", "password-assignment"],
                 encoding="utf-16-le", eol="\r\n", bom=True)
    c.plant_file("utf16le-no-bom", "ini", "tools/legacy/export.ini",
                 ["aws-access-key", "gitlab-pat", "stripe-live-secret-key"],
                 encoding="utf-16-le", eol="\r\n")
    plant_escaped(c)
    plant_compact_json(c)
    plant_service_account(c, "config/gcp-service-account.json")
    plant_service_account(c, "config/firebase-adminsdk.json")
    for rel, kind in (("deploy/keys/id_ed25519", "private-key-openssh"),
                      ("certs/server.key", "private-key-rsa"),
                      ("certs/signing-ec.pem", "private-key-ec"),
                      ("certs/tls.key", "private-key-pkcs8")):
        plant_pem_file(c, "pem-file", rel, kind)
    plant_credential_files(c)
    # A git-ignored, untracked .env.local.
    repo.write(".gitignore", "node_modules/\n.env.local\n*.log\n")
    c.plant_file("gitignored-untracked", "env", ".env.local",
                 ["aws-access-key", "stripe-live-secret-key", "password-assignment"])


def plant_pem_file(c, situation, rel, kind, eol="\n"):
    cred, p = c.new_plant(kind, situation, "worktree")
    doc = Doc()
    doc.add(*cred.multiline, mark=p["id"])
    c.place(doc, rel, [(cred, p)])
    p["lines"] = p["lines"][1:-1]          # the body; the BEGIN line is kept as `line`
    p["lines"].insert(0, p["line"])
    c.repo.write(rel, doc.text(eol))


def plant_terraform_provider(c):
    """An AWS provider block with static keys, and an RDS password, in main.tf."""
    cred, p = c.new_plant("aws-access-key", "terraform-tf", "worktree")
    cred2, p2 = c.new_plant("password-assignment", "terraform-tf", "worktree")
    doc = Doc()
    doc.add('terraform {', '  required_version = ">= 1.5"', '}', '', 'provider "aws" {',
            '  region     = "eu-west-1"')
    doc.add('  access_key = "%s"' % cred.pairs[0][1], mark=p["id"])
    doc.add('  secret_key = "%s"' % cred.pairs[1][1], mark=p["id"])
    doc.add('}', '', 'resource "aws_db_instance" "orders" {', '  engine         = "postgres"',
            '  instance_class = "db.t3.micro"', '  username       = "orders"')
    doc.add('  password       = "%s"' % cred2.secret, mark=p2["id"])
    doc.add('}')
    c.place(doc, "infra/main.tf", [(cred, p), (cred2, p2)])
    c.repo.write("infra/main.tf", doc.text())


def plant_tfstate(c):
    """A terraform.tfstate with an IAM access key, a DB password and a sensitive output."""
    ca, pa = c.new_plant("aws-access-key", "terraform-tfstate", "worktree")
    cp, pp = c.new_plant("password-assignment", "terraform-tfstate", "worktree")
    cu, pu = c.new_plant("database-url-password", "terraform-tfstate", "worktree")
    doc = Doc()
    doc.add('{', '  "version": 4,', '  "terraform_version": "1.7.4",', '  "serial": 42,',
            '  "lineage": "3f1d6a52-6f0e-4b1a-9a57-2f7b1c9d8e11",', '  "outputs": {',
            '    "database_url": {')
    doc.add('      "value": "%s",' % cu.pairs[0][1], mark=pu["id"])
    doc.add('      "type": "string",', '      "sensitive": true', '    }', '  },',
            '  "resources": [', '    {', '      "mode": "managed",',
            '      "type": "aws_iam_access_key",', '      "name": "ci",',
            '      "provider": "provider[\\"registry.terraform.io/hashicorp/aws\\"]",',
            '      "instances": [', '        {', '          "schema_version": 0,',
            '          "attributes": {')
    doc.add('            "id": "%s",' % ca.pairs[0][1], mark=pa["id"])
    doc.add('            "secret": "%s",' % ca.pairs[1][1], mark=pa["id"])
    doc.add('            "status": "Active",', '            "user": "ci-deployer"',
            '          },', '          "sensitive_attributes": []', '        }', '      ]',
            '    },', '    {', '      "mode": "managed",', '      "type": "aws_db_instance",',
            '      "name": "orders",', '      "instances": [', '        {',
            '          "attributes": {', '            "engine": "postgres",')
    doc.add('            "password": "%s",' % cp.secret, mark=pp["id"])
    doc.add('            "username": "orders"', '          }', '        }', '      ]', '    }',
            '  ]', '}')
    c.place(doc, "infra/terraform.tfstate", [(ca, pa), (cp, pp), (cu, pu)])
    c.repo.write("infra/terraform.tfstate", doc.text())


def plant_minified(c):
    """Minified bundles: a 1 MiB single line with an AWS pair, two smaller ones."""
    specs = [("public/js/app.min.js", "aws-access-key", 1 << 20, 0.55),
             ("public/js/maps.min.js", "google-api-key", 200_000, 0.3),
             ("public/js/checkout.min.js", "stripe-live-secret-key", 300_000, 0.8)]
    for rel, kind, size, at in specs:
        cred, p = c.new_plant(kind, "minified-js-line", "worktree")
        if kind == "aws-access-key":
            payload = ('var awsCfg={region:"eu-west-1",accessKeyId:"%s",secretAccessKey:"%s"}'
                       % (cred.pairs[0][1], cred.pairs[1][1]))
        else:
            payload = 'var %s="%s"' % (camel(cred.pairs[0][0]), cred.secret)
        doc = Doc()
        doc.add(minified_js(c.g, size, payload, at), mark=p["id"])
        c.place(doc, rel, [(cred, p)])
        c.repo.write(rel, doc.text(final=False))


def plant_escaped(c):
    """Secrets inside quoted strings with escapes: JSON \\" and \\/, Python \\", YAML."""
    doc = Doc()
    cps = []
    doc.add("{", '  "version": "0.2.0",', '  "configurations": [', "    {",
            '      "name": "Deploy",', '      "type": "node",')
    cg, pg = c.new_plant("github-pat-classic", "escaped-string", "worktree")
    doc.add('      "args": ["--header", "Authorization: token %s", "--retry", "3"],' % cg.secret,
            mark=pg["id"])
    cs, ps = c.new_plant("slack-bot-token", "escaped-string", "worktree")
    doc.add('      "command": "curl -s -H \\"Authorization: Bearer %s\\" https://slack.com/api/chat.postMessage",'
            % cs.secret, mark=ps["id"])
    ca, pa = c.new_plant("aws-access-key", "escaped-string", "worktree")
    sec = ca.pairs[1][1]
    if "/" not in sec:
        sec = sec[:20] + "/" + sec[21:]
        ca.pairs[1] = ("aws_secret_access_key", sec)
        ca.needles[1] = needle(sec)
    doc.add('      "env": {"AWS_ACCESS_KEY_ID": "%s",' % ca.pairs[0][1], mark=pa["id"])
    doc.add('              "AWS_SECRET_ACCESS_KEY": "%s"},' % sec.replace("/", "\\/"),
            mark=pa["id"])
    cd, pd = c.new_plant("database-url-password", "escaped-string", "worktree")
    doc.add('      "preLaunchTask": "export DATABASE_URL=\\"%s\\" && npm run migrate"'
            % cd.pairs[0][1], mark=pd["id"])
    doc.add("    }", "  ]", "}")
    cps = [(cg, pg), (cs, ps), (ca, pa), (cd, pd)]
    c.place(doc, ".vscode/launch.json", cps)
    c.repo.write(".vscode/launch.json", doc.text())
    # Python: the secret inside an escaped, quoted shell command.
    doc = Doc()
    cp, pp = c.new_plant("password-assignment", "escaped-string", "worktree")
    co, po = c.new_plant("openai-api-key", "escaped-string", "worktree")
    doc.add("import subprocess", "", "def restore(dump):")
    doc.add('    cmd = "PGPASSWORD=\\"%s\\" pg_restore -h db -U orders \\"%%s\\"" %% dump'
            % cp.secret, mark=pp["id"])
    doc.add("    subprocess.run(cmd, shell=True, check=True)", "", "")
    doc.add("HEADERS = {'Authorization': 'Bearer %s', 'X-Note': 'it\\'s ok'}" % co.secret,
            mark=po["id"])
    c.place(doc, "tools/restore.py", [(cp, pp), (co, po)])
    c.repo.write("tools/restore.py", doc.text())


def plant_compact_json(c):
    """Compact JSON (no whitespace): STS output saved to a file, and a JSON-lines log."""
    cred, p = c.new_plant("aws-temporary-credentials", "json-compact", "worktree")
    kid, sec, tok = (v for _, v in cred.pairs)
    doc = Doc()
    doc.add(json.dumps({"Credentials": {"AccessKeyId": kid, "SecretAccessKey": sec,
                                        "SessionToken": tok, "Expiration": "2024-03-01T20:00:00Z"},
                        "AssumedRoleUser": {"Arn": "arn:aws:sts::210987654321:assumed-role/ci/job"}},
                       separators=(",", ":")), mark=p["id"])
    c.place(doc, "ci/assume-role-output.json", [(cred, p)])
    c.repo.write("ci/assume-role-output.json", doc.text())
    doc = Doc()
    cps = []
    for kind in ("stripe-live-secret-key", "github-pat-classic", "sendgrid-api-key"):
        doc.add(json.dumps({"ts": "2024-03-01T10:%02d:00Z" % len(doc.lines), "level": "info",
                            "msg": "request", "path": "/v1/" + c.g.pick(WORDS)},
                           separators=(",", ":")))
        cred, p = c.new_plant(kind, "json-compact", "worktree")
        doc.add(json.dumps({"ts": "2024-03-01T10:%02d:00Z" % len(doc.lines), "level": "debug",
                            "msg": "outgoing", "headers": {"authorization": "Bearer " + cred.secret}},
                           separators=(",", ":")), mark=p["id"])
        cps.append((cred, p))
    c.place(doc, "logs/requests.jsonl", cps)
    c.repo.write("logs/requests.jsonl", doc.text())


def plant_service_account(c, rel):
    """A Google service-account JSON: the PEM key is one JSON string with \\n escapes."""
    cred, p = c.new_plant("private-key-pkcs8", "json-string-pem-escaped", "worktree")
    doc = Doc()
    doc.add("{", '  "type": "service_account",', '  "project_id": "kestrel-prod-4711",')
    doc.add('  "private_key_id": "%s",' % c.g.s(HEX, 40), mark=p["id"])
    key_line = doc.add('  "private_key": %s,' % json.dumps("\n".join(cred.multiline) + "\n"),
                       mark=p["id"])
    doc.add('  "client_email": "deployer@kestrel-prod-4711.iam.gserviceaccount.com",',
            '  "client_id": "%s",' % c.g.digits(21), '  "token_uri": "https://oauth2.googleapis.com/token"',
            "}")
    c.place(doc, rel, [(cred, p)])
    p["line"] = key_line          # the key itself; the key id line above counts too
    c.repo.write(rel, doc.text())


def plant_notebook(c):
    """A Jupyter notebook: each source line is a JSON string ending in \\n."""
    co, po = c.new_plant("openai-api-key", "jupyter-notebook", "worktree")
    ca, pa = c.new_plant("aws-access-key", "jupyter-notebook", "worktree")
    cp, pp = c.new_plant("password-assignment", "jupyter-notebook", "worktree")
    doc = Doc()
    doc.add("{", ' "cells": [', "  {", '   "cell_type": "code",', '   "execution_count": 1,',
            '   "metadata": {},', '   "outputs": [],', '   "source": [', '    "import os\\n",')
    doc.add('    "os.environ[\\"OPENAI_API_KEY\\"] = \\"%s\\"\\n",' % co.secret, mark=po["id"])
    doc.add('    "s3 = boto3.client(\\"s3\\",\\n",')
    doc.add('    "    aws_access_key_id=\\"%s\\",\\n",' % ca.pairs[0][1], mark=pa["id"])
    doc.add('    "    aws_secret_access_key=\\"%s\\")\\n",' % ca.pairs[1][1], mark=pa["id"])
    doc.add('    "conn = psycopg2.connect(host=\\"db\\", user=\\"analyst\\",\\n",')
    doc.add('    "    password=\\"%s\\")"' % cp.secret, mark=pp["id"])
    doc.add("   ]", "  }", " ],", ' "metadata": {"kernelspec": {"name": "python3"}},',
            ' "nbformat": 4,', ' "nbformat_minor": 5', "}")
    c.place(doc, "notebooks/explore.ipynb", [(co, po), (ca, pa), (cp, pp)])
    c.repo.write("notebooks/explore.ipynb", doc.text())


def plant_compose(c):
    """docker-compose: a map-style environment and a list-style one."""
    cp, pp = c.new_plant("password-assignment", "docker-compose", "worktree")
    cu, pu = c.new_plant("database-url-password", "docker-compose", "worktree")
    cs, ps = c.new_plant("stripe-live-secret-key", "docker-compose", "worktree")
    doc = Doc()
    doc.add("services:", "  db:", "    image: postgres:16", "    environment:",
            "      POSTGRES_USER: orders")
    doc.add("      POSTGRES_PASSWORD: %s" % cp.secret, mark=pp["id"])
    doc.add("  app:", "    image: registry.kestrel.invalid/orders:1.4.2", "    environment:",
            "      - LOG_LEVEL=info")
    doc.add("      - DATABASE_URL=%s" % cu.pairs[0][1], mark=pu["id"])
    doc.add("      - STRIPE_SECRET_KEY=%s" % cs.secret, mark=ps["id"])
    doc.add("    ports:", '      - "8080:8080"')
    c.place(doc, "deploy/docker-compose.prod.yml", [(cp, pp), (cu, pu), (cs, ps)])
    c.repo.write("deploy/docker-compose.prod.yml", doc.text())


def plant_k8s_secret(c):
    """A Kubernetes Secret manifest: stringData in clear, data base64-encoded."""
    cp, pp = c.new_plant("password-assignment", "k8s-secret-manifest", "worktree")
    cb, pb = c.new_plant("k8s-secret-data-base64", "k8s-secret-manifest", "worktree")
    doc = Doc()
    doc.add("apiVersion: v1", "kind: Secret", "metadata:", "  name: orders-db",
            "  namespace: prod", "type: Opaque", "stringData:", "  DB_USER: orders")
    doc.add("  DB_PASSWORD: %s" % cp.secret, mark=pp["id"])
    doc.add("data:")
    doc.add("  DATABASE_URL: %s" % cb.secret, mark=pb["id"])
    c.place(doc, "k8s/orders-db-secret.yaml", [(cp, pp), (cb, pb)])
    c.repo.write("k8s/orders-db-secret.yaml", doc.text())


def plant_credential_files(c):
    """.netrc, .git-credentials, .npmrc, .docker/config.json, .pypirc, .aws/credentials."""
    plant_netrc(c)
    plant_git_credentials(c)
    plant_npmrc(c)
    plant_docker_config(c)
    plant_pypirc(c)
    plant_aws_credentials(c)


def plant_netrc(c):
    doc, cps = Doc(), []
    for host in ("ci.%s.internal" % COMPANY, "artifacts.%s.internal" % COMPANY):
        cred, p = c.new_plant("netrc-password", "netrc", "worktree")
        doc.add("machine %s login deploy password %s" % (host, cred.secret), mark=p["id"])
        cps.append((cred, p))
    c.place(doc, "home/.netrc", cps)
    c.repo.write("home/.netrc", doc.text())


def plant_git_credentials(c):
    doc, cps = Doc(), []
    cred, p = c.new_plant("git-credentials-password", "git-credentials", "worktree")
    doc.add("https://deploy:%s@git.%s.internal" % (cred.secret, COMPANY), mark=p["id"])
    cps.append((cred, p))
    cred, p = c.new_plant("gitlab-pat", "git-credentials", "worktree")
    doc.add("https://oauth2:%s@gitlab.com" % cred.secret, mark=p["id"])
    cps.append((cred, p))
    c.place(doc, "home/.git-credentials", cps)
    c.repo.write("home/.git-credentials", doc.text())


def plant_npmrc(c):
    doc, cps = Doc(), []
    doc.add("registry=https://registry.npmjs.org/", "always-auth=true")
    cred, p = c.new_plant("npm-token", "npmrc", "worktree")
    doc.add("//registry.npmjs.org/:_authToken=%s" % cred.secret, mark=p["id"])
    cps.append((cred, p))
    cred, p = c.new_plant("npmrc-auth", "npmrc", "worktree")
    doc.add("//npm.%s.internal/:_auth=%s" % (COMPANY, cred.secret), mark=p["id"])
    cps.append((cred, p))
    c.place(doc, "home/.npmrc", cps)
    c.repo.write("home/.npmrc", doc.text())


def plant_docker_config(c):
    doc, cps = Doc(), []
    doc.add("{", '  "auths": {')
    for i, host in enumerate(("registry.%s.internal" % COMPANY, "ghcr.io")):
        cred, p = c.new_plant("docker-config-auth", "docker-config", "worktree")
        doc.add('    "%s": {' % host)
        doc.add('      "auth": "%s"' % cred.secret, mark=p["id"])
        doc.add("    }" + ("," if i == 0 else ""))
        cps.append((cred, p))
    doc.add("  },", '  "credsStore": ""', "}")
    c.place(doc, "home/.docker/config.json", cps)
    c.repo.write("home/.docker/config.json", doc.text())


def plant_pypirc(c):
    doc = Doc()
    cred, p = c.new_plant("pypi-token", "pypirc", "worktree")
    doc.add("[distutils]", "index-servers =", "    pypi", "", "[pypi]", "username = __token__")
    doc.add("password = %s" % cred.secret, mark=p["id"])
    c.place(doc, "home/.pypirc", [(cred, p)])
    c.repo.write("home/.pypirc", doc.text())


def plant_aws_credentials(c):
    doc, cps = Doc(), []
    for profile, kind in (("default", "aws-access-key"), ("ci", "aws-temporary-credentials")):
        cred, p = c.new_plant(kind, "aws-credentials-file", "worktree")
        doc.add("[%s]" % profile)
        render(doc, "ini", cred, p["id"])
        doc.add("region = eu-west-1", "")
        cps.append((cred, p))
    c.place(doc, "home/.aws/credentials", cps)
    c.repo.write("home/.aws/credentials", doc.text())


# --- decoys ------------------------------------------------------------------

def write_decoys(c):
    """Files of decoys: values that look like secrets but are not (see module doc)."""
    decoys_docs(c)
    decoys_env_example(c)
    decoys_code_references(c)
    decoys_compose_and_terraform(c)
    decoys_hashes(c)
    decoys_blobs(c)
    decoys_test_fixtures(c)
    decoys_public_material(c)
    decoys_documented_examples(c)


def decoys_docs(c):
    """Documentation: AWS's example keys, placeholders in prose and commands."""
    doc = Doc()
    doc.add("# AWS credentials", "", "The AWS documentation uses these example values:", "", "```ini",
            "[default]")
    c.decoy(doc, "aws-doc-example-key-id", "AKIAIOSFODNN7EXAMPLE",
            "aws_access_key_id = AKIAIOSFODNN7EXAMPLE")
    c.decoy(doc, "aws-doc-example-secret", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
    doc.add("```", "", "Never commit a real key; use a placeholder such as:", "")
    c.decoy(doc, "aws-placeholder-key-id", "AKIAXXXXXXXXXXXXXXXX",
            "    aws_access_key_id = AKIAXXXXXXXXXXXXXXXX")
    doc.add("")
    c.decoy(doc, "placeholder-angle", "<your-github-token>",
            "    export GITHUB_TOKEN=<your-github-token>")
    c.decoy(doc, "placeholder-angle", "<token>",
            '    curl -H "Authorization: Bearer <token>" https://api.kestrel.invalid/v1/orders')
    c.decoy(doc, "placeholder-url-password", "<password>",
            "    DATABASE_URL=postgres://app:<password>@localhost:5432/app")
    c.decoy_file("docs/credentials.md", doc)


def decoys_env_example(c):
    """.env.example: placeholders, references, changeme."""
    doc = Doc()
    doc.add("# Copy to .env and fill in")
    c.decoy(doc, "aws-placeholder-key-id", "AKIAXXXXXXXXXXXXXXXX", "AWS_ACCESS_KEY_ID=AKIAXXXXXXXXXXXXXXXX")
    c.decoy(doc, "env-reference", "${AWS_SECRET_ACCESS_KEY}",
            "AWS_SECRET_ACCESS_KEY=${AWS_SECRET_ACCESS_KEY}")
    c.decoy(doc, "placeholder-text", "your-api-key-here", "STRIPE_SECRET_KEY=your-api-key-here")
    c.decoy(doc, "placeholder-text", "your-api-key-here", "OPENAI_API_KEY=your-api-key-here")
    c.decoy(doc, "placeholder-changeme", "changeme", "DB_PASSWORD=changeme")
    c.decoy(doc, "placeholder-url-password", "<password>",
            "DATABASE_URL=postgres://orders:<password>@db:5432/orders")
    c.decoy(doc, "placeholder-angle", "<password>", "SMTP_PASSWORD=<password>")
    c.decoy_file(".env.example", doc)


def decoys_code_references(c):
    """Code that reads secrets from the environment or settings."""
    doc = Doc()
    doc.add("import os", "", "")
    c.decoy(doc, "variable-reference", 'os.environ["DB_PASSWORD"]',
            'password = os.environ["DB_PASSWORD"]')
    c.decoy(doc, "variable-reference", 'os.getenv("STRIPE_SECRET_KEY")',
            'stripe_api_key = os.getenv("STRIPE_SECRET_KEY")')
    c.decoy(doc, "variable-reference", "settings.GITHUB_TOKEN",
            "GITHUB_TOKEN = settings.GITHUB_TOKEN")
    c.decoy(doc, "variable-reference", 'os.environ["AWS_SECRET_ACCESS_KEY"]',
            'aws_secret_access_key = os.environ["AWS_SECRET_ACCESS_KEY"]')
    c.decoy_file("app/db.py", doc)

    doc = Doc()
    doc.add("const { Octokit } = require('@octokit/rest');", "")
    c.decoy(doc, "variable-reference", "process.env.GITHUB_TOKEN",
            "const token = process.env.GITHUB_TOKEN;")
    c.decoy(doc, "variable-reference", "process.env.SLACK_BOT_TOKEN",
            "const slackToken = process.env.SLACK_BOT_TOKEN || '';")
    doc.add("module.exports = new Octokit({ auth: token });")
    c.decoy_file("src/github.js", doc)


def decoys_compose_and_terraform(c):
    """docker-compose and Terraform: references, templates, redacted values."""
    doc = Doc()
    doc.add("services:", "  db:", "    image: postgres:16", "    environment:")
    c.decoy(doc, "placeholder-changeme", "changeme", "      POSTGRES_PASSWORD: changeme")
    doc.add("  app:", "    build: .", "    environment:")
    c.decoy(doc, "env-reference", "${AWS_SECRET_ACCESS_KEY}",
            "      AWS_SECRET_ACCESS_KEY: ${AWS_SECRET_ACCESS_KEY}")
    c.decoy(doc, "env-reference", "${API_TOKEN:?set API_TOKEN}",
            "      API_TOKEN: ${API_TOKEN:?set API_TOKEN}")
    c.decoy(doc, "template-reference", "{{ .Values.db.password }}",
            '      DB_PASSWORD: "{{ .Values.db.password }}"')
    c.decoy(doc, "redacted", "********", '      SMTP_PASSWORD: "********"')
    c.decoy_file("docker-compose.yml", doc)

    doc = Doc()
    doc.add('variable "db_password" {', "  type      = string", "  sensitive = true", "}", "",
            'resource "aws_db_instance" "reports" {', '  engine   = "postgres"')
    c.decoy(doc, "variable-reference", "var.db_password", "  password = var.db_password")
    doc.add("}")
    c.decoy_file("infra/variables.tf", doc)


def decoys_hashes(c):
    """SHA-256 checksums, SHA-1 commit ids, UUIDs."""
    g = c.g
    doc = Doc()   # SHA-256 checksums and SHA-1 commit ids
    for name in ("orders-1.4.2.tar.gz", "orders-1.4.2.whl", "orders-cli-linux-amd64"):
        h = g.s(HEX, 64)
        c.decoy(doc, "sha256-hex", h, "%s  %s" % (h, name))
    c.decoy_file("dist/SHA256SUMS", doc)
    doc = Doc()
    doc.add("# Commits that only reformatted code")
    for _ in range(3):
        h = g.s(HEX, 40)
        c.decoy(doc, "sha1-hex", h, h)
    c.decoy_file(".git-blame-ignore-revs", doc)

    doc = Doc()
    doc.add("[")
    for i in range(4):
        u = "%s-%s-4%s-%s%s-%s" % (g.s(HEX, 8), g.s(HEX, 4), g.s(HEX, 3), g.pick("89ab"),
                                   g.s(HEX, 3), g.s(HEX, 12))
        c.decoy(doc, "uuid", u, '  {"id": "%s", "name": "%s"}%s' % (u, g.pick(WORDS),
                                                                     "," if i < 3 else ""))
    doc.add("]")
    c.decoy_file("data/fixtures/customers.json", doc)


def decoys_blobs(c):
    """Base64 image data, lock-file integrity hashes, go.sum hashes."""
    g = c.g
    doc = Doc()
    png = "iVBORw0KGgoAAAANSUhEUgAA" + g.s(B64, 2400) + "AAAAAElFTkSuQmCC"
    doc.add(".logo {", "  width: 64px;")
    c.decoy(doc, "base64-image", png[:40], "  background-image: url(data:image/png;base64,%s);" % png)
    doc.add("}")
    c.decoy_file("public/css/logo.css", doc)
    doc = Doc()
    blob = base64.b64encode(bytes(g.r.randrange(256) for _ in range(900))).decode()
    doc.add("{", '  "name": "placeholder-avatar",', '  "mime": "image/jpeg",')
    c.decoy(doc, "base64-image", blob[:40], '  "data": "/9j/4AAQSkZJRgABAQ%s"' % blob)
    doc.add("}")
    c.decoy_file("data/avatar.json", doc)

    doc = Doc()
    doc.add("{", '  "name": "orders-web",', '  "version": "1.4.2",', '  "lockfileVersion": 3,',
            '  "packages": {')
    for i, pkg in enumerate(("lodash", "express", "axios", "react", "zod")):
        integ = "sha512-" + base64.b64encode(bytes(g.r.randrange(256) for _ in range(64))).decode()
        doc.add('    "node_modules/%s": {' % pkg, '      "version": "4.%d.%d",' % (i, i + 3),
                '      "resolved": "https://registry.npmjs.org/%s/-/%s-4.%d.%d.tgz",' % (pkg, pkg, i, i + 3))
        c.decoy(doc, "lockfile-integrity", integ, '      "integrity": "%s"' % integ)
        doc.add("    }" + ("," if i < 4 else ""))
    doc.add("  }", "}")
    c.decoy_file("package-lock.json", doc)

    doc = Doc()
    for mod in ("github.com/google/uuid v1.6.0", "golang.org/x/crypto v0.21.0"):
        h = base64.b64encode(bytes(g.r.randrange(256) for _ in range(32))).decode()
        c.decoy(doc, "go-sum-hash", h, "%s h1:%s" % (mod, h))
    c.decoy_file("go.sum", doc)


def decoys_test_fixtures(c):
    """Obviously fake values in test fixtures."""
    doc = Doc()
    doc.add('"""Fixtures for unit tests: none of these values is a credential."""', "")
    c.decoy(doc, "test-fixture", "not-a-real-password", 'FAKE_PASSWORD = "not-a-real-password"')
    c.decoy(doc, "test-fixture", "ghp_000000000000000000000000000000000000",
            'FAKE_GITHUB_TOKEN = "ghp_000000000000000000000000000000000000"')
    c.decoy(doc, "test-fixture", "sk_live_xxxxxxxxxxxxxxxxxxxxxxxx",
            'FAKE_STRIPE_KEY = "sk_live_xxxxxxxxxxxxxxxxxxxxxxxx"')
    c.decoy(doc, "test-fixture", "dummy-token-for-unit-tests",
            'DUMMY_API_TOKEN = "dummy-token-for-unit-tests"')
    c.decoy(doc, "test-fixture", "postgres://test:test@localhost:5432/test_db",
            'TEST_DATABASE_URL = "postgres://test:test@localhost:5432/test_db"')
    c.decoy_file("tests/fixtures/fake_credentials.py", doc)


def decoys_public_material(c):
    """Public keys, a certificate, AWS identifiers, an LFS pointer, Spring references."""
    g = c.g
    doc = Doc()
    pub = "AAAAC3NzaC1lZDI1NTE5AAAAI" + g.s(B64, 43)
    c.decoy(doc, "ssh-public-key", pub, "ssh-ed25519 %s deploy@ci" % pub)
    c.decoy_file("deploy/keys/id_ed25519.pub", doc)
    doc = Doc()
    cert = "MIIDdzCCAl+gAwIBAgIE" + g.s(B64, 1100)
    doc.add("-----BEGIN CERTIFICATE-----")
    c.decoy(doc, "certificate", cert[:64], cert[:64])
    doc.add(*[cert[i:i + 64] for i in range(64, len(cert), 64)])
    doc.add("-----END CERTIFICATE-----", "-----BEGIN PUBLIC KEY-----")
    pk = "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA" + g.s(B64, 348)
    c.decoy(doc, "public-key", pk[:64], pk[:64])
    doc.add(*[pk[i:i + 64] for i in range(64, len(pk), 64)])
    doc.add("-----END PUBLIC KEY-----")
    c.decoy_file("certs/ca-bundle.pem", doc)

    doc = Doc()
    doc.add("{", '  "User": {', '    "UserName": "ci-deployer",')
    uid = "AIDA" + g.s(B32, 17)
    c.decoy(doc, "aws-identity-id", uid, '    "UserId": "%s",' % uid)
    c.decoy(doc, "aws-arn", "arn:aws:iam::210987654321:user/ci-deployer",
            '    "Arn": "arn:aws:iam::210987654321:user/ci-deployer"')
    doc.add("  },", '  "Role": {')
    rid = "AROA" + g.s(B32, 17)
    c.decoy(doc, "aws-identity-id", rid, '    "RoleId": "%s"' % rid)
    doc.add("  }", "}")
    c.decoy_file("docs/iam-get-user.json", doc)

    doc = Doc()
    oid = g.s(HEX, 64)
    doc.add("version https://git-lfs.github.com/spec/v1")
    c.decoy(doc, "lfs-pointer-sha256", oid, "oid sha256:%s" % oid)
    doc.add("size 48213")
    c.decoy_file("assets/video/intro.mp4", doc)

    doc = Doc()
    doc.add("spring.datasource.url=jdbc:postgresql://db:5432/orders",
            "spring.datasource.username=orders")
    c.decoy(doc, "env-reference", "${DB_PASSWORD}", "spring.datasource.password=${DB_PASSWORD}")
    c.decoy(doc, "env-reference", "${JWT_SECRET}", "app.jwt.secret=${JWT_SECRET}")
    c.decoy_file("src/main/resources/application-prod.properties", doc)


def decoys_documented_examples(c):
    """Vendors' documented example values, a PEM placeholder, CI secret references."""
    doc = Doc()
    doc.add("# Integrations", "", "A token looks like the example on jwt.io:", "")
    jwt = ("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9l"
           "IiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c")
    c.decoy(doc, "documented-example-jwt", jwt, "    Authorization: Bearer %s" % jwt)
    doc.add("", "Slack's documentation shows the webhook URL shape:", "")
    hook = "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX"
    c.decoy(doc, "documented-example-webhook", hook, "    SLACK_WEBHOOK_URL=%s" % hook)
    doc.add("", "Paste the deploy key into the vault entry, like this:", "", "```")
    c.decoy(doc, "pem-placeholder", "-----BEGIN RSA PRIVATE KEY-----",
            "-----BEGIN RSA PRIVATE KEY-----")
    doc.add("...", "-----END RSA PRIVATE KEY-----", "```")
    c.decoy_file("docs/integrations.md", doc)
    doc = Doc()
    doc.add("name: deploy", "on: [push]", "jobs:", "  deploy:", "    runs-on: ubuntu-latest",
            "    env:")
    c.decoy(doc, "ci-secret-reference", "${{ secrets.AWS_SECRET_ACCESS_KEY }}",
            "      AWS_SECRET_ACCESS_KEY: ${{ secrets.AWS_SECRET_ACCESS_KEY }}")
    c.decoy(doc, "ci-secret-reference", "${{ secrets.DB_PASSWORD }}",
            "      DB_PASSWORD: ${{ secrets.DB_PASSWORD }}")
    doc.add("    steps:", "      - run: ./scripts/deploy.sh")
    c.decoy_file(".github/workflows/deploy.yml", doc)


def write_bulk(c):
    """Harmless source files and docs so the tree is not only secrets."""
    g = c.g
    for i in range(60):
        lang = ("py", "js", "go", "md")[i % 4]
        ext = {"py": "py", "js": "js", "go": "go", "md": "md"}[lang]
        top = {"py": "app", "js": "src", "go": "internal", "md": "docs"}[lang]
        rel = "%s/%s/%s_%d.%s" % (top, g.pick(WORDS), g.pick(WORDS), i, ext)
        c.repo.write(rel, source_file(g, lang, g.r.randint(5, 40)))
    c.repo.write("README.md", "# orders\n\nThe order service of Kestrel Logistics (a made-up company).\n")


# --- history situations ------------------------------------------------------

def history_file(c, situation, fmt, rel, kinds):
    """Plant kinds into a new file at rel (history layer) and return its plants."""
    _, cps = c.plant_file(situation, fmt, rel, kinds, layer="history")
    return [p for _, p in cps]


def set_commit(plants, commit):
    for p in plants:
        p["commit"] = commit


def plant_history(c):
    """History situations; the work tree is back on main afterwards, without them."""
    history_deleted(c)
    history_renamed(c)
    history_commit_messages(c)
    history_merge(c)
    history_unmerged_branch(c)
    history_tag_only(c)


def history_deleted(c):
    """A whole file deleted later, and lines removed from a kept file."""
    repo = c.repo
    ps = history_file(c, "deleted-later", "yaml", "config/old-credentials.yml",
                      ["aws-access-key", "private-key-rsa"])
    set_commit(ps, repo.commit("Add credentials for the old cluster"))
    ps2 = history_file(c, "deleted-later", "python", "app/legacy_sync.py",
                       ["github-pat-classic", "database-url-password", "slack-webhook-url"])
    set_commit(ps2, repo.commit("Legacy sync job"))
    repo.write("app/notes.txt", "sync moved to the scheduler\n")
    repo.commit("Notes")
    repo.git("rm", "-q", "config/old-credentials.yml")
    repo.commit("Remove old cluster credentials")
    drop_plant_lines(c, "app/legacy_sync.py", ps2)
    repo.commit("legacy sync: read secrets from the environment")


def history_renamed(c):
    """The file moves, then the secret lines are removed at the new path."""
    repo = c.repo
    ps = history_file(c, "renamed-file", "python", "config/legacy_settings.py",
                      ["aws-access-key", "google-api-key", "twilio-auth-token"])
    set_commit(ps, repo.commit("Settings for the legacy importer"))
    repo.git("mv", "config/legacy_settings.py", "config/importer_settings.py")
    repo.commit("Rename legacy settings")
    for p in ps:
        p["alt_paths"] = ["config/importer_settings.py"]
    drop_plant_lines(c, "config/importer_settings.py", ps)
    repo.commit("importer settings: no inline secrets")


def history_commit_messages(c):
    """Secrets pasted into commit messages (line 4 of the message; AWS: lines 4-5)."""
    repo = c.repo
    for kind in ("github-pat-classic", "aws-access-key", "slack-bot-token"):
        cred, p = c.new_plant(kind, "commit-message", "history")
        body = ["Fix the release job", "", "It failed with 401 because the token expired.",
                "New value: %s" % cred.secret if kind != "aws-access-key" else
                "aws_access_key_id=%s" % cred.pairs[0][1]]
        if kind == "aws-access-key":
            body.append("aws_secret_access_key=%s" % cred.pairs[1][1])
            p["lines"] = [4, 5]
        else:
            p["lines"] = [4]
        p["line"] = 4
        repo.write("CHANGELOG.md", repo_read_or(repo, "CHANGELOG.md") + "- release job fix\n")
        repo.git("add", "-A")
        repo.git("commit", "-q", "--no-verify", "-F", "-", inp="\n".join(body) + "\n")
        p["commit"] = repo.git("rev-parse", "HEAD")


def history_merge(c):
    """The secret enters in the merge commit itself (an "evil merge"), removed later."""
    repo, g = c.repo, c.g
    repo.git("checkout", "-q", "-b", "feature/reporting")
    repo.write("app/reporting.py", source_file(g, "py", 4))
    repo.commit("Reporting module")
    repo.git("checkout", "-q", "main")
    repo.write("app/scheduler.py", source_file(g, "py", 3))
    repo.commit("Scheduler")
    repo.git("merge", "-q", "--no-ff", "--no-commit", "feature/reporting")
    ps = history_file(c, "merge-commit", "env", "config/reporting.env",
                      ["aws-access-key", "stripe-live-secret-key", "password-assignment"])
    repo.git("add", "-A")
    repo.git("commit", "-q", "--no-verify", "-m", "Merge branch 'feature/reporting'")
    set_commit(ps, repo.git("rev-parse", "HEAD"))
    repo.git("rm", "-q", "config/reporting.env")
    repo.commit("Reporting: configuration from the vault")
    repo.git("branch", "-q", "-D", "feature/reporting")


def history_unmerged_branch(c):
    """Only on a branch that is never merged (the branch ref stays)."""
    repo = c.repo
    repo.git("checkout", "-q", "-b", "feature/payments-v2")
    ps = history_file(c, "unmerged-branch", "js", "src/payments/config.js",
                      ["aws-access-key", "stripe-live-secret-key", "openai-api-key"])
    set_commit(ps, repo.commit("WIP payments v2"))
    repo.git("checkout", "-q", "main")


def history_tag_only(c):
    """Only under an annotated tag: the branch is deleted, the tag keeps the commit."""
    repo = c.repo
    repo.git("checkout", "-q", "-b", "release/0.9")
    ps = history_file(c, "tag-only", "shell", "scripts/release.sh",
                      ["aws-temporary-credentials", "gitlab-pat", "npm-token"])
    set_commit(ps, repo.commit("Release 0.9 candidate"))
    repo.git("tag", "-a", "v0.9.0-rc1", "-m", "0.9.0 release candidate 1")
    repo.git("checkout", "-q", "main")
    repo.git("branch", "-q", "-D", "release/0.9")


def plant_stash(c):
    """Secrets only in `git stash`: tracked files changed, then stashed."""
    repo = c.repo
    cps = []
    for rel, fmt, kinds in (("config/application.yml", "yaml",
                             ["aws-access-key", "github-pat-fine-grained"]),
                            ("app/settings.py", "python",
                             ["password-assignment", "sendgrid-api-key"])):
        doc = Doc()
        doc.add(*repo.read(rel).rstrip("\n").split("\n"))
        plants = []
        for kind in kinds:
            cred, p = c.new_plant(kind, "stash-only", "history")
            doc.add(*filler_lines(c.g, fmt, 2))
            render(doc, fmt, cred, p["id"])
            plants.append((cred, p))
        c.place(doc, rel, plants)
        repo.write(rel, doc.text())
        cps += plants
    repo.git("stash", "push", "-q", "-m", "WIP: try staging credentials")
    stash = repo.git("rev-parse", "refs/stash")
    set_commit([p for _, p in cps], stash)


def drop_plant_lines(c, rel, plants):
    """Remove the lines of plants from the file at rel (history: secret no longer there)."""
    drop = {ln for p in plants for ln in p["lines"]}
    lines = c.repo.read(rel).split("\n")
    kept = [ln for i, ln in enumerate(lines, 1) if i not in drop]
    c.repo.write(rel, "\n".join(kept))


def repo_read_or(repo, rel):
    try:
        return repo.read(rel)
    except FileNotFoundError:
        return "# Changelog\n\n"


# ----------------------------------------------------------------------------

SITUATIONS = {
    "env-file": ".env file at the root (tracked)",
    "env-file-other-name": "dotenv syntax in a file named *.env (deploy/production.env)",
    "jupyter-notebook": "Jupyter notebook cell (JSON strings with escapes)",
    "docker-compose": "docker-compose environment (map and list style)",
    "k8s-secret-manifest": "Kubernetes Secret manifest (stringData and base64 data)",
    "yaml": "YAML config", "json": "pretty-printed JSON config", "python": "Python module",
    "javascript": "JavaScript module", "go": "Go source", "java-properties": "Java .properties",
    "xml": ".NET App.config (XML)", "terraform-tf": "Terraform .tf",
    "terraform-tfstate": "terraform.tfstate", "shell-script": "shell script",
    "dockerfile": "Dockerfile ENV", "ini": "INI file", "markdown": "Markdown code block",
    "minified-js-line": "minified JS, one line of 1 MiB / 200-300 KB",
    "crlf": "CRLF line endings (batch file, PEM key)",
    "utf16le-bom": "UTF-16LE with BOM (PowerShell)", "utf16le-no-bom": "UTF-16LE without BOM (INI)",
    "escaped-string": "inside a quoted string with escapes (\\\" and \\/)",
    "json-compact": "compact JSON without spaces (STS output, JSON-lines log)",
    "json-string-pem-escaped": "PEM key inside one JSON string with \\n escapes (service account)",
    "pem-file": "PEM key file", "netrc": ".netrc", "git-credentials": ".git-credentials",
    "npmrc": ".npmrc", "docker-config": ".docker/config.json", "pypirc": ".pypirc",
    "aws-credentials-file": ".aws/credentials",
    "gitignored-untracked": "git-ignored, untracked .env.local",
    "deleted-later": "committed, then the file or the lines deleted",
    "renamed-file": "committed, file renamed, then the lines removed",
    "commit-message": "in a commit message",
    "merge-commit": "added by a merge commit, removed later",
    "unmerged-branch": "only on an unmerged branch",
    "tag-only": "only under an annotated tag (branch deleted)",
    "stash-only": "only in git stash",
}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=20240301)
    args = ap.parse_args()
    out = os.path.abspath(args.out)
    repo_dir = os.path.join(out, "repo")
    shutil.rmtree(repo_dir, ignore_errors=True)
    os.makedirs(repo_dir)
    c = Corpus(args.seed, out)
    c.repo.git("init", "-q", "-b", "main")
    c.repo.git("config", "user.name", "Ada Lovelace")
    c.repo.git("config", "user.email", "ada@kestrel.invalid")
    c.repo.git("config", "core.autocrlf", "false")
    write_bulk(c)
    write_decoys(c)
    c.repo.commit("Initial import")
    plant_history(c)
    plant_worktree(c)
    c.repo.commit("Configuration for production")
    plant_stash(c)
    truth = {"seed": args.seed, "repo": repo_dir, "situations": SITUATIONS,
             "plants": c.plants, "decoys": c.decoys}
    with open(os.path.join(out, "truth.json"), "w") as f:
        json.dump(truth, f, indent=1)
    n_w = sum(p["layer"] == "worktree" for p in c.plants)
    print("corpus: %s: %d work-tree plants, %d history plants, %d decoys, %d kinds"
          % (repo_dir, n_w, len(c.plants) - n_w, len(c.decoys),
             len({p["kind"] for p in c.plants})), file=sys.stderr)


if __name__ == "__main__":
    main()
