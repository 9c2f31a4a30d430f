#!/usr/bin/env python3
"""Mock Ties server for the dashboard: serves Public/ and /api/v1 in the shapes of docs/api.md.

Usage: python3 scripts/browser/mock_api.py --port 8098 [--public Public]

Only a stand-in until the real `ties` executable serves the API: list envelopes, problem+json errors with
`errors[]` naming the parameter, unknown parameters rejected, cursors, search hits with snippet highlights.
"""
import argparse
import base64
import json
import os
import re
import sys
from http.server import ThreadingHTTPServer, BaseHTTPRequestHandler
from urllib.parse import urlsplit, parse_qsl, urlencode, unquote

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mock_dataset as D  # noqa: E402

EVENT_TYPES = []  # set in main(), after the dataset is chosen
DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


class Problem(Exception):
    def __init__(self, status, title, detail, errors=None):
        super().__init__(detail)
        self.status, self.title, self.detail, self.errors = status, title, detail, errors


def bad(parameter, message):
    return Problem(400, "Bad Request", f"Invalid query parameter '{parameter}': {message}",
                   [{"parameter": parameter, "message": message}])


def read_query(query, allowed):
    params = {}
    errors = []
    for k, v in parse_qsl(query, keep_blank_values=True):
        if k not in allowed:
            errors.append({"parameter": k, "message": f"unknown parameter; allowed: {', '.join(sorted(allowed))}"})
        elif k in params:
            errors.append({"parameter": k, "message": "given more than once"})
        else:
            params[k] = v
    if errors:
        names = ", ".join(e["parameter"] for e in errors)
        raise Problem(400, "Bad Request", f"Invalid query parameters: {names}", errors)
    return params


def period(date, end=False):
    """A partial date as a comparable (start, end) string: '2023-12' covers 2023-12-01..2023-12-31."""
    parts = date.split("-")
    if len(parts) == 1:
        return f"{date}-12-31" if end else f"{date}-01-01"
    if len(parts) == 2:
        return f"{date}-31" if end else f"{date}-01"
    return date


def check_date(params, name):
    v = params.get(name)
    if v is not None and not DATE_RE.match(v):
        raise bad(name, "expected YYYY, YYYY-MM or YYYY-MM-DD")
    return v


def paginate(items, params, path, query):
    try:
        limit = int(params.get("limit", "50"))
    except ValueError:
        raise bad("limit", "expected an integer from 1 to 500")
    if not 1 <= limit <= 500:
        raise bad("limit", "expected an integer from 1 to 500")
    offset = 0
    if "cursor" in params:
        try:
            offset = int(base64.urlsafe_b64decode(params["cursor"].encode()).decode())
        except Exception:
            raise bad("cursor", "not a cursor this server issued")
    page = items[offset:offset + limit]
    nxt = None
    if offset + limit < len(items):
        nxt = base64.urlsafe_b64encode(str(offset + limit).encode()).decode()
    self_url = path + ("?" + query if query else "")
    next_url = None
    if nxt:
        q = dict(parse_qsl(query))
        q["cursor"] = nxt
        next_url = path + "?" + urlencode(q)
    return {"data": page,
            "meta": {"total": len(items), "limit": limit, "nextCursor": nxt, "datasetVersion": D.DATASET_VERSION},
            "links": {"self": self_url, "next": next_url}}


def whole(items, query, path):
    """An unpaginated list: takes no parameters at all."""
    read_query(query, set())
    return {"data": items, "meta": {"total": len(items), "limit": None, "nextCursor": None,
                                    "datasetVersion": D.DATASET_VERSION}, "links": {"self": path, "next": None}}


def single(record, **meta):
    return {"data": record, "meta": {"datasetVersion": D.DATASET_VERSION, **meta}}


