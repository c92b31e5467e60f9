#!/usr/bin/env bash
# Attacks a running `sanctiondb serve` on loopback with the cases of issues
# 6, 7, 8, 9 and 13, each bounded in count and time, and prints one line per
# case: `case N: ok|FAILED <what it saw>` with time to first byte, the
# server's peak RSS (VmHWM) and held RSS (VmRSS after), and the latency of a
# concurrent /search.
#
#   SANCTIONDB=target/release/sanctiondb scripts/attack/server.sh INDEX_DIR
#
# Starts its own server on a free port; loopback only; needs curl, python3.
set -euo pipefail
BIN=${SANCTIONDB:-target/release/sanctiondb}
INDEX=${1:?usage: scripts/attack/server.sh INDEX_DIR}
work=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
"$BIN" serve --index "$INDEX" --bind 127.0.0.1:0 >"$work/out" 2>"$work/err" &
pid=$!
for _ in $(seq 100); do grep -q '^listening on' "$work/out" 2>/dev/null && break; sleep 0.1; done
addr=$(sed -n 's/^listening on http:\/\/\([^ ]*\).*/\1/p' "$work/out" | head -1)
[ -n "$addr" ] || { echo "the server did not start: $(cat "$work/err")"; exit 1; }
timeout 900 python3 - "$addr" "$pid" <<'PY'
import json, socket, sys, threading, time, urllib.parse
addr, pid = sys.argv[1], int(sys.argv[2])
host, port = addr.rsplit(':', 1); port = int(port)

def rss():
    f = {}
    for l in open(f'/proc/{pid}/status'):
        k, _, v = l.partition(':')
        if k in ('VmHWM', 'VmRSS'): f[k] = int(v.split()[0]) // 1024
    return f

def request(raw, timeout=120, src='127.0.0.1', read=True):
    """Sends raw bytes; returns (status, time to first byte, body length)."""
    s = socket.socket(); s.settimeout(timeout); s.bind((src, 0)); s.connect((host, port))
    t = time.time(); s.sendall(raw)
    if not read: return s
    data = bytearray(); ttfb = None; total = 0
    try:
        while True:
            b = s.recv(1 << 20)
            if not b: break
            if ttfb is None: ttfb = time.time() - t
            total += len(b)
            if len(data) < 1 << 20: data += b  # the head and the start of the body
    except OSError: pass
    s.close()
    head, _, body = bytes(data).partition(b'\r\n\r\n')
    body_len = total - len(head) - 4 if body or total > len(head) else 0
    try: status = int(head[9:12])
    except ValueError: status = 0
    return status, ttfb, body_len, head, body

def get(path, **kw):
    return request(f'GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n'.encode(), **kw)

def post(path, body, ctype='application/json', **kw):
    return request(f'POST {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: {ctype}\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n'.encode() + body, **kw)

class Probe(threading.Thread):
    """/search and /health every 0.2 s while an attack runs; worst latency."""
    def __init__(self):
        super().__init__(daemon=True); self.stop = False; self.worst = 0; self.failed = 0
    def run(self):
        while not self.stop:
            for path in ('/search?q=KIM+Jong+Un', '/health'):
                t = time.time()
                try: st = get(path, timeout=30)[0]
                except OSError: st = 0
                self.worst = max(self.worst, time.time() - t)
                if st != 200: self.failed += 1
            time.sleep(0.2)
    def done(self):
        self.stop = True; self.join(40); return f'search/health worst {self.worst:.2f}s, {self.failed} failed'

def report(n, ok, seen):
    print(f'case {n}: {"ok" if ok else "FAILED"} {seen}', flush=True)

def mem(before):
    time.sleep(1); m = rss()
    return f'peak {m["VmHWM"]} MB, held {m["VmRSS"]} MB (was {before} MB)'

# 6: 10,000 short common names, threshold 0, limit 100.
base = rss()['VmRSS']; probe = Probe(); probe.start()
body = json.dumps({'records': [{'id': str(i), 'name': 'Kim'} for i in range(10000)], 'threshold': 0, 'limit': 100}).encode()
st, ttfb, n, _, _ = post('/screen', body, timeout=300)
report(6, st == 413, f'status {st}, ttfb {ttfb or 0:.1f}s, {n} bytes, {mem(base)}, {probe.done()}')

