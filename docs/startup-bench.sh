#!/usr/bin/env bash
# Times `rcsync --help` as separate process starts (issue 13 item 6): wall time (median and p90 of N runs) and peak
# RSS, with the JVM's default flags, with the small-host flags the schedule verb writes into its jobs, and with those
# flags plus an AppCDS archive made by one training run. Prints a Markdown table for docs/benchmarks.md; asserts
# nothing. With the distribution built beside the jar (rcsync-cli/target/rcsync-<version>/), it also times its
# launcher, bin/rcsync, which passes the sync options itself. Usage (from the repository root, after
# `mvn -B -q package -pl rcsync-cli -am -DskipTests`):
#
#   docs/startup-bench.sh [rcsync-cli/target/rcsync.jar] [runs, default 10]
#
# Needs bash, GNU date (%N) and GNU time (/usr/bin/time -f). The archive goes to a temp directory and is removed.
set -euo pipefail
JAR=${1:-rcsync-cli/target/rcsync.jar}
N=${2:-10}
JAVA=${JAVA:-java}
[ -f "$JAR" ] || { echo "no $JAR: build it first (mvn -B -q package -pl rcsync-cli -am -DskipTests)" >&2; exit 2; }
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
SMALL="-XX:+UseSerialGC -Xmx256m -XX:TieredStopAtLevel=1 -Xshare:auto"
SERVE="-XX:+UseSerialGC -Xmx256m -Xshare:auto"

# one run of "$@" --help: prints "<wall ms> <max RSS KB> <CPU ms, user + sys>" (CPU time varies less than wall on a
# busy host)
once() {
  local t0 t1
  t0=$(date +%s%N)
  /usr/bin/time -f '%M %U %S' -o "$TMP/rss" "$@" --help >/dev/null 2>"$TMP/err" \
    || { cat "$TMP/err" >&2; exit 1; }
  t1=$(date +%s%N)
  echo "$(( (t1 - t0) / 1000000 )) $(tail -1 "$TMP/rss" | awk '{printf "%d %d", $1, ($2 + $3) * 1000}')"
}

# N runs of the command "$@" after one warm-up (page cache): prints
# "| label | median ms | p90 ms | median CPU ms | median RSS MB |"
measure_command() {
  local label=$1; shift
  once "$@" >/dev/null
  : >"$TMP/runs"
  for _ in $(seq "$N"); do once "$@" >>"$TMP/runs"; done
  local p90=$(( (N * 9 + 9) / 10 ))   # nearest-rank p90
  local med=$(( (N + 1) / 2 ))        # lower median for even N
  local wall rss cpu
  wall=$(cut -d' ' -f1 "$TMP/runs" | sort -n)
  rss=$(cut -d' ' -f2 "$TMP/runs" | sort -n)
  cpu=$(cut -d' ' -f3 "$TMP/runs" | sort -n)
  printf '| %s | %s | %s | %s | %s |\n' "$label" "$(sed -n "${med}p" <<<"$wall")" "$(sed -n "${p90}p" <<<"$wall")" \
    "$(sed -n "${med}p" <<<"$cpu")" "$(( $(sed -n "${med}p" <<<"$rss") / 1024 ))"
}

# java with these JVM options and -jar rcsync.jar
measure() {
  local label=$1; shift
  measure_command "$label" "$JAVA" "$@" -jar "$JAR"
}

"$JAVA" -XX:ArchiveClassesAtExit="$TMP/rcsync.jsa" $SMALL -jar "$JAR" --help >/dev/null 2>"$TMP/cds.log" \
  || { cat "$TMP/cds.log" >&2; exit 1; }

echo "rcsync --help, $N runs each, $("$JAVA" -version 2>&1 | sed -n 2p), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| JVM options | median ms | p90 ms | median CPU ms | median peak RSS MB |"
echo "| --- | ---: | ---: | ---: | ---: |"
measure "(JVM defaults)"
measure "$SMALL" $SMALL
measure "$SERVE (serve)" $SERVE
measure "$SMALL -XX:SharedArchiveFile=rcsync.jsa" $SMALL -XX:SharedArchiveFile="$TMP/rcsync.jsa"
LAUNCHER=$(ls -d "$(dirname "$JAR")"/rcsync-*/bin/rcsync 2>/dev/null | head -1 || true)
if [ -n "$LAUNCHER" ]; then
  # bin/rcsync finds java itself (JAVA_HOME, else PATH): point JAVA_HOME at $JAVA's so both rows use one JDK
  JAVA_HOME=$(dirname "$(dirname "$(readlink -f "$(command -v "$JAVA")")")") measure_command \
    "bin/rcsync (the distribution; sync options, -cp lib/*)" env -u JAVA_OPTS -u RCSYNC_JAVA_OPTS "$LAUNCHER"
fi
