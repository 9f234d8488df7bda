#!/usr/bin/env bash
# Two proxies loaded at the same time on the same CPU, so whatever the VM does to that CPU (it drifts ±20-30 % between
# runs a minute apart here) happens to both: the figure that counts is each one's CPU per request, read from
# /proc/PID/stat over the same window, and their ratio. Each proxy gets its own wrk (CONNS connections) and the same
# nginx backend, all three on CPU 0; both proxies on CPU 1, where the scheduler shares the CPU between them.
# A side is `gateway` (this checkout's Release build, or A_DLL/B_DLL), `embedded` or `aot` (the proxy alone, below), with its own settings in A_ENV/B_ENV
# ("X=1 Y=2") and A_ARGS/B_ARGS (host arguments, split at spaces) or A_ARGFILE/B_ARGFILE (one argument per line, for
# arguments with spaces such as rules), or `haproxy`.
#
#   bench/profile/ab.sh gateway gateway               # B_ENV="Gateway__AccessLog__Format=text ..." for a setting's cost
#   A_DLL=/tmp/before/Gateway.Admin.dll bench/profile/ab.sh gateway gateway   # a change's effect: before vs this build
#   bench/profile/ab.sh haproxy gateway              # HAProxy and the gateway under the same conditions
#   HAPROXY_FORWARDED=1 bench/profile/ab.sh haproxy gateway   # HAProxy adding the X-Forwarded-* headers as the gateway does
#   bench/profile/ab.sh embedded aot                 # the proxy alone, JIT (samples/EmbeddedHost) against NativeAOT
#                                                    # (bench/AotProxy), both on the HTTP/1.1 core
#   ROUNDS=4 PREWARM=20 DURATION=10 PAYLOAD=16k CONNS=32 bench/profile/ab.sh gateway gateway
#
# Wrap it in `flock /work/notes/bench.lock` on a shared machine. It stops only the processes it started.
set -euo pipefail
side_a=${1:?gateway, embedded, aot or haproxy} side_b=${2:?gateway, embedded, aot or haproxy}
checkout=$(cd "$(dirname "$0")/../.." && pwd)
PAYLOAD=${PAYLOAD:-100b} DURATION=${DURATION:-10} PREWARM=${PREWARM:-20} CONNS=${CONNS:-32} ROUNDS=${ROUNDS:-3}
BACKEND_PORT=18480
LOG_TAG=ab
# shellcheck source=backend.sh
source "$(dirname "$0")/backend.sh"

# HAPROXY_FORWARDED=1: HAProxy adds the X-Forwarded-For, -Proto and -Host headers the gateway adds by default (as
# YARP does), so both send the server the same request; without it (bench-peers' configuration) HAProxy sends none.
haproxy_forwarded() {
  [[ ${HAPROXY_FORWARDED:-0} == 1 ]] || return 0
  printf '    option forwardfor\n    http-request set-header X-Forwarded-Proto http\n    http-request set-header X-Forwarded-Host %%[req.hdr(host)] if { req.hdr(host) -m found }\n'
}

