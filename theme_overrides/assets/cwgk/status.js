/* 公示状态 computed in the browser from its own clock, so a page built on Monday is right on Friday.
   The build writes the build-day status as text; this script only refreshes it. No dependencies. */
(function () {
  "use strict";
  function parse(day, hhmm) {
    var p = day.split("-");
    var t = (hhmm || "23:59").split(":");
    // Dates are the company's local dates (Asia/Shanghai = UTC+8, no DST): compare in that zone.
    return Date.UTC(+p[0], +p[1] - 1, +p[2], +t[0] - 8, +t[1], hhmm ? 0 : 59);
  }
  function status(el, now) {
    var start = parse(el.getAttribute("data-start"), "00:00");
    var end = parse(el.getAttribute("data-end"), el.getAttribute("data-end-time"));
    if (now < start) return ["未开始", "pending"];
    if (now > end) return ["公示期满", "closed"];
    return ["公示中", "open"];
  }
  function refresh() {
    var now = Date.now();
    var nodes = document.querySelectorAll(".cwgk-status[data-start]");
    for (var i = 0; i < nodes.length; i++) {
      var s = status(nodes[i], now);
      nodes[i].textContent = s[0];
      nodes[i].className = "cwgk-status cwgk-status--" + s[1];
    }
    // Home page: the 公示中 list drops items whose 公示期 has ended since the build.
    var boxes = document.querySelectorAll(".cwgk-open");
    for (var b = 0; b < boxes.length; b++) {
      var items = boxes[b].querySelectorAll(".cwgk-item");
      var shown = 0;
      for (var k = 0; k < items.length; k++) {
        var st = items[k].querySelector(".cwgk-status");
        var closed = st && st.className.indexOf("--closed") >= 0;
        items[k].hidden = closed;
        if (!closed) shown++;
      }
      var none = boxes[b].querySelector(".cwgk-open__none");
      if (none) none.hidden = shown > 0;
    }
  }
  refresh();
  setInterval(refresh, 60 * 1000);
  if (window.document$) window.document$.subscribe(refresh);
})();
