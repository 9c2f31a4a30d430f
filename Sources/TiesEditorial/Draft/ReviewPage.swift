import FoundationEssentials
import TiesCore

/// review.html: one self-contained page (no server, no third-party code) showing the drafted text with every
/// proposal highlighted. The editor ticks proposals, edits a new record's fields, and downloads accepted.json
/// for `ties draft --accept` (see `Acceptance` for its shape).
enum ReviewPage {
    static func html(_ draft: Draft, known: Snapshot) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        struct Named: Encodable { let id: String; let name: String }
        struct Data_: Encodable {
            let sourceId: String; let title: String; let text: String; let proposals: [Proposal]
            let events: [Named]; let leaders: [Named]; let levels: [Named]; let eventTypes: [String]
        }
        let payload = Data_(sourceId: draft.metadata.id, title: draft.metadata.title.value ?? "", text: draft.page.text,
                            proposals: draft.proposals,
                            events: known.events.map { Named(id: $0.id, name: $0.title) },
                            leaders: known.leaders.map { Named(id: $0.id, name: $0.name) },
                            levels: known.partnershipLevels.map { Named(id: $0.id, name: $0.name) },
                            eventTypes: known.info.eventTypes.map(\.id))
        // In a <script> element "</" would end it early.
        let json = String(decoding: try encoder.encode(payload), as: UTF8.self).replacing("</", with: "<\\/")
        return template.replacing("__DATA__", with: json)
    }

    static let template = #"""
    <!doctype html>
    <html lang="en">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>Ties draft review</title>
    <style>
      body { font: 16px/1.5 system-ui, sans-serif; margin: 0; color: #1d1d1b; background: #fbfaf7; }
      main { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 1.5rem; padding: 1rem 1.5rem; }
      @media (max-width: 800px) { main { grid-template-columns: 1fr; } }
      h1 { font-size: 1.2rem; margin: 1rem 1.5rem 0; }
      #text { white-space: pre-wrap; background: #fff; border: 1px solid #ddd; padding: 1rem; border-radius: 4px; }
      mark { background: #fff2b3; } mark.on { background: #b8e6c1; }
      ol { padding-left: 1.2rem; } li { margin-bottom: .8rem; }
      .kind { font-weight: 600; } .reason { color: #555; font-size: .9rem; } .quote { font-style: italic; }
      fieldset { border: 1px solid #ccc; margin: .4rem 0; } label.f { display: block; font-size: .85rem; }
      label.f input, label.f textarea { width: 100%; box-sizing: border-box; }
      .bar { position: sticky; top: 0; background: #fbfaf7; padding: .5rem 0; border-bottom: 1px solid #ddd; }
      button { font: inherit; padding: .3rem .9rem; }
    </style>
    </head>
    <body>
    <h1 id="title">Draft review</h1>
    <main>
      <section><h2>Text</h2><div id="text"></div></section>
      <section>
        <div class="bar"><button id="download" type="button">Download accepted.json</button> <span id="count">0 accepted</span></div>
        <h2>Proposals</h2><ol id="list"></ol>
      </section>
    </main>
    <script id="data" type="application/json">__DATA__</script>
    <script>
    "use strict";
    const data = JSON.parse(document.getElementById("data").textContent);
    const $ = (id) => document.getElementById(id);
    function el(tag, attrs, ...kids) {
      const e = document.createElement(tag);
      for (const [k, v] of Object.entries(attrs || {})) { if (v !== null && v !== undefined) e.setAttribute(k, v); }
      for (const k of kids.flat()) if (k !== null && k !== undefined) e.append(k instanceof Node ? k : document.createTextNode(String(k)));
      return e;
    }
    $("title").textContent = "Draft review: " + data.title + " (" + data.sourceId + ")";
    // Offsets are Unicode scalars: index the text as code points, not UTF-16 units.
    const chars = Array.from(data.text);
    const spans = [...new Map(data.proposals.map((p) => [p.start + ":" + p.end, p])).values()].sort((a, b) => a.start - b.start);
    let at = 0;
    for (const s of spans) {
      if (s.start < at) continue;
      $("text").append(chars.slice(at, s.start).join(""));
      $("text").append(el("mark", {"data-span": s.start + ":" + s.end}, chars.slice(s.start, s.end).join("")));
      at = s.end;
    }
    $("text").append(chars.slice(at).join(""));
    const name = (list, id) => (list.find((x) => x.id === id) || {}).name || id;
    function action(p) {
      if (p.kind === "leader-mention") return {action: "cite", kind: "leader", id: p.leaderId};
      if (p.kind === "level-mention" && p.levelId) return {action: "cite", kind: "partnership-level", id: p.levelId};
      if (p.kind === "event" && p.eventId) return {action: "cite", kind: "event", id: p.eventId};
      if (p.kind === "event") return {action: "new-event"};
      if (p.kind === "new-person") return {action: "new-leader"};
      return null;
    }
    function field(p, key, label, value, multiline) {
      const input = multiline ? el("textarea", {rows: 3, "data-field": key}) : el("input", {"data-field": key});
      input.value = value;
      return el("label", {class: "f"}, label, input);
    }
    for (const p of data.proposals) {
      const a = action(p);
      const box = el("input", {type: "checkbox", "data-proposal": p.id, disabled: a ? null : "disabled"});
      let what = p.reason;
      if (a && a.action === "cite") what += " → cite it for " + (a.kind === "event" ? name(data.events, a.id) : a.kind === "leader" ? name(data.leaders, a.id) : name(data.levels, a.id));
      if (!a) what += " (for information: attach it to the record it dates or describes)";
      const item = el("li", {"data-proposal": p.id},
        el("label", null, box, " ", el("span", {class: "kind"}, p.kind), " ", el("span", {class: "reason"}, what)),
        el("div", {class: "quote"}, "“" + p.quote + "”"));
      if (a && a.action === "new-event") {
        const slug = (p.date ? p.date.date + "-" : "") + p.quote.toLowerCase().replace(/[^a-z0-9]+/g, "-").split("-").filter(Boolean).slice(0, 5).join("-");
        item.append(el("fieldset", {hidden: "hidden"}, el("legend", null, "New event"),
          field(p, "id", "id", slug), field(p, "type", "type (" + data.eventTypes.join(", ") + ")", data.eventTypes[0] || ""),
          field(p, "title", "title", p.quote.slice(0, 90)), field(p, "summary", "summary", p.quote, true),
          field(p, "date", "date (YYYY, YYYY-MM or YYYY-MM-DD)", p.date ? p.date.date : ""), field(p, "countries", "countries (codes, comma-separated)", "")));
      }
      if (a && a.action === "new-leader") {
        const slug = (p.name || "").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
        item.append(el("fieldset", {hidden: "hidden"}, el("legend", null, "New leader"),
          field(p, "id", "id", slug), field(p, "name", "name", p.name || ""), field(p, "country", "country code", ""),
          field(p, "office", "office title", p.office || "")));
      }
      $("list").append(item);
    }
    function value(item, key) { const f = item.querySelector('[data-field="' + key + '"]'); return f ? f.value.trim() : ""; }
    function accepted() {
      const items = [];
      for (const box of document.querySelectorAll("input[data-proposal]:checked")) {
        const p = data.proposals.find((x) => x.id === box.dataset.proposal);
        const item = box.closest("li");
        const a = action(p);
        if (a.action === "cite") items.push({proposal: p.id, action: "cite", kind: a.kind, id: a.id, quote: p.quote});
        if (a.action === "new-event") {
          const date = value(item, "date");
          items.push({proposal: p.id, action: "new-event", quote: p.quote, record: {
            id: value(item, "id"), type: value(item, "type"), title: value(item, "title"), summary: value(item, "summary"),
            date: date ? {date} : null, status: "happened", location: null, participants: [],
            countries: value(item, "countries").split(",").map((c) => c.trim().toUpperCase()).filter(Boolean), topics: [], outcomes: []}});
        }
        if (a.action === "new-leader") {
          const country = value(item, "country").toUpperCase();
          items.push({proposal: p.id, action: "new-leader", quote: p.quote, record: {
            id: value(item, "id"), name: value(item, "name"), country, aliases: [value(item, "name")],
            offices: [{title: value(item, "office"), country, from: null, to: null}]}});
        }
      }
      return {sourceId: data.sourceId, items};
    }
    document.addEventListener("change", (event) => {
      const box = event.target.closest("input[data-proposal]");
      if (box) {
        const p = data.proposals.find((x) => x.id === box.dataset.proposal);
        const set = box.closest("li").querySelector("fieldset");
        if (set) set.hidden = !box.checked;
        document.querySelector('mark[data-span="' + p.start + ":" + p.end + '"]')?.classList.toggle("on", box.checked);
      }
      $("count").textContent = document.querySelectorAll("input[data-proposal]:checked").length + " accepted";
    });
    $("download").addEventListener("click", () => {
      const blob = new Blob([JSON.stringify(accepted(), null, 2) + "\n"], {type: "application/json"});
      const a = el("a", {href: URL.createObjectURL(blob), download: "accepted.json"});
      document.body.append(a);
      a.click();
      a.remove();
    });
    </script>
    </body>
    </html>
    """#
}
