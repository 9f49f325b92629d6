// Optional: the pages read fine without it. Counts cooldowns down, says how old things are, and
// raises the stale banner when the site has not been updated for longer than service.stale_after.
(function () {
  "use strict";
  var body = document.body;
  var root = body.getAttribute("data-root") || "";
  var staleAfter = parseInt(body.getAttribute("data-stale-after") || "0", 10);
  // Pages rebuilt by every render carry the site's own time; pages kept from earlier renders ask
  // heartbeat.json, which every render rewrites.
  var siteUpdated = body.hasAttribute("data-live") ? Date.parse(body.getAttribute("data-generated")) : NaN;

  function span(ms) {
    var s = Math.max(0, Math.round(ms / 1000));
    if (s < 60) return s + "s";
    var m = Math.floor(s / 60);
    if (m < 60) return m + "m " + (s % 60) + "s";
    var h = Math.floor(m / 60);
    if (h < 48) return h + "h " + (m % 60) + "m";
    return Math.floor(h / 24) + "d " + (h % 24) + "h";
  }

  function after(element, className) {
    var next = element.nextElementSibling;
    if (!next || !next.classList.contains(className)) {
      next = document.createElement("span");
      next.className = className;
      element.insertAdjacentElement("afterend", next);
    }
    return next;
  }

  function heartbeat() {
    if (!staleAfter || !window.fetch) return;
    fetch(root + "heartbeat.json", { cache: "no-store" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (beat) { if (beat && beat.generated_at) siteUpdated = Date.parse(beat.generated_at); })
      .catch(function () {});
  }

  function tick() {
    var now = Date.now();
    var banner = document.getElementById("stale");
    if (banner && staleAfter > 0 && !isNaN(siteUpdated)) {
      banner.hidden = now - siteUpdated <= staleAfter * 1000;
      banner.querySelector("[data-age]").textContent = span(now - siteUpdated);
    }
    var countdowns = document.querySelectorAll("[data-countdown]");
    for (var i = 0; i < countdowns.length; i++) {
      var left = Date.parse(countdowns[i].getAttribute("datetime")) - now;
      after(countdowns[i], "countdown").textContent = left > 0 ? " (in " + span(left) + ")" : " (ended)";
    }
    var ages = document.querySelectorAll("[data-ago]");
    for (var j = 0; j < ages.length; j++) {
      after(ages[j], "countdown").textContent = " (" + span(now - Date.parse(ages[j].getAttribute("datetime"))) + " ago)";
    }
  }

  heartbeat();
  setInterval(heartbeat, 60000);
  tick();
  setInterval(tick, 1000);
})();
