// Leader cards: country, offices exactly as the sources give them, their events, and how often each source
// names them (with the widest source as the scale).
import {h, fill} from "./dom.js";
import {shareBox} from "./share.js";
import {citeList, emptyBox, navLink} from "./common.js";
import {formatDate, plural, sourceLabel} from "./format.js";

export function renderLeaders(ctx, container) {
  if (!ctx.leaders.length) {
    fill(container, emptyBox("The sources name no leaders."));
    return;
  }
  const total = (l) => l.mentions.reduce((n, m) => n + m.count, 0);
  const leaders = [...ctx.leaders].sort((a, b) => b.eventIds.length - a.eventIds.length || total(b) - total(a) || a.name.localeCompare(b.name));
  const maxMentions = Math.max(1, ...leaders.flatMap((l) => l.mentions.map((m) => m.count)));
  fill(container, h("ul", {class: "cards"}, leaders.map((l) => h("li", null, card(ctx, l, maxMentions)))));
}

function officeDates(office) {
  const parts = [];
  if (office.from || office.to) {
    parts.push(`${office.from ? formatDate(office.from) : "?"} – ${office.to ? formatDate(office.to) : "…"}`);
    if (office.from?.approximate || office.to?.approximate) parts.push("approx.");
  }
  if (office.citedOn?.length) parts.push(`cited ${office.citedOn.map((d) => formatDate(d)).join(", ")}`);
  return parts.join(" · ");
}

function card(ctx, leader, maxMentions) {
  const events = leader.eventIds.map((id) => ctx.eventsById.get(id)).filter(Boolean);
  const mentionTotal = leader.mentions.reduce((n, m) => n + m.count, 0);
  return h("article", {class: "leader", id: `leader-${leader.id}`, "data-leader": leader.id, "aria-labelledby": `leader-name-${leader.id}`},
    h("header", {class: "leader__head"},
      h("h3", {class: "leader__name", id: `leader-name-${leader.id}`}, leader.name),
      h("p", {class: "leader__country"}, ctx.countryName(leader.country))),
    h("ul", {class: "offices"}, leader.offices.map((o) => h("li", {class: "office"},
      h("span", {class: "office__title"}, o.title),
      o.inferred ? [" ", h("span", {class: "tag tag--approx", title: o.reason || ""}, "inferred")] : null,
      officeDates(o) ? h("span", {class: "office__dates"}, ` ${officeDates(o)}`) : null,
      citeList(ctx, o.citations, {compact: true})))),
    h("p", {class: "leader__events"},
      h("span", {class: "label"}, events.length ? plural(events.length, "event") : "No events"),
      events.length ? [" ", navLink(ctx, {leader: leader.id, event: null}, "show in timeline", {class: "leader__filter"})] : null),
    events.length ? h("ul", {class: "leader__eventlist"}, events.map((e) =>
      h("li", null, h("time", {datetime: e.date.date}, formatDate(e.date)), " ", navLink(ctx, {event: e.id}, e.title)))) : null,
    leader.mentions.length ? h("div", {class: "mentions"},
      h("p", {class: "label"}, `Mentions per source (${mentionTotal})`),
      h("ul", {class: "mentions__list"}, leader.mentions.map((m) => {
        const src = ctx.sourcesById.get(m.sourceId);
        const first = m.spans?.[0];
        return h("li", {class: "mention"},
          navLink(ctx, first ? {source: m.sourceId, cite: `${first.start}-${first.end}`} : {source: m.sourceId},
            sourceLabel(src), {class: "mention__source"}),
          h("span", {class: "mention__bar", "aria-hidden": "true"},
            h("span", {style: {width: `${Math.round((m.count / maxMentions) * 100)}%`}})),
          h("span", {class: "mention__count"}, String(m.count)));
      }))) : null,
    h("details", {class: "leader__share"}, h("summary", null, "Cite or embed"), shareBox(leader, "leaders")));
}
