#!/usr/bin/env python3
"""REDbot (HTTP lint) over real responses: each URL is fetched by `redbot -o har`, which also probes
conditional requests, content negotiation and ranges; any note at level BAD or WARN fails the check.

  redbot_check.py BASE PATH [PATH ...] [--status N]   (--status: every response must have this status)
"""
import argparse
import json
import subprocess
import sys


def main():
    p = argparse.ArgumentParser()
    p.add_argument("base")
    p.add_argument("paths", nargs="+")
    p.add_argument("--status", type=int)
    a = p.parse_args()
    problems = []
    for path in a.paths:
        out = subprocess.run(["redbot", "-o", "har", a.base + path], capture_output=True, text=True, timeout=120)
        try:
            entries = json.loads(out.stdout)["log"]["entries"]
        except (ValueError, KeyError):
            problems.append(f"{path}: redbot gave no report ({out.stderr.strip()[:200]})")
            continue
        for entry in entries:
            status = entry["response"]["status"]
            if a.status and status != a.status:
                problems.append(f"{path}: status {status}, expected {a.status}")
            notes = entry.get("_red_messages", [])
            flagged = [n for n in notes if n["level"] in ("WARN", "BAD")]
            print(f"  {status} {path}: {len(notes)} notes, {len(flagged)} WARN/BAD")
            for n in flagged:
                problems.append(f"{path}: {n['level']} {n['note_id']}: {n['summary']}")
    if problems:
        print("redbot: FAIL\n  " + "\n  ".join(problems))
        sys.exit(1)
    print(f"redbot: {len(a.paths)} URLs, 0 BAD, 0 WARN")


if __name__ == "__main__":
    main()
