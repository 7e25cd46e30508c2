#!/usr/bin/env bash
# Runs every rcsync benchmark with one command (issue 13: "the benchmarks run with one documented command") and
# gathers their Markdown figures into rcsync-cli/target/benchmarks-all.md. Asserts nothing about speed: each
# benchmark only checks that its runs were correct (every text accounted for, the expected Notes written) and
# reports times, memory and API calls as figures and ratios. See docs/benchmarks.md for what each one measures.
#
#   docs/run-benchmarks.sh            # everything: ~30-40 min on 2 cores (the 1,000,000-text memory run dominates)
#   QUICK=1 docs/run-benchmarks.sh    # skip the 1,000,000-text memory run (100,000 only) and shorten JMH
#
# Needs JDK 17+, Maven 3.8+, bash, GNU date and GNU time (docs/startup-bench.sh). Run from the repository root.
set -euo pipefail
cd "$(dirname "$0")/.."
MVN=${MVN:-mvn}
OUT=rcsync-cli/target/benchmarks-all.md
TEXTS=100000,1000000
JMH_ARGS="-f 1 -wi 3 -i 5 -t 1"
if [ -n "${QUICK:-}" ]; then TEXTS=100000; JMH_ARGS="-f 1 -wi 1 -i 2 -t 1"; fi

echo "== build (jar + distribution)"
"$MVN" -B -ntp -q package -pl rcsync-cli -am -DskipTests

# The simulators of the memory benchmark hold up to a million texts and Notes: they need a large heap (the CLI under
# test runs as its own -Xmx256m process).
echo "== end-to-end, files, push, overlap, memory and SMS-Magic import benchmarks (@Tag(\"benchmark\") in rcsync-cli)"
"$MVN" -B -ntp -pl rcsync-cli -am test -Dgroups=benchmark -DexcludedGroups= -Dsurefire.failIfNoSpecifiedTests=false \
  -Drcsync.memory.texts="$TEXTS" -DargLine=-Xmx10g

echo "== core pipeline (JMH)"
"$MVN" -B -ntp -q -Pbench -pl rcsync-testkit/bench -am package -DskipTests
# shellcheck disable=SC2086
java -jar rcsync-testkit/bench/target/benchmarks.jar $JMH_ARGS | tee rcsync-cli/target/jmh.txt

echo "== start-up"
docs/startup-bench.sh rcsync-cli/target/rcsync.jar | tee rcsync-cli/target/startup.md

{
  echo "# rcsync benchmarks, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(java -version 2>&1 | head -1)"
  for f in benchmark files-benchmark push-benchmark overlap-benchmark memory-benchmark csv-history-benchmark \
      smsmagic-import-benchmark startup; do
    [ -f "rcsync-cli/target/$f.md" ] && { echo; echo "## $f"; echo; cat "rcsync-cli/target/$f.md"; }
  done
  echo; echo "## core pipeline (JMH)"; echo; echo '```'; tail -15 rcsync-cli/target/jmh.txt; echo '```'
} > "$OUT"
echo "== all figures: $OUT"
