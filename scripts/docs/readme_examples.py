#!/usr/bin/env python3
"""Keeps the README's examples true.

Every example in README.md is a `<!-- example -->` marker, a ```sh block holding one command (it talks to
localhost:8080), and the block right after it holding that command's output. This script starts the real
server on a free port with the embedded dataset and runs every command:

  readme_examples.py --check    fail (exit 1, with a diff) when an output no longer matches
  readme_examples.py --update   rewrite the outputs in place with what the server says now

Values that differ on every run (Date, X-Request-Id, load times, the rate limit's tokens left) are masked before comparing, so the README
shows real output and the check still compares everything else byte for byte.
"""
import argparse
import difflib
import os
import re
import socket
import subprocess
import sys
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
README = os.path.join(ROOT, "README.md")
BLOCK = re.compile(r"<!-- example -->\n```sh\n(?P<cmd>.*?)\n```\n```(?P<lang>[a-z]*)\n(?P<out>.*?)```\n", re.S)

VOLATILE = [
    (re.compile(r"^(Date|date): .*$", re.M), r"\1: <date>"),
    (re.compile(r"^(X-Request-Id|x-request-id): (?!client-).*$", re.M), r"\1: <request-id>"),
    (re.compile(r'"(loadedAt|at)":"[^"]*"'), r'"\1":"<time>"'),
    # Tokens refill while the examples run, so what is left depends on their pace.
    (re.compile(r'^(RateLimit|ratelimit): "per-client";r=[0-9]+;t=[0-9]+$', re.M), r'\1: "per-client";r=<n>;t=<n>'),
    (re.compile(r'"(durationMs|loadMs|ms)":[0-9.]+'), r'"\1":<ms>'),
    (re.compile(r"^(ties_dataset_load_duration_seconds|ties_dataset_loaded_timestamp_seconds|process_\w+) .*$", re.M), r"\1 <value>"),
]


def mask(text):
    for pattern, repl in VOLATILE:
        text = pattern.sub(repl, text)
    return text


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(binary, port):
    env = dict(os.environ, PORT=str(port))
    proc = subprocess.Popen([binary, "--host", "127.0.0.1", "--port", str(port), "--public", os.path.join(ROOT, "Public")],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(200):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return proc
        except OSError:
            time.sleep(0.05)
    proc.kill()
    sys.exit("readme_examples: the server did not start")


def run(cmd, port):
    shell_cmd = cmd.replace("localhost:8080", f"127.0.0.1:{port}")
    out = subprocess.run(["bash", "-c", shell_cmd], cwd=ROOT, capture_output=True, text=True, timeout=30)
    text = out.stdout.replace("\r\n", "\n").replace(f"127.0.0.1:{port}", "localhost:8080")
    return text if text.endswith("\n") else text + "\n"


def main():
    parser = argparse.ArgumentParser()
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--check", action="store_true")
    mode.add_argument("--update", action="store_true")
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build", "debug", "ties"))
    args = parser.parse_args()

    readme = open(README, encoding="utf-8").read()
    examples = list(BLOCK.finditer(readme))
    if not examples:
        sys.exit("readme_examples: no examples found in README.md")
    port = free_port()
    server = start_server(args.binary, port)
    failures = []
    try:
        pieces, last = [], 0
        for m in examples:
            actual = run(m.group("cmd"), port)
            if args.update:
                pieces.append(readme[last:m.start("out")])
                pieces.append(actual)
                last = m.end("out")
            elif mask(actual) != mask(m.group("out")):
                diff = difflib.unified_diff(mask(m.group("out")).splitlines(), mask(actual).splitlines(),
                                            "README", "server", lineterm="")
                failures.append(f"$ {m.group('cmd')}\n" + "\n".join(diff))
        if args.update:
            pieces.append(readme[last:])
            open(README, "w", encoding="utf-8").write("".join(pieces))
            print(f"readme_examples: {len(examples)} outputs written")
    finally:
        server.terminate()
        server.wait(timeout=15)
    if failures:
        print("README examples that no longer match the server (run scripts/docs/readme_examples.py --update):")
        print("\n\n".join(failures))
        sys.exit(1)
    if args.check:
        print(f"readme_examples: all {len(examples)} examples match the server")


if __name__ == "__main__":
    main()
