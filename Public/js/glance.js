// The relationship at a glance: the level in force now, since when, and how much the knowledge base holds.
import {h, fill} from "./dom.js";
import {shareBox} from "./share.js";
import {citeLink, navLink, tag} from "./common.js";
import {formatDate, plural, precisionLabel, yearOf} from "./format.js";

export function renderGlance(ctx, container) {
  const level = ctx.currentLevel;
  const counts = ctx.index?.counts || {};
  const years = (ctx.allEvents || []).map((e) => yearOf(e.date));
  const span = years.length ? `${Math.min(...years)}–${Math.max(...years)}` : null;
  const event = level?.eventId ? ctx.eventsById.get(level.eventId) : null;
  const first = level?.citations?.[0];

  const headline = level
    ? h("div", {class: "glance__level"},
      h("p", {class: "eyebrow"}, "Current partnership level"),
      h("p", {class: "glance__name", id: "current-level"}, level.name),
      h("p", {class: "glance__since"},
        `since ${formatDate(level.reached, true)}`, " ",
        tag(precisionLabel(level.reached), `tag--${level.reached.precision}`),
        level.reached.approximate ? [" ", tag("approx.", "tag--approx")] : null,
        " · ", `rank ${level.rank} of ${ctx.levels.length}`,
        " · ", plural(level.corroboration, "source"),
        event ? [" · ", navLink(ctx, {event: event.id}, "the event")] : null),
      ctx.possiblyReached ? h("p", {class: "note"}, `Possibly already ${ctx.possiblyReached.name}: the sources date that level only to ${formatDate(ctx.possiblyReached.reached, true)}.`) : null,
      first ? h("div", {class: "glance__quote"}, citeLink(ctx, first, {quoteLength: 180})) : null,
      h("details", {class: "glance__share"}, h("summary", null, "Cite or embed this level"), shareBox(level, "partnership-levels")))
    : h("div", {class: "glance__level"},
      h("p", {class: "eyebrow"}, "Current partnership level"),
      h("p", {class: "glance__name"}, "None reported"),
      h("p", {class: "glance__since"}, "The sources name no partnership level in force."));

  const stat = (n, label, href) => h("li", null,
    h("a", {href, class: "stat"}, h("span", {class: "stat__n"}, String(n ?? "–")), h("span", {class: "stat__label"}, label)));
  fill(container,
    h("h2", {class: "visually-hidden", id: "glance-h"}, "At a glance"),
    headline,
    h("ul", {class: "glance__stats", "aria-label": "What the knowledge base holds"},
      stat(counts.events, counts.events === 1 ? "event" : "events", "#timeline"),
      stat(counts.sources, counts.sources === 1 ? "source" : "sources", "#sources"),
      stat(counts.leaders, "leaders & officials", "#leaders"),
      stat(counts.citations, "cited quotes", "#sources")),
    span ? h("p", {class: "glance__meta"}, `Events ${span} · dataset ${ctx.index?.datasetVersion || "?"}`) : null);
}
