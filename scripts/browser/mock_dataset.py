"""A small stand-in for the Ties dataset, in exactly the record shapes of docs/api.md (v1).

Built from the five seed articles in fixtures/ so that every quote is verbatim and every offset is a real
Unicode-scalar offset (Python str indexes are code points): text[start:end] == quote. It exists so the dashboard
and its browser test can run before (or without) the real server; it is not the dataset.
"""
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "fixtures")

SOURCE_FILES = {
    "reuters-2015-05-25-japan-malaysia-defense-ties": "000_1bcd9d42a9529c8d.txt",
    "reuters-2023-12-16-japan-malaysia-maritime-assistance-deal": "001_cac05262f7ec95cc.txt",
    "summary-2025-01-japan-malaysia-enhance-security-cooperation": "002_05340bf12e21db41.txt",
    "japan-news-2025-01-10-japan-malaysia-boost-security-cooperation": "003_2eebca44c6576a47.txt",
    "mofa-2024-05-23-japan-malaysia-summit-meeting": "004_0844c67386a251c0.txt",
}
S2015, S2023, SSUM, SJN, SMOFA = list(SOURCE_FILES)

TEXTS = {}
for sid, name in SOURCE_FILES.items():
    with open(os.path.join(FIXTURES, name), encoding="utf-8") as f:
        TEXTS[sid] = f.read()


def cite(source_id, quote):
    text = TEXTS[source_id]
    start = text.find(quote)
    if start < 0:
        raise ValueError(f"quote not in {source_id}: {quote!r}")
    return {"sourceId": source_id, "quote": quote, "start": start, "end": start + len(quote)}


def pd(date, approximate=False, note=None):
    precision = {1: "year", 2: "month", 3: "day"}[len(date.split("-"))]
    return {"date": date, "precision": precision, "approximate": approximate, "note": note}


def source_ids(citations):
    seen = []
    for c in citations:
        if c["sourceId"] not in seen:
            seen.append(c["sourceId"])
    return seen


COUNTRIES_NAMES = {"JP": "Japan", "MY": "Malaysia", "ID": "Indonesia", "CN": "China"}

SOURCES = [
    {"id": S2015, "title": "Japan and Malaysia Bolster Defense Ties", "kind": "news-report", "language": "en",
     "publisher": {"name": "Reuters", "inferred": True,
                   "reason": "The page names no outlet; its byline reads \"by Reuters\"."},
     "wireServices": ["Reuters"],
     "published": {"date": "2015-05-25", "precision": "day", "time": "13:18", "timeZone": None, "inferred": False,
                   "reason": None}},
    {"id": S2023, "title": "Japan, Malaysia fortify security ties with $2.8M maritime assistance deal",
     "kind": "news-report", "language": "en", "publisher": None, "wireServices": ["Reuters"],
     "published": {"date": "2023-12-16", "precision": "day", "time": None, "timeZone": None, "inferred": False,
                   "reason": None}},
    {"id": SSUM, "title": "Japan and Malaysia Enhance Security Cooperation: \u201cCommunication for Stability in South and East China Seas\u201d (Summary)",
     "kind": "summary", "language": "en", "publisher": None, "wireServices": ["Bernama", "Kyodo News"],
     "published": {"date": "2025-01", "precision": "month", "time": "23:35", "timeZone": None, "inferred": True,
                   "reason": "No date is printed; the text reports the summit \"on January 10\" of Ishiba's first year in office."}},
    {"id": SJN, "title": "Japan, Malaysia Agree to Boost Security Cooperation with China in Mind; Ishiba, Anwar Also Likely Agreed on Economic Cooperation",
     "kind": "news-report", "language": "en",
     "publisher": {"name": "The Japan News", "inferred": True,
                   "reason": "The page's footer carries the \"JN ACCESS RANKING\" box of The Japan News."},
     "wireServices": [],
     "published": {"date": "2025-01-10", "precision": "day", "time": "15:54", "timeZone": "JST", "inferred": False,
                   "reason": None}},
    {"id": SMOFA, "title": "Japan-Malaysia Relations: Japan-Malaysia Summit Meeting", "kind": "government-record",
     "language": "en",
     "publisher": {"name": "Ministry of Foreign Affairs of Japan", "inferred": True,
                   "reason": "\"Back to Japan-Malaysia Relations\" navigation and Cabinet Public Affairs Office photo credits."},
     "wireServices": [],
     "published": {"date": "2024-05-23", "precision": "day", "time": None, "timeZone": None, "inferred": False,
                   "reason": None}},
]
for s in SOURCES:
    s["originalFile"] = SOURCE_FILES[s["id"]]
    s["textLength"] = len(TEXTS[s["id"]])
    s["links"] = {"self": f"/api/v1/sources/{s['id']}", "text": f"/api/v1/sources/{s['id']}/text"}

