#!/usr/bin/env python3
"""Checks a running Ties server against its own /openapi.json.

1. The document is valid OpenAPI 3.1 (openapi-spec-validator).
2. Real responses (every documented GET operation, with and without filters, 404s, 400s, a 406, a 405) have
   a documented status and content type, and their JSON bodies validate against the documented schema
   (jsonschema, draft 2020-12, $refs resolved inside the document).

Usage: openapi_check.py BASE_URL [RELOAD_TOKEN]. Exits non-zero naming every failure.
"""
import json
import re
import sys
import urllib.error
import urllib.parse
import urllib.request

from jsonschema import Draft202012Validator
from openapi_spec_validator import validate as validate_spec
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

BASE = sys.argv[1].rstrip("/")
TOKEN = sys.argv[2] if len(sys.argv) > 2 else None
DOC_URI = "urn:ties:openapi"
failures = []


def fetch(path, method="GET", headers=None):
    request = urllib.request.Request(BASE + path, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as r:
            return r.status, dict(r.headers.items()), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers.items()), e.read()


status, _, body = fetch("/openapi.json")
assert status == 200, f"/openapi.json answered {status}"
doc = json.loads(body)
validate_spec(doc)
print(f"openapi-spec-validator: valid OpenAPI {doc['openapi']}, {len(doc['paths'])} paths, "
      f"{len(doc['components']['schemas'])} schemas")

registry = Registry().with_resource(DOC_URI, Resource.from_contents(doc, default_specification=DRAFT202012))


def deref(node):
    """Follows a local $ref (#/components/...) to its target."""
    while isinstance(node, dict) and "$ref" in node:
        target = doc
        for part in node["$ref"].lstrip("#/").split("/"):
            target = target[part]
        node = target
    return node


def escape(token):
    return token.replace("~", "~0").replace("/", "~1")


def validate_json(where, body, pointer):
    instance = json.loads(body)
    validator = Draft202012Validator({"$ref": DOC_URI + pointer}, registry=registry)
    errors = sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path))
    for e in errors[:5]:
        failures.append(f"{where}: {'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message[:300]}")
    return instance


# Literal paths before templates, so /partnership-levels/current is not taken for /partnership-levels/{id}.
templates = sorted(doc["paths"], key=lambda p: (p.count("{"), -len(p)))
matchers = [(t, re.compile("^" + re.sub(r"\\\{[^/]+\\\}", "[^/]+", re.escape(t)) + "$")) for t in templates]
covered = set()


def template_for(path):
    bare = urllib.parse.urlsplit(path).path
    for t, rx in matchers:
        if rx.match(bare):
            return t
    return None


def check(path, expect, method="GET", headers=None):
    status, response_headers, body = fetch(path, method, headers)
    where = f"{method} {path}"
    if status != expect:
        failures.append(f"{where}: status {status}, expected {expect}: {body[:300]!r}")
        return None
    content_type = response_headers.get("Content-Type", "").split(";")[0].strip()
    template = template_for(path)
    operation = doc["paths"].get(template, {}).get(method.lower()) if template else None
    if operation is None:
        # Not an operation (an unknown path, a method the path does not serve): still a problem document.
        if content_type != "application/problem+json":
            failures.append(f"{where}: {status} with {content_type or 'no content type'}, expected application/problem+json")
            return None
        return validate_json(where, body, "#/components/schemas/Problem")
    responses = operation["responses"]
    key = str(status) if str(status) in responses else "default"
    if key not in responses:
        failures.append(f"{where}: status {status} is not documented")
        return None
    pointer = f"#/paths/{escape(template)}/{method.lower()}/responses/{key}"
    response = responses[key]
    if "$ref" in response:
        pointer = response["$ref"]
        response = deref(response)
    if status == 200:
        covered.add((template, method))
    if status == 304 or method == "HEAD":
        return None
    if content_type not in response.get("content", {}):
        failures.append(f"{where}: content type {content_type or '(none)'} is not documented for {status}")
        return None
    if not content_type.endswith("json"):
        return body
    return validate_json(where, body, f"{pointer}/content/{escape(content_type)}/schema")


def first_ids(path, key="id"):
    data = json.loads(fetch(path)[2])["data"]
    return [d[key] for d in data]


events = first_ids("/api/v1/events?limit=500")
leaders = first_ids("/api/v1/leaders?limit=500")
levels = first_ids("/api/v1/partnership-levels")
sources = first_ids("/api/v1/sources?limit=500")
topics = first_ids("/api/v1/topics")
countries = first_ids("/api/v1/countries", "code")

