#!/usr/bin/env bash
# Public side-by-side benchmark of matching quality: sanctiondb against
# OpenSanctions' logic-v2 on OpenSanctions' own case sets (benches/public/,
# provenance and protocols in its README). Prints the machine and one markdown
# report: name_bench pairs (P/R/F1/FPR by group, schema and script, threshold
# sweep) and the yente screening cases (hit@1, recall@5, alert share of
# negatives).
#
# logic-v2 is scored in the same run when its venv exists (make it once with
# scripts/logicv2-venv.sh); without it the report says so and shows only
# upstream's frozen logic-v2 scores beside sanctiondb.
#
# usage: scripts/public-bench.sh
# environment: SANCTIONDB (the binary to measure; built with cargo when unset),
#              LOGICV2_VENV (default ${CARGO_TARGET_DIR:-target}/logicv2-venv)
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
target=${CARGO_TARGET_DIR:-target}

source scripts/lib.sh
bin=$(sanctiondb_binary)
venv=${LOGICV2_VENV:-$target/logicv2-venv}

args=(--binary "$bin")
if [[ -x $venv/bin/python ]]; then
    "$venv/bin/python" scripts/logicv2-score.py pairs benches/public/nk_name_bench_cases.csv \
        > "$work/logicv2-pairs.csv"
    args+=(--logicv2-scores "$work/logicv2-pairs.csv" --logicv2-python "$venv/bin/python")
fi
start=$(date +%s)
python3 scripts/public-bench.py "${args[@]}"
echo
echo "Run time: $(( $(date +%s) - start ))s (after the logic-v2 pair scoring, if any)."
