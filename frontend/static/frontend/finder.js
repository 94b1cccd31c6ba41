/* The start page's "use my location" button: shown only where the browser can locate; it
   fills the search box with "latitude,longitude" and searches. */
(function () {
  "use strict";

  function start() {
    var button = document.getElementById("use-my-location");
    var form = document.getElementById("search-form");
    var input = document.getElementById("id_near");
    var status = document.getElementById("location-status");
    if (!button || !form || !input || !("geolocation" in navigator)) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      button.disabled = true;
      navigator.geolocation.getCurrentPosition(
        function (position) {
          input.value = position.coords.latitude.toFixed(5) + "," +
            position.coords.longitude.toFixed(5);
          form.submit();
        },
        function () {
          button.disabled = false;
          status.textContent = button.dataset.error;
          input.focus();
        },
        { timeout: 10000, maximumAge: 600000 }
      );
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
