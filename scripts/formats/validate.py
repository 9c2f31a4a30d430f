#!/usr/bin/env python3
"""Validates every newsroom format of a running Ties server with real parsers (docs/formats.md).

    python3 scripts/formats/validate.py --base http://127.0.0.1:8095

ICS through the `icalendar` package plus raw checks of CRLF and 75-octet folding; Atom through xml.etree and
xml.dom.minidom; CSV through the csv module; JSON-LD through pyld's expansion; NDJSON line by line against the
JSON list; gzip and deflate bodies against the identity body (and `curl --compressed` when curl is there).
Each check prints one line; the script exits 1 after the first failure.
"""
import argparse
import csv
import gzip
import http.client
import io
import json
import re
import shutil
import subprocess
import sys
import urllib.parse
import zlib
import xml.dom.minidom
import xml.etree.ElementTree as ET

BASE = ""
checks = 0


def ok(message):
    global checks
    checks += 1
    print(f"formats: ok   {message}")


def fail(message):
    print(f"formats: FAIL {message}", file=sys.stderr)
    sys.exit(1)


def expect(condition, message):
    if not condition:
        fail(message)


def get(path, headers=None):
    """(status, headers as a lower-cased dict, raw body bytes) of GET path, without decoding any coding."""
    url = urllib.parse.urlsplit(BASE)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
    conn.request("GET", path, headers=headers or {})
    r = conn.getresponse()
    body = r.read()
    conn.close()
    return r.status, {k.lower(): v for k, v in r.getheaders()}, body


def get_ok(path, headers=None, media=None):
    status, h, body = get(path, headers)
    expect(status == 200, f"GET {path} answered {status}: {body[:300]!r}")
    if media:
        expect(h.get("content-type", "").startswith(media), f"GET {path}: Content-Type {h.get('content-type')!r}, expected {media}")
    return h, body


def json_list(path):
    """Every record of a JSON list (following nextCursor) and meta.total."""
    paged = path.startswith(("/api/v1/events", "/api/v1/leaders", "/api/v1/sources", "/api/v1/search"))
    sep = "&" if "?" in path else "?"
    _, body = get_ok(f"{path}{sep}limit=500" if paged else path)
    doc = json.loads(body)
    records = doc["data"]
    while doc["meta"].get("nextCursor"):
        _, body = get_ok(doc["links"]["next"])
        doc = json.loads(body)
        records += doc["data"]
    return records, doc["meta"]["total"]


# ---------------------------------------------------------------------------------------------- iCalendar

