#!/usr/bin/env python3
"""Browser test of the dashboard (issue 5): loads Public/ from a running server in headless Chromium and asserts on
the rendered DOM against what the same server's API returns, so it holds for the mock and the real dataset alike.

Usage: dashboard_test.py --base http://127.0.0.1:PORT --artifacts DIR
Prints one line per check and ends with "N passed, N failed"; exits 1 on any failure.
"""
import argparse
import json
import os
import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cdp import Browser  # noqa: E402

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
passed, failed = 0, 0


def check(name, condition, detail=""):
    global passed, failed
    if condition:
        passed += 1
        print(f"ok   {name}")
    else:
        failed += 1
        print(f"FAIL {name}{': ' + str(detail) if detail else ''}")
    return condition


def api(base, path, params=None):
    url = base + path + ("?" + urllib.parse.urlencode(params) if params else "")
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers={"Accept": "application/json"}), timeout=10) as r:
            body = r.read().decode()
            return r.status, (json.loads(body) if "json" in r.headers.get("Content-Type", "") else body)
    except urllib.error.HTTPError as e:
        body = e.read().decode()
        return e.code, (json.loads(body) if body.startswith("{") else body)


PAGED = ("/api/v1/events", "/api/v1/leaders", "/api/v1/sources", "/api/v1/search")


def api_list(base, path, params=None):
    """Every item of a list; only the paginated lists take limit/cursor (the others reject any parameter)."""
    paged = path in PAGED
    status, body = api(base, path, {"limit": 500, **(params or {})} if paged else params)
    assert status == 200, f"{path}: {status} {body}"
    items = body["data"]
    while paged and body["meta"].get("nextCursor"):
        status, body = api(base, path, {"limit": 500, **(params or {}), "cursor": body["meta"]["nextCursor"]})
        items += body["data"]
    return items


def fmt_date(pd):
    if pd.get("qualifier"):
        return f"{pd['qualifier']} {fmt_date({'date': pd['date']})}"
    parts = [int(x) for x in pd["date"].split("-")]
    if len(parts) == 3:
        return f"{parts[2]} {MONTHS[parts[1] - 1]} {parts[0]}"
    if len(parts) == 2:
        return f"{MONTHS[parts[1] - 1]} {parts[0]}"
    return str(parts[0])


def load(browser, url, allow_network=False, timeout=20):
    browser.navigate(url)
    ready = browser.wait_for("document.body && ['ready', 'error'].includes(document.body.dataset.state)", timeout)
    time.sleep(0.1)
    errors = browser.problems(allow_network=allow_network)
    for attribute in ("data-js-errors", "data-contract-warnings"):
        reported = browser.evaluate(f"document.documentElement.getAttribute('{attribute}')")
        if reported:
            errors += [f"{attribute}: {m}" for m in json.loads(reported)]
    return ready, errors


