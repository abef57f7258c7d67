#!/usr/bin/env bash
# Side-by-side benchmark of Herald against Apache Kafka 4.4 on this machine (issue 6).
# Builds the Herald jar and the harness (tests skipped), then runs dev.herald.bench.SideBySide, which writes
# docs/benchmarks/results.json, README.md and PNG charts. Full run: 3 rounds, about half an hour on 2 cores.
#   bench/run-side-by-side.sh [--quick] [--rounds N] [--out DIR] [--keep] [--herald-java-opts "..."]
# HERALD_BENCH_JAR=path measures that Herald jar instead of building herald-server (`herald bench` sets it).
# Run it on an otherwise idle machine. Every broker and client it starts is stopped when it ends (Ctrl-C too).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/bin/find-java.sh"
cd "$root"

if [ -n "${HERALD_BENCH_JAR:-}" ]; then
  jar="$HERALD_BENCH_JAR"
  modules="bench/harness"
else
  jar="$root/herald-server/target/herald.jar"
  modules="herald-server,bench/harness"
fi
echo "bench: building $modules (tests skipped)..." >&2
mvn -B -ntp -q -DskipTests -pl "$modules" -am package >&2

# Herald runs with the JVM flags ./herald gives it: the harness asks bin/jvm-options.sh before each start of Herald
# (HeraldJvmOptions); --herald-java-opts adds to them.
harness="$root/bench/harness/target"
classpath="$harness/herald-bench-harness.jar:$(cat "$harness/harness.classpath")"
exec "$JAVA_HOME/bin/java" -Xmx512m -cp "$classpath" dev.herald.bench.SideBySide \
  --herald-jar "$jar" --repository "$root" "$@"
