#!/usr/bin/env python3
"""The draft review page in headless Chromium (issue 15): `ties draft` on a shipped original, review.html opened
from disk, proposals ticked (every citation of a known record, and one new event with its fields filled in),
accepted.json downloaded by the page's own button, merged with `ties draft --accept`, logged with `ties changelog`,
and the dataset checked.

usage: review_test.py BIN WORKDIR ARTIFACTS
"""
import json
import os
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
from cdp import Browser  # noqa: E402

BIN, WORK, ARTIFACTS = sys.argv[1:4]
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SHIPPED = os.path.join(ROOT, "Sources", "TiesCore", "Dataset")
PAGE = os.path.join(SHIPPED, "originals", "003_2eebca44c6576a47.txt")
passed = failed = 0


def check(name, ok, detail=""):
    global passed, failed
    passed, failed = (passed + 1, failed) if ok else (passed, failed + 1)
    print(f"{'ok  ' if ok else 'FAIL'} {name}{'' if ok else ': ' + str(detail)[:400]}")


def ties(*args):
    r = subprocess.run([BIN, *args], capture_output=True, text=True)
    return r.returncode, r.stdout + r.stderr


dataset, draft, downloads = (os.path.join(WORK, d) for d in ("dataset", "draft", "downloads"))
shutil.copytree(SHIPPED, dataset)
os.makedirs(downloads)
os.makedirs(ARTIFACTS, exist_ok=True)
code, out = ties("draft", PAGE, "--into", dataset, "--out", draft)
check("ties draft writes the draft folder with review.html", code == 0 and os.path.exists(os.path.join(draft, "review.html")), out)
drafted_file = json.load(open(os.path.join(draft, "proposals.json")))
proposals, source_id = drafted_file["proposals"], drafted_file["sourceId"]

browser = Browser()
try:
    browser.send("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": downloads})
    browser.navigate("file://" + os.path.join(draft, "review.html"))
    browser.wait_for("document.querySelectorAll('#list li').length > 0", 10)
    shown = browser.evaluate("document.querySelectorAll('#list li').length")
    check("every proposal is listed", shown == len(proposals), f"{shown} vs {len(proposals)}")
    marks = browser.evaluate("document.querySelectorAll('#text mark').length")
    check("the text shows the proposals highlighted", marks > 0, marks)
    text = browser.evaluate("document.getElementById('text').textContent")
    drafted = open(os.path.join(draft, "sources", source_id + ".txt"), encoding="utf-8").read()
    check("the text is the drafted text", text == drafted, text[:80])
    # Tick every citation of a known record, and one new event.
    cite = [p["id"] for p in proposals if p["kind"] == "leader-mention" or (p["kind"] == "event" and p.get("eventId"))]
    new_event = next(p for p in proposals if p["kind"] == "event" and not p.get("eventId"))
    for pid in cite + [new_event["id"]]:
        browser.evaluate(f"document.querySelector('input[data-proposal=\"{pid}\"]').click()")
    fields = {"id": "2025-01-10-ishiba-anwar-economic-cooperation-test", "type": "agreement", "countries": "JP, MY",
              "title": "Test: economic cooperation likely agreed"}
    for key, value in fields.items():
        browser.evaluate(f"(() => {{ const f = document.querySelector('li[data-proposal=\"{new_event['id']}\"] [data-field=\"{key}\"]'); f.value = {json.dumps(value)}; }})()")
    count = browser.evaluate("document.getElementById('count').textContent")
    check("the ticked proposals are counted", count == f"{len(cite) + 1} accepted", count)
    browser.screenshot(os.path.join(ARTIFACTS, "review-1280.png"), full_page=False)
    browser.evaluate("document.getElementById('download').click()")
    target = os.path.join(downloads, "accepted.json")
    deadline = time.time() + 10
    while time.time() < deadline and not (os.path.exists(target) and os.path.getsize(target) > 0):
        time.sleep(0.1)
    check("the page downloads accepted.json", os.path.exists(target))
    problems = browser.problems()
    check("no console errors", not problems, problems)
finally:
    browser.close()

accepted = json.load(open(os.path.join(downloads, "accepted.json")))
check("accepted.json holds the ticked items", len(accepted["items"]) == len(cite) + 1, len(accepted["items"]))
code, out = ties("draft", "--accept", os.path.join(downloads, "accepted.json"), "--draft", draft, "--into", dataset)
check("ties draft --accept merges them", code == 0 and "merged" in out, out)
code, out = ties("changelog", "--from", SHIPPED, "--to", dataset, "--reason", "Review-page check: a drafted article accepted.")
check("ties changelog logs the new version", code == 0, out)
code, out = ties("--check", "--data", dataset)
check("the dataset passes ties --check with no hand edits", code == 0 and "dataset: ok" in out, out)
events = json.load(open(os.path.join(dataset, "events.json")))
added = next((e for e in events if e["id"] == fields["id"]), None)
check("the new event is in events.json with its quote", added is not None and added["citations"][0]["quote"] == new_event["quote"], added)
print(f"review: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
