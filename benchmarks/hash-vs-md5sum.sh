#!/usr/bin/env bash
# Dataset hashing against coreutils md5sum, in one run (issue 5's targets):
#   one 1 GiB file: repro4j at least 0.95x md5sum's throughput;
#   10,000 files of mixed sizes: repro4j at least 1.7x faster than sequential md5sum on 2 cores.
#
# Usage, from the repository root after `mvn -B -o package` (or verify):
#   benchmarks/hash-vs-md5sum.sh [RUNS]        RUNS timed runs per command (default 5), median reported
# Inputs are made in $HASHBENCH_DIR (default /tmp/hashbench) if missing, the same bytes every time:
#   big.bin  1 GiB, AES-CTR keystream of a fixed password (openssl)
#   mixed/   10,000 files (1.81 GB) in 50 directories, sizes drawn with a fixed seed:
#            70% 0-4 KiB, 27% 4-256 KiB, 3% 1-8 MiB, bytes copied from big.bin
# Every input is read once before timing (page cache warm): this measures hashing, not the disk.
# Timing with hyperfine when installed (apt-get install hyperfine), else a loop of RUNS; both
# after one warm-up run. Then RUNS interleaved rounds (md5sum, then repro4j, per round) give each
# round's ratio under the same conditions: on a VM whose speed drifts, the fairer comparison. The load average is printed before and after: on a busy machine the
# figures say more about the load than about the code.
set -euo pipefail

RUNS=${1:-5}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR=$ROOT/cli/target/repro4j.jar
# What users run: the launcher (JVM options per subcommand, its CDS archive); it runs $JAR with
# JAVA_HOME's java, else the one on PATH.
REPRO4J=$ROOT/bin/repro4j
BENCH_JAR=$ROOT/benchmarks/target/benchmarks.jar
DATA=${HASHBENCH_DIR:-/tmp/hashbench}
JAVA=${JAVA:-java}
for jar in "$JAR" "$BENCH_JAR"; do
  [[ -f $jar ]] || { echo "no $jar: run 'mvn -B -o package' in $ROOT first" >&2; exit 2; }
done
command -v md5sum >/dev/null && command -v python3 >/dev/null && command -v openssl >/dev/null \
  || { echo "needs md5sum (coreutils), python3 and openssl" >&2; exit 2; }

mkdir -p "$DATA"
cd "$DATA"
if [[ ! -f big.bin || $(stat -c %s big.bin) != 1073741824 ]]; then
  echo "making $DATA/big.bin (1 GiB)" >&2
  # (openssl ends on SIGPIPE when head has enough; that is not a failure)
  { openssl enc -aes-128-ctr -nosalt -pbkdf2 -pass pass:repro4j-hashbench </dev/zero 2>/dev/null || true; } \
    | head -c 1073741824 >big.bin.tmp
  mv big.bin.tmp big.bin
fi
if [[ ! -f mixed.complete ]]; then
  echo "making $DATA/mixed (10,000 files)" >&2
  rm -rf mixed
  python3 - <<'PY'
import os, random
random.seed(1)
with open("big.bin", "rb") as source:
    for i in range(10000):
        d = os.path.join("mixed", "d%02d" % (i % 50))
        os.makedirs(d, exist_ok=True)
        r = random.random()
        size = (random.randint(0, 4096) if r < 0.7 else random.randint(4096, 262144) if r < 0.97
                else random.randint(1 << 20, 8 << 20))
        source.seek(random.randint(0, (1 << 30) - size))
        with open(os.path.join(d, "f%05d.bin" % i), "wb") as out:
            out.write(source.read(size))
PY
  touch mixed.complete # outside mixed/: a marker inside would be hashed with the files
fi

