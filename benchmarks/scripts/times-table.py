#!/usr/bin/env python3
"""The Markdown table the start-up scripts print from their timing files.

Usage: times-table.py [--label LABEL] [--all-runs] TIMES_DIR NAME...
Each TIMES_DIR/NAME (skipped when missing) holds lines "VARIANT WALL USER SYS" in seconds, as
`/usr/bin/time -f "VARIANT %e %U %S"` appends them (GNU time's "Command ..." notes are skipped).
One row per NAME and VARIANT, in file order: the medians of wall, user and sys time, and with
--all-runs every wall time too. LABEL names the variant column (default: variant).
"""
import argparse
import os
import statistics

parser = argparse.ArgumentParser()
parser.add_argument("--label", default="variant")
parser.add_argument("--all-runs", action="store_true")
parser.add_argument("times")
parser.add_argument("names", nargs="+")
args = parser.parse_args()

columns = ["command", args.label, "wall (median)", "user", "sys"] + (["wall, all runs"] if args.all_runs else [])
print("| " + " | ".join(columns) + " |")
print("|" + " --- |" * len(columns))
for name in args.names:
    path = os.path.join(args.times, name)
    if not os.path.exists(path):
        continue
    rows = {}
    with open(path) as lines:
        for line in lines:
            if line.startswith("Command") or not line.strip():
                continue
            variant, wall, user, sys_ = line.split()
            rows.setdefault(variant, []).append((float(wall), float(user), float(sys_)))
    for variant, runs in rows.items():
        cells = [name, variant] + ["%.2f s" % statistics.median(run[i] for run in runs) for i in range(3)]
        if args.all_runs:
            cells.append(", ".join("%.2f" % run[0] for run in runs))
        print("| " + " | ".join(cells) + " |")
