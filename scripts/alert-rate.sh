#!/usr/bin/env bash
# Alert rate of ordinary payees: the synthetic payroll of scripts/bench.sh
# screened at the default threshold, once with its date-of-birth and country
# columns and once with the name alone. Planted listed names (every 1,000th
# row) are counted apart. Prints, per run, the share of ordinary rows with an
# alert and with a possible match.
#
# usage: scripts/alert-rate.sh [ROWS]     (default 1000000)
# environment: SANCTIONDB (the binary; built with cargo when unset), INDEX
# (an index to use; built from lists/ into a temporary folder when unset)
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-1000000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
source scripts/lib.sh
bin=$(sanctiondb_binary)
index=${INDEX:-}
if [[ -z $index ]]; then
    index=$work/index
    "$bin" build --quiet --index "$index" > /dev/null
fi
echo "machine: $(nproc) cores; binary $bin; $rows payees"
python3 scripts/gen-payroll.py "$rows" > "$work/with.csv"
cut -d, -f1,2 "$work/with.csv" > "$work/without.csv"
for run in with without; do
    "$bin" screen "$work/$run.csv" --index "$index" --format csv \
        --output "$work/$run.out.csv" --audit-log "$work/audit.jsonl" --quiet
    python3 - "$work/$run.out.csv" "$rows" "$run" <<'PY'
import csv, sys
path, rows, run = sys.argv[1], int(sys.argv[2]), sys.argv[3]
plant = 1000
alert, possible = set(), set()
for r in csv.DictReader(open(path, newline="")):
    n = int(r["payee_id"][1:])
    if n % plant == plant - 1:
        continue
    (alert if r["status"] == "alert" else possible if r["status"] == "possible" else set()).add(n)
ordinary = rows - rows // plant
possible -= alert
print(f"{run} date of birth and country: {len(alert)} of {ordinary} ordinary rows alert "
      f"({100 * len(alert) / ordinary:.3f} %), {len(possible)} more have only possible matches "
      f"({100 * len(possible) / ordinary:.3f} %)")
PY
done