# 7: 100 records of 1,000 x U+3316 (NFKC: ~11,000 letters each), client gone after 1 s; one such /search.
base = rss()['VmRSS']; probe = Probe(); probe.start()
t = time.time(); st, ttfb, n, _, _ = get('/search?q=' + urllib.parse.quote('\u3316' * 1000), timeout=300)
body = json.dumps({'records': [{'id': str(i), 'name': '\u3316' * 995 + str(i)} for i in range(100)], 'threshold': 0.5}).encode()
s = post('/screen', body, read=False); time.sleep(1); s.close()
time.sleep(2); cpu_busy = open(f'/proc/{pid}/stat').read().split()[13:15]
time.sleep(2); cpu_after = open(f'/proc/{pid}/stat').read().split()[13:15]
still = (sum(map(int, cpu_after)) - sum(map(int, cpu_busy))) / 100
report(7, st == 200 and (ttfb or 99) < 2 and still < 0.5, f'search status {st}, ttfb {ttfb or 0:.2f}s; CPU 3-5 s after the client left {still:.1f}s; {mem(base)}, {probe.done()}')

# 8: 300 clients (from 127.0.0.2) sending a body one byte per second, 8 s; a declared 9 MiB body.
base = rss()['VmRSS']; probe = Probe(); probe.start(); slow = []
for i in range(300):
    try: slow.append(request(b'POST /screen HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{', src='127.0.0.2', read=False, timeout=5))
    except OSError: break
refused = 0
for _ in range(8):
    for s in list(slow):
        try: s.send(b' ')
        except OSError: slow.remove(s); refused += 1
    time.sleep(1)
for s in slow: s.close()
s = request(f'POST /screen HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {9 << 20}\r\n\r\n'.encode(), read=False, timeout=10)
t = time.time()
try: first = s.recv(200); big = int(first[9:12]); big_t = time.time() - t
except (OSError, ValueError): big, big_t = 0, time.time() - t
s.close()
seen = probe.done()
report(8, big == 413 and ' 0 failed' in seen and refused > 0, f'9 MiB declared: status {big} after {big_t:.2f}s; slow clients closed by the server {refused}/300; {mem(base)}, {seen}')

# 9: 5 clients ask for a large answer and never read it, 40 s.
base = rss()['VmRSS']; probe = Probe(); probe.start()
body = json.dumps({'records': [{'id': str(i), 'name': 'Kim Jong'} for i in range(10000)], 'threshold': 0, 'limit': 5}).encode()
stalled = [post('/screen', body, read=False, timeout=60) for _ in range(5)]
time.sleep(10); during = rss()
time.sleep(30)
cut = 0
for s in stalled:  # now read: a dropped answer ends before its Content-Length
    data = bytearray()
    try:
        s.settimeout(20)
        while True:
            b = s.recv(1 << 20)
            if not b: break
            data += b
    except OSError: pass
    s.close()
    head, _, rest = bytes(data).partition(b'\r\n\r\n')
    length = [int(l.split(b':')[1]) for l in head.lower().split(b'\r\n') if l.startswith(b'content-length')]
    if not length or len(rest) < length[0]: cut += 1
seen = probe.done(); after = mem(base)
report(9, cut == 5 and ' 0 failed' in seen, f'RSS with 5 unread answers {during["VmRSS"]} MB after 10 s; answers dropped by the server {cut}/5; {after}; {seen}')

# 13: HTTP details.
out = []
st = request(b'HEAD /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')[0]; out.append(('HEAD /health', st, st == 200))
# actix-http answers a request head it cannot parse itself, with an empty
# body and no hook to give it another: the status is what is checked.
st, _, _, head, body = get('/' + 'a' * 100000); out.append(('100 KB path', f'{st} (body by actix-http: {len(body)} bytes)', st in (400, 414, 431)))
st, _, _, head, body = request(b'GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ' + b'a' * 200000 + b'\r\n\r\n'); out.append(('huge header', f'{st} (body by actix-http: {len(body)} bytes)', st == 431))
st = post('/match/default', b'{"queries": {"q": {"schema": "Person", "properties": {"name": ["Kim"]}}}}', 'text/plain')[0]; out.append(('text/plain /match', st, st == 415))
st = post('/admin/reload', b'', 'text/plain')[0]; out.append(('text/plain /admin/reload', st, st == 415))
_, _, _, head, _ = get('/search?q=KIM'); h = head.lower()
out.append(('no-store+nosniff', b'no-store' in h and b'nosniff' in h, b'no-store' in h and b'nosniff' in h))
report(13, all(o[2] for o in out), '; '.join(f'{o[0]}: {o[1]}{"" if o[2] else " (wrong)"}' for o in out))
PY
