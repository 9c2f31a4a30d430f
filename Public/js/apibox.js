// "This view in the API": the curl command for the request behind what is on screen, every request the view made,
// and a Copy button that works with or without the async clipboard (which needs a secure context).
import {apiUrl, BASE, OPENAPI} from "./api.js";
import {h, fill} from "./dom.js";

const $ = (id) => document.getElementById(id);

/** Single-quoted for a POSIX shell; a quote inside the URL is percent-encoded, which the server reads the same. */
function shellQuote(url) {
  return `'${url.replace(/'/g, "%27")}'`;
}

export function renderApiBox(ctx, viewUrls) {
  // The request behind what the reader is looking at: the open source, else the search, else the timeline.
  const primary = ctx.urls.source || ctx.urls.search || ctx.urls.events || apiUrl(BASE);
  $("curl-command").textContent = `curl -s ${shellQuote(primary)}`;
  const unique = [...new Set(viewUrls)];
  fill($("request-list"), unique.map((u) => h("li", null, h("a", {href: u}, h("code", null, u.replace(location.origin, ""))))));
  fill($("colophon"), "Ties — a citation-backed knowledge base. Quotes are verbatim from the sources. ",
    ctx.index ? `Dataset ${ctx.index.datasetVersion}, loaded ${ctx.index.loadedAt || "?"}. ` : "",
    h("a", {href: OPENAPI}, "OpenAPI"), " · ", h("a", {href: apiUrl(BASE)}, "API index"));
}

export function enableCopy() {
  $("copy-curl").addEventListener("click", async () => {
    const text = $("curl-command").textContent;
    const status = $("copy-status");
    try {
      await navigator.clipboard.writeText(text);
      status.textContent = "Copied";
    } catch {
      const range = document.createRange();
      range.selectNodeContents($("curl-command"));
      const selection = getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      status.textContent = document.execCommand && document.execCommand("copy") ? "Copied" : "Selected — press Ctrl+C to copy";
    }
    setTimeout(() => { status.textContent = ""; }, 4000);
  });
}
