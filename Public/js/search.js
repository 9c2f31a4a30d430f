// Search results from /api/v1/search: each snippet with the API's highlight offsets (Unicode scalars, relative to
// the snippet), each hit one click from the passage in its source or from its event.
import {h, fill, markedText} from "./dom.js";
import {emptyBox, navLink, tag} from "./common.js";
import {plural} from "./format.js";

/** "outcomes[2].description" → "an outcome"; the API names the field where the match is. */
function fieldLabel(hit) {
  const field = hit.field || "";
  if (hit.kind === "source") return field === "text" ? "the source text" : `the source ${field}`;
  if (field === "title") return "the event title";
  if (field === "summary") return "the event summary";
  if (field.startsWith("outcomes[")) return "an outcome";
  if (field.startsWith("location")) return "the location";
  return field.replace(/[[\].]+/g, " ").trim();
}

export function renderSearch(ctx, container, {query, hits, total}) {
  const close = navLink(ctx, {search: null}, "Close search", {class: "button button--quiet"});
  if (!hits.length) {
    fill(container, h("div", {class: "search__head"}, h("h2", {id: "search-h"}, `No results for “${query}”`), close),
      emptyBox("Nothing in the sources or events matches. Search matches whole words (“guard” does not find “guards”); try another form of the word or a shorter phrase."));
    return;
  }
  fill(container,
    h("div", {class: "search__head"},
      h("h2", {id: "search-h"}, `${plural(total ?? hits.length, "result")} for “${query}”`), close),
    h("ol", {class: "hits"}, hits.map((hit) => {
      const first = hit.matches?.[0];
      // A match in a source's text has offsets into that text, so it opens the reader right there.
      const patch = hit.kind === "source"
        ? {source: hit.id, cite: hit.field === "text" && first ? `${first.start}-${first.end}` : null}
        : {event: hit.id, source: null};
      const snippet = hit.snippet;
      const ranges = [...(snippet.highlights || [])].sort((a, b) => a.start - b.start)
        .filter((r, i, all) => i === 0 || r.start >= all[i - 1].end);
      const cut = snippet.start > 0;
      const open = !/[.!?"”’)]$/.test(snippet.text.trimEnd());
      return h("li", {class: "hit", "data-kind": hit.kind, "data-id": hit.id},
        h("p", {class: "hit__title"}, tag(hit.kind === "source" ? "Source" : "Event", `tag--${hit.kind}`), " ",
          navLink(ctx, patch, hit.title)),
        h("p", {class: "hit__snippet"}, cut ? "…" : "", markedText(snippet.text, ranges), open ? "…" : ""),
        h("p", {class: "hit__meta"}, `in ${fieldLabel(hit)}`,
          hit.matches?.length > 1 ? ` · ${hit.matches.length} matches` : ""));
    })));
}
