// Live lists (the coordinator's inbox, or any page with #inbox-lists[data-lists-url] and
// #live-status): a WebSocket at /ws/inbox/ says that something changed; the lists are then
// fetched again from the server (which checks access and writes the audit
// trail) and swapped in, without reloading the page.
(function () {
  "use strict";
  var lists = document.getElementById("inbox-lists");
  var status = document.getElementById("live-status");
  if (!lists || !status || !("WebSocket" in window)) return;

  var url = lists.getAttribute("data-lists-url");
  var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
  var delay = 1000;
  var pending = null;

  function refresh() {
    // Several events in a burst (a batch run) give one fetch.
    if (pending) return;
    pending = window.setTimeout(function () {
      pending = null;
      fetch(url, { credentials: "same-origin", headers: { Accept: "text/html" } })
        .then(function (response) {
          if (!response.ok) throw new Error(response.status);
          return response.text();
        })
        .then(function (html) {
          var focusedId = document.activeElement && document.activeElement.id;
          lists.innerHTML = html;
          if (focusedId && document.getElementById(focusedId)) {
            document.getElementById(focusedId).focus();
          }
          lists.setAttribute("data-updated-at", String(Date.now()));
          status.textContent = status.getAttribute("data-updated");
        })
        .catch(function () {
          status.textContent = status.getAttribute("data-offline");
        });
    }, 200);
  }

  function connect() {
    var socket = new WebSocket(scheme + window.location.host + "/ws/inbox/");
    socket.addEventListener("open", function () {
      delay = 1000;
      lists.setAttribute("data-live", "on");
      status.textContent = status.getAttribute("data-connected");
    });
    socket.addEventListener("message", function (message) {
      var data = JSON.parse(message.data);
      // Coordinators hear of matches and referrals, home-care staff of their citizens.
      if (/^(match|referral|citizen)\./.test(data.event)) refresh();
    });
    socket.addEventListener("close", function () {
      lists.setAttribute("data-live", "off");
      status.textContent = status.getAttribute("data-offline");
      window.setTimeout(connect, delay);
      delay = Math.min(delay * 2, 30000);
    });
  }

  connect();
})();
