#!/usr/bin/env bash
# Failover benchmark, loopback only: one of three backends is killed with SIGKILL under a
# keep-alive load, behind HAProxy 2.6 and behind the gateway, side by side in one run.
# See README.md. Progress goes to stderr; the Markdown report goes to stdout and to
# bench/results/failover-<timestamp>.md.
#
#   bench/failover/run.sh                     # 2 rounds x {haproxy, gateway} x {GET, POST}
#   bench/failover/run.sh --quick             # smoke test: 1 round, 10 s of load, kill at 3 s
#   bench/failover/run.sh --cost              # then bench/load/run.sh --baseline 2d17510 (cost when nothing fails)
#   bench/failover/run.sh --gateway-build DIR # use a `dotnet publish` output of src/Admin instead of publishing
set -euo pipefail

usage() {
    cat <<'EOF'
Usage: bench/failover/run.sh [--quick] [--rounds N] [--duration S] [--kill-after S] [--warmup S]
                             [--conns N] [--methods LIST] [--contenders LIST] [--gateway-build DIR]
                             [--cost] [--baseline REV] [--cost-rounds N] [--keep-tmp]

  --quick            1 round, 10 s of load, kill after 3 s, 3 s warm-up (later flags still override)
  --rounds N         rounds; each round runs every contender x method once   (env ROUNDS, default 2)
  --duration S       seconds of measured load per cell                        (env DURATION, default 20)
  --kill-after S     SIGKILL backend s2 this many seconds into the load       (env KILL_AFTER, default 5)
  --warmup S         seconds of the same load before the measured run         (env WARMUP, default 10)
  --conns N          wrk connections (one thread)                             (env CONNS, default 32)
  --methods LIST     comma-separated, from GET,POST                           (env METHODS, default GET,POST)
  --contenders LIST  comma-separated, from haproxy,gateway,haproxy-l7         (env CONTENDERS, default haproxy,gateway)
                     haproxy-l7 is HAProxy with "retry-on conn-failure empty-response" (it then
                     also re-sends requests already sent, POSTs included)
  --gateway-build D  a publish output of src/Admin (with Gateway.Admin.dll) to use instead of publishing
  --cost             afterwards, run bench/load/run.sh --baseline REV --rounds N (per-request cost
                     of the current gateway vs the gateway at REV when nothing fails)
  --baseline REV     the commit to compare with for --cost                    (env BASELINE, default 2d17510)
  --cost-rounds N    rounds of bench/load/run.sh for --cost                   (env COST_ROUNDS, default 2)
  --keep-tmp         keep the temp directory (configs, logs, raw wrk and poller output)
EOF
}

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
here="$repo/bench/failover"
command_line="$(printf '%q ' "$0" "$@")"
command_line="${command_line% }"

ROUNDS="${ROUNDS:-2}"
DURATION="${DURATION:-20}"
KILL_AFTER="${KILL_AFTER:-5}"
WARMUP="${WARMUP:-10}"
CONNS="${CONNS:-32}"
METHODS="${METHODS:-GET,POST}"
CONTENDERS="${CONTENDERS:-haproxy,gateway}"
GATEWAY_BUILD="${GATEWAY_BUILD:-}"
COST="${COST:-0}"
BASELINE="${BASELINE:-2d17510}"
COST_ROUNDS="${COST_ROUNDS:-2}"
KEEP_TMP="${KEEP_TMP:-0}"
READY_TIMEOUT=120

need_value() {
    if (($# < 2)) || [[ -z $2 ]]; then
        echo "run.sh: $1 needs a value" >&2
        usage >&2
        exit 2
    fi
}
while (($#)); do
    case "$1" in
        --quick) ROUNDS=1 DURATION=10 KILL_AFTER=3 WARMUP=3 ;;
        --rounds) need_value "$@"; ROUNDS="$2"; shift ;;
        --duration) need_value "$@"; DURATION="$2"; shift ;;
        --kill-after) need_value "$@"; KILL_AFTER="$2"; shift ;;
        --warmup) need_value "$@"; WARMUP="$2"; shift ;;
        --conns) need_value "$@"; CONNS="$2"; shift ;;
        --methods) need_value "$@"; METHODS="$2"; shift ;;
        --contenders) need_value "$@"; CONTENDERS="$2"; shift ;;
        --gateway-build) need_value "$@"; GATEWAY_BUILD="$2"; shift ;;
        --cost) COST=1 ;;
        --baseline) need_value "$@"; BASELINE="$2"; shift ;;
        --cost-rounds) need_value "$@"; COST_ROUNDS="$2"; shift ;;
        --keep-tmp) KEEP_TMP=1 ;;
        -h | --help) usage; exit 0 ;;
        *) echo "run.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
    esac
    shift
