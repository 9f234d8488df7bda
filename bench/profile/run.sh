#!/usr/bin/env bash
# Where a proxy's CPU goes under load, loopback only: the same placement as ../shared/bench-peers (proxy on CPU 1,
# backend nginx and wrk on CPU 0). For one contender (haproxy or the gateway of a checkout built in Release) it
# pre-warms, then measures one window with wrk while reading, for the proxy process only: user and system CPU
# (/proc/PID/stat), context switches and syscalls (perf stat; each syscall by name when tracefs is mounted), and with
# RECORD=1 a `perf record -g` profile (JIT frames named through DOTNET_PerfMapEnabled=1). Prints per-request figures.
#
#   bench/profile/run.sh haproxy
#   bench/profile/run.sh gateway [checkout]            # CORE=1 for the HTTP/1.1 core, GW_ENV="X=1 Y=2" for settings,
#                                                      # GW_ARGS / GW_ARGFILE (one per line) for host arguments,
#                                                      # GW_DLL=path for another build (a publish's Gateway.Admin.dll or apphost)
#   bench/profile/run.sh embedded [checkout]         # proxy only: samples/EmbeddedHost (build it -c Release), no admin
#   SMAPS=1 bench/profile/run.sh embedded          # also RSS after load by kind of mapping (/proc/PID/smaps)
#   bench/profile/run.sh aot [checkout]              # the same proxy only, NativeAOT: bench/AotProxy (dotnet publish
#                                                    # bench/AotProxy -c Release -r linux-x64); core as CORE says, like embedded
#   bench/profile/run.sh floor [checkout]              # bench/RelayFloor (build it -c Release): .NET sockets and nothing else
#   HOG=1 bench/profile/run.sh haproxy                 # a busy loop shares the proxy's CPU (each gets about half), to
#                                                      # see a proxy's kernel time per request at a lower request rate
#   PAYLOAD=16k DURATION=10 PREWARM=20 CONNS=64 RECORD=1 bench/profile/run.sh gateway
#   WARMUP=70 bench/profile/run.sh gateway   # req/s in each second from start (1 s wrk windows), no pre-warm; then the
#                                            # rate at 5 s against the steady state (mean of the last 10 windows)
#   ALLOC=1 bench/profile/run.sh gateway     # also where the window's allocations come from, by type and stack: the
#                                            # runtime's allocation events through dotnet-trace (dotnet tool install
#                                            # dotnet-trace), read by bench/AllocationTrace; bytes per request. The CPU
#                                            # figures of that window include the tracing's own cost.
#   MISSES=1 bench/profile/run.sh gateway    # also each recvfrom of the first 2 s by size asked and result
#   IDLE=5000 bench/profile/run.sh gateway   # bytes per idle keep-alive connection instead (RSS and, for the gateway,
#                                            # the managed heap by type through dotnet-gcdump when it is installed)
#   CLOSE=1 bench/profile/run.sh gateway     # every request on a new connection (wrk sends Connection: close): the cost of
#                                            # a connection from accept to close, per request (HAPROXY_REUSE=safe: HAProxy's
#                                            # default; here it runs with always unless told)
#   PROTO=h2c bench/profile/run.sh gateway   # h2c (prior knowledge) instead: the listener speaks only HTTP/2 and the
#                                            # load is h2load -c CONNS -m STREAMS (default 4), as ../shared/bench-peers
#
# Wrap it in `flock /work/notes/bench.lock` on a shared machine. It stops only the processes it started.
set -euo pipefail
contender=${1:?haproxy, gateway, embedded, aot or floor}
checkout=${2:-$(cd "$(dirname "$0")/../.." && pwd)}
PAYLOAD=${PAYLOAD:-100b} DURATION=${DURATION:-10} PREWARM=${PREWARM:-20} CONNS=${CONNS:-64} RECORD=${RECORD:-0}
CORE=${CORE:-0} CLOSE=${CLOSE:-0} GW_ENV=${GW_ENV:-} GW_ARGS=${GW_ARGS:-} PROTO=${PROTO:-h1} STREAMS=${STREAMS:-4}
[[ $PROTO == h1 || $PROTO == h2c ]] || { echo "PROTO is h1 or h2c" >&2; exit 2; }
BACKEND_PORT=18380 PROXY_PORT=18381 ADMIN_PORT=19380
LOG_TAG=profile
# shellcheck source=backend.sh
source "$(dirname "$0")/backend.sh"

