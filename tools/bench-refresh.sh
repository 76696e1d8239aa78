#!/usr/bin/env bash
# A partnership's monthly refresh (docs/performance.md, "Speed where users wait"): the demo's
# partnership with its last month of police records and hospital admissions (March 2025) held back,
# a full `vru run`, then that month added to the inputs as new files and `vru run` again, timed end
# to end as a user waits for it (a fresh process: JVM and Spark start-up included).
# Usage: tools/bench-refresh.sh [DIR] [SCALE]   (default /tmp/vru-bench-refresh, scale 0.1)
# Extra options for the runs (e.g. --master local[8]) in VRU_BENCH_OPTS.
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${1:-/tmp/vru-bench-refresh}"
scale="${2:-0.1}"
opts=(${VRU_BENCH_OPTS:-})
[[ -x /usr/bin/time ]] || { echo "needs /usr/bin/time (Debian package 'time')" >&2; exit 1; }
./vru --version > /dev/null
if [[ ! -f "$dir/demo/vru.yaml" ]]; then
  echo "vru demo --scale $scale (data and vru.yaml for the partnership)"
  ./vru demo --scale "$scale" --out "$dir/demo" > /dev/null 2>&1
fi
run="$dir/run"
rm -rf "$run"
mkdir -p "$run"
cp -r "$dir/demo/data" "$run/data"
cp "$dir/demo/vru.yaml" "$dir/demo/toc.yaml" "$run/"
month="2025-03"
held="$dir/held-back"
rm -rf "$held" && mkdir -p "$held/police" "$held/hospital"
# the third column is the date in both layouts (recorded_date, admission_date)
split_month() { # file folder name
  local f="$1" out="$2/$3"
  head -1 "$f" > "$out"
  awk -F, -v m="$month" 'NR > 1 && substr($3, 1, 7) == m' "$f" >> "$out"
  awk -F, -v m="$month" 'NR == 1 || substr($3, 1, 7) != m' "$f" > "$f.tmp" && mv "$f.tmp" "$f"
}
split_month "$run/data/police/police-records-FY2024-25.csv" "$held/police" "police-records-$month.csv"
split_month "$run/data/hospital/hes-apc-FY2024-25.csv" "$held/hospital" "hes-apc-$month.csv"
echo "held back $month: $(($(wc -l < "$held/police/police-records-$month.csv") - 1)) police records," \
  "$(($(wc -l < "$held/hospital/hes-apc-$month.csv") - 1)) admissions"
echo "vru run (full, without $month)"
/usr/bin/time -f "  %e s wall, %M KB max RSS" ./vru run --config "$run/vru.yaml" "${opts[@]}" \
  > "$dir/full.out" 2> "$dir/full.err" || { cat "$dir/full.err" >&2; exit 1; }
grep -E "^\[|^  |finished" "$dir/full.err" | grep -v "^  \[" | sed 's/^/    /'
cp "$held/police/"*.csv "$run/data/police/"
cp "$held/hospital/"*.csv "$run/data/hospital/"
echo "vru run (refresh: $month added)"
/usr/bin/time -f "  %e s wall, %M KB max RSS" ./vru run --config "$run/vru.yaml" "${opts[@]}" \
  > "$dir/refresh.out" 2> "$dir/refresh.err" || { cat "$dir/refresh.err" >&2; exit 1; }
grep -E "^\[|^  |finished" "$dir/refresh.err" | grep -v "^  \[" | sed 's/^/    /'
