# Sourced by ./herald and ./test. Sets HERALD_JAVA_HOME to a JDK 21 or newer (HERALD_JAVA_VERSION: its feature
# version; HERALD_JAVA_RUNTIME: its full version, when its release file says), or exits with advice.
# Order: JAVA_HOME, the java on PATH, then the usual install folders.

herald_java_version() { # prints the feature version of the java binary in $1, or nothing
  # From the JDK's release file when it has one, in bash alone: starting a JVM to ask costs 0.1-0.3 s per
  # candidate (and each forked tool some milliseconds), which `./herald serve` would pay before Herald starts.
  # JAVA_VERSION="21.0.2" gives 21, "1.8.0_402" gives 8.
  local release="${1%/bin/java}/release" line
  if [ -f "$release" ]; then
    while IFS= read -r line; do
      if [[ $line =~ ^JAVA_VERSION=\"(1\.)?([0-9]+) ]]; then
        echo "${BASH_REMATCH[2]}"
        return
      fi
    done < "$release"
  fi
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \(1\.\)\{0,1\}\([0-9]*\).*/\2/p' | head -n1
}

herald_java_runtime() { # prints the full version of the JDK whose java is $1 (JAVA_RUNTIME_VERSION, e.g. 25.0.3+9-LTS)
  local release="${1%/bin/java}/release" line
  [ -f "$release" ] || return 0
  while IFS= read -r line; do
    if [[ $line =~ ^JAVA_RUNTIME_VERSION=\"([^\"]+)\" ]]; then
      echo "${BASH_REMATCH[1]}"
      return
    fi
  done < "$release"
}

herald_find_java() {
  local candidates=() home java v
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if java=$(command -v java 2>/dev/null); then
    java=$(readlink -f "$java")
    candidates+=("${java%/bin/java}")
  fi
  for home in /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* /Library/Java/JavaVirtualMachines/*/Contents/Home "$HOME"/.sdkman/candidates/java/*; do
    [ -d "$home" ] && candidates+=("$home")
  done
  for home in "${candidates[@]}"; do
    [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || continue
    v=$(herald_java_version "$home/bin/java")
    if [ -n "$v" ] && [ "$v" -ge 21 ]; then
      HERALD_JAVA_HOME="$home"
      HERALD_JAVA_VERSION="$v"
      HERALD_JAVA_RUNTIME=$(herald_java_runtime "$home/bin/java")
      return 0
    fi
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