TOPICS = [
    ("maritime-security", "Maritime security", "Coast guards, maritime law enforcement, the South and East China Seas."),
    ("defense-equipment", "Defence equipment", "Transfers of defence equipment and technology."),
    ("security-assistance", "Official Security Assistance", "Japan's OSA grants of equipment to partner militaries."),
    ("economy", "Economy and investment", "Trade, investment, supply chains."),
    ("energy", "Energy", "LNG supply, energy transition and decarbonisation."),
    ("disaster-prevention", "Disaster prevention", "Disaster relief and disaster risk management."),
    ("critical-minerals", "Critical minerals", "Rare earths and other critical mineral resources."),
    ("migration", "Migration", "Refugees and migrants at sea."),
    ("asean", "ASEAN", "Relations with the Association of Southeast Asian Nations."),
]

LEVELS = [
    {"id": "strategic-partnership", "name": "Strategic Partnership", "rank": 1,
     "spellings": ["strategic partnership"], "reached": pd("2015-05-25"),
     "eventId": "2015-05-25-abe-najib-summit",
     "citations": [cite(S2015, "\"I've agreed with Prime Minister Najib (Razak) to raise our bilateral ties to strategic partnership,\" Japanese Prime Minister\u00a0Shinzo Abe told a joint news conference.")]},
    {"id": "comprehensive-strategic-partnership", "name": "Comprehensive Strategic Partnership", "rank": 2,
     "spellings": ["comprehensive strategic partnership", "Comprehensive and Strategic Partnership"],
     "reached": pd("2023-12", True, "\"by December 2023\" (summary, Jan 2025); \"at the end of last year\" (MOFA, 23 May 2024)"),
     "eventId": "2023-12-comprehensive-strategic-partnership",
     "citations": [
         cite(S2023, "Japanese Prime Minister Kishida welcomed the elevation of the Japan-Malaysia relationship to a \"comprehensive strategic partnership\""),
         cite(SSUM, "Both countries agreed to elevate their diplomatic relations to a \u2018Comprehensive Strategic Partnership\u2019 by December 2023."),
         cite(SMOFA, "elevating the relations to the \u201cComprehensive and Strategic Partnership\u201d at the end of last year"),
     ]},
]

