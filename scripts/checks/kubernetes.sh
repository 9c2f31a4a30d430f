#!/usr/bin/env bash
# deploy/*.yaml against the Kubernetes API schemas (kubernetes-validate, strict: unknown fields are errors),
# for the oldest and the newest version it knows that we support; then what a pod would see: the config.json
# of the ConfigMap and the dataset the ConfigMap's items lay out under /data, each checked by `ties --check`,
# and the dataset ConfigMap compared with Sources/TiesCore/Dataset (stale is a warning: regenerate with
# scripts/ops/dataset-configmap.py).
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib/deps.sh
ensure_ops_tools

manifests=(deploy/kubernetes.yaml deploy/dataset-configmap.yaml)
for version in 1.30.0 "$(kubernetes-validate --version | awk '{print $NF}')"; do
    kubernetes-validate --strict --quiet -k "$version" "${manifests[@]}" \
        || { echo "kubernetes: FAIL: the manifests do not validate against Kubernetes $version" >&2; exit 1; }
    echo "kubernetes-validate --strict $version: ${manifests[*]}: ok"
done

bin=.build/debug/ties
[ -x "$bin" ] || swift build --product ties >/dev/null
work=$(mktemp -d /tmp/ties-k8s.XXXXXX)
trap 'rm -rf "$work"' EXIT

# Lay out the volumes as the kubelet would, from the manifests alone.
python3 - "$work" "${manifests[@]}" <<'PY'
import os, sys, yaml
work, paths = sys.argv[1], sys.argv[2:]
docs = [d for p in paths for d in yaml.safe_load_all(open(p, encoding="utf-8")) if d]
by = {(d["kind"], d["metadata"]["name"]): d for d in docs}
deployment = by[("Deployment", "ties")]
pod = deployment["spec"]["template"]["spec"]
container = pod["containers"][0]
mounts = {m["name"]: m["mountPath"] for m in container["volumeMounts"]}
problems = []
for volume in pod["volumes"]:
    if "configMap" not in volume:
        continue
    ref = volume["configMap"]
    cm = by.get(("ConfigMap", ref["name"]))
    if cm is None:
        problems.append(f"volume {volume['name']}: no ConfigMap {ref['name']} in the manifests")
        continue
    data = cm["data"]
    items = ref.get("items") or [{"key": k, "path": k} for k in data]
    missing = sorted(set(data) - {i["key"] for i in items})
    if missing:
        problems.append(f"volume {volume['name']}: keys without an item (the pod would not see them): {missing}")
    # The kubelet's atomic-writer layout: files in a timestamped folder, `..data` pointing at it, and each
    # top-level entry a symlink through `..data` (how an update swaps every file at once).
    mount = os.path.join(work, mounts[volume["name"]].lstrip("/"))
    stamp = os.path.join(mount, "..2026_01_01_00_00_00.000000001")
    for item in items:
        if item["key"] not in data:
            problems.append(f"volume {volume['name']}: item {item['key']} is not in {ref['name']}")
            continue
        target = os.path.join(stamp, item["path"])
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "w", encoding="utf-8") as f:
            f.write(data[item["key"]])
    os.symlink(os.path.basename(stamp), os.path.join(mount, "..data"))
    for top in sorted({i["path"].split("/")[0] for i in items}):
        os.symlink(os.path.join("..data", top), os.path.join(mount, top))
probes = {k: container[k]["httpGet"]["path"] for k in ("startupProbe", "livenessProbe", "readinessProbe")}
if probes != {"startupProbe": "/healthz", "livenessProbe": "/healthz", "readinessProbe": "/readyz"}:
    problems.append(f"probes: {probes}")
sc = container["securityContext"]
if not (sc.get("readOnlyRootFilesystem") and sc.get("runAsNonRoot") and sc.get("capabilities", {}).get("drop") == ["ALL"]
        and sc.get("allowPrivilegeEscalation") is False):
    problems.append(f"container securityContext is not locked down: {sc}")
kinds = {k for k, _ in by}
for kind in ("Service", "PodDisruptionBudget", "HorizontalPodAutoscaler"):
    if kind not in kinds:
        problems.append(f"no {kind}")
if problems:
    print("kubernetes: FAIL:\n  " + "\n  ".join(problems))
    sys.exit(1)
PY

# The pod's config.json, with the pod's /data made relative to this work folder.
out=$("$bin" --check --config "$work/etc/ties/config.json" --data "$work/data") \
    || { echo "$out"; echo "kubernetes: FAIL: ties --check refuses the pod's config or dataset" >&2; exit 1; }
echo "$out" | sed 's/^/  /'
embedded=$("$bin" --check --data Sources/TiesCore/Dataset | sed -n 's/.*version \([0-9a-f]*\),.*/\1/p')
served=$(echo "$out" | sed -n 's/.*version \([0-9a-f]*\),.*/\1/p')
if [ "$served" = "$embedded" ]; then
    echo "kubernetes: the ConfigMap dataset is the shipped one (version $served)"
else
    echo "warning: deploy/dataset-configmap.yaml holds version $served, the tree has $embedded; run scripts/ops/dataset-configmap.py" >&2
fi
python3 scripts/ops/dataset-configmap.py --check >/dev/null || echo "warning: the generated dataset parts of deploy/ are out of date" >&2
echo "kubernetes: ok"
