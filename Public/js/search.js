// Search results from /api/v1/search: snippets with the API's highlight offsets (Unicode scalars, into the snippet),
// each hit one click from the passage in its source or from its event.
import {h, fill, markedText} from "./dom.js";
import {emptyBox, navLink, tag} from "./common.js";
import {plural, typeLabel} from "./format.js";

export function renderSearch(ctx, container, {query, hits, total}) {
  const close = navLink(ctx, {search: null}, "Close search", {class: "button button--quiet"});
  if (!hits.length) {
    fill(container, h("div", {class: "search__head"}, h("h2", {id: "search-h"}, `No results for “${query}”`), close),
      emptyBox("Nothing in the sources or events matches. Try a shorter phrase or another spelling (e.g. “defence” and “defense”)."));
    return;
  }
  fill(container,
    h("div", {class: "search__head"},
      h("h2", {id: "search-h"}, `${plural(total ?? hits.length, "result")} for “${query}”`), close),
    h("ol", {class: "hits"}, hits.map((hit) => {
      const first = hit.matches?.[0];
      const patch = hit.kind === "source"
        ? {source: hit.id, cite: first ? `${first.start}-${first.end}` : null}
        : {event: hit.id, source: null};
      const ranges = [...(hit.highlights || [])].sort((a, b) => a.start - b.start)
        .filter((r, i, all) => i === 0 || r.start >= all[i - 1].end);
      return h("li", {class: "hit", "data-kind": hit.kind, "data-id": hit.id},
        h("p", {class: "hit__title"}, tag(hit.kind === "source" ? "Source" : "Event", `tag--${hit.kind}`), " ",
          navLink(ctx, patch, hit.title)),
        h("p", {class: "hit__snippet"}, markedText(hit.snippet, ranges)),
        h("p", {class: "hit__meta"}, `in ${typeLabel(hit.field)}`,
          hit.matches?.length > 1 ? ` · ${hit.matches.length} matches` : ""));
    })));
}