case $contender in
haproxy)
  cat >"$tmp/haproxy.cfg" <<CONF
global
    nbthread 1
    maxconn 12000
    ulimit-n 20000
    no strict-limits
defaults
    mode http
    option http-keep-alive
    http-reuse ${HAPROXY_REUSE:-always}
    timeout connect 5s
    timeout client 300s
    timeout server 60s
frontend fe
    bind 127.0.0.1:$PROXY_PORT $([[ $PROTO == h2c ]] && echo proto h2)
    default_backend be
backend be
    server s1 127.0.0.1:$BACKEND_PORT
CONF
  setsid taskset -c 1 /usr/sbin/haproxy -db -f "$tmp/haproxy.cfg" >"$tmp/proxy.out" 2>&1 & pids+=($!) ;;
gateway)
  # GW_DLL: another build of the host, e.g. a self-contained publish's apphost (started as it is, not through dotnet).
  dll=${GW_DLL:-$checkout/src/Admin/bin/Release/net10.0/Gateway.Admin.dll}
  [[ -f $dll ]] || { echo "build first: dotnet build -c Release $checkout/src/Admin" >&2; exit 1; }
  launcher=(dotnet "$dll"); [[ $dll == *.dll ]] || launcher=("$dll")
  core_args=(); [[ $CORE == 1 ]] && core_args=(--Gateway:Listeners:web:Http1Core=true)
  # GW_ARGFILE: more host arguments, one per line (for arguments with spaces, such as rules).
  [[ -n ${GW_ARGFILE:-} ]] && { mapfile -t more <"$GW_ARGFILE"; core_args+=("${more[@]}"); }
  [[ $PROTO == h2c ]] && core_args+=(--Gateway:Listeners:web:Protocols:0=http2)
  # The perf map names JIT frames for RECORD=1; writing it costs every JIT compilation, so the warm-up curve goes without.
  perfmap=1; [[ ${WARMUP:-0} -gt 0 ]] && perfmap=0
  # shellcheck disable=SC2086
  setsid taskset -c 1 env DOTNET_PerfMapEnabled=$perfmap DOTNET_EnableWriteXorExecute=0 $GW_ENV "${launcher[@]}" \
    --Gateway:Admin:Url=http://127.0.0.1:$ADMIN_PORT --Gateway:Database:Path="$tmp/gateway.db" \
    --Gateway:Listeners:web:Address=127.0.0.1:$PROXY_PORT "${core_args[@]}" \
    --Gateway:Routes:all:Path='/{**rest}' --Gateway:Routes:all:Cluster=b \
    --Gateway:Clusters:b:Servers:s1:Address=http://127.0.0.1:$BACKEND_PORT/ \
    --Logging:LogLevel:Default=Warning $GW_ARGS >"$tmp/proxy.out" 2>&1 & pids+=($!) ;;
embedded)
  # Proxy only: samples/EmbeddedHost (AddGateway + MapGateway, no store, admin pages or OpenTelemetry), built -c Release,
  # given the same document on its command line; run from the scratch folder so no appsettings.json is read.
  dll=${GW_DLL:-$checkout/samples/EmbeddedHost/bin/Release/net10.0/EmbeddedHost.dll}
  [[ -f $dll ]] || { echo "build first: dotnet build -c Release $checkout/samples/EmbeddedHost" >&2; exit 1; }
  core_args=(); [[ $CORE == 1 ]] && core_args=(--Gateway:Listeners:web:Http1Core=true)
  [[ $PROTO == h2c ]] && core_args+=(--Gateway:Listeners:web:Protocols:0=http2)
  perfmap=1; [[ ${WARMUP:-0} -gt 0 ]] && perfmap=0
  # shellcheck disable=SC2086
  (cd "$tmp" && exec setsid taskset -c 1 env DOTNET_PerfMapEnabled=$perfmap DOTNET_EnableWriteXorExecute=0 $GW_ENV dotnet "$dll" \
    --urls=http://127.0.0.1:$ADMIN_PORT \
    --Gateway:Listeners:web:Address=127.0.0.1:$PROXY_PORT "${core_args[@]}" \
    --Gateway:Routes:all:Path='/{**rest}' --Gateway:Routes:all:Cluster=b \
    --Gateway:Clusters:b:Servers:s1:Address=http://127.0.0.1:$BACKEND_PORT/ \
    --Logging:LogLevel:Default=Warning $GW_ARGS) >"$tmp/proxy.out" 2>&1 & pids+=($!) ;;