def check_ics():
    import icalendar

    events, total = json_list("/api/v1/events")
    by_id = {e["id"]: e for e in events}
    h, raw = get_ok("/api/v1/events.ics", media="text/calendar")
    expect("attachment" in h.get("content-disposition", ""), "events.ics has a Content-Disposition attachment filename")

    expect(raw.endswith(b"\r\n"), "ICS ends with CRLF")
    lines = raw.split(b"\r\n")[:-1]
    expect(all(b"\n" not in l and b"\r" not in l for l in lines), "ICS has only CRLF line endings (no bare LF or CR)")
    longest = max(len(l) for l in lines)
    expect(longest <= 75, f"ICS physical lines are at most 75 octets (longest {longest})")
    for l in lines:
        try:
            l.decode("utf-8")
        except UnicodeDecodeError:
            fail(f"ICS folding split a UTF-8 sequence: {l!r}")
    ok(f"ICS: {len(lines)} lines, all CRLF, longest {longest} octets, no UTF-8 sequence split by folding")

    cal = icalendar.Calendar.from_ical(raw)
    for prop in ["PRODID", "VERSION", "CALSCALE", "METHOD", "X-WR-CALNAME"]:
        expect(cal.get(prop) is not None, f"VCALENDAR has {prop}")
    expect(str(cal["VERSION"]) == "2.0" and str(cal["METHOD"]) == "PUBLISH", "VERSION 2.0, METHOD PUBLISH")
    vevents = [c for c in cal.walk("VEVENT")]
    expect(len(vevents) == total, f"one VEVENT per event: {len(vevents)} vs meta.total {total}")
    uids = [str(v["UID"]) for v in vevents]
    expect(len(set(uids)) == len(uids), "UIDs are unique")
    expect(set(uids) == {f"{i}@ties" for i in by_id}, "UIDs are <event-id>@ties for every event")

    import datetime
    for v in vevents:
        e = by_id[str(v["UID"])[:-5]]
        start, end = v.decoded("DTSTART"), v.decoded("DTEND")
        expect(type(start) is datetime.date and type(end) is datetime.date, f"{e['id']}: all-day DATE values")
        d = e["date"]
        last = e["endDate"] or d
        first_day = datetime.date.fromisoformat(d["date"] + {"day": "", "month": "-01", "year": "-01-01"}[d["precision"]])
        expect(start == first_day, f"{e['id']}: DTSTART {start} is the first day of {d['date']}")
        y, m = int(last["date"][:4]), int(last["date"][5:7]) if last["precision"] != "year" else 12
        if last["precision"] == "day":
            end_excl = datetime.date.fromisoformat(last["date"]) + datetime.timedelta(days=1)
        elif last["precision"] == "month":
            end_excl = datetime.date(y + (m == 12), m % 12 + 1, 1)
        else:
            end_excl = datetime.date(y + 1, 1, 1)
        expect(end == end_excl, f"{e['id']}: DTEND {end} is the day after the end of {last['date']} ({end_excl})")
        summary = str(v["SUMMARY"])
        if d["precision"] != "day" and d["qualifier"] is None:
            expect("sometime in" in summary, f"{e['id']}: SUMMARY states the {d['precision']} precision: {summary!r}")
        expect(str(v["X-TIES-PRECISION"]) == d["precision"], f"{e['id']}: X-TIES-PRECISION")
        expect(str(v["STATUS"]) == ("TENTATIVE" if e["status"] == "scheduled" else "CONFIRMED"), f"{e['id']}: STATUS")
        description = str(v["DESCRIPTION"])
        for c in e["citations"]:
            expect(c["quote"] in description, f"{e['id']}: DESCRIPTION holds the quote {c['quote'][:40]!r} (unfolded, unescaped)")
        expect(str(v["URL"]).endswith(f"/api/v1/events/{e['id']}"), f"{e['id']}: URL is the API record")
        if e["location"]:
            expect(str(v["LOCATION"]).startswith(e["location"]["name"]), f"{e['id']}: LOCATION")
    ok(f"ICS: icalendar parses {len(vevents)} VEVENTs; UIDs, all-day spans by precision, SUMMARY, STATUS, URL and every quote check out")

    topic_events, topic_total = json_list("/api/v1/events?topic=asean")
    cal2 = icalendar.Calendar.from_ical(get_ok("/api/v1/events?topic=asean&format=ics", media="text/calendar")[1])
    expect(len(cal2.walk("VEVENT")) == topic_total, "filters apply to ICS: ?topic=asean")
    cal3 = icalendar.Calendar.from_ical(get_ok("/api/v1/events.ics?topic=asean")[1])
    expect(len(cal3.walk("VEVENT")) == topic_total, "filters apply to /events.ics")
    one = events[0]["id"]
    cal4 = icalendar.Calendar.from_ical(get_ok(f"/api/v1/events/{one}?format=ics", media="text/calendar")[1])
    expect([str(v["UID"]) for v in cal4.walk("VEVENT")] == [f"{one}@ties"], "a single event as ICS")
    ok(f"ICS: filters apply (topic=asean: {topic_total} events) on ?format=ics and /events.ics; /events/{{id}}?format=ics")


# ---------------------------------------------------------------------------------------------- Atom

ATOM = "{http://www.w3.org/2005/Atom}"
XHTML = "{http://www.w3.org/1999/xhtml}"
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")


