#!/usr/bin/env bash
# Recheck of an unchanged 100,000-file tree with the hash cache (issue 5 item 5, target < 1 s).
# Builds the tree once in $TREE (reused when present; the same tree as HashCacheRecheckBenchmark),
# then, through bin/repro4j (each a fresh JVM): `hash TREE` with a fresh cache (fills it), $ROUNDS
# rechecks of the unchanged tree, `hash --no-hash-cache TREE` and `--version`. Prints wall-clock
# and CPU time (GNU time) and the load average with each figure. Run from the repository root
# after `mvn -B -q -o package -DskipTests`.
set -euo pipefail
TREE=${TREE:-/tmp/bench-tree-100k}
# What users run: the launcher (its first run for this JVM and jar builds its CDS archive, so one
# --version first, untimed). JAR=path/to/repro4j.jar picks another jar.
REPRO4J=${REPRO4J:-bin/repro4j}
[ -z "${JAR:-}" ] || export REPRO4J_JAR=$JAR
"$REPRO4J" --version >/dev/null
CACHE=${CACHE:-/tmp/bench-tree-100k-cache}
ROUNDS=${ROUNDS:-5}

if [ ! -f "$TREE/.complete" ]; then
  echo "building $TREE (100 directories x 1,000 files, 0-4 KiB each) ..." >&2
  python3 - "$TREE" <<'PY'
import os, random, sys, time
root = sys.argv[1]
random.seed(100000)
old = time.time() - 3600  # an hour old: no entry is "racy" (modified just before it was hashed)
for d in range(100):
    folder = os.path.join(root, "d%03d" % d)
    os.makedirs(folder, exist_ok=True)
    for f in range(1000):
        path = os.path.join(folder, "f%04d.bin" % f)
        with open(path, "wb") as out:
            out.write(random.randbytes(random.randint(0, 4096)))
        os.utime(path, (old, old))
open(os.path.join(root, ".complete"), "w").close()
PY
fi

# wall-clock and CPU seconds of one command (GNU time), its output dropped; fails (naming it) when
# it does. Called as t=$(run ...): under set -e a failure then stops the script.
run() {
  local times status=0; times=$(mktemp)
  /usr/bin/time -o "$times" -f "%e s wall, %U s user, %S s sys" "$@" > /dev/null 2>&1 || status=$?
  if [ "$status" -ne 0 ]; then rm -f "$times"; echo "failed (exit $status): $*" >&2; return "$status"; fi
  cat "$times"; rm -f "$times"
}

rm -rf "$CACHE"
t=$(run "$REPRO4J" hash --hash-cache "$CACHE" "$TREE")
echo "fill   (cold cache, hashes every file): $t  load $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq "$ROUNDS"); do
  t=$(run "$REPRO4J" hash --hash-cache "$CACHE" "$TREE")
  echo "recheck $round (unchanged tree):       $t  load $(cut -d' ' -f1-3 /proc/loadavg)"
done
t=$(run "$REPRO4J" hash --no-hash-cache "$TREE")
echo "no cache (--no-hash-cache):            $t  load $(cut -d' ' -f1-3 /proc/loadavg)"
t=$(run "$REPRO4J" --version)
echo "JVM start alone (--version):           $t  load $(cut -d' ' -f1-3 /proc/loadavg)"
