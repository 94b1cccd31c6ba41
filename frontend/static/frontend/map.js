/* The finder's map: markers for the results the list already shows. Without Leaflet or
   tiles (offline), the list still works; popups are built from text nodes, never HTML. */
(function () {
  "use strict";

  function popupContent(marker, openLabel) {
    var box = document.createElement("div");
    var title = document.createElement("strong");
    title.className = "popup-title";
    title.textContent = marker.title;
    box.appendChild(title);
    [marker.place, marker.when].forEach(function (text) {
      if (!text) { return; }
      var line = document.createElement("div");
      line.textContent = text;
      box.appendChild(line);
    });
    var link = document.createElement("a");
    link.href = marker.url;
    link.textContent = openLabel;
    box.appendChild(link);
    return box;
  }

  function start() {
    var element = document.getElementById("map");
    var data = document.getElementById("map-markers");
    if (!element || !data || typeof window.L === "undefined") { return; }
    var markers = JSON.parse(data.textContent);
    element.textContent = "";
    element.classList.add("map-ready");

    var map = window.L.map(element, { scrollWheelZoom: false });
    window.L.tileLayer(element.dataset.tilesUrl, {
      attribution: element.dataset.tilesAttribution,
      maxZoom: 18
    }).addTo(map);

    var points = [];
    var openLabel = element.dataset.openLabel;
    markers.forEach(function (marker) {
      var point = [marker.lat, marker.lon];
      points.push(point);
      window.L.marker(point, { title: marker.title, alt: marker.title, keyboard: true })
        .bindPopup(popupContent(marker, openLabel))
        .addTo(map);
    });
    if (element.dataset.centreLat) {
      points.push([parseFloat(element.dataset.centreLat), parseFloat(element.dataset.centreLon)]);
    }
    if (points.length > 1) {
      map.fitBounds(points, { padding: [30, 30], maxZoom: 15 });
    } else if (points.length === 1) {
      map.setView(points[0], 14);
    } else {
      map.setView([55.7, 11.0], 7);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
