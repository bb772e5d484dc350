#!/usr/bin/env bash
# Start-up profile of Brook in a fresh JVM: the same fresh-produce measurement under JVM/classpath
# variants, interleaved, N rounds. Prints median (min–max) per variant and phase.
#   bench/embedded/profile.sh [--rounds N] [--target brook|spring]
# Run run.sh first (it installs Brook and builds this project); PROFILE_VARIANTS="a b" limits variants.
set -euo pipefail
ROUNDS=5 TARGET=brook
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rounds) ROUNDS=$2; shift 2 ;;
    --target) TARGET=$2; shift 2 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
HERE=$(cd "$(dirname "$0")" && pwd)
cd "$HERE"
JAVA=${JAVA:-java}
CLASS=io.brook.bench.embedded.${TARGET^}Target
ROOT=$(cd "$HERE/../.." && pwd)
# Brook's jars from this worktree's reactor build, as in run.sh (~/.m2's SNAPSHOTs are shared)
CP="$HERE/$TARGET/target/embedded-bench-$TARGET-0.1.0-SNAPSHOT.jar"
while IFS= read -r entry || [[ -n $entry ]]; do
  if [[ $entry =~ /io/brook/(brook-[a-z]+)/0\.1\.0-SNAPSHOT/ ]]; then
    entry="$ROOT/${BASH_REMATCH[1]}/target/${BASH_REMATCH[1]}-0.1.0-SNAPSHOT.jar"
  fi
  CP+=":$entry"
done < <(tr ':' '\n' < "$HERE/$TARGET/target/classpath.txt")
# classpath without Logback: SLF4J falls back to its no-op logger
CP_NOLOG=$(tr ':' '\n' <<<"$CP" | grep -v '/logback-' | paste -sd:)
WORK="$HERE/$TARGET/target/profile"
mkdir -p "$WORK"
# Brook's own logback.xml (INFO to stdout), what an embedder without a logback-test.xml gets
unzip -p "$(tr ':' '\n' <<<"$CP" | grep 'brook-server-' || true)" logback.xml > "$WORK/brook-logback.xml" 2>/dev/null || true

JSA="$WORK/app.jsa"
echo "AppCDS training run (fresh-produce, -XX:ArchiveClassesAtExit)..." >&2
rm -f "$JSA"
"$JAVA" -Xmx1g -XX:ArchiveClassesAtExit="$JSA" -Dbench.systemExit=true -Dbench.t0="${EPOCHREALTIME/./}000" \
  -cp "$CP" io.brook.bench.embedded.Bench "$CLASS" fresh-produce > /dev/null 2> "$WORK/jsa.log" || true
ls -l "$JSA" >&2

declare -A OPTS CPS
VARIANTS=(baseline nolog nio appcds c1 appcds+c1 serialgc xshareoff)
[[ -s $WORK/brook-logback.xml ]] && VARIANTS+=(brook-logback-info)
[[ $TARGET == brook ]] && VARIANTS+=(preload appcds+preload)
# PROFILE_VARIANTS="baseline appcds" ./profile.sh  runs only those
[[ -n ${PROFILE_VARIANTS:-} ]] && read -r -a VARIANTS <<<"$PROFILE_VARIANTS"
OPTS[baseline]="" ; CPS[baseline]=$CP
OPTS[nolog]="" ; CPS[nolog]=$CP_NOLOG
OPTS[nio]="-Dio.netty.transport.noNative=true" ; CPS[nio]=$CP
OPTS[appcds]="-XX:SharedArchiveFile=$JSA" ; CPS[appcds]=$CP
OPTS[c1]="-XX:TieredStopAtLevel=1" ; CPS[c1]=$CP
OPTS[appcds+c1]="-XX:SharedArchiveFile=$JSA -XX:TieredStopAtLevel=1" ; CPS[appcds+c1]=$CP
OPTS[serialgc]="-XX:+UseSerialGC" ; CPS[serialgc]=$CP
OPTS[xshareoff]="-Xshare:off" ; CPS[xshareoff]=$CP
PRELOAD="-Dbench.preload=org.apache.kafka.common.protocol.ApiKeys,io.netty.channel.epoll.Epoll,io.netty.channel.MultiThreadIoEventLoopGroup,io.netty.bootstrap.ServerBootstrap"
OPTS[preload]=$PRELOAD ; CPS[preload]=$CP
OPTS[appcds+preload]="-XX:SharedArchiveFile=$JSA $PRELOAD" ; CPS[appcds+preload]=$CP
OPTS[brook-logback-info]="-Dlogback.configurationFile=$WORK/brook-logback.xml" ; CPS[brook-logback-info]=$CP

RAW="$WORK/profile.raw"
: > "$WORK/profile.log"
: > "$RAW"
for ((r = 1; r <= ROUNDS; r++)); do
  for v in "${VARIANTS[@]}"; do
    echo "round $r/$ROUNDS $v (load $(cut -d' ' -f1 /proc/loadavg))" >&2
    echo "LOAD $v x $(cut -d' ' -f1 /proc/loadavg)" >> "$RAW"
    # shellcheck disable=SC2086
    ( t0=${EPOCHREALTIME/./}000; exec "$JAVA" -Xmx1g ${OPTS[$v]} -Dbench.phases=true -Dbench.t0="$t0" \
        -cp "${CPS[$v]}" io.brook.bench.embedded.Bench "$CLASS" fresh-produce ) 2>>"$WORK/profile.log" \
      | grep '^RESULT' | sed "s/^RESULT [a-z]* /RESULT $v /" >> "$RAW" || echo "!! $v failed" >&2
  done
done
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p results
OUT="results/$STAMP-profile-$TARGET.md"
{
echo "## Profile $STAMP ($TARGET, fresh-produce, $("$JAVA" -version 2>&1 | sed -n 2p), -Xmx1g)"
echo
python3 - "$RAW" "${VARIANTS[@]}" <<'PY'
import sys, statistics as st
raw, variants = sys.argv[1], sys.argv[2:]
vals, load = {}, []
for line in open(raw):
    f = line.split()
    if f[0] == 'RESULT': vals.setdefault((f[1], f[3]), []).append(float(f[4]))
    elif f[0] == 'LOAD': load.append(float(f[3]))
metrics = ['jvm_to_main_ms', 'jvm_to_logging_ready_ms', 'jvm_to_started_ms', 'jvm_to_producer_created_ms', 'jvm_to_first_ack_ms']
print('| variant | ' + ' | '.join(m.replace('jvm_to_', '→ ').replace('_ms', '') for m in metrics) + ' | Δ first ack vs baseline |')
print('|---' * (len(metrics) + 2) + '|')
base = st.median(vals.get(('baseline', 'jvm_to_first_ack_ms'), [0]))
for v in variants:
    cells = []
    for m in metrics:
        x = vals.get((v, m))
        cells.append(f'{st.median(x):.0f} ({min(x):.0f}–{max(x):.0f})' if x else '–')
    fa = vals.get((v, 'jvm_to_first_ack_ms'))
    d = f'{st.median(fa) - base:+.0f} ms' if fa else '–'
    print(f'| {v} | ' + ' | '.join(cells) + f' | {d} |')
print(f'\nms since launch, median (min–max) of {len(vals.get(("baseline","jvm_to_first_ack_ms"),[]))} runs; load average (1 min) median {st.median(load):.2f}, min {min(load):.2f}, max {max(load):.2f}')
PY
} | tee "$OUT"
echo "results: $HERE/$OUT" >&2