EVENTS = [
    {"id": "2015-05-25-abe-najib-summit", "type": "summit",
     "title": "Abe and Najib raise ties to a strategic partnership",
     "summary": "Japan and Malaysia agree to bolster security ties and start talks on transfers of defence equipment and technology.",
     "date": pd("2015-05-25", True, "\"on Monday\" in a report published Monday 25 May 2015"), "endDate": None,
     "status": "happened",
     "location": None,
     "participants": [
         {"leaderId": "shinzo-abe", "name": "Shinzo Abe", "role": "Prime Minister of Japan", "country": "JP"},
         {"leaderId": "najib-razak", "name": "Najib Razak", "role": "Prime Minister of Malaysia", "country": "MY"}],
     "countries": ["JP", "MY"], "topics": ["defense-equipment", "maritime-security", "migration"],
     "outcomes": [
         {"kind": "agreement", "description": "Start talks on transfers of defence equipment and technology.",
          "amounts": [], "citations": [cite(S2015, "Japan and Malaysia agreed to bolster security ties and start talks on transfers of defense equipment and technology")]},
         {"kind": "partnership-level", "description": "Bilateral ties raised to a strategic partnership.", "amounts": [],
          "citations": [cite(S2015, "to raise our bilateral ties to strategic partnership")]}],
     "partnershipLevelId": "strategic-partnership",
     "citations": [cite(S2015, "Japan and Malaysia agreed to bolster security ties and start talks on transfers of defense equipment and technology, their leaders said on Monday"),
                   cite(S2015, "Malaysia is the first Southeast Asian country with which Japan has launched negotiations on such cooperation, Kato said.")]},
    {"id": "2023-04-osa-plan-announced", "type": "announcement",
     "title": "Japan announces Official Security Assistance for developing countries",
     "summary": "A plan for Japan to provide developing countries with financial assistance to bolster their defences.",
     "date": pd("2023-04", True, "\"announced in April\" in a report of 16 December 2023"), "endDate": None,
     "status": "happened", "location": None, "participants": [], "countries": ["JP"],
     "topics": ["security-assistance"], "outcomes": [], "partnershipLevelId": None,
     "citations": [cite(S2023, "a plan announced in April for Japan to provide developing countries with financial assistance to bolster their defences")]},
    {"id": "2023-12-15-asean-japan-commemorative-summit", "type": "multilateral-summit",
     "title": "ASEAN\u2013Japan commemorative summit in Tokyo",
     "summary": "A three-day summit marking 50 years of ties between Japan and ASEAN.",
     "date": pd("2023-12-15", True, "\"three-day summit through Sunday\" (Sunday 17 December 2023)"),
     "endDate": pd("2023-12-17"), "status": "happened",
     "location": {"name": "Tokyo, Japan", "detail": None, "country": "JP",
                  "citations": [cite(S2023, "on the sidelines of a Tokyo summit on Saturday")]},
     "participants": [{"leaderId": "fumio-kishida", "name": "Fumio Kishida", "role": "Prime Minister of Japan", "country": "JP"}],
     "countries": ["JP", "MY"], "topics": ["asean"], "outcomes": [], "partnershipLevelId": None,
     "citations": [cite(S2023, "In the three-day summit through Sunday, Japan is offering ASEAN members support to boost their standing as international actors")]},
    {"id": "2023-12-16-osa-maritime-security-grant", "type": "agreement",
     "title": "Security assistance deal: 400 million yen for Malaysia's maritime security",
     "summary": "Signed by the two foreign ministers on the sidelines of the ASEAN\u2013Japan summit; rescue boats and supplies.",
     "date": pd("2023-12-16"), "endDate": None, "status": "happened",
     "location": {"name": "Tokyo, Japan", "detail": None, "country": "JP",
                  "citations": [cite(S2023, "on the sidelines of a Tokyo summit on Saturday")]},
     "participants": [], "countries": ["JP", "MY"], "topics": ["security-assistance", "maritime-security"],
     "outcomes": [{"kind": "grant", "description": "Grant for equipment such as rescue boats and supplies.",
                   "amounts": [{"value": 400000000, "currency": "JPY", "asPrinted": "400 million yen"},
                               {"value": 2800000, "currency": "USD", "asPrinted": "$2.8 million"}],
                   "citations": [cite(S2023, "a grant of 400 million yen ($2.8 million) to boost Malaysia's maritime security")]}],
     "partnershipLevelId": None,
     "citations": [cite(S2023, "Japan and Malaysia have signed a security assistance deal including a grant of 400 million yen ($2.8 million) to boost Malaysia's maritime security"),
                   cite(S2023, "signed by the two countries' foreign ministers on the sidelines of a Tokyo summit on Saturday")]},
    {"id": "2023-12-comprehensive-strategic-partnership", "type": "partnership-elevation",
     "title": "Relations elevated to a Comprehensive Strategic Partnership",
     "summary": "Kishida welcomes the elevation of the relationship, in the month of the ASEAN\u2013Japan summit.",
     "date": LEVELS[1]["reached"], "endDate": None, "status": "happened", "location": None,
     "participants": [{"leaderId": "fumio-kishida", "name": "Fumio Kishida", "role": "Prime Minister of Japan", "country": "JP"}],
     "countries": ["JP", "MY"], "topics": [], "outcomes": [], "partnershipLevelId": "comprehensive-strategic-partnership",
     "citations": LEVELS[1]["citations"]},
    {"id": "2024-05-23-kishida-anwar-summit", "type": "summit",
     "title": "Kishida and Anwar hold a summit meeting in Japan",
     "summary": "Anwar's second visit to Japan in half a year; OSA equipment for monitoring and surveillance.",
     "date": pd("2024-05-23"), "endDate": None, "status": "happened",
     "location": {"name": "Japan", "detail": None, "country": "JP",
                  "citations": [cite(SMOFA, "Prime Minister Kishida welcomed Prime Minister Anwar's visit to Japan")]},
     "participants": [
         {"leaderId": "fumio-kishida", "name": "Fumio Kishida", "role": "Prime Minister of Japan", "country": "JP"},
         {"leaderId": "anwar-ibrahim", "name": "Anwar Ibrahim", "role": "Prime Minister of Malaysia", "country": "MY"}],
     "countries": ["JP", "MY"],
     "topics": ["security-assistance", "maritime-security", "energy", "critical-minerals", "economy"],
     "outcomes": [{"kind": "security-assistance",
                   "description": "Equipment for monitoring and surveillance to the Malaysian Armed Forces through OSA.",
                   "amounts": [],
                   "citations": [cite(SMOFA, "the decision to provide equipment for monitoring and surveillance activities to the Malaysian Armed Forces through the Official Security Assistance (OSA)")]}],
     "partnershipLevelId": None,
     "citations": [cite(SMOFA, "On May 23, commencing at 2:10 p.m. for approximately 30 minutes, Mr. KISHIDA Fumio, Prime Minister of Japan, held a Japan-Malaysia Summit Meeting with H.E. Dato' Seri Anwar bin Ibrahim, Prime Minister of Malaysia.")]},
    {"id": "2025-01-10-ishiba-anwar-summit", "type": "summit",
     "title": "Ishiba and Anwar agree to boost security cooperation",
     "summary": "Coast guard cooperation and OSA, with China's maritime expansion in mind; economic cooperation on energy and decarbonisation.",
     "date": pd("2025-01-10"), "endDate": None, "status": "happened",
     "location": {"name": "Putrajaya, Malaysia", "detail": "Malaysian Prime Minister\u2019s Office", "country": "MY",
                  "citations": [cite(SJN, "at their meeting at the Malaysian Prime Minister\u2019s Office on Friday morning")]},
     "participants": [
         {"leaderId": "shigeru-ishiba", "name": "Shigeru Ishiba", "role": "Prime Minister of Japan", "country": "JP"},
         {"leaderId": "anwar-ibrahim", "name": "Anwar Ibrahim", "role": "Prime Minister of Malaysia", "country": "MY"}],
     "countries": ["JP", "MY"],
     "topics": ["maritime-security", "security-assistance", "economy", "energy", "disaster-prevention", "critical-minerals"],
     "outcomes": [{"kind": "agreement", "description": "Cooperation between the two countries' coast guards and through OSA.",
                   "amounts": [],
                   "citations": [cite(SJN, "Ishiba and Anwar agreed on the cooperation between their countries\u2019 coast guards, as well as through the Official Security Assistance program")]}],
     "partnershipLevelId": None,
     "citations": [cite(SJN, "Prime Minister Shigeru Ishiba and Malaysian Prime Minister Anwar Ibrahim agreed to strengthen security cooperation between the two countries"),
                   cite(SSUM, "In Putrajaya, Malaysia, Japanese Prime Minister Shigeru Ishiba and Malaysian Prime Minister Anwar Ibrahim met and shook hands on January 10.")]},
    {"id": "2015-05-najib-orders-navy-to-rescue-migrants", "type": "government-order",
     "title": "Najib orders the navy to rescue migrants adrift at sea",
     "summary": "Thousands of Rohingya and Bangladeshi migrants adrift in rickety boats.",
     "date": pd("2015-05", True, "\"last week\" in a report dated 25 May 2015"), "endDate": None, "status": "happened",
     "location": None,
     "participants": [{"leaderId": "najib-razak", "name": "Najib Razak", "role": "Prime Minister of Malaysia", "country": "MY"}],
     "countries": ["MY"], "topics": ["migration"], "outcomes": [], "partnershipLevelId": None,
     "citations": [cite(S2015, "Najib last week ordered the navy to rescue thousands of migrants adrift at sea in rickety boats.")]},
    {"id": "2016-permanent-court-of-arbitration-ruling", "type": "court-ruling",
     "title": "Arbitration court finds China's South China Sea claims have no legal basis",
     "summary": "The Permanent Court of Arbitration rules on China's claims in the South China Sea.",
     "date": pd("2016", False, "\"in 2016\"; no month or day is given"), "endDate": None, "status": "happened",
     "location": None, "participants": [], "countries": ["CN"], "topics": ["maritime-security"], "outcomes": [],
     "partnershipLevelId": None,
     "citations": [cite(S2023, "The Permanent Court of Arbitration in 2016 said China's claims had no legal basis.")]},
    {"id": "2025-01-11-ishiba-prabowo-summit", "type": "summit",
     "title": "Ishiba to hold a summit with Indonesia's Prabowo",
     "summary": "Scheduled for the day after the Ishiba\u2013Anwar summit.",
     "date": pd("2025-01-11", True, "\"on the 11th\" in a summary of the 10 January 2025 summit"), "endDate": None,
     "status": "scheduled", "location": None,
     "participants": [
         {"leaderId": "shigeru-ishiba", "name": "Shigeru Ishiba", "role": "Prime Minister of Japan", "country": "JP"},
         {"leaderId": "prabowo-subianto", "name": "Prabowo Subianto", "role": "President of Indonesia", "country": "ID"}],
     "countries": ["JP", "ID"], "topics": ["asean"], "outcomes": [], "partnershipLevelId": None,
     "citations": [cite(SSUM, "is scheduled to hold a summit with Indonesian President Prabowo Subianto on the 11th")]},
]
for e in EVENTS:
    e.setdefault("relatedEventIds", [])
    e["sourceIds"] = source_ids(e["citations"] + [c for o in e["outcomes"] for c in o["citations"]])
    e["corroboration"] = len(e["sourceIds"])
    e["links"] = {"self": f"/api/v1/events/{e['id']}"}
