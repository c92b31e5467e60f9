#!/usr/bin/env bash
# Golden outputs: everything a user sees of the matcher, recorded so that a
# change meant to keep behaviour can be checked byte for byte.
#
#   scripts/golden.sh record OUT        build this checkout, write its outputs to OUT
#   scripts/golden.sh compare OLD NEW   exit 0 when two recordings are identical,
#                                       else name the files that differ and exit 1
#
# A recording holds, from an index built from the shipped lists:
#   screen.jsonl    `screen --format jsonl --threshold 0.5 --limit 10` over a
#                   100,000-row payroll (scripts/gen-payroll.py, fixed seed)
#   searches.jsonl  the searches of scripts/golden/searches.tsv, `--json`, one
#                   line each (Latin, Hangul, organisations, identifiers,
#                   evidence, filters)
#   export.jsonl    `export --format jsonl`
#   network.json    `network un:KPe.028 --depth 2 --format json`
#   quality.md      the quality benchmark's tables, without timings or paths
#   quality.tsv     the quality benchmark's per-case results
#
# Timings and temporary paths are left out; nothing else is rewritten.
set -euo pipefail
cd "$(dirname "$0")/.."

usage() {
    sed -n '4,6p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
}

compare() {
    local old=$1 new=$2 bad=0
    for f in screen.jsonl searches.jsonl export.jsonl network.json quality.md quality.tsv; do
        if [[ ! -f $old/$f || ! -f $new/$f ]]; then
            echo "missing: $f"
            bad=1
        elif ! cmp -s "$old/$f" "$new/$f"; then
            echo "differs: $f ($(diff "$old/$f" "$new/$f" | grep -c '^[<>]') lines)"
            bad=1
        else
            echo "same:    $f ($(wc -l < "$new/$f") lines, $(wc -c < "$new/$f") bytes)"
        fi
    done
    return $bad
}

record() {
    local out=$1
    mkdir -p "$out"
    out=$(cd "$out" && pwd)
    work=""
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT

    cargo build --release --quiet --locked
    local bin=${CARGO_TARGET_DIR:-target}/release/sanctiondb
    "$bin" build --quiet --index "$work/index" > /dev/null
    export SANCTIONDB_INDEX=$work/index

    python3 scripts/gen-payroll.py 100000 > "$work/payroll.csv"
    "$bin" screen "$work/payroll.csv" --format jsonl --threshold 0.5 --limit 10 \
        --output "$out/screen.jsonl" --audit-log "$work/audit.jsonl" --quiet

    : > "$out/searches.jsonl"
    local line query args rc
    while IFS= read -r line; do
        [[ -z $line || $line == \#* ]] && continue
        # Split on the one tab by hand: `read` would drop an empty query.
        query=${line%%$'\t'*}
        args=${line#*$'\t'}
        # shellcheck disable=SC2086 # the second column is a list of flags
        rc=0
        "$bin" search "$query" $args --json >> "$out/searches.jsonl" 2> "$work/err" || rc=$?
        if [[ $rc -ne 0 ]]; then
            printf '{"query":"%s","flags":"%s","exit":%d}\n' "$query" "$args" "$rc" >> "$out/searches.jsonl"
        fi
    done < scripts/golden/searches.tsv

    "$bin" export --format jsonl --output "$out/export.jsonl"
    "$bin" network un:KPe.028 --depth 2 --format json > "$out/network.json"

    QUALITY_DETAILS="$out/quality.tsv" cargo bench --quiet --locked --bench quality \
        | grep -v -e '^total time:' -e '^per-case results:' \
        | sed "s|index $work/index|index INDEX|" > "$out/quality.md"
    echo "recorded in $out"
}

case ${1:-} in
    record) [[ $# -eq 2 ]] || usage; record "$2" ;;
    compare) [[ $# -eq 3 ]] || usage; compare "$2" "$3" ;;
    *) usage ;;
esac
