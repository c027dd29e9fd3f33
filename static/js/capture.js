// Capture form: while a card is typed, fetch similar cards of the station's topic and show
// them in the live region (the form works without this: "Ähnliche Karten suchen").
(function () {
  "use strict";
  var form = document.querySelector("form[data-similar-url]");
  if (!form) { return; }
  var url = form.getAttribute("data-similar-url");
  var text = form.querySelector("#body");
  var station = form.querySelector("#station");
  var region = document.getElementById("capture-similar");
  var timer = null;
  var lastQuery = "";
  var controller = null;

  function chosenDuplicate() {
    var checked = region.querySelector("input[name=duplicate_of]:checked");
    return checked ? checked.value : "";
  }

  function refresh() {
    var query = "station=" + encodeURIComponent(station.value) +
      "&text=" + encodeURIComponent(text.value.slice(0, 2000));
    if (query === lastQuery || text.value.trim().length < 3) { return; }
    lastQuery = query;
    if (controller) { controller.abort(); }
    controller = window.AbortController ? new AbortController() : null;
    var chosen = chosenDuplicate();
    fetch(url + "?" + query, {
      credentials: "same-origin",
      headers: { "Accept": "text/html" },
      signal: controller ? controller.signal : undefined
    }).then(function (response) {
      return response.ok ? response.text() : null;
    }).then(function (html) {
      if (html === null) { return; }
      region.innerHTML = html;
      if (chosen) {
        var again = region.querySelector("input[name=duplicate_of][value='" + chosen + "']");
        if (again) { again.checked = true; }
      }
    }).catch(function () { /* offline or aborted: the button still works */ });
  }

  function schedule() {
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, 300);
  }

  // Ctrl+Enter (Cmd+Enter) in the text field saves the card.
  var shortcut = document.getElementById("capture-shortcut");
  if (shortcut) { shortcut.hidden = false; }
  text.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      var save = form.querySelector("button[name=submit]");
      if (form.requestSubmit) { form.requestSubmit(save); } else { save.click(); }
    }
  });
  text.addEventListener("input", schedule);
  station.addEventListener("change", schedule);
})();