EVENTS_BY_ID = {e["id"]: e for e in EVENTS}
EVENTS_BY_ID["2023-12-16-osa-maritime-security-grant"]["relatedEventIds"] = ["2023-12-15-asean-japan-commemorative-summit"]

for lv in LEVELS:
    lv["sourceIds"] = source_ids(lv["citations"])
    lv["corroboration"] = len(lv["sourceIds"])
    lv["links"] = {"self": f"/api/v1/partnership-levels/{lv['id']}"}

LEADER_DEFS = [
    ("shinzo-abe", "Shinzo Abe", "JP", ["Shinzo Abe", "Abe"],
     [("Prime Minister of Japan", None, None, ["2015-05-25"], [(S2015, "Japanese Prime Minister\u00a0Shinzo Abe")])]),
    ("najib-razak", "Najib Razak", "MY", ["Najib Razak", "Najib (Razak)", "Najib"],
     [("Prime Minister of Malaysia", None, None, ["2015-05-25"], [(S2015, "Prime Minister Najib (Razak)")])]),
    ("katsunobu-kato", "Katsunobu Kato", "JP", ["Katsunobu Kato", "Kato"],
     [("Deputy Chief Cabinet Secretary", None, None, ["2015-05-25"], [(S2015, "Japanese Deputy Chief Cabinet Secretary Katsunobu Kato")])]),
    ("fumio-kishida", "Fumio Kishida", "JP", ["KISHIDA Fumio", "Kishida"],
     [("Prime Minister of Japan", None, None, ["2023-12-16", "2024-05-23"],
       [(S2023, "Japanese Prime Minister Kishida"), (SMOFA, "Mr. KISHIDA Fumio, Prime Minister of Japan")])]),
    ("anwar-ibrahim", "Anwar Ibrahim", "MY", ["Anwar Ibrahim", "Dato' Seri Anwar bin Ibrahim", "Anwar"],
     [("Prime Minister of Malaysia", None, None, ["2024-05-23", "2025-01-10"],
       [(SMOFA, "H.E. Dato' Seri Anwar bin Ibrahim, Prime Minister of Malaysia"), (SJN, "Malaysian Prime Minister Anwar Ibrahim")])]),
    ("shigeru-ishiba", "Shigeru Ishiba", "JP", ["Shigeru Ishiba", "Ishiba"],
     [("Prime Minister of Japan", pd("2024-10", True, "\"since taking office last October\" in a January 2025 summary"), None,
       ["2025-01-10"], [(SJN, "Prime Minister Shigeru Ishiba"), (SSUM, "since taking office last October")])]),
    ("prabowo-subianto", "Prabowo Subianto", "ID", ["Prabowo Subianto"],
     [("President of Indonesia", None, None, ["2025-01"], [(SSUM, "Indonesian President Prabowo Subianto")])]),
]


