#!/usr/bin/env bash
# Makes the Python venv in which scripts/public-bench.sh runs OpenSanctions'
# logic-v2 matcher (nomenklatura 4.17.4 from PyPI, with the followthemoney and
# rigour versions it resolved), every package pinned in
# scripts/logicv2-requirements.txt. Needs python3 >= 3.11, network access to
# PyPI, and libicu-dev with a C++ compiler (pyicu is built from source).
#
# usage: scripts/logicv2-venv.sh [DIR]   (default ${LOGICV2_VENV:-${CARGO_TARGET_DIR:-target}/logicv2-venv})
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-${LOGICV2_VENV:-${CARGO_TARGET_DIR:-target}/logicv2-venv}}
python3 -m venv "$dir"
"$dir/bin/pip" install --quiet --require-virtualenv -r scripts/logicv2-requirements.txt
"$dir/bin/python" -c 'import nomenklatura.matching, rapidfuzz; print("logic-v2 venv ready:", "'"$dir"'")'
