// The view's state lives in the page URL's query string, so any view can be shared and back/forward work.
// Filter keys are the API's own parameter names (leader, country, topic, type, q, from, to) so a dashboard URL
// reads like the /api/v1/events request it makes.

export const FILTER_KEYS = ["leader", "country", "topic", "type", "q", "from", "to"];
// `knownAt` is not a filter: it changes which dataset every request reads (see knownat.js).
export const KEYS = ["knownAt", "search", ...FILTER_KEYS, "event", "source", "cite"];

export function parse(search = location.search) {
  const params = new URLSearchParams(search);
  const state = {};
  for (const key of KEYS) {
    const value = (params.get(key) || "").trim();
    if (value) state[key] = value;
  }
  return state;
}

export function toQuery(state) {
  const params = new URLSearchParams();
  for (const key of KEYS) if (state[key]) params.set(key, state[key]);
  const query = params.toString();
  return query ? `?${query}` : "";
}

/** A new state: keys in `patch` set to null/""/undefined are removed. */
export function withChanges(state, patch) {
  const next = {...state};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null || value === undefined || value === "") delete next[key];
    else next[key] = String(value);
  }
  if (!next.source) delete next.cite;
  return next;
}

/** The href (relative to the page) of the current view changed by `patch`. */
export function hrefWith(state, patch) {
  return toQuery(withChanges(state, patch)) || location.pathname;
}

export function filtersOf(state) {
  const filters = {};
  for (const key of FILTER_KEYS) if (state[key]) filters[key] = state[key];
  return filters;
}

/** "12-40" → {start: 12, end: 40}, or null when it is not a pair of offsets. */
export function parseCite(value) {
  const match = /^(\d+)-(\d+)$/.exec(value || "");
  if (!match) return null;
  const start = Number(match[1]);
  const end = Number(match[2]);
  return end > start ? {start, end} : null;
}
