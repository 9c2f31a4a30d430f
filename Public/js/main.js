// The dashboard's conductor: loads the dataset's collections once, then draws every section from the state in
// the URL. Navigation is pushState + a full redraw (the data is small), so back/forward and shared links behave
// the same as clicks.
import {api, apiUrl, BASE, setKnownAt} from "./api.js";
import {renderKnownAt} from "./knownat.js";
import {renderApiBox, enableCopy} from "./apibox.js";
import {h, fill} from "./dom.js";
import {errorBox, loadingBox, navLink} from "./common.js";
import {parse, toQuery, withChanges, filtersOf, parseCite, FILTER_KEYS} from "./state.js";
import {renderGlance} from "./glance.js";
import {renderLadder} from "./ladder.js";
import {renderFilters, renderTimeline, activeFilters} from "./timeline.js";
import {renderLeaders} from "./leaders.js";
import {renderSources, renderReader} from "./sources.js";
import {renderSearch} from "./search.js";

const $ = (id) => document.getElementById(id);
const reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)");
const scrollBehavior = () => (reducedMotion.matches ? "auto" : "smooth");

const ctx = {
  state: parse(),
  index: null, levels: [], currentLevel: null, leaders: [], sources: [], topics: [], countries: [], allEvents: [],
  eventsById: new Map(), leadersById: new Map(), sourcesById: new Map(),
  countryName(code) {
    const c = ctx.countries.find((x) => x.code === code);
    return c ? c.name : code;
  },
  retry: () => { base = null; render({}); },
};

let base = null;          // Promise of the collections every view needs
let baseErrors = {};
let renderToken = 0;
let previousState = {};
let closingFromState = false;
let viewUrls = [];
let readerOpener = null;

function loadBase() {
  const calls = {
    index: api.index(), levels: api.levels(), current: api.currentLevel(), leaders: api.leaders(),
    sources: api.sources(), topics: api.topics(), countries: api.countries(), events: api.events(),
  };
  return Promise.allSettled(Object.values(calls)).then((results) => {
    const keys = Object.keys(calls);
    const got = {};
    baseErrors = {};
    results.forEach((r, i) => {
      if (r.status === "fulfilled") got[keys[i]] = r.value;
      else baseErrors[keys[i]] = r.reason;
    });
    ctx.baseUrls = keys.map((k) => got[k]?.url).filter(Boolean);
    ctx.index = got.index?.data || null;
    ctx.knownAtMeta = got.index?.meta?.knownAt || null;
    ctx.levels = got.levels?.data || [];
    ctx.currentLevel = got.current?.data?.level || null;
    ctx.possiblyReached = got.current?.data?.possiblyReached || null;
    ctx.leaders = got.leaders?.data || [];
    ctx.sources = got.sources?.data || [];
    ctx.topics = got.topics?.data || [];
    ctx.countries = got.countries?.data || [];
    ctx.allEvents = got.events?.data || [];
    ctx.eventsById = new Map(ctx.allEvents.map((e) => [e.id, e]));
    ctx.leadersById = new Map(ctx.leaders.map((l) => [l.id, l]));
    ctx.sourcesById = new Map(ctx.sources.map((s) => [s.id, s]));
    if (ctx.index?.title) document.title = ctx.index.title;
  });
}

const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const PENDING = Symbol("pending");

/** Awaits `promise`, putting a loading message up only if it is not already settled (no flash for cached data). */
async function withLoading(promise, container, what) {
  const first = await Promise.race([promise.then(() => null, () => null), delay(60).then(() => PENDING)]);
  if (first === PENDING && container) fill(container, loadingBox(what));
  return promise;
}

function firstError(...keys) {
  for (const k of keys) if (baseErrors[k]) return baseErrors[k];
  return null;
}

/** Keep keyboard focus on "the same" control across a redraw: the same position inside the same [id] block. */
function rememberFocus() {
  const el = document.activeElement;
  if (!el || el === document.body || $("reader").contains(el)) return null;
  const block = el.closest("[id]");
  if (!block) return null;
  const controls = [...block.querySelectorAll("a, button, select, input, summary")];
  return {id: block.id, index: controls.indexOf(el)};
}
function restoreFocus(saved, force = false) {
  if (!saved || (!force && document.activeElement && document.activeElement !== document.body)) return;
  const block = $(saved.id);
  if (!block) return;
  const controls = [...block.querySelectorAll("a, button, select, input, summary")];
  (controls[saved.index] || controls[0])?.focus({preventScroll: true});
}

