#!/usr/bin/env python3
"""Measures what the per-client rate limit costs in memory: starts `ties` with a given rate limit, sends one
request from each of N distinct loopback addresses (127.0.0.0/8 is all this host's, so each is a new client to
the server), and prints the server's resident memory before and after and the buckets it tracks.

  python3 scripts/ops/rate_limit_memory.py [--clients 100000] [--rate 20] [--burst 200] [--max-clients 100000]

A low --rate keeps every bucket from refilling during the run (the worst case: nothing can be swept).
Traffic goes to 127.0.0.1 only; the loop is bounded by --clients.
"""
import argparse
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def rss_kib(pid, field="VmRSS"):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def metric(port, name):
    with socket.create_connection(("127.0.0.1", port)) as s:
        s.sendall(b"GET /metrics HTTP/1.1\r\nHost: m\r\nConnection: close\r\n\r\n")
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    m = re.search(rf"^{name} (\S+)$", data.decode(), re.M)
    return float(m.group(1)) if m else None


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--clients", type=int, default=100_000)
    p.add_argument("--rate", type=float, default=20)
    p.add_argument("--burst", type=int, default=200)
    p.add_argument("--max-clients", type=int, default=100_000)
    p.add_argument("--binary", default=os.path.join(ROOT, ".build/release/ties"))
    a = p.parse_args()
    if not os.path.exists(a.binary):
        sys.exit(f"{a.binary} is missing: swift build -c release --product ties")

    work = tempfile.mkdtemp()
    config = os.path.join(work, "config.json")
    with open(config, "w") as f:
        json.dump({"host": "127.0.0.1", "port": 0, "accessLog": False, "publicDirectory": None,
                   "rateLimit": {"requestsPerSecond": a.rate, "burst": a.burst, "maxClients": a.max_clients}}, f)
    log = open(os.path.join(work, "log"), "w+")
    server = subprocess.Popen([a.binary, "--config", config], stdout=log, stderr=subprocess.STDOUT)
    try:
        port = None
        for _ in range(200):
            log.seek(0)
            m = re.search(r'"msg":"listening".*?"port":(\d+)', log.read())
            if m:
                port = int(m.group(1))
                break
            time.sleep(0.05)
        if port is None:
            sys.exit("the server did not start")
        request = b"GET /api/v1/leaders/anwar-ibrahim HTTP/1.1\r\nHost: m\r\nConnection: close\r\n\r\n"
        # Warm up from one address so the baseline includes what any traffic allocates.
        for _ in range(50):
            with socket.create_connection(("127.0.0.1", port)) as s:
                s.sendall(request)
                while s.recv(65536):
                    pass
        before = rss_kib(server.pid)
        statuses = {}
        started = time.time()
        for i in range(a.clients):
            n = 0x7F01_0000 + i  # 127.1.0.0 onwards: one address per client, every one distinct
            source = socket.inet_ntoa(n.to_bytes(4, "big"))
            s = socket.socket()
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind((source, 0))
            s.connect(("127.0.0.1", port))
            s.sendall(request)
            data = b""
            while chunk := s.recv(65536):
                data += chunk
            s.close()
            code = data[9:12].decode()
            statuses[code] = statuses.get(code, 0) + 1
        elapsed = time.time() - started
        after = rss_kib(server.pid)
        peak = rss_kib(server.pid, "VmHWM")
        tracked = metric(port, "ties_rate_limit_clients")
        evicted = metric(port, "ties_rate_limit_evictions_total")
        print(f"rate {a.rate}/s, burst {a.burst}, maxClients {a.max_clients}: {a.clients} clients in {elapsed:.0f} s, statuses {statuses}")
        print(f"RSS before {before / 1024:.1f} MiB, after {after / 1024:.1f} MiB (+{(after - before) / 1024:.1f} MiB), peak {peak / 1024:.1f} MiB;"
              f" buckets tracked {tracked:.0f}, evicted early {evicted:.0f}")
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
