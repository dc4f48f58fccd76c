/* The limits of a claim while a cost is typed (progressive enhancement; the page works without it).
 *
 * Shortly after typing stops, the cost form is sent to the page's limits address: the server reads it with
 * the same schema and rules as when the cost is added, saves nothing, and answers the limits table with the
 * cost counted in "this claim". Every amount and text comes from the server, formatted and translated there.
 */
(function () {
  "use strict";
  var form = document.getElementById("line-form");
  var target = document.getElementById("limits-table");
  var status = document.getElementById("limits-status");
  if (!form || !target || !window.fetch || !window.FormData) return;
  var url = form.getAttribute("data-limits-url");
  var timer = null, asked = 0;

  function refresh() {
    var mine = ++asked;
    fetch(url, { method: "POST", body: new FormData(form), credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (html === null || mine !== asked) return;  // a later answer is on its way
        target.innerHTML = html;
        var preview = target.querySelector("[data-preview]");
        var text = preview ? preview.textContent : "";
        if (status && status.textContent !== text) status.textContent = text;
      })
      .catch(function () { /* offline: the table stays as saved, the server checks on saving */ });
  }
  function later(delay) {
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, delay);
  }
  form.addEventListener("input", function () { later(600); });
  form.addEventListener("change", function () { later(150); });
})();
