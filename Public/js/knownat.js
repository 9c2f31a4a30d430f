// "As reported by": one date that turns the whole page into what the sources published by then said. The
// date travels as the API's own `knownAt` parameter on every request (api.js), so the ladder, timeline, leaders
// and sources are redrawn from the API's answer, never filtered here.
import {h, fill} from "./dom.js";
import {navLink} from "./common.js";
import {formatDate} from "./format.js";

export function renderKnownAt(ctx, form) {
  const value = ctx.state.knownAt || "";
  const meta = ctx.knownAtMeta;
  const input = h("input", {id: "known-at-input", name: "knownAt", type: "text", value, placeholder: "YYYY[-MM[-DD]]",
    inputmode: "numeric", autocomplete: "off", "aria-describedby": "known-at-note"});
  let note;
  if (!value) {
    note = "Pick a date to see only what had been reported by then.";
  } else if (meta) {
    const left = meta.possiblyPublished || [];
    note = [`As the ${meta.sources.length} source${meta.sources.length === 1 ? "" : "s"} published by ${formatDate({date: meta.date}, true)} reported it.`,
      left.length ? ` ${left.length} more may have been published by then (dated only to a month or year) and are left out.` : ""];
  } else {
    note = "";
  }
  fill(form,
    h("label", {for: "known-at-input"}, "As reported by"),
    input,
    h("button", {class: "button", type: "submit"}, "Show"),
    value ? navLink(ctx, {knownAt: null}, "Today", {class: "button button--quiet", id: "known-at-clear"}) : null,
    h("p", {class: "known-at__note", id: "known-at-note"}, note));
  form.classList.toggle("known-at--active", Boolean(value));
}
