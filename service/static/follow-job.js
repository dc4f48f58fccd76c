// An import's page follows its job: while it runs, the progress region is fetched again every 1.5 seconds
// and replaced (a polite live region reads the change). Without JavaScript the page has a link to reload.
(function () {
  "use strict";
  var region = document.getElementById("import-progress");
  if (!region) { return; }
  function poll() {
    if (region.getAttribute("data-running") !== "true") { return; }
    fetch(window.location.href, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (!html) { return; }
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("import-progress");
        if (fresh) {
          region.innerHTML = fresh.innerHTML;
          region.setAttribute("data-running", fresh.getAttribute("data-running"));
        }
      })
      .catch(function () { /* try again at the next tick */ })
      .then(function () { window.setTimeout(poll, 1500); });
  }
  window.setTimeout(poll, 1500);
})();
