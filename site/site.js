// Optional: the pages read fine without it (they reload themselves by <meta http-equiv="refresh">).
// Counts cooldowns down, says how old times are, raises the stale banner when the site has not been
// updated for longer than service.stale_after, and reloads a live page once a newer render exists.
(function () {
  "use strict";
  var body = document.body;
  var root = body.getAttribute("data-root") || "";
  var staleAfter = parseInt(body.getAttribute("data-stale-after") || "0", 10);
  var live = body.hasAttribute("data-live");
  var generated = Date.parse(body.getAttribute("data-generated"));
  // A live page is rebuilt by every render, so its own time is the site's until heartbeat.json
  // (rewritten by every render) says newer; a kept page's own time says only when it last changed,
  // so it waits for the heartbeat before judging.
  var siteUpdated = live ? generated : NaN;

  function span(ms) {
    var s = Math.max(0, Math.round(ms / 1000));
    if (s < 60) return s + "s";
    var m = Math.floor(s / 60);
    if (m < 60) return m + "m " + (s % 60) + "s";
    var h = Math.floor(m / 60);
    if (h < 48) return h + "h " + (m % 60) + "m";
    return Math.floor(h / 24) + "d " + (h % 24) + "h";
  }

  // Coarser than span: an age beside an absolute time only needs its order of magnitude.
  function ago(ms) {
    // More than a couple of minutes ahead of this device: a clock is wrong somewhere, and "just now"
    // would hide it.
    if (ms < -120000) return "in " + span(-ms) + ": ahead of this device's clock";
    var m = Math.floor(Math.max(0, ms) / 60000);
    if (m < 1) return "just now";
    if (m < 60) return m + " min ago";
    var h = Math.floor(m / 60);
    if (h < 48) return h + " h" + (m % 60 && h < 10 ? " " + (m % 60) + " min" : "") + " ago";
    return Math.floor(h / 24) + " days ago";
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

  // Reloads at most once for a given heartbeat: if the page served after the reload is still older
  // (a cache in between), it stays rather than reloading every minute.
  function reloadFor(beatTime) {
    var key = "failover-reloaded-for:" + location.pathname;
    try {
      if (sessionStorage.getItem(key) === String(beatTime)) return;
      sessionStorage.setItem(key, String(beatTime));
    } catch (e) { return; }
    location.reload();
  }

  function heartbeat() {
    if ((!staleAfter && !live) || !window.fetch) return;
    fetch(root + "heartbeat.json", { cache: "no-store" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (beat) {
        var beatTime = beat && beat.generated_at ? Date.parse(beat.generated_at) : NaN;
        if (isNaN(beatTime)) return;
        siteUpdated = isNaN(generated) ? beatTime : Math.max(beatTime, generated);
        if (live && !isNaN(generated) && beatTime > generated) reloadFor(beatTime);
        tick();
      })
      .catch(function () {});
  }

  function tick() {
    var now = Date.now();
    // A kept page says when it last changed; once the heartbeat shows the site itself is newer, say
    // that too, so a quiet agent's page does not read as a stale site.
    var note = document.getElementById("site-note");
    if (note && !isNaN(siteUpdated) && !isNaN(generated) && siteUpdated > generated) {
      note.textContent = " · unchanged since; the site was updated " + ago(now - siteUpdated);
    }
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
    // Every moment on the page (a datetime with a time of day), not dates and not countdowns.
    var moments = document.querySelectorAll("time[datetime*='T']:not([data-countdown])");
    for (var j = 0; j < moments.length; j++) {
      var at = Date.parse(moments[j].getAttribute("datetime"));
      if (!isNaN(at)) after(moments[j], "ago").textContent = " (" + ago(now - at) + ")";
    }
  }

  heartbeat();
  setInterval(heartbeat, 60000);
  tick();
  setInterval(tick, 1000);
})();