aot)
  # bench/AotProxy published with NativeAOT: the embedded contender's proxy (AddGateway + MapGateway) as one native image,
  # given the same arguments. It turns the core on for every listener by default (Gateway:Runtime:Http1Core, as the
  # standalone host); CORE=0 turns it off here so that CORE means the same for both contenders.
  exe=${GW_DLL:-$checkout/bench/AotProxy/bin/Release/net10.0/linux-x64/publish/AotProxy}
  [[ -x $exe ]] || { echo "publish first: dotnet publish -c Release -r linux-x64 $checkout/bench/AotProxy" >&2; exit 1; }
  core_args=(--Gateway:Runtime:Http1Core=false); [[ $CORE == 1 ]] && core_args=(--Gateway:Listeners:web:Http1Core=true)
  [[ $PROTO == h2c ]] && core_args+=(--Gateway:Listeners:web:Protocols:0=http2)
  # shellcheck disable=SC2086
  (cd "$tmp" && exec setsid taskset -c 1 env $GW_ENV "$exe" \
    --urls=http://127.0.0.1:$ADMIN_PORT \
    --Gateway:Listeners:web:Address=127.0.0.1:$PROXY_PORT "${core_args[@]}" \
    --Gateway:Routes:all:Path='/{**rest}' --Gateway:Routes:all:Cluster=b \
    --Gateway:Clusters:b:Servers:s1:Address=http://127.0.0.1:$BACKEND_PORT/ \
    --Logging:LogLevel:Default=Warning $GW_ARGS) >"$tmp/proxy.out" 2>&1 & pids+=($!) ;;
floor)
  dll="$checkout/bench/RelayFloor/bin/Release/net10.0/RelayFloor.dll"
  [[ -f $dll ]] || { echo "build first: dotnet build -c Release $checkout/bench/RelayFloor" >&2; exit 1; }
  # shellcheck disable=SC2086
  setsid taskset -c 1 env $GW_ENV dotnet "$dll" "$PROXY_PORT" "$BACKEND_PORT" >"$tmp/proxy.out" 2>&1 & pids+=($!) ;;
*) echo "unknown contender $contender" >&2; exit 2 ;;
esac

