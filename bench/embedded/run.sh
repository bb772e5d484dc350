#!/usr/bin/env bash
# Embedded start-up benchmark: Brook (io.brook:brook-embedded) beside Spring's EmbeddedKafka
# (spring-kafka-test 4.1.1, EmbeddedKafkaKraftBroker, Kafka 4.2.1), alternating, one fresh JVM
# per measurement, same JDK and -Xmx. Writes results/<timestamp>.md (+ the raw lines beside it).
#
#   bench/embedded/run.sh [--rounds N] [--warmup N] [--iterations N] [--xmx SIZE]
#                         [--jvm-opts "..."] [--only brook|spring] [--modes "fresh-ready ..."]
#                         [--no-build]
set -euo pipefail

ROUNDS=5 WARMUP=5 ITERATIONS=10 XMX=1g JVM_OPTS="" ONLY="" BUILD=1 MODES="fresh-ready fresh-produce idle warm"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rounds) ROUNDS=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --iterations) ITERATIONS=$2; shift 2 ;;
    --xmx) XMX=$2; shift 2 ;;
    --jvm-opts) JVM_OPTS=$2; shift 2 ;;
    --only) ONLY=$2; shift 2 ;;
    --modes) MODES=$2; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
JAVA=${JAVA:-java}
cd "$HERE"

if [[ $BUILD == 1 ]]; then
  # ~/.m2's SNAPSHOTs are shared with other worktrees: install this tree's Brook right before measuring.
  echo "building Brook (reactor install) and the benchmark..." >&2
  (cd "$ROOT" && mvn -o -B -q install -DskipTests)
  mvn -o -B -q package 2>/dev/null || mvn -B -q package
fi

# Brook's jars are taken from this worktree's reactor build (<module>/target), not from ~/.m2:
# ~/.m2's SNAPSHOTs are shared with other worktrees and can be replaced mid-run (a mixed classpath
# fails with NoClassDefFoundError).
classpath() {
  local entry out="$HERE/$1/target/embedded-bench-$1-0.1.0-SNAPSHOT.jar"
  while IFS= read -r entry || [[ -n $entry ]]; do
    if [[ $entry =~ /io/brook/(brook-[a-z]+)/0\.1\.0-SNAPSHOT/ ]]; then
      entry="$ROOT/${BASH_REMATCH[1]}/target/${BASH_REMATCH[1]}-0.1.0-SNAPSHOT.jar"
      [[ -f $entry ]] || { echo "missing $entry: run without --no-build" >&2; exit 1; }
    fi
    out+=":$entry"
  done < <(tr ':' '\n' < "$HERE/$1/target/classpath.txt")
  echo "$out"
}
CP_brook=$(classpath brook)
CP_spring=$(classpath spring)
CLASS_brook=io.brook.bench.embedded.BrookTarget
CLASS_spring=io.brook.bench.embedded.SpringTarget

STAMP=$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p results
RAW="results/$STAMP.raw"
OUT="results/$STAMP.md"
LOGS="results/$STAMP.log"
: > "$RAW"

measure() { # target mode
  local target=$1 mode=$2 cpv=CP_$1 clsv=CLASS_$1
  echo "LOAD $target $mode $(cut -d' ' -f1 /proc/loadavg)" >> "$RAW"
  # t0 is taken immediately before exec (bash's EPOCHREALTIME: no fork), so the reference point
  # is the java launcher's own start.
  # shellcheck disable=SC2086
  ( t0=${EPOCHREALTIME/./}000; exec "$JAVA" -Xmx"$XMX" $JVM_OPTS -Dbench.t0="$t0" \
      -Dbench.warmup="$WARMUP" -Dbench.iterations="$ITERATIONS" \
      -cp "${!cpv}" io.brook.bench.embedded.Bench "${!clsv}" "$mode" ) \
    > >(tee -a "$LOGS" | grep '^RESULT' >> "$RAW") 2>> "$LOGS" \
    || echo "!! $target $mode failed (see $LOGS)" >&2
  wait
}

targets_for_round() { # alternate which one goes first
  if [[ -n $ONLY ]]; then echo "$ONLY"; elif (( $1 % 2 )); then echo "brook spring"; else echo "spring brook"; fi
}

for ((r = 1; r <= ROUNDS; r++)); do
  for mode in $MODES; do
    for t in $(targets_for_round "$r"); do
      echo "round $r/$ROUNDS: $t $mode (load $(cut -d' ' -f1 /proc/loadavg))" >&2
      measure "$t" "$mode"
    done
  done
done

{
  echo "## Run $STAMP"
  echo
  echo "- Brook: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?') ($(git -C "$ROOT" branch --show-current 2>/dev/null || true)), brook-embedded 0.1.0-SNAPSHOT, kafka-clients 4.3.1"
  echo "- EmbeddedKafka: spring-kafka-test 4.1.1, EmbeddedKafkaKraftBroker(1 broker, 1 partition), Kafka 4.2.1 (its own kafka-clients)"
  echo "- JVM: $("$JAVA" -version 2>&1 | sed -n 2p), -Xmx$XMX ${JVM_OPTS:+$JVM_OPTS }(default GC), one JVM per measurement"
  echo "- machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/{print $2}') GiB, shared with other builds"
  echo "- rounds: $ROUNDS (order alternates each round); warm JVM: $WARMUP warm-up cycles then $ITERATIONS measured per process"
  echo "- logging: Logback at WARN for both (harness logback-test.xml)"
  if grep -q 'No SLF4J providers' "$LOGS"; then
    echo "- **WARNING: some JVMs ran without an SLF4J provider (see $LOGS): the classpaths differ from the method**"
  fi
  echo
  "$JAVA" -cp "$CP_brook" io.brook.bench.embedded.Summarize "$RAW"
  echo
} > "$OUT.tmp"
mv "$OUT.tmp" "$OUT"
cat "$OUT"
echo "results: $HERE/$OUT (raw: $RAW, JVM output: $LOGS)" >&2