def filter_events(params, leader=None):
    from_, to = check_date(params, "from"), check_date(params, "to")
    if "type" in params and params["type"] not in EVENT_TYPES:
        raise bad("type", f"unknown event type '{params['type']}'; one of: {', '.join(EVENT_TYPES)}")
    if "country" in params and not re.match(r"^[A-Za-z]{2}$", params["country"]):
        raise bad("country", "expected an ISO 3166-1 alpha-2 code such as JP or MY")
    if "sort" in params and params["sort"] not in ("date", "-date"):
        raise bad("sort", "expected 'date' or '-date'")
    out = []
    for e in D.EVENTS:
        if leader and not any(p["leaderId"] == leader for p in e["participants"]):
            continue
        if "leader" in params and not any(p["leaderId"] == params["leader"] for p in e["participants"]):
            continue
        if "country" in params and params["country"].upper() not in e["countries"]:
            continue
        if "topic" in params and params["topic"] not in e["topics"]:
            continue
        if "type" in params and e["type"] != params["type"]:
            continue
        if "source" in params and params["source"] not in e["sourceIds"]:
            continue
        if "q" in params:
            hay = " ".join([e["title"], e["summary"]] + [c["quote"] for c in e["citations"]]).lower()
            if not all(w in hay for w in params["q"].lower().split()):
                continue
        start, end = period(e["date"]["date"]), period((e["endDate"] or e["date"])["date"], True)
        if from_ and end < period(from_):
            continue
        if to and start > period(to, True):
            continue
        out.append(e)
    out.sort(key=lambda e: period(e["date"]["date"]), reverse=params.get("sort", "-date") == "-date")
    return out


EVENT_PARAMS = {"from", "to", "leader", "country", "topic", "type", "source", "q", "sort", "limit", "cursor"}


def snippet(text, start, end, width=70):
    """{text, start, end, highlights}: a window of the field around the first match, offsets into the field."""
    a = max(0, start - width)
    b = min(len(text), end + width)
    return a, b


def search(params):
    q = params.get("q", "").strip()
    if not q:
        raise bad("q", "required; the text to search for")
    kind = params.get("type")
    if kind not in (None, "source", "event"):
        raise bad("type", "expected 'source' or 'event'")
    pattern = re.compile(r"\b" + re.escape(q) + r"\b", re.IGNORECASE)
    hits = []
    corpora = []
    if kind in (None, "event"):
        for e in D.EVENTS:
            corpora.append(("event", e["id"], e["title"], "title", e["title"], e["links"]["self"]))
            corpora.append(("event", e["id"], e["title"], "summary", e["summary"], e["links"]["self"]))
    if kind in (None, "source"):
        for s in D.SOURCES:
            corpora.append(("source", s["id"], s["title"], "text", D.TEXTS[s["id"]], s["links"]["self"]))
    for k, rid, title, field, text, self_link in corpora:
        ms = list(pattern.finditer(text))
        if not ms:
            continue
        a, b = snippet(text, ms[0].start(), ms[0].end())
        hl = [{"start": m.start() - a, "end": m.end() - a} for m in ms if a <= m.start() and m.end() <= b]
        hits.append({"kind": k, "id": rid, "title": title, "score": round(len(ms) / (1 + len(text) / 1000), 3),
                     "field": field, "snippet": {"text": text[a:b], "start": a, "end": b, "highlights": hl},
                     "matches": [{"start": m.start(), "end": m.end()} for m in ms],
                     "links": {"self": self_link}})
    hits.sort(key=lambda h: (-h["score"], h["kind"] != "event", h["id"]))
    return hits


def timeline(params):
    from_, to = check_date(params, "from"), check_date(params, "to")
    entries = []
    for e in D.EVENTS:
        entries.append({"kind": "event", "id": e["id"], "date": e["date"], "title": e["title"], "type": e["type"],
                        "rank": None, "eventId": None, "links": {"self": e["links"]["self"]}})
    for lv in D.LEVELS:
        entries.append({"kind": "partnership-level", "id": lv["id"], "date": lv["reached"], "title": lv["name"],
                        "type": None, "rank": lv["rank"], "eventId": lv["eventId"], "links": lv["links"]})
    entries = [x for x in entries
               if (not from_ or period(x["date"]["date"], True) >= period(from_))
               and (not to or period(x["date"]["date"]) <= period(to, True))]
    entries.sort(key=lambda x: period(x["date"]["date"]))
    years = {}
    for x in entries:
        years.setdefault(int(x["date"]["date"][:4]), []).append(x)
    return {"data": [{"year": y, "entries": xs} for y, xs in sorted(years.items())],
            "meta": {"datasetVersion": D.DATASET_VERSION}, "links": {"self": "/api/v1/timeline"}}


