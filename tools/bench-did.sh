#!/usr/bin/env bash
# JMH benchmarks of the difference-in-differences and synthetic estimators (docs/performance.md).
# Usage: tools/bench-did.sh [JMH options], e.g. tools/bench-did.sh -f 1 -i 3
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ ! -f benchmarks/target/vru-benchmarks.jar ]]; then
  ./mvnw -q -B -DskipTests -Dspotless.check.skip install -pl benchmarks -am
fi
# VRU_BENCH picks the benchmarks (a JMH regex), e.g. VRU_BENCH=SyntheticBenchmark
exec java -jar benchmarks/target/vru-benchmarks.jar "${VRU_BENCH:-DidBenchmark|SyntheticBenchmark}" "$@"
