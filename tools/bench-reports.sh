#!/usr/bin/env bash
# Times the reports (docs/performance.md): one partnership's annual review after metrics and
# evaluation (HTML + PDF + charts; English, then English and Welsh), and every police force
# area's own review in parallel (`vru report annual --all-forces`) on 1 and on all cores.
# Sets up with `./vru demo` in DIR when DIR has no vru.yaml yet. Each command is a fresh process,
# so the times include JVM start-up (about 1 s). Peak memory (max RSS) from /usr/bin/time.
# Usage: tools/bench-reports.sh [DIR] [REPEATS]   (default /tmp/vru-bench-reports, 3 repeats)
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${1:-/tmp/vru-bench-reports}"
repeats="${2:-3}"
[[ -x /usr/bin/time ]] || { echo "needs /usr/bin/time (Debian package 'time')" >&2; exit 1; }
timed() { /usr/bin/time -f "  %e s wall, %M KB max RSS" "$@"; }
if [[ ! -f "$dir/vru.yaml" ]]; then
  echo "demo (generate, ingest, metrics, evaluate) into $dir"
  timed ./vru demo --out "$dir" > /dev/null
fi
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
for i in $(seq "$repeats"); do
  echo "annual review, en, HTML + PDF (run $i)"
  timed ./vru report annual --config "$dir/vru.yaml" --out "$out/one" --language en > /dev/null
done
for i in $(seq "$repeats"); do
  echo "annual review, en + cy, HTML + PDF (run $i)"
  timed ./vru report annual --config "$dir/vru.yaml" --out "$out/both" --language both > /dev/null
done
cores="$(nproc)"
for threads in 1 "$cores"; do
  echo "all 43 forces, en, HTML + PDF, $threads thread(s)"
  timed ./vru report annual --config "$dir/vru.yaml" --all-forces --threads "$threads" \
    --out "$out/forces-$threads" --language en
  echo "  $(ls "$out/forces-$threads" | wc -l) files, $(du -sh "$out/forces-$threads" | cut -f1)"
done
echo "all 43 forces, en + cy, HTML + PDF, $cores thread(s)"
timed ./vru report annual --config "$dir/vru.yaml" --all-forces --out "$out/forces-both" \
  --language both