def share_checks(browser, base, artifacts, events):
    ids = [e["id"] for e in events]
    event_id = "2024-05-23-kishida-anwar-summit" if "2024-05-23-kishida-anwar-summit" in ids else ids[0]
    quoted = urllib.parse.quote(event_id)
    _, record = api(base, f"/api/v1/events/{quoted}")
    cite = record["data"]["cite"]
    browser.set_viewport(1280, 900)
    load(browser, f"{base}/?event={quoted}")
    box = f"[data-share=\"events:{event_id}\"]"
    q = lambda inner: json.dumps(f"{box} {inner}")
    text = browser.evaluate(f"document.querySelector({q('[data-cite-text]')})?.value")
    check("Cite shows the API's attribution for the open event", text == cite["text"], text)
    hrefs = browser.evaluate(f"[...document.querySelectorAll({q('a[data-format]')})].map(a => a.getAttribute('href'))")
    wanted = [f"/api/v1/events/{event_id}?format={f}" for f in ("csl", "bibtex", "ris")]
    check("Cite offers the record as CSL-JSON, BibTeX and RIS", hrefs == wanted, hrefs)
    for href, media in zip(wanted, ("application/vnd.citationstyles.csl+json", "application/x-bibtex", "application/x-research-info-systems")):
        with urllib.request.urlopen(base + href, timeout=10) as r:
            check(f"the {href.rsplit('=', 1)[1]} download answers {media}", r.headers["Content-Type"].startswith(media), r.headers["Content-Type"])
    styles = browser.evaluate(f"[...document.querySelectorAll({q('a[data-style]')})].map(a => a.getAttribute('href'))")
    check("Cite links APA, Chicago and MLA", styles == [f"/api/v1/events/{event_id}/citation?style={s}" for s in ("apa", "chicago", "mla")], styles)
    browser.evaluate(f"document.querySelector({q('[data-embed]')}).click()")
    ready = browser.wait_for(f"(document.querySelector({q('[data-embed-code]')})?.value || '').startsWith('<iframe')", 10)
    code = browser.evaluate(f"document.querySelector({q('[data-embed-code]')})?.value")
    _, oembed = api(base, "/oembed", {"url": f"{base}/embed/events/{event_id}"})
    check("Embed shows the iframe the oEmbed provider answers", ready and code == oembed["html"], code)
    browser.evaluate(f"(() => {{ const el = document.querySelector({q('.label')}); window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 120); }})()")
    time.sleep(0.2)
    errors = browser.problems()
    check("Cite and Embed: no errors in the console", not errors, errors)
    browser.screenshot(os.path.join(artifacts, "share-1280.png"), full_page=False)
    # The card a CMS frames: its own inline style allowed by the CSP hash (a blocked style is a console error
    # and an unstyled quote), readable at 320 px.
    for width in (320, 1280):
        browser.set_viewport(width, 640, mobile=width < 400)
        browser.navigate(f"{base}/embed/events/{quoted}")
        browser.wait_for("document.readyState === 'complete'")
        time.sleep(0.1)
        errors = browser.problems()
        check(f"embed card at {width} px: no console errors (the CSP allows its style and nothing else)", not errors, errors)
        shown = browser.evaluate("document.querySelector('blockquote')?.textContent")
        check(f"embed card at {width} px: the quote of the record's cite", shown == f"“{cite['quote']}”", shown)
        border = browser.evaluate("getComputedStyle(document.querySelector('blockquote')).borderLeftStyle")
        check(f"embed card at {width} px: its style applies", border == "solid", border)
        scroll = browser.evaluate("document.documentElement.scrollWidth")
        check(f"embed card at {width} px: no horizontal scrolling", scroll <= width, scroll)
        links = browser.evaluate("[...document.querySelectorAll('link[rel=alternate]')].map(l => l.type)")
        check(f"embed card at {width} px: oEmbed discovery links", links == ["application/json+oembed", "text/xml+oembed"], links)
        browser.screenshot(os.path.join(artifacts, f"embed-{width}.png"), full_page=False)
    browser.set_viewport(1280, 900)


