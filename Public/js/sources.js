// The sources list and the reader: a source's full text with every cited quote highlighted, scrolled to the one
// a citation link pointed at. Offsets are Unicode scalar offsets, so the text is sliced with Array.from.
import {h, fill} from "./dom.js";
import {emptyBox, errorBox, navLink, tag} from "./common.js";
import {formatDate, kindLabel, plural, precisionLabel, truncate, typeLabel} from "./format.js";

function publisherLine(source) {
  const p = source.publisher;
  return [
    h("span", {class: "source__outlet"}, p ? p.name : "Outlet not stated"),
    p && p.inferred ? [" ", tag("inferred", "tag--inferred")] : null,
    source.wireServices.length ? h("span", {class: "source__wire"}, ` · via ${source.wireServices.join(", ")}`) : null,
  ];
}

function publishedLine(source) {
  const pub = source.published;
  if (!pub) return h("span", null, "Date not stated");
  return [
    h("time", {datetime: pub.date}, formatDate(pub, true)),
    pub.time ? ` ${pub.time}${pub.timeZone ? ` ${pub.timeZone}` : ""}` : "",
    pub.precision !== "day" ? [" ", tag(precisionLabel(pub), `tag--${pub.precision}`)] : null,
    pub.inferred ? [" ", tag("inferred", "tag--inferred")] : null,
  ];
}

function inferenceNotes(source, {extras = false} = {}) {
  const notes = [];
  // Optional extras some datasets carry (not in the v1 shapes): shown in the reader when present.
  if (extras && Array.isArray(source.notes)) notes.push(...source.notes.filter((n) => typeof n === "string"));
  if (extras && source.published?.asPrinted) notes.push(`Date as printed: “${source.published.asPrinted}”`);
  if (extras && source.published?.note) notes.push(source.published.note);
  if (extras && Array.isArray(source.removed) && source.removed.length) {
    notes.push(`Cut from the original page: ${source.removed.filter((n) => typeof n === "string").join(" ")}`);
  }
  if (source.publisher?.inferred && source.publisher.reason) notes.push(`Outlet inferred: ${source.publisher.reason}`);
  if (source.published?.inferred && source.published.reason) notes.push(`Date inferred: ${source.published.reason}`);
  return notes.map((n) => h("p", {class: "note"}, n));
}

export function renderSources(ctx, container) {
  if (!ctx.sources.length) {
    fill(container, emptyBox("No sources are loaded."));
    return;
  }
  const sorted = [...ctx.sources].sort((a, b) => (b.published?.date || "").localeCompare(a.published?.date || ""));
  fill(container, h("ol", {class: "sources"}, sorted.map((src) => h("li", null,
    h("article", {class: "source", id: `source-${src.id}`, "data-source": src.id},
      h("h3", {class: "source__title"}, navLink(ctx, {source: src.id, cite: null}, src.title)),
      h("p", {class: "source__meta"}, h("span", {class: "source__kind"}, kindLabel(src.kind)), " · ", publisherLine(src)),
      h("p", {class: "source__meta"}, publishedLine(src), " · ", plural(src.citationCount, "cited quote")),
      inferenceNotes(src))))));
}

/** What a citation into this source supports, in words: "Event: Ishiba and Anwar…". */
function recordLabel(ctx, c) {
  const type = c.recordType;
  if (type === "event" || type === "outcome" || type === "location") {
    const e = ctx.eventsById.get(c.recordId);
    return {text: `${typeLabel(type)}: ${e ? e.title : c.recordId}`, patch: {event: c.recordId, source: null}};
  }
  if (type === "office" || type === "leader") {
    const l = ctx.leadersById.get(c.recordId);
    return {text: `${typeLabel(type)}: ${l ? l.name : c.recordId}`, href: `#leader-${c.recordId}`};
  }
  if (type === "partnership-level") {
    const lv = ctx.levels.find((x) => x.id === c.recordId);
    return {text: `Partnership level: ${lv ? lv.name : c.recordId}`, href: "#ladder"};
  }
  return {text: `${typeLabel(type)}: ${c.recordId}`};
}

/**
 * Text with all cited ranges marked; the active range (from the URL) is one <mark class="quote-active"> around
 * exactly that passage, with the other highlights nested inside it where they overlap.
 */
