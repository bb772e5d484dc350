#!/usr/bin/env bash
# Copies Apache Kafka 4.3.1 (server, storage tool, perf tools) plus a log4j2 binding into
# bench/kafka-lib/ (gitignored). Run once; bench/run.sh calls it if the directory is missing.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
lib="$here/kafka-lib"
if [[ -f "$lib/.complete" && "${1:-}" != "--force" ]]; then
  echo "kafka-lib already present ($(ls "$lib" | wc -l) jars); use --force to refetch"
  exit 0
fi
rm -rf "$lib"
mvn -B -q -f "$here/kafka/pom.xml" \
  org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies \
  -DoutputDirectory="$lib" -DincludeScope=runtime
touch "$lib/.complete"
echo "fetched $(ls "$lib"/*.jar | wc -l) jars into $lib"
