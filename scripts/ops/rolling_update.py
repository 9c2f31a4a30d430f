#!/usr/bin/env python3
"""Two `ties` replicas behind a real nginx upstream (round-robin), rolled from one dataset version to the next
while a client pages through every event (issue 13, part 3).

Each replica reads its dataset through a `current` symlink. The roll swaps one replica's symlink to the new
version and sends it SIGHUP, lets the client run against the mixed pair, then does the same for the other.
Meanwhile the client walks /api/v1/events two at a time through nginx and follows `links.next`. On a 409 it
restarts from the problem's `first`.

Passes when every walk that completed is exactly one version's list (no record skipped or repeated, every
page of one version). Every refusal must be the documented 409 naming both versions. Walks must complete on
the old version before the roll and on the new one after it. An If-None-Match from the old version must get
the new representation (200), never a 304.

usage: rolling_update.py BIN NGINX WORKDIR
"""
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

BIN, NGINX, WORK = sys.argv[1], sys.argv[2], sys.argv[3]
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SHIPPED = os.path.join(ROOT, "Sources", "TiesCore", "Dataset")
MARKED = "2015-05-25-abe-najib-summit"


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def get(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def make_versions():
    old = os.path.join(WORK, "v1")
    new = os.path.join(WORK, "v2")
    shutil.copytree(SHIPPED, old)
    shutil.copytree(SHIPPED, new)
    path = os.path.join(new, "events.json")
    text = open(path, encoding="utf-8").read()
    anchor = f'"id": "{MARKED}"'
    at = text.index(anchor)
    summary = text.index('"summary": "', at) + len('"summary": "')
    open(path, "w", encoding="utf-8").write(text[:summary] + "[revised] " + text[summary:])
    # A published version is logged: the replicas refuse a dataset whose change log does not name it.
    subprocess.run([BIN, "changelog", "--from", old, "--to", new, "--reason", "Rolling-update check: one summary revised."],
                   check=True, stdout=subprocess.DEVNULL)
    return old, new


def start_replica(name, version_dir, config):
    home = os.path.join(WORK, name)
    os.makedirs(home)
    link = os.path.join(home, "current")
    os.symlink(version_dir, link)
    port = free_port()
    log = open(os.path.join(home, "log"), "w")
    process = subprocess.Popen([BIN, "--config", config, "--host", "127.0.0.1", "--port", str(port), "--data", link],
                               stdout=log, stderr=subprocess.STDOUT)
    for _ in range(300):
        try:
            if get(f"http://127.0.0.1:{port}/readyz")[0] == 200:
                return {"name": name, "port": port, "process": process, "link": link}
        except OSError:
            pass
        time.sleep(0.1)
    raise SystemExit(f"rolling-update: FAIL replica {name} did not start")


def roll(replica, version_dir, old_version):
    """Points the replica at another version and reloads it (SIGHUP); returns the version it then serves."""
    tmp = replica["link"] + ".next"
    os.symlink(version_dir, tmp)
    os.replace(tmp, replica["link"])
    replica["process"].send_signal(signal.SIGHUP)
    for _ in range(200):
        version = json.loads(get(f"http://127.0.0.1:{replica['port']}/readyz")[2]).get("datasetVersion")
        if version != old_version:
            return version
        time.sleep(0.05)
    raise SystemExit(f"rolling-update: FAIL replica {replica['name']} did not reload")


def start_nginx(ports):
    port = free_port()
    prefix = os.path.join(WORK, "nginx")
    os.makedirs(os.path.join(prefix, "logs"))
    upstream = "".join(f"    server 127.0.0.1:{p};\n" for p in ports)
    conf = os.path.join(prefix, "nginx.conf")
    open(conf, "w").write(f"""daemon off;
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/logs/error.log warn;
events {{ worker_connections 256; }}
http {{
  access_log off;
  client_body_temp_path {prefix}/body;
  proxy_temp_path {prefix}/proxy;
  fastcgi_temp_path {prefix}/fastcgi;
  uwsgi_temp_path {prefix}/uwsgi;
  scgi_temp_path {prefix}/scgi;
  upstream ties {{
{upstream}    keepalive 8;
  }}
  server {{
    listen 127.0.0.1:{port};
    location / {{
      proxy_pass http://ties;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header X-Forwarded-For $remote_addr;
    }}
  }}
}}
""")
    process = subprocess.Popen([NGINX, "-p", prefix, "-c", conf], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    for _ in range(100):
        try:
            if get(f"http://127.0.0.1:{port}/healthz")[0] == 200:
                return port, process
        except OSError:
            pass
        time.sleep(0.1)
    raise SystemExit("rolling-update: FAIL nginx did not start: " + open(os.path.join(prefix, "logs", "error.log")).read())


def all_ids(port):
    status, _, body = get(f"http://127.0.0.1:{port}/api/v1/events?limit=500&sort=date")
    doc = json.loads(body)
    return doc["meta"]["datasetVersion"], [e["id"] for e in doc["data"]]


class Walker(threading.Thread):
    """Walks every event two at a time through nginx, again and again, until told to stop."""

    def __init__(self, base):
        super().__init__(daemon=True)
        self.base = base
        self.stop = threading.Event()
        self.walks = []        # (version, ids) of every completed walk, in order
        self.refusals = []     # every 409 problem
        self.errors = []

    def run(self):
        target = "/api/v1/events?limit=2&sort=date"
        while not self.stop.is_set():
            ids, versions = [], set()
            url = target
            while url:
                status, _, body = get(self.base + url)
                doc = json.loads(body)
                if status == 409:
                    self.refusals.append(doc)
                    if doc.get("type") != "/problems/cursor-from-another-version" or doc.get("first") != target:
                        self.errors.append(f"unexpected 409: {doc}")
                    url = None
                    ids = None
                    break
                if status != 200:
                    self.errors.append(f"{url}: {status} {body[:200]!r}")
                    ids = None
                    break
                versions.add(doc["meta"]["datasetVersion"])
                ids += [e["id"] for e in doc["data"]]
                url = doc["links"]["next"]
            if ids is not None:
                if len(versions) != 1:
                    self.errors.append(f"a completed walk mixed versions {versions}")
                else:
                    self.walks.append((versions.pop(), ids))


def main():
    config = os.path.join(WORK, "config.json")
    shipped = json.load(open(os.path.join(ROOT, "config.json")))
    shipped["rateLimit"].update({"requestsPerSecond": 100000, "burst": 100000})
    shipped["accessLog"] = False
    json.dump(shipped, open(config, "w"))
    old_dir, new_dir = make_versions()
    replicas = [start_replica("a", old_dir, config), start_replica("b", old_dir, config)]
    nginx_port, nginx = start_nginx([r["port"] for r in replicas])
    base = f"http://127.0.0.1:{nginx_port}"
    failures = []
    try:
        old_version, old_ids = all_ids(replicas[0]["port"])
        _, headers, _ = get(base + f"/api/v1/events/{MARKED}")
        old_etag = headers.get("ETag")

        walker = Walker(base)
        walker.start()
        time.sleep(1.5)
        new_version = roll(replicas[0], new_dir, old_version)
        _, new_ids = all_ids(replicas[0]["port"])
        mixed_from = len(walker.walks)
        time.sleep(1.5)
        mixed_walks = walker.walks[mixed_from:]
        if roll(replicas[1], new_dir, old_version) != new_version:
            failures.append("the replicas serve different versions of the same files")
        time.sleep(1.5)
        walker.stop.set()
        walker.join(timeout=20)

        expected = {old_version: old_ids, new_version: new_ids}
        bad = [(v, ids) for v, ids in walker.walks if ids != expected.get(v)]
        before = [w for w in walker.walks if w[0] == old_version]
        after = [w for w in walker.walks if w[0] == new_version]
        print(f"rolling-update: versions {old_version} -> {new_version}; {len(old_ids)} events per walk")
        print(f"rolling-update: {len(before)} complete walks on the old version, {len(after)} on the new, "
              f"{len(mixed_walks)} completed while the replicas disagreed, {len(walker.refusals)} refused with 409")
        if old_version == new_version:
            failures.append("the two dataset versions have the same id")
        if walker.errors:
            failures += walker.errors[:5]
        if bad:
            failures.append(f"{len(bad)} completed walks were not one version's list, e.g. {bad[0]}")
        if not before or not after:
            failures.append("walks must complete before and after the roll")
        if not walker.refusals:
            failures.append("no walk crossed versions while the replicas disagreed (expected 409s)")
        for p in walker.refusals:
            if {p.get("cursorVersion"), p.get("datasetVersion")} != {old_version, new_version}:
                failures.append(f"a 409 did not name both versions: {p}")
                break

        # An If-None-Match made on the old version gets the new representation, not a 304.
        status, headers, body = get(base + f"/api/v1/events/{MARKED}", {"If-None-Match": old_etag})
        if status != 200 or b"[revised]" not in body:
            failures.append(f"If-None-Match from the old version answered {status}")
        else:
            print(f"rolling-update: If-None-Match {old_etag} from the old version -> 200 with the new record")
    finally:
        nginx.terminate()
        for r in replicas:
            r["process"].terminate()
        for r in replicas + [{"process": nginx}]:
            try:
                r["process"].wait(timeout=10)
            except subprocess.TimeoutExpired:
                r["process"].kill()
    for f in failures:
        print(f"rolling-update: FAIL {f}")
    print("rolling-update: " + ("FAIL" if failures else "ok"))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
