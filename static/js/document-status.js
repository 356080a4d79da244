// The "Preparing your PDF" page: poll the JSON status every few seconds and switch to
// the download link or the error without reloading. The page works without this file
// (its "Check again" link reloads it); CSP allows only same-origin scripts and fetches.
(function () {
  "use strict";
  var root = document.querySelector("[data-document-status]");
  if (!root || !window.fetch) {
    return;
  }
  var url = root.getAttribute("data-status-url");
  var interval = (parseFloat(root.getAttribute("data-poll-interval")) || 2) * 1000;
  var live = root.querySelector("[data-live]");
  var label = root.querySelector("[data-status-label]");
  // Stop after half an hour; the server fails a job long before that.
  var pollsLeft = Math.ceil(1800000 / interval);
  var failuresInARow = 0;

  function show(state) {
    root.setAttribute("data-state", state);
    var panels = root.querySelectorAll("[data-panel]");
    for (var i = 0; i < panels.length; i++) {
      panels[i].hidden = panels[i].getAttribute("data-panel") !== state;
    }
    var heading = root.querySelector("[data-panel='" + state + "'] h1");
    var text = heading ? heading.textContent : "";
    document.title = text + document.title.replace(/^[^\u2013]*/, " ");
    return text;
  }

  function announce(text) {
    // Cleared first, so the same words are read out again if they recur.
    live.textContent = "";
    window.setTimeout(function () {
      live.textContent = text;
    }, 100);
  }

  function update(data) {
    if (data.state === "pending") {
      if (label && data.label) {
        label.textContent = data.label;
      }
      return true;
    }
    if (data.state === "done") {
      var link = root.querySelector("[data-download]");
      if (data.download_url) {
        link.setAttribute("href", data.download_url);
      }
      announce(show("done") + ". " + link.textContent + ".");
    } else if (data.state === "failed") {
      var error = root.querySelector("[data-error]");
      if (data.error) {
        error.textContent = data.error;
      }
      announce(show("failed") + ". " + error.textContent);
    }
    return false;
  }

  function poll() {
    if (pollsLeft-- <= 0) {
      return;
    }
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("status " + response.status);
        }
        return response.json();
      })
      .then(function (data) {
        failuresInARow = 0;
        if (update(data)) {
          window.setTimeout(poll, interval);
        }
      })
      .catch(function () {
        // A blip (deploy, network): keep trying, more slowly; "Check again" still works.
        failuresInARow += 1;
        window.setTimeout(poll, interval * Math.min(failuresInARow + 1, 5));
      });
  }

  if (root.getAttribute("data-state") === "pending") {
    window.setTimeout(poll, interval);
  }
})();
