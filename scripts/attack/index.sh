#!/usr/bin/env bash
# Attacks the index files under a running sanctiondb and prints one line per
# case: `case N: ok` or `case N: FAILED <what it saw>`.
#
#   10  every file of the generation being served is truncated in place (what
#       `cp` or `rsync --inplace` over it does first); the server must go on
#       answering exactly as before, and a reload of the damaged files must be
#       refused
#   11  an index the server may only read: `serve` on a read-only bind mount
#       (root, in a mount namespace of its own) and as user nobody on files
#       and folders without write permission; both must answer
#   12  two builds into one index folder: a build stopped (SIGSTOP) while it
#       writes its generation, then a second one, which must stop at once
#       with exit 9 naming the first's pid, change nothing, and let the first
#       finish; then 12 trials of two builds started together: each must
#       succeed or stop with exit 9, and the index must open after each
#
# It builds its own index (the Korean list alone, a fast build) in a temporary
# folder, starts the server on a free loopback port, and removes everything at
# the end. Every wait is bounded; nothing leaves the machine.
#
# usage: scripts/attack/index.sh     (exit 1 when a case failed)
# environment: SANCTIONDB (the binary; target/release/sanctiondb),
#              LISTS (where kr/designations.csv is read from; lists)
# needs: curl; for case 11 unshare and mount (util-linux) and setpriv, as root
set -uo pipefail
cd "$(dirname "$0")/../.."

bin=${SANCTIONDB:-target/release/sanctiondb}
lists=${LISTS:-lists}
[[ -x $bin ]] || { echo "no sanctiondb at $bin (set SANCTIONDB)" >&2; exit 2; }
[[ -f $lists/kr/designations.csv ]] || { echo "no $lists/kr/designations.csv (set LISTS)" >&2; exit 2; }
command -v curl > /dev/null || { echo "curl is not installed" >&2; exit 2; }
bin=$(realpath "$bin")

