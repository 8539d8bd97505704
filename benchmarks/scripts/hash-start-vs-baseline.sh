#!/usr/bin/env bash
# Start-up of the commands that hash (BENCHMARKS.md, "Start-up of `repro4j hash`: picocli's model
# built by hand"): this checkout's jar against a baseline jar, both through this checkout's
# bin/repro4j (REPRO4J_JAR), interleaved ROUNDS times (a change of load hits both alike); prints
# the median wall, user and sys time (GNU time) of each command and jar, all runs, and the load
# average before and after.
#
# Usage, from the repository root after `mvn -B -q -o package -DskipTests`:
#   benchmarks/scripts/hash-start-vs-baseline.sh BASELINE_JAR [ROUNDS]     ROUNDS default 5
# BASELINE_JAR: e.g. main's jar, built in a worktree: `git worktree add /tmp/before main &&
# (cd /tmp/before && mvn -B -q -o package -DskipTests)`, then /tmp/before/cli/target/repro4j.jar.
# Inputs: $HASHBENCH_DIR (default /tmp/hashbench: big.bin from benchmarks/hash-vs-md5sum.sh; a
# 3-byte tiny.txt is written there), $TREE (default /tmp/bench-tree-100k) and its filled hash cache
# $CACHE (default /tmp/bench-tree-100k-cache), both from benchmarks/scripts/hash-cache-recheck.sh.
# The cache is copied to a scratch directory first, once per jar, and the copies are used: the
# original is not touched. Each jar's first run builds its CDS archive (untimed).
set -euo pipefail

BASELINE=${1:?usage: hash-start-vs-baseline.sh BASELINE_JAR [ROUNDS]}
ROUNDS=${2:-5}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DATA=${HASHBENCH_DIR:-/tmp/hashbench}
TREE=${TREE:-/tmp/bench-tree-100k}
CACHE=${CACHE:-/tmp/bench-tree-100k-cache}
AFTER=$ROOT/cli/target/repro4j.jar
[[ -f $AFTER ]] || { echo "no $AFTER: run 'mvn -B -q -o package -DskipTests' first" >&2; exit 2; }
[[ -f $BASELINE ]] || { echo "no baseline jar $BASELINE" >&2; exit 2; }
[[ -f $DATA/big.bin ]] || { echo "no $DATA/big.bin: run benchmarks/hash-vs-md5sum.sh first" >&2; exit 2; }
[[ -d $TREE && -d $CACHE ]] || { echo "no $TREE or $CACHE: run benchmarks/scripts/hash-cache-recheck.sh first" >&2; exit 2; }
printf 'abc' >"$DATA/tiny.txt"
SCRATCH=$(mktemp -d)
trap 'rm -rf "$SCRATCH"' EXIT
# One copy of the cache per jar: a jar that rewrote it (another cache format) would otherwise make
# the other one rebuild it inside a timed run.
cp -a "$CACHE" "$SCRATCH/cache-after"
cp -a "$CACHE" "$SCRATCH/cache-baseline"

# run NAME JAR_NAME JAR ARGS...: one timed run through bin/repro4j, appended to $SCRATCH/NAME.
run() {
  local name=$1 variant=$2 jar=$3
  shift 3
  REPRO4J_JAR=$jar /usr/bin/time -f "$variant %e %U %S" -a -o "$SCRATCH/$name" "$ROOT/bin/repro4j" "$@" >/dev/null
}

cat "$DATA/big.bin" >/dev/null # page cache warm
for v in after baseline; do # builds each jar's archive, and reads the tree once: untimed
  jar=$AFTER
  [[ $v == after ]] || jar=$BASELINE
  REPRO4J_JAR=$jar "$ROOT/bin/repro4j" hash --hash-cache "$SCRATCH/cache-$v" "$TREE" >/dev/null
done
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg), $(date -u '+%F %H:%M') UTC, $ROUNDS rounds" >&2
for ((round = 1; round <= ROUNDS; round++)); do
  order="after baseline"
  ((round % 2)) || order="baseline after" # the two take turns at going first
  for v in $order; do
    jar=$AFTER
    [[ $v == after ]] || jar=$BASELINE
    run version "$v" "$jar" --version
    run hash_tiny "$v" "$jar" hash --no-hash-cache "$DATA/tiny.txt"
    run hash_1gib "$v" "$jar" hash --no-hash-cache "$DATA/big.bin"
    run recheck_100k "$v" "$jar" hash --hash-cache "$SCRATCH/cache-$v" "$TREE"
  done
  echo "round $round done, load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg), $(date -u '+%F %H:%M') UTC" >&2

python3 "$ROOT/benchmarks/scripts/times-table.py" --label jar --all-runs "$SCRATCH" version hash_tiny hash_1gib recheck_100k
