// Progressive enhancement of the pivot form: a change of a choice redraws the table.
// Without script the "Show" button does the same.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("form[data-stats-pivot]").forEach((form) => {
    form.querySelectorAll("select").forEach((select) => {
      select.addEventListener("change", () => form.requestSubmit());
    });
  });
});
