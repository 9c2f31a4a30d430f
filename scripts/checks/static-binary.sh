#!/usr/bin/env bash
# Proves the Dockerfile's recipe on a machine without a Docker engine: lints the Dockerfile, builds the same
# static release binary with the same command, lays out the same root with the same script the image's build
# stage runs (scripts/ops/stage-rootfs.sh), then runs it the way the runtime would run the image — chrooted
# into that root (nothing from this machine's filesystem), in /app, as user 65532, with no environment but
# PORT — and checks /healthz, /readyz, /api/v1, the dashboard, /metrics, --probe, PORT and that SIGTERM exits 0.
# Prints the binary's and the image's sizes. About 70 s from a clean clone on 2 cores (64 s release build), seconds after.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib/deps.sh
ensure_ops_tools

# Exactly the Dockerfile's command; only the scratch path differs, so the debug build is left alone.
build=(swift build -c release --static-swift-stdlib --product ties -Xlinker -s)
scratch=.build-static

fail() { echo "static-binary: FAIL: $*" >&2; [ -n "${log:-}" ] && [ -f "$log" ] && sed 's/^/  server: /' "$log" >&2; exit 1; }

# The server's modules use FoundationEssentials: one `import Foundation` links ICU's data (30 MB) back in.
if grep -rlE '^import Foundation$' Sources/TiesHTTP Sources/TiesCore Sources/TiesAPI Sources/TiesEditorial Sources/ties; then
    fail "the files above import Foundation; the server links FoundationEssentials only (docs/ARCHITECTURE.md)"
fi
grep -qF -- "${build[*]}" Dockerfile || fail "the Dockerfile no longer builds with: ${build[*]}"
grep -qF 'COPY --from=build /rootfs/ /' Dockerfile || fail "the Dockerfile no longer copies the staged root"
grep -qF 'scripts/ops/stage-rootfs.sh' Dockerfile || fail "the Dockerfile no longer stages with scripts/ops/stage-rootfs.sh"
echo "hadolint $(hadolint --version | awk '{print $NF}'): Dockerfile"
hadolint Dockerfile || fail "hadolint found problems in the Dockerfile"

started=$(date +%s)
# Progress lines dropped; glibc's link-time note about mktemp in the toolchain's static FoundationEssentials
# (not this package's code) shortened to one line.
"${build[@]}" --scratch-path "$scratch" 2>&1 | grep -vE '^\[[0-9]+/[0-9]+\]' \
    | sed -E 's/^.*libFoundationEssentials\.a.*the use of .mktemp. is dangerous.*$/note: the linker warns that static FoundationEssentials calls mktemp (toolchain code)/' || true
bin_dir=$("${build[@]}" --scratch-path "$scratch" --show-bin-path)
[ -x "$bin_dir/ties" ] || fail "no binary at $bin_dir/ties"
echo "release build: $(( $(date +%s) - started )) s"

root=$(mktemp -d /tmp/ties-rootfs.XXXXXX)
log=$(mktemp /tmp/ties-rootfs-log.XXXXXX)
pid=""
proc_mounted=""
cleanup() {
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
    if [ -n "$proc_mounted" ]; then umount "$root/proc" 2>/dev/null || true; fi
    rm -rf "$root" "$log"
}
trap cleanup EXIT
chmod 755 "$root"

scripts/ops/stage-rootfs.sh "$bin_dir" "$root"

# Only the libraries the binary really loads: glibc's, libgcc_s, zlib and the loader. The C++ runtime is linked
# in (Package.swift, scripts/link/libstdc++.so).
libs=$(ldd "$root/app/ties" | awk '$1 !~ /^linux-vdso/ {print $1}' | xargs -n1 basename | sort | tr '\n' ' ')
expected="ld-linux-x86-64.so.2 libc.so.6 libgcc_s.so.1 libm.so.6 libz.so.1 "
if [ "$(uname -m)" = x86_64 ] && [ "$libs" != "$expected" ]; then fail "the binary loads [$libs], expected [$expected]"; fi
if ldd "$root/app/ties" | grep -qiE 'swift|foundation|dispatch|icu'; then fail "a Swift library is linked dynamically"; fi

