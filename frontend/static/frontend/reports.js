/* Outcome charts: each canvas draws the numbers of the table beside it (its JSON twin).
   A hidden count ("< 5") is left out of the chart; the table says "< 5". Without
   Chart.js the tables stand alone. */
(function () {
  "use strict";

  var COLOURS = ["#0b5563", "#8a3b00", "#4a4a4a", "#1d6b2f"];

  function number(value, kind) {
    if (value === null || value === undefined || typeof value === "string") { return null; }
    return kind === "percent" ? Math.round(1000 * value) / 10 : value;
  }

  function draw(canvas) {
    var table = JSON.parse(document.getElementById(canvas.dataset.source).textContent);
    var keys = canvas.dataset.columns.split(",");
    var columns = table.columns.filter(function (c) { return keys.indexOf(c.key) >= 0; });
    var labels, datasets;
    if (canvas.dataset.chart === "total") {
      if (!table.total) { return; }
      labels = columns.map(function (c) { return c.label; });
      datasets = [{
        label: canvas.dataset.label,
        data: columns.map(function (c) { return number(table.total[c.key], c.kind); }),
        backgroundColor: COLOURS[0]
      }];
    } else {
      if (!table.rows.length) { return; }
      labels = table.rows.map(function (r) { return r.label; });
      datasets = columns.map(function (c, i) {
        return {
          label: c.label,
          data: table.rows.map(function (r) { return number(r.values[c.key], c.kind); }),
          backgroundColor: COLOURS[i % COLOURS.length]
        };
      });
    }
    var figure = canvas.closest(".chart");
    figure.hidden = false;
    new window.Chart(canvas, {
      type: "bar",
      data: { labels: labels, datasets: datasets },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { display: datasets.length > 1 } },
        scales: { y: { beginAtZero: true } }
      }
    });
  }

  function start() {
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
    if (typeof window.Chart === "undefined") { return; }
    window.Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
    window.Chart.defaults.font.size = 14;
    window.Chart.defaults.color = "#1a1a1a";
    document.querySelectorAll("canvas[data-chart]").forEach(draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