# Warm the page cache, and check that both tools agree before timing them.
cat big.bin >/dev/null
find mixed -type f -print0 | xargs -0 cat >/dev/null
# (The launcher's first run for this JVM and jar also builds its CDS archive: not timed.)
[[ $(md5sum big.bin | cut -c1-32) == $("$REPRO4J" hash --no-hash-cache big.bin | cut -c1-32) ]] \
  || { echo "repro4j hash and md5sum disagree on big.bin" >&2; exit 1; }

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
TIMES=$(mktemp -d)
trap 'rm -rf "$TIMES"' EXIT

# measure NAME COMMAND: the median wall-clock seconds of RUNS runs of COMMAND (run by bash).
measure() {
  local name=$1 command=$2
  if command -v hyperfine >/dev/null; then
    hyperfine --style none --warmup 1 --runs "$RUNS" --shell bash --export-json "$TIMES/$name.json" \
      "$command" >/dev/null
    python3 -c 'import json,sys; print("%.3f" % json.load(open(sys.argv[1]))["results"][0]["median"])' \
      "$TIMES/$name.json" >"$TIMES/$name"
  else
    bash -c "$command" >/dev/null
    for ((i = 0; i < RUNS; i++)); do
      local start end
      start=$(date +%s%N)
      bash -c "$command" >/dev/null
      end=$(date +%s%N)
      echo "$(((end - start) / 1000000))"
    done | sort -n | python3 -c 'import sys,statistics; print("%.3f" % (statistics.median(int(l) for l in sys.stdin) / 1000))' \
      >"$TIMES/$name"
  fi
  echo "  $name: $(cat "$TIMES/$name") s" >&2
}

echo "timing, $RUNS runs each (load $LOAD_BEFORE)" >&2
# md5sum is single-threaded; -s lets xargs pass all 10,000 names to one md5sum process.
measure md5sum_big "md5sum big.bin"
measure repro4j_big "$REPRO4J hash --no-hash-cache big.bin"
measure md5sum_seq "find mixed -type f -print0 | sort -z | xargs -0 -x -s 1000000 md5sum"
measure md5sum_p2 "find mixed -type f -print0 | sort -z | xargs -0 -n 5000 -P 2 md5sum"
measure repro4j_dir "$REPRO4J hash --no-hash-cache mixed"
measure jvm_start "$REPRO4J --version"
measure jvm_start_plain "$JAVA -jar $JAR --version"
# In one warm JVM: the same hashing without JVM start and JIT warm-up.
"$JAVA" -cp "$BENCH_JAR" io.repro4j.benchmarks.HashThroughput big.bin mixed "$RUNS" >"$TIMES/inproc"
sed -n 's/^\(inproc_[a-z_0-9]*\)=\(.*\)$/\2 \1/p' "$TIMES/inproc" | while read -r value name; do
  echo "$value" >"$TIMES/$name"
  echo "  $name: $value s" >&2
done
# Interleaved: RUNS rounds of md5sum and repro4j one after the other, so that each round's ratio
# compares the two under the same conditions (this VM's speed moves from minute to minute, and the
# blocks above time all runs of one command before the next command's).
seconds() { # seconds COMMAND: wall seconds of one run of COMMAND; fails when COMMAND does
  local start end
  start=$(date +%s%N)
  bash -c "$1" >/dev/null || { echo "failed: $1" >&2; return 1; }
  end=$(date +%s%N)
  echo "$(((end - start) / 1000000))" | awk '{printf "%.3f", $1 / 1000}'
}
for ((i = 0; i < RUNS; i++)); do
  # (assignments, not arguments: under set -e a failed run then stops the script)
  md5sum_time=$(seconds "md5sum big.bin")
  repro4j_time=$(seconds "$REPRO4J hash --no-hash-cache big.bin")
  echo "$md5sum_time $repro4j_time" >>"$TIMES/interleaved_big.rounds"
  md5sum_time=$(seconds "find mixed -type f -print0 | sort -z | xargs -0 -x -s 1000000 md5sum")
  repro4j_time=$(seconds "$REPRO4J hash --no-hash-cache mixed")
  echo "$md5sum_time $repro4j_time" >>"$TIMES/interleaved_dir.rounds"
