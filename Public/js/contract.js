// The record shapes of docs/api.md say every key is always present (null or [] when empty). The dashboard checks
// the keys it draws: a missing one is filled with its empty value so one bad record cannot break the page, and is
// reported on <html data-contract-warnings> so the browser test fails and names the record and key.

const SHAPES = {
  event: {arrays: ["participants", "countries", "topics", "outcomes", "relatedEventIds", "citations", "sourceIds"],
    values: ["id", "type", "title", "summary", "date", "endDate", "status", "location", "partnershipLevelId", "corroboration", "links"]},
  outcome: {arrays: ["amounts", "citations"], values: ["kind", "description"]},
  leader: {arrays: ["aliases", "offices", "eventIds", "mentions", "citations", "sourceIds"],
    values: ["id", "name", "country", "corroboration", "links"]},
  office: {arrays: ["citedOn", "citations"], values: ["title", "country", "from", "to"]},
  level: {arrays: ["spellings", "citations", "sourceIds", "mentions"],
    values: ["id", "name", "rank", "reached", "eventId", "corroboration", "links"]},
  source: {arrays: ["wireServices"],
    values: ["id", "title", "kind", "language", "publisher", "published", "textLength", "citationCount", "links"]},
  hit: {arrays: ["highlights", "matches"], values: ["kind", "id", "title", "field", "snippet", "links"]},
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
  level: (l) => (l ? conform(l, "level") : l),
  sources: (list) => list.map((s) => conform(s, "source")),
  hits: (list) => list.map((h) => conform(h, "hit")),
};