export function highlightedText(text, citations, active) {
  const chars = Array.from(text);
  const n = chars.length;
  const bounds = new Set([0, n]);
  const ranges = citations.map((c) => ({start: Math.max(0, Math.min(c.start, n)), end: Math.max(0, Math.min(c.end, n)), c}))
    .filter((r) => r.end > r.start);
  for (const r of ranges) { bounds.add(r.start); bounds.add(r.end); }
  if (active) { bounds.add(Math.min(active.start, n)); bounds.add(Math.min(active.end, n)); }
  const cuts = [...bounds].sort((a, b) => a - b);
  const segments = [];
  for (let i = 0; i < cuts.length - 1; i++) {
    const [a, b] = [cuts[i], cuts[i + 1]];
    if (b <= a) continue;
    const covering = ranges.filter((r) => r.start <= a && r.end >= b);
    const str = chars.slice(a, b).join("");
    segments.push({a, b, node: covering.length
      ? h("mark", {class: covering.length > 1 ? "quote quote--multi" : "quote",
        title: covering.map((r) => r.c.recordType ? `${typeLabel(r.c.recordType)}: ${r.c.recordId}` : "cited").join("\n")}, str)
      : str});
  }
  if (!active || active.end > n) return segments.map((s) => s.node);
  const out = [];
  let wrapper = null;
  for (const seg of segments) {
    if (seg.a >= active.start && seg.b <= active.end) {
      if (!wrapper) {
        wrapper = h("mark", {class: "quote-active", id: "active-quote", tabindex: "-1"});
        out.push(wrapper);
      }
      wrapper.append(seg.node);
    } else {
      out.push(seg.node);
    }
  }
  return out;
}

export function renderReader(ctx, parts, {source, text, error, cite}) {
  const {title, meta, body, cites} = parts;
  if (error) {
    fill(title, "Source");
    fill(meta);
    fill(cites);
    fill(body, errorBox("this source", error, {retry: ctx.retry}));
    return;
  }
  if (!source) {
    fill(title, "Loading source…");
    fill(meta);
    fill(cites);
    fill(body, h("p", {class: "status status--loading", role: "status"}, "Loading the source text…"));
    return;
  }
  const citations = source.citations || [];
  fill(title, source.title);
  fill(meta,
    h("p", {class: "source__meta"}, h("span", {class: "source__kind"}, kindLabel(source.kind)), " · ", publisherLine(source)),
    h("p", {class: "source__meta"}, publishedLine(source), " · ", plural(citations.length, "cited quote"), " highlighted · ",
      h("a", {href: source.links.text}, "plain text (API)"),
      typeof source.url === "string" && /^https?:\/\//.test(source.url) ? [" · ", h("a", {href: source.url, rel: "noopener noreferrer", target: "_blank"}, "original page")] : null,
      source.originalFile ? ` · file ${source.originalFile}` : ""));
  // How the metadata was inferred and what was cut from the page: in the scrolling body, so the header stays short.
  const notes = inferenceNotes(source, {extras: true});
  const about = notes.length
    ? h("details", {class: "reader__about"}, h("summary", null, `About this source (${plural(notes.length, "note")})`), notes)
    : null;
  const inSource = cite && cite.end <= Array.from(text).length;
  const quote = inSource ? Array.from(text).slice(cite.start, cite.end).join("") : null;
  const matching = inSource ? citations.filter((c) => c.start === cite.start && c.end === cite.end) : [];
  fill(body,
    about,
    cite && !inSource ? h("p", {class: "status status--error", role: "alert"},
      `The passage ${cite.start}–${cite.end} is outside this source's text (${Array.from(text).length} characters).`) : null,
    quote ? h("p", {class: "reader__cited", id: "reader-cited"}, matching.length
      ? ["Highlighted quote supports: ", matching.map((c, i) => {
        const r = recordLabel(ctx, c);
        return [i ? "; " : "", r.patch ? navLink(ctx, r.patch, r.text) : r.href ? h("a", {href: r.href, "data-close": ""}, r.text) : r.text];
      })]
      : "Highlighted: the passage you followed.") : null,
    h("div", {class: "reader__text", lang: source.language || "en"}, highlightedText(text, citations, inSource ? cite : null)));
  // Every citation into the source, in text order: each one moves the highlight to its quote.
  fill(cites, citations.length
    ? h("details", {class: "reader__cites"},
      h("summary", null, `All ${citations.length} cited quotes in this source`),
      h("ol", null, citations.map((c) => {
        const r = recordLabel(ctx, c);
        return h("li", null,
          navLink(ctx, {cite: `${c.start}-${c.end}`}, h("q", null, truncate(c.quote, 120)), {class: "cite"}),
          h("span", {class: "reader__record"}, r.text));
      })))
    : emptyBox("No record cites this source."));
}
