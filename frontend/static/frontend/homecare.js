// The loneliness scale's total (3-9) and its meaning, shown while staff fill in the three
// answers; the server computes the same and shows it after saving.
(function () {
  "use strict";
  document.querySelectorAll("[data-loneliness]").forEach(function (group) {
    var output = group.querySelector("[data-loneliness-total]");
    if (!output) { return; }
    function update() {
      var checked = group.querySelectorAll("input[type=radio]:checked");
      if (checked.length < 3) {
        output.textContent = output.dataset.labelNone;
        return;
      }
      var total = 0;
      checked.forEach(function (input) { total += parseInt(input.value, 10); });
      var meaning = total <= 4 ? output.dataset.labelLow
        : total <= 6 ? output.dataset.labelSome : output.dataset.labelHigh;
      output.textContent = output.dataset.labelScore + " " + total + ": " + meaning;
    }
    group.addEventListener("change", update);
    update();
  });
  // After a refused save, take the keyboard and screen reader to the list of what to fix.
  var errors = document.getElementById("form-errors");
  if (errors) { errors.focus(); }
}());
