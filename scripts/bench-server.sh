#!/usr/bin/env bash
# Load-tests the lookup server with wrk and prints, for this machine, requests
# per second and latency percentiles (p50, p90, p99) of:
#
#   GET /search     rotating realistic queries (Korean names in Latin letters
#                   and in Hangul, DPRK organisations, other names)
#   POST /screen    100-record JSON bodies (synthetic payroll rows)
#   GET /search     again, while the index is rebuilt and reloaded
#                   (POST /admin/reload three times, SIGHUP once): every
#                   answer must still be a 2xx, with no socket errors
#
# It builds the release binary (if needed) and the index (if there is none, or
# the one there does not open), starts `sanctiondb serve` on a free loopback
# port, waits for /ready, and stops the server at the end.
#
# usage: scripts/bench-server.sh [SECONDS]        (per run; default 20)
# environment: THREADS (wrk threads, 2), CONNECTIONS (32),
#              INDEX (index folder; $SANCTIONDB_INDEX, else index), LISTS (lists),
#              SANCTIONDB (the binary; built with cargo when unset)
# needs: wrk (apt-get install wrk), curl, python3
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-20}
threads=${THREADS:-2}
connections=${CONNECTIONS:-32}
index=${INDEX:-${SANCTIONDB_INDEX:-index}}
lists=${LISTS:-lists}
[[ $seconds =~ ^[1-9][0-9]*$ ]] || { echo "usage: $0 [SECONDS]" >&2; exit 2; }

need() {
    command -v "$1" > /dev/null || { echo "$1 is not installed: $2" >&2; exit 1; }
}
need wrk "apt-get install wrk (Debian, Ubuntu), brew install wrk (macOS), or build it from https://github.com/wg/wrk"
need curl "apt-get install curl"
need python3 "apt-get install python3"
need cargo "install Rust from https://rustup.rs"

work=$(mktemp -d)
server_pid=
wrk_pid=
cleanup() {
    [[ -n $wrk_pid ]] && kill "$wrk_pid" 2> /dev/null || true
    if [[ -n $server_pid ]]; then
        kill "$server_pid" 2> /dev/null || true
        wait "$server_pid" 2> /dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

source scripts/lib.sh
bin=$(sanctiondb_binary)

# An index that opens (exit 4: none, damaged or outdated) or a fresh one.
status=0
"$bin" search "KIM Jong Un" --index "$index" > /dev/null 2>&1 || status=$?
if [[ $status -eq 4 ]]; then
    echo "no usable index at $index: building one from $lists"
    "$bin" build --lists "$lists" --index "$index" --quiet > /dev/null
elif [[ $status -ne 0 ]]; then
    echo "sanctiondb search failed (exit $status) on the index at $index" >&2
    exit 1
fi

# The wrk scripts: requests formatted once per thread, rotated; `done` prints
# one RESULT line (requests/s, p50, p90, p99 in ms, non-2xx, socket errors).
python3 - "$work" <<'PY'
import csv, io, json, subprocess, sys, urllib.parse

work = sys.argv[1]
queries = [
    "KIM Jong Un", "Kim Jong-un", "Ri Pyong Chol", "Choe Ryong Hae", "Pak Jong Chon",
    "김정은", "리병철",
    "Korea Ryonbong General Corporation", "Munitions Industry Department",
    "Korea Mining Development Trading Corporation",
    "Ali Hassan Mohammed", "Banco Nacional de Cuba", "John Smith",
]
payroll = subprocess.run(
    [sys.executable, "scripts/gen-payroll.py", "400", "--seed", "11", "--plant", "50"],
    check=True, capture_output=True, text=True).stdout
rows = list(csv.DictReader(io.StringIO(payroll)))
bodies = []
for b in range(4):
    records = [{k: v for k, v in r.items() if v} for r in rows[b * 100:(b + 1) * 100]]
    bodies.append(json.dumps({"records": records}, ensure_ascii=False))

def lua_str(s):
    return "[==[" + s + "]==]"

common = """
local i = 0
request = function()
  i = i + 1
  return requests[(i % #requests) + 1]
end
done = function(summary, latency, requests)
  local e = summary.errors
  local secs = summary.duration / 1e6
  io.write(string.format("RESULT %.1f %.2f %.2f %.2f %d %d %d\\n",
    summary.requests / secs,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000,
    e.status, e.connect + e.read + e.write + e.timeout, summary.requests))
end
"""
with open(f"{work}/search.lua", "w") as f:
    f.write("local paths = {\n")
    for q in queries:
        f.write("  " + lua_str("/search?q=" + urllib.parse.quote(q)) + ",\n")
    f.write("}\ninit = function()\n  requests = {}\n  for k, p in ipairs(paths) do\n"
            "    requests[k] = wrk.format(\"GET\", p)\n  end\nend\n")
    f.write(common)
with open(f"{work}/screen.lua", "w") as f:
    f.write("local bodies = {\n")
    for body in bodies:
        f.write("  " + lua_str(body) + ",\n")
    f.write("}\ninit = function()\n  requests = {}\n  for k, b in ipairs(bodies) do\n"
            "    requests[k] = wrk.format(\"POST\", \"/screen\", "
            "{[\"Content-Type\"] = \"application/json\"}, b)\n  end\nend\n")
    f.write(common)
PY

# The server, on a free port, without a token (a loopback benchmark).
env -u SANCTIONDB_TOKEN "$bin" serve --bind 127.0.0.1:0 --index "$index" \
    > "$work/serve.out" 2> "$work/serve.log" &
server_pid=$!
addr=
for _ in $(seq 600); do
    addr=$(sed -n 's#^listening on http://\([^ ]*\).*#\1#p' "$work/serve.out")
    [[ -n $addr ]] && break
    if ! kill -0 "$server_pid" 2> /dev/null; then
        echo "sanctiondb serve stopped:" >&2
        cat "$work/serve.log" >&2
        exit 1
    fi
    sleep 0.1
done
[[ -n $addr ]] || { echo "sanctiondb serve did not start listening" >&2; exit 1; }
url=http://$addr
ready=
for _ in $(seq 100); do
    curl -fsS "$url/ready" > "$work/ready.json" 2> /dev/null && ready=yes && break
    sleep 0.1
done
[[ -n $ready ]] || { echo "$url/ready did not answer" >&2; exit 1; }
version=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["index_version"])' "$work/ready.json")

