#!/usr/bin/env bash
# Issue 5's targets, A against B, on a VM whose speed moves from minute to minute: each round runs
# md5sum on the input, then `repro4j hash --no-hash-cache` of it with this checkout and with a
# baseline checkout, each through its own bin/repro4j (the launcher's JVM options and start-up are
# part of what is compared), in turns which goes first; a round's md5sum time over a command's time
# is that round's ratio (for the directory the speed-up over sequential md5sum, target 1.7x; for
# the 1 GiB file the throughput relative to md5sum, target 0.95x).
# Prints, per command, the median and all wall times, the median CPU time (user + sys), and the
# median and lowest ratio.
#
# Usage, from the repository root after `mvn -B -q -o package -DskipTests` here and in BASELINE:
#   benchmarks/scripts/hash-vs-baseline.sh BASELINE [ROUNDS] [INPUT]     ROUNDS default 6
# INPUT: mixed (default; the 10,000 files, md5sum run on them one after the other) or big.bin (the
# 1 GiB file), both in $HASHBENCH_DIR (default /tmp/hashbench), made by benchmarks/hash-vs-md5sum.sh.
# BASELINE: a checkout with a built jar, e.g. `git worktree add /tmp/before cb553ab &&
# (cd /tmp/before && mvn -B -q -o package -DskipTests)`.
# Each launcher's first run of a jar builds its CDS archive: done before timing.
set -euo pipefail

BASELINE=$(cd "${1:?usage: hash-vs-baseline.sh BASELINE [ROUNDS] [mixed|big.bin]}" && pwd)
ROUNDS=${2:-6}
INPUT=${3:-mixed}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DATA=${HASHBENCH_DIR:-/tmp/hashbench}
for checkout in "$ROOT" "$BASELINE"; do
  [[ -f $checkout/cli/target/repro4j.jar ]] || { echo "no $checkout/cli/target/repro4j.jar: build it first" >&2; exit 2; }
done
case $INPUT in
  mixed) reference='find mixed -type f -print0 | sort -z | xargs -0 -x -s 1000000 md5sum >/dev/null' ;;
  big.bin) reference='md5sum big.bin >/dev/null' ;;
  *) echo "INPUT is mixed or big.bin, not $INPUT" >&2; exit 2 ;;
esac
[[ -e $DATA/$INPUT ]] || { echo "no $DATA/$INPUT: run benchmarks/hash-vs-md5sum.sh first" >&2; exit 2; }
/usr/bin/time -f %e true 2>/dev/null || { echo "needs GNU time as /usr/bin/time (apt-get install time)" >&2; exit 2; }

"$ROOT/bin/repro4j" --version >/dev/null
"$BASELINE/bin/repro4j" --version >/dev/null
TIMES=$(mktemp)
trap 'rm -f "$TIMES"' EXIT
cd "$DATA"
find "$INPUT" -type f -print0 | xargs -0 cat >/dev/null # page cache warm
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq "$ROUNDS"); do
  /usr/bin/time -f "md5sum %e %U %S" -a -o "$TIMES" sh -c "$reference"
  # this checkout first in odd rounds, the baseline first in even ones
  for which in $(if ((round % 2)); then echo this baseline; else echo baseline this; fi); do
    checkout=$ROOT
    [[ $which == baseline ]] && checkout=$BASELINE
    /usr/bin/time -f "$which %e %U %S" -a -o "$TIMES" "$checkout/bin/repro4j" hash --no-hash-cache "$INPUT" >/dev/null
  done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$TIMES" <<'PY'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1]) if line.split() and line.split()[0] in ("md5sum", "this", "baseline")]
md5sum = [float(r[1]) for r in rows if r[0] == "md5sum"]
for name in ("md5sum", "this", "baseline"):
    wall = [float(r[1]) for r in rows if r[0] == name]
    cpu = [float(r[2]) + float(r[3]) for r in rows if r[0] == name]
    speedup = sorted(m / w for m, w in zip(md5sum, wall))
    print("%-8s wall median %.2f s (%s), CPU median %.2f s, md5sum's time over it: median %.2fx, lowest %.2fx"
          % (name, statistics.median(wall), " ".join("%.2f" % w for w in sorted(wall)), statistics.median(cpu),
             statistics.median(speedup), speedup[0]))
PY
