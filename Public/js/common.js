// Pieces every view shares: links that change the view's state, citation links, and the loading, empty and
// error states that say what happened.
import {h} from "./dom.js";
import {hrefWith} from "./state.js";
import {sourceLabel, truncate} from "./format.js";

/** A link to the current view changed by `patch`; main.js turns clicks on [data-nav] into pushState. */
export function navLink(ctx, patch, children, attrs = {}) {
  return h("a", {...attrs, href: hrefWith(ctx.state, patch), "data-nav": ""}, children);
}

/** One click from a fact to its quote: opens the source scrolled to the highlighted passage. */
export function citeLink(ctx, citation, {quoteLength = 110, showQuote = true} = {}) {
  const source = ctx.sourcesById.get(citation.sourceId);
  const label = sourceLabel(source);
  return navLink(ctx, {source: citation.sourceId, cite: `${citation.start}-${citation.end}`},
    showQuote
      ? [h("q", {class: "cite__quote"}, truncate(citation.quote, quoteLength)), h("span", {class: "cite__source"}, label)]
      : [h("span", {class: "cite__source"}, label)],
    {class: showQuote ? "cite" : "cite cite--compact", title: `Open ${label} at this quote`,
      "data-source": citation.sourceId, "data-start": citation.start, "data-end": citation.end});
}

/** Citation links, one per distinct source unless `all`. */
export function citeList(ctx, citations, {all = false, quoteLength = 110, compact = false} = {}) {
  const seen = new Set();
  const picked = [];
  for (const c of citations || []) {
    if (!all && seen.has(c.sourceId)) continue;
    seen.add(c.sourceId);
    picked.push(c);
  }
  if (!picked.length) return null;
  return h("ul", {class: compact ? "cites cites--compact" : "cites"},
    picked.map((c) => h("li", null, citeLink(ctx, c, {quoteLength, showQuote: !compact}))));
}

export function loadingBox(what) {
  return h("p", {class: "status status--loading", role: "status"}, `Loading ${what}…`);
}

export function emptyBox(message, ...extra) {
  return h("div", {class: "status status--empty", role: "status"}, h("p", null, message), extra);
}

/** What went wrong, in the API's own words: problem+json title, detail and every named parameter. */
export function errorBox(what, error, {retry, clear} = {}) {
  const problem = error && error.problem;
  const lines = [];
  if (error && error.kind === "network") {
    lines.push(h("p", null, `The Ties API did not answer, so ${what} cannot be shown. The server may be down or unreachable from this network.`));
  } else if (problem) {
    lines.push(h("p", null, h("strong", null, `${problem.status || error.status} ${problem.title || "Error"}`),
      problem.detail ? `: ${problem.detail}` : ""));
    if (Array.isArray(problem.errors) && problem.errors.length) {
      lines.push(h("ul", {class: "status__errors"}, problem.errors.map((e) =>
        h("li", null, h("code", null, e.parameter), ` — ${e.message}`))));
    }
  } else {
    lines.push(h("p", null, (error && error.message) || "Something went wrong."));
  }
  if (error && error.url) lines.push(h("p", {class: "status__url"}, "Request: ", h("code", null, `GET ${error.url}`)));
  const actions = [];
  if (retry) actions.push(h("button", {type: "button", class: "button", onclick: retry}, "Try again"));
  if (clear) actions.push(clear);
  return h("div", {class: "status status--error", role: "alert"},
    h("p", {class: "status__title"}, `Couldn't load ${what}`), lines,
    actions.length ? h("p", {class: "status__actions"}, actions) : null);
}

export function tag(text, className = "") {
  return h("span", {class: `tag ${className}`.trim()}, text);
}