curl_proto=; [[ $PROTO == h2c ]] && curl_proto=--http2-prior-knowledge
# load SECONDS: the client on CPU 0 (wrk for HTTP/1.1, h2load for h2c); prints what the tool prints
load() {
  if [[ $PROTO == h2c ]]; then taskset -c 0 h2load -t1 -c"$CONNS" -m"$STREAMS" -D "$1" "http://127.0.0.1:$PROXY_PORT/$PAYLOAD.txt"
  elif [[ ${H2LOAD:-0} == 1 ]]; then taskset -c 0 h2load --h1 -t1 -c"$CONNS" -D "$1" "http://127.0.0.1:$PROXY_PORT/$PAYLOAD.txt"
  elif [[ $CLOSE == 1 ]]; then taskset -c 0 wrk -t1 -c"$CONNS" -d"${1}s" -H 'Connection: close' "http://127.0.0.1:$PROXY_PORT/$PAYLOAD.txt"
  else taskset -c 0 wrk -t1 -c"$CONNS" -d"${1}s" --latency "http://127.0.0.1:$PROXY_PORT/$PAYLOAD.txt"; fi
}
started=$(date +%s.%N)
for _ in $(seq 1 240); do
  [[ $(curl -s $curl_proto -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PROXY_PORT/100b.txt" || true) == 200 ]] && break; sleep 0.1
done
[[ $(curl -s $curl_proto -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PROXY_PORT/100b.txt" || true) == 200 ]] || { cat "$tmp/proxy.out" >&2; exit 1; }
# The proxy process: the one listening on the port (dotnet or haproxy), not the setsid/env wrappers.
pid=$(ss -Hltnp "sport = :$PROXY_PORT" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2)
ready=$(date +%s.%N)
if [[ ${WARMUP:-0} -gt 0 ]]; then
  echo "== $contender ${GW_ENV:+($GW_ENV) }core=$CORE warm-up, payload=$PAYLOAD conns=$CONNS: ready $(awk -v a="$started" -v b="$ready" 'BEGIN {printf "%.1f", b - a}') s after start"
  # Each 1 s window: req/s, and the proxy's own CPU (user + system, all its threads, the JIT's included) in the window
  # and since it started. On a busy machine the proxy gets only part of its core, so req per proxy CPU second against
  # proxy CPU seconds spent is the curve to compare: on a quiet machine the saturated proxy spends 1 CPU s per second.
  hz=$(getconf CLK_TCK)
  cpu() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
  for second in $(seq 1 "$WARMUP"); do
    c0=$(cpu)
    rps=$(taskset -c 0 wrk -t1 -c"$CONNS" -d1s "http://127.0.0.1:$PROXY_PORT/$PAYLOAD.txt" | awk '/Requests\/sec/ {printf "%.0f", $2}')
    c1=$(cpu)
    echo "t=$(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f", b - a}')s $rps" \
      "cpu=$(awk -v d=$((c1 - c0)) -v hz="$hz" 'BEGIN {printf "%.2f", d / hz}') cum=$(awk -v c="$c1" -v hz="$hz" 'BEGIN {printf "%.1f", c / hz}')" \
      "per-cpu-s=$(awk -v r="$rps" -v d=$((c1 - c0)) -v hz="$hz" 'BEGIN {printf "%.0f", d ? r * hz / d : 0}')" | tee -a "$tmp/warmup.txt"
  done
  # Steady state: the mean of the last 10 windows (with WARMUP=70, after a minute under load in the same process).
  # "At 5 s": the first window that ends 5 s or more after the process was started (start-up counts), and the first
  # window that ends after the proxy has spent 5 CPU seconds (start-up included).
  awk '{ sub("t=", "", $1); sub("s$", "", $1); t[NR] = $1; r[NR] = $2; split($4, a, "="); cum[NR] = a[2]; split($5, b, "="); pc[NR] = b[2] } END {
    n = NR; from = n > 10 ? n - 9 : 1; for (i = from; i <= n; i++) { sum += r[i]; psum += pc[i] }
    steady = sum / (n - from + 1); psteady = psum / (n - from + 1)
    for (i = 1; i <= n; i++) if (t[i] >= 5) { at5 = r[i]; t5 = t[i]; break }
    for (i = 1; i <= n; i++) if (cum[i] >= 5) { p5 = pc[i]; c5 = cum[i]; break }
    for (i = 1; i <= n; i++) if (r[i] >= 0.9 * steady) { t90 = t[i]; break }
    for (i = 1; i <= n; i++) if (pc[i] >= 0.9 * psteady) { c90 = cum[i]; break }
    printf "steady state (mean of the last %d windows, t=%s-%ss): %.0f req/s; at %ss: %s = %.2f of steady; first window at 90%%: t=%ss\n",
      n - from + 1, t[from], t[n], steady, t5, at5, steady ? at5 / steady : 0, t90
    printf "per proxy CPU second: steady %.0f; after %s CPU s: %s = %.2f of steady; first window at 90%%: after %s CPU s\n",
      psteady, c5, p5, psteady ? p5 / psteady : 0, c90 }' "$tmp/warmup.txt"
  exit 0
fi
log "$contender pid $pid; pre-warm ${PREWARM}s"
[[ $PREWARM -gt 0 ]] && load "$PREWARM" >/dev/null

if [[ ${IDLE:-0} -gt 0 ]]; then
  sleep 3
  export PATH="$PATH:$HOME/.dotnet/tools"
  heap() { [[ $contender == gateway ]] && command -v dotnet-gcdump >/dev/null && dotnet-gcdump collect -p "$pid" -o "$tmp/$1.gcdump" >/dev/null 2>&1 &&
           dotnet-gcdump report "$tmp/$1.gcdump" >"$tmp/$1.txt" 2>/dev/null && cp "$tmp/$1.txt" "/tmp/h1profile-idle-$1.txt" || true; }
  heap before
  rss0=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
  coproc IC { taskset -c 0 python3 /work/shared/bench-peers/lib/idle_conns.py --port "$PROXY_PORT" --count "$IDLE" --hold 120; }
  read -r ready <&"${IC[0]}"; sleep 3
  rss1=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
  heap after
  echo close >&"${IC[1]}"; read -r done <&"${IC[0]}" || true
  ok=$(sed 's/.*ok=\([0-9]*\).*/\1/' <<<"$ready")
  echo "== $contender ${GW_ENV:+($GW_ENV) }core=$CORE idle: $ready, $done; RSS $rss0 -> $rss1 kB: $(( (rss1 - rss0) * 1024 / (ok > 0 ? ok : 1) )) B per connection"
  if [[ -f $tmp/after.txt ]]; then
    total() { grep -m1 -i 'total' "$1" | grep -o '[0-9,]* *bytes' | head -1 | tr -d ', bytes'; }
    echo "managed heap: $(head -3 "$tmp/before.txt" | tail -1) -> $(head -3 "$tmp/after.txt" | tail -1)"
    echo "heap by type after (top 25): /tmp/h1profile-idle-after.txt"; head -30 "$tmp/after.txt"
  fi
  exit 0
fi

ticks() { awk '{print $14, $15}' "/proc/$pid/stat"; }
hz=$(getconf CLK_TCK)
events=task-clock,context-switches,cpu-migrations
if [[ -d /sys/kernel/tracing/events/syscalls || -d /sys/kernel/debug/tracing/events/syscalls ]]; then
  events+=,raw_syscalls:sys_enter
  for s in read readv recvfrom recvmsg write writev sendto sendmsg epoll_wait epoll_pwait epoll_ctl futex poll ppoll sched_yield mprotect madvise accept4 socket connect close shutdown setsockopt getsockopt getsockname getpeername fcntl ioctl; do
    events+=",syscalls:sys_enter_$s"
  done
fi
# Wake-ups the proxy makes (a send that wakes the process on the other CPU sleeping in epoll_wait costs most of a send).
for e in sched_waking sched_wakeup sched_wake_idle_without_ipi; do
  [[ -d /sys/kernel/tracing/events/sched/$e || -d /sys/kernel/debug/tracing/events/sched/$e ]] && events+=",sched:$e"
done
if [[ ${HOG:-0} == 1 ]]; then
  setsid taskset -c 1 bash -c 'while :; do :; done' & pids+=($!)
  log "a busy loop now shares CPU 1 with the proxy"
  sleep 1
fi
read -r u0 s0 < <(ticks)
perf stat -e "$events" -p "$pid" -o "$tmp/perfstat.txt" -- sleep "$DURATION" &
statpid=$!
if [[ $RECORD == 1 ]]; then
  perf record -F 499 -g -p "$pid" -o "$tmp/perf.data" -- sleep "$DURATION" >/dev/null 2>&1 &
  recpid=$!
fi
if [[ ${MISSES:-0} == 1 ]]; then
  # Receives that find nothing (EAGAIN), with the stacks that made them.
  perf record -e syscalls:sys_enter_recvfrom,syscalls:sys_exit_recvfrom -p "$pid" -o "$tmp/misses.data" -- sleep 2 >/dev/null 2>&1 &
  misspid=$!
fi
if [[ ${ALLOC:-0} == 1 ]]; then
  export PATH="$PATH:$HOME/.dotnet/tools"
  command -v dotnet-trace >/dev/null || { echo "ALLOC=1 needs dotnet-trace: dotnet tool install -g dotnet-trace" >&2; exit 1; }
  dotnet-trace collect -p "$pid" --providers Microsoft-Windows-DotNETRuntime:0x1:5 \
    --duration "$(printf '00:%02d:%02d:%02d' $((DURATION / 3600)) $((DURATION % 3600 / 60)) $((DURATION % 60)))" \
    -o "$tmp/alloc.nettrace" >/dev/null 2>&1 &
  allocpid=$!
fi
load "$DURATION" >"$tmp/wrk.txt"
wait $statpid; [[ $RECORD == 1 ]] && wait $recpid; [[ ${MISSES:-0} == 1 ]] && wait $misspid; [[ ${ALLOC:-0} == 1 ]] && wait $allocpid
read -r u1 s1 < <(ticks)
if [[ $PROTO == h2c || ${H2LOAD:-0} == 1 ]]; then # h2load: "requests: N total, N started, N done, N succeeded, ..." and "finished in Xs, R req/s, ..."
  requests=$(awk '/^requests:/ {print $8}' "$tmp/wrk.txt"); rps=$(awk '/^finished in/ {print $4}' "$tmp/wrk.txt")
else
  requests=$(awk '/requests in/ {print $1}' "$tmp/wrk.txt"); rps=$(awk '/Requests\/sec/ {print $2}' "$tmp/wrk.txt")
fi
rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
if [[ ${SMAPS:-0} == 1 ]]; then
  # RSS by kind of mapping: JIT code's second (W^X) mapping, the process's executable (dotnet's host, or a NativeAOT
  # image with all its code), mapped .dll/.so files, other files, anonymous memory.
  exe=$(readlink "/proc/$pid/exe")
  awk -v exe="$exe" '/^[0-9a-f]+-[0-9a-f]+ / { name = $6; kind = name ~ /doublemapper/ ? "W^X double mapping" : name == exe ? "the executable" : name ~ /\.(dll|so)(\.[0-9.]+)?$/ ? "mapped .dll/.so" : name ~ /^\// ? "other files" : "anonymous (GC heap, JIT, native heap)" }
       /^Rss:/ { kb[kind] += $2 } END { for (k in kb) printf "  RSS %-40s %8.1f MiB\n", k, kb[k] / 1024 }' "/proc/$pid/smaps" | sort -k2
fi
echo "== $contender ${GW_ENV:+($GW_ENV) }${CORE:+core=$CORE }proto=$PROTO payload=$PAYLOAD conns=$CONNS$([[ $PROTO == h2c ]] && echo "x$STREAMS streams") duration=${DURATION}s"
echo "requests $requests  req/s $rps  RSS ${rss} kB"
[[ $PROTO == h2c || ${H2LOAD:-0} == 1 ]] && grep -E 'time for request' "$tmp/wrk.txt"
[[ $PROTO == h2c || ${H2LOAD:-0} == 1 ]] || awk '/^ +(50|75|90|99)%/ { printf "latency p%s %s  ", $1, $2 } END { print "" }' "$tmp/wrk.txt"
awk -v u="$((u1 - u0))" -v s="$((s1 - s0))" -v hz="$hz" -v n="$requests" 'BEGIN {
  printf "CPU per request: user %.2f us, system %.2f us, total %.2f us (system share %.0f%%)\n",
    u / hz * 1e6 / n, s / hz * 1e6 / n, (u + s) / hz * 1e6 / n, (u + s) ? 100 * s / (u + s) : 0 }'
awk -v n="$requests" '/^ *[0-9,.]+ +[a-z_:-]+/ { gsub(",", "", $1); printf "  %-40s %12s  %8.3f per request\n", $2, $1, $1 / n }' "$tmp/perfstat.txt"
if [[ ${ALLOC:-0} == 1 ]]; then
  dotnet run -c Release --project "$checkout/bench/AllocationTrace" -- "$tmp/alloc.nettrace" "$requests" 6
fi
if [[ $RECORD == 1 ]]; then
  out=${OUT:-/tmp/h1profile-$contender-$(date +%H%M%S)}
  cp "$tmp/perf.data" "$out.data"; [[ -f /tmp/perf-$pid.map ]] && cp "/tmp/perf-$pid.map" "$out.map"
  { perf report -i "$tmp/perf.data" --no-children --sort dso --stdio -g none 2>/dev/null | grep -v '^#' | grep -v '^$' | head -25 >"$out.dso.txt"; } || true
  { perf report -i "$tmp/perf.data" --no-children --sort sym --stdio -g none 2>/dev/null | grep -v '^#' | grep -v '^$' | head -120 >"$out.sym.txt"; } || true
  echo "profile: $out.dso.txt $out.sym.txt ($out.data)"
fi
if [[ ${MISSES:-0} == 1 ]]; then
  out=${OUT:-/tmp/h1misses-$contender-$(date +%H%M%S)}
  cp "$tmp/misses.data" "$out.misses.data"
  # Each call by the size asked (0: a zero-byte wait) and what it returned, for the first 2 s of the window.
  perf script -i "$tmp/misses.data" -F tid,event,trace 2>/dev/null | awk '
    /sys_enter_recvfrom/ { for (i = 1; i <= NF; i++) if ($i == "size:") size[$1] = $(i + 1) }
    /sys_exit_recvfrom/ { r = $NF; kind = (size[$1] == "0x00000000") ? "zero-byte" : "with a buffer";
      res = (r == "0xfffffffffffffff5") ? "nothing (EAGAIN)" : (r == "0x0" ? "0 bytes" : "bytes"); n[kind " -> " res]++ }
    END { for (k in n) printf "  recvfrom %-36s %9d\n", k, n[k] }' | sort
  echo "calls: perf script -i $out.misses.data"
fi
