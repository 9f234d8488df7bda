#!/usr/bin/env python3
"""Small, bounded load tools for bench/tcp/run.sh (loopback only).

  tcp_load.py sink   --port P                  accept; read and discard until EOF ("up" tests)
                                               or write until the peer leaves ("down" tests):
                                               the first byte a client sends picks which
  tcp_load.py stream --port P --mode up|down --conns C --seconds S
                                               C connections moving bytes one way for S seconds;
                                               prints {"bytes": n, "seconds": s}
  tcp_load.py pp2    --port P --threads T --seconds S [--max N]
                                               new connection per request: PROXY v2 header,
                                               GET /100b.txt, Connection: close, read to EOF;
                                               prints {"connections": n, "failures": f, "seconds": s}
"""
import argparse
import json
import socket
import struct
import threading
import time

CHUNK = 256 * 1024
V2_SIGNATURE = b"\r\n\r\n\x00\r\nQUIT\n"


def sink(port):
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", port))
    listener.listen(1024)

    def serve(conn):
        with conn:
            try:
                first = conn.recv(1)
                if first == b"d":  # down: the client reads, we write until it closes
                    data = b"\0" * CHUNK
                    while True:
                        conn.sendall(data)
                else:
                    buf = bytearray(CHUNK)
                    while conn.recv_into(buf):
                        pass
            except OSError:
                pass

    while True:
        conn, _ = listener.accept()
        threading.Thread(target=serve, args=(conn,), daemon=True).start()


def stream(port, mode, conns, seconds):
    total = [0] * conns
    deadline = time.monotonic() + seconds

    def run(i):
        with socket.create_connection(("127.0.0.1", port)) as s:
            if mode == "up":
                s.sendall(b"u")
                data = b"\1" * CHUNK
                while time.monotonic() < deadline:
                    s.sendall(data)
                    total[i] += CHUNK
                s.shutdown(socket.SHUT_WR)
            else:
                s.sendall(b"d")
                buf = bytearray(CHUNK)
                while time.monotonic() < deadline:
                    n = s.recv_into(buf)
                    if n == 0:
                        break
                    total[i] += n

    start = time.monotonic()
    threads = [threading.Thread(target=run, args=(i,)) for i in range(conns)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(seconds + 30)
    print(json.dumps({"bytes": sum(total), "seconds": time.monotonic() - start}))


def proxy_v2(i):
    source = bytes([192, 0, 2, 1 + i % 250])
    body = source + bytes([127, 0, 0, 1]) + struct.pack("!HH", 10000 + i % 50000, 443)
    return V2_SIGNATURE + bytes([0x21, 0x11]) + struct.pack("!H", len(body)) + body


def pp2(port, threads, seconds, maximum):
    request = b"GET /100b.txt HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n\r\n"
    counts = [0] * threads
    failures = [0] * threads
    deadline = time.monotonic() + seconds

    def run(t):
        n = 0
        while time.monotonic() < deadline and sum(counts) + sum(failures) < maximum:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
                    s.sendall(proxy_v2(t * 1000003 + n) + request)
                    response = b""
                    while True:
                        part = s.recv(65536)
                        if not part:
                            break
                        response += part
                if response.startswith(b"HTTP/1.1 200"):
                    counts[t] += 1
                else:
                    failures[t] += 1
            except OSError:
                failures[t] += 1
            n += 1

    start = time.monotonic()
    workers = [threading.Thread(target=run, args=(t,)) for t in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(seconds + 30)
    print(json.dumps({"connections": sum(counts), "failures": sum(failures), "seconds": time.monotonic() - start}))


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("sink")
    p.add_argument("--port", type=int, required=True)
    p = sub.add_parser("stream")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--mode", choices=["up", "down"], required=True)
    p.add_argument("--conns", type=int, default=4)
    p.add_argument("--seconds", type=float, default=5)
    p = sub.add_parser("pp2")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--threads", type=int, default=4)
    p.add_argument("--seconds", type=float, default=5)
    p.add_argument("--max", type=int, default=200000)
    args = parser.parse_args()
    if args.command == "sink":
        sink(args.port)
    elif args.command == "stream":
        stream(args.port, args.mode, args.conns, args.seconds)
    else:
        pp2(args.port, args.threads, args.seconds, args.max)


if __name__ == "__main__":
    main()
