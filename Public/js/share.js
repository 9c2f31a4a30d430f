// "Cite" and "Embed" for a record: the attribution sentence the API built (`cite.text`), its reference-manager
// downloads and citation styles, and the iframe a CMS pastes — asked of the API's oEmbed provider, so the
// dashboard shows exactly what a CMS would get.
import {h} from "./dom.js";
import {api} from "./api.js";

const FORMATS = [["csl", "CSL-JSON"], ["bibtex", "BibTeX"], ["ris", "RIS"]];
const STYLES = [["apa", "APA"], ["chicago", "Chicago"], ["mla", "MLA"]];

/** Copies text; where the clipboard is not allowed, selects the field so the reader can copy it. */
function copyButton(label, field) {
  const status = h("span", {class: "share__status", role: "status"});
  const button = h("button", {type: "button", class: "button button--small", onclick: async () => {
    try {
      await navigator.clipboard.writeText(field.value);
      status.textContent = "Copied.";
    } catch {
      field.focus();
      field.select();
      status.textContent = "Selected: press Ctrl+C (⌘C) to copy.";
    }
  }}, label);
  return [button, " ", status];
}

/** kind: "events" | "leaders" | "partnership-levels". */
export function shareBox(record, kind) {
  if (!record?.cite) return null;
  const self = record.links.self;
  const citeField = h("textarea", {class: "share__text", readonly: true, rows: 3, "aria-label": "Citation to paste", "data-cite-text": ""});
  citeField.value = record.cite.text;
  const embedField = h("textarea", {class: "share__text", readonly: true, rows: 3, "aria-label": "Embed code to paste", hidden: true, "data-embed-code": ""});
  const embedStatus = h("span", {class: "share__status", role: "status"});
  const embedButton = h("button", {type: "button", class: "button button--small", "data-embed": "", onclick: async () => {
    embedStatus.textContent = "Asking the API…";
    try {
      const oembed = await api.oembed(`${location.origin}/embed/${kind}/${encodeURIComponent(record.id)}`);
      embedField.value = oembed.html;
      embedField.hidden = false;
      embedStatus.textContent = `${oembed.width} × ${oembed.height} px card.`;
      embedField.focus();
      embedField.select();
    } catch (error) {
      embedStatus.textContent = error.message;
    }
  }}, "Embed");
  return h("div", {class: "share", "data-share": `${kind}:${record.id}`},
    h("p", {class: "label"}, "Cite"),
    citeField,
    h("p", {class: "share__actions"},
      copyButton("Copy citation", citeField),
      h("span", {class: "share__links"}, " Download ",
        FORMATS.map(([f, label], i) => [i ? " · " : "", h("a", {href: `${self}?format=${f}`, download: "", "data-format": f}, label)]),
        " · Styles ",
        STYLES.map(([s, label], i) => [i ? " · " : "", h("a", {href: `${self}/citation?style=${s}`, "data-style": s}, label)]))),
    h("p", {class: "label"}, "Embed in a story"),
    h("p", {class: "share__actions"}, embedButton, " ",
      h("a", {href: `/embed/${kind}/${encodeURIComponent(record.id)}`, "data-embed-preview": ""}, "preview the card"), " ", embedStatus),
    embedField);
}
