// The record shapes of docs/api.md say every key is always present (null or [] when empty). The dashboard checks
// the keys it draws: a missing one is filled with its empty value so one bad record cannot break the page, and is
// reported on <html data-contract-warnings> so the browser test fails and names the record and key.

const SHAPES = {
  event: {arrays: ["participants", "countries", "topics", "outcomes", "relatedEventIds", "citations", "sourceIds"],
    values: ["id", "type", "title", "summary", "date", "endDate", "status", "location", "partnershipLevelId", "corroboration", "links"]},
  outcome: {arrays: ["amounts", "citations"], values: ["kind", "description"]},
  leader: {arrays: ["aliases", "offices", "eventIds", "mentions", "citations", "sourceIds"],
    values: ["id", "name", "country", "corroboration", "links"]},
  office: {arrays: ["citedOn", "citations"], values: ["title", "country", "from", "to", "inferred", "reason"]},
  level: {arrays: ["spellings", "citations", "sourceIds", "mentions"],
    values: ["id", "name", "rank", "reached", "eventId", "corroboration", "links"]},
  source: {arrays: ["wireServices"],
    values: ["id", "title", "kind", "language", "publisher", "published", "textLength", "citationCount", "links"]},
  hit: {arrays: ["matches"], values: ["kind", "id", "title", "field", "score", "snippet", "links"]},
  snippet: {arrays: ["highlights"], values: ["text", "start", "end"]},
  levelAsOf: {arrays: [], values: ["asOf", "level", "possiblyReached"]},
};

const warnings = [];

function warn(message) {
  if (warnings.includes(message) || warnings.length > 50) return;
  warnings.push(message);
  document.documentElement.setAttribute("data-contract-warnings", JSON.stringify(warnings));
}

function conform(record, kind) {
  if (!record || typeof record !== "object") {
    warn(`${kind}: not an object`);
    return record;
  }
  const shape = SHAPES[kind];
  const name = `${kind} ${record.id ?? record.title ?? "?"}`;
  for (const key of shape.arrays) {
    if (!Array.isArray(record[key])) {
      warn(`${name}: "${key}" should be an array, got ${record[key] === undefined ? "no key" : JSON.stringify(record[key])}`);
      record[key] = [];
    }
  }
  for (const key of shape.values) {
    if (!(key in record)) {
      warn(`${name}: missing key "${key}"`);
      record[key] = null;
    }
  }
  return record;
}

export const contract = {
  events(list) {
    for (const e of list) {
      conform(e, "event");
      e.outcomes.forEach((o) => conform(o, "outcome"));
    }
    return list;
  },
  leaders(list) {
    for (const l of list) {
      conform(l, "leader");
      l.offices.forEach((o) => conform(o, "office"));
    }
    return list;
  },
  levels: (list) => list.map((l) => conform(l, "level")),
  levelAsOf(x) {
    conform(x, "levelAsOf");
    if (x && x.level) conform(x.level, "level");
    if (x && x.possiblyReached) conform(x.possiblyReached, "level");
    return x;
  },
  sources: (list) => list.map((s) => conform(s, "source")),
  hits(list) {
    for (const hit of list) {
      conform(hit, "hit");
      if (hit.snippet && typeof hit.snippet === "object") conform(hit.snippet, "snippet");
      else hit.snippet = {text: String(hit.snippet ?? ""), start: 0, end: 0, highlights: []};
    }
    return list;
  },
};
