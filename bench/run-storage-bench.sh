#!/usr/bin/env bash
# Builds the benchmark jar and runs the storage benchmarks together with this disk's raw write speed.
#
#   bench/run-storage-bench.sh           full run (2 forks, 5 x 3 s measured per benchmark; about 25 minutes)
#   bench/run-storage-bench.sh --short   1 fork, 3 x 2 s measured (about 8 minutes)
#   BENCH_INCLUDE='AppendBenchmark.producers32' bench/run-storage-bench.sh --short    a subset (JMH regex)
#   BENCH_PARAMS='fsync=always batchKiB=64,128' ...                                  fewer parameter values
#   HERALD_BENCH_DIR=/data/scratch ...   where the data goes (default: the temp folder); needs ~10 GB free
#
# Results are printed as a Markdown table (MB/s medians and ratios) and saved to bench/target/storage-results.md.
# Run on an otherwise idle machine, and only once: every benchmark writes gigabytes.
set -euo pipefail
cd "$(dirname "$0")/.."
source bin/find-java.sh
mvn -B -ntp -q -pl bench -am package -DskipTests
args=()
[ "${1:-}" = "--short" ] && args+=(--short)
[ -n "${BENCH_INCLUDE:-}" ] && args+=(--include "$BENCH_INCLUDE")
for p in ${BENCH_PARAMS:-}; do args+=(--param "$p"); done
exec "$JAVA_HOME/bin/java" -Dherald.bench.dir="${HERALD_BENCH_DIR:-${TMPDIR:-/tmp}}" \
  -cp bench/target/benchmarks.jar dev.herald.bench.StorageBench "${args[@]}" --out bench/target/storage-results.md