def check_atom():
    events, total = json_list("/api/v1/events")
    _, raw = get_ok("/api/v1/events.atom", media="application/atom+xml")
    xml.dom.minidom.parseString(raw)
    feed = ET.fromstring(raw)
    expect(feed.tag == ATOM + "feed", "root element is atom:feed")
    for name in ["id", "title", "updated", "author"]:
        expect(feed.find(ATOM + name) is not None, f"feed has atom:{name}")
    expect(feed.find(ATOM + "author/" + ATOM + "name") is not None, "feed author has a name")
    expect(RFC3339.match(feed.findtext(ATOM + "updated")), "feed updated is an RFC 3339 date-time")
    rels = {l.get("rel"): l.get("href") for l in feed.findall(ATOM + "link")}
    expect(rels.get("self", "").endswith("/api/v1/events.atom"), f"feed self link {rels.get('self')}")
    expect(rels.get("alternate", "").startswith("http"), "feed alternate link (the dashboard) is absolute")
    entries = feed.findall(ATOM + "entry")
    expect(len(entries) == total, f"one entry per event: {len(entries)} vs {total}")
    ids = [e.findtext(ATOM + "id") for e in entries]
    expect(len(set(ids)) == len(ids), "entry ids are unique")
    expect(ids == [f"urn:ties:event:{e['id']}" for e in events], "entries newest first, in the JSON list's order, with urn:ties:event ids")
    newest = ""
    for entry, e in zip(entries, events):
        for name in ["title", "updated", "published", "summary", "content"]:
            expect(entry.find(ATOM + name) is not None, f"{e['id']}: entry has atom:{name}")
        for name in ["updated", "published"]:
            expect(RFC3339.match(entry.findtext(ATOM + name)), f"{e['id']}: {name} is RFC 3339")
        expect(entry.findtext(ATOM + "published") <= entry.findtext(ATOM + "updated"), f"{e['id']}: published <= updated")
        newest = max(newest, entry.findtext(ATOM + "updated"))
        links = entry.findall(ATOM + "link")
        expect(any(l.get("rel") == "alternate" and l.get("type") == "text/html" and "/?event=" in l.get("href") for l in links),
               f"{e['id']}: alternate link to the dashboard")
        expect(any(l.get("href", "").endswith(f"/api/v1/events/{e['id']}") for l in links), f"{e['id']}: link to the API record")
        content = entry.find(ATOM + "content")
        expect(content.get("type") == "xhtml" and content.find(XHTML + "div") is not None, f"{e['id']}: xhtml content in a div")
        terms = {c.get("term") for c in entry.findall(ATOM + "category") if c.get("scheme") == "urn:ties:topic"}
        expect(terms == set(e["topics"]), f"{e['id']}: a category per topic")
        text = "".join(content.itertext())
        for c in e["citations"]:
            expect(c["quote"] in text, f"{e['id']}: content quotes {c['quote'][:40]!r}")
    expect(feed.findtext(ATOM + "updated") == newest, "feed updated is its newest entry's updated")
    ok(f"Atom: parses (etree, minidom); feed id/title/updated/author/self; {len(entries)} entries newest first with ids, dates, links, categories, quotes")

    _, raw2 = get_ok("/api/v1/events?format=atom&leader=anwar-ibrahim")
    leader_events, leader_total = json_list("/api/v1/events?leader=anwar-ibrahim")
    feed2 = ET.fromstring(raw2)
    expect(len(feed2.findall(ATOM + "entry")) == leader_total, "filters apply to Atom")
    expect(feed2.findtext(ATOM + "id") == "urn:ties:feed:events:leader=anwar-ibrahim", f"a filtered feed has its own id: {feed2.findtext(ATOM + 'id')}")
    ok(f"Atom: filters apply (leader=anwar-ibrahim: {leader_total} entries), filtered feed has its own id")


# ---------------------------------------------------------------------------------------------- CSV

def read_csv(raw):
    text = raw.decode("utf-8")
    return list(csv.reader(io.StringIO(text, newline="")))


