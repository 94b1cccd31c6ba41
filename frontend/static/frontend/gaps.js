/* The gap map: the squares of the table as rectangles, the five best places as numbered
   markers. The table is the page; without Leaflet or tiles the map is left out. */
(function () {
  "use strict";

  // Leaflet would read a string as HTML: names go in as text nodes.
  function textBox(text) {
    var box = document.createElement("span");
    box.textContent = text;
    return box;
  }

  function start() {
    var element = document.getElementById("gap-map");
    var cells = document.getElementById("gap-cells");
    var places = document.getElementById("gap-best-places");
    if (!element || !cells || typeof window.L === "undefined") { return; }
    cells = JSON.parse(cells.textContent);
    places = JSON.parse(places.textContent);
    if (!cells.length && !places.length) { element.hidden = true; return; }
    element.textContent = "";
    var map = window.L.map(element, { scrollWheelZoom: false });
    window.L.tileLayer(element.dataset.tilesUrl, {
      attribution: element.dataset.tilesAttribution, maxZoom: 18
    }).addTo(map);
    var bounds = [];
    cells.forEach(function (cell) {
      var waiting = cell.values.waiting;
      var small = typeof waiting === "string";
      var box = [[cell.south, cell.west], [cell.north, cell.east]];
      bounds.push(box[0], box[1]);
      var text = cell.label + ": " + element.dataset.waitingLabel + " " + waiting +
        ", " + element.dataset.activitiesLabel + " " + cell.values.activities;
      window.L.rectangle(box, {
        color: "#8a3b00", weight: 1, fillColor: "#8a3b00",
        fillOpacity: small ? 0.15 : Math.min(0.75, 0.25 + waiting / 40)
      }).bindTooltip(textBox(text)).addTo(map);
    });
    places.forEach(function (place, index) {
      var point = [place.latitude, place.longitude];
      bounds.push(point);
      window.L.marker(point, { title: (index + 1) + ". " + place.label, alt: (index + 1) + ". " + place.label, keyboard: true })
        .bindPopup(textBox((index + 1) + ". " + place.label)).addTo(map);
    });
    if (bounds.length) { map.fitBounds(bounds, { padding: [20, 20], maxZoom: 14 }); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
