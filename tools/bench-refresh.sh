#!/usr/bin/env bash
# A partnership's monthly refresh (docs/performance.md, "Speed where users wait"): the demo's
# partnership with its last month of police records and hospital admissions (March 2025) held back
# from the FY2024-25 extracts, a full `vru run`, then the year-to-date extracts through March in
# place of those files and `vru run` again, timed end to end as a user waits for it (a fresh
# process: JVM and Spark start-up included). A force's file covering part of a financial year is a
# version of that force-year (docs/ingest.md, "A new version of a file"), so a month arrives as the
# year-to-date extract that supersedes the previous one, not as a file of that month alone.
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
held="$dir/year-to-date"
rm -rf "$held" && mkdir -p "$held/police" "$held/hospital"
# the year-to-date extracts through March kept aside; the run's own copies lose March
# (the third column is the date in both layouts: recorded_date, admission_date)
without_month() { # file kept-folder
  cp "$1" "$2/"
  awk -F, -v m="$month" 'NR == 1 || substr($3, 1, 7) != m' "$1" > "$1.tmp" && mv "$1.tmp" "$1"
}
without_month "$run/data/police/police-records-FY2024-25.csv" "$held/police"
without_month "$run/data/hospital/hes-apc-FY2024-25.csv" "$held/hospital"
echo "held back $month:" \
  "$(awk -F, -v m="$month" 'substr($3, 1, 7) == m' "$held/police/"*.csv | wc -l) police records," \
  "$(awk -F, -v m="$month" 'substr($3, 1, 7) == m' "$held/hospital/"*.csv | wc -l) admissions"
echo "vru run (full, without $month)"
/usr/bin/time -f "  %e s wall, %M KB max RSS" ./vru run --config "$run/vru.yaml" "${opts[@]}" \
  > "$dir/full.out" 2> "$dir/full.err" || { cat "$dir/full.err" >&2; exit 1; }
grep -E "^\[|^  |finished" "$dir/full.err" | grep -v "^  \[" | sed 's/^/    /'
cp "$held/police/"*.csv "$run/data/police/"
cp "$held/hospital/"*.csv "$run/data/hospital/"
echo "vru run (refresh: the FY2024-25 extracts through $month replace those through the month before)"
/usr/bin/time -f "  %e s wall, %M KB max RSS" ./vru run --config "$run/vru.yaml" "${opts[@]}" \
  > "$dir/refresh.out" 2> "$dir/refresh.err" || { cat "$dir/refresh.err" >&2; exit 1; }
grep -E "^\[|^  |finished" "$dir/refresh.err" | grep -v "^  \[" | sed 's/^/    /'
