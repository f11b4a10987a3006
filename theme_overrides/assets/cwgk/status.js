/* 公示状态 computed in the browser from its own clock and the shipped working-day calendar, so a page
   built on Monday is right on Friday: 公示中（剩余N个工作日）/ 公示期满 / 未开始. Without JavaScript
   the dates written by the build stay. Needs workdays.js and calendar.js (loaded before it). */
(function () {
  "use strict";
  if (!window.cwgkWorkdays || !window.CWGK_CALENDAR) return;
  var cal = window.cwgkWorkdays(window.CWGK_CALENDAR);
  // The statuses inside `root`, by the clock `now`; only what changed is written (a list page
  // holds hundreds: rewriting them all would lay the page out again for nothing).
  function redate(root, now) {
    var nodes = root.querySelectorAll(".cwgk-status[data-start]");
    for (var i = 0; i < nodes.length; i++) {
      var el = nodes[i];
      var s = cal.status(el.getAttribute("data-start"), el.getAttribute("data-end"),
        el.getAttribute("data-end-time"), now);
      var name = "cwgk-status cwgk-status--" + s.key;
      if (el.textContent !== s.text) el.textContent = s.text;
      if (el.className !== name) el.className = name;
      var item = el.closest(".cwgk-item");
      if (item && item.getAttribute("data-status") !== s.key) {
        item.setAttribute("data-status", s.key);  // for list filters
      }
    }
  }
  function refresh() {
    var now = Date.now();
    redate(document, now);
    // Home page: the 公示中 list drops items whose 公示期 has ended since the build.
    var boxes = document.querySelectorAll(".cwgk-open");
    for (var b = 0; b < boxes.length; b++) {
      var items = boxes[b].querySelectorAll(".cwgk-item");
      var shown = 0;
      for (var k = 0; k < items.length; k++) {
        var closed = items[k].getAttribute("data-status") === "closed";
        items[k].hidden = closed;
        if (!closed) shown++;
      }
      var none = boxes[b].querySelector(".cwgk-open__none");
      if (none) none.hidden = shown > 0;
    }
    // 公开目录: a due date that has passed since the build reads 逾期.
    var dues = document.querySelectorAll(".cwgk-due[data-due]");
    for (var d = 0; d < dues.length; d++) {
      var late = cal.overdue(dues[d].getAttribute("data-due"), now);
      dues[d].textContent = late > 0 ? "逾期" + late + "天" : "按期";
      dues[d].className = "cwgk-due cwgk-due--" + (late > 0 ? "overdue" : "ok");
    }
    document.dispatchEvent(new CustomEvent("cwgk:status"));
  }
  refresh();
  setInterval(refresh, 60 * 1000);
  // Search results carry statuses too (assets/cwgk/search/worker.js): by this page's clock,
  // as they are added. Only theirs: the page's own were dated above and stay so.
  var results = document.querySelector(".md-search-result__list");
  if (results && window.MutationObserver) {
    new MutationObserver(function (changes) {
      var now = Date.now();
      for (var c = 0; c < changes.length; c++) {
        for (var a = 0; a < changes[c].addedNodes.length; a++) {
          var node = changes[c].addedNodes[a];
          if (node.nodeType === 1) redate(node, now);
        }
      }
    }).observe(results, { childList: true });
  }
  if (window.document$) window.document$.subscribe(refresh);
})();