def check_csv():
    lists = {
        "/api/v1/events": "id", "/api/v1/leaders/anwar-ibrahim/events": "id", "/api/v1/leaders": "id",
        "/api/v1/sources": "id", "/api/v1/partnership-levels": "id", "/api/v1/topics": "id",
        "/api/v1/countries": "code", "/api/v1/search?q=security": "id",
    }
    for path, key in lists.items():
        records, total = json_list(path)
        sep = "&" if "?" in path else "?"
        h, raw = get_ok(f"{path}{sep}format=csv", media="text/csv")
        expect(re.match(r'attachment; filename="ties-[a-z0-9-]+-[0-9a-f]+\.csv"$', h.get("content-disposition", "")),
               f"{path}: Content-Disposition {h.get('content-disposition')!r}")
        expect(raw.split(b"\r\n", 1)[0].count(b"\n") == 0 and b"\r\n" in raw, f"{path}: header row ends with CRLF")
        expect(not raw.startswith(b"\xef\xbb\xbf"), f"{path}: no byte-order mark by default")
        rows = read_csv(raw)
        header, body = rows[0], rows[1:]
        expect(len(body) == total, f"{path}: {len(body)} CSV rows vs meta.total {total}")
        col = header.index(key)
        expect([r[col] for r in body] == [str(r[key]) for r in records], f"{path}: rows in the JSON list's order")
        expect(all(len(r) == len(header) for r in body), f"{path}: every row has {len(header)} fields")
        ok(f"CSV {path}: {len(header)} columns, {len(body)} rows = meta.total, CRLF, attachment filename")

    events, _ = json_list("/api/v1/events")
    rows = read_csv(get_ok("/api/v1/events?format=csv")[1])
    header = rows[0]
    expected = ["id", "type", "title", "summary", "date", "datePrecision", "dateApproximate", "dateQualifier", "dateNote",
                "endDate", "endDatePrecision", "endDateApproximate", "status", "location", "locationDetail", "locationCountry",
                "participants", "participantIds", "countries", "topics", "outcomes", "partnershipLevelId", "relatedEventIds",
                "citations", "sourceIds", "corroboration", "apiUrl"]
    expect(header == expected, f"events CSV columns: {header}")
    for row, e in zip(rows[1:], events):
        r = dict(zip(header, row))
        expect(r["summary"] == e["summary"], f"{e['id']}: summary survives quoting")
        expect(r["date"] == e["date"]["date"] and r["datePrecision"] == e["date"]["precision"], f"{e['id']}: date and precision")
        expect(r["topics"] == "; ".join(e["topics"]), f"{e['id']}: topics joined with '; '")
        expect(r["sourceIds"] == "; ".join(e["sourceIds"]), f"{e['id']}: sourceIds")
        for c in e["citations"]:
            expect(f'{c["sourceId"]}: "{c["quote"]}"' in r["citations"], f"{e['id']}: citation {c['quote'][:30]!r} flattened")
    ok("CSV events: the columns of docs/formats.md; summaries, dates, lists and citations read back exactly")

    raw = get_ok("/api/v1/events?format=csv&bom=1")[1]
    expect(raw.startswith(b"\xef\xbb\xbf"), "?bom=1 starts with the UTF-8 byte-order mark")
    expect(list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))[0][0] == "id", "utf-8-sig reads the header")
    status, _, _ = get("/api/v1/events?format=csv&bom=maybe")
    expect(status == 400, "?bom=maybe is a 400")
    ok("CSV: ?bom=1 adds a byte-order mark for Excel, bad bom values are 400")


# ---------------------------------------------------------------------------------------------- JSON-LD

SCHEMA = "http://schema.org/"


def schema_loader():
    """pyld loader for https://schema.org without network: the live context's @vocab (http://schema.org/) and
    the @id coercions we rely on. Any other URL is refused, so nothing is fetched."""
    context = {"@context": {"@vocab": SCHEMA, "schema": SCHEMA,
                            "url": {"@id": "schema:url", "@type": "@id"},
                            "eventStatus": {"@id": "schema:eventStatus", "@type": "@id"},
                            "itemListOrder": {"@id": "schema:itemListOrder", "@type": "@id"},
                            "inDefinedTermSet": {"@id": "schema:inDefinedTermSet", "@type": "@id"}}}

    def load(url, options=None):
        if url.rstrip("/") in ("https://schema.org", "http://schema.org"):
            return {"contextUrl": None, "documentUrl": url, "document": context}
        raise RuntimeError(f"refusing to fetch {url}")
    return load