ok = [
    "/api/v1", "/api/v1/timeline", "/api/v1/timeline?from=2023&to=2025-01", "/api/v1/search?q=anwar",
    "/api/v1/search?q=maritime&type=source&limit=1", '/api/v1/search?q=%22coast+guard%22&type=event',
    "/api/v1/events", "/api/v1/events?limit=1", "/api/v1/events?sort=date&limit=3", "/api/v1/events?from=2023-12-31&to=2024",
    "/api/v1/events?leader=anwar-ibrahim", "/api/v1/events?country=my&topic=maritime-security", "/api/v1/events?type=summit",
    f"/api/v1/events?source={sources[0]}", "/api/v1/events?q=coast+guard", "/api/v1/events?format=json",
    "/api/v1/leaders", "/api/v1/leaders?country=JP&limit=2", "/api/v1/leaders?office=prime+minister&asOf=2024-05",
    "/api/v1/leaders?q=anwar", "/api/v1/leaders/shigeru-ishiba/events", "/api/v1/leaders/shigeru-ishiba/events?from=2025&sort=date",
    "/api/v1/partnership-levels", "/api/v1/partnership-levels/current", "/api/v1/partnership-levels/current?asOf=2023-12-05",
    "/api/v1/partnership-levels/current?asOf=2010", "/api/v1/sources", "/api/v1/sources?publisher=reuters&from=2015&to=2023",
    "/api/v1/sources?q=anwar&sort=date&limit=1", "/api/v1/topics", "/api/v1/countries", "/api/v1/countries/jp",
    "/healthz", "/readyz", "/metrics", "/openapi.json",
    "/api/v1/events.ics", "/api/v1/events.atom?leader=anwar-ibrahim&limit=2",
    "/api/v1/changes", f"/api/v1/changes?kind=event&record={events[0]}", "/api/v1/changes.atom",
    "/api/v1/events?knownAt=2023-12-17", "/api/v1/partnership-levels/current?knownAt=2023-12-10",
]
ok += [f"/api/v1/events/{i}" for i in events] + [f"/api/v1/leaders/{i}" for i in leaders]
ok += [f"/api/v1/leaders/{i}/events" for i in leaders] + [f"/api/v1/partnership-levels/{i}" for i in levels]
ok += [f"/api/v1/sources/{i}" for i in sources] + [f"/api/v1/sources/{i}/text" for i in sources]
ok += [f"/api/v1/topics/{i}" for i in topics] + [f"/api/v1/countries/{c}" for c in countries]
ok += [f"/api/v1/events/{events[0]}/citation?style=apa", f"/api/v1/leaders/{leaders[0]}/citation",
       f"/api/v1/partnership-levels/{levels[0]}/citation?style=mla",
       f"/embed/events/{events[0]}", f"/embed/leaders/{leaders[0]}", f"/embed/partnership-levels/{levels[0]}",
       "/oembed?" + urllib.parse.urlencode({"url": f"{BASE}/embed/events/{events[0]}"})]
for path in ok:
    check(path, 200)

# Follow every page of a paginated list: each page validates.
next_path = "/api/v1/events?limit=4"
while next_path:
    page = check(next_path, 200)
    next_path = page["links"]["next"] if page else None

bad = [
    "/api/v1/events?bogus=1", "/api/v1/events?limit=0", "/api/v1/events?limit=501", "/api/v1/events?from=2023-13",
    "/api/v1/events?from=2025&to=2023", "/api/v1/events?leader=nobody", "/api/v1/events?sort=name",
    "/api/v1/events?cursor=nonsense", "/api/v1/events?limit=1&limit=2", "/api/v1/events?format=xml", "/api/v1/events?q=%22%22",
    "/api/v1/leaders?country=FR", "/api/v1/leaders?asOf=yesterday", "/api/v1/search", "/api/v1/search?q=x&type=leader",
    "/api/v1/timeline?to=2025-02-30", "/api/v1/partnership-levels/current?asOf=2023-00", "/api/v1/topics?limit=5",
    "/api/v1/leaders/shigeru-ishiba/events?leader=anwar-ibrahim", "/api/v1/events/" + events[0] + "?x=1",
    "/healthz?x=1", "/openapi.json?x=1",
]
for path in bad:
    check(path, 400)
for path in ["/api/v1/events/nope", "/api/v1/leaders/nope", "/api/v1/leaders/nope/events", "/api/v1/partnership-levels/nope",
             "/api/v1/sources/nope", "/api/v1/sources/nope/text", "/api/v1/topics/nope", "/api/v1/countries/zz", "/api/v2/nothing"]:
    check(path, 404)
check("/api/v1/events", 406, headers={"Accept": "image/png"})
check("/api/v1/events", 405, method="DELETE")
check("/openapi.json", 405, method="POST")
if TOKEN:
    check("/admin/reload", 401, method="POST")
    check("/admin/reload", 200, method="POST", headers={"Authorization": "Bearer " + TOKEN})

missing = sorted((t, m.upper()) for t, ops in doc["paths"].items() for m in ops
                 if m in ("get", "post") and (t, m.upper()) not in covered)
for t, m in missing:
    failures.append(f"{m} {t}: no 200 response was validated")

print(f"validated {len(ok) + len(bad) + 14} responses against the document; {len(covered)} operations answered 200")
for f in failures:
    print("FAIL", f)
sys.exit(1 if failures else 0)
