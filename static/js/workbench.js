// Workbench enhancements; the page works without them.
// "Select all on this page" ticks every contribution checkbox of its form.
document.querySelectorAll("[data-select-all]").forEach(function (box) {
  var form = document.getElementById(box.getAttribute("data-select-all"));
  box.addEventListener("change", function () {
    form.querySelectorAll('input[type="checkbox"][name="c"]').forEach(function (item) {
      item.checked = box.checked;
    });
  });
});
// Move focus to the opened contribution, so keyboard and screen-reader users land on it.
var detail = document.getElementById("detail");
if (detail && window.location.hash === "#detail") {
  detail.focus();
}
