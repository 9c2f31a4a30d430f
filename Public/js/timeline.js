// Events by year, newest first, with the filters the API's /events endpoint takes. Each event shows its date at
// the precision the sources give, who took part, what came of it (amounts as printed) and how many distinct
// sources back it.
import {shareBox} from "./share.js";
import {h, fill} from "./dom.js";
import {citeList, citeLink, emptyBox, navLink, tag} from "./common.js";
import {formatDate, formatRange, plural, precisionLabel, sourceLabel, typeLabel, yearOf} from "./format.js";
import {FILTER_KEYS} from "./state.js";

// A closed card shows this many outcomes; opening the event shows them all.
const OUTCOMES_SHOWN = 2;

const FILTER_LABELS = {leader: "Leader", country: "Country", topic: "Topic", type: "Type", q: "Text", from: "From", to: "To"};

/** Fills the filter form's options once and keeps its values in step with the URL. */
export function renderFilters(ctx, form) {
  const options = {
    leader: [...ctx.leaders].sort((a, b) => a.name.localeCompare(b.name)).map((l) => [l.id, l.name]),
    country: ctx.countries.map((c) => [c.code, `${c.name} (${c.code})`]),
    topic: ctx.topics.map((t) => [t.id, `${t.name} (${t.eventCount})`]),
    type: [...new Set(ctx.allEvents.map((e) => e.type))].sort().map((t) => [t, typeLabel(t)]),
  };
  for (const [key, pairs] of Object.entries(options)) {
    const select = form.elements[key];
    if (!select.dataset.filled) {
      select.replaceChildren(h("option", {value: ""}, `Any ${FILTER_LABELS[key].toLowerCase()}`),
        ...pairs.map(([value, label]) => h("option", {value}, label)));
      select.dataset.filled = "1";
    }
    const wanted = ctx.state[key] || "";
    for (const stale of select.querySelectorAll("option[data-unknown]")) stale.remove();
    // A value from a shared URL that is not in the list still shows, so the API can say what is wrong with it.
    if (wanted && ![...select.options].some((o) => o.value === wanted)) {
      select.append(h("option", {value: wanted, "data-unknown": ""}, `${wanted} (not in the data)`));
    }
    select.value = wanted;
  }
  for (const key of ["q", "from", "to"]) form.elements[key].value = ctx.state[key] || "";
}

export function activeFilters(ctx, container) {
  const keys = FILTER_KEYS.filter((k) => ctx.state[k]);
  if (!keys.length) {
    container.replaceChildren();
    return;
  }
  const label = (key) => {
    const value = ctx.state[key];
    if (key === "leader") return ctx.leadersById.get(value)?.name || value;
    if (key === "topic") return ctx.topics.find((t) => t.id === value)?.name || value;
    if (key === "country") return ctx.countryName(value);
    if (key === "type") return ctx.allEvents.some((e) => e.type === value) ? typeLabel(value) : value;
    return value;
  };
  const clearAll = {};
  for (const k of FILTER_KEYS) clearAll[k] = null;
  fill(container, h("span", {class: "active-filters__lead"}, "Filtered by"),
    keys.map((k) => navLink(ctx, {[k]: null, event: null}, [`${FILTER_LABELS[k]}: `, h("b", null, label(k)), h("span", {"aria-hidden": "true"}, " ×")],
      {class: "chip", "aria-label": `Remove filter ${FILTER_LABELS[k]}: ${label(k)}`})),
    navLink(ctx, {...clearAll, event: null}, "Clear all", {class: "chip chip--clear"}));
}

export function renderTimeline(ctx, container, events, {filtered, extra}) {
  const parts = [];
  if (extra) parts.push(h("div", {class: "pinned"}, h("p", {class: "pinned__note"}, "Opened event (outside the current filter):"), eventCard(ctx, extra)));
  if (!events.length) {
    const clearAll = {};
    for (const k of FILTER_KEYS) clearAll[k] = null;
    parts.push(filtered
      ? emptyBox("No events match these filters.", navLink(ctx, clearAll, "Show all events", {class: "button"}))
      : emptyBox("The knowledge base holds no events yet."));
    fill(container, parts);
    return;
  }
  const byYear = new Map();
  for (const event of events) {
    const year = yearOf(event.date);
    if (!byYear.has(year)) byYear.set(year, []);
    byYear.get(year).push(event);
  }
  parts.push(h("p", {class: "count", id: "timeline-count"},
    filtered ? `${plural(events.length, "event")} ${events.length === 1 ? "matches" : "match"}` : `${plural(events.length, "event")}, newest first`,
    " · ", h("a", {href: "#api"}, "this list as an API request")));
  for (const [year, list] of [...byYear.entries()].sort((a, b) => b[0] - a[0])) {
    parts.push(h("section", {class: "year", "aria-labelledby": `year-${year}`},
      h("h3", {class: "year__label", id: `year-${year}`}, String(year)),
      h("ol", {class: "year__events"}, list.map((e) => h("li", null, eventCard(ctx, e))))));
  }
  fill(container, parts);
}

function allCitations(event) {
  return [...event.citations, ...event.outcomes.flatMap((o) => o.citations), ...(event.location?.citations || [])];
}

