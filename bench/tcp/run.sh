#!/usr/bin/env bash
# TCP-mode benchmark, loopback only. Throughput one way at a time (client -> proxy -> sink, and
# back), hit directly, through HAProxy's TCP mode and through a gateway TCP listener; plus new
# connections per second carrying a PROXY v2 header into a listener with accept-proxy (HAProxy
# http mode with accept-proxy, and the gateway), each answered by nginx with 100 bytes.
# Load generator, sink and nginx share CPU 0; each proxy has CPU 1 to itself.
#
#   bench/tcp/run.sh                  # 1 round, 5 s pre-warm, 5 s per measured cell
#   bench/tcp/run.sh --rounds 3 --duration 10 --conns 8
# The Markdown report goes to stdout and to bench/results/tcp-<timestamp>.md; progress to stderr.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
here="$repo/bench/tcp"
command_line="$(printf '%q ' "$0" "$@")"
ROUNDS=1 PREWARM=5 DURATION=5 CONNS=4 PP_THREADS=4
while (($#)); do
    case "$1" in
        --rounds) ROUNDS="$2"; shift ;;
        --prewarm) PREWARM="$2"; shift ;;
        --duration) DURATION="$2"; shift ;;
        --conns) CONNS="$2"; shift ;;
        --pp-threads) PP_THREADS="$2"; shift ;;
        -h | --help) sed -n '2,10p' "$0"; exit 0 ;;
        *) echo "run.sh: unknown argument '$1'" >&2; exit 2 ;;
    esac
    shift
done
for setting in ROUNDS PREWARM DURATION CONNS PP_THREADS; do
    [[ ${!setting} =~ ^[1-9][0-9]{0,3}$ ]] || { echo "run.sh: $setting must be a positive whole number" >&2; exit 2; }
done

