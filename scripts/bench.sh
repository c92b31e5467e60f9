#!/usr/bin/env bash
# Measures, on this machine: index build time and peak memory over all shipped
# lists, index size on disk, and `screen` throughput on a synthetic payroll.
#
# usage: scripts/bench.sh [ROWS]     (default 100000)
# environment: SANCTIONDB (the binary; built with cargo when unset)
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-100000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

source scripts/lib.sh
bin=$(sanctiondb_binary)
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -m)"

/usr/bin/time -f "%e %M" -o "$work/build.time" "$bin" build --quiet --index "$work/index" > /dev/null
read -r secs kb < "$work/build.time"
gen=$(cat "$work/index/CURRENT")
size=$(du -sk "$work/index/$gen" | cut -f1)
echo "build: ${secs}s, peak memory $((kb / 1024)) MB, index size $((size / 1024)) MB"

python3 scripts/gen-payroll.py "$rows" > "$work/payroll.csv"
/usr/bin/time -f "%e %M" -o "$work/screen.time" \
    "$bin" screen "$work/payroll.csv" --index "$work/index" --format csv --output "$work/alerts.csv" --quiet
read -r secs kb < "$work/screen.time"
alerts=$(($(wc -l < "$work/alerts.csv") - 1))
rate=$(awk -v r="$rows" -v s="$secs" 'BEGIN { printf "%.0f", r / (s > 0 ? s : 0.01) }')
echo "screen: $rows payees in ${secs}s = $rate payees/s, peak memory $((kb / 1024)) MB, $alerts alert rows"
