#!/usr/bin/env bash
# Side-by-side benchmark: Apache Kafka 4.3.1 (single-node KRaft) vs Brook, same JDK, same
# machine, same port, same client tools (Kafka's own ProducerPerformance,
# ConsumerPerformance, EndToEndLatency). See docs/performance.md.
#
#   bench/run.sh [--rounds N] [--quick] [--only kafka|brook]
#
# Each round starts each broker fresh (new temp data dir), waits for it to be ready, runs the
# workload set, stops it and deletes its data: kafka, brook, kafka, brook, ...
# Results: a table on stdout and bench/results/<timestamp>.md; per-run logs in
# bench/work/<timestamp>/ (gitignored).
#
# A broker is three things (see "Brokers" below): an optional prepare step, a launch command
# that backgrounds the server and sets BROKER_PID, and the generic ready check (Admin
# describeCluster on 127.0.0.1:$BENCH_PORT) and stop (SIGTERM, then SIGKILL after a bound).
#
# Environment overrides (defaults in brackets; --quick picks the smaller ones):
#   BENCH_PORT [9092]  (Kafka's controller listener uses BENCH_PORT+1)
#   P100_RECORDS [6000000 | 500000]  100-byte records, acks=1, 8 partitions; also consumed back
#   P1K_RECORDS  [1000000 | 50000]    1 KiB records, acks=all, 1 partition
#   E2E_RECORDS  [10000 | 2000]      EndToEndLatency and the µs probe (each)
#   FIXED_RATE [5000]  FIXED_RECORDS [100000 | 25000]  fixed-rate produce latency
#   KAFKA_JVM_OPTS [-Xmx1g + Kafka's stock G1 flags]   BROOK_JAVA_OPTS [-Xmx1g]
#   TOOL_JAVA_OPTS [-Xmx512m]  BROOK_HOME [repo root]  TOOL_TIMEOUT_S [900]
#   IDLE_SETTLE_S [3]  READY_TIMEOUT_MS [60000]  STOP_TIMEOUT_S [60]
#   RESULTS_DIR [bench/results]
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
BROOK_HOME="${BROOK_HOME:-$(cd "$BENCH_DIR/.." && pwd)}"

ROUNDS=""
QUICK=0
ONLY=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rounds) ROUNDS="${2:?--rounds needs a number}"; shift 2 ;;
    --rounds=*) ROUNDS="${1#*=}"; shift ;;
    --quick) QUICK=1; shift ;;
    --only) ONLY="${2:?--only needs kafka or brook}"; shift 2 ;;
    --only=*) ONLY="${1#*=}"; shift ;;
    -h|--help) sed -n '2,30p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument: $1 (try --help)" >&2; exit 2 ;;
  esac
done
if [[ $QUICK == 1 ]]; then
  : "${ROUNDS:=1}" "${P100_RECORDS:=500000}" "${P1K_RECORDS:=50000}" "${E2E_RECORDS:=2000}" "${FIXED_RECORDS:=25000}"
else
  : "${ROUNDS:=3}" "${P100_RECORDS:=6000000}" "${P1K_RECORDS:=1000000}" "${E2E_RECORDS:=10000}" "${FIXED_RECORDS:=100000}"
fi
[[ "$ROUNDS" =~ ^[1-9][0-9]*$ && "$ROUNDS" -le 50 ]] || { echo "--rounds must be 1..50" >&2; exit 2; }
case "$ONLY" in
  "") BROKERS=(kafka brook) ;;
  kafka|brook) BROKERS=("$ONLY") ;;
  *) echo "--only takes kafka or brook" >&2; exit 2 ;;
esac

