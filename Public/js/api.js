// Every request the dashboard makes goes through this module: it is the one place that knows the API's paths,
// envelopes and errors, so the page can be pointed at another Ties server by changing BASE alone.

import {contract} from "./contract.js";

export const BASE = "/api/v1";
export const OPENAPI = "/openapi.json";

/** A failed request: kind "network" (no answer), "http" (an error status, with the problem+json body if any). */
export class ApiError extends Error {
  constructor({kind, url, status = null, problem = null, message}) {
    super(message);
    this.kind = kind;
    this.url = url;
    this.status = status;
    this.problem = problem;
  }
}

const cache = new Map();
let knownAt = "";

/** Every API request after this reads the dataset as reported by `date` (the API's `knownAt`); "" for today. */
export function setKnownAt(date) { knownAt = date || ""; }

/** The absolute URL of an API path with query parameters (empty values dropped), as curl would fetch it. */
export function apiUrl(path, params = {}) {
  const url = new URL(path.startsWith("/") ? path : `${BASE}/${path}`, location.origin);
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== "") url.searchParams.set(key, value);
  }
  if (knownAt && url.pathname.startsWith(BASE)) url.searchParams.set("knownAt", knownAt);
  return url.href;
}

async function request(url, as) {
  let response;
  try {
    response = await fetch(url, {headers: {Accept: as === "text" ? "text/plain" : "application/json"}});
  } catch (cause) {
    throw new ApiError({kind: "network", url,
      message: `The Ties API did not answer (${cause.message || "network error"}). Is the server running?`});
  }
  if (!response.ok) {
    let problem = null;
    const type = response.headers.get("Content-Type") || "";
    if (type.includes("json")) {
      try { problem = await response.json(); } catch { problem = null; }
    }
    const detail = problem && (problem.detail || problem.title);
    throw new ApiError({kind: "http", url, status: response.status, problem,
      message: detail ? `${response.status}: ${detail}` : `The API answered ${response.status} ${response.statusText}`});
  }
  return as === "text" ? response.text() : response.json();
}

/** GET once per URL per page load (the dataset is immutable while loaded); failures are not cached. */
function get(url, as = "json") {
  if (!cache.has(url)) {
    const promise = request(url, as);
    cache.set(url, promise);
    promise.catch(() => cache.delete(url));
  }
  return cache.get(url);
}

/**
 * A list endpoint. Paginated ones (events, leaders, sources, search) are asked for the largest page and followed
 * through nextCursor so the dashboard always draws the whole set; the others take no parameters at all.
 */
async function list(path, params = {}, {paged = true} = {}) {
  const url = apiUrl(path, paged ? {limit: 500, ...params} : params);
  const first = await get(url);
  const data = [...first.data];
  let meta = first.meta;
  let guard = 0;
  while (paged && meta && meta.nextCursor && guard++ < 50) {
    const page = await get(apiUrl(path, {limit: 500, ...params, cursor: meta.nextCursor}));
    data.push(...page.data);
    meta = page.meta;
  }
  return {data, meta: first.meta, url};
}

async function one(path, params = {}) {
  const url = apiUrl(path, params);
  const body = await get(url);
  return {data: body.data, meta: body.meta, url};
}

const id = (value) => encodeURIComponent(value);

/** Applies `check` to a result's data (records are checked in place; the same objects are cached). */
const checked = (check) => (result) => ({...result, data: check(result.data)});

export const api = {
  index: () => one(BASE),
  events: (filters = {}) => list(`${BASE}/events`, filters).then(checked(contract.events)),
  event: (eventId) => one(`${BASE}/events/${id(eventId)}`).then(checked((e) => contract.events([e])[0])),
  leaders: () => list(`${BASE}/leaders`).then(checked(contract.leaders)),
  levels: () => list(`${BASE}/partnership-levels`, {}, {paged: false}).then(checked(contract.levels)),
  /** {asOf, level, possiblyReached}: the level certainly in force today, and a higher one possibly reached. */
  currentLevel: () => one(`${BASE}/partnership-levels/current`).then(checked(contract.levelAsOf)),
  sources: () => list(`${BASE}/sources`).then(checked(contract.sources)),
  source: (sourceId) => one(`${BASE}/sources/${id(sourceId)}`).then(checked((s) => contract.sources([s])[0])),
  sourceText: async (sourceId) => {
    const url = apiUrl(`${BASE}/sources/${id(sourceId)}/text`);
    return {data: await get(url, "text"), url};
  },
  topics: () => list(`${BASE}/topics`, {}, {paged: false}),
  countries: () => list(`${BASE}/countries`, {}, {paged: false}),
  search: (q) => list(`${BASE}/search`, {q}).then(checked(contract.hits)),
  /** The oEmbed answer for a Ties URL: {html, width, height, …}. */
  oembed: (url) => get(apiUrl("/oembed", {url, format: "json"})),
};
