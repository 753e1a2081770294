#!/usr/bin/env python3
"""Writes a --rules file of N case-insensitive rules, each a distinct prefix and
a bounded token: the shape of a large in-house rule set. For measuring rule
compile time (issue 13):

  python3 bench/gen_many_rules.py 10000 > /tmp/many.json
  echo hello > /tmp/one.txt
  time keysweep scan --no-cache --rules /tmp/many.json /tmp/one.txt
"""
import json
import sys


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
    keyword = "--keywords" in sys.argv  # gate each rule by a keyword instead
    rules = []
    for i in range(n):
        rule = {
            "id": "bench.rule-%05d" % i,
            "name": "bench rule %d" % i,
            "severity": "medium",
            "pattern": "(?i)\\b(corp%05dtok_[a-z0-9]{24})\\b" % i,
        }
        if keyword:
            rule["keywords"] = ["corp%05dtok_" % i]
        rules.append(rule)
    json.dump({"rules": rules}, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
