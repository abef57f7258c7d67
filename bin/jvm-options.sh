# Sourced by ./herald; the benchmark harness asks it too (bench/run-side-by-side.sh), so Herald is measured with
# the flags it runs with. Sets the array HERALD_JVM_OPTIONS for the jar in $1 and the sub-command in $2 (serve,
# topics, ...); $3, when given, names the class-data archive instead of the sub-command (the harness starts Herald
# with another class path, and an archive made for one class path is not used with another). Reads
# HERALD_JAVA_VERSION (bin/find-java.sh). Override parts with environment variables: HERALD_HEAP_OPTS (default
# -Xms64m -Xmx256m), HERALD_JIT_OPTS (default C1 only), HERALD_JAVA_OPTS (appended).
#
# Why these defaults (measured on 2 cores; see docs/benchmarks/history.md):
# - C1 only (-XX:TieredStopAtLevel=1): the broker's work is in the kernel (socket reads, page-cache writes,
#   fsync, sendfile); C2 compiling the Kafka message classes took ~40% of the broker's CPU in a 10 s produce run and
#   as much of its start-up, and steady-state produce throughput was the same without it. Set
#   HERALD_JIT_OPTS="-XX:TieredStopAtLevel=4" to have C2 back for CPU-heavy registry or compaction work.
# - A 256 MiB heap: what the broker keeps is small (sparse indexes, records are never held); an unbounded G1
#   heap grew to several hundred MiB of garbage under load. Raise it for very many connections
#   with large in-flight requests (each connection queues at most 16 requests).
# - A class-data archive beside the jar per sub-command, created on its first run and made again after the jar is
#   rebuilt. One per sub-command: an archive holds the classes of the run that created it, and a serve started
#   from the archive of `herald --version` took ~430 ms to be ready instead of ~265 ms. For `serve` on JDK 25 or
#   newer it is an AOT cache (JEP 483/514: classes loaded and linked, lambdas and annotation proxies resolved;
#   ~200 ms sooner ready than the archive below on a slow day, history.md step 11); its first run pays for it
#   when it stops: the JVM starts a child JVM that writes the cache (~4 s). Everything else, and serve on
#   JDK 21-24, uses a dynamic class-data-sharing archive, written at exit in about a second.

herald_jvm_options() {
  local jar="$1" command
  case "${2:-}" in
    "" | -*) command=main ;;
    *) command=$(printf '%s' "$2" | tr -c 'a-z-' '_') ;;
  esac
  local name="${3:-$command}"
  # The JVM neither uses nor rewrites an archive made from another build of the jar ("shared class paths
  # mismatch"), so a rebuilt jar would start without one for ever. Each build of the jar (its modification time
  # and size, what the JVM checks) gets an archive of its own, and the archives of other builds are dropped: an
  # age test is not enough, as a process started before a rebuild writes its archive when it exits, after the
  # new jar, and that archive would never match.
  local build
  build=$(stat -c '%Y-%s' "$jar" 2>/dev/null || stat -f '%m-%z' "$jar" 2>/dev/null || echo unbuilt) # GNU, BSD
  local kind=jsa
  [ "$command" = serve ] && [ "${HERALD_JAVA_VERSION:-21}" -ge 25 ] && kind=aot
  local archive="${jar%.jar}-${name}-${build}.${kind}" stale
  for stale in "${jar%.jar}-${name}".jsa "${jar%.jar}-${name}"-[0-9]*-[0-9]*.jsa "${jar%.jar}-${name}"-[0-9]*-[0-9]*.aot; do
    if [ -f "$stale" ] && [ "$stale" != "$archive" ]; then rm -f "$stale"; fi
  done
  local archive_options=()
  if [[ " ${HERALD_JAVA_OPTS:-} " =~ [[:space:]]-(Xshare:|XX:[+-]?(AOT|SharedArchiveFile|SharedClassListFile|DumpLoadedClassList|AutoCreateSharedArchive|ArchiveClassesAtExit)) ]]; then
    # The caller chose class sharing itself: the JVM refuses AOTCache or AOTCacheOutput beside -Xshare or another
    # archive option, so add none.
    archive_options=()
  elif [ "$kind" = aot ]; then
    # Written when the training run exits; a run that died first (or a failed write) leaves no file or an empty one.
    if [ -s "$archive" ]; then archive_options=("-XX:AOTCache=$archive"); else archive_options=("-XX:AOTCacheOutput=$archive"); fi
    archive_options+=(-Xlog:aot=off -Xlog:cds=off)
  else
    archive_options=(-XX:+AutoCreateSharedArchive "-XX:SharedArchiveFile=$archive" -Xlog:cds=off -Xlog:cds+dynamic=off)
  fi
  # shellcheck disable=SC2206 # the variables hold several flags each
  HERALD_JVM_OPTIONS=(
    ${HERALD_JIT_OPTS:--XX:TieredStopAtLevel=1}
    # -Xms: the JVM's default initial heap is 1/64 of the machine's memory (the whole 256 MiB on 16 GiB or more), and
    # G1 fills a heap it was given before collecting: ~75 MiB more resident memory for nothing (history.md, step 8).
    ${HERALD_HEAP_OPTS:--Xms64m -Xmx256m}
    "${archive_options[@]}"
    ${HERALD_JAVA_OPTS:-}
  )
}
