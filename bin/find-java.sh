# Sourced by ./herald and ./test. Sets HERALD_JAVA_HOME to a JDK 21 or newer (HERALD_JAVA_VERSION: its feature
# version; HERALD_JAVA_RUNTIME: its full version, when its release file says), or exits with advice.
# Order: JAVA_HOME, the java on PATH, then the usual install folders.
#
# In bash alone where it can be: `./herald serve` pays for this before Herald starts. Starting a JVM to ask its
# version costs 0.1-0.3 s per candidate, and each forked tool or $(...) some milliseconds, so the JDK's release
# file is read with `read`, candidates are tried in order and the search stops at the first that will do.

# Sets java_feature (21 from JAVA_VERSION="21.0.2", 8 from "1.8.0_402"; empty if unknown) and java_runtime
# (JAVA_RUNTIME_VERSION, e.g. 25.0.3+9-LTS; may be empty) for the JDK in $1.
herald_java_facts() {
  local home="$1" line
  java_feature='' java_runtime=''
  if [ -f "$home/release" ]; then
    while IFS= read -r line; do
      if [[ $line =~ ^JAVA_VERSION=\"(1\.)?([0-9]+) ]]; then
        java_feature=${BASH_REMATCH[2]}
      elif [[ $line =~ ^JAVA_RUNTIME_VERSION=\"([^\"]+)\" ]]; then
        java_runtime=${BASH_REMATCH[1]}
      fi
    done < "$home/release"
  fi
  if [ -z "$java_feature" ]; then # no release file: ask the JVM
    java_feature=$("$home/bin/java" -XshowSettings:properties -version 2>&1 \
      | sed -n 's/^ *java\.specification\.version = \(1\.\)\{0,1\}\([0-9]*\).*/\2/p' | head -n1)
  fi
}

# Succeeds, setting HERALD_JAVA_*, if $1 is a JDK 21 or newer.
herald_try_java() {
  local home="$1" java_feature java_runtime
  [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || return 1
  herald_java_facts "$home"
  [ -n "$java_feature" ] && [ "$java_feature" -ge 21 ] || return 1
  HERALD_JAVA_HOME="$home"
  HERALD_JAVA_VERSION="$java_feature"
  HERALD_JAVA_RUNTIME="$java_runtime"
}

herald_find_java() {
  local java home
  [ -n "${JAVA_HOME:-}" ] && herald_try_java "$JAVA_HOME" && return 0
  if java=$(command -v java 2>/dev/null); then
    java=$(readlink -f "$java")
    herald_try_java "${java%/bin/java}" && return 0
  fi
  for home in /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* /Library/Java/JavaVirtualMachines/*/Contents/Home "$HOME"/.sdkman/candidates/java/*; do
    [ -d "$home" ] && herald_try_java "$home" && return 0
  done
  cat >&2 <<'MSG'
herald: no JDK 21 or newer found (looked at JAVA_HOME, PATH and /usr/lib/jvm).
Install one, for example:
  Debian/Ubuntu:  apt-get install openjdk-21-jdk     (or temurin-21-jdk from Adoptium)
  macOS:          brew install openjdk@21
then run this command again, or point JAVA_HOME at it.
MSG
  exit 1
}

herald_find_java
export JAVA_HOME="$HERALD_JAVA_HOME"
export PATH="$JAVA_HOME/bin:$PATH"
# Maven 3.8 still calls sun.misc.Unsafe; JDK 24+ warns about it on every run.
[ "$HERALD_JAVA_VERSION" -ge 24 ] && export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"

if ! command -v mvn >/dev/null 2>&1; then
  echo "herald: Apache Maven (mvn) is needed to build Herald. Install it: apt-get install maven (or brew install maven)." >&2
  exit 1
fi