SINK_PORT=18280 NGINX_PORT=18281 HAPROXY_TCP_PORT=18282 HAPROXY_PP_PORT=18283
GATEWAY_TCP_PORT=18284 GATEWAY_PP_PORT=18285 ADMIN_PORT=19290
log() { printf '[%(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
for tool in taskset curl python3 dotnet nginx haproxy; do
    command -v "$tool" >/dev/null || [[ -x /usr/sbin/$tool ]] || die "$tool is missing (apt-get install -y nginx haproxy curl)"
done
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"
HAPROXY="$(command -v haproxy || echo /usr/sbin/haproxy)"
for port in $SINK_PORT $NGINX_PORT $HAPROXY_TCP_PORT $HAPROXY_PP_PORT $GATEWAY_TCP_PORT $GATEWAY_PP_PORT $ADMIN_PORT; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then die "127.0.0.1:$port is in use"; fi
done
CLK_TCK="$(getconf CLK_TCK)"

tmp="$(mktemp -d "${TMPDIR:-/tmp}/gateway-tcp-bench.XXXXXX")"
chmod 755 "$tmp"
mkdir -p "$tmp/logs" "$tmp/nginx/logs" "$tmp/nginx/tmp" "$tmp/www"
pids=()
proxy_pid=""
stop_pid() {
    local pid=$1 i
    kill -TERM "$pid" 2>/dev/null || return 0
    for ((i = 0; i < 100; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}
cleanup() {
    local rc=$? pid
    trap - EXIT
    [[ -z $proxy_pid ]] || stop_pid "$proxy_pid"
    for pid in "${pids[@]}"; do stop_pid "$pid"; done
    if ((rc == 0)); then rm -rf "$tmp"; else log "kept $tmp"; fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT

log "publishing the gateway (Release)"
dotnet publish "$repo/src/Admin/Gateway.Admin.csproj" -c Release -o "$tmp/gateway" -nologo --disable-build-servers >"$tmp/logs/build.log" 2>&1 ||
    { tail -n 30 "$tmp/logs/build.log" >&2; die "publish failed"; }

# Backends on CPU 0: the byte sink and nginx (for the PROXY v2 connection test).
taskset -c 0 python3 "$here/tcp_load.py" sink --port $SINK_PORT >"$tmp/logs/sink.log" 2>&1 &
pids+=($!)
printf '%099d\n' 0 >"$tmp/www/100b.txt"
chmod 755 "$tmp/www" && chmod 644 "$tmp/www/100b.txt"
sed -e "s|@RUN@|$tmp/nginx|g" -e "s|@PORT@|$NGINX_PORT|g" -e "s|@DOCROOT@|$tmp/www|g" "$repo/bench/load/backend-nginx.conf" >"$tmp/nginx/nginx.conf"
taskset -c 0 "$NGINX" -p "$tmp/nginx/" -e "$tmp/nginx/logs/error.log" -c "$tmp/nginx/nginx.conf" -g 'daemon off;' >"$tmp/logs/nginx.log" 2>&1 &
pids+=($!)

cat >"$tmp/haproxy.cfg" <<CFG
global
    nbthread 1
    maxconn 5000
defaults
    timeout connect 5s
    timeout client 60s
    timeout server 60s
frontend tcp_in
    mode tcp
    bind 127.0.0.1:$HAPROXY_TCP_PORT
    default_backend sink
backend sink
    mode tcp
    server s1 127.0.0.1:$SINK_PORT
frontend pp_in
    mode http
    bind 127.0.0.1:$HAPROXY_PP_PORT accept-proxy
    default_backend web
backend web
    mode http
    http-reuse always
    server n1 127.0.0.1:$NGINX_PORT
CFG

wait_port() { # port seconds
    local deadline=$((SECONDS + $2))
    until (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; do
        ((SECONDS < deadline)) || die "nothing listens on 127.0.0.1:$1 after $2 s"
        sleep 0.2
    done
}
wait_http() { # port seconds: GET /100b.txt through a PROXY v1 header must give 200
    local deadline=$((SECONDS + $2))
    until [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 2 --haproxy-protocol "http://127.0.0.1:$1/100b.txt" || true) == 200 ]]; do
        ((SECONDS < deadline)) || die "127.0.0.1:$1 did not answer 200 within $2 s"
        sleep 0.25
    done
}
wait_port $SINK_PORT 10
wait_port $NGINX_PORT 10

start_proxy() { # contender
    case "$1" in
        haproxy)
            taskset -c 1 "$HAPROXY" -db -f "$tmp/haproxy.cfg" >"$tmp/logs/haproxy.log" 2>&1 &
            proxy_pid=$!
            tcp_port=$HAPROXY_TCP_PORT pp_port=$HAPROXY_PP_PORT
            ;;
        gateway)
            rm -f "$tmp"/gateway.db*
            (
                cd "$tmp/gateway"
                DOTNET_gcServer=0 exec taskset -c 1 dotnet Gateway.Admin.dll \
                    "--Gateway:Listeners:web:Address=127.0.0.1:$GATEWAY_PP_PORT" --Gateway:Listeners:web:AcceptProxy=true \
                    "--Gateway:Listeners:tcp:Address=127.0.0.1:$GATEWAY_TCP_PORT" --Gateway:Listeners:tcp:Mode=tcp \
                    --Gateway:Listeners:tcp:DefaultCluster=sink \
                    "--Gateway:Clusters:sink:Servers:s1:Address=tcp://127.0.0.1:$SINK_PORT" \
                    '--Gateway:Routes:all:Path=/{**catch-all}' --Gateway:Routes:all:Cluster=web \
                    "--Gateway:Clusters:web:Servers:n1:Address=http://127.0.0.1:$NGINX_PORT/" \
                    "--Gateway:Admin:Url=http://127.0.0.1:$ADMIN_PORT" "--Gateway:Database:Path=$tmp/gateway.db" \
                    --Logging:LogLevel:Default=Warning
            ) >"$tmp/logs/gateway.log" 2>&1 &
            proxy_pid=$!
            tcp_port=$GATEWAY_TCP_PORT pp_port=$GATEWAY_PP_PORT
            ;;
    esac
    wait_port "$tcp_port" 60
    wait_http "$pp_port" 60
}
ticks() { local f; read -r -a f < <(sed 's/^.*) //' "/proc/$1/stat"); echo $((f[11] + f[12])); }
machine_ticks() { awk '$1 == "cpu" { print $2 + $3 + $4 + $7 + $8; exit }' /proc/stat; }
field() { python3 -c "import json,sys; print(json.load(sys.stdin)['$1'])"; }

results="$tmp/results.tsv" # round contender test amount seconds proxy_seconds machine_busy_cores
: >"$results"
measure() { # round contender test port: runs one cell, appends a row
    local before after mbefore mafter out amount
    before=0; [[ -z $proxy_pid ]] || before="$(ticks "$proxy_pid")"
    mbefore="$(machine_ticks)"
    if [[ $3 == pp2 ]]; then
        out="$(taskset -c 0 python3 "$here/tcp_load.py" pp2 --port "$4" --threads "$PP_THREADS" --seconds "$DURATION")"
        amount="$(field connections <<<"$out")"
        [[ $(field failures <<<"$out") == 0 ]] || log "WARNING: $2 $3: $(field failures <<<"$out") failed connections"
    else
        out="$(taskset -c 0 python3 "$here/tcp_load.py" stream --port "$4" --mode "$3" --conns "$CONNS" --seconds "$DURATION")"
        amount="$(field bytes <<<"$out")"
    fi
    mafter="$(machine_ticks)"
    after=0; [[ -z $proxy_pid ]] || after="$(ticks "$proxy_pid")"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$amount" "$(field seconds <<<"$out")" \
        "$(awk -v t=$((after - before)) -v hz="$CLK_TCK" 'BEGIN { printf "%.3f", t / hz }')" \
        "$(awk -v t=$((mafter - mbefore)) -v hz="$CLK_TCK" -v d="$DURATION" 'BEGIN { printf "%.2f", t / hz / d }')" >>"$results"
    log "round $1: $2 $3: $amount in $(field seconds <<<"$out") s"
}

for ((round = 1; round <= ROUNDS; round++)); do
    for contender in direct haproxy gateway; do
        proxy_pid=""
        if [[ $contender == direct ]]; then
            measure "$round" direct up $SINK_PORT
            measure "$round" direct down $SINK_PORT
            continue
        fi
        log "round $round: starting $contender on CPU 1"
        start_proxy "$contender"
        log "round $round: $contender: pre-warm ${PREWARM}s"
        taskset -c 0 python3 "$here/tcp_load.py" stream --port "$tcp_port" --mode up --conns "$CONNS" --seconds "$PREWARM" >/dev/null
        taskset -c 0 python3 "$here/tcp_load.py" pp2 --port "$pp_port" --threads "$PP_THREADS" --seconds "$PREWARM" >/dev/null
        measure "$round" "$contender" up "$tcp_port"
        measure "$round" "$contender" down "$tcp_port"
        measure "$round" "$contender" pp2 "$pp_port"
        stop_pid "$proxy_pid"
        proxy_pid=""
    done
done

report() {
    echo "# TCP-mode benchmark: direct vs HAProxy 2.6 vs gateway"
    echo
    echo "Loopback. Load generator (Python, $CONNS connections for throughput, $PP_THREADS threads for connections), byte sink and nginx on CPU 0;"
    echo "each proxy alone on CPU 1 (HAProxy nbthread 1; gateway DOTNET_gcServer=0). ${PREWARM}s pre-warm, ${DURATION}s per cell, $ROUNDS round(s), medians."
    echo
    echo "| contender | up MB/s | down MB/s | proxy CPU s/GB up | proxy CPU s/GB down | PROXY v2 conn/s | proxy CPU µs/conn | machine busy (cores, up/down/pp2) |"
    echo "|---|---:|---:|---:|---:|---:|---:|---|"
    python3 - "$results" <<'PY'
import statistics, sys
rows = [line.rstrip("\n").split("\t") for line in open(sys.argv[1])]
def cells(contender, test):
    return [r for r in rows if r[1] == contender and r[2] == test]
def med(values):
    return statistics.median(values) if values else None
for contender in ["direct", "haproxy", "gateway"]:
    out = [contender]
    busy = []
    for test in ["up", "down"]:
        c = cells(contender, test)
        out.append(f"{med([int(r[3]) / float(r[4]) / 1e6 for r in c]):.0f}" if c else "-")
        busy.append(f"{med([float(r[6]) for r in c]):.2f}" if c else "-")
    for test in ["up", "down"]:
        c = cells(contender, test)
        out.append(f"{med([float(r[5]) / (int(r[3]) / 1e9) for r in c]):.2f}" if c and contender != "direct" else "-")
    c = cells(contender, "pp2")
    out.append(f"{med([int(r[3]) / float(r[4]) for r in c]):.0f}" if c else "-")
    out.append(f"{med([float(r[5]) * 1e6 / int(r[3]) for r in c]):.0f}" if c else "-")
    busy.append(f"{med([float(r[6]) for r in c]):.2f}" if c else "-")
    out.append(" / ".join(busy))
    print("| " + " | ".join(out) + " |")
PY
    echo
    echo "- date: $(date -u '+%Y-%m-%d %H:%M:%S UTC'); command: \`$command_line\`"
    echo "- commit: $(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)"
    echo "- CPUs: $(nproc) ($(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)); load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "- $("$HAPROXY" -v | head -n 1); dotnet $(dotnet --version)"
}
mkdir -p "$repo/bench/results"
report_file="$repo/bench/results/tcp-$(date -u +%Y%m%dT%H%M%SZ).md"
report | tee "$report_file"
log "report written to $report_file"
