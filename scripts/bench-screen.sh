#!/usr/bin/env bash
# POST /screen throughput: payees screened per second by `sanctiondb serve`,
# with wrk sending 100-record JSON bodies (synthetic payroll rows) over
# CONNECTIONS connections. Give several binaries to compare them in one run;
# with SAVE=DIR each server's answers to a few JSON and CSV bodies (with
# threshold and limit) are also written to DIR/<n>-*.json, for cmp.
#
# usage: scripts/bench-screen.sh [BINARY...]     (default: this checkout's build)
# environment: SECONDS_PER_RUN (20), THREADS (wrk threads, 2), CONNECTIONS (8),
#              INDEX (index folder; built from LISTS into a temporary one when unset)
# needs: wrk, curl, python3
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${SECONDS_PER_RUN:-20}
threads=${THREADS:-2}
connections=${CONNECTIONS:-8}
lists=${LISTS:-lists}
source scripts/lib.sh
bins=("$@")
[[ ${#bins[@]} -gt 0 ]] || bins=("$(sanctiondb_binary)")
work=$(mktemp -d)
server_pid=
cleanup() {
    if [[ -n $server_pid ]]; then kill "$server_pid" 2> /dev/null || true; wait "$server_pid" 2> /dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT
index=${INDEX:-}
if [[ -z $index ]]; then
    index=$work/index
    "${bins[0]}" build --lists "$lists" --index "$index" --quiet > /dev/null
fi

python3 - "$work" <<'PY'
import csv, io, json, subprocess, sys
work = sys.argv[1]
payroll = subprocess.run(
    [sys.executable, "scripts/gen-payroll.py", "400", "--seed", "11", "--plant", "50"],
    check=True, capture_output=True, text=True).stdout
rows = list(csv.DictReader(io.StringIO(payroll)))
bodies = []
for b in range(4):
    records = [{k: v for k, v in r.items() if v} for r in rows[b * 100:(b + 1) * 100]]
    bodies.append(json.dumps({"records": records}, ensure_ascii=False))
for k, b in enumerate(bodies):
    open(f"{work}/body{k}.json", "w").write(b)
low = json.loads(bodies[1]); low["threshold"] = 0.5; low["limit"] = 3
open(f"{work}/body-low.json", "w").write(json.dumps(low, ensure_ascii=False))
open(f"{work}/payroll.csv", "w").write(payroll)
def q(s): return "[==[" + s + "]==]"
with open(f"{work}/screen.lua", "w") as f:
    f.write("local bodies = {\n" + "".join("  " + q(b) + ",\n" for b in bodies) + "}\n")
    f.write("""init = function()
  requests = {}
  for k, b in ipairs(bodies) do
    requests[k] = wrk.format("POST", "/screen", {["Content-Type"] = "application/json"}, b)
  end
end
local i = 0
request = function() i = i + 1; return requests[(i % #requests) + 1] end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %.1f %.2f %.2f %d %d\\n", summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, e.status,
    e.connect + e.read + e.write + e.timeout))
end
""")
PY

echo "machine: $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg); wrk -t$threads -c$connections -d${seconds}s, 100 records a request"
n=0
for bin in "${bins[@]}"; do
    n=$((n + 1))
    env -u SANCTIONDB_TOKEN "$bin" serve --bind 127.0.0.1:0 --index "$index" > "$work/serve.out" 2> "$work/serve.log" &
    server_pid=$!
    addr=
    for _ in $(seq 600); do
        addr=$(sed -n 's#^listening on http://\([^ ]*\).*#\1#p' "$work/serve.out")
        [[ -n $addr ]] && break
        sleep 0.1
    done
    [[ -n $addr ]] || { echo "$bin: serve did not start" >&2; cat "$work/serve.log" >&2; exit 1; }
    url=http://$addr
    until curl -fsS "$url/ready" > /dev/null 2>&1; do sleep 0.1; done
    if [[ -n ${SAVE:-} ]]; then
        mkdir -p "$SAVE"
        post() { curl -sS -X POST -H "content-type: $1" --data-binary "@$2" "$url$3" > "$SAVE/$n-$4.json"; }
        for k in 0 1 2 3; do post application/json "$work/body$k.json" /screen "json$k"; done
        post application/json "$work/body-low.json" /screen json-low
        post text/csv "$work/payroll.csv" /screen csv
        post text/csv "$work/payroll.csv" "/screen?threshold=0.5&limit=3" csv-low
    fi
    wrk -t"$threads" -c"$connections" -d3s -s "$work/screen.lua" "$url" > /dev/null # warm-up
    wrk -t"$threads" -c"$connections" -d"$seconds"s --latency -s "$work/screen.lua" "$url" > "$work/wrk.out"
    read -r _ rps p50 p99 non2xx sockerr < <(grep '^RESULT' "$work/wrk.out")
    awk -v b="$bin" -v r="$rps" -v p50="$p50" -v p99="$p99" -v e="$non2xx" -v s="$sockerr" \
        'BEGIN { printf "%s: %.1f req/s = %.0f payees/s, p50 %sms, p99 %sms, non-2xx %s, socket errors %s\n", b, r, r * 100, p50, p99, e, s }'
    kill "$server_pid"; wait "$server_pid" 2> /dev/null || true; server_pid=
done