done
echo "  interleaved rounds (md5sum, repro4j): big $(tr '\n' ';' <"$TIMES/interleaved_big.rounds") dir $(tr '\n' ';' <"$TIMES/interleaved_dir.rounds")" >&2
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

python3 - "$TIMES" "$LOAD_BEFORE" "$LOAD_AFTER" "$RUNS" "$(nproc)" <<'PY'
import os, sys
times, load_before, load_after, runs, cores = sys.argv[1:]
t = {name: float(open(os.path.join(times, name)).read()) for name in os.listdir(times)
     if not name.endswith((".json", ".rounds")) and name != "inproc"}
def rounds(name): # per round: md5sum's time over repro4j's, sorted
    pairs = [line.split() for line in open(os.path.join(times, name + ".rounds")) if line.strip()]
    return sorted(float(m) / float(r) for m, r in pairs)
def row(what, key, note=""):
    print("| %s | %.2f s | %s |" % (what, t[key], note))
def verdict(ok):
    return "met" if ok else "NOT met"
big_cli = t["md5sum_big"] / t["repro4j_big"]
big_in = t["md5sum_big"] / t["inproc_file"]
dir_cli = t["md5sum_seq"] / t["repro4j_dir"]
dir_in = t["md5sum_seq"] / t["inproc_dir"]
print("cores: %s, runs per command: %s (median), load average before: %s, after: %s" % (cores, runs, load_before, load_after))
print()
print("| what | median | vs md5sum |")
print("| --- | --- | --- |")
row("md5sum, 1 GiB", "md5sum_big", "%.0f MiB/s" % (1024 / t["md5sum_big"]))
row("`repro4j hash`, 1 GiB (JVM start included)", "repro4j_big",
    "%.2fx md5sum's throughput (target 0.95x: %s)" % (big_cli, verdict(big_cli >= 0.95)))
row("in-process, 1 GiB (warm JVM)", "inproc_file",
    "%.2fx md5sum's throughput (target 0.95x: %s)" % (big_in, verdict(big_in >= 0.95)))
row("md5sum sequential, 10,000 files", "md5sum_seq", "reference")
row("md5sum -P 2 (xargs), 10,000 files", "md5sum_p2", "speed-up %.2fx" % (t["md5sum_seq"] / t["md5sum_p2"]))
row("`repro4j hash` of the directory, 10,000 files (JVM start included)", "repro4j_dir",
    "speed-up %.2fx (target 1.7x: %s)" % (dir_cli, verdict(dir_cli >= 1.7)))
row("in-process, 10,000 files, %s threads (warm JVM)" % cores, "inproc_dir",
    "speed-up %.2fx (target 1.7x: %s)" % (dir_in, verdict(dir_in >= 1.7)))
row("in-process, 10,000 files, 1 thread (warm JVM)", "inproc_dir_1thread",
    "speed-up %.2fx" % (t["md5sum_seq"] / t["inproc_dir_1thread"]))
for name, what, target in (("interleaved_big", "1 GiB: md5sum's time over `repro4j hash`'s", 0.95),
                           ("interleaved_dir", "10,000 files: sequential md5sum's time over `repro4j hash`'s", 1.7)):
    r = rounds(name)
    middle = r[len(r) // 2] if len(r) % 2 else (r[len(r) // 2 - 1] + r[len(r) // 2]) / 2
    print("| interleaved, %s, per round | median %.2fx, lowest %.2fx | all: %s (target %.2fx: median %s, %d of %d rounds) |"
          % (what, middle, r[0], " ".join("%.2f" % x for x in r), target, verdict(middle >= target),
             sum(x >= target for x in r), len(r)))
row("JVM start alone (`repro4j --version`)", "jvm_start", "")
row("JVM start alone without the launcher (`java -jar repro4j.jar --version`)", "jvm_start_plain", "")
PY
