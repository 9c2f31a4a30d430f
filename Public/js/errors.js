// Loaded before everything else (a classic script, so it runs even if a module fails to parse): records every
// uncaught error and unhandled rejection on <html data-js-errors="[...]"> so a headless browser test can read them.
(function () {
  var errors = [];
  function record(message) {
    errors.push(String(message));
    document.documentElement.setAttribute("data-js-errors", JSON.stringify(errors));
  }
  window.addEventListener("error", function (event) {
    if (event.target && event.target !== window && (event.target.src || event.target.href)) {
      record("failed to load " + (event.target.src || event.target.href));
      return;
    }
    record((event.message || "error") + " at " + (event.filename || "?") + ":" + (event.lineno || "?"));
  }, true);
  window.addEventListener("unhandledrejection", function (event) {
    var reason = event.reason;
    record("unhandled rejection: " + (reason && (reason.stack || reason.message) || reason));
  });
  window.tiesErrors = errors;
})();