: "${BENCH_PORT:=9092}"
CONTROLLER_PORT=$((BENCH_PORT + 1))
: "${FIXED_RATE:=5000}"
: "${KAFKA_JVM_OPTS:=-Xmx1g -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent -XX:MaxInlineLevel=15 -Djava.awt.headless=true}"
: "${BROOK_JAVA_OPTS:=-Xmx1g}"
: "${TOOL_JAVA_OPTS:=-Xmx512m}"
: "${TOOL_TIMEOUT_S:=900}"
: "${IDLE_SETTLE_S:=3}"
: "${READY_TIMEOUT_MS:=60000}"
: "${STOP_TIMEOUT_S:=60}"
BS="127.0.0.1:$BENCH_PORT"
CLK_TCK="$(getconf CLK_TCK)"
LOG4J="-Dlog4j2.configurationFile=$BENCH_DIR/conf/log4j2-quiet.properties"
KAFKA_CP="$BENCH_DIR/kafka-lib/*"
TOOL_CP="$BENCH_DIR/work/classes:$KAFKA_CP"

STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
LOG_ROOT="$BENCH_DIR/work/$STAMP"
TSV="$LOG_ROOT/results.tsv"
RESULTS_DIR="${RESULTS_DIR:-$BENCH_DIR/results}"
RESULT_MD="$RESULTS_DIR/$STAMP.md"
DATA_ROOT=""
BROKER_PID=""      # pid that the launch command started (may be a wrapper script)
BROKER_JAVA_PID="" # the broker JVM (equal to BROKER_PID when the launcher execs java)
PROBE_PID=""
TOOL_PID=""
ROUND=0
BROKER=""