def nodes_of_type(expanded, type_name):
    found = []

    def walk(x):
        if isinstance(x, dict):
            if SCHEMA + type_name in x.get("@type", []):
                found.append(x)
            for v in x.values():
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)
    walk(expanded)
    return found


def check_jsonld():
    from pyld import jsonld
    options = {"documentLoader": schema_loader()}

    events, total = json_list("/api/v1/events")
    _, raw = get_ok("/api/v1/events?format=jsonld", media="application/ld+json")
    expect(b"<" not in raw, "JSON-LD has no raw '<' (safe inside <script>)")
    doc = json.loads(raw)
    expect(doc["@context"] == "https://schema.org", "@context is https://schema.org")
    expanded = jsonld.expand(doc, options)
    expect(len(nodes_of_type(expanded, "ItemList")) == 1, "the list is a schema.org ItemList")
    event_nodes = [n for n in nodes_of_type(expanded, "Event") if n.get("@id", "").split("/api/v1/events/")[-1] in {e["id"] for e in events}]
    expect(len(event_nodes) == total, f"expansion yields {len(event_nodes)} schema.org Events vs {total}")
    for n in event_nodes:
        for prop in ["name", "startDate", "citation"]:
            expect(SCHEMA + prop in n, f"{n['@id']}: {prop}")
        for cited in n[SCHEMA + "citation"]:
            types = cited["@type"]
            expect(any(t in types for t in [SCHEMA + "NewsArticle", SCHEMA + "Report", SCHEMA + "Article"]), f"citation type {types}")
            expect(SCHEMA + "datePublished" in cited, f"{cited['@id']}: datePublished")
    expect(nodes_of_type(expanded, "Person"), "attendees are schema.org Persons")
    expect(nodes_of_type(expanded, "Place"), "locations are schema.org Places")
    expect(nodes_of_type(expanded, "DefinedTerm"), "topics are schema.org DefinedTerms (about)")
    ok(f"JSON-LD events: pyld expands {len(event_nodes)} schema.org Events with Person attendees, Place, about, citation → NewsArticle/Report/Article")

    leaders, _ = json_list("/api/v1/leaders")
    people = nodes_of_type(jsonld.expand(json.loads(get_ok("/api/v1/leaders?format=jsonld")[1]), options), "Person")
    expect(len(people) == len(leaders), f"{len(people)} Persons vs {len(leaders)} leaders")
    expect(all(SCHEMA + "jobTitle" in p and SCHEMA + "nationality" in p for p in people), "Persons have jobTitle and nationality")
    sources, _ = json_list("/api/v1/sources")
    works = jsonld.expand(json.loads(get_ok("/api/v1/sources?format=jsonld")[1]), options)
    n = sum(len(nodes_of_type(works, t)) for t in ["NewsArticle", "Report", "Article"])
    expect(n == len(sources), f"{n} creative works vs {len(sources)} sources")
    ok(f"JSON-LD leaders and sources: {len(people)} Persons (jobTitle, nationality), {n} NewsArticle/Report/Article")

    for path, type_name in [(f"/api/v1/events/{events[0]['id']}", "Event"), (f"/api/v1/leaders/{leaders[0]['id']}", "Person"),
                            (f"/api/v1/sources/{sources[0]['id']}", None)]:
        _, raw = get_ok(path, headers={"Accept": "application/ld+json"}, media="application/ld+json")
        expanded = jsonld.expand(json.loads(raw), options)
        top = expanded[0]
        expect(top["@id"].endswith(path), f"{path}: @id is the record's absolute URL ({top['@id']})")
        if type_name:
            expect(SCHEMA + type_name in top["@type"], f"{path}: @type {top['@type']}")
    ok("JSON-LD single records by Accept: application/ld+json (Event, Person, source) with absolute @ids")


# ---------------------------------------------------------------------------------------------- NDJSON

