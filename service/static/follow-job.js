// A page that waits for a background job follows it: while the job runs, the page is fetched again every 1.5
// seconds and its progress region ([data-follow-job], a polite live region) replaced, so the change is read out.
// Without JavaScript the page has a link to reload. Used by participant imports and Commission transmissions.
(function () {
  "use strict";
  var region = document.querySelector("[data-follow-job]");
  if (!region) { return; }
  function poll() {
    if (region.getAttribute("data-running") !== "true") { return; }
    fetch(window.location.href, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (!html) { return; }
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById(region.id);
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