def current_level(params):
    """{asOf, level, possiblyReached}: the highest level certainly reached by the end of the asOf period, and a higher
    one whose reached period contains that day."""
    import datetime
    as_of = check_date(params, "asOf") or datetime.date.today().isoformat()
    start, end = period(as_of), period(as_of, True)
    certain = [lv for lv in D.LEVELS if period(lv["reached"]["date"], True) <= end]
    possible = [lv for lv in D.LEVELS if period(lv["reached"]["date"]) <= end < period(lv["reached"]["date"], True)]
    level = max(certain, key=lambda lv: lv["rank"]) if certain else None
    higher = [lv for lv in possible if not level or lv["rank"] > level["rank"]]
    return single({"asOf": D.pd(as_of), "level": level, "possiblyReached": higher[0] if higher else None})


def find(items, key, value, what):
    for it in items:
        if it[key] == value:
            return it
    raise Problem(404, "Not Found", f"No {what} with id '{value}'.")


def route(path, query):
    """Returns (status, content_type, body_bytes)."""
    def ok(obj):
        return 200, "application/json; charset=utf-8", json.dumps(obj, ensure_ascii=False, indent=1).encode()

    parts = [unquote(p) for p in path.strip("/").split("/")]
    if path == "/openapi.json":
        return ok({"openapi": "3.1.0", "info": {"title": "Ties API (mock)", "version": "1"},
                   "paths": {p: {} for p in ["/api/v1", "/api/v1/events", "/api/v1/leaders", "/api/v1/sources",
                                               "/api/v1/partnership-levels", "/api/v1/search", "/api/v1/timeline"]}})
    if path in ("/healthz", "/readyz"):
        return ok({"status": "ok", "datasetVersion": D.DATASET_VERSION})
    if parts[:2] != ["api", "v1"]:
        raise Problem(404, "Not Found", f"No resource at {path}.")
    rest = parts[2:]
    if not rest or rest == [""]:
        read_query(query, set())
        return ok(single({
            "name": "Ties", "formatVersion": 1, "title": "Ties: the Japan\u2013Malaysia relationship (mock)",
            "subjectCountries": ["JP", "MY"],
            "datasetVersion": D.DATASET_VERSION, "loadedAt": "2026-11-25T15:40:22Z",
            "counts": {"events": len(D.EVENTS), "leaders": len(D.LEADERS), "partnershipLevels": len(D.LEVELS),
                       "sources": len(D.SOURCES), "topics": len(D.TOPIC_RECORDS),
                       "countries": len(D.COUNTRY_RECORDS),
                       "citations": sum(s["citationCount"] for s in D.SOURCES)},
            "links": {"events": "/api/v1/events", "leaders": "/api/v1/leaders",
                      "partnershipLevels": "/api/v1/partnership-levels", "sources": "/api/v1/sources",
                      "topics": "/api/v1/topics", "countries": "/api/v1/countries", "timeline": "/api/v1/timeline",
                      "search": "/api/v1/search", "openapi": "/openapi.json"}}))
    base = "/" + "/".join(parts[:3])
    head = rest[0]
    if head == "events":
        if len(rest) == 1:
            p = read_query(query, EVENT_PARAMS)
            return ok(paginate(filter_events(p), p, base, query))
        read_query(query, set())
        return ok(single(find(D.EVENTS, "id", rest[1], "event")))
    if head == "leaders":
        if len(rest) == 1:
            p = read_query(query, {"country", "office", "q", "asOf", "limit", "cursor"})
            items = [l for l in D.LEADERS
                     if ("country" not in p or l["country"] == p["country"].upper())
                     and ("q" not in p or p["q"].lower() in " ".join(l["aliases"]).lower())
                     and ("office" not in p or any(p["office"].lower() in o["title"].lower() for o in l["offices"]))]
            return ok(paginate(items, p, base, query))
        leader = find(D.LEADERS, "id", rest[1], "leader")
        if len(rest) == 3 and rest[2] == "events":
            p = read_query(query, EVENT_PARAMS)
            return ok(paginate(filter_events(p, leader["id"]), p, path, query))
        read_query(query, set())
        return ok(single(leader))
    if head == "partnership-levels":
        if len(rest) == 1:
            return ok(whole(sorted(D.LEVELS, key=lambda lv: lv["rank"]), query, base))
        if rest[1] == "current":
            return ok(current_level(read_query(query, {"asOf"})))
        read_query(query, set())
        return ok(single(find(D.LEVELS, "id", rest[1], "partnership level")))
    if head == "sources":
        if len(rest) == 1:
            p = read_query(query, {"publisher", "from", "to", "q", "limit", "cursor"})
            return ok(paginate(D.SOURCES, p, base, query))
        src = find(D.SOURCES, "id", rest[1], "source")
        read_query(query, set())
        if len(rest) == 3 and rest[2] == "text":
            return 200, "text/plain; charset=utf-8", D.TEXTS[src["id"]].encode()
        return ok(single({**src, "citations": D.source_citations(src["id"])}))
    if head == "topics":
        if len(rest) == 1:
            return ok(whole(D.TOPIC_RECORDS, query, base))
        return ok(single(find(D.TOPIC_RECORDS, "id", rest[1], "topic")))
    if head == "countries":
        if len(rest) == 1:
            return ok(whole(D.COUNTRY_RECORDS, query, base))
        return ok(single(find(D.COUNTRY_RECORDS, "code", rest[1].upper(), "country")))
    if head == "timeline":
        return ok(timeline(read_query(query, {"from", "to"})))
    if head == "search":
        p = read_query(query, {"q", "type", "limit", "cursor"})
        return ok(paginate(search(p), p, base, query))
    raise Problem(404, "Not Found", f"No resource at {path}.")


