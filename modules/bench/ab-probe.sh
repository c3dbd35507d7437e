#!/usr/bin/env bash
# Compares two builds of the matcher fairly on a machine whose speed swings: alternates MatcherProbe runs of two
# benchmark jars (A, B, A, B, ...) and prints each run's articles per CPU-second (ids only, then match()).
#
# usage: modules/bench/ab-probe.sh A.jar B.jar ROUNDS [MatcherProbe arguments, e.g. 100000 --no-lucene]
# Build each jar with: mvn -o -q -pl modules/matcher install -DskipTests && mvn -o -q -pl modules/bench package -DskipTests
# (the bench packages the matcher installed in ~/.m2), then copy modules/bench/target/benchmarks.jar aside.
set -euo pipefail
if [ $# -lt 3 ]; then
  sed -n '2,7p' "$0"
  exit 2
fi
a=$1 b=$2 rounds=$3
shift 3
java_cmd=java
if [ -n "${JAVA_HOME:-}" ]; then
  java_cmd="$JAVA_HOME/bin/java"
fi
corpora=${WIREWATCH_CORPORA:-$(cd "$(dirname "$0")/../.." && pwd)/../shared/corpora}
for _ in $(seq "$rounds"); do
  for side in A B; do
    jar=$a
    if [ "$side" = B ]; then jar=$b; fi
    rates=$("$java_cmd" -Xmx6g -Dwirewatch.corpora="$corpora" -cp "$jar" dev.wirewatch.bench.matcher.MatcherProbe "$@" 2>&1 \
      | awk '/ww-/ {print $1 " " $5}' | tr '\n' ' ')
    echo "$side $rates"
  done
done
