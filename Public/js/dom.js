// Building DOM from data without ever parsing data as HTML: every string becomes a text node or an attribute
// value set through the DOM, so a quote containing "<script>" shows as those characters.

const SVG_NS = "http://www.w3.org/2000/svg";

/** Only same-site paths, fragments, queries and http(s) URLs become links: a data value can never be a script URL. */
export function safeHref(value) {
  const text = String(value);
  return /^(\/(?!\/)|\?|#|\.\/|https?:\/\/)/i.test(text) ? text : "#";
}

function apply(el, attrs) {
  if (!attrs) return el;
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") el.setAttribute("class", Array.isArray(value) ? value.filter(Boolean).join(" ") : value);
    else if (key === "dataset") Object.assign(el.dataset, value);
    else if (key === "style") Object.assign(el.style, value);
    else if (key.startsWith("on") && typeof value === "function") el.addEventListener(key.slice(2), value);
    else if (key === "text") el.textContent = String(value);
    else if (key === "href") el.setAttribute("href", safeHref(value));
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** h("p", {class: "x"}, "text", h("b", null, "bold")) — an HTML element. */
export function h(tag, attrs, ...children) {
  return append(apply(document.createElement(tag), attrs), children);
}

/** s("rect", {x: 1}) — an SVG element. */
export function s(tag, attrs, ...children) {
  return append(apply(document.createElementNS(SVG_NS, tag), attrs), children);
}

/** Replaces an element's children. */
export function fill(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

/**
 * Text with ranges marked. `text` is sliced by Unicode scalar (code point) offsets, as the API counts them.
 * ranges: [{start, end, className, id, title}] — non-overlapping, sorted.
 */
export function markedText(text, ranges, tag = "mark") {
  const chars = Array.from(text);
  const out = [];
  let at = 0;
  for (const r of ranges) {
    const start = Math.max(at, Math.min(r.start, chars.length));
    const end = Math.max(start, Math.min(r.end, chars.length));
    if (start > at) out.push(chars.slice(at, start).join(""));
    out.push(h(tag, {class: r.className, id: r.id, title: r.title}, chars.slice(start, end).join("")));
    at = end;
  }
  if (at < chars.length) out.push(chars.slice(at).join(""));
  return out;
}
