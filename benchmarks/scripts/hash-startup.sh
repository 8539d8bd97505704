#!/usr/bin/env bash
# `repro4j hash` start-up and warm-up (BENCHMARKS.md, "`repro4j hash`: start-up, warm-up and JIT
# flags"): the launcher as users run it, each of this branch's choices undone alone, and the
# launcher of an older checkout, interleaved ROUNDS times (a change of load hits every variant
# alike); prints the median wall, user and sys time of each, with the load average.
#
# Usage, from the repository root after `mvn -B -q -o package -DskipTests`:
#   benchmarks/scripts/hash-startup.sh [ROUNDS [BEFORE]]     ROUNDS default 5
# BEFORE: another checkout with its jar built (e.g. `git worktree add /tmp/before d10c9a5 &&
# (cd /tmp/before && mvn -B -q -o package -DskipTests)`), run through its own bin/repro4j.
# Inputs from benchmarks/hash-vs-md5sum.sh ($HASHBENCH_DIR, default /tmp/hashbench; run it once
# first); a 3-byte file is made there. Each launcher's first run builds its CDS archive (untimed).
# Variants: md5sum (1 GiB only); before; after = bin/repro4j; no_warmup = after with
# -Drepro4j.hashWarmUp=false; default_jit = after with -XX:CompileThresholdScaling=1;
# random_mapping = after with -XX:ArchiveRelocationMode=1 (the JVM's default mapping).
set -euo pipefail

ROUNDS=${1:-5}
BEFORE=${2:-}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DATA=${HASHBENCH_DIR:-/tmp/hashbench}
[[ -f $ROOT/cli/target/repro4j.jar ]] || { echo "no jar: run 'mvn -B -q -o package -DskipTests' first" >&2; exit 2; }
[[ -f $DATA/big.bin && -f $DATA/mixed.complete ]] || { echo "no $DATA: run benchmarks/hash-vs-md5sum.sh first" >&2; exit 2; }
[[ -z $BEFORE || -f $BEFORE/cli/target/repro4j.jar ]] || { echo "no $BEFORE/cli/target/repro4j.jar" >&2; exit 2; }
printf 'abc' >"$DATA/tiny.txt"
TIMES=$(mktemp -d)
trap 'rm -rf "$TIMES"' EXIT

VARIANTS="after no_warmup default_jit random_mapping${BEFORE:+ before}"
# run NAME VARIANT ARGS...: one timed run, appended to $TIMES/NAME.
run() {
  local name=$1 variant=$2 launcher=$ROOT/bin/repro4j opts=
  shift 2
  case $variant in
    before) launcher=$BEFORE/bin/repro4j ;;
    no_warmup) opts=-Drepro4j.hashWarmUp=false ;;
    default_jit) opts=-XX:CompileThresholdScaling=1 ;;
    random_mapping) opts=-XX:ArchiveRelocationMode=1 ;;
  esac
  REPRO4J_JAVA_OPTS=$opts /usr/bin/time -f "$variant %e %U %S" -a -o "$TIMES/$name" "$launcher" "$@" >/dev/null
}

cd "$DATA"
cat big.bin >/dev/null # page cache warm
"$ROOT/bin/repro4j" --version >/dev/null # builds the archives, untimed
[[ -z $BEFORE ]] || "$BEFORE/bin/repro4j" --version >/dev/null
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg), $(date -u '+%F %H:%M') UTC, $ROUNDS rounds" >&2
for ((round = 1; round <= ROUNDS; round++)); do
  /usr/bin/time -f "md5sum %e %U %S" -a -o "$TIMES/hash_1gib" md5sum big.bin >/dev/null
  for v in $VARIANTS; do run hash_1gib "$v" hash --no-hash-cache big.bin; done
  for v in $VARIANTS; do run hash_tiny "$v" hash --no-hash-cache tiny.txt; done
  for v in $VARIANTS; do run hash_10k_files "$v" hash --no-hash-cache mixed; done
  echo "round $round done, load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg), $(date -u '+%F %H:%M') UTC" >&2

python3 "$ROOT/benchmarks/scripts/times-table.py" "$TIMES" hash_1gib hash_tiny hash_10k_files
