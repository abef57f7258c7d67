# Sourced by ./herald; the benchmark harness asks it too, before each start of Herald, so Herald is measured with
# the flags it runs with. Usage: herald_jvm_options JAR ARCHIVE-NAME [ARG...]. Sets the array HERALD_JVM_OPTIONS for
# the jar JAR and the command line ARG... (sub-command first: serve, topics, ...). ARCHIVE-NAME, when not empty,
# names the class-data archive instead of the sub-command (the harness starts Herald with another class path, and
# an archive made for one class path is not used with another). Reads HERALD_JAVA_VERSION and HERALD_JAVA_RUNTIME
# (bin/find-java.sh). Override parts with environment variables: HERALD_HEAP_OPTS (default -Xms64m -Xmx256m),
# HERALD_JIT_OPTS (default C1 only), HERALD_JAVA_OPTS (appended).
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
# - An archive holds what its first run loaded, so that run must be a real one. Help and version runs get no
#   archive. A serve archive is kept only if its run got as far as being ready: the run passes
#   -Dherald.archive-ready=FILE and ServeCommand creates FILE once its ports accept connections; an archive
#   without it (bad arguments, a port in use, a JVM killed before it wrote the archive) is deleted and the next
#   serve writes it again. ServeCommand writes into FILE the JVM flags of that run (-Dherald.archive-flags): the
#   JVM silently runs without an AOT cache made with other flags (another heap size or collector, for example),
#   so a change of HERALD_*_OPTS writes the cache again.

herald_jvm_options() {
  local jar="$1" name="${2:-}" command arg
  shift 2 || shift $#
  case "${1:-}" in
    "" | -*) command=main ;;
    *) command=${1//[^a-z-]/_} ;;
  esac
  [ -n "$name" ] || name="$command"
  # The JVM neither uses nor rewrites an archive made from another build of the jar ("shared class paths
  # mismatch") or by another JDK build, so a rebuilt jar or an updated JDK would start without one for ever. Each
  # build of the jar (its modification time and size, what the JVM checks) and of the JDK gets an archive of its
  # own, and the archives of other builds are dropped: an age test is not enough, as a process started before a
  # rebuild writes its archive when it exits, after the new jar, and that archive would never match.
  local build jdk
  build=$(stat -c '%Y-%s' "$jar" 2>/dev/null || stat -f '%m-%z' "$jar" 2>/dev/null || echo unbuilt) # GNU, BSD
  jdk=${HERALD_JAVA_RUNTIME:-${HERALD_JAVA_VERSION:-unknown}}
  jdk=${jdk//[^A-Za-z0-9.+-]/_}
  local kind=jsa
  [ "$command" = serve ] && [ "${HERALD_JAVA_VERSION:-21}" -ge 25 ] && kind=aot
  local archive="${jar%.jar}-${name}-${build}-jdk${jdk}.${kind}" ready stale
  ready="$archive.ready"
  # Also the ready files and the temporary .config of a failed AOT cache write; the first pattern is the name used
  # before archives were per build.
  for stale in "${jar%.jar}-${name}".jsa "${jar%.jar}-${name}"-[0-9]*-[0-9]*.*; do
    case "$stale" in "$archive" | "$ready" | "$archive".config) continue ;; esac
    if [ -f "$stale" ]; then rm -f "$stale"; fi
  done

  # The flags of this run but the archive's own, which the archive is only good for.
  local jit="${HERALD_JIT_OPTS:--XX:TieredStopAtLevel=1}" heap="${HERALD_HEAP_OPTS:--Xms64m -Xmx256m}"
  local flags="$jit $heap ${HERALD_JAVA_OPTS:-}" trained=''
  local archive_options=() training=()
  local chosen=" ${JAVA_TOOL_OPTIONS:-} ${JDK_JAVA_OPTIONS:-} ${HERALD_JAVA_OPTS:-} "
  local help=
  for arg in "$@"; do
    case "$arg" in -h | --help | -V | --version) help=yes ;; esac
  done
  [ "$command" = help ] && help=yes
  if [[ $chosen =~ [[:space:]]-(Xshare:|XX:[+-]?(AOT|SharedArchiveFile|SharedClassListFile|DumpLoadedClassList|AutoCreateSharedArchive|ArchiveClassesAtExit)) ]]; then
    # The caller chose class sharing itself (also through the JVM's own JAVA_TOOL_OPTIONS or JDK_JAVA_OPTIONS): the
    # JVM refuses AOTCache or AOTCacheOutput beside -Xshare or another archive option, so add none.
    :
  elif [ -n "$help" ]; then
    : # a help or version run: an archive of it would hold none of the classes the real runs load
  else
    if [ "$command" = serve ]; then
      if [ -f "$ready" ]; then IFS= read -r trained < "$ready" || :; fi
      # No archive yet (a run that died first, or a failed write, leaves no file or an empty one), one whose run never
      # got to be ready (no ready file, so no flags in it), or one made with other flags: write it (again) at the end
      # of this run.
      if ! { [ -s "$archive" ] && [ "$trained" = "$flags" ]; }; then
        rm -f "$archive" "$ready" "$archive.config"
        training=("-Dherald.archive-ready=$ready" "-Dherald.archive-flags=$flags")
      fi
    fi
    if [ "$kind" = aot ]; then # serve only: no training flags means the cache is there and usable
      if [ ${#training[@]} -eq 0 ]; then archive_options=("-XX:AOTCache=$archive"); else archive_options=("-XX:AOTCacheOutput=$archive"); fi
      archive_options+=(-Xlog:aot=off -Xlog:cds=off)
    else
      archive_options=(-XX:+AutoCreateSharedArchive "-XX:SharedArchiveFile=$archive" -Xlog:cds=off -Xlog:cds+dynamic=off)
    fi
  fi
  # ${a[@]+"${a[@]}"}: an empty array is an unbound variable for bash before 4.4 (macOS's /bin/bash) under set -u.
  # shellcheck disable=SC2206 # the variables hold several flags each
  HERALD_JVM_OPTIONS=(
    $jit
    # -Xms: the JVM's default initial heap is 1/64 of the machine's memory (the whole 256 MiB on 16 GiB or more), and
    # G1 fills a heap it was given before collecting: ~75 MiB more resident memory for nothing (history.md, step 8).
    $heap
    ${archive_options[@]+"${archive_options[@]}"}
    ${training[@]+"${training[@]}"}
    ${HERALD_JAVA_OPTS:-}
  )
}
