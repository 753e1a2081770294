#!/usr/bin/env bash
# Checks deploy/: the Kubernetes manifests and the GitHub Actions workflow
# parse and hang together, shard-repos.sh puts every repository in exactly one
# shard, and the whole flow runs locally with the built keysweep: three
# repositories sharded in two, each shard scanned by the Job's own pod script
# to JSON Lines, then merged. Usage: check.sh SOURCE_DIR BUILD_DIR.
# Exit 77 (skipped) without python3's yaml module or git.
set -euo pipefail
source_dir=$1
build_dir=$2
deploy="$source_dir/deploy"
python3 -c 'import yaml' 2>/dev/null || { echo "python3 yaml is not installed: skipped"; exit 77; }
command -v git >/dev/null 2>&1 || { echo "git is not installed: skipped"; exit 77; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export HOME="$work" GIT_CONFIG_NOSYSTEM=1 PATH="$build_dir:$PATH"
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.test GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.test

echo "== manifests and workflow"
python3 - "$deploy" <<'PY'
import sys, yaml
deploy = sys.argv[1]
def fail(message):
    sys.exit("FAIL: " + message)
docs = list(yaml.safe_load_all(open(deploy + "/kubernetes/keysweep-audit.yaml")))
kinds = {d["kind"]: d for d in docs}
job, config = kinds["Job"], kinds["ConfigMap"]
spec = job["spec"]
if spec.get("completionMode") != "Indexed": fail("the Job is not Indexed")
container = spec["template"]["spec"]["containers"][0]
env = {e["name"]: e["value"] for e in container["env"]}
if int(env["SHARD_COUNT"]) != spec["completions"]: fail("SHARD_COUNT is not completions")
if spec["parallelism"] > spec["completions"]: fail("parallelism above completions")
script = container["args"][0]
for needed in ["$SHARD_SCRIPT", "--repos-from", "--format jsonl", "$RESULTS/shard-$JOB_COMPLETION_INDEX.jsonl"]:
    if needed not in script: fail("the pod script lacks " + needed)
volumes = {v["name"]: v for v in spec["template"]["spec"]["volumes"]}
mounts = {m["name"]: m["mountPath"] for m in container["volumeMounts"]}
if set(mounts) != set(volumes): fail("mounts and volumes differ")
if volumes["repository-list"]["configMap"]["name"] != config["metadata"]["name"]: fail("the list ConfigMap is not mounted")
if mounts["repository-list"] + "/repos.txt" != env["REPOSITORY_LIST"] or "repos.txt" not in config["data"]:
    fail("REPOSITORY_LIST is not the ConfigMap's repos.txt")
if mounts["shard-script"] + "/shard-repos.sh" != env["SHARD_SCRIPT"]: fail("SHARD_SCRIPT is not mounted")
if mounts["results"] != env["RESULTS"]: fail("RESULTS is not the results volume")
if volumes["results"]["persistentVolumeClaim"]["claimName"] != kinds["PersistentVolumeClaim"]["metadata"]["name"]:
    fail("the results claim is not defined")
merge = yaml.safe_load(open(deploy + "/kubernetes/keysweep-merge.yaml"))
if "keysweep report merge /results/*.jsonl" not in merge["spec"]["template"]["spec"]["containers"][0]["args"][0]:
    fail("the merge Job does not merge /results/*.jsonl")
wf = yaml.safe_load(open(deploy + "/github-actions/audit-matrix.yml"))
jobs = wf["jobs"]
shards = jobs["audit"]["strategy"]["matrix"]["shard"]
if shards != list(range(int(wf["env"]["SHARD_COUNT"]))): fail("the matrix is not 0..SHARD_COUNT-1")
steps = jobs["audit"]["steps"]
runs = "\n".join(s.get("run", "") for s in steps)
if "shard-repos.sh" not in runs or "--repos-from" not in runs or "--format jsonl" not in runs: fail("the shard job does not shard and scan")
uploads = [s for s in steps if s.get("uses", "").startswith("actions/upload-artifact")]
if not uploads or uploads[0]["with"]["name"] != "shard-${{ matrix.shard }}": fail("no artifact per shard")
if "audit" not in jobs["merge"]["needs"]: fail("the merge job does not wait for the shards")
downloads = [s["with"] for s in jobs["merge"]["steps"] if s.get("uses", "").startswith("actions/download-artifact")]
if not any(d.get("pattern") == "shard-*" for d in downloads): fail("the merge job does not download the shards")
if "keysweep report merge results/*.jsonl" not in "\n".join(s.get("run", "") for s in jobs["merge"]["steps"]):
    fail("the merge job does not merge")
print("ok: manifests and workflow")
PY

echo "== shard-repos.sh"
list="$work/list.txt"
printf '# fleet\n/r/a\n\n  /r/b  \n# retired: /r/old\n/r/c\n/r/d\n/r/e\n/r/f\n/r/g\n' > "$list"
grep -v '^#' "$list" | sed 's/^ *//; s/ *$//' | grep -v '^$' | sort > "$work/want"
for count in 1 2 3 4 5; do
  : > "$work/got"
  for ((index = 0; index < count; index++)); do
    sh "$deploy/shard-repos.sh" "$index" "$count" < "$list" >> "$work/got"
  done
  sort "$work/got" > "$work/got.sorted"
  if ! cmp -s "$work/want" "$work/got.sorted"; then
    echo "FAIL: COUNT=$count: shards differ from the list"; diff "$work/want" "$work/got.sorted" || true; exit 1
  fi
done
echo "ok: COUNT=1..5, every repository in exactly one shard"

echo "== end to end: 3 repositories, 2 shards, merge"
for name in alpha beta gamma; do
  git init -q -b main "$work/repos/$name"
  echo "hello from $name" > "$work/repos/$name/README.md"
done
echo "AWS_ACCESS_KEY_ID=AKIAZFAKEKEY7TEST2ID" > "$work/repos/beta/.env"  # keysweep:allow (made up)
for name in alpha beta gamma; do
  git -C "$work/repos/$name" add -A && git -C "$work/repos/$name" commit -q -m first
done
printf '# the fleet\n%s\n%s\n%s\n' "$work/repos/alpha" "$work/repos/beta" "$work/repos/gamma" > "$work/repos.txt"
python3 -c '
import sys, yaml
docs = yaml.safe_load_all(open(sys.argv[1]))
job = [d for d in docs if d["kind"] == "Job"][0]
print(job["spec"]["template"]["spec"]["containers"][0]["args"][0])
' "$deploy/kubernetes/keysweep-audit.yaml" > "$work/pod.sh"
mkdir -p "$work/results"
for index in 0 1; do
  JOB_COMPLETION_INDEX=$index SHARD_COUNT=2 REPOSITORY_LIST="$work/repos.txt" \
    SHARD_SCRIPT="$deploy/shard-repos.sh" RESULTS="$work/results" sh "$work/pod.sh"
done
status=0
keysweep report merge "$work"/results/*.jsonl --format json --output "$work/merged.json" || status=$?
[ "$status" -eq 1 ] || { echo "FAIL: merge exited $status, wanted 1 (findings)"; exit 1; }
python3 - "$work/merged.json" "$work/repos/beta" <<'PY'
import json, sys
findings = json.load(open(sys.argv[1]))["findings"]
named = [(f["repository"], f.get("key_id")) for f in findings]
if named != [(sys.argv[2], "AKIAZFAKEKEY7TEST2ID")]:  # keysweep:allow (made up)
    sys.exit("FAIL: the merged report names %r" % named)
PY
echo "ok: the merged report names $work/repos/beta"
