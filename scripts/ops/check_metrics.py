#!/usr/bin/env python3
"""Reads a /metrics scrape with prometheus_client's own text parser and checks the families, their types and
their label sets. Exits 1 with every problem listed.

    check_metrics.py FILE EXPECTED_VERSION
"""
import math
import sys

from prometheus_client.parser import text_string_to_metric_families

# family name (as the parser names it: counters without _total) -> (type, label names of its samples)
EXPECTED = {
    "ties_http_requests": ("counter", {"route", "method", "status"}),
    "ties_http_response_body_bytes": ("counter", {"route"}),
    "ties_http_request_duration_seconds": ("histogram", {"route"}),
    "ties_http_connections_open": ("gauge", set()),
    "ties_http_connections_accepted": ("counter", set()),
    "ties_http_connections_rejected": ("counter", set()),
    "ties_http_requests_shed": ("counter", set()),
    "ties_http_rate_limited": ("counter", set()),
    "ties_rate_limit_clients": ("gauge", set()),
    "ties_rate_limit_evictions": ("counter", set()),
    "ties_draining": ("gauge", set()),
    "ties_prepared_documents": ("gauge", set()),
    "ties_prepared_bytes": ("gauge", set()),
    "ties_prepared_max_bytes": ("gauge", set()),
    "ties_dataset_info": ("gauge", {"version"}),
    "ties_dataset_load_duration_seconds": ("gauge", set()),
    "ties_dataset_loaded_timestamp_seconds": ("gauge", set()),
    "ties_dataset_records": ("gauge", {"kind"}),
    "ties_dataset_reloads": ("counter", {"result"}),
    "ties_dataset_last_reload_success": ("gauge", set()),
    "ties_dataset_last_reload_timestamp_seconds": ("gauge", set()),
    "process_start_time_seconds": ("gauge", set()),
    "process_resident_memory_bytes": ("gauge", set()),
    "process_virtual_memory_bytes": ("gauge", set()),
    "process_open_fds": ("gauge", set()),
    "process_max_fds": ("gauge", set()),
    "process_cpu_seconds": ("counter", set()),
}


def main(path, version):
    text = open(path, encoding="utf-8").read()
    problems = []
    families = {f.name: f for f in text_string_to_metric_families(text)}

    for name, (kind, labels) in EXPECTED.items():
        family = families.get(name)
        if family is None:
            problems.append(f"{name}: missing")
            continue
        if family.type != kind:
            problems.append(f"{name}: type {family.type}, expected {kind}")
        if not family.samples:
            problems.append(f"{name}: no samples")
        for s in family.samples:
            got = set(s.labels) - ({"le"} if s.name.endswith("_bucket") else set())
            if got != labels:
                problems.append(f"{s.name}: labels {sorted(got)}, expected {sorted(labels)}")
            if math.isnan(s.value) or s.value < 0:
                problems.append(f"{s.name}{s.labels}: value {s.value}")
    unexpected = sorted(set(families) - set(EXPECTED))
    if unexpected:
        problems.append(f"families nobody documented: {unexpected}")

    def report():
        print("metrics: FAIL")
        for p in problems:
            print("  " + p)
        return 1

    if any(p.endswith(": missing") for p in problems):
        return report()

    def samples(family, name=None, **labels):
        return [s for s in families[family].samples
                if (name is None or s.name == name) and all(s.labels.get(k) == v for k, v in labels.items())]

    # The traffic metrics.sh sent shows up with the labels it should have.
    requests = {(s.labels["route"], s.labels["method"], s.labels["status"]): s.value for s in samples("ties_http_requests")}
    for key in [("/api/v1/events", "GET", "200"), ("/api/v1/events/{id}", "GET", "200"), ("/api/v1/events/{id}", "GET", "404"),
                ("/api/v1/events", "HEAD", "200"), ("(unmatched)", "GET", "404"), ("/admin/reload", "POST", "401"),
                ("/admin/reload", "POST", "422"), ("/admin/reload", "POST", "200"), ("/healthz", "GET", "200"),
                ("/api/v1/events", "GET", "304")]:
        if requests.get(key, 0) < 1:
            problems.append(f"ties_http_requests_total{key}: not counted (have {sorted(requests)})")
    if requests.get(("/api/v1/events", "GET", "200"), 0) < 20:
        problems.append("ties_http_requests_total: the 20 GET /api/v1/events were not all counted")
    if any("/api/v1/events/no-such" in route for route, _, _ in requests):
        problems.append("a raw path became a route label")

    # Histogram: cumulative buckets ending in +Inf == _count, for every route.
    routes = {s.labels["route"] for s in samples("ties_http_request_duration_seconds", "ties_http_request_duration_seconds_count")}
    for route in routes:
        buckets = [(float(s.labels["le"]), s.value)
                   for s in samples("ties_http_request_duration_seconds", "ties_http_request_duration_seconds_bucket", route=route)]
        values = [v for _, v in sorted(buckets)]
        count = samples("ties_http_request_duration_seconds", "ties_http_request_duration_seconds_count", route=route)[0].value
        if values != sorted(values) or not buckets or sorted(buckets)[-1][0] != math.inf or values[-1] != count:
            problems.append(f"histogram for {route}: buckets {sorted(buckets)} do not end in the count {count}")

    info = samples("ties_dataset_info")
    if [s.labels["version"] for s in info] != [version]:
        problems.append(f"ties_dataset_info: {[s.labels for s in info]}, expected version {version}")
    reloads = {s.labels["result"]: s.value for s in samples("ties_dataset_reloads")}
    if reloads.get("success", 0) < 2 or reloads.get("failure", 0) < 1:
        problems.append(f"ties_dataset_reloads_total: {reloads}, expected 2 successes (HTTP and SIGHUP) and 1 failure")
    if samples("ties_dataset_last_reload_success")[0].value != 1:
        problems.append("ties_dataset_last_reload_success: the last reload succeeded")
    kinds = {s.labels["kind"] for s in samples("ties_dataset_records")}
    if not {"events", "leaders", "sources", "citations"} <= kinds:
        problems.append(f"ties_dataset_records kinds: {sorted(kinds)}")
    # The shipped config's rate limit is on and metrics.sh stayed under it (the flood test counts 429s).
    if samples("ties_http_rate_limited")[0].value != 0 or samples("ties_rate_limit_clients")[0].value > 1:
        problems.append("rate limit: one polite client (127.0.0.1) was limited, or more than one bucket is held")
    if samples("ties_http_connections_accepted")[0].value < 5:
        problems.append("ties_http_connections_accepted_total: fewer connections than curl made")

    if problems:
        return report()
    print(f"metrics: ok ({len(families)} families parsed by prometheus_client, "
          f"{sum(len(f.samples) for f in families.values())} samples, {len(routes)} routes in the histogram)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
