// The error summary of a form (templates/_forms.html) takes the keyboard focus when the page loads, so that a
// screen reader reads the problems first; a link of the summary moves the focus to the field it names
// (the GOV.UK pattern: design-system.service.gov.uk/components/error-summary).
(function () {
  "use strict";
  function ready() {
    var summary = document.querySelector("[data-error-summary]");
    if (!summary) return;
    summary.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      if (!link) return;
      var target = document.getElementById(decodeURIComponent(link.getAttribute("href").slice(1)));
      if (!target) return;
      event.preventDefault();
      target.scrollIntoView();
      target.focus();
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
})();
