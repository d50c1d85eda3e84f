/* Every page: after a failed submit the focus goes to the error summary, so that a screen
   reader reads the problems first and a keyboard user starts from the links to the fields
   (WCAG 3.3.1). Progressive enhancement: without script the summary is still first in the main
   content and announced as an alert. */
(function () {
  "use strict";
  var summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
  }
})();

/* A table wider than the screen scrolls in its own box (zvh.css); such a box must be reachable
   by keyboard to be scrolled (WCAG 2.1.1), and named. Checked again when the window resizes. */
(function () {
  "use strict";
  function markScrollingTables() {
    Array.prototype.forEach.call(document.querySelectorAll("main table"), function (table) {
      if (table.parentElement.closest("[tabindex=\"0\"]")) { return; }  // already in a scroll box
      var scrolls = table.scrollWidth > table.clientWidth + 1;
      if (scrolls && !table.hasAttribute("tabindex")) {
        table.setAttribute("tabindex", "0");
        table.setAttribute("data-zvh-scroll", "");
      } else if (!scrolls && table.hasAttribute("data-zvh-scroll")) {
        table.removeAttribute("tabindex");
        table.removeAttribute("data-zvh-scroll");
      }
    });
  }
  markScrollingTables();
  window.addEventListener("resize", markScrollingTables);
})();
