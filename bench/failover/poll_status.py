#!/usr/bin/env python3
"""Polls one proxy's view of one server and prints a line each time it changes (bench/failover/run.sh).

  poll_status.py watch gateway URL TOKEN SERVER SECONDS     # the admin API's GET /api/v1/status
  poll_status.py watch haproxy SOCKET BACKEND SERVER SECONDS  # HAProxy's stats socket, "show stat"
  poll_status.py ready KIND WHERE EXTRA COUNT SECONDS          # wait for COUNT healthy servers

watch: every 50 ms, until SECONDS have passed (a hard bound), it reads whether the server takes
new traffic and what the active health check says, and prints "<unix time> takes=<0|1>
health=<word>" whenever that pair changes. At the end it prints "final <json>" with the proxy's
last view of every server (for HAProxy: status and the econ/wretr/wredis counters).
ready: exits 0 once COUNT servers take traffic and their active check says up, 1 after SECONDS.
Standard library only.
"""
import csv
import io
import json
import socket
import sys
import time
import urllib.request

POLL_SECONDS = 0.05


def gateway_view(url, token):
    request = urllib.request.Request(url, headers={"Authorization": "Bearer " + token})
    with urllib.request.urlopen(request, timeout=2) as response:
        document = json.load(response)
    servers = {}
    for cluster in document.get("clusters", []):
        for server in cluster.get("servers", []):
            servers[server["id"]] = server
    return servers


def gateway_state(server):
    health = (server.get("health") or {}).get("status", "?")
    return (1 if server.get("takesNewTraffic") else 0), health


def haproxy_view(path, backend):
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
        s.settimeout(2)
        s.connect(path)
        s.sendall(b"show stat\n")
        chunks = []
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            chunks.append(chunk)
    text = b"".join(chunks).decode("utf-8", "replace").lstrip("# ")
    servers = {}
    for row in csv.DictReader(io.StringIO(text)):
        if row.get("pxname") == backend and row.get("svname") not in ("FRONTEND", "BACKEND"):
            servers[row["svname"]] = {k: row.get(k) for k in ("status", "econ", "eresp", "wretr", "wredis", "stot", "check_status", "lastchg")}
    return servers


def haproxy_state(server):
    # "UP", "UP 1/3" (going down), "DOWN", "DOWN 1/2" (coming up), "MAINT", "no check".
    status = server.get("status") or "?"
    down = status.startswith("DOWN") or status.startswith("MAINT")
    return (0 if down else 1), status.replace(" ", "_")


def read_view(kind, where, extra):
    return gateway_view(where, extra) if kind == "gateway" else haproxy_view(where, extra)


def state_of(kind, server):
    return gateway_state(server) if kind == "gateway" else haproxy_state(server)


def ready(kind, where, extra, count, deadline):
    while time.monotonic() < deadline:
        try:
            states = [state_of(kind, s) for s in read_view(kind, where, extra).values()]
            if sum(1 for takes, health in states if takes == 1 and health in ("up", "UP")) >= count:
                return 0
        except Exception:  # not listening yet
            pass
        time.sleep(0.2)
    return 1


def main():
    if len(sys.argv) != 7 or sys.argv[1] not in ("watch", "ready") or sys.argv[2] not in ("gateway", "haproxy"):
        print(__doc__, file=sys.stderr)
        return 2
    mode, kind, where, extra, server_id = sys.argv[1:6]
    deadline = time.monotonic() + min(float(sys.argv[6]), 600)
    if mode == "ready":
        return ready(kind, where, extra, int(server_id), deadline)
    last = None
    view = {}
    errors = 0
    while time.monotonic() < deadline:
        try:
            view = read_view(kind, where, extra)
            server = view.get(server_id)
            state = None if server is None else state_of(kind, server)
        except Exception as error:  # a slow or restarting proxy: note it and keep polling
            errors += 1
            state = ("error", type(error).__name__)
        if state != last:
            print(f"{time.time():.3f} takes={state[0] if state else '?'} health={state[1] if state else 'absent'}", flush=True)
            last = state
        time.sleep(POLL_SECONDS)
    print("final " + json.dumps({"servers": view, "poll_errors": errors}, default=str), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