def mention_spans(text, aliases, ignore_case=False):
    spans, taken = [], []
    for alias in sorted(aliases, key=len, reverse=True):
        for m in re.finditer(re.escape(alias), text, flags=re.IGNORECASE if ignore_case else 0):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            spans.append({"start": m.start(), "end": m.end(), "text": m.group(0)})
    return sorted(spans, key=lambda s: s["start"])


LEADERS = []
for lid, name, country, aliases, offices in LEADER_DEFS:
    office_records, all_cites = [], []
    for title, frm, to, cited_on, cites in offices:
        cs = [cite(s, q) for s, q in cites]
        all_cites += cs
        office_records.append({"title": title, "country": country if "Indonesia" not in title else "ID",
                               "from": frm, "to": to, "citedOn": [pd(d) for d in cited_on], "citations": cs})
    mentions = []
    for sid, text in TEXTS.items():
        spans = mention_spans(text, aliases + [a.upper() for a in aliases if " " in a])
        if spans:
            mentions.append({"sourceId": sid, "count": len(spans), "spans": spans})
    sids = source_ids(all_cites)
    LEADERS.append({"id": lid, "name": name, "country": country, "aliases": aliases, "offices": office_records,
                    "eventIds": [e["id"] for e in EVENTS if any(p["leaderId"] == lid for p in e["participants"])],
                    "mentions": mentions, "citations": all_cites, "sourceIds": sids, "corroboration": len(sids),
                    "links": {"self": f"/api/v1/leaders/{lid}", "events": f"/api/v1/leaders/{lid}/events"}})