binary_bytes=$(stat -c %s "$root/app/ties")
tree_bytes=$(find "$root" -type f -printf '%s\n' | awk '{s+=$1} END {print s}')
gzip_bytes=$(tar -C "$root" -cf - . | gzip -6 | wc -c)
mib() { awk -v b="$1" 'BEGIN {printf "%.1f MiB", b/1048576}'; }
echo "image contents: binary $(mib "$binary_bytes") (stripped), all files $(mib "$tree_bytes"), as a gzip layer $(mib "$gzip_bytes")"
echo "shared libraries: $libs"
# Issue 12's bound on what a deployment pulls and holds; the dataset is inside the binary, so this is all of it.
[ "$tree_bytes" -le $((30 * 1024 * 1024)) ] || fail "the image holds $(mib "$tree_bytes"), over 30 MiB"

# A container always has /proc (the binary reads its CPU mask and open files there).
mkdir -p "$root/proc"
if mount -t proc proc "$root/proc" 2>/dev/null; then proc_mounted=1; else echo "note: cannot mount /proc here; running without it"; fi

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
in_image() { python3 scripts/ops/run-rootfs.py "$root" /app 65532:65532 "PORT=$port" -- "$@"; }
# Not through in_image: a backgrounded function is a subshell, and $! must be the server itself (python execs it).
python3 scripts/ops/run-rootfs.py "$root" /app 65532:65532 "PORT=$port" -- /app/ties >"$log" 2>&1 &
pid=$!
for _ in $(seq 1 300); do
    grep -q '"msg":"listening"' "$log" 2>/dev/null && break
    kill -0 "$pid" 2>/dev/null || fail "the server exited at start"
    sleep 0.1
done
grep -q "\"msg\":\"listening\".*\"port\":$port" "$log" || fail "not listening on PORT=$port"
grep -q '"config":"/app/config.json"' "$log" || fail "config.json in the working directory was not read"
[ "$(awk '/^Uid:/ {print $2}' "/proc/$pid/status")" = 65532 ] || fail "not running as uid 65532"

base="http://127.0.0.1:$port"
status() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
[ "$(status "$base/healthz")" = 200 ] || fail "/healthz"
ready=$(curl -s "$base/readyz")
grep -q '"status":"ready"' <<<"$ready" || fail "/readyz: $ready"
grep -q '"source":"embedded dataset"' <<<"$ready" || fail "/readyz does not serve the embedded dataset: $ready"
overview=$(curl -s -D "$log.headers" "$base/api/v1")
grep -q '"datasetVersion":"[0-9a-f]\{16\}"' <<<"$overview" || fail "/api/v1 has no dataset version"
grep -qi '^etag: "[0-9a-f]\{16\}-' "$log.headers" || fail "/api/v1 has no content-derived ETag"
rm -f "$log.headers"
[ "$(status "$base/api/v1/events?limit=2")" = 200 ] || fail "/api/v1/events"
[ "$(status -H 'Accept-Encoding: gzip' "$base/api/v1/events")" = 200 ] || fail "gzip (system zlib) response"
if [ -f Public/index.html ]; then
    [ "$(status "$base/")" = 200 ] || fail "dashboard / from /app/Public"
    curl -s -D - -o /dev/null "$base/" | grep -qi '^content-type: text/html' || fail "dashboard / is not HTML"
    echo "dashboard: / served from /app/Public"
else
    echo "note: no Public/ in this tree; dashboard not checked"
fi
metrics=$(curl -s "$base/metrics")
grep -q '^ties_dataset_info{version="' <<<"$metrics" || fail "/metrics"
grep -q '^process_resident_memory_bytes ' <<<"$metrics" || fail "/metrics lacks process metrics"
rss=$(awk '/^process_resident_memory_bytes/ {print $2}' <<<"$metrics")
echo "resident memory after a few requests: $(mib "$rss")"

in_image /app/ties --probe >/dev/null || fail "--probe (default /healthz on PORT) said unhealthy"
in_image /app/ties --probe /readyz >/dev/null || fail "--probe /readyz said unhealthy"
if in_image /app/ties --probe /no-such-page >/dev/null; then fail "--probe accepted a 404"; fi

kill -TERM "$pid"
set +e
wait "$pid"
code=$?
set -e
pid=""
[ "$code" = 0 ] || fail "SIGTERM exit code $code"
grep -q '"msg":"stopped"' "$log" || fail "no 'stopped' line after SIGTERM"
if in_image /app/ties --probe >/dev/null; then fail "--probe said healthy with the server stopped"; fi
grep -v '^{' "$log" && fail "a log line is not JSON"
echo "static binary: ok (chrooted, uid 65532, empty environment but PORT=$port; SIGTERM exit 0)"
