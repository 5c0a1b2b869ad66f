#!/usr/bin/env bash
# Runs the arenagen benchmarks and prints a Markdown report: ns/op per allocator and the budget ratios.
#
#   mvn -q -pl benchmarks -am package -DskipTests && benchmarks/run.sh quick    # ~5 min
#   benchmarks/run.sh full --out docs/results.md                                # ~23 min
#   benchmarks/run.sh latency --rate 100000 --seconds 20                        # two-process round trips, ~1 min
#
# Arguments after quick or full go to io.arenagen.benchmarks.Report (--include REGEX, --out FILE, --strict, ...);
# after latency to io.arenagen.benchmarks.latency.RoundTrip (--rate N, --seconds S, --warmup S,
# --transport arenagen|structs|agrona|all or a list such as agrona,structs,arenagen).
# JMH's own log and JSON results go to benchmarks/target/jmh-<mode>.{log,json}.
# The JDK is found like the build finds it (no JAVA_HOME needed): $ARENAGEN_JAVA, then JAVA_HOME or `java`
# if they are 25+, then JDK installs under the usual directories and ~/.m2/toolchains.xml.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
jar="$here/target/benchmarks.jar"
mode="${1:-}"
if [[ "$mode" != quick && "$mode" != full && "$mode" != latency ]]; then
  echo "usage: $0 quick|full [--include REGEX]... [--out FILE.md] [--strict]" >&2
  echo "       $0 latency [--rate MESSAGES_PER_S] [--seconds S] [--warmup S] [--transport arenagen|structs|agrona|all|agrona,structs,arenagen]" >&2
  exit 2
fi
shift

# Prints the feature version of the JDK at $1 (a JDK home), or nothing.
jdk_major() {
  local release="$1/release" version
  [[ -x "$1/bin/java" && -f "$release" ]] || return 0
  version="$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$release")"
  version="${version#1.}"
  echo "${version%%[.+-]*}"
}

find_java() {
  if [[ -n "${ARENAGEN_JAVA:-}" ]]; then
    echo "$ARENAGEN_JAVA"; return
  fi
  local candidates=() home major
  [[ -n "${JAVA_HOME:-}" ]] && candidates+=("$JAVA_HOME")
  if command -v java >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  fi
  for home in /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/* \
              "$HOME"/.jdks/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [[ -d "$home" ]] && candidates+=("$home")
  done
  if [[ -f "$HOME/.m2/toolchains.xml" ]]; then
    while read -r home; do candidates+=("$home"); done < \
      <(sed -n 's:.*<jdkHome>\(.*\)</jdkHome>.*:\1:p' "$HOME/.m2/toolchains.xml")
  fi
  for home in "${candidates[@]}"; do
    major="$(jdk_major "$home")"
    if [[ -n "$major" && "$major" -ge 25 ]]; then
      echo "$home/bin/java"; return
    fi
  done
  echo "no JDK 25 or later found: install one (for example Temurin 25) or set ARENAGEN_JAVA to its bin/java" >&2
  exit 1
}

if [[ ! -f "$jar" ]]; then
  echo "$jar is missing: build it first with  mvn -q -pl benchmarks -am package -DskipTests" >&2
  exit 1
fi
java="$(find_java)"
if [[ "$mode" == latency ]]; then
  # Agrona 2.6 needs jdk.internal.misc; the echo JVM gets the same options from RoundTrip itself.
  exec "$java" --enable-native-access=ALL-UNNAMED --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED \
    --sun-misc-unsafe-memory-access=allow -cp "$jar" io.arenagen.benchmarks.latency.RoundTrip "$@"
fi
exec "$java" --sun-misc-unsafe-memory-access=allow -cp "$jar" io.arenagen.benchmarks.Report "$mode" \
  --json "$here/target/jmh-$mode.json" --log "$here/target/jmh-$mode.log" "$@"
