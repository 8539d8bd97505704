#!/usr/bin/env bash
# System calls of `repro4j hash` (BENCHMARKS.md, "Hashing: system calls saved"): counts, unlike
# times, do not move with the load. Per jar given, in turn ROUNDS times (interleaved):
#   tree  : `hash --no-hash-cache` of 5,000 files in 10 directories, progress forced on
#           (REPRO4J_PROGRESS=always, as on a terminal): stat calls (statx, newfstatat)
#   files : `hash --hash-cache` of 200 single files into a fresh cache (200 cache saves):
#           directory reads (getdents64), opens, renames, unlinks, and the temporary files left behind
#
# Usage, from the repository root after `mvn -B -q -o package -DskipTests`, on Linux with strace:
#   benchmarks/scripts/hash-syscalls.sh [JAR...]      (default cli/target/repro4j.jar)
# e.g. benchmarks/scripts/hash-syscalls.sh /tmp/base.jar cli/target/repro4j.jar (before/after).
# Inputs are made once in $DATA (default /tmp/bench-hash-syscalls).
set -euo pipefail
ROUNDS=${ROUNDS:-2}
DATA=${DATA:-/tmp/bench-hash-syscalls}
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
(( $# )) || set -- cli/target/repro4j.jar
command -v strace >/dev/null || { echo "needs strace" >&2; exit 2; }
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

if [ ! -f "$DATA/.complete" ]; then
  python3 - "$DATA" <<'PY'
import os, random, sys
root = sys.argv[1]
random.seed(1)
for d in range(10):
    os.makedirs(f"{root}/tree/d{d}", exist_ok=True)
    for f in range(500):
        open(f"{root}/tree/d{d}/f{f}.bin", "wb").write(random.randbytes(random.randint(0, 2048)))
os.makedirs(f"{root}/files", exist_ok=True)
for f in range(200):
    open(f"{root}/files/f{f:03d}.bin", "wb").write(random.randbytes(1024))
open(f"{root}/.complete", "w").close()
PY
fi

# the counts of the named calls in an strace -c summary
counts() { awk -v want="$2" 'BEGIN { n = split(want, w, ",") } { for (i = 1; i <= n; i++) if ($NF == w[i]) c[w[i]] = $4 }
  END { for (i = 1; i <= n; i++) printf "%s=%s ", w[i], (w[i] in c ? c[w[i]] : 0) }' "$1"; }

for round in $(seq "$ROUNDS"); do
  for jar in "$@"; do
    REPRO4J_PROGRESS=always strace -f -c -o "$OUT/tree" "$JAVA" -jar "$jar" hash --no-hash-cache "$DATA/tree" >/dev/null 2>&1
    echo "$jar tree:  $(counts "$OUT/tree" statx,newfstatat) load $(cut -d' ' -f1-3 /proc/loadavg)"
    rm -rf "$OUT/cache"
    strace -f -c -o "$OUT/files" "$JAVA" -jar "$jar" hash --hash-cache "$OUT/cache" "$DATA"/files/*.bin >/dev/null 2>&1
    echo "$jar files: $(counts "$OUT/files" getdents64,openat,rename,unlink) tmp-left=$(find "$OUT/cache" -name '*.tmp' | wc -l)"
  done
done