def known_at_checks(browser, base, artifacts):
    """"As reported by" (issue 13): the page drawn from the API's knownAt view, set by URL and by the form."""
    def shown(selector, attribute):
        return browser.evaluate(f"[...document.querySelectorAll('{selector}')].map(e => e.dataset.{attribute})")

    browser.set_viewport(1280, 900)
    for date in ("2023-12-10", "2023-12-17"):
        params = {"knownAt": date}
        ready, errors = load(browser, f"{base}/?knownAt={date}")
        _, current = api(base, "/api/v1/partnership-levels/current", params)
        level = browser.evaluate("document.getElementById('current-level')?.textContent")
        check(f"as reported by {date}: the glance shows the API's level then", ready and level == current["data"]["level"]["name"], level)
        events = [e["id"] for e in api_list(base, "/api/v1/events", params)]
        check(f"as reported by {date}: the timeline is the API's events then", shown("#timeline-body article.event", "event") == events,
              f"{shown('#timeline-body article.event', 'event')} vs {events}")
        leaders = [l["id"] for l in api_list(base, "/api/v1/leaders", params)]
        drawn = shown("#leaders-body article.leader", "leader")
        check(f"as reported by {date}: the leaders are the API's then", sorted(drawn) == sorted(leaders), f"{drawn} vs {leaders}")
        requests = browser.evaluate("[...document.querySelectorAll('#request-list a')].map(a => a.getAttribute('href'))")
        api_requests = [r for r in requests if "/api/v1" in r]
        check(f"as reported by {date}: every API request carries knownAt", api_requests and all(f"knownAt={date}" in r for r in api_requests), api_requests)
        check(f"as reported by {date}: no errors", not errors, errors)
    browser.screenshot(os.path.join(artifacts, "known-at-1280.png"), full_page=False)

    # The form: type a date, submit, and the URL and page follow; "Today" goes back to the whole dataset.
    load(browser, base + "/")
    browser.evaluate(js("const i = document.getElementById('known-at-input'); i.value = '2023-12-10';"
                        "document.getElementById('known-at').requestSubmit();"))
    browser.wait_for("location.search.includes('knownAt=2023-12-10') && document.body.dataset.state === 'ready'", 10)
    _, current = api(base, "/api/v1/partnership-levels/current", {"knownAt": "2023-12-10"})
    level = browser.evaluate("document.getElementById('current-level')?.textContent")
    check("the 'as reported by' form sets knownAt in the URL and redraws", level == current["data"]["level"]["name"], level)
    browser.evaluate("document.getElementById('known-at-clear').click()")
    browser.wait_for("!location.search.includes('knownAt') && document.body.dataset.state === 'ready'", 10)
    everything = [e["id"] for e in api_list(base, "/api/v1/events")]
    check("'Today' returns to the whole dataset", shown("#timeline-body article.event", "event") == everything)


