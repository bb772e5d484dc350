#!/usr/bin/env bash
# Self-test of the harness, not a benchmark: two tiny rounds of bench/run.sh against Kafka and a
# stand-in "Brook" (bench/selftest/brook-home/bin/brook-server, which runs Kafka behind a
# non-exec wrapper). Checks that every metric is produced for both brokers and that a ratio
# and a target verdict appear. Writes to bench/work/, never to bench/results/.
set -euo pipefail
bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$bench/work/selftest"
rm -rf "$out"; mkdir -p "$out"
BROOK_HOME="$bench/selftest/brook-home" RESULTS_DIR="$out" \
  P100_RECORDS=100000 P1K_RECORDS=10000 E2E_RECORDS=300 FIXED_RECORDS=3000 IDLE_SETTLE_S=1 \
  "$bench/run.sh" --quick --rounds 2 >"$out/stdout" 2>"$out/stderr" || { tail -30 "$out/stderr"; exit 1; }
md="$(ls "$out"/*.md)"
fail=0
for m in ready_ms create_topics_ms p100_rps p1k_rps consume_rps e2e_p99_ms e2eus_p99_us e2elp_p99_us fixed_p99_ms fixedus_p99_us \
         idle_rss_mb peak_rss_mb cpu_s; do
  for b in kafka brook; do
    # the report's "raw values" block holds the TSV: round, broker, metric, value
    n=$(awk -F'\t' -v m="$m" -v b="$b" '$2 == b && $3 == m { c++ } END { print c + 0 }' "$md")
    if [[ "$n" -ne 2 ]]; then echo "missing: $b $m ($n of 2 rounds)"; fail=1; fi
  done
done
grep -q '| produce 100 B, acks=1, 8 part. (records/s) | higher | .* | .* | [0-9.]*x | ≥ 1.5x | ' "$md" \
  || { echo "no ratio/target in the report"; fail=1; }
cat "$out/stdout"
if [[ $fail == 0 ]]; then echo "selftest: 1 passed, 0 failed"; else echo "selftest: 0 passed, 1 failed"; exit 1; fi
