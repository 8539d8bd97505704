#!/usr/bin/env bash
# Interleaved before/after of the recheck of an unchanged 100,000-file tree (issue 5 item 5):
#   benchmarks/scripts/hash-recheck-ab.sh BEFORE_JAR [ROUNDS]
# runs, ROUNDS times (default 8), `bin/repro4j hash --hash-cache C TREE` with BEFORE_JAR
# (REPRO4J_JAR) and then with this checkout's cli/target/repro4j.jar, each with its own cache,
# filled once by that jar, untimed (so a cache format change cannot mislead; the fill also builds
# the jar's CDS archive),
# and prints wall and CPU time (GNU time) with the load average, then the medians. The tree is
# the one benchmarks/scripts/hash-cache-recheck.sh builds. After `mvn -B -q -o package -DskipTests`.
# The two jars take turns at going first.
set -euo pipefail
BEFORE=${1:?usage: $0 BEFORE_JAR [ROUNDS]}
ROUNDS=${2:-8}
TREE=${TREE:-/tmp/bench-tree-100k}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
AFTER=$ROOT/cli/target/repro4j.jar
REPRO4J=$ROOT/bin/repro4j
[ -f "$TREE/.complete" ] || { echo "$TREE missing: run benchmarks/scripts/hash-cache-recheck.sh once" >&2; exit 2; }
cache_before=/tmp/recheck-ab-cache-before
cache_after=/tmp/recheck-ab-cache-after

# wall, user and sys seconds of one command, its output dropped; fails (naming it) when it does
run() {
  local times status=0; times=$(mktemp)
  /usr/bin/time -o "$times" -f "%e %U %S" "$@" > /dev/null 2>&1 || status=$?
  if [ "$status" -ne 0 ]; then rm -f "$times"; echo "failed (exit $status): $*" >&2; return "$status"; fi
  cat "$times"; rm -f "$times"
}

rm -rf "$cache_before" "$cache_after"
REPRO4J_JAR=$BEFORE "$REPRO4J" hash --hash-cache "$cache_before" "$TREE" > /dev/null # fill (and CDS archive)
REPRO4J_JAR=$AFTER "$REPRO4J" hash --hash-cache "$cache_after" "$TREE" > /dev/null
results=$(mktemp)
trap 'rm -f "$results" "$results.before" "$results.after"' EXIT
for round in $(seq "$ROUNDS"); do
  order="before after"
  if [ $((round % 2)) -eq 0 ]; then order="after before"; fi
  for which in $order; do
    if [ "$which" = before ]; then jar=$BEFORE; cache=$cache_before; else jar=$AFTER; cache=$cache_after; fi
    t=$(REPRO4J_JAR=$jar run "$REPRO4J" hash --hash-cache "$cache" "$TREE")
    load=$(cut -d' ' -f1 /proc/loadavg)
    echo "$which $t $load" >> "$results"
    printf '%-6s round %2d: %s s wall, %s s user, %s s sys   load %s\n' "$which" "$round" $t "$load"
  done
done
for which in before after; do
  awk -v w="$which" '$1 == w { print $2, $3, $4, $3 + $4 }' "$results" | sort -n > "$results.$which"
  printf '%-6s median of %d: %s s wall (sorted: %s)\n' "$which" "$ROUNDS" \
    "$(awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }' "$results.$which")" \
    "$(cut -d' ' -f1 "$results.$which" | tr '\n' ' ')"
  printf '%-6s CPU (user+sys), sorted: %s\n' "$which" "$(cut -d' ' -f4 "$results.$which" | sort -n | tr '\n' ' ')"
done
