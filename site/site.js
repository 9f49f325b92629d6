// Optional: the pages read fine without it. Counts cooldowns down, says how old the page is, and
// raises the stale banner when the page is older than service.stale_after.
(function () {
  "use strict";
  var body = document.body;
  var generated = Date.parse(body.getAttribute("data-generated"));
  var staleAfter = parseInt(body.getAttribute("data-stale-after") || "0", 10);

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

  function tick() {
    var now = Date.now();
    if (staleAfter > 0 && now - generated > staleAfter * 1000) {
      var banner = document.getElementById("stale");
      if (banner) {
        banner.hidden = false;
        banner.querySelector("[data-age]").textContent = span(now - generated);
      }
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

  tick();
  setInterval(tick, 1000);
})();