work=$(mktemp -d)
chmod 755 "$work"
pids=()
cleanup() {
    for pid in "${pids[@]}"; do
        kill -CONT "$pid" 2> /dev/null
        kill "$pid" 2> /dev/null
    done
    wait 2> /dev/null
    rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$work/lists/kr"
cp "$lists/kr/designations.csv" "$work/lists/kr/"

# build INDEX: sanctiondb build, quiet; the exit code is its own.
build() {
    timeout 120 "$bin" build --quiet --lists "$work/lists" --index "$1" > /dev/null 2> "$1.err"
}

# start_server NAME INDEX [COMMAND...]: starts `serve` (run by COMMAND, if
# given) and sets $addr, or says why not; its stderr goes to $work/NAME.err.
start_server() {
    local name=$1 index=$2
    shift 2
    addr=
    : > "$work/$name.out"
    "$@" "$bin" serve --bind 127.0.0.1:0 --workers 2 --index "$index" \
        > "$work/$name.out" 2> "$work/$name.err" &
    server_pid=$!
    pids+=("$server_pid")
    for _ in $(seq 300); do
        addr=$(sed -n 's|^listening on http://\([^ ]*\).*|\1|p' "$work/$name.out")
        [[ -n $addr ]] && return 0
        kill -0 "$server_pid" 2> /dev/null || break
        sleep 0.1
    done
    return 1
}

# get PATH: the body of GET http://$addr/PATH; fails on no answer.
get() {
    curl -sS --max-time 20 "http://$addr$1"
}

# the first error line a process left in FILE
first_error() {
    grep -m1 -i 'error\|refused\|denied' "$1" 2> /dev/null | cut -c1-200
}

# exit_says STATUS: "killed by SIGBUS" for 135 and so on, else "exit STATUS".
exit_says() {
    if (($1 > 128)); then echo "killed by SIG$(kill -l $(($1 - 128)))"; else echo "exit $1"; fi
}

# A server that went away: how it ended.
server_end() {
    local status
    wait "$1" 2> /dev/null
    status=$?
    exit_says "$status"
}

index=$work/index
if ! build "$index"; then
    echo "cannot build an index: $(first_error "$index.err")" >&2
    exit 1
fi
probe_paths=("/search?q=Kim%20Won%20Hong" "/search?q=%EB%A5%98%EA%B2%BD%EC%83%81%EC%97%85%EC%9D%80%ED%96%89" /lists)

case_10() {
    local copy=$work/ten generation before after reload id
    cp -a "$index" "$copy"
    start_server ten "$copy" || { echo "FAILED the server did not start: $(first_error "$work/ten.err")"; return; }
    local pid=$server_pid
    id=$(get "/search?q=Kim%20Won%20Hong" | sed -n 's/.*"entity_id":"\([^"]*\)".*/\1/p' | head -1)
    [[ -n $id ]] || { echo "FAILED no search result to look up"; return; }
    local paths=("${probe_paths[@]}" "/entities/$id" "/entities/$id/network?depth=2")
    before=$(for p in "${paths[@]}"; do get "$p"; echo; done)
    generation=$copy/$(cat "$copy/CURRENT")
    find "$generation" -type f -exec truncate -s 0 {} +
    after=$(for p in "${paths[@]}"; do get "$p" 2>&1; echo; done)
    if ! kill -0 "$pid" 2> /dev/null; then
        echo "FAILED the server died after the files were truncated ($(server_end "$pid"))"
        return
    fi
    [[ $after == "$before" ]] || { echo "FAILED answers changed after the files were truncated"; return; }
    reload=$(curl -sS --max-time 20 -o /dev/null -w '%{http_code}' -X POST -H "content-type: application/json" -d "{}" "http://$addr/admin/reload")
    [[ $reload == 409 ]] || { echo "FAILED a reload of the truncated files answered $reload, not 409"; return; }
    after=$(for p in "${paths[@]}"; do get "$p" 2>&1; echo; done)
    [[ $after == "$before" ]] || { echo "FAILED answers changed after the refused reload"; return; }
    kill "$pid"
    echo ok
}

case_11() {
    local ro=$work/eleven expected seen=()
    cp -a "$index" "$ro"
    start_server eleven-rw "$ro" || { echo "FAILED the server did not start: $(first_error "$work/eleven-rw.err")"; return; }
    expected=$(get "/search?q=Kim%20Won%20Hong")
    kill "$server_pid"
    # Root on a read-only bind mount: any open for writing fails (EROFS).
    local mount_script='dir=$1; shift; mount --bind "$dir" "$dir" && mount -o remount,bind,ro "$dir" "$dir" || exit 97; if touch "$dir/.probe" 2>/dev/null; then exit 98; fi; exec "$@"'
    if unshare --mount --propagation private sh -c "$mount_script" sh "$ro" true 2> /dev/null; then
        if start_server eleven-mount "$ro" unshare --mount --propagation private sh -c "$mount_script" sh "$ro"; then
            [[ $(get "/search?q=Kim%20Won%20Hong") == "$expected" ]] || { echo "FAILED on a read-only mount the answers differ"; return; }
            kill "$server_pid"
            seen+=("read-only mount")
        else
            echo "FAILED on a read-only mount: $(first_error "$work/eleven-mount.err")"
            return
        fi
    fi
    # nobody, on files 0444 and folders 0555.
    find "$ro" -type f -exec chmod 444 {} +
    find "$ro" -type d -exec chmod 555 {} +
    if setpriv --reuid=65534 --regid=65534 --clear-groups "$bin" --version > /dev/null 2>&1; then
        if start_server eleven-nobody "$ro" setpriv --reuid=65534 --regid=65534 --clear-groups; then
            [[ $(get "/search?q=Kim%20Won%20Hong") == "$expected" ]] || { echo "FAILED as nobody the answers differ"; return; }
            kill "$server_pid"
            seen+=("nobody")
        else
            echo "FAILED as nobody: $(first_error "$work/eleven-nobody.err")"
            return
        fi
    fi
    chmod -R u+w "$ro"
    if ((${#seen[@]} == 0)); then
        echo "FAILED could not make the index read-only here (no unshare/mount, no setpriv)"
        return
    fi
    local joined
    printf -v joined '%s, ' "${seen[@]}"
    echo "ok (${joined%, })"
}

# One build stopped while it writes its generation; sets $stopped_pid.
stop_a_build() {
    local into=$1
    stopped_pid=
    for _ in $(seq 20); do
        "$bin" build --quiet --lists "$work/lists" --index "$into" > /dev/null 2>&1 &
        local pid=$!
        pids+=("$pid")
        for _ in $(seq 5000); do
            compgen -G "$into/.build-$pid-*" > /dev/null && break
            kill -0 "$pid" 2> /dev/null || break
            sleep 0.001
        done
        kill -STOP "$pid" 2> /dev/null
        if compgen -G "$into/.build-$pid-*" > /dev/null && kill -0 "$pid" 2> /dev/null; then
            stopped_pid=$pid
            return 0
        fi
        kill -CONT "$pid" 2> /dev/null
        wait "$pid" 2> /dev/null
    done
    return 1
}

# A second build while a first one (stopped) writes its generation; then a
# build after one killed while it held the lock. Prints what went wrong, if
# anything.
one_after_another() {
    local into=$1 current entries code msg
    current=$(cat "$into/CURRENT")
    stop_a_build "$into" || { echo "no build was caught writing its generation"; return; }
    entries=$(ls -A "$into")
    build "$into"
    code=$?
    msg=$(head -c 300 "$into.err")
    if ((code != 9)); then
        kill -CONT "$stopped_pid"
        wait "$stopped_pid" 2> /dev/null
        echo "a second build while pid $stopped_pid builds: $(exit_says $code), not exit 9${msg:+: $msg}"
        return
    fi
    [[ $msg == *"pid $stopped_pid "* ]] || { echo "the refusal does not name pid $stopped_pid: $msg"; return; }
    [[ $(ls -A "$into") == "$entries" && $(cat "$into/CURRENT") == "$current" ]] ||
        { echo "the refused build changed the index folder"; return; }
    kill -CONT "$stopped_pid"
    wait "$stopped_pid"
    code=$?
    ((code == 0)) || { echo "the first build ended with $(exit_says $code) after the second was refused"; return; }
    stop_a_build "$into" || { echo "no build was caught writing its generation"; return; }
    kill -KILL "$stopped_pid"
    wait "$stopped_pid" 2> /dev/null
    build "$into" || { echo "a build after a killed one: $(first_error "$into.err")"; return; }
}

# Two builds started together, 12 times; after each, the index must open.
# Prints what went wrong, else a summary prefixed with "ok:".
two_at_once() {
    local into=$1 trial a b ca cb code pair refused=0 problems=0 first=
    for trial in $(seq 12); do
        sed -i '$d' "$work/lists/kr/designations.csv"
        timeout 120 "$bin" build --quiet --lists "$work/lists" --index "$into" > /dev/null 2> "$work/a.err" &
        a=$!
        timeout 120 "$bin" build --quiet --lists "$work/lists" --index "$into" > /dev/null 2> "$work/b.err" &
        b=$!
        pids+=("$a" "$b")
        ca=0 cb=0
        wait "$a" || ca=$?
        wait "$b" || cb=$?
        local bad=
        for pair in "$ca:a" "$cb:b"; do
            code=${pair%%:*}
            if ((code == 9)); then
                refused=$((refused + 1))
            elif ((code != 0)); then
                bad="a build ended with $(exit_says "$code"): $(head -c 160 "$work/${pair##*:}.err")"
            fi
        done
        ((ca == 0 || cb == 0)) || bad=${bad:-both builds were refused}
        if ! timeout 60 "$bin" search "Kim Won Hong" --index "$into" > /dev/null 2> "$work/open.err"; then
            bad="the index does not open: $(first_error "$work/open.err")"
        fi
        if [[ -n $bad ]]; then
            problems=$((problems + 1))
            first=${first:-trial $trial: $bad}
        fi
    done
    if ((problems > 0)); then
        echo "$problems of 12 trials went wrong, the first: $first"
    else
        echo "ok: 12 trials, $refused builds refused while another ran"
    fi
}

case_12() {
    local into=$work/twelve sequential concurrent
    cp -a "$index" "$into"
    # Another version of the list, so that a build makes something new.
    sed -i '$d' "$work/lists/kr/designations.csv"
    sequential=$(one_after_another "$into")
    concurrent=$(two_at_once "$into")
    if [[ -z $sequential && $concurrent == ok:* ]]; then
        echo "ok (${concurrent#ok: })"
    else
        echo "FAILED ${sequential:+$sequential; }${concurrent#ok: }"
    fi
}

# Each case prints the rest of its line; it runs in this shell (not in a
# command substitution), so the processes it starts are stopped at the end
# whatever it says.
failed=0
for n in 10 11 12; do
    "case_$n" > "$work/verdict"
    verdict=$(cat "$work/verdict")
    echo "case $n: $verdict"
    [[ $verdict == ok* ]] || failed=1
done
exit "$failed"
