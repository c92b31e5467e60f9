#!/usr/bin/env bash
# Quality benchmark: hit@1, recall@5 and false-alert rate per category of
# labelled cases, for sanctiondb and for a naive Jaro-Winkler baseline.
#
# Builds the release binary, builds an index from lists/ into a temporary
# folder, regenerates benches/quality/cases.tsv (deterministic: the same lists
# and variants.tsv give the same file) and runs `cargo bench --bench quality`.
#
# usage: scripts/quality.sh
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo build --release --quiet
target/release/sanctiondb build --quiet --index "$work/index" > /dev/null
python3 scripts/make-quality-cases.py
SANCTIONDB_INDEX="$work/index" cargo bench --quiet --bench quality
