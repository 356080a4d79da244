// Progressive enhancements only: every page works without JavaScript.
(function () {
  "use strict";
  // Move focus to the error summary after a failed submit, so screen-reader and
  // keyboard users hear the problems first (GOV.UK error summary pattern).
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
  }
})();