function eventCard(ctx, event) {
  const open = ctx.state.event === event.id;
  const level = event.partnershipLevelId ? ctx.levels.find((l) => l.id === event.partnershipLevelId) : null;
  const sources = event.sourceIds.map((id) => ctx.sourcesById.get(id)).filter(Boolean);
  return h("article", {class: ["event", open && "event--open", level && "event--level"], id: `event-${event.id}`,
    "data-event": event.id, "aria-labelledby": `event-title-${event.id}`},
  h("div", {class: "event__when"},
    h("time", {datetime: event.date.date}, formatRange(event.date, event.endDate)),
    h("span", {class: `precision precision--${event.date.precision}`}, precisionLabel(event.date)),
    event.date.approximate ? h("span", {class: "precision precision--approx", title: event.date.note || ""}, "approx.") : null,
    event.status === "scheduled" ? tag("scheduled", "tag--scheduled") : null),
  h("div", {class: "event__body"},
    h("h4", {class: "event__title", id: `event-title-${event.id}`},
      navLink(ctx, {event: open ? null : event.id}, event.title, {"aria-expanded": open ? "true" : "false",
        "aria-controls": open ? `event-more-${event.id}` : null})),
    h("p", {class: "event__meta"},
      h("span", {class: "event__type"}, typeLabel(event.type)),
      event.location ? [" · ", event.location.name] : null,
      event.countries.length ? [" · ", event.countries.map((c) => ctx.countryName(c)).join(", ")] : null),
    level ? h("p", {class: "event__level"}, "Ladder: reached ", h("strong", null, level.name)) : null,
    event.participants.length
      ? h("p", {class: "event__people"}, h("span", {class: "label"}, "Participants "),
        event.participants.map((p, i) => [i ? "; " : "",
          // Someone the sources name only by role ("the two countries' foreign ministers") has no name or id.
          p.name ? [p.leaderId ? h("a", {href: `#leader-${p.leaderId}`}, p.name) : p.name,
            p.role ? h("span", {class: "role"}, `, ${p.role}`) : null]
            : h("span", {class: "role role--unnamed"}, `${p.role || "unnamed participant"} (not named)`)]))
      : null,
    event.outcomes.length
      ? h("div", {class: "event__outcomes"}, h("span", {class: "label"}, `Outcomes (${event.outcomes.length})`),
        h("ul", null, (open ? event.outcomes : event.outcomes.slice(0, OUTCOMES_SHOWN)).map((o) => h("li", {class: "outcome"},
          h("span", {class: "outcome__kind"}, typeLabel(o.kind)), " ", o.description,
          o.amounts.length ? [" ", o.amounts.map((a, i) => [i ? " / " : "",
            h("strong", {class: "amount", title: a.value != null ? `${a.value.toLocaleString("en")} ${a.currency || ""}`.trim() : null}, a.asPrinted)])] : null,
          " ", o.citations[0] ? citeLink(ctx, o.citations[0], {showQuote: false}) : null))),
        !open && event.outcomes.length > OUTCOMES_SHOWN
          ? h("p", {class: "more"}, navLink(ctx, {event: event.id}, `+ ${event.outcomes.length - OUTCOMES_SHOWN} more outcomes`))
          : null)
      : null,
    // Corroboration is the evidence: each source named links to the first passage it contributes.
    h("p", {class: "event__corroboration"},
      h("span", {class: ["corroboration", event.corroboration > 1 && "corroboration--multi"]},
        event.corroboration === 1 ? "1 source" : `${event.corroboration} independent sources`),
      " ", sources.map((src, i) => {
        const first = allCitations(event).find((c) => c.sourceId === src.id);
        return [i ? " · " : "", first ? citeLink(ctx, first, {showQuote: false}) : sourceLabel(src)];
      })),
    // Closed, the card quotes its first citation; open, every one.
    citeList(ctx, open ? event.citations : event.citations.slice(0, 1), {quoteLength: open ? 400 : 140, all: open}),
    open ? eventMore(ctx, event) : null));
}

function eventMore(ctx, event) {
  return h("div", {class: "event__more", id: `event-more-${event.id}`},
    event.summary ? h("p", {class: "event__summary"}, event.summary) : null,
    h("p", {class: "note"}, `Date: ${formatRange(event.date, event.endDate)} (${precisionLabel(event.date)}${event.date.approximate ? ", approximate" : ""}).`,
      event.date.note ? ` ${event.date.note}` : ""),
    event.location ? h("p", null, h("span", {class: "label"}, "Where "), event.location.name,
      event.location.detail ? ` — ${event.location.detail}` : "", " ",
      event.location.citations?.[0] ? citeLink(ctx, event.location.citations[0], {showQuote: false}) : null) : null,
    event.topics.length ? h("p", {class: "event__topics"}, h("span", {class: "label"}, "Topics "),
      event.topics.map((t) => navLink(ctx, {topic: t, event: event.id}, ctx.topics.find((x) => x.id === t)?.name || t, {class: "chip"}))) : null,
    event.relatedEventIds.length ? h("p", null, h("span", {class: "label"}, "Related "),
      event.relatedEventIds.map((id, i) => [i ? "; " : "", navLink(ctx, {event: id}, ctx.eventsById.get(id)?.title || id)])) : null,
    h("p", {class: "event__api"}, "API: ", h("a", {href: event.links.self}, h("code", null, event.links.self))),
    shareBox(event, "events"));
}