MIME = {".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
        ".js": "text/javascript; charset=utf-8", ".svg": "image/svg+xml", ".json": "application/json",
        ".ico": "image/x-icon", ".png": "image/png", ".txt": "text/plain; charset=utf-8"}


def make_handler(public_dir):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, fmt, *args):
            if os.environ.get("MOCK_LOG"):
                sys.stderr.write("mock: " + fmt % args + "\n")

        def send(self, status, ctype, body):
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def do_HEAD(self):
            self.do_GET()

        def do_GET(self):
            url = urlsplit(self.path)
            path = url.path
            if path.startswith("/api/") or path in ("/openapi.json", "/healthz", "/readyz"):
                try:
                    self.send(*route(path, url.query))
                except Problem as p:
                    body = {"type": "about:blank", "title": p.title, "status": p.status, "detail": p.detail,
                            "instance": self.path}
                    if p.errors:
                        body["errors"] = p.errors
                    self.send(p.status, "application/problem+json",
                              json.dumps(body, ensure_ascii=False).encode())
                return
            rel = "index.html" if path == "/" else path.lstrip("/")
            full = os.path.realpath(os.path.join(public_dir, unquote(rel)))
            if not full.startswith(os.path.realpath(public_dir) + os.sep) or not os.path.isfile(full):
                self.send(404, "text/plain; charset=utf-8", b"not found\n")
                return
            with open(full, "rb") as f:
                body = f.read()
            self.send(200, MIME.get(os.path.splitext(full)[1], "application/octet-stream"), body)

    return Handler


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, default=8098)
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--public", default=os.path.join(os.path.dirname(__file__), "..", "..", "Public"))
    ap.add_argument("--dataset", help="a TiesCore dataset folder to serve instead of the built-in records (development aid)")
    a = ap.parse_args()
    if a.dataset:
        D.load_raw_dataset(a.dataset)
    EVENT_TYPES.extend(sorted({e["type"] for e in D.EVENTS}))
    srv = ThreadingHTTPServer((a.host, a.port), make_handler(os.path.abspath(a.public)))
    print(f"mock ties on http://{a.host}:{srv.server_address[1]}/", flush=True)
    srv.serve_forever()


if __name__ == "__main__":
    main()