async function render({scroll = true} = {}) {
  const token = ++renderToken;
  const state = parse();
  ctx.state = state;
  const focus = rememberFocus();
  // The reader is modal: when it closes, focus goes back to the link that opened it (redrawn meanwhile).
  const readerOpen = $("reader").open;
  if (state.source && !readerOpen) readerOpener = focus;
  const readerClosing = !state.source && (readerOpen || Boolean(previousState.source));
  document.body.dataset.state = "loading";
  $("search-input").value = state.search || "";
  viewUrls = [];
  ctx.urls = {};

  // Another "as reported by" date is another dataset: every collection is fetched again for it.
  if ((state.knownAt || "") !== (ctx.knownAt || "")) {
    ctx.knownAt = state.knownAt || "";
    setKnownAt(ctx.knownAt);
    base = null;
  }
  if (!base) base = loadBase();
  await base;
  if (token !== renderToken) return;
  viewUrls.push(...(ctx.baseUrls || []));

  const down = Object.values(baseErrors).find((e) => e.kind === "network");
  const banner = $("banner");
  if (down) {
    fill(banner, errorBox("the dashboard", down, {retry: ctx.retry}));
    banner.hidden = false;
  } else {
    banner.hidden = true;
  }

  // Sections drawn from the collections.
  const glanceError = firstError("current", "index");
  if (glanceError) fill($("glance"), errorBox("the current partnership level", glanceError, {retry: ctx.retry}));
  else renderGlance(ctx, $("glance"));
  if (firstError("levels")) fill($("ladder-body"), errorBox("the partnership ladder", baseErrors.levels, {retry: ctx.retry}));
  else renderLadder(ctx, $("ladder-body"));
  if (firstError("leaders")) fill($("leaders-body"), errorBox("leaders", baseErrors.leaders, {retry: ctx.retry}));
  else renderLeaders(ctx, $("leaders-body"));
  if (firstError("sources")) fill($("sources-body"), errorBox("sources", baseErrors.sources, {retry: ctx.retry}));
  else renderSources(ctx, $("sources-body"));
  renderKnownAt(ctx, $("known-at"));
  renderFilters(ctx, $("filters"));
  activeFilters(ctx, $("active-filters"));

  const jobs = [renderEvents(token, state), renderSearchResults(token, state), renderSourceReader(token, state)];
  await Promise.all(jobs);
  if (token !== renderToken) return;

  renderApiBox(ctx, viewUrls);
  announce(state);
  if (readerClosing && readerOpener) {
    restoreFocus(readerOpener, true);
    readerOpener = null;
  } else {
    restoreFocus(focus);
  }
  if (scroll) scrollToTarget(state);
  previousState = state;
  document.body.dataset.state = down ? "error" : "ready";
}

async function renderEvents(token, state) {
  const container = $("timeline-body");
  const filters = filtersOf(state);
  const filtered = Object.keys(filters).length > 0;
  let events = ctx.allEvents;
  if (filtered || baseErrors.events) {
    try {
      const result = await withLoading(api.events(filters), container, "events");
      if (token !== renderToken) return;
      events = result.data;
      viewUrls.push(result.url);
      ctx.urls.events = result.url;
    } catch (error) {
      if (token !== renderToken) return;
      ctx.urls.events = error.url;
      const clear = {};
      for (const k of FILTER_KEYS) clear[k] = null;
      fill(container, errorBox("events", error, {
        retry: error.kind === "network" ? ctx.retry : null,
        clear: filtered && error.status === 400 ? navLink(ctx, clear, "Clear filters", {class: "button"}) : null,
      }));
      return;
    }
  } else {
    ctx.urls.events = apiUrl(`${BASE}/events`, {limit: 500});
  }
  let extra = null;
  if (state.event && !events.some((e) => e.id === state.event)) {
    try {
      const one = await api.event(state.event);
      viewUrls.push(one.url);
      extra = one.data;
    } catch (error) {
      if (token !== renderToken) return;
      renderTimeline(ctx, container, events, {filtered});
      container.prepend(errorBox(`the event “${state.event}”`, error));
      return;
    }
  }
  if (token !== renderToken) return;
  renderTimeline(ctx, container, events, {filtered, extra});
}

async function renderSearchResults(token, state) {
  const section = $("search-results");
  if (!state.search) {
    section.hidden = true;
    section.replaceChildren();
    return;
  }
  section.hidden = false;
  try {
    const result = await withLoading(api.search(state.search), section, `results for “${state.search}”`);
    if (token !== renderToken) return;
    viewUrls.push(result.url);
    ctx.urls.search = result.url;
    renderSearch(ctx, section, {query: state.search, hits: result.data, total: result.meta?.total});
  } catch (error) {
    if (token !== renderToken) return;
    ctx.urls.search = error.url;
    fill(section, h("h2", {id: "search-h"}, `Search for “${state.search}”`),
      errorBox("search results", error, {retry: error.kind === "network" ? ctx.retry : null}),
      navLink(ctx, {search: null}, "Close search", {class: "button button--quiet"}));
  }
}

async function renderSourceReader(token, state) {
  const dialog = $("reader");
  const parts = {title: $("reader-title"), meta: $("reader-meta"), body: $("reader-body"), cites: $("reader-cites")};
  if (!state.source) {
    if (dialog.open) {
      closingFromState = true;
      dialog.close();
      closingFromState = false;
    }
    return;
  }
  const sameSource = previousState.source === state.source && dialog.open;
  if (!dialog.open) dialog.showModal();
  if (!sameSource) renderReader(ctx, parts, {});
  try {
    const [source, text] = await Promise.all([api.source(state.source), api.sourceText(state.source)]);
    if (token !== renderToken) return;
    viewUrls.push(source.url, text.url);
    ctx.urls.source = source.url;
    renderReader(ctx, parts, {source: source.data, text: text.data, cite: parseCite(state.cite)});
  } catch (error) {
    if (token !== renderToken) return;
    ctx.urls.source = error.url;
    renderReader(ctx, parts, {error});
  }
}

