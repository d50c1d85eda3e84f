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
