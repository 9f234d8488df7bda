#!/usr/bin/env bash
# Fairness: the latency of small requests through a proxy while a large download runs through it (issue 18).
# nginx (sendfile on, CPU 0) serves 100b.txt and a 1 GiB file; the proxy runs pinned to CPU 1; curl downloads the big file
# twice on CPU 0 while 40 small requests go through the proxy one after the other (p50, p90, max of their time).
# With DOWNLOADS=N instead: N downloads alone, each with the proxy's CPU (user and system ticks) and syscalls (perf stat).
# With UPLOAD=1 the large transfer goes the other way: curl sends the 1 GiB file to /up, where nginx discards it (the
# gateway's HTTP paths refuse bodies over Kestrel's 30 MB by default: GW_ARGS=--Kestrel:Limits:MaxRequestBodySize=2147483648).
#   bench/profile/fairness.sh gateway-core|gateway-yarp|haproxy [checkout]    # GW_DLL for another build
set -euo pipefail
contender=${1:?gateway-core, gateway-yarp, gateway-tcp or haproxy}; checkout=${2:-$(cd "$(dirname "$0")/../.." && pwd)}
BACKEND=18480 PROXY=18481 ADMIN=19480
tmp=$(mktemp -d /tmp/fairness.XXXXXX); chmod 755 "$tmp"; pids=()
cleanup() { for p in "${pids[@]}"; do kill -TERM -- "-$p" 2>/dev/null || true; done; sleep 0.5
            for p in "${pids[@]}"; do kill -KILL -- "-$p" 2>/dev/null || true; done; rm -rf "$tmp"; }
trap cleanup EXIT
mkdir -p "$tmp/www" "$tmp/nginx/logs" "$tmp/nginx/tmp"
head -c 100 /dev/zero | tr '\0' 'a' >"$tmp/www/100b.txt"; head -c 1073741824 /dev/zero >"$tmp/www/big.bin"
cat >"$tmp/nginx/nginx.conf" <<CONF
worker_processes 1; pid $tmp/nginx/nginx.pid; error_log $tmp/nginx/logs/error.log warn; events { worker_connections 1000; }
http { access_log off; default_type application/octet-stream; types { } etag off; sendfile on; tcp_nodelay on;
  client_body_temp_path $tmp/nginx/tmp; client_max_body_size 0;
  server { listen 127.0.0.1:$BACKEND; root $tmp/www; location / { } location = /up { return 204; } } }
CONF
setsid taskset -c 0 nginx -p "$tmp/nginx/" -c "$tmp/nginx/nginx.conf" -g 'daemon off;' >"$tmp/nginx.out" 2>&1 & pids+=($!)
case $contender in
haproxy)
  printf 'global\n    nbthread 1\ndefaults\n    mode http\n    timeout connect 5s\n    timeout client 300s\n    timeout server 60s\nfrontend fe\n    bind 127.0.0.1:%s\n    default_backend be\nbackend be\n    server s1 127.0.0.1:%s\n' \
    "$PROXY" "$BACKEND" >"$tmp/haproxy.cfg"
  setsid taskset -c 1 /usr/sbin/haproxy -db -f "$tmp/haproxy.cfg" >"$tmp/proxy.out" 2>&1 & pids+=($!) ;;
gateway-core|gateway-yarp|gateway-tcp)
  dll=${GW_DLL:-$checkout/src/Admin/bin/Release/net10.0/Gateway.Admin.dll}
  [[ -f $dll ]] || { echo "build first: dotnet build -c Release $checkout/src/Admin" >&2; exit 1; }
  core=true; [[ $contender == gateway-yarp ]] && core=false
  # gateway-tcp: the listener in TCP mode (each client connection a TCP session to nginx); the others proxy HTTP.
  mode=(--Gateway:Listeners:web:Http1Core=$core --Gateway:Routes:all:Path='/{**rest}' --Gateway:Routes:all:Cluster=b
        --Gateway:Clusters:b:Servers:s1:Address=http://127.0.0.1:$BACKEND/)
  [[ $contender == gateway-tcp ]] && mode=(--Gateway:Listeners:web:Mode=Tcp --Gateway:Listeners:web:DefaultCluster=b
        --Gateway:Clusters:b:Servers:s1:Address=tcp://127.0.0.1:$BACKEND)
  setsid taskset -c 1 env DOTNET_EnableWriteXorExecute=0 Gateway__AccessLog__Format=off dotnet "$dll" \
    --Gateway:Admin:Url=http://127.0.0.1:$ADMIN --Gateway:Database:Path="$tmp/gateway.db" \
    --Gateway:Listeners:web:Address=127.0.0.1:$PROXY "${mode[@]}" --Logging:LogLevel:Default=Warning ${GW_ARGS:-} >"$tmp/proxy.out" 2>&1 & pids+=($!) ;;
*) echo "unknown contender $contender" >&2; exit 2 ;;
esac
url=http://127.0.0.1:$PROXY
for _ in $(seq 1 150); do [[ $(curl -s -o /dev/null -w '%{http_code}' "$url/100b.txt" || true) == 200 ]] && break; sleep 0.2; done
for _ in $(seq 1 200); do curl -s -o /dev/null "$url/100b.txt"; done # warm-up
taskset -c 0 curl -s -o /dev/null "$url/big.bin"
pid=$(ss -Hltnp "sport = :$PROXY" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2)
small() { for _ in $(seq 1 40); do curl -s -o /dev/null -w '%{time_total}\n' "$url/100b.txt"; sleep 0.02; done | sort -n |
  awk '{a[NR] = $1 * 1000} END {printf "small requests: p50 %.1f ms  p90 %.1f ms  max %.1f ms", a[int(NR / 2)], a[int(NR * 0.9)], a[NR]}'; }
if [[ ${DOWNLOADS:-0} -gt 0 ]]; then
  for _ in $(seq 1 "$DOWNLOADS"); do
    perf stat -e raw_syscalls:sys_enter,context-switches -p "$pid" -o "$tmp/perf.txt" & pp=$!; sleep 0.3
    read -r u0 s0 < <(awk '{print $14, $15}' "/proc/$pid/stat")
    t=$(taskset -c 0 curl -s -o /dev/null -w '%{time_total}' "$url/big.bin")
    read -r u1 s1 < <(awk '{print $14, $15}' "/proc/$pid/stat"); kill -INT $pp; wait $pp || true
    echo "$contender: 1 GiB in $t s, CPU user $((u1 - u0)) + system $((s1 - s0)) ticks;" \
      "$(awk '/raw_syscalls|context-switches/ {gsub(",", "", $1); printf "%s %s  ", $2, $1}' "$tmp/perf.txt")"
  done
  exit 0
fi
echo "$contender idle: $(small)"
for _ in 1 2; do
  if [[ ${UPLOAD:-0} == 1 ]]; then
    taskset -c 0 curl -s -o /dev/null -H 'Expect:' -T "$tmp/www/big.bin" -w '%{size_upload} B up in %{time_total} s, status %{http_code}' \
      "$url/up" >"$tmp/transfer.txt" & d=$!; what=upload
  else
    taskset -c 0 curl -s -o /dev/null -w '%{size_download} B in %{time_total} s' "$url/big.bin" >"$tmp/transfer.txt" & d=$!; what=download
  fi
  sleep 0.3; echo "$contender during the $what: $(small)"; wait $d || echo "  (curl exit $?)"; echo "  (the $what: $(cat "$tmp/transfer.txt"))"
done
