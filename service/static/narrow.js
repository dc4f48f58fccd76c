// A table wider than a narrow screen scrolls inside its own box (amif.css): such a box is made reachable with the
// keyboard (tabindex), so that it can be scrolled without a mouse (WCAG 2.1.1; axe: scrollable-region-focusable).
(function () {
  function reachable() {
    document.querySelectorAll("main table").forEach(function (table) {
      if (table.scrollWidth > table.clientWidth + 1) {
        if (!table.hasAttribute("tabindex")) table.setAttribute("tabindex", "0");
      } else if (table.getAttribute("tabindex") === "0") {
        table.removeAttribute("tabindex");
      }
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", reachable);
  else reachable();
  window.addEventListener("resize", reachable);
})();