def js(expr):
    return f"(() => {{ {expr} }})()"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--base", required=True)
    ap.add_argument("--artifacts", default="artifacts/dashboard")
    ap.add_argument("--server", default="real", choices=["real", "mock"],
                    help="the mock API has no cite, citation styles, embeds or oEmbed: those checks need the real server")
    args = ap.parse_args()
    base = args.base.rstrip("/")
    os.makedirs(args.artifacts, exist_ok=True)

    # What the page should show, straight from the API it draws.
    _, index = api(base, "/api/v1")
    counts = index["data"]["counts"]
    levels = api_list(base, "/api/v1/partnership-levels")
    _, current = api(base, "/api/v1/partnership-levels/current")
    current = current["data"]["level"]  # {asOf, level, possiblyReached}
    events = api_list(base, "/api/v1/events")
    leaders = api_list(base, "/api/v1/leaders")
    sources = api_list(base, "/api/v1/sources")

    browser = Browser(1280, 900)
    try:
        browser.set_viewport(1280, 900)

        # 1. The whole dashboard, desktop.
        ready, errors = load(browser, base + "/")
        check("page renders (body[data-state=ready])", ready and browser.evaluate("document.body.dataset.state") == "ready",
              browser.evaluate("document.body.dataset.state"))
        check("no JavaScript errors or failed requests on /", not errors, errors)
        if current:
            check("glance shows the current level", browser.evaluate("document.getElementById('current-level')?.textContent") == current["name"],
                  browser.evaluate("document.getElementById('current-level')?.textContent"))
            since = browser.evaluate("document.querySelector('.glance__since')?.textContent || ''")
            year = current["reached"]["date"][:4]
            check("glance says since when", year in since, since)
        stats = browser.evaluate("[...document.querySelectorAll('.stat__n')].map(e => e.textContent)")
        check("glance counts equal the API index counts",
              stats[:4] == [str(counts["events"]), str(counts["sources"]), str(counts["leaders"]), str(counts["citations"])],
              f"{stats} vs {counts}")

        # Ladder: one step per level, labelled with its name, month-precision levels drawn as a band.
        chart_labels = browser.evaluate("[...document.querySelectorAll('.ladder-chart .step-label')].map(e => e.textContent)")
        check("ladder chart has a labelled step per level", sorted(chart_labels) == sorted(l["name"] for l in levels),
              chart_labels)
        chart_dates = browser.evaluate("[...document.querySelectorAll('.ladder-chart .step-date')].map(e => e.textContent)")
        for level in levels:
            check(f"ladder dates '{level['name']}' at its precision ({fmt_date(level['reached'])})",
                  any(fmt_date(level["reached"]) in d for d in chart_dates), chart_dates)
        bands = browser.evaluate("document.querySelectorAll('.ladder-chart .step-band').length")
        check("month/year-precision levels are bands, not days",
              bands == sum(1 for l in levels if l["reached"]["precision"] != "day"), bands)
        list_names = browser.evaluate("[...document.querySelectorAll('.ladder-list__name')].map(e => e.textContent)")
        check("ladder list names every level", sorted(list_names) == sorted(l["name"] for l in levels), list_names)
        lane = browser.evaluate("document.querySelectorAll('.ladder-chart .lane-mark').length")
        check("every event is drawn in the chart's events lane", lane == len(events), f"{lane} vs {len(events)}")

        # Timeline: every event, with its date at its precision.
        shown = browser.evaluate("[...document.querySelectorAll('#timeline-body article.event')].map(e => e.dataset.event)")
        check("timeline shows every event, newest first", shown == [e["id"] for e in events], shown)
        dates = browser.evaluate(js("return Object.fromEntries([...document.querySelectorAll('#timeline-body article.event')]"
                                    ".map(e => [e.dataset.event, [e.querySelector('time').getAttribute('datetime'), e.querySelector('time').textContent]]))"))
        bad_dates = []
        for e in events:
            dt, text = dates.get(e["id"], [None, ""])
            if dt != e["date"]["date"] or not text.endswith(fmt_date(e["date"]).split(" ")[-1]) or \
                    (e["date"]["precision"] == "month" and not re.fullmatch(r"(?:[a-z]+ )?[A-Z][a-z]{2} \d{4}", text)) or \
                    (e["date"]["precision"] == "year" and not re.fullmatch(r"(?:[a-z]+ )?\d{4}", text)) or \
                    (e["date"]["precision"] == "day" and not e.get("endDate") and text != fmt_date(e["date"])):
                bad_dates.append((e["id"], e["date"], text))
        check("each event's date is shown at its precision (no invented day)", not bad_dates, bad_dates)
        month_events = [e for e in events if e["date"]["precision"] == "month"]
        if month_events:
            e = month_events[0]
            label = browser.evaluate(f"document.querySelector('#event-{e['id']} .precision')?.textContent")
            check(f"month-precision event says so ({e['id']})", label == "month only", label)
        years = browser.evaluate("[...document.querySelectorAll('#timeline-body .year__label')].map(e => e.textContent)")
        check("events are grouped by year", years == sorted({e["date"]["date"][:4] for e in events}, reverse=True), years)
        with_outcome = next((e for e in events if any(o["amounts"] for o in e["outcomes"])), None)
        if with_outcome:
            load(browser, f"{base}/?event={urllib.parse.quote(with_outcome['id'])}")
            amounts = browser.evaluate(f"[...document.querySelectorAll('#event-{with_outcome['id']} .amount')].map(e => e.textContent)")
            printed = [a["asPrinted"] for o in with_outcome["outcomes"] for a in o["amounts"]]
            check("outcome amounts appear as printed", amounts == printed, f"{amounts} vs {printed}")
            ready, errors = load(browser, base + "/")
            check("reloading / is clean", ready and not errors, errors)
        corro = browser.evaluate(js("return Object.fromEntries([...document.querySelectorAll('#timeline-body article.event')]"
                                    ".map(e => [e.dataset.event, e.querySelector('.corroboration').textContent]))"))
        check("each event shows its corroboration",
              all(corro.get(e["id"], "").startswith(str(e["corroboration"])) for e in events), corro)
        with_people = next((e for e in events if e["participants"]), None)
        if with_people:
            people = browser.evaluate(f"document.querySelector('#event-{with_people['id']} .event__people')?.textContent || ''")
            check("participants are listed (by name, or by role when unnamed)",
                  all((p["name"] or p["role"]) in people for p in with_people["participants"]), people)
        unnamed = next((e for e in events if any(not p["name"] for p in e["participants"])), None)
        if unnamed:
            people = browser.evaluate(f"document.querySelector('#event-{unnamed['id']} .event__people')?.textContent || ''")
            check("a participant named only by role is shown by role, never as 'null'",
                  "null" not in people and all(p["role"] in people for p in unnamed["participants"] if not p["name"]), people)

        # Leaders and sources.
        cards = browser.evaluate("[...document.querySelectorAll('article.leader')].map(e => e.dataset.leader)")
        check("a card per leader", sorted(cards) == sorted(l["id"] for l in leaders), cards)
        leader = max(leaders, key=lambda l: (len(l["eventIds"]), sum(m["count"] for m in l["mentions"])))
        card_text = browser.evaluate(f"document.getElementById('leader-{leader['id']}')?.textContent || ''")
        check(f"leader card {leader['id']} shows name and offices as cited",
              leader["name"] in card_text and all(o["title"] in card_text for o in leader["offices"]), card_text[:200])
        mention_counts = browser.evaluate(f"[...document.querySelectorAll('#leader-{leader['id']} .mention__count')].map(e => Number(e.textContent))")
        check("leader card shows mentions per source", mention_counts == [m["count"] for m in leader["mentions"]],
              f"{mention_counts} vs {[m['count'] for m in leader['mentions']]}")
        listed = browser.evaluate("[...document.querySelectorAll('article.source')].map(e => e.dataset.source)")
        check("a row per source", sorted(listed) == sorted(s["id"] for s in sources), listed)
        titles = browser.evaluate("[...document.querySelectorAll('article.source .source__title')].map(e => e.textContent)")
        check("sources show their titles", sorted(titles) == sorted(s["title"] for s in sources), titles)
        inferred = [s for s in sources if (s.get("publisher") or {}).get("inferred")]
        if inferred:
            tagged = browser.evaluate(f"document.querySelector('#source-{inferred[0]['id']} .tag--inferred')?.textContent")
            check("inferred metadata is marked as inferred", tagged == "inferred", tagged)
        curl = browser.evaluate("document.getElementById('curl-command').textContent")
        check("curl command names the API URL of the view", curl.startswith("curl -s '") and "/api/v1/events" in curl, curl)
        check("API link points at /openapi.json",
              browser.evaluate("document.getElementById('api-link').getAttribute('href')") == "/openapi.json")
        browser.screenshot(os.path.join(args.artifacts, "dashboard-1280.png"))

        # 2. A filter in the URL filters: the same events as the API's filtered list, fewer than all.
        by_leader = next((l for l in sorted(leaders, key=lambda l: -len(l["eventIds"]))
                          if 0 < len(l["eventIds"]) < len(events)), None)
        if check("the dataset has a leader with some but not all events", by_leader is not None):
            expected = [e["id"] for e in api_list(base, "/api/v1/events", {"leader": by_leader["id"]})]
            ready, errors = load(browser, f"{base}/?leader={urllib.parse.quote(by_leader['id'])}")
            shown = browser.evaluate("[...document.querySelectorAll('#timeline-body article.event')].map(e => e.dataset.event)")
            check(f"?leader={by_leader['id']} shows exactly the API's events", ready and shown == expected,
                  f"{shown} vs {expected}")
            check("filtered view has no errors", not errors, errors)
            selected = browser.evaluate("(s => [s.value, s.selectedOptions[0]?.textContent, s.options.length])(document.getElementById('f-leader'))")
            check("the leader select offers every leader and shows the filter",
                  selected == [by_leader["id"], by_leader["name"], len(leaders) + 1], selected)
            chip = browser.evaluate("document.querySelector('#active-filters .chip')?.textContent || ''")
            check("the active filter is named", by_leader["name"] in chip, chip)
            curl = browser.evaluate("document.getElementById('curl-command').textContent")
            check("curl command carries the filter", f"leader={by_leader['id']}" in curl, curl)
        topic_type = next(((t, e["type"]) for e in events for t in e["topics"]), None)
        if topic_type:
            t, ty = topic_type
            expected = [e["id"] for e in api_list(base, "/api/v1/events", {"topic": t, "type": ty})]
            ready, errors = load(browser, f"{base}/?topic={urllib.parse.quote(t)}&type={urllib.parse.quote(ty)}")
            shown = browser.evaluate("[...document.querySelectorAll('#timeline-body article.event')].map(e => e.dataset.event)")
            check(f"?topic={t}&type={ty} shows exactly the API's events", ready and shown == expected and not errors,
                  f"{shown} vs {expected} {errors}")

        # An empty result says so and offers a way out.
        ready, errors = load(browser, f"{base}/?q=zzqx-no-such-words")
        empty = browser.evaluate("document.querySelector('#timeline-body .status--empty')?.textContent || ''")
        check("no matching events: the page says so", ready and "No events match" in empty and not errors, f"{empty} {errors}")

        # Choosing a filter in the form puts it in the URL and filters; Back undoes it.
        country = "MY" if any("MY" in e["countries"] for e in events) else events[0]["countries"][0]
        load(browser, base + "/")
        browser.evaluate(js(f"const s = document.getElementById('f-country'); s.value = '{country}';"
                            "s.dispatchEvent(new Event('change', {bubbles: true}));"))
        browser.wait_for(f"location.search.includes('country={country}') && document.body.dataset.state === 'ready'", 10)
        expected = [e["id"] for e in api_list(base, "/api/v1/events", {"country": country})]
        shown = browser.evaluate("[...document.querySelectorAll('#timeline-body article.event')].map(e => e.dataset.event)")
        check(f"choosing country {country} in the form filters and updates the URL", shown == expected, f"{shown} vs {expected}")
        check("the change is announced", bool(browser.evaluate("document.getElementById('announcer').textContent")))
        browser.evaluate("history.back()")
        browser.wait_for("!location.search.includes('country=') && document.body.dataset.state === 'ready'", 10)
        shown = browser.evaluate("[...document.querySelectorAll('#timeline-body article.event')].map(e => e.dataset.event)")
        check("Back removes the filter again", shown == [e["id"] for e in events] and
              browser.evaluate("document.getElementById('f-country').value") == "", shown)

        # 3. A bad filter shows the API's problem+json detail and the parameter it names.
        status, problem = api(base, "/api/v1/events", {"type": "no-such-type", "limit": 500})
        ready, errors = load(browser, f"{base}/?type=no-such-type", allow_network=True)
        err_text = browser.evaluate("document.querySelector('#timeline-body .status--error')?.textContent || ''")
        if isinstance(problem, dict) and status == 400:
            check("bad filter: the API's detail is shown", problem.get("detail", "") in err_text, err_text[:300])
            named = [e["parameter"] for e in problem.get("errors", [])]
            check("bad filter: the parameter the API names is shown", all(n in err_text for n in named), named)
        else:
            check("bad filter: the API rejects an unknown type with 400 problem+json", False, f"{status} {problem}")
        check("bad filter: no JavaScript errors", not errors, errors)

        # 4. A citation opens its source with the quote highlighted: first from a URL...
        citation = (current or levels[0])["citations"][0] if (current or levels) else events[0]["citations"][0]
        source = next(s for s in sources if s["id"] == citation["sourceId"])
        ready, errors = load(browser, f"{base}/?source={urllib.parse.quote(citation['sourceId'])}&cite={citation['start']}-{citation['end']}")
        check("?source=&cite= opens the reader", ready and browser.evaluate("document.getElementById('reader').open"))
        check("reader shows the source's title", browser.evaluate("document.getElementById('reader-title').textContent") == source["title"])
        active = browser.evaluate("document.getElementById('active-quote')?.textContent")
        check("the <mark> holds exactly the cited quote", active == citation["quote"], f"{active!r} vs {citation['quote']!r}")
        _, detail = api(base, f"/api/v1/sources/{urllib.parse.quote(source['id'])}")
        marked = browser.evaluate(js(
            "const marks = [...document.querySelectorAll('#reader-body .reader__text mark.quote')];"
            "return marks.length;"))
        uncovered = browser.evaluate(js(
            f"const cites = {json.dumps(detail['data']['citations'])};"
            "const text = document.querySelector('#reader-body .reader__text');"
            "const covered = new Set(); let at = 0;"
            "for (const node of text.querySelectorAll('mark.quote, mark.quote-active')) {}"
            "const walker = document.createTreeWalker(text, NodeFilter.SHOW_TEXT); let n;"
            "while ((n = walker.nextNode())) { const len = Array.from(n.data).length;"
            "  if (n.parentElement.closest('mark.quote')) for (let i = at; i < at + len; i++) covered.add(i);"
            "  at += len; }"
            "return cites.filter(c => { for (let i = c.start; i < c.end; i++) if (!covered.has(i)) return true; return false; }).map(c => c.quote);"))
        check(f"every cited quote in the source is highlighted ({marked} marks)", marked > 0 and uncovered == [], uncovered)
        # Every citation's quote equals the text at its offsets, sliced by Unicode scalars as the page does it.
        mismatches = browser.evaluate(js(
            f"const text = document.querySelector('#reader-body .reader__text').textContent;"
            f"const chars = Array.from(text); const cites = {json.dumps(detail['data']['citations'])};"
            "return cites.filter(c => chars.slice(c.start, c.end).join('') !== c.quote).map(c => c.quote);"))
        check("page text sliced by Unicode scalars matches every citation", mismatches == [], mismatches)
        check("focus moves to the highlighted quote", browser.evaluate("document.activeElement?.id") == "active-quote",
              browser.evaluate("document.activeElement?.id"))
        check("reader view has no errors", not errors, errors)
        browser.screenshot(os.path.join(args.artifacts, "reader-1280.png"), full_page=False)

        # ...then by clicking a citation link on the page, and Back closes the reader.
        load(browser, base + "/")
        target = browser.evaluate(js(
            "const a = document.querySelector('#timeline-body a.cite[data-source]'); a.click();"
            "return {source: a.dataset.source, start: Number(a.dataset.start), end: Number(a.dataset.end)};"))
        opened = browser.wait_for("document.getElementById('active-quote') && document.body.dataset.state === 'ready'", 10)
        check("clicking a citation opens its source", opened and f"source={target['source']}" in browser.evaluate("location.search"),
              browser.evaluate("location.search"))
        _, text = api(base, f"/api/v1/sources/{urllib.parse.quote(target['source'])}/text")
        want = text[target["start"]:target["end"]]  # Python indexes strings by Unicode scalar, as the API counts
        check("...scrolled to the highlighted quote", browser.evaluate("document.getElementById('active-quote')?.textContent") == want)
        in_view = browser.evaluate(js(
            "const r = document.getElementById('active-quote').getBoundingClientRect();"
            "return r.bottom > 0 && r.top < innerHeight;"))
        check("the highlighted quote is in view", in_view)
        browser.evaluate("history.back()")
        closed = browser.wait_for("!document.getElementById('reader').open && !location.search.includes('source=')", 10)
        check("Back closes the source again", closed)

        # 5. An open event in the URL is expanded.
        event = max(events, key=lambda e: e["corroboration"])
        load(browser, f"{base}/?event={urllib.parse.quote(event['id'])}")
        check("?event= opens that event", browser.evaluate("[...document.querySelectorAll('.event--open')].map(e => e.dataset.event)") == [event["id"]])

        # 6. Search: highlighted snippets from /api/v1/search.
        word = "maritime"
        _, hits = api(base, "/api/v1/search", {"q": word, "limit": 500})
        ready, errors = load(browser, f"{base}/?search={word}")
        rendered = browser.evaluate("document.querySelectorAll('#search-results .hit').length")
        check("search shows the API's hits", ready and rendered == len(hits["data"]) > 0, f"{rendered} vs {len(hits['data'])}")
        marks = browser.evaluate("[...document.querySelectorAll('#search-results .hit__snippet mark')].map(m => m.textContent.toLowerCase())")
        check("search snippets highlight the match", marks and all(word in m or m in word for m in marks), marks[:5])
        check("search view has no errors", not errors, errors)

        # 7. Keyboard: skip link first, visible focus, Enter on a citation opens the reader, Escape closes it.
        load(browser, base + "/")
        browser.press("Tab")
        first = browser.evaluate("[document.activeElement.className, getComputedStyle(document.activeElement).outlineStyle]")
        check("Tab reaches the skip link first, with a visible focus ring", first == ["skip-link", "solid"], first)
        browser.evaluate("document.querySelector('.glance a.cite').focus()")
        ring = browser.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        check("a focused citation link shows a focus ring", ring == "solid", ring)
        browser.press("Enter")
        opened = browser.wait_for("document.getElementById('reader').open && document.getElementById('active-quote') && document.body.dataset.state === 'ready'", 10)
        check("Enter on a citation opens the reader at the quote", opened)
        browser.press("Escape")
        closed = browser.wait_for("!document.getElementById('reader').open && !location.search.includes('source=') && document.body.dataset.state === 'ready'", 10)
        check("Escape closes the reader and the URL follows", closed, browser.evaluate("location.search"))
        refocused = browser.evaluate("document.activeElement?.matches('.glance a.cite')")
        check("focus returns to the citation after closing", refocused, browser.evaluate("document.activeElement?.outerHTML?.slice(0, 120)"))

        # 8. API down: the page says so instead of drawing nothing.
        browser.send("Network.setBlockedURLs", {"urls": ["*/api/v1*"]})
        ready, _ = load(browser, base + "/", allow_network=True)
        banner = browser.evaluate("document.getElementById('banner').hidden ? '' : document.getElementById('banner').textContent")
        check("API down: the page says the API did not answer", "did not answer" in banner, banner[:200])
        browser.send("Network.setBlockedURLs", {"urls": []})

        # 9a. Cite and embed (issue 14), values from the real server: an open event's share box, then the card itself.
        if args.server == "real":
            share_checks(browser, base, args.artifacts, events)
            known_at_checks(browser, base, args.artifacts)

        # 9. Phone width: no sideways scrolling.
        browser.set_viewport(375, 800, mobile=True)
        ready, errors = load(browser, base + "/")
        width = browser.evaluate("document.documentElement.scrollWidth")
        check("375 px: renders without horizontal scrolling", ready and width <= 375, width)
        check("375 px: no errors", not errors, errors)
        browser.set_viewport(360, 800, mobile=True)
        load(browser, base + "/?event=" + urllib.parse.quote(events[0]["id"]))
        width = browser.evaluate("document.documentElement.scrollWidth")
        check("360 px with an open event: no horizontal scrolling", width <= 360, width)
        browser.set_viewport(375, 800, mobile=True)
        load(browser, base + "/")
        browser.screenshot(os.path.join(args.artifacts, "dashboard-375.png"))
        load(browser, f"{base}/?source={urllib.parse.quote(citation['sourceId'])}&cite={citation['start']}-{citation['end']}")
        browser.screenshot(os.path.join(args.artifacts, "reader-375.png"), full_page=False)
    finally:
        browser.close()

    print(f"dashboard: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
