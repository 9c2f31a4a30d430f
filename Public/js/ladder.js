// The partnership ladder as an SVG step chart. A level reached on a known day rises on that day; one known only to
// the month (or year) rises across a shaded band as wide as that month, labelled "Dec 2023" — never on a made-up day.
import {shareBox} from "./share.js";
import {h, s, fill} from "./dom.js";
import {citeList, navLink, tag, emptyBox} from "./common.js";
import {formatDate, formatRange, period, plural, precisionLabel, typeLabel} from "./format.js";

const DAY = 86400000;

export function renderLadder(ctx, container) {
  const levels = [...ctx.levels].sort((a, b) => period(a.reached)[0] - period(b.reached)[0] || a.rank - b.rank);
  if (!levels.length) {
    fill(container, emptyBox("The sources report no partnership level yet."));
    return;
  }
  fill(container, chart(ctx, levels, Math.max(300, container.clientWidth || 720)), ladderList(ctx, levels));
}

function chart(ctx, levels, width) {
  const events = ctx.allEvents || [];
  const maxRank = Math.max(...levels.map((l) => l.rank));
  // The step below the lowest level reported stands for "no level reported", whatever the ranks start at.
  const floor = Math.min(...levels.map((l) => l.rank)) - 1;
  const starts = [...levels.map((l) => period(l.reached)[0]), ...events.map((e) => period(e.date)[0])];
  const ends = [...events.map((e) => period(e.endDate || e.date)[1]), Date.now()];
  const firstYear = new Date(Math.min(...starts)).getUTCFullYear();
  const t0 = Date.UTC(firstYear, 0, 1);
  const t1 = Math.max(...ends) + 30 * DAY;
  const compact = width < 560;
  const m = {left: 8, right: 10, top: 44};
  const stepHeight = compact ? 46 : 54;
  const stepsBottom = m.top + (maxRank - floor) * stepHeight + 10;
  const x = (t) => m.left + ((t - t0) / (t1 - t0)) * (width - m.left - m.right);
  // Events lane: each event spans the period its date names; overlapping spans go on separate rows so a
  // year-long band never hides a day.
  const rowEnds = [];
  const marks = events.map((event) => {
    const xa = x(period(event.date)[0]);
    const w = Math.max(2, x(period(event.endDate || event.date)[1]) - xa);
    return {event, xa, w};
  }).sort((p, q) => p.xa - q.xa || q.w - p.w);
  for (const mark of marks) {
    let row = rowEnds.findIndex((end) => end + 2 <= mark.xa);
    if (row < 0) row = rowEnds.push(0) - 1;
    rowEnds[row] = mark.xa + mark.w;
    mark.row = row;
  }
  const rowHeight = rowEnds.length > 3 ? 7 : 10;
  const laneTop = stepsBottom + 30;
  const laneHeight = Math.max(1, rowEnds.length) * (rowHeight + 2);
  const axisY = laneTop + laneHeight + 8;
  const height = axisY + 24;
  const y = (rank) => stepsBottom - (rank - floor) * stepHeight;
  const charWidth = compact ? 6.4 : 7.2;

  const current = levels[levels.length - 1];
  const svg = s("svg", {class: "ladder-chart", width, height, viewBox: `0 0 ${width} ${height}`, role: "img",
    "aria-labelledby": "ladder-chart-title ladder-chart-desc"},
  s("title", {id: "ladder-chart-title"}, "Partnership level over time"),
  s("desc", {id: "ladder-chart-desc"},
    levels.map((l) => `${l.name} reached ${formatDate(l.reached, true)} (${precisionLabel(l.reached)})`).join("; ") +
    `. ${events.length} events drawn below the steps.`));

  // Year axis and light gridlines.
  const years = new Date(t1).getUTCFullYear() - firstYear + 1;
  const every = [1, 2, 5, 10].find((n) => (width / years) * n >= (compact ? 44 : 52)) || 10;
  for (let yr = firstYear; yr <= new Date(t1).getUTCFullYear(); yr++) {
    const tx = x(Date.UTC(yr, 0, 1));
    if (tx > width - m.right) break;
    const labelled = (yr - firstYear) % every === 0;
    svg.append(s("line", {class: labelled ? "grid grid--major" : "grid", x1: tx, x2: tx, y1: m.top - 8, y2: axisY}));
    if (labelled) svg.append(s("text", {class: "axis-label", x: tx + 3, y: axisY + 15}, String(yr)));
  }

  // Before the first level the sources say nothing: a dashed baseline, not an invented level.
  const firstBand = period(levels[0].reached);
  svg.append(s("line", {class: "step step--unknown", x1: x(t0), x2: x(firstBand[0]), y1: y(floor), y2: y(floor)}));
  if (x(firstBand[0]) - x(t0) > 120) {
    svg.append(s("text", {class: "step-note", x: x(t0) + 2, y: y(floor) - 6}, "no level reported"));
  }

  let prevRank = floor;
  levels.forEach((level, i) => {
    const [a, b] = period(level.reached);
    const xa = x(a);
    const xb = Math.max(x(b), xa + 1.5);
    const next = levels[i + 1] ? x(period(levels[i + 1].reached)[0]) : x(Date.now());
    const dated = `${formatDate(level.reached)}${level.reached.approximate ? " (approx.)" : ""}`;
    const g = s("g", {class: `step-group${level === current ? " step-group--current" : ""}`, "data-level": level.id});
    g.append(s("title", null, `${level.name}: reached ${formatDate(level.reached, true)} — ${precisionLabel(level.reached)}`));
    if (level.reached.precision === "day") {
      g.append(s("line", {class: "step", x1: xa, x2: xa, y1: y(prevRank), y2: y(level.rank)}));
    } else {
      // The rise happened somewhere inside this band.
      g.append(s("rect", {class: "step-band", x: xa, y: y(level.rank), width: xb - xa, height: y(prevRank) - y(level.rank)}));
      g.append(s("line", {class: "step step--uncertain", x1: xa, x2: xb, y1: y(prevRank), y2: y(level.rank)}));
    }
    g.append(s("line", {class: "step", x1: xb, x2: Math.max(xb, next), y1: y(level.rank), y2: y(level.rank)}));
    g.append(s("circle", {class: "step-dot", cx: xb, cy: y(level.rank), r: 3.5}));
    // Name and date above the step; anchored to the right edge when the text would run off it.
    const longest = Math.max(level.name.length, dated.length + 6) * charWidth;
    const fits = xb + 6 + longest <= width - m.right;
    const tx = fits ? xb + 6 : width - m.right;
    const anchor = fits ? "start" : "end";
    g.append(s("text", {class: "step-label", x: tx, y: y(level.rank) - 24, "text-anchor": anchor}, level.name));
    g.append(s("text", {class: "step-date", x: tx, y: y(level.rank) - 9, "text-anchor": anchor},
      `since ${dated}`));
    svg.append(g);
    prevRank = level.rank;
  });
  const nowX = x(Date.now());
  svg.append(s("circle", {class: "now-dot", cx: nowX, cy: y(current.rank), r: 3}));

  svg.append(s("text", {class: "lane-label", x: m.left, y: laneTop - 6}, `Events (${events.length})`));
  svg.append(s("line", {class: "lane-base", x1: m.left, x2: width - m.right, y1: laneTop + laneHeight, y2: laneTop + laneHeight}));
  for (const {event, xa, w, row} of marks) {
    svg.append(s("rect", {class: `lane-mark lane-mark--${event.date.precision}`, x: xa, y: laneTop + row * (rowHeight + 2),
      width: w, height: rowHeight, "data-event": event.id},
    s("title", null, `${formatRange(event.date, event.endDate)} (${precisionLabel(event.date)}): ${event.title}`)));
  }
  return h("figure", {class: "ladder-figure"}, svg,
    h("figcaption", {class: "chart-key"},
      h("span", {class: "key key--day"}, "known day"),
      h("span", {class: "key key--month"}, "month or year only (the band spans it)"),
      h("span", {class: "key key--unknown"}, "no level reported")));
}

