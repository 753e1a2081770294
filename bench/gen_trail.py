#!/usr/bin/env python3
"""Generates CloudTrail logs for `keysweep trail`'s throughput benchmark.

Writes DATA/trail/AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/*.json.gz as
CloudTrail delivers them (about 600 KB of JSON per file before compression),
with ordinary traffic from many keys and a leaked key that mints temporary
credentials which then launch instances in other regions. Deterministic for a
given seed. Prints the uncompressed JSON size.

    bench/gen_trail.py --out /tmp/keysweep-bench --size-mb 1024
"""
import argparse
import gzip
import json
import os
import random

REGIONS = ["us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-2", "sa-east-1"]
NAMES = ["DescribeInstances", "ListBuckets", "GetObject", "PutObject", "AssumeRole", "Decrypt",
         "GetParameter", "DescribeStacks", "ListFunctions20150331", "GetCallerIdentity"]
ACCOUNT = "629233963313"
B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"


def key(rng, prefix="AKIA"):
    return prefix + "".join(rng.choice(B32) for _ in range(16))


def event(rng, when, name, region, access_key, extra=None):
    e = {
        "eventVersion": "1.08",
        "userIdentity": {"type": "IAMUser", "principalId": "AIDA" + access_key[4:],
                         "arn": f"arn:aws:iam::{ACCOUNT}:user/svc-{access_key[-4:].lower()}",
                         "accountId": ACCOUNT, "accessKeyId": access_key, "userName": "svc"},
        "eventTime": when, "eventSource": "ec2.amazonaws.com", "eventName": name, "awsRegion": region,
        "sourceIPAddress": f"198.51.100.{rng.randrange(1, 255)}", "userAgent": "aws-sdk-go-v2/1.24.0",
        "requestParameters": {"filterSet": {}, "maxResults": rng.randrange(10, 1000)},
        "responseElements": None,
        "requestID": "%08x-0000-4000-8000-%012x" % (rng.getrandbits(32), rng.getrandbits(48)),
        "eventID": "%08x-1111-4111-8111-%012x" % (rng.getrandbits(32), rng.getrandbits(48)),
        "readOnly": True, "eventType": "AwsApiCall", "managementEvent": True,
        "recipientAccountId": ACCOUNT, "eventCategory": "Management",
        "tlsDetails": {"tlsVersion": "TLSv1.3", "cipherSuite": "TLS_AES_128_GCM_SHA256",
                       "clientProvidedHostHeader": f"ec2.{region}.amazonaws.com"},
    }
    if extra:
        e.update(extra)
    return e


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default=os.environ.get("KEYSWEEP_BENCH_DIR", "/tmp/keysweep-bench"))
    parser.add_argument("--size-mb", type=int, default=1024)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    root = os.path.join(args.out, "trail")
    keys = [key(rng) for _ in range(200)]
    leaked, minted = "AKIAZFAKELEAKED2KEY3", "ASIAZFAKEMINTED2KEY3"  # made up; keysweep:allow
    total = 0
    file_no = 0
    target = args.size_mb << 20
    while total < target:
        region = REGIONS[file_no % len(REGIONS)]
        day = 1 + (file_no // 50) % 28
        records = []
        for i in range(400):
            when = "2026-11-%02dT%02d:%02d:%02dZ" % (day, i % 24, i % 60, (i * 7) % 60)
            records.append(event(rng, when, rng.choice(NAMES), region, rng.choice(keys)))
        if file_no == 3:
            records.append(event(rng, "2026-11-01T08:00:00Z", "GetSessionToken", "us-east-1", leaked,
                                 {"responseElements": {"credentials": {"accessKeyId": minted}}}))
        if file_no % 97 == 5:
            records.append(event(rng, "2026-11-01T09:00:00Z", "RunInstances", region, minted))
        data = json.dumps({"Records": records}).encode()
        total += len(data)
        directory = os.path.join(root, "AWSLogs", ACCOUNT, "CloudTrail", region, "2026", "11", "%02d" % day)
        os.makedirs(directory, exist_ok=True)
        name = f"{ACCOUNT}_CloudTrail_{region}_202611{day:02d}T0000Z_{file_no:06d}.json.gz"
        with open(os.path.join(directory, name), "wb") as f:
            f.write(gzip.compress(data, compresslevel=1, mtime=0))
        file_no += 1
    print(f"{root}: {file_no} files, {total / (1 << 20):.0f} MB of JSON; leaked key {leaked} minted {minted}")


if __name__ == "__main__":
    main()