def check_ndjson():
    for path in ["/api/v1/events", "/api/v1/events?country=MY", "/api/v1/leaders", "/api/v1/sources",
                 "/api/v1/partnership-levels", "/api/v1/topics", "/api/v1/countries", "/api/v1/timeline",
                 "/api/v1/search?q=maritime"]:
        records, total = json_list(path)
        sep = "&" if "?" in path else "?"
        h, raw = get_ok(f"{path}{sep}format=ndjson", media="application/x-ndjson")
        expect(h.get("transfer-encoding") == "chunked", f"{path}: NDJSON is streamed with chunked transfer coding")
        expect(raw.endswith(b"\n"), f"{path}: every line ends with LF")
        lines = raw.decode("utf-8").split("\n")[:-1]
        parsed = [json.loads(l) for l in lines]
        count = sum(len(y["entries"]) for y in parsed) if "/timeline" in path else len(parsed)
        expect(count == total, f"{path}: {count} NDJSON records vs meta.total {total}")
        expect(parsed == records, f"{path}: each line is the JSON list's record, links included")
        ok(f"NDJSON {path}: {len(lines)} lines, each the JSON record; count matches meta.total ({total}); chunked")


# ---------------------------------------------------------------------------------------------- compression

def check_compression():
    paths = ["/api/v1/events.ics", "/api/v1/events.atom", "/api/v1/events?format=csv", "/api/v1/events?format=jsonld",
             "/api/v1/events?format=ndjson", "/api/v1/leaders?format=csv&country=MY", "/api/v1/events?format=ics&topic=asean"]
    for path in paths:
        _, identity = get_ok(path)
        for coding, decode in [("gzip", gzip.decompress), ("deflate", zlib.decompress)]:
            h, packed = get_ok(path, headers={"Accept-Encoding": coding})
            expect(h.get("content-encoding") == coding, f"{path}: Content-Encoding {h.get('content-encoding')!r} for {coding}")
            expect("accept-encoding" in h.get("vary", "").lower(), f"{path}: Vary names Accept-Encoding")
            expect(decode(packed) == identity, f"{path}: {coding} body decodes to the identity body")
            expect(len(packed) < len(identity), f"{path}: {coding} is smaller ({len(packed)} < {len(identity)})")
        ok(f"compression {path}: gzip and deflate round-trip to the {len(identity)}-byte identity body")
    if shutil.which("curl"):
        for path in paths:
            out = subprocess.run(["curl", "-sf", "--compressed", BASE + path], capture_output=True, check=True).stdout
            expect(out == get_ok(path)[1], f"curl --compressed {path} equals the identity body")
        ok(f"curl --compressed decodes all {len(paths)} bodies to the identity bytes")


def check_negotiation():
    h, _ = get_ok("/api/v1/events", headers={"Accept": "text/calendar"}, media="text/calendar")
    expect("accept" in h.get("vary", "").lower(), "negotiated by Accept: Vary: Accept")
    get_ok("/api/v1/events", headers={"Accept": "application/atom+xml"}, media="application/atom+xml")
    get_ok("/api/v1/leaders", headers={"Accept": "text/csv"}, media="text/csv")
    status, h, body = get("/api/v1/events", headers={"Accept": "image/png"})
    expect(status == 406 and b"text/calendar" in body, "406 lists the offered types")
    status, _, body = get("/api/v1/leaders?format=ics")
    expect(status == 400 and b"format" in body, "?format=ics on leaders is a 400 naming format")
    h, _ = get_ok("/api/v1/events.ics", headers={"Accept": "application/json"}, media="text/calendar")
    status, _, _ = get("/api/v1/events.ics?format=csv")
    expect(status == 400, "/events.ics?format=csv is a 400 (the path names the format)")
    ok("negotiation: Accept picks ICS/Atom/CSV, 406 lists types, unknown format 400, /events.ics ignores Accept")


def main():
    global BASE
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True)
    BASE = parser.parse_args().base.rstrip("/")
    for check in [check_negotiation, check_ics, check_atom, check_csv, check_jsonld, check_ndjson, check_compression]:
        check()
    print(f"formats: all {checks} checks passed")


if __name__ == "__main__":
    main()