done
for setting in ROUNDS DURATION KILL_AFTER CONNS COST_ROUNDS; do
    if ! [[ ${!setting} =~ ^[1-9][0-9]{0,3}$ ]]; then
        echo "run.sh: $setting must be a positive whole number, got '${!setting}'" >&2
        exit 2
    fi
done
if ! [[ $WARMUP =~ ^[0-9]{1,4}$ ]]; then
    echo "run.sh: WARMUP must be a whole number, got '$WARMUP'" >&2
    exit 2
fi
if ((KILL_AFTER >= DURATION)); then
    echo "run.sh: --kill-after ($KILL_AFTER) must be shorter than --duration ($DURATION)" >&2
    exit 2
fi
IFS=, read -r -a methods <<<"$METHODS"
IFS=, read -r -a contenders <<<"$CONTENDERS"
for m in "${methods[@]}"; do
    [[ $m == GET || $m == POST ]] || { echo "run.sh: unknown method '$m' (GET, POST)" >&2; exit 2; }
done
for c in "${contenders[@]}"; do
    [[ $c == haproxy || $c == haproxy-l7 || $c == gateway ]] || { echo "run.sh: unknown contender '$c' (haproxy, haproxy-l7, gateway)" >&2; exit 2; }
done
if ((${#methods[@]} == 0 || ${#contenders[@]} == 0)); then
    echo "run.sh: --methods and --contenders need at least one entry each" >&2
    exit 2
fi

# Fixed loopback ports. Backends and wrk share CPU 0; the proxy has CPU 1.
BACKEND_PORTS=(18201 18202 18203)
HAPROXY_PORT=18211
GATEWAY_PORT=18212
ADMIN_PORT=19212
KILLED=2 # s2 (index 1) is the one killed
# Admin API token for the run's throw-away database (the standalone host creates it at first start).
ADMIN_TOKEN="gw_failoverbench$(head -c 24 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')"

log() { printf '[%(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# ---------------------------------------------------------------- prerequisites
NGINX="$(command -v nginx || true)"
if [[ -z $NGINX && -x /usr/sbin/nginx ]]; then NGINX=/usr/sbin/nginx; fi
HAPROXY="$(command -v haproxy || true)"
if [[ -z $HAPROXY && -x /usr/sbin/haproxy ]]; then HAPROXY=/usr/sbin/haproxy; fi
missing=()
command -v wrk >/dev/null || missing+=(wrk)
[[ -n $NGINX ]] || missing+=(nginx-light)
[[ -n $HAPROXY ]] || missing+=(haproxy)
command -v taskset >/dev/null || missing+=(util-linux)
command -v curl >/dev/null || missing+=(curl)
command -v python3 >/dev/null || missing+=(python3)
if ((${#missing[@]})); then
    echo "run.sh: missing tools. Install them (Debian, as root):" >&2
    echo "  apt-get update && apt-get install -y ${missing[*]}" >&2
    exit 1
fi
command -v dotnet >/dev/null || die "dotnet not found: install the .NET 10 SDK"
taskset -c 0,1 true 2>/dev/null || die "CPUs 0 and 1 are both needed (taskset -c 0,1 failed; nproc=$(nproc))"
for port in "${BACKEND_PORTS[@]}" "$HAPROXY_PORT" "$GATEWAY_PORT" "$ADMIN_PORT"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
        die "127.0.0.1:$port is already in use; stop whatever listens there first"
    fi
done
CLK_TCK="$(getconf CLK_TCK)"

# ---------------------------------------------------------------- temp dir and clean-up
tmp="$(mktemp -d "${TMPDIR:-/tmp}/gateway-failover.XXXXXX")"
chmod 755 "$tmp"
mkdir -p "$tmp/logs" "$tmp/raw"
backend_pids=("" "" "")
proxy_pid=""
poller_pid=""
wrk_pid=""

alive() { # true while PID exists and is not a zombie
    local state
    state="$(sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1)" || return 1
    [[ -n $state && $state != Z ]]
}
stop_pid() { # SIGTERM, up to 10 s grace, then SIGKILL; always reaps
    local pid=$1 i
    if alive "$pid"; then
        kill -TERM "$pid" 2>/dev/null || true
        for ((i = 0; i < 100; i++)); do
            alive "$pid" || break
            sleep 0.1
        done
        if alive "$pid"; then kill -KILL "$pid" 2>/dev/null || true; fi
    fi
    wait "$pid" 2>/dev/null || true
}
stop_all() {
    local i
    for pid in "$wrk_pid" "$poller_pid" "$proxy_pid"; do
        if [[ -n $pid ]]; then stop_pid "$pid"; fi
    done
    wrk_pid="" poller_pid="" proxy_pid=""
    for i in 0 1 2; do
        if [[ -n ${backend_pids[$i]} ]]; then stop_pid "${backend_pids[$i]}"; fi
        backend_pids[i]=""
    done
}
cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    stop_all
    if ((rc != 0)); then
        log "stopped (exit $rc); configs and logs are kept in $tmp"
    elif [[ $KEEP_TMP == 1 ]]; then
        log "temp directory kept: $tmp"
    else
        rm -rf "$tmp"
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------- build
if [[ " ${contenders[*]} " == *" gateway "* ]]; then
    if [[ -n $GATEWAY_BUILD ]]; then
        [[ -f $GATEWAY_BUILD/Gateway.Admin.dll ]] || die "--gateway-build $GATEWAY_BUILD has no Gateway.Admin.dll"
        gateway_dir="$(cd "$GATEWAY_BUILD" && pwd)"
        log "using the gateway build in $gateway_dir"
    else
        gateway_dir="$tmp/gateway"
        log "publishing the gateway (Release) into $gateway_dir"
        if ! timeout --foreground -k 10 1200 dotnet publish "$repo/src/Admin/Gateway.Admin.csproj" -c Release \
            -o "$gateway_dir" -nologo --disable-build-servers >"$tmp/logs/build-gateway.log" 2>&1; then
            tail -n 30 "$tmp/logs/build-gateway.log" >&2
            die "dotnet publish failed (log: $tmp/logs/build-gateway.log)"
        fi
    fi
fi

# ---------------------------------------------------------------- helpers
proc_ticks() { # utime+stime of one process, in clock ticks
    local f
    read -r -a f < <(sed 's/^.*) //' "/proc/$1/stat")
    echo $((f[11] + f[12]))
}
machine_busy_ticks() { # all CPUs: user+nice+system+irq+softirq (not idle, iowait, steal)
    awk '$1 == "cpu" { print $2 + $3 + $4 + $7 + $8; exit }' /proc/stat
}
now() { date +%s.%N; }
wait_http() { # name pid port log: any 200 on GET /
    local name=$1 pid=$2 port=$3 logfile=$4 code=000 deadline=$((SECONDS + READY_TIMEOUT))
    while ((SECONDS < deadline)); do
        alive "$pid" || { tail -n 40 "$logfile" >&2 || true; die "$name exited during start-up (log: $logfile)"; }
        code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$port/" 2>/dev/null || true)"
        [[ $code == 200 ]] && return 0
        sleep 0.2
    done
    tail -n 40 "$logfile" >&2 || true
    die "$name did not answer GET / with 200 within ${READY_TIMEOUT}s (last status: $code; log: $logfile)"
}

start_backends() { # three single-process nginx instances on CPU 0
    local i name dir
    for i in 0 1 2; do
        name="s$((i + 1))"
        dir="$tmp/nginx-$name"
        mkdir -p "$dir/tmp"
        sed -e "s|@RUN@|$dir|g" -e "s|@PORT@|${BACKEND_PORTS[$i]}|g" -e "s|@NAME@|$name|g" \
            "$here/backend-nginx.conf" >"$dir/nginx.conf"
        taskset -c 0 "$NGINX" -p "$dir/" -e "$dir/error.log" -c "$dir/nginx.conf" >>"$tmp/logs/nginx-$name.out" 2>&1 &
        backend_pids[i]=$!
    done
    for i in 0 1 2; do
        wait_http "nginx s$((i + 1))" "${backend_pids[$i]}" "${BACKEND_PORTS[$i]}" "$tmp/nginx-s$((i + 1))/error.log"
    done
}

start_proxy() { # contender cell-name -> proxy_pid, proxy_port, proxy_log
    proxy_log="$tmp/logs/$2.log"
    case "$1" in
        haproxy | haproxy-l7)
            proxy_port=$HAPROXY_PORT
            mkdir -p "$tmp/haproxy"
            local retry_on="# retry-on: HAProxy's default (conn-failure)"
            if [[ $1 == haproxy-l7 ]]; then retry_on="retry-on conn-failure empty-response"; fi
            sed -e "s|@RUN@|$tmp/haproxy|g" -e "s|@RETRY_ON@|$retry_on|g" -e "s|@FRONT_PORT@|$HAPROXY_PORT|g" -e "s|@PORT1@|${BACKEND_PORTS[0]}|g" \
                -e "s|@PORT2@|${BACKEND_PORTS[1]}|g" -e "s|@PORT3@|${BACKEND_PORTS[2]}|g" \
                "$here/haproxy.cfg" >"$tmp/haproxy/haproxy.cfg"
            "$HAPROXY" -c -q -f "$tmp/haproxy/haproxy.cfg" >"$tmp/logs/haproxy-check.log" 2>&1 ||
                { cat "$tmp/logs/haproxy-check.log" >&2; die "the HAProxy configuration is invalid"; }
            taskset -c 1 "$HAPROXY" -db -f "$tmp/haproxy/haproxy.cfg" >"$proxy_log" 2>&1 &
            proxy_pid=$!
            status_kind=haproxy status_where="$tmp/haproxy/haproxy.sock" status_extra=be
            ;;
        gateway)
            proxy_port=$GATEWAY_PORT
            rm -f "$tmp/gateway.db" "$tmp/gateway.db-wal" "$tmp/gateway.db-shm" # same start every cell
            local servers=() i
            for i in 0 1 2; do
                servers+=("--Gateway:Clusters:backend:Servers:s$((i + 1)):Address=http://127.0.0.1:${BACKEND_PORTS[$i]}/")
            done
            (
                cd "$gateway_dir"
                DOTNET_gcServer=0 exec taskset -c 1 dotnet "$gateway_dir/Gateway.Admin.dll" \
                    "--Gateway:Listeners:web:Address=127.0.0.1:$GATEWAY_PORT" \
                    '--Gateway:Routes:all:Path=/{**catch-all}' \
                    --Gateway:Routes:all:Cluster=backend \
                    "${servers[@]}" \
                    --Gateway:Clusters:backend:HealthCheck:Path=/health \
                    --Gateway:Clusters:backend:HealthCheck:Interval=2 \
                    --Gateway:Clusters:backend:HealthCheck:Timeout=2 \
                    --Gateway:Clusters:backend:HealthCheck:Fall=3 \
                    --Gateway:Clusters:backend:HealthCheck:Rise=2 \
                    "--Gateway:Admin:Url=http://127.0.0.1:$ADMIN_PORT" \
                    "--Gateway:Admin:BootstrapToken=$ADMIN_TOKEN" \
                    "--Gateway:Database:Path=$tmp/gateway.db" \
                    --Logging:LogLevel:Default=Warning \
                    --Logging:LogLevel:Gateway.Health=Information \
                    --Logging:Console:FormatterName=simple \
                    '--Logging:Console:FormatterOptions:TimestampFormat=HH:mm:ss.fff ' \
                    --Logging:Console:FormatterOptions:UseUtcTimestamp=true
            ) >"$proxy_log" 2>&1 &
            proxy_pid=$!
            status_kind=gateway status_where="http://127.0.0.1:$ADMIN_PORT/api/v1/status" status_extra="$ADMIN_TOKEN"
            ;;
    esac
    wait_http "$1" "$proxy_pid" "$proxy_port" "$proxy_log"
    # All three servers up by the active check (the gateway's start as "not checked" until Rise passes).
    python3 "$here/poll_status.py" ready "$status_kind" "$status_where" "$status_extra" 3 "$READY_TIMEOUT" ||
        die "$1 did not report three healthy servers within ${READY_TIMEOUT}s (log: $proxy_log)"
}

run_wrk() { # method port seconds output-file (in the background: sets wrk_pid)
    taskset -c 0 env FAILOVER_METHOD="$1" timeout --foreground -k 5 $(($3 + 30)) \
        wrk -t1 -c"$CONNS" -d"$3s" --latency -s "$here/load.lua" "http://127.0.0.1:$2/" >"$4" 2>&1 &
    wrk_pid=$!
}

# First poller line at or after the kill that matches an awk condition on $2 (takes=) and $3 (health=):
# prints seconds since the kill, or "-" if it never happened while polling.
seconds_until() { # poller-output kill-time awk-condition
    awk -v k="$2" "\$1 ~ /^[0-9.]+\$/ && \$1 >= k && ($3) { printf \"%.2f\", \$1 - k; found = 1; exit } END { if (!found) print \"-\" }" "$1"
}
log_seconds_after() { # log-file kill-time pattern: first "HH:mm:ss.fff" UTC log line with pattern, as seconds after the kill
    local stamp
    # The simple console format puts the timestamp on the line before the message.
    stamp="$(awk -v p="$3" '$0 ~ p { print prev; exit } { prev = $0 }' "$1" | grep -oE '^[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}' || true)"
    if [[ -z $stamp ]]; then echo "-"; return; fi
    local day
    day="$(date -u -d "@${2%.*}" +%F)"
    awk -v t="$(date -u -d "$day $stamp" +%s.%N)" -v k="$2" 'BEGIN { printf "%.2f", t - k }'
}

results="$tmp/results.tsv"
: >"$results"
cell() { # round contender method
    local round=$1 contender=$2 method=$3 name="$2-$3-r$1"
    log "round $round/$ROUNDS: $contender $method: starting three backends and $contender"
    start_backends
    start_proxy "$contender" "$name"
    if ((WARMUP > 0)); then
        log "round $round/$ROUNDS: $contender $method: warm-up ${WARMUP}s"
        run_wrk "$method" "$proxy_port" "$WARMUP" "$tmp/raw/$name-warmup.txt"
        wait "$wrk_pid" || die "wrk failed during the warm-up (output: $tmp/raw/$name-warmup.txt)"
        wrk_pid=""
    fi

    log "round $round/$ROUNDS: $contender $method: ${DURATION}s of load, SIGKILL to s$KILLED after ${KILL_AFTER}s"
    local poll="$tmp/raw/$name-poll.txt" out="$tmp/raw/$name.txt"
    python3 "$here/poll_status.py" watch "$status_kind" "$status_where" "$status_extra" "s$KILLED" $((DURATION + 3)) >"$poll" 2>"$tmp/logs/$name-poll.err" &
    poller_pid=$!
    local proxy_before machine_before
    proxy_before="$(proc_ticks "$proxy_pid")"
    machine_before="$(machine_busy_ticks)"
    run_wrk "$method" "$proxy_port" "$DURATION" "$out"
    sleep "$KILL_AFTER"
    local kill_time
    kill_time="$(now)"
    kill -KILL "${backend_pids[$((KILLED - 1))]}"
    wait "${backend_pids[$((KILLED - 1))]}" 2>/dev/null || true
    backend_pids[KILLED - 1]=""
    wait "$wrk_pid" || die "wrk failed (output: $out)"
    wrk_pid=""
    alive "$proxy_pid" || die "$contender exited during the measured run (log: $proxy_log)"
    local proxy_ticks=$(($(proc_ticks "$proxy_pid") - proxy_before)) machine_ticks=$(($(machine_busy_ticks) - machine_before))
    wait "$poller_pid" || true
    poller_pid=""

    local requests rps non2xx sockerr p99 maxms statuses out_s down_s ejected_s final
    requests="$(awk '/ requests in / { print $1; exit }' "$out")"
    [[ $requests =~ ^[0-9]+$ ]] || die "could not read wrk's output: $out"
    rps="$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$out")"
    non2xx="$(awk '/Non-2xx or 3xx responses:/ { print $NF }' "$out")"
    non2xx="${non2xx:-0}"
    # "Socket errors: connect 0, read 3, write 0, timeout 0"
    sockerr="$(awk '/Socket errors:/ { gsub(",", ""); print $4 + $6 + $8 + $10; d = 1 } END { if (!d) print 0 }' "$out")"
    local sockdetail
    sockdetail="$(awk '/Socket errors:/ { gsub(",", ""); printf "c%s r%s w%s t%s", $4, $6, $8, $10; d = 1 } END { if (!d) print "none" }' "$out")"
    p99="$(awk '$1 == "99%" { print $2 }' "$out")"
    maxms="$(awk '/^latency_max_ms/ { print $2 }' "$out")"
    statuses="$(awk '/^status / && $2 != 200 { printf "%s%s×%s", (n++ ? " " : ""), $3, $2 } END { if (!n) print "-" }' "$out")"
    out_s="$(seconds_until "$poll" "$kill_time" '$2 == "takes=0"')"
    if [[ $contender == haproxy* ]]; then
        down_s="$(seconds_until "$poll" "$kill_time" '$3 ~ /^health=DOWN/')"
        ejected_s="-"
        final="$(awk '/^final / { sub(/^final /, ""); print }' "$poll" |
            python3 -c 'import json,sys; s=json.load(sys.stdin)["servers"].get("s'$KILLED'", {}); print("econ %s, retries %s, redispatches %s" % (s.get("econ"), s.get("wretr"), s.get("wredis")))' 2>/dev/null || echo "-")"
    else
        down_s="$(seconds_until "$poll" "$kill_time" '$3 == "health=down"')"
        ejected_s="$(log_seconds_after "$proxy_log" "$kill_time" 'Server s'$KILLED' of cluster backend is out of selection')"
        final="$(grep -cE 'Server s'$KILLED' of cluster backend is out of selection' "$proxy_log" || true) ejection line(s), $(grep -c 'ForwardFailureLog' "$proxy_log" || true) failed-forward log line(s)"
    fi
    local failed=$((non2xx + sockerr)) cpu other
    cpu="$(awk -v t="$proxy_ticks" -v hz="$CLK_TCK" -v n="$requests" 'BEGIN { printf "%.1f", t / hz * 1e6 / n }')"
    # Busy CPU beyond what this cell's proxy used, in cores; the backends and wrk account for most of it.
    other="$(awk -v m="$machine_ticks" -v p="$proxy_ticks" -v hz="$CLK_TCK" -v d="$DURATION" 'BEGIN { printf "%.2f", (m - p) / hz / d }')"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$contender" "$method" "$requests" "$rps" \
        "$failed" "$non2xx" "$sockdetail" "$statuses" "$p99" "$maxms" "$out_s" "$down_s" "$ejected_s" "$cpu" "$other" "$final" >>"$results"
    log "round $round/$ROUNDS: $contender $method: $requests requests, $failed failed ($statuses; sockets $sockdetail), out after ${out_s}s, checked down after ${down_s}s"
    stop_all
}

total_start=$SECONDS
for ((round = 1; round <= ROUNDS; round++)); do
    # Alternate the contenders' order between rounds, so neither always runs first.
    order=("${contenders[@]}")
    if ((round % 2 == 0)); then
        order=()
        for ((i = ${#contenders[@]} - 1; i >= 0; i--)); do order+=("${contenders[$i]}"); done
    fi
    for contender in "${order[@]}"; do
        for method in "${methods[@]}"; do
            cell "$round" "$contender" "$method"
        done
    done
done
log "kill-under-load cells done in $((SECONDS - total_start)) s"

# ---------------------------------------------------------------- report
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
git_rev="$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [[ -n $(git -C "$repo" status --porcelain 2>/dev/null | head -n 1) ]]; then git_rev="$git_rev (with uncommitted changes)"; fi
report() {
    echo "# Failover benchmark: one of three backends killed under load, HAProxy vs gateway"
    echo
    echo "Three single-process nginx backends (200 to any method) on CPU 0 with wrk -t1 -c$CONNS; the proxy"
    echo "alone on CPU 1. Keep-alive on both sides. Per cell: fresh backends and proxy, ${WARMUP}s warm-up, then"
    echo "${DURATION}s of load with SIGKILL to s$KILLED after ${KILL_AFTER}s. Active check on both: every 2 s, fall 3, rise 2."
    echo "HAProxy: retries 3, option redispatch (haproxy-l7: also retry-on conn-failure empty-response)."
    echo "Gateway: Retry and PassiveHealth at their defaults."
    echo
    echo "## Per cell and round"
    echo
    echo "- **failed** = non-2xx responses + wrk socket errors (c connect, r read, w write, t timeout)."
    echo "- **out after**: seconds from the SIGKILL until the proxy stopped choosing s$KILLED for new requests"
    echo "  (gateway: \`takesNewTraffic\` false in GET /api/v1/status; HAProxy: status DOWN on the stats socket),"
    echo "  polled every 50 ms. **checked down after**: until the active check said down."
    echo "  **ejection log**: the gateway's \"out of selection\" (ServerEjected) log line's time after the kill."
    echo "- **proxy µs/req**: the proxy's CPU over the measured run per request (includes the status polling)."
    echo "- **other load**: busy CPU beyond the proxy's during the run, in cores: the backends and wrk (~0.9-1.0"
    echo "  on CPU 0 when it is saturated) plus other processes on the machine; above ~1.1 the run was disturbed."
    echo
    echo "| round | contender | method | requests | req/s | failed | non-2xx | sockets | non-200 statuses | p99 | max latency (ms) | out after (s) | checked down after (s) | ejection log (s) | proxy µs/req | other load | killed server's counters |"
    echo "|---:|---|---|---:|---:|---:|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---|"
    while IFS=$'\t' read -r r c m n rps failed bad sock st p99 maxms outs downs ej cpu other final; do
        printf '| %s | %s | %s | %s | %s | **%s** | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' \
            "$r" "$c" "$m" "$n" "$rps" "$failed" "$bad" "$sock" "$st" "$p99" "$maxms" "$outs" "$downs" "$ej" "$cpu" "$other" "$final"
    done <"$results"
    echo
    echo "## Summary (failed requests per kill, min–max over rounds)"
    echo
    echo "| contender | method | failed per kill | out after (s) | checked down after (s) |"
    echo "|---|---|---:|---:|---:|"
    for c in "${contenders[@]}"; do
        for m in "${methods[@]}"; do
            awk -F'\t' -v c="$c" -v m="$m" '
                function mm(v, k) { if (v == "-") { dash[k] = 1; return } if (!(k in lo) || v < lo[k]) lo[k] = v; if (!(k in hi) || v > hi[k]) hi[k] = v }
                function show(k) { if (!(k in lo)) return "-"; s = (lo[k] == hi[k] ? lo[k] : lo[k] "–" hi[k]); return s (k in dash ? " (and never)" : "") }
                $2 == c && $3 == m { mm($6 + 0, "f"); mm($12, "o"); mm($13, "d") }
                END { printf "| %s | %s | %s | %s | %s |\n", c, m, show("f"), show("o"), show("d") }' "$results"
        done
    done
    echo
    echo "## Machine and run"
    echo
    echo "- date: $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
    echo "- command: \`$command_line\` (from $(pwd))"
    echo "- settings: ROUNDS=$ROUNDS DURATION=$DURATION KILL_AFTER=$KILL_AFTER WARMUP=$WARMUP CONNS=$CONNS METHODS=$METHODS CONTENDERS=$CONTENDERS"
    echo "- commit: $git_rev"
    echo "- CPUs: $(nproc) ($(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)); load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "- kernel: $(uname -r)"
    echo "- dotnet: $(cd "$repo" && dotnet --version)"
    echo "- wrk: $(wrk -v 2>&1 | head -n 1 || true)"
    echo "- nginx: $("$NGINX" -v 2>&1 | head -n 1 || true)"
    echo "- haproxy: $("$HAPROXY" -v 2>&1 | head -n 1 || true)"
}
mkdir -p "$repo/bench/results"
report_file="$repo/bench/results/failover-$stamp.md"
report | tee "$report_file"
log "report written to $report_file"

if [[ $COST == 1 ]]; then
    log "cost when nothing fails: bench/load/run.sh --baseline $BASELINE --rounds $COST_ROUNDS"
    "$repo/bench/load/run.sh" --baseline "$BASELINE" --rounds "$COST_ROUNDS"
fi
