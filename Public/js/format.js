// Dates are shown at exactly the precision the sources give: a month-precision date is "Dec 2023", never a day.

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const MONTHS_LONG = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
  "October", "November", "December"];

function parts(partial) {
  const [y, m, d] = String(partial.date || partial).split("-").map(Number);
  return {y, m, d};
}

/** "25 May 2015" | "Dec 2023" | "2015"; "by 23 May 2024" when the date carries a qualifier. */
export function formatDate(partial, long = false) {
  if (!partial) return "";
  if (partial.qualifier) return `${partial.qualifier} ${formatDate({date: partial.date}, long)}`;
  const {y, m, d} = parts(partial);
  const names = long ? MONTHS_LONG : MONTHS;
  if (d) return `${d} ${names[m - 1]} ${y}`;
  if (m) return `${names[m - 1]} ${y}`;
  return String(y);
}

/** "15–17 Dec 2023" for a range inside one month, else "A – B". */
export function formatRange(date, endDate) {
  if (!endDate || date.qualifier || endDate.qualifier) return endDate ? `${formatDate(date)} – ${formatDate(endDate)}` : formatDate(date);
  const a = parts(date);
  const b = parts(endDate);
  if (a.d && b.d && a.y === b.y && a.m === b.m) return `${a.d}–${b.d} ${MONTHS[a.m - 1]} ${a.y}`;
  return `${formatDate(date)} – ${formatDate(endDate)}`;
}

export function precisionLabel(partial) {
  if (!partial) return "";
  return {day: "to the day", month: "month only", year: "year only"}[partial.precision] || partial.precision;
}

/** The period a partial date names, as [start, end) timestamps (UTC): a month covers the whole month. */
export function period(partial) {
  const {y, m, d} = parts(partial);
  if (d) return [Date.UTC(y, m - 1, d), Date.UTC(y, m - 1, d + 1)];
  if (m) return [Date.UTC(y, m - 1, 1), Date.UTC(y, m, 1)];
  return [Date.UTC(y, 0, 1), Date.UTC(y + 1, 0, 1)];
}

export function yearOf(partial) {
  return parts(partial).y;
}

export function plural(n, one, many = `${one}s`) {
  return `${n} ${n === 1 ? one : many}`;
}

export function truncate(text, max) {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("").trimEnd()}…`;
}

const KINDS = {"news-report": "News report", "government-record": "Government record", summary: "Summary"};
export function kindLabel(kind) {
  return KINDS[kind] || (kind ? kind.replace(/-/g, " ") : "");
}

export function typeLabel(type) {
  if (!type) return "";
  const text = type.replace(/-/g, " ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * A short name for a source: outlet and date, e.g. "Reuters, 25 May 2015". With no known outlet, wire copy is
 * named by its wire; anything else by its kind and the services it credits ("Summary citing Bernama and Kyodo
 * News"), never as if the credited service had published it.
 */
export function sourceLabel(source) {
  if (!source) return "source";
  const wires = source.wireServices || [];
  let outlet = source.publisher?.name;
  if (!outlet && source.kind === "news-report" && wires.length === 1) outlet = wires[0];
  if (!outlet) {
    const kind = kindLabel(source.kind);
    outlet = wires.length ? `${kind.charAt(0).toUpperCase()}${kind.slice(1)} citing ${wires.join(" and ")}` : kind;
  }
  return source.published ? `${outlet}, ${formatDate(source.published)}` : outlet;
}
