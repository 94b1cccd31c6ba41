// The activity form shows only the schedule fields the chosen "Hvor tit" uses; without
// JavaScript every field is shown and the server reads the ones that apply.
(function () {
  "use strict";
  var uses = {
    weekly: ["weekday", "interval"],
    monthly: ["weekday", "ordinal"],
    dates: ["dates"]
  };
  var all = ["weekday", "interval", "ordinal", "dates"];
  var radios = document.querySelectorAll("input[name=repeat]");
  if (!radios.length) { return; }
  function update() {
    var chosen = document.querySelector("input[name=repeat]:checked");
    var shown = uses[chosen ? chosen.value : "weekly"] || all;
    all.forEach(function (name) {
      var box = document.getElementById("field-" + name);
      if (box) { box.hidden = shown.indexOf(name) === -1; }
    });
  }
  radios.forEach(function (radio) { radio.addEventListener("change", update); });
  update();
  // After a refused save, take the keyboard and screen reader to the list of what to fix.
  var errors = document.getElementById("form-errors");
  if (errors) { errors.focus(); }
}());
