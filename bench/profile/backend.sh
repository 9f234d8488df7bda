# Sourced by run.sh and ab.sh: a temp folder, the processes to stop on exit, and the nginx backend on CPU 0 serving
# 100b.txt and 16k.txt on $BACKEND_PORT. Set BACKEND_PORT and LOG_TAG first.
tmp=$(mktemp -d "/tmp/h1$LOG_TAG.XXXXXX"); chmod 755 "$tmp"
pids=()
cleanup() { for p in "${pids[@]}"; do kill -TERM -- "-$p" 2>/dev/null || kill -TERM "$p" 2>/dev/null || true; done; sleep 0.5
            for p in "${pids[@]}"; do kill -KILL -- "-$p" 2>/dev/null || true; done; }
trap cleanup EXIT
log() { echo "[$LOG_TAG] $*" >&2; }

mkdir -p "$tmp/www" "$tmp/nginx/logs" "$tmp/nginx/tmp"
head -c 100 /dev/zero | tr '\0' 'a' >"$tmp/www/100b.txt"; head -c 16384 /dev/zero | tr '\0' 'b' >"$tmp/www/16k.txt"
cat >"$tmp/nginx/nginx.conf" <<CONF
worker_processes 1; pid $tmp/nginx/nginx.pid; error_log $tmp/nginx/logs/error.log warn;
worker_rlimit_nofile 20000; events { worker_connections 19000; }
http { access_log off; default_type application/octet-stream; types { } etag off; server_tokens off; sendfile off;
  tcp_nodelay on; open_file_cache max=16 inactive=1h; keepalive_timeout 300s; keepalive_requests 100000000;
  client_body_temp_path $tmp/nginx/tmp; server { listen 127.0.0.1:$BACKEND_PORT backlog=4096; root $tmp/www; location / { } } }
CONF
setsid taskset -c 0 nginx -p "$tmp/nginx/" -c "$tmp/nginx/nginx.conf" -g 'daemon off;' >"$tmp/nginx.out" 2>&1 & pids+=($!)
