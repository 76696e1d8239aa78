#!/usr/bin/env bash
# Times the police-records ingest at about N rows (docs/performance.md) and the same work in DuckDB
# as the single-node reference. Generates with `vru generate --scale`, ingests geography, then:
#   1. `vru ingest --source police-records` (parse, validate every field, resolve areas, find
#      duplicates, pseudonymise, Parquet): wall time, rows/s, peak RSS, time to the first published
#      rows (when the table folder first appears);
#   2. DuckDB (JDBC, in-process) CSV -> Parquet on the same files, and the knife-crime group-by by
#      force and month from that Parquet; Spark's same group-by from the warehouse's Parquet, and
#      its filtered count alone (the group-by's floor in Spark).
# Usage: tools/bench-ingest.sh [--master local[N]] [ROWS] [DIR]
#   (default 1000000 rows in /tmp/vru-bench-ingest-ROWS, Spark on local[*]). --master sets the
#   Spark master of both the vru ingest and Spark's own reference, so a machine with more cores
#   shows the speed-up (local[2] against local[16]). VRU_JAVA_OPTS=-Xmx2g caps the vru ingest's heap.
set -euo pipefail
cd "$(dirname "$0")/.."
master=()
if [[ "${1:-}" == "--master" ]]; then
  master=(--master "$2")
  shift 2
fi
rows="${1:-1000000}"
dir="${2:-/tmp/vru-bench-ingest-$rows}"
# one unit of --scale is about 1.55 million police records a year, 11 years
scale="$(awk -v r="$rows" 'BEGIN { printf "%.4f", r / (1550000 * 11) }')"
[[ -x /usr/bin/time ]] || { echo "needs /usr/bin/time (Debian package 'time')" >&2; exit 1; }
timed() { /usr/bin/time -f "  %e s wall, %M KB max RSS" "$@"; }
./vru --version > /dev/null
./mvnw -B -q -DskipTests package -pl benchmarks -am
if [[ ! -d "$dir/data/police" ]]; then
  echo "generate --scale $scale"
  timed ./vru generate --scale "$scale" --out "$dir/data" > /dev/null
fi
n="$(cat "$dir"/data/police/*.csv | wc -l)"
files="$(ls "$dir"/data/police/*.csv | wc -l)"
n=$((n - files))
echo "police records: $n rows in $files files, $(du -sh "$dir/data/police" | cut -f1)"
rm -rf "$dir/warehouse" "$dir/out"
VRU_PROGRESS=plain ./vru ingest --source geography --input "$dir/data/geography" \
  --warehouse "$dir/warehouse" > /dev/null 2>&1
echo "vru ingest --source police-records ${master[*]} ${VRU_JAVA_OPTS:+(VRU_JAVA_OPTS=$VRU_JAVA_OPTS)}"
start=$(date +%s.%N)
( while [[ ! -d "$dir/warehouse/police_incidents" ]]; do sleep 0.05; done
  echo "  first rows published after $(awk -v a="$(date +%s.%N)" -v b="$start" 'BEGIN { printf "%.1f", a - b }') s" ) &
watcher=$!
/usr/bin/time -f "%e %M" -o "$dir/time.txt" env VRU_PROGRESS=plain ./vru ingest "${master[@]}" \
  --source police-records --input "$dir/data/police" --warehouse "$dir/warehouse" > /dev/null 2>&1
wait "$watcher" 2>/dev/null || true
read -r secs kb < "$dir/time.txt"
echo "  $secs s wall, $kb KB max RSS, $(awk -v n="$n" -v s="$secs" 'BEGIN { printf "%.0f", n / s }') rows/s"
echo "reference: DuckDB (JDBC, in-process) and Spark's group-by"
java @cli/vru.jvm-options ${master:+-Dvru.bench.master="${master[1]}"} -cp cli/target/vru.jar:benchmarks/target/vru-benchmarks.jar \
  vru.benchmarks.IngestReference "$dir/data/police" "$dir/warehouse" "$dir/out" 2>/dev/null