echo "machine: $(nproc) cores, $(uname -m); load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "server: $url, index $version (from $index); wrk -t$threads -c$connections -d${seconds}s"
echo "goal: /search at 10,000 req/s or more with p99 at 5 ms or less (wrk -t2 -c32)"
printf "%-36s %9s %9s %9s %9s %9s %8s %9s\n" \
    run req/s p50 p90 p99 requests non-2xx "sock err"

# report NAME WRK_OUTPUT: one line of figures from the RESULT line.
report() {
    local rps p50 p90 p99 non2xx sockerr requests
    if ! read -r _ rps p50 p90 p99 non2xx sockerr requests < <(grep '^RESULT' "$2"); then
        echo "$1: wrk printed no figures:" >&2
        cat "$2" >&2
        exit 1
    fi
    printf '%-36s %9s %7sms %7sms %7sms %9s %8s %9s\n' \
        "$1" "$rps" "$p50" "$p90" "$p99" "$requests" "$non2xx" "$sockerr"
}
# load LUA OUTPUT: one wrk run of the chosen length.
load() {
    wrk -t"$threads" -c"$connections" -d"$seconds"s --latency -s "$1" "$url" > "$2"
}

wrk -t"$threads" -c"$connections" -d3s -s "$work/search.lua" "$url" > /dev/null # warm-up
load "$work/search.lua" "$work/search.out"
report "GET /search (13 queries)" "$work/search.out"
load "$work/screen.lua" "$work/screen.out"
report "POST /screen (100 records a request)" "$work/screen.out"
awk '/^RESULT/ { printf "  = %.0f records/s screened\n", $2 * 100 }' "$work/screen.out"

# /search again while the index is rebuilt and reloaded.
load "$work/search.lua" "$work/reload.out" &
wrk_pid=$!
step=$((seconds * 10 / 6)) # tenths of a second between reloads
pause() { sleep "$((step / 10)).$((step % 10))"; }
reloads=()
reload() { reloads+=("$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'content-type: application/json' "$url/admin/reload")"); }
pause
reload
pause
"$bin" build --lists "$lists" --index "$index" --quiet > /dev/null
reload
pause
kill -HUP "$server_pid"
reloads+=(SIGHUP)
pause
reload
wait "$wrk_pid"
wrk_pid=
report "GET /search, rebuild + 4 reloads" "$work/reload.out"
echo "reloads during that run (HTTP status, or SIGHUP): ${reloads[*]}" \
    "(the same lists rebuilt give the same index version)"
grep -E '^(reloaded index|reload refused|SIGHUP)' "$work/serve.log" | sed 's/^/  server log: /' || true
