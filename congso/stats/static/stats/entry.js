// Keyboard help for the data-entry grid: Enter moves to the next value instead of sending
// the form, the arrow keys up and down move between rows. The form works without it.
(function () {
  "use strict";
  function inputs(form) {
    return Array.prototype.slice.call(form.querySelectorAll("input.stats-value:not([readonly])"));
  }
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (!target.classList || !target.classList.contains("stats-value")) return;
    var form = target.form;
    var all = inputs(form);
    var index = all.indexOf(target);
    if (event.key === "Enter") {
      event.preventDefault();
      var next = all[index + 1];
      if (next) { next.focus(); next.select(); }
      return;
    }
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      var cell = target.closest("td");
      var row = cell.parentElement;
      var column = Array.prototype.indexOf.call(row.children, cell);
      var other = event.key === "ArrowDown" ? row.nextElementSibling : row.previousElementSibling;
      while (other) {
        var found = other.children[column] && other.children[column].querySelector("input.stats-value");
        if (found) { event.preventDefault(); found.focus(); found.select(); return; }
        other = event.key === "ArrowDown" ? other.nextElementSibling : other.previousElementSibling;
      }
    }
  });
})();
