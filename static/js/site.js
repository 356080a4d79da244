// Progressive enhancements only: every page works without JavaScript.
(function () {
  "use strict";
  // Move focus to the error summary after a failed submit, so screen-reader and
  // keyboard users hear the problems first (GOV.UK error summary pattern).
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
  }

  // Reflow (WCAG 1.4.10): a data table wider than the screen scrolls inside its own box,
  // never the whole page. The box is a region named after the table's caption and,
  // while it scrolls, a tab stop, so keyboard users can scroll it with the arrow keys.
  var boxes = [];
  document.querySelectorAll("main table").forEach(function (table) {
    var box = table.parentElement;
    if (!box.classList.contains("table-responsive") && !box.classList.contains("table-scroll")) {
      box = document.createElement("div");
      table.parentNode.insertBefore(box, table);
      box.appendChild(table);
    }
    box.classList.add("table-scroll");
    var caption = table.querySelector("caption");
    var name = caption ? caption.textContent.replace(/\s+/g, " ").trim() : "";
    box.dataset.label = (name || "Table") + " (scrolls sideways)";
    boxes.push(box);
  });
  function markScrolling() {
    boxes.forEach(function (box) {
      if (box.scrollWidth > box.clientWidth + 1) {
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", box.dataset.label);
        box.setAttribute("tabindex", "0");
      } else {
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
        box.removeAttribute("tabindex");
      }
    });
  }
  markScrolling();
  window.addEventListener("resize", markScrolling);
})();