log() { printf '[bench %s] %s\n' "$(date +%T)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
now_ms() { date +%s%3N; }
record() { printf '%s\t%s\t%s\t%s\n' "$ROUND" "$BROKER" "$1" "$2" >>"$TSV"; log "  $BROKER $1 = $2"; }

# ------------------------------------------------------------------------------ processes

alive() { [[ -n "${1:-}" ]] && kill -0 "$1" 2>/dev/null; }

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_port_free() {
  local port=$1 i
  for ((i = 0; i < 120; i++)); do
    port_in_use "$port" || return 0
    sleep 0.5
  done
  die "127.0.0.1:$port is still in use after 60 s (another broker running?)"
}

# The JVM under a launcher pid: the pid itself if it is java, else the first java descendant.
resolve_java_pid() {
  local root=$1 depth pid comm frontier next f stat ppid
  frontier=("$root")
  for ((depth = 0; depth < 4; depth++)); do
    next=()
    for pid in "${frontier[@]}"; do
      comm="$(cat "/proc/$pid/comm" 2>/dev/null || true)"
      if [[ "$comm" == java ]]; then echo "$pid"; return 0; fi
      for f in /proc/[0-9]*/stat; do
        stat="$(cat "$f" 2>/dev/null)" || continue
        stat="${stat##*) }"
        ppid="${stat#* }"; ppid="${ppid%% *}"
        if [[ "$ppid" == "$pid" ]]; then next+=("$(basename "$(dirname "$f")")"); fi
      done
    done
    [[ ${#next[@]} -gt 0 ]] || break
    frontier=("${next[@]}")
  done
  echo "$root"
}

# utime+stime of a process in clock ticks (fields 14 and 15 of /proc/PID/stat).
cpu_ticks() {
  local stat rest
  stat="$(cat "/proc/$1/stat")"
  rest="${stat##*) }"
  read -r -a f <<<"$rest"
  echo $((f[11] + f[12]))
}

status_kb() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status"; }

kill_probe() {
  if alive "$PROBE_PID"; then kill "$PROBE_PID" 2>/dev/null || true; wait "$PROBE_PID" 2>/dev/null || true; fi
  PROBE_PID=""
}

stop_broker() {
  local t0 i pids=()
  alive "$BROKER_PID" && pids+=("$BROKER_PID")
  [[ -n "$BROKER_JAVA_PID" && "$BROKER_JAVA_PID" != "$BROKER_PID" ]] && alive "$BROKER_JAVA_PID" && pids+=("$BROKER_JAVA_PID")
  if [[ ${#pids[@]} -gt 0 ]]; then
    t0=$(now_ms)
    kill -TERM "${pids[@]}" 2>/dev/null || true
    for ((i = 0; i < STOP_TIMEOUT_S * 10; i++)); do
      alive "$BROKER_PID" || alive "$BROKER_JAVA_PID" || break
      sleep 0.1
    done
    if alive "$BROKER_PID" || alive "$BROKER_JAVA_PID"; then
      log "$BROKER did not stop within ${STOP_TIMEOUT_S}s; SIGKILL"
      kill -KILL "${pids[@]}" 2>/dev/null || true
      sleep 0.5
    else
      [[ -n "$BROKER" && "$ROUND" -gt 0 ]] && record shutdown_ms $(($(now_ms) - t0))
    fi
    wait "$BROKER_PID" 2>/dev/null || true
  fi
  BROKER_PID=""
  BROKER_JAVA_PID=""
}

cleanup() {
  if alive "$TOOL_PID"; then kill -TERM "$TOOL_PID" 2>/dev/null || true; wait "$TOOL_PID" 2>/dev/null || true; fi
  kill_probe
  stop_broker
  [[ -n "$DATA_ROOT" && -d "$DATA_ROOT" ]] && rm -rf "$DATA_ROOT"
  return 0
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT TERM

# ------------------------------------------------------------------------------ brokers
# <name>_prepare DATA_DIR LOG_DIR   optional, not timed (Kafka: storage format)
# <name>_launch  DATA_DIR LOG_DIR   start the server in the background, set BROKER_PID

kafka_prepare() {
  local data=$1 logs=$2 t0 cluster_id
  [[ -f "$BENCH_DIR/kafka-lib/.complete" ]] || "$BENCH_DIR/fetch-kafka.sh"
  sed -e "s/127\.0\.0\.1:9092/127.0.0.1:$BENCH_PORT/g" -e "s/127\.0\.0\.1:9093/127.0.0.1:$CONTROLLER_PORT/g" \
    "$BENCH_DIR/conf/kafka-server.properties" >"$data/server.properties"
  echo "log.dirs=$data/log" >>"$data/server.properties"
  t0=$(now_ms)
  cluster_id="$(java $LOG4J -cp "$KAFKA_CP" kafka.tools.StorageTool random-uuid 2>>"$logs/format.log" | tail -1)"
  java $LOG4J -cp "$KAFKA_CP" kafka.tools.StorageTool format -c "$data/server.properties" -t "$cluster_id" \
    >>"$logs/format.log" 2>&1 || die "kafka storage format failed, see $logs/format.log"
  record kafka_format_ms $(($(now_ms) - t0))
}

kafka_launch() {
  local data=$1 logs=$2
  # shellcheck disable=SC2086
  java $KAFKA_JVM_OPTS $LOG4J -cp "$KAFKA_CP" kafka.Kafka "$data/server.properties" \
    >"$logs/server.out" 2>"$logs/server.err" &
  BROKER_PID=$!
}

brook_prepare() {
  [[ -x "$BROOK_HOME/bin/brook-server" ]] || die "$BROOK_HOME/bin/brook-server not found or not executable (build Brook first, or use --only kafka)"
  # A Brook checkout (not the self-test's stand-in): build outside the timed window, so
  # bin/brook-server finds a fresh jar and just starts it...
  [[ -f "$BROOK_HOME/brook-server/pom.xml" ]] || return 0
  (cd "$BROOK_HOME" && mvn -q -B -o -DskipTests -pl brook-server -am package) >&2 \
    || (cd "$BROOK_HOME" && mvn -q -B -DskipTests -pl brook-server -am package) >&2
  # ...and let bin/brook-server record its class-data archive now rather than in the first timed start.
  (cd "$BROOK_HOME" && bin/brook-server --warm-up) >&2
}

brook_launch() {
  local data=$1 logs=$2
  # Brook reads BROOK_* environment variables as configuration keys: keep the harness's own out.
  (cd "$BROOK_HOME" && JAVA_OPTS="$BROOK_JAVA_OPTS" exec env -u BROOK_JAVA_OPTS -u BROOK_HOME bin/brook-server \
    --override "listeners=PLAINTEXT://127.0.0.1:$BENCH_PORT" \
    --override "log.dirs=$data/log" \
    --override "group.initial.rebalance.delay.ms=0") >"$logs/server.out" 2>"$logs/server.err" &
  BROKER_PID=$!
}

# ------------------------------------------------------------------------------ workloads

# run_tool NAME CMD...  -> output in $LOGS/NAME.log; returns the command's status
# (in the background + wait, so that a signal to this script is handled at once, not after the tool)
run_tool() {
  local name=$1 rc=0; shift
  log "$BROKER: $name"
  timeout --kill-after=10 "$TOOL_TIMEOUT_S" "$@" >"$LOGS/$name.log" 2>&1 &
  TOOL_PID=$!
  wait "$TOOL_PID" || rc=$?
  TOOL_PID=""
  return "$rc"
}

# shellcheck disable=SC2206
TOOL=(java $TOOL_JAVA_OPTS "$LOG4J" -cp "$TOOL_CP")
tool() { "${TOOL[@]}" "$@"; }

# parsed KEY=VALUE lines from BenchTool -> record PREFIX_KEY VALUE (only keys listed)
record_parsed() {
  local prefix=$1 parser=$2 file=$3; shift 3
  local out k v want
  if ! out="$(tool BenchTool "$parser" "$file" 2>&1)"; then
    log "  could not parse $file: $out"; return 1
  fi
  while IFS='=' read -r k v; do
    for want in "$@"; do
      if [[ "$k" == "$want" ]]; then record "${prefix}_$k" "$v"; fi
    done
  done <<<"$out"
}

# user+system CPU seconds of this shell's finished children (bash's `times`, second line). Not in a
# pipe or $(...): a subshell would report its own, empty, children.
children_cpu_s() {
  times >"$LOG_ROOT/.times"
  sed -n 2p "$LOG_ROOT/.times" | awk '{
    t = 0
    for (i = 1; i <= 2; i++) { split($i, p, /[ms]/); t += p[1] * 60 + p[2] }
    printf "%.2f", t }'
}

# records the broker's CPU seconds since the previous mark as cpu_<phase>_s
phase_cpu() {
  local now
  now=$(cpu_ticks "$BROKER_JAVA_PID")
  record "cpu_$1_s" "$(awk -v a="$CPU_MARK" -v b="$now" -v t="$CLK_TCK" 'BEGIN { printf "%.2f", (b - a) / t }')"
  CPU_MARK=$now
}

workloads() {
  local out cpu0 cpu1 consumed
  sleep "$IDLE_SETTLE_S"
  record idle_rss_mb $(($(status_kb "$BROKER_JAVA_PID" VmRSS) / 1024))
  cpu0=$(cpu_ticks "$BROKER_JAVA_PID")
  CPU_MARK=$cpu0

  if run_tool create-topics "${TOOL[@]}" BenchTool create-topics "$BS" ct 10 8; then
    record create_topics_ms "$(sed -n 's/^create_ms=//p' "$LOGS/create-topics.log")"
    record create_topics_leaders_ms "$(sed -n 's/^leaders_ms=//p' "$LOGS/create-topics.log")"
  else log "  create-topics failed (see $LOGS/create-topics.log)"; fi
  run_tool topic-p100 "${TOOL[@]}" BenchTool create-topic "$BS" p100 8 || log "  create p100 failed"
  run_tool topic-p1k "${TOOL[@]}" BenchTool create-topic "$BS" p1k 1 || log "  create p1k failed"
  run_tool topic-e2e "${TOOL[@]}" BenchTool create-topic "$BS" e2e 1 || log "  create e2e failed"
  run_tool topic-e2eus "${TOOL[@]}" BenchTool create-topic "$BS" e2eus 1 || log "  create e2eus failed"
  run_tool topic-e2elp "${TOOL[@]}" BenchTool create-topic "$BS" e2elp 1 || log "  create e2elp failed"
  run_tool topic-fixed "${TOOL[@]}" BenchTool create-topic "$BS" fixed 8 || log "  create fixed failed"
  run_tool topic-fixedus "${TOOL[@]}" BenchTool create-topic "$BS" fixedus 8 || log "  create fixedus failed"
  phase_cpu create

  if run_tool produce-100 "${TOOL[@]}" org.apache.kafka.tools.ProducerPerformance --bootstrap-server "$BS" \
      --topic p100 --num-records "$P100_RECORDS" --record-size 100 --throughput -1 \
      --command-property acks=1; then
    record_parsed p100 parse-producer "$LOGS/produce-100.log" rps mbps p99_ms || true
  else log "  produce-100 failed (see $LOGS/produce-100.log)"; fi
  phase_cpu p100

  if run_tool produce-1k "${TOOL[@]}" org.apache.kafka.tools.ProducerPerformance --bootstrap-server "$BS" \
      --topic p1k --num-records "$P1K_RECORDS" --record-size 1024 --throughput -1 \
      --command-property acks=all; then
    record_parsed p1k parse-producer "$LOGS/produce-1k.log" rps mbps p99_ms || true
  else log "  produce-1k failed (see $LOGS/produce-1k.log)"; fi
  phase_cpu p1k

  # CPU the consumer tool itself used (the shell's reaped-children times, before and after): with a
  # single consumer, the fetch phase is bounded by this client rather than by the broker.
  local kids0 kids1
  children_cpu_s >"$LOG_ROOT/.kids0"
  if run_tool consume "${TOOL[@]}" org.apache.kafka.tools.ConsumerPerformance --bootstrap-server "$BS" \
      --topic p100 --num-records "$P100_RECORDS" --group "bench-consumer-$ROUND" --timeout 30000; then
    record_parsed consume parse-consumer "$LOGS/consume.log" rps mbps rps_total rebalance_ms || true
    consumed="$(tool BenchTool parse-consumer "$LOGS/consume.log" 2>/dev/null | sed -n 's/^records=//p')"
    [[ "$consumed" == "$P100_RECORDS" ]] || log "  WARNING: consumed ${consumed:-?} of $P100_RECORDS records"
  else log "  consume failed (see $LOGS/consume.log)"; fi
  children_cpu_s >"$LOG_ROOT/.kids1"
  kids0=$(cat "$LOG_ROOT/.kids0"); kids1=$(cat "$LOG_ROOT/.kids1")
  record consume_client_cpu_s "$(awk -v a="$kids0" -v b="$kids1" 'BEGIN { printf "%.2f", b - a }')"
  phase_cpu consume

  if run_tool e2e "${TOOL[@]}" org.apache.kafka.tools.EndToEndLatency --bootstrap-server "$BS" --topic e2e \
      --num-records "$E2E_RECORDS" --producer-acks 1 --record-size 100; then
    record_parsed e2e parse-e2e "$LOGS/e2e.log" avg_ms p50_ms p99_ms p999_ms || true
  else log "  e2e failed (see $LOGS/e2e.log)"; fi

  if run_tool e2e-us "${TOOL[@]}" BenchTool e2e "$BS" e2eus "$E2E_RECORDS" 100 1; then
    while IFS='=' read -r k v; do
      case "$k" in p50_us|p99_us|p999_us) record "e2eus_$k" "$v" ;; esac
    done <"$LOGS/e2e-us.log"
  else log "  e2e-us failed (see $LOGS/e2e-us.log)"; fi
  phase_cpu e2e

  # linger.ms=0: measure the broker, not the client's batching delay (default linger is 5 ms).
  # The first 10% are warm-up; the figures are the tool's "steady state" summary.
  if run_tool produce-fixed "${TOOL[@]}" org.apache.kafka.tools.ProducerPerformance --bootstrap-server "$BS" \
      --topic fixed --num-records "$FIXED_RECORDS" --record-size 100 --throughput "$FIXED_RATE" \
      --warmup-records "$((FIXED_RECORDS / 10))" --command-property acks=all linger.ms=0; then
    record_parsed fixed parse-producer "$LOGS/produce-fixed.log" rps avg_ms p50_ms p99_ms p999_ms || true
  else log "  produce-fixed failed (see $LOGS/produce-fixed.log)"; fi

  # the same at µs resolution (the tool prints whole milliseconds)
  if run_tool fixed-us "${TOOL[@]}" BenchTool fixed-rate "$BS" fixedus "$FIXED_RECORDS" "$FIXED_RATE" 100; then
    while IFS='=' read -r k v; do
      case "$k" in rps|p50_us|p99_us|p999_us) record "fixedus_$k" "$v" ;; esac
    done <"$LOGS/fixed-us.log"
  else log "  fixed-us failed (see $LOGS/fixed-us.log)"; fi
  phase_cpu fixed

  cpu1=$(cpu_ticks "$BROKER_JAVA_PID")
  record cpu_s "$(awk -v a="$cpu0" -v b="$cpu1" -v t="$CLK_TCK" 'BEGIN { printf "%.2f", (b - a) / t }')"

  # After the CPU window (so that cpu_s stays comparable with earlier runs): the µs probe again
  # with the consumer's default long poll (fetch.max.wait.ms=500), the way most consumers run: a
  # fetch is parked at the log's end and woken by the append.
  if run_tool e2e-lp "${TOOL[@]}" BenchTool e2e "$BS" e2elp "$E2E_RECORDS" 100 1 500; then
    while IFS='=' read -r k v; do
      case "$k" in p50_us|p99_us|p999_us) record "e2elp_$k" "$v" ;; esac
    done <"$LOGS/e2e-lp.log"
  else log "  e2e-lp failed (see $LOGS/e2e-lp.log)"; fi
  record peak_rss_mb $(($(status_kb "$BROKER_JAVA_PID" VmHWM) / 1024))
}

# One broker, one round: prepare, arm the probe, launch, wait for ready, workloads, stop.
bench_broker() {
  BROKER=$1
  local data line t0 ready i
  LOGS="$LOG_ROOT/round$ROUND-$BROKER"
  mkdir -p "$LOGS"
  data="$DATA_ROOT/round$ROUND-$BROKER"
  mkdir -p "$data"
  wait_port_free "$BENCH_PORT"
  [[ "$BROKER" == kafka ]] && wait_port_free "$CONTROLLER_PORT"
  "${BROKER}_prepare" "$data" "$LOGS"

  # The probe JVM is started and polling before the broker starts, so its own start-up is not
  # charged to the broker.
  tool BenchTool ready "$BS" "$READY_TIMEOUT_MS" >"$LOGS/ready.out" 2>"$LOGS/ready.err" &
  PROBE_PID=$!
  for ((i = 0; i < 600; i++)); do
    grep -q ARMED "$LOGS/ready.out" 2>/dev/null && break
    alive "$PROBE_PID" || break
    sleep 0.05
  done
  grep -q ARMED "$LOGS/ready.out" || die "ready probe did not start (see $LOGS/ready.err)"

  # other processes on a shared machine skew everything; keep the load next to the figures
  record loadavg_1m "$(cut -d' ' -f1 /proc/loadavg)"
  log "round $ROUND: starting $BROKER"
  t0=$(now_ms)
  "${BROKER}_launch" "$data" "$LOGS"
  while alive "$PROBE_PID"; do
    if ! alive "$BROKER_PID"; then
      kill_probe
      log "$BROKER exited during start-up; last lines of its log:"
      tail -n 20 "$LOGS/server.err" "$LOGS/server.out" >&2 || true
      die "$BROKER failed to start"
    fi
    sleep 0.02
  done
  wait "$PROBE_PID" 2>/dev/null || true
  PROBE_PID=""
  line="$(grep '^READY ' "$LOGS/ready.out" || true)"
  [[ -n "$line" ]] || { tail -n 20 "$LOGS/server.err" >&2 || true; die "$BROKER not ready within ${READY_TIMEOUT_MS} ms"; }
  ready=${line#READY }
  BROKER_JAVA_PID="$(resolve_java_pid "$BROKER_PID")"
  record ready_ms $((ready - t0))

  workloads

  log "round $ROUND: stopping $BROKER"
  stop_broker
  rm -rf "$data"
  BROKER=""
}

# ------------------------------------------------------------------------------ main

mkdir -p "$LOG_ROOT" "$RESULTS_DIR"
DATA_ROOT="$(mktemp -d "${TMPDIR:-/tmp}/brook-bench.XXXXXX")"
[[ -f "$BENCH_DIR/kafka-lib/.complete" ]] || "$BENCH_DIR/fetch-kafka.sh"
mkdir -p "$BENCH_DIR/work/classes"
if [[ ! -f "$BENCH_DIR/work/classes/BenchTool.class" || "$BENCH_DIR/tools/BenchTool.java" -nt "$BENCH_DIR/work/classes/BenchTool.class" ]]; then
  javac -cp "$KAFKA_CP" -d "$BENCH_DIR/work/classes" "$BENCH_DIR/tools/BenchTool.java"
fi
for b in "${BROKERS[@]}"; do
  if [[ "$b" == brook ]]; then brook_prepare; fi
done

printf '# round\tbroker\tmetric\tvalue\n' >"$TSV"
log "brokers: ${BROKERS[*]}; rounds: $ROUNDS; quick: $QUICK; logs: $LOG_ROOT"
for ((ROUND = 1; ROUND <= ROUNDS; ROUND++)); do
  for b in "${BROKERS[@]}"; do bench_broker "$b"; done
done

{
  echo "# Brook vs Apache Kafka 4.3.1 — $STAMP"
  echo
  echo "- command: \`bench/run.sh --rounds $ROUNDS$([[ $QUICK == 1 ]] && echo ' --quick')$([[ -n $ONLY ]] && echo " --only $ONLY")\`"
  echo "- commit: $(git -C "$BROOK_HOME" describe --always --dirty 2>/dev/null || echo unknown)"
  echo "- machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(uname -sr)"
  echo "- JDK: $(java -version 2>&1 | head -1)"
  echo "- records: produce 100 B x $P100_RECORDS (acks=1, 8 partitions, consumed back), 1 KiB x $P1K_RECORDS (acks=all, 1 partition), e2e x $E2E_RECORDS, fixed rate $FIXED_RATE/s x $FIXED_RECORDS (acks=all, linger.ms=0)"
  echo "- Kafka JVM: \`$KAFKA_JVM_OPTS\`; Brook JVM: \`JAVA_OPTS=$BROOK_JAVA_OPTS\`; tools: \`$TOOL_JAVA_OPTS\`"
  echo "- load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) (the machine is shared; figures are noisy)"
  echo
  tool BenchTool report "$TSV"
  echo
  echo "<details><summary>raw values</summary>"
  echo
  echo '```'
  cat "$TSV"
  echo '```'
  echo "</details>"
} >"$RESULT_MD"

echo
sed -n '/^| metric/,/^$/p' "$RESULT_MD"
grep -m1 'round(s)' "$RESULT_MD" || true
log "results: $RESULT_MD"
log "logs: $LOG_ROOT"
