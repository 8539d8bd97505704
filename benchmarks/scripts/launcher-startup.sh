#!/usr/bin/env bash
# Start-up of the `repro4j` command: what each of bin/repro4j's choices buys (BENCHMARKS.md,
# "Start-up of the `repro4j` command"). Runs every variant of each command in turn, ROUNDS times
# (interleaved, so that a change of load hits all variants alike), and prints the median wall,
# user and sys time of each, with the load average before and after.
#
# Usage, from the repository root after `mvn -B -q -o package -DskipTests`:
#   benchmarks/scripts/launcher-startup.sh [ROUNDS]        (default 5)
# Inputs (made by the other benchmark scripts, reused here; a command whose input is missing is
# skipped): /tmp/bench-mlruns-index (SearchBench), /tmp/hashbench (hash-vs-md5sum.sh),
# /tmp/bench-tree-100k + -cache (hash-cache-recheck.sh).
# The variants: `plain` = java -jar cli/target/repro4j.jar with no options (before the launcher
# work); `c1`, `c1_serial`, `cds`, `cds_c1`, `cds_c1_serial` = java -jar with those options and
# the launcher's archive; `launcher` = bin/repro4j (what users run).
set -euo pipefail

ROUNDS=${1:-5}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
JAR=$ROOT/cli/target/repro4j.jar
LAUNCHER=$ROOT/bin/repro4j
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
[[ -f $JAR ]] || { echo "no $JAR: run 'mvn -B -q -o package -DskipTests' in $ROOT first" >&2; exit 2; }
TIMES=$(mktemp -d)
trap 'rm -rf "$TIMES"' EXIT

# The launcher's archive for this JVM and jar: its first run builds it (untimed); the archive is
# the newest file in its cache after that run.
export XDG_CACHE_HOME=${XDG_CACHE_HOME:-$HOME/.cache}
"$LAUNCHER" --version >/dev/null
ARCHIVE=$(ls -t "$XDG_CACHE_HOME"/repro4j/cds/*.jsa | head -1)
CDS="-XX:SharedArchiveFile=$ARCHIVE -Xlog:cds*=off"
C1="-XX:TieredStopAtLevel=1"
SERIAL="-XX:+UseSerialGC"

# run NAME VARIANT ARGS...: one timed run, appended to $TIMES/NAME.
run() {
  local name=$1 variant=$2
  shift 2
  local -a command
  case $variant in
    plain) command=("$JAVA" -jar "$JAR") ;;
    c1) command=("$JAVA" $C1 -jar "$JAR") ;;
    c1_serial) command=("$JAVA" $C1 $SERIAL -jar "$JAR") ;;
    cds) command=("$JAVA" $CDS -jar "$JAR") ;;
    cds_c1) command=("$JAVA" $CDS $C1 -jar "$JAR") ;;
    cds_c1_serial) command=("$JAVA" $CDS $C1 $SERIAL -jar "$JAR") ;;
    launcher) command=("$LAUNCHER") ;;
  esac
  /usr/bin/time -f "$variant %e %U %S" -a -o "$TIMES/$name" "${command[@]}" "$@" >/dev/null
}

SHORT="plain c1 c1_serial cds cds_c1 cds_c1_serial launcher"
LONG="plain cds launcher"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%H:%M) UTC, $ROUNDS rounds" >&2
for ((round = 1; round <= ROUNDS; round++)); do
  for v in $SHORT; do run version "$v" --version; done
  if [[ -d /tmp/bench-mlruns-index ]]; then
    for v in $SHORT; do
      run runs_filter "$v" runs --tracking-uri /tmp/bench-mlruns-index \
        --filter "metrics.accuracy > 0.9 and params.lr = '0.01'" --max 50000 --csv
    done
  fi
  if [[ -f /tmp/hashbench/big.bin ]]; then
    for v in $LONG; do run hash_1gib "$v" hash --no-hash-cache /tmp/hashbench/big.bin; done
    for v in $LONG; do run hash_10k_files "$v" hash --no-hash-cache /tmp/hashbench/mixed; done
  fi
  if [[ -d /tmp/bench-tree-100k-cache ]]; then
    for v in $LONG; do
      run recheck_100k "$v" hash --hash-cache /tmp/bench-tree-100k-cache /tmp/bench-tree-100k
    done
  fi
  echo "round $round done, load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%H:%M) UTC" >&2

python3 "$ROOT/benchmarks/scripts/times-table.py" "$TIMES" version runs_filter hash_1gib hash_10k_files recheck_100k