LEADERS_BY_ID = {l["id"]: l for l in LEADERS}

for lv in LEVELS:
    lv["mentions"] = []
    for sid, text in TEXTS.items():
        spans = mention_spans(text, lv["spellings"], True) if lv["rank"] == 2 else [
            s for s in mention_spans(text, ["strategic partnership"], True)
            if not text[max(0, s["start"] - 14):s["start"]].lower().endswith("comprehensive ")]
        if spans:
            lv["mentions"].append({"sourceId": sid, "count": len(spans), "spans": spans})


def source_citations(source_id):
    out = []

    def add(kind, rid, cs):
        for c in cs:
            if c["sourceId"] == source_id:
                out.append({"recordType": kind, "recordId": rid, **c})
    for e in EVENTS:
        add("event", e["id"], e["citations"])
        for o in e["outcomes"]:
            add("outcome", e["id"], o["citations"])
        if e["location"]:
            add("location", e["id"], e["location"]["citations"])
    for l in LEADERS:
        for o in l["offices"]:
            add("office", l["id"], o["citations"])
    for lv in LEVELS:
        add("partnership-level", lv["id"], lv["citations"])
    return sorted(out, key=lambda c: (c["start"], c["end"]))


for s in SOURCES:
    s["citationCount"] = len(source_citations(s["id"]))

TOPIC_RECORDS = [{"id": t, "name": n, "description": d,
                  "eventCount": sum(1 for e in EVENTS if t in e["topics"]),
                  "links": {"self": f"/api/v1/topics/{t}"}} for t, n, d in TOPICS]
COUNTRY_RECORDS = [{"code": c, "name": n, "aliases": [n],
                    "leaderIds": [l["id"] for l in LEADERS if l["country"] == c],
                    "eventCount": sum(1 for e in EVENTS if c in e["countries"]),
                    "links": {"self": f"/api/v1/countries/{c}"}}
                   for c, n in COUNTRIES_NAMES.items()
                   if any(l["country"] == c for l in LEADERS) or any(c in e["countries"] for e in EVENTS)]

DATASET_VERSION = "mock-1"