/** One polite live region says what changed (the sections themselves are redrawn, so they are not live). */
function announce(state) {
  let message = "";
  if (state.source) {
    const title = $("reader-title").textContent;
    message = $("active-quote") ? `Source opened at the highlighted quote: ${title}` : `Source opened: ${title}`;
  } else if (state.search && state.search !== previousState.search) {
    message = $("search-h")?.textContent || "";
  } else if (FILTER_KEYS.some((k) => (state[k] || "") !== (previousState[k] || ""))) {
    message = ($("timeline-count")?.textContent || $("timeline-body").textContent.slice(0, 200)).replace(/ · this list.*$/, "");
  }
  const el = $("announcer");
  if (message && el.textContent !== message) el.textContent = message;
}

function scrollToTarget(state) {
  const behavior = scrollBehavior();
  if (state.source) {
    const mark = $("active-quote");
    if (mark) {
      mark.scrollIntoView({block: "center", behavior: "auto"});
      mark.focus({preventScroll: true});
    } else {
      $("reader-title").setAttribute("tabindex", "-1");
      $("reader-title").focus({preventScroll: true});
    }
    return;
  }
  if (state.event && state.event !== previousState.event) {
    const card = $(`event-${state.event}`);
    if (card) {
      card.scrollIntoView({block: "start", behavior});
      card.querySelector(".event__title a")?.focus({preventScroll: true});
    }
    return;
  }
  if (state.search && state.search !== previousState.search) {
    $("search-results").scrollIntoView({block: "start", behavior});
    return;
  }
  const filtersChanged = FILTER_KEYS.some((k) => (state[k] || "") !== (previousState[k] || ""));
  if (filtersChanged && previousState !== null && document.activeElement?.closest?.("#active-filters, #leaders")) {
    $("timeline").scrollIntoView({block: "start", behavior});
  }
}

/** Go to a new view: push it on the history (so Back undoes it) and redraw. */
function navigate(href, {replace = false} = {}) {
  const url = new URL(href, location.href);
  if (url.origin !== location.origin) {
    location.href = url.href;
    return;
  }
  const next = url.pathname + toQuery(parse(url.search)) + url.hash;
  if (next !== location.pathname + location.search + location.hash) {
    history[replace ? "replaceState" : "pushState"](null, "", next);
  }
  enableCopy();
render({});
}
ctx.navigate = (patch) => navigate(toQuery(withChanges(parse(), patch)) || location.pathname);

document.addEventListener("click", (event) => {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const link = event.target.closest("a");
  if (!link) return;
  if (link.hasAttribute("data-close")) {
    // A link from the reader to something on the page: close the source first, then go there.
    event.preventDefault();
    const target = link.getAttribute("href");
    history.pushState(null, "", toQuery(withChanges(parse(), {source: null})) || location.pathname);
    render({scroll: false}).then(() => {
      const el = document.querySelector(target);
      if (el) {
        el.scrollIntoView({block: "start", behavior: scrollBehavior()});
        el.setAttribute("tabindex", "-1");
        el.focus({preventScroll: true});
      }
    });
    return;
  }
  if (link.hasAttribute("data-nav")) {
    event.preventDefault();
    navigate(link.getAttribute("href"));
  }
});

window.addEventListener("popstate", () => render({}));

$("reader").addEventListener("close", () => {
  if (closingFromState) return;
  if (parse().source) ctx.navigate({source: null, cite: null});
});
// A click on the backdrop (outside the frame) closes the reader, as Escape does.
$("reader").addEventListener("click", (event) => {
  if (event.target === $("reader")) $("reader").close();
});

$("search-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const q = $("search-input").value.trim();
  ctx.navigate({search: q || null, source: null, cite: null});
});

$("known-at").addEventListener("submit", (event) => {
  event.preventDefault();
  const value = $("known-at-input").value.trim();
  ctx.navigate({knownAt: value || null, event: null, source: null, cite: null});
});

const filterForm = $("filters");
filterForm.addEventListener("change", (event) => {
  if (event.target.tagName === "SELECT") ctx.navigate({[event.target.name]: event.target.value || null, event: null});
});
filterForm.addEventListener("submit", (event) => {
  event.preventDefault();
  const patch = {event: null};
  for (const key of FILTER_KEYS) patch[key] = (filterForm.elements[key].value || "").trim() || null;
  ctx.navigate(patch);
});

// The ladder is drawn to the width it has; redraw it when that changes.
let lastWidth = 0;
new ResizeObserver((entries) => {
  const width = Math.round(entries[0].contentRect.width);
  if (!ctx.levels.length || Math.abs(width - lastWidth) < 8) return;
  lastWidth = width;
  if (!baseErrors.levels) renderLadder(ctx, $("ladder-body"));
}).observe($("ladder-body"));

enableCopy();
render({});
