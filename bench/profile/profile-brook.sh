#!/usr/bin/env bash
# Profiles a Brook broker under ProducerPerformance / ConsumerPerformance load (docs/performance.md,
# "Where the time goes"):
#   bench/profile/profile-brook.sh [out-dir] [records]
# Starts bin/brook-server on 127.0.0.1:$PORT with a fresh data dir, creates an 8-partition topic, then
# records each phase (produce 100 B acks=1 unthrottled, then consume through a group) with
# `perf record -g` (if perf is installed) and JFR (settings=profile), and prints the tools' results, the
# broker's CPU ticks per phase and the load average. Then:
#   python3 bench/profile/perf-categories.py <out-dir>/produce.perf    # CPU share by thread / syscall / code
#   jfr print --events jdk.ObjectAllocationSample <out-dir>/produce.jfr
# Env: WARM=1 runs produce+consume once unrecorded first; NOPERF=1, NOJFR=1 skip a recorder;
#      EXTRA_OPTS adds broker JVM options; PORT (19192); KAFKA_LIB (bench/kafka-lib, see fetch-kafka.sh).
set -u
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
OUT="${1:-$ROOT/bench/work/profile-$(date -u +%Y%m%dT%H%M%SZ)}"; N="${2:-6000000}"
PORT="${PORT:-19192}"; BS="127.0.0.1:$PORT"
KAFKA_LIB="${KAFKA_LIB:-$ROOT/bench/kafka-lib}"
[ -d "$KAFKA_LIB" ] || "$ROOT/bench/fetch-kafka.sh"
KCP="$KAFKA_LIB/*"
LOG4J="-Dlog4j2.configurationFile=$ROOT/bench/conf/log4j2-quiet.properties"
DATA="$(mktemp -d)"; mkdir -p "$OUT"
command -v perf >/dev/null || NOPERF=1
tool() { java -Xmx512m "$LOG4J" -cp "$KCP" "$@"; }
ticks() { awk '{print $14+$15}' "/proc/$JPID/stat"; }

JAVA_OPTS="-Xmx1g -XX:+UnlockDiagnosticVMOptions -XX:+DumpPerfMapAtExit -XX:+PreserveFramePointer ${EXTRA_OPTS:-}" \
  "$ROOT/bin/brook-server" --override "listeners=PLAINTEXT://$BS" --override "log.dirs=$DATA/log" \
  --override group.initial.rebalance.delay.ms=0 >"$OUT/broker.log" 2>&1 &
BPID=$!
trap 'kill $BPID 2>/dev/null; rm -rf "$DATA"' EXIT
for _ in $(seq 1 300); do grep -q 'listening on' "$OUT/broker.log" && break; sleep 0.1; done
JPID=$(pgrep -P $BPID java || echo $BPID)
tool org.apache.kafka.tools.TopicCommand --bootstrap-server $BS --create --topic p100 --partitions 8 \
  --replication-factor 1 >"$OUT/topic.log" 2>&1
produce() { tool org.apache.kafka.tools.ProducerPerformance --bootstrap-server $BS --topic p100 --num-records "$N" \
  --record-size 100 --throughput -1 --command-property acks=1 >"$1" 2>&1; }
consume() { tool org.apache.kafka.tools.ConsumerPerformance --bootstrap-server $BS --topic p100 --num-records "$N" \
  --group "$2" --timeout 30000 >"$1" 2>&1; }
if [ -n "${WARM:-}" ]; then produce "$OUT/warm-produce.log"; consume "$OUT/warm-consume.log" g-warm; fi

phase() { # name command...
  local name=$1 t0 t1 perf=""; shift
  [ -z "${NOJFR:-}" ] && jcmd "$JPID" JFR.start name="$name" settings=profile filename="$OUT/$name.jfr" >/dev/null
  [ -z "${NOPERF:-}" ] && { perf record -F 499 -g -p "$JPID" -o "$OUT/$name.perf" >/dev/null 2>&1 & perf=$!; }
  t0=$(ticks); "$@"; t1=$(ticks)
  [ -n "$perf" ] && { kill -INT "$perf"; wait "$perf"; }
  [ -z "${NOJFR:-}" ] && jcmd "$JPID" JFR.stop name="$name" >/dev/null
  echo "$name: $(tail -1 "$OUT/$name.log") | broker CPU ticks $((t1 - t0)) | load $(cut -d' ' -f1-3 /proc/loadavg)" \
    | tee -a "$OUT/summary.txt"
}
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)" | tee "$OUT/summary.txt"
phase produce produce "$OUT/produce.log"
phase consume consume "$OUT/consume.log" g-profile
kill "$JPID"; wait $BPID 2>/dev/null
sleep 1; cp "/tmp/perf-$JPID.map" "$OUT/" 2>/dev/null   # JIT symbols: perf looks for /tmp/perf-<pid>.map
echo "results in $OUT (copy $OUT/perf-$JPID.map back to /tmp before perf report if /tmp was cleaned)"