def load_raw_dataset(directory):
    """Rebuilds every record from a TiesCore dataset folder (events.json, leaders.json, sources/*.json + *.txt, ...)
    instead of the hand-written records above: a development aid for seeing the real data in the dashboard before
    the real API serves it (`mock_api.py --dataset DIR`). Offsets are computed here as the API would."""
    import glob
    import json as _json
    global SOURCES, TEXTS, EVENTS, EVENTS_BY_ID, LEVELS, LEADERS, LEADERS_BY_ID, TOPIC_RECORDS, COUNTRY_RECORDS
    global DATASET_VERSION

    def read(name):
        with open(os.path.join(directory, name), encoding="utf-8") as f:
            return _json.load(f)

    def date(raw):
        if raw is None:
            return None
        out = pd(raw["date"], raw.get("approximate", False), raw.get("note"))
        out["qualifier"] = raw.get("qualifier")
        return out

    TEXTS = {}
    SOURCES = []
    for meta_path in sorted(glob.glob(os.path.join(directory, "sources", "*.json"))):
        meta = read(os.path.relpath(meta_path, directory))
        with open(meta_path[:-5] + ".txt", encoding="utf-8") as f:
            TEXTS[meta["id"]] = f.read()
        pub = dict(meta["published"])
        pub["precision"] = pd(pub["date"])["precision"]
        SOURCES.append({**meta, "published": pub, "textLength": len(TEXTS[meta["id"]]),
                        "links": {"self": f"/api/v1/sources/{meta['id']}", "text": f"/api/v1/sources/{meta['id']}/text"}})

    def cites(raw):
        return [cite(c["sourceId"], c["quote"]) for c in raw or []]

    raw_leaders = read("leaders.json")
    leader_by_id = {l["id"]: l for l in raw_leaders}
    EVENTS = []
    for e in read("events.json"):
        outcomes = [{**o, "amounts": o.get("amounts", []), "citations": cites(o.get("citations"))} for o in e.get("outcomes", [])]
        location = e.get("location")
        if location:
            location = {**location, "citations": cites(location.get("citations"))}
        participants = []
        for p in e.get("participants", []):
            leader = leader_by_id.get(p.get("leaderId"), {})
            participants.append({"leaderId": p.get("leaderId"), "name": p.get("name") or leader.get("name"),
                                 "role": p.get("role"), "country": p.get("country") or leader.get("country")})
        ev = {**e, "date": date(e["date"]), "endDate": date(e.get("endDate")), "location": location,
              "participants": participants, "outcomes": outcomes, "citations": cites(e.get("citations")),
              "relatedEventIds": e.get("relatedEventIds", []), "partnershipLevelId": e.get("partnershipLevelId")}
        all_cites = ev["citations"] + [c for o in outcomes for c in o["citations"]]
        ev["sourceIds"] = source_ids(all_cites)
        ev["corroboration"] = len(ev["sourceIds"])
        ev["links"] = {"self": f"/api/v1/events/{e['id']}"}
        EVENTS.append(ev)
    EVENTS_BY_ID = {e["id"]: e for e in EVENTS}

    LEVELS = []
    for lv in read("partnership-levels.json"):
        c = cites(lv["citations"])
        level = {**lv, "reached": EVENTS_BY_ID[lv["eventId"]]["date"], "citations": c, "sourceIds": source_ids(c),
                 "corroboration": len(source_ids(c)), "links": {"self": f"/api/v1/partnership-levels/{lv['id']}"}}
        level["mentions"] = [{"sourceId": sid, "count": len(sp), "spans": sp}
                             for sid, text in TEXTS.items() for sp in [mention_spans(text, lv["spellings"], True)] if sp]
        LEVELS.append(level)

    LEADERS = []
    for l in raw_leaders:
        offices = [{**o, "from": date(o.get("from")), "to": date(o.get("to")), "citedOn": [],
                    "citations": cites(o.get("citations"))} for o in l["offices"]]
        c = cites(l.get("citations"))
        sids = source_ids(c + [x for o in offices for x in o["citations"]])
        LEADERS.append({**l, "offices": offices, "citations": c, "sourceIds": sids, "corroboration": len(sids),
                        "eventIds": [e["id"] for e in EVENTS if any(p["leaderId"] == l["id"] for p in e["participants"])],
                        "mentions": [{"sourceId": sid, "count": len(sp), "spans": sp}
                                     for sid, text in TEXTS.items() for sp in [mention_spans(text, l["aliases"])] if sp],
                        "links": {"self": f"/api/v1/leaders/{l['id']}", "events": f"/api/v1/leaders/{l['id']}/events"}})
    LEADERS_BY_ID = {l["id"]: l for l in LEADERS}
    for s in SOURCES:
        s["citationCount"] = len(source_citations(s["id"]))
    TOPIC_RECORDS = [{**t, "eventCount": sum(1 for e in EVENTS if t["id"] in e["topics"]),
                      "links": {"self": f"/api/v1/topics/{t['id']}"}} for t in read("topics.json")]
    COUNTRY_RECORDS = [{"code": c["code"], "name": c["name"], "aliases": c.get("aliases", []),
                        "leaderIds": [l["id"] for l in LEADERS if l["country"] == c["code"]],
                        "eventCount": sum(1 for e in EVENTS if c["code"] in e["countries"]),
                        "links": {"self": f"/api/v1/countries/{c['code']}"}} for c in read("countries.json")]
    DATASET_VERSION = "raw-" + os.path.basename(os.path.abspath(directory))
