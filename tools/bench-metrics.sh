#!/usr/bin/env bash
# Times `vru metrics --all-areas` on a generated warehouse of about N police records
# (docs/performance.md). Generates with `vru generate --scale`, ingests geography, population and
# police records, then runs metrics twice: the first run publishes, the second finds its inputs
# unchanged. Peak memory (max RSS) from /usr/bin/time.
# Usage: tools/bench-metrics.sh [ROWS] [DIR]   (default 10000000 rows in /tmp/vru-bench-metrics)
set -euo pipefail
cd "$(dirname "$0")/.."
rows="${1:-10000000}"
dir="${2:-/tmp/vru-bench-metrics}"
# one unit of --scale is about 1.55 million police records a year, 11 years
scale="$(awk -v r="$rows" 'BEGIN { printf "%.4f", r / (1550000 * 11) }')"
timed() { /usr/bin/time -f "  %e s wall, %M KB max RSS" "$@"; }
[[ -x /usr/bin/time ]] || { echo "needs /usr/bin/time (Debian package 'time')" >&2; exit 1; }
if [[ ! -d "$dir/data/police" ]]; then
  echo "generate --scale $scale"
  timed ./vru generate --scale "$scale" --out "$dir/data"
fi
for s in geography:geography population:population police-records:police; do
  echo "ingest ${s%%:*}"
  timed ./vru ingest --source "${s%%:*}" --input "$dir/data/${s##*:}" --warehouse "$dir/warehouse"
done
echo "police records in the warehouse: $(wc -l "$dir"/data/police/*.csv | tail -1)"
echo "metrics --all-areas (publishes)"
timed ./vru metrics --all-areas --warehouse "$dir/warehouse"
echo "metrics --all-areas again (inputs unchanged)"
timed ./vru metrics --all-areas --warehouse "$dir/warehouse"
