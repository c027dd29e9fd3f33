// "Send again" on an error page: wait until the server said it makes sense (Retry-After).
// Without JavaScript the button simply works at once.
(function () {
  "use strict";
  document.querySelectorAll("button[data-retry-after]").forEach(function (button) {
    var seconds = parseInt(button.getAttribute("data-retry-after"), 10);
    if (!(seconds > 0)) {
      return;
    }
    button.disabled = true;
    window.setTimeout(function () {
      button.disabled = false;
    }, seconds * 1000);
  });
})();
