// A page that waits for background jobs follows them: while one runs, the page is fetched again every 1.5
// seconds and each progress region ([data-follow-job] with an id, a polite live region) replaced, so the change
// is read out. Without JavaScript the region has a link to reload. Used by participant imports, Commission
// transmissions, the consolidated export and decision letters.
(function () {
  "use strict";
  var regions = Array.prototype.slice.call(document.querySelectorAll("[data-follow-job][id]"));
  if (!regions.length) { return; }
  function running() {
    return regions.some(function (region) { return region.getAttribute("data-running") === "true"; });
  }
  function poll() {
    if (!running()) { return; }
    fetch(window.location.href, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (!html) { return; }
        var page = new DOMParser().parseFromString(html, "text/html");
        regions.forEach(function (region) {
          var fresh = page.getElementById(region.id);
          if (fresh && region.getAttribute("data-running") === "true") {
            region.innerHTML = fresh.innerHTML;
            region.setAttribute("data-running", fresh.getAttribute("data-running"));
          }
        });
      })
      .catch(function () { /* try again at the next tick */ })
      .then(function () { window.setTimeout(poll, 1500); });
  }
  window.setTimeout(poll, 1500);
})();