# start NAME KIND PORT ADMIN_PORT DLL ENV ARGS ARGFILE: sets started_pid (not a $(...) subshell: pids must reach cleanup)
start() {
  local name=$1 kind=$2 port=$3 admin=$4 dll=$5 env=$6 args=$7 argfile=$8 more=()
  [[ -n $argfile ]] && mapfile -t more <"$argfile"
  case $kind in
  haproxy)
    printf 'global\n    nbthread 1\n    maxconn 12000\n    ulimit-n 20000\n    no strict-limits\ndefaults\n    mode http\n    option http-keep-alive\n    http-reuse always\n    timeout connect 5s\n    timeout client 300s\n    timeout server 60s\nfrontend fe\n    bind 127.0.0.1:%s\n    default_backend be\n%s\nbackend be\n    server s1 127.0.0.1:%s\n' \
      "$port" "$(haproxy_forwarded)" "$BACKEND_PORT" >"$tmp/$name.cfg"
    setsid taskset -c 1 /usr/sbin/haproxy -db -f "$tmp/$name.cfg" >"$tmp/$name.out" 2>&1 & pids+=($!) ;;
  gateway)
    [[ -f $dll ]] || { echo "build first: dotnet build -c Release $checkout/src/Admin (or set ${name^^}_DLL)" >&2; exit 1; }
    # shellcheck disable=SC2086
    setsid taskset -c 1 env DOTNET_EnableWriteXorExecute=0 $env dotnet "$dll" \
      --Gateway:Admin:Url=http://127.0.0.1:$admin --Gateway:Database:Path="$tmp/$name.db" \
      --Gateway:Listeners:web:Address=127.0.0.1:$port \
      --Gateway:Routes:all:Path='/{**rest}' --Gateway:Routes:all:Cluster=b \
      --Gateway:Clusters:b:Servers:s1:Address=http://127.0.0.1:$BACKEND_PORT/ \
      --Logging:LogLevel:Default=Warning $args "${more[@]}" >"$tmp/$name.out" 2>&1 & pids+=($!) ;;
  embedded|aot)
    # Proxy only: samples/EmbeddedHost (JIT, dotnet build -c Release) or bench/AotProxy (NativeAOT, dotnet publish -c Release
    # -r linux-x64), as bench/profile/run.sh starts them, with the HTTP/1.1 core on as the standalone host has it (an
    # argument --Gateway:Listeners:web:Http1Core=false after it turns it off); run from the scratch folder, so no
    # appsettings.json is read. NAME_DLL picks another build of the same kind.
    local launcher
    if [[ $kind == embedded ]]; then
      [[ $dll == "$default_dll" ]] && dll=$checkout/samples/EmbeddedHost/bin/Release/net10.0/EmbeddedHost.dll
      launcher=(env DOTNET_EnableWriteXorExecute=0 dotnet "$dll")
    else
      [[ $dll == "$default_dll" ]] && dll=$checkout/bench/AotProxy/bin/Release/net10.0/linux-x64/publish/AotProxy
      launcher=("$dll")
    fi
    [[ -f $dll ]] || { echo "build first: $dll (or set ${name^^}_DLL)" >&2; exit 1; }
    # shellcheck disable=SC2086
    (cd "$tmp" && exec setsid taskset -c 1 env $env "${launcher[@]}" \
      --urls=http://127.0.0.1:$admin \
      --Gateway:Listeners:web:Address=127.0.0.1:$port --Gateway:Listeners:web:Http1Core=true \
      --Gateway:Routes:all:Path='/{**rest}' --Gateway:Routes:all:Cluster=b \
      --Gateway:Clusters:b:Servers:s1:Address=http://127.0.0.1:$BACKEND_PORT/ \
      --Logging:LogLevel:Default=Warning $args "${more[@]}") >"$tmp/$name.out" 2>&1 & pids+=($!) ;;
  *) echo "a side is gateway, embedded, aot or haproxy, not '$kind'" >&2; exit 2 ;;
  esac
  for _ in $(seq 1 300); do
    [[ $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/100b.txt" || true) == 200 ]] && break; sleep 0.1
  done
  [[ $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/100b.txt" || true) == 200 ]] || { cat "$tmp/$name.out" >&2; exit 1; }
  # The proxy process: the one listening on the port, not the setsid/env wrappers.
  started_pid=$(ss -Hltnp "sport = :$port" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2)
}
default_dll=$checkout/src/Admin/bin/Release/net10.0/Gateway.Admin.dll
start a "$side_a" 18481 19481 "${A_DLL:-$default_dll}" "${A_ENV:-}" "${A_ARGS:-}" "${A_ARGFILE:-}"; pid_a=$started_pid
start b "$side_b" 18482 19482 "${B_DLL:-$default_dll}" "${B_ENV:-}" "${B_ARGS:-}" "${B_ARGFILE:-}"; pid_b=$started_pid
log "a: $side_a ${A_ENV:-} ${A_ARGS:-} ${A_DLL:-} (pid $pid_a); b: $side_b ${B_ENV:-} ${B_ARGS:-} ${B_DLL:-} (pid $pid_b)"

ticks() { awk '{print $14, $15}' "/proc/$1/stat"; } # user and system ticks
hz=$(getconf CLK_TCK)
# both PORT_A PORT_B SECONDS: both loads at once; prints "requests_a requests_b"
both() {
  taskset -c 0 wrk -t1 -c"$CONNS" -d"${3}s" "http://127.0.0.1:$1/$PAYLOAD.txt" >"$tmp/wrk.a" 2>&1 &
  local wa=$!
  taskset -c 0 wrk -t1 -c"$CONNS" -d"${3}s" "http://127.0.0.1:$2/$PAYLOAD.txt" >"$tmp/wrk.b" 2>&1 &
  local wb=$!
  wait "$wa" "$wb"
  for f in a b; do
    grep -q 'Non-2xx\|Socket errors' "$tmp/wrk.$f" && { log "wrk $f reported errors:"; cat "$tmp/wrk.$f" >&2; }
    awk '/requests in/ {print $1}' "$tmp/wrk.$f"
  done | paste -sd' '
}

log "pre-warm ${PREWARM}s, both at once"
both 18481 18482 "$PREWARM" >/dev/null
echo "== a: $side_a ${A_ENV:-}${A_ARGS:+ $A_ARGS}${A_ARGFILE:+ (arguments of $A_ARGFILE)}${A_DLL:+ ($A_DLL)}"
echo "== b: $side_b ${B_ENV:-}${B_ARGS:+ $B_ARGS}${B_ARGFILE:+ (arguments of $B_ARGFILE)}${B_DLL:+ ($B_DLL)}"
echo "payload=$PAYLOAD conns=$CONNS each, duration=${DURATION}s, both on CPU 1 at once"
echo "| round | a req/s | a CPU µs/req (user + sys) | b req/s | b CPU µs/req (user + sys) | b/a CPU per request | b/a user | b/a sys | b/a req/s |"
echo "|---|---|---|---|---|---|---|---|---|"
for round in $(seq 1 "$ROUNDS"); do
  read -r ua0 sa0 < <(ticks "$pid_a"); read -r ub0 sb0 < <(ticks "$pid_b")
  read -r ra rb < <(both 18481 18482 "$DURATION")
  read -r ua1 sa1 < <(ticks "$pid_a"); read -r ub1 sb1 < <(ticks "$pid_b")
  awk -v r="$round" -v ra="$ra" -v rb="$rb" -v hz="$hz" -v d="$DURATION" \
      -v usa=$((ua1 - ua0)) -v ssa=$((sa1 - sa0)) -v usb=$((ub1 - ub0)) -v ssb=$((sb1 - sb0)) 'BEGIN {
    k = 1e6 / hz; uA = usa * k / ra; sA = ssa * k / ra; uB = usb * k / rb; sB = ssb * k / rb
    printf "| %d | %.0f | %.2f (%.1f + %.1f) | %.0f | %.2f (%.1f + %.1f) | **%.3f** | %.2f | %.2f | %.3f |\n", r, ra / d, uA + sA, uA, sA,
      rb / d, uB + sB, uB, sB, (uB + sB) / (uA + sA), uA ? uB / uA : 0, sA ? sB / sA : 0, rb / ra }'
done
