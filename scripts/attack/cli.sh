#!/usr/bin/env bash
# Attacks `sanctiondb screen` with careless inputs and outputs and prints one
# line per case: `case N: ok|FAILED <what it saw>`.
#
#   1  a stray quote in row 5 of a 10,000-row payroll: every payee must be in
#      the output, and the summary must say where a quote ran over lines
#   2  `-o` naming the input (the same path, another spelling, a hard link):
#      refused, input intact; a run that fails keeps an existing output
#   3  a refused --audit-log leaves an existing -o file as it was; an audit
#      log that is the input is refused
#   4  256 MiB without a line break, and /dev/zero as the whole input: peak
#      memory (VmHWM) stays small, the header case fails at once
#   5  duplicate payee ids are warned; an error names its cause once
#
# It builds its own index (the Korean list alone) in a temporary folder and
# removes everything at the end. Every wait is bounded.
#
# usage: scripts/attack/cli.sh     (exit 1 when a case failed)
# environment: SANCTIONDB (the binary; target/release/sanctiondb),
#              LISTS (where kr/designations.csv is read from; lists)
set -uo pipefail
cd "$(dirname "$0")/../.."

bin=${SANCTIONDB:-target/release/sanctiondb}
lists=${LISTS:-lists}
[[ -x $bin ]] || { echo "no sanctiondb at $bin (set SANCTIONDB)" >&2; exit 2; }
bin=$(realpath "$bin")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/lists/kr"
cp "$lists/kr/designations.csv" "$work/lists/kr/"
timeout 120 "$bin" build --quiet --lists "$work/lists" --index "$work/index" > /dev/null 2>&1 \
    || { echo "the index did not build" >&2; exit 2; }
failed=0
report() { # report N CONDITION-EXIT-CODE TEXT
    if [[ $2 == 0 ]]; then echo "case $1: ok ($3)"; else echo "case $1: FAILED ($3)"; failed=1; fi
}
screen() { timeout 120 "$bin" screen --index "$work/index" --audit-log "$work/audit.jsonl" "$@"; }

# 1
python3 - "$work/sq.csv" <<'PY'
import sys
with open(sys.argv[1], 'w') as f:
    f.write('id,name\n')
    for i in range(1, 10001):
        f.write('5,"O\'Brien, Pat\n' if i == 5 else f'{i},Payee Number{i}\n')
PY
screen "$work/sq.csv" > "$work/sq.out" 2> "$work/sq.err"
rc=$?
rows=$(grep -c '"id"' "$work/sq.out")
warn=$(grep -o 'lines [0-9]*-[0-9]*: a quote opened[^;]*' "$work/sq.err" | head -1)
[[ $rc == 0 && $rows == 10000 && -n $warn ]]
report 1 $? "exit $rc, $rows of 10000 payees in the output; ${warn:-no warning}"

# 2
printf 'id,name\n1,Jane Doe\n' > "$work/p.csv"
ln "$work/p.csv" "$work/link.csv"
seen=()
ok2=0
for out in "$work/p.csv" "$work/./p.csv" "$work/link.csv"; do
    screen "$work/p.csv" -o "$out" -q > /dev/null 2>&1
    rc=$?
    size=$(wc -c < "$work/p.csv")
    seen+=("exit $rc, input $size bytes")
    [[ $rc == 3 && $size == 19 ]] || ok2=1
done
echo 'earlier results' > "$work/results.jsonl"
mkdir "$work/folder"
screen "$work/folder" -o "$work/results.jsonl" -q > /dev/null 2>&1
kept=$(cat "$work/results.jsonl")
[[ $kept == 'earlier results' ]] || ok2=1
report 2 $ok2 "$(printf '%s; ' "${seen[@]}")failed run: output ${kept:+kept}"

# 3
timeout 60 "$bin" screen --index "$work/index" --audit-log "$work/p.csv/audit.jsonl" \
    "$work/p.csv" -o "$work/results.jsonl" -q > /dev/null 2>&1
rc=$?
kept=$(cat "$work/results.jsonl")
timeout 60 "$bin" screen --index "$work/index" --audit-log "$work/p.csv" "$work/p.csv" -q > /dev/null 2>&1
rc2=$?
size=$(wc -c < "$work/p.csv")
[[ $rc == 3 && $kept == 'earlier results' && $rc2 == 3 && $size == 19 ]]
report 3 $? "audit log under a file: exit $rc, output ${kept:+kept}; audit log = input: exit $rc2, input $size bytes"

# 4
peak=$(python3 - "$bin" "$work" <<'PY'
import subprocess, sys, time
bin, work = sys.argv[1], sys.argv[2]
p = subprocess.Popen([bin, 'screen', '-', '-q', '--index', f'{work}/index', '--audit-log', f'{work}/audit.jsonl'],
                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
p.stdin.write(b'id,name\n1,')
block = b'a' * (1 << 20)
for _ in range(256):
    p.stdin.write(block)
hwm = [l for l in open(f'/proc/{p.pid}/status') if l.startswith('VmHWM')][0].split()[1]
p.stdin.write(b'\n2,Jane Doe\n'); p.stdin.close()
out = p.stdout.read(); p.wait(timeout=60)
print(int(hwm) // 1024, out.count(b'\n'))
PY
)
start=$(date +%s.%N)
screen /dev/zero -q > /dev/null 2> "$work/zero.err"
rc=$?
secs=$(echo "$(date +%s.%N) - $start" | bc)
read -r mb lines <<< "$peak"
[[ $mb -lt 128 && $lines == 2 && $rc == 3 ]]
report 4 $? "256 MiB line: peak ${mb} MB, $lines results; /dev/zero: exit $rc after ${secs:0:4}s"

# 5
printf 'id,name\n7,Jane Doe\n8,John Roe\n7,Jan Doe\n' > "$work/dup.csv"
screen "$work/dup.csv" > /dev/null 2> "$work/dup.err"
dup=$(grep -o 'id 7 is also on line 2' "$work/dup.err")
screen "$work/dup.csv" -o /dev/full -q > /dev/null 2> "$work/full.err"
twice=$(grep -o 'os error 28' "$work/full.err" | wc -l)
[[ -n $dup && $twice == 1 ]]
report 5 $? "${dup:-no duplicate warning}; /dev/full: cause named $twice time(s)"

exit $failed
