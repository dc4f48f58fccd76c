// The print view's button: shown only where scripts run, it opens the browser's print dialogue.
document.querySelectorAll("[data-print]").forEach((button) => {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
});
