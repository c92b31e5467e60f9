#!/usr/bin/env bash
# Downloads the official list files with `sanctiondb fetch`, each verified
# before it replaces the snapshot in the lists folder, then says how to index
# them and have a running server take them up.
#
# usage: scripts/fetch-lists.sh [fetch flags...]
#   e.g. scripts/fetch-lists.sh --only un --json
#        scripts/fetch-lists.sh --lists /srv/sanctiondb/lists --timeout 120
# The lists folder is this repository's lists/ unless --lists says otherwise.
# SANCTIONDB_BIN names the binary (default: target/release/sanctiondb, built
# when missing). Per-file URL overrides: `sanctiondb fetch --help`.
#
# Exit code: fetch's, for cron. 0 every file fetched or unchanged; 7 a
# download failed (network, HTTP error, timeout: try again later); 8 a download
# was refused by verification (look at it; --force accepts a shrunken list);
# 2 bad flags; 3 no lists folder or manifest. A file that failed or was refused
# keeps its previous snapshot, so `build` goes on indexing the last good lists.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${SANCTIONDB_BIN:-$root/target/release/sanctiondb}
if [ ! -x "$bin" ]; then
    (cd "$root" && cargo build --release --quiet) || exit 1
fi

lists="$root/lists"
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
    case ${args[$i]} in
        --lists) lists=${args[$((i + 1))]:-$lists} ;;
        --lists=*) lists=${args[$i]#--lists=} ;;
    esac
done
case " $* " in
    *" --lists "* | *" --lists="*) ;;
    *) args=(--lists "$lists" "${args[@]}") ;;
esac

before=$(cksum < "$lists/MANIFEST.json" 2>/dev/null)
"$bin" fetch "${args[@]}"
code=$?
after=$(cksum < "$lists/MANIFEST.json" 2>/dev/null)

# Hints go to stderr, so `--json` output stays JSON.
if [ "$before" != "$after" ]; then
    cat >&2 <<HINT

New lists are in $lists. To use them:
  $bin build --lists $lists --index INDEX
then have a server reading INDEX take them up without a restart:
  curl -X POST -H "Content-Type: application/json" http://127.0.0.1:8080/admin/reload     (add -H "Authorization: Bearer \$SANCTIONDB_TOKEN" with --token)
  or: kill -HUP <server pid>
HINT
elif [ "$code" -ne 0 ]; then
    echo "Nothing was replaced: the index built from $lists stays as it is." >&2
fi
exit "$code"