function ladderList(ctx, levels) {
  return h("ol", {class: "ladder-list"}, [...levels].sort((a, b) => b.rank - a.rank).map((level) => {
    const event = level.eventId ? ctx.eventsById.get(level.eventId) : null;
    return h("li", {class: "ladder-list__item", "data-level": level.id},
      h("p", {class: "ladder-list__head"},
        h("span", {class: "rank", "aria-label": `rank ${level.rank}`}, String(level.rank)),
        h("strong", {class: "ladder-list__name"}, level.name),
        " ", h("span", {class: "ladder-list__date"}, `reached ${formatDate(level.reached)}`),
        " ", tag(precisionLabel(level.reached), `tag--${level.reached.precision}`),
        level.reached.approximate ? [" ", tag("approx.", "tag--approx")] : null,
        " ", tag(plural(level.corroboration, "source"), "tag--sources")),
      level.reached.note ? h("p", {class: "note"}, `How the date was derived: ${level.reached.note}`) : null,
      event ? h("p", {class: "ladder-list__event"}, "At: ",
        navLink(ctx, {event: event.id}, event.title), ` (${typeLabel(event.type)})`) : null,
      citeList(ctx, level.citations, {compact: true}),
      h("details", {class: "leader__share"}, h("summary", null, "Cite or embed"), shareBox(level, "partnership-levels")));
  }));
}
