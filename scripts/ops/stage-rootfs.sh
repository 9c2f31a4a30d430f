#!/usr/bin/env bash
# Lays out the container's whole filesystem in ROOT from a release build: the one recipe both the Dockerfile
# (build stage, then `COPY --from=build /rootfs/ /` into scratch) and scripts/checks/static-binary.sh (which
# runs the result chrooted) use, so what the check proves is what the image holds.
#
#   scripts/ops/stage-rootfs.sh BIN_DIR ROOT     # BIN_DIR: `swift build -c release ... --show-bin-path`
#
# ROOT gets:
#   /app/ties                         the binary (Swift runtime, FoundationEssentials and the default
#                                     dataset compiled in: nothing else of Ties' is needed beside it)
#   /app/config.json, /app/Public/    settings and the dashboard (Public/ when the tree has it)
#   /lib…, /lib64/…                   exactly the shared libraries `ldd` lists (glibc, libm, libgcc_s,
#                                     libz, the loader; the C++ runtime is linked in), at the paths the binary asks for
#   /etc/passwd, /etc/group           the unprivileged user 65532 (nonroot), so tools show a name
#   /tmp                              empty, sticky; Kubernetes mounts an emptyDir over it (read-only root)
set -euo pipefail
bin_dir=${1:?usage: stage-rootfs.sh BIN_DIR ROOT}
root=${2:?usage: stage-rootfs.sh BIN_DIR ROOT}
src=$(cd "$(dirname "$0")/../.." && pwd)

[ -x "$bin_dir/ties" ] || { echo "stage-rootfs: no ties binary in $bin_dir" >&2; exit 1; }

mkdir -p "$root/app" "$root/etc" "$root/tmp"
chmod 1777 "$root/tmp"
install -m 0755 "$bin_dir/ties" "$root/app/ties"
# Linked with -Xlinker -s already; strip again in case a build skipped it (symbols are not needed to run).
if command -v strip >/dev/null; then strip --strip-all "$root/app/ties"; fi
install -m 0644 "$src/config.json" "$root/app/config.json"
if [ -d "$src/Public" ]; then
    cp -R "$src/Public" "$root/app/Public"
else
    echo "stage-rootfs: note: no Public/ in the tree; the image serves the API only" >&2
fi

# The shared libraries, dereferenced, at the very paths the binary and the loader look them up by.
ldd "$bin_dir/ties" | while read -r first second third _; do
    case "$first" in linux-vdso.so.*|linux-gate.so.*) continue ;; esac
    if [ "$second" = "=>" ]; then lib=$third; else lib=$first; fi
    [ -f "$lib" ] || { echo "stage-rootfs: ldd names $lib, which is not a file" >&2; exit 1; }
    mkdir -p "$root$(dirname "$lib")"
    cp -L "$lib" "$root$lib"
done

cat > "$root/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/sbin/nologin
nonroot:x:65532:65532:nonroot:/nonexistent:/sbin/nologin
PASSWD
cat > "$root/etc/group" <<'GROUP'
root:x:0:
nonroot:x:65532:
GROUP

# Everything readable, nothing writable by the runtime user: the image runs with a read-only root.
chmod -R a+rX,go-w "$root/app"
