#!/usr/bin/env bash
# Every attack of the reliability cases, one line per case, bounded and on
# loopback only: the CLI (cases 1-5, scripts/attack/cli.sh), the server
# (6-9 and 13, scripts/attack/server.sh, against an index of the shipped
# lists) and the index files (10-12, scripts/attack/index.sh).
#
# usage: scripts/attack.sh [INDEX_DIR]   (exit 1 when a case failed)
# environment: SANCTIONDB (the binary; built with cargo when absent)
# needs: curl, python3, bc; case 11 needs root (unshare, mount, setpriv)
set -uo pipefail
cd "$(dirname "$0")/.."
export SANCTIONDB=${SANCTIONDB:-target/release/sanctiondb}
[[ -x $SANCTIONDB ]] || cargo build --release --locked || exit 2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
index=${1:-}
if [[ -z $index ]]; then
    index=$work/index
    "$SANCTIONDB" build --quiet --lists lists --index "$index" > /dev/null || exit 2
fi
failed=0
scripts/attack/cli.sh || failed=1
scripts/attack/server.sh "$index" || failed=1
scripts/attack/index.sh || failed=1
exit $failed
