/* Kiosk: rotate the slides, date them by this screen's clock, split long tables into pages, go dark
   outside the schedule, shift against burn-in, and pick up a new build by itself. ES5 and
   XMLHttpRequest only: the screens are small boxes with old Chromium. No dependencies. */
(function () {
  "use strict";
  var CONFIG = JSON.parse(document.getElementById("k-config").textContent);
  var VERSION = meta("cwgk-kiosk-version");
  var SHELL = meta("cwgk-kiosk-shell");
  var WEEK = ["星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"];
  var SHIFTS = [[0, 0], [4, 0], [4, 4], [0, 4], [-4, 4], [-4, 0], [-4, -4], [0, -4], [4, -4]];
  var source = document.getElementById("k-source");
  var stage = document.getElementById("k-stage");
  var root = document.getElementById("k-root");
  var pages = [];
  var current = -1;
  var timer = null;
  var off = null;
  var shift = 0;
  var cal = cwgkWorkdays(CONFIG.calendar);

  function meta(name, doc) {
    var el = (doc || document).querySelector('meta[name="' + name + '"]');
    return el ? el.getAttribute("content") : "";
  }

  // ---- time in the company's zone (Asia/Shanghai by default), whatever the box's zone is ----
  function local(ms) {
    var d = new Date(ms + CONFIG.calendar.utc_offset_minutes * 60000);
    return {
      y: d.getUTCFullYear(), m: d.getUTCMonth() + 1, d: d.getUTCDate(), wd: d.getUTCDay(),
      hh: d.getUTCHours(), mi: d.getUTCMinutes()
    };
  }
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function iso(t) { return t.y + "-" + pad(t.m) + "-" + pad(t.d); }

  // ---- 公示 status of a slide, from the clock (workdays.js, shared with the site) ----
  function status(slide, now) {
    var start = slide.getAttribute("data-start");
    if (!start) return null;
    return cal.status(start, slide.getAttribute("data-end"), slide.getAttribute("data-end-time"), now);
  }

  // ---- order: in 公示 first (soonest end first), then about to start, then the latest others ----
  function ordered(now) {
    var slides = source.querySelectorAll(".k-slide"), items = [];
    for (var i = 0; i < slides.length; i++) {
      var el = slides[i];
      items.push({ el: el, start: el.getAttribute("data-start"), end: el.getAttribute("data-end"),
        endTime: el.getAttribute("data-end-time"), index: el.getAttribute("data-index-no") });
    }
    var sorted = cal.order(items, now), out = [];
    for (var k = 0; k < sorted.length; k++) out.push(sorted[k].el);
    return out;
  }

  // ---- long tables become several pages: fill each page with rows while it fits ----
  function overflows(page) {
    var main = page.querySelector(".k-slide__main"), side = page.querySelector(".k-slide__side");
    return main.scrollHeight > main.clientHeight + 1 || side.scrollHeight > side.clientHeight + 1 ||
      page.scrollHeight > stage.clientHeight + 1;
  }
  function paginate(slide) {
    var table = slide.querySelector("table.k-table");
    if (!table) return [slide.cloneNode(true)];
    var rows = table.querySelectorAll("tbody > tr"), out = [], start = 0;
    while (start < rows.length || out.length === 0) {
      var page = slide.cloneNode(true);
      if (out.length) {  // continuation pages: the table only, under the same title
        var intro = page.querySelectorAll(".k-facts, .k-summary");
        for (var k = 0; k < intro.length; k++) intro[k].parentNode.removeChild(intro[k]);
      }
      var body = page.querySelector("table.k-table tbody");
      while (body.firstChild) body.removeChild(body.firstChild);
      stage.appendChild(page);
      var n = 0;
      while (start + n < rows.length) {
        body.appendChild(rows[start + n].cloneNode(true));
        if (overflows(page)) {
          if (n > 0) body.removeChild(body.lastChild); else n++;  // one row always goes
          break;
        }
        n++;
      }
      stage.removeChild(page);
      start += n;
      if (start < rows.length) {
        var foot = page.querySelector("table.k-table tfoot");
        if (foot) foot.parentNode.removeChild(foot);  // 合计 on the last page only
      }
      out.push(page);
      if (!rows.length) break;
    }
    if (out.length > 1) {
      for (var p = 0; p < out.length; p++) {
        out[p].querySelector(".k-slide__part").textContent =
          (p ? "（续）" : "") + "第" + (p + 1) + "/" + out.length + "页";
        out[p].setAttribute("data-part", (p + 1) + "/" + out.length);
      }
    }
    return out;
  }
  function rebuild(now) {
    var slides = ordered(now), list = [];
    stage.innerHTML = "";
    for (var i = 0; i < slides.length; i++) {
      dateSlide(slides[i], now);  // measure with the status and contact lines as they will show
      list = list.concat(paginate(slides[i]));
    }
    pages = list;
  }

  // ---- showing ----
  function dateSlide(page, now) {
    var st = status(page, now), box = page.querySelector(".k-notice__status");
    if (box) {
      box.textContent = st ? st.text : "";
      box.className = "k-notice__status" + (st ? " k-status--" + st.key : "");
    }
    var contact = page.querySelector(".k-contact");  // how to object: only while it is possible
    if (contact) contact.hidden = !st || st.key === "closed";
  }

  function show(index, now) {
    if (!pages.length) {
      stage.innerHTML = "";
      var empty = document.querySelector(".k-empty-template").cloneNode(true);
      empty.hidden = false;
      empty.className = "k-empty";
      stage.appendChild(empty);
      document.querySelector(".k-count").textContent = "";
      return;
    }
    current = index % pages.length;
    var page = pages[current];
    dateSlide(page, now);
    stage.innerHTML = "";
    stage.appendChild(page);
    document.querySelector(".k-progress__bar").style.width = ((current + 1) / pages.length * 100) + "%";
    document.querySelector(".k-count").textContent = "第" + (current + 1) + "/" + pages.length + "张";
  }
  function advance() {
    var now = Date.now();
    clearTimeout(timer);
    if (!off) {
      if (current + 1 >= pages.length) {  // a new round: re-date and re-order by the clock
        rebuild(now);
        show(0, now);
      } else {
        show(current + 1, now);
      }
    }
    timer = setTimeout(advance, CONFIG.slide_seconds * 1000);
  }
  function restart() {
    if (off) {  // nothing can be measured on a dark screen: paginate when it lights up
      pages = [];
      return;
    }
    var now = Date.now();
    rebuild(now);
    show(0, now);
    clearTimeout(timer);
    timer = setTimeout(advance, CONFIG.slide_seconds * 1000);
  }

  // ---- clock and schedule ----
  function inSchedule(now) {
    var t = local(now), clock = pad(t.hh) + ":" + pad(t.mi);
    for (var i = 0; i < CONFIG.schedule.length; i++) {
      var w = CONFIG.schedule[i];
      if (w.start <= w.end) {
        if (clock >= w.start && clock < w.end && dayMatches(w.days, t)) return true;
      } else if (clock >= w.start) {
        if (dayMatches(w.days, t)) return true;
      } else if (clock < w.end && dayMatches(w.days, local(now - 86400000))) {
        return true;  // a window past midnight belongs to the day it started
      }
    }
    return false;
  }
  function dayMatches(days, t) {
    var day = iso(t);
    for (var i = 0; i < days.length; i++) {
      var rule = days[i];
      if (rule === "每天") return true;
      if (rule === "工作日" && cal.isWorkday(day)) return true;
      if (rule === "休息日" && !cal.isWorkday(day)) return true;
      if (rule === "周一至周五" && t.wd >= 1 && t.wd <= 5) return true;
      if (rule === "周" + "日一二三四五六".charAt(t.wd)) return true;
    }
    return false;
  }
  var lastMinute = "";
  function tick() {
    var now = Date.now(), t = local(now), clock = pad(t.hh) + ":" + pad(t.mi);
    if (clock !== lastMinute) {
      lastMinute = clock;
      document.querySelector(".k-clock").textContent = clock;
      document.querySelector(".k-offscreen__clock").textContent = clock;
      document.querySelector(".k-date").textContent =
        t.y + "年" + t.m + "月" + t.d + "日 " + WEEK[t.wd];
    }
    var nowOff = !inSchedule(now);
    if (nowOff !== off) {
      off = nowOff;
      document.body.className = off ? "k-off" + (CONFIG.off_screen === "clock" ? " k-off--clock" : "") : "";
      if (!off) restart();
    }
  }

  // ---- screen care: move everything a few pixels now and then ----
  function moveAgainstBurnIn() {
    shift = (shift + 1) % SHIFTS.length;
    var t = "translate(" + SHIFTS[shift][0] + "px," + SHIFTS[shift][1] + "px)";
    root.style.transform = t;
    document.querySelector(".k-offscreen__clock").style.transform = t;
  }

  // ---- new builds: poll version.json; swap in the new page only once it has fully loaded ----
  function get(url, done, fail) {
    var xhr = new XMLHttpRequest();
    xhr.open("GET", url + (url.indexOf("?") < 0 ? "?" : "&") + "t=" + Date.now(), true);
    xhr.setRequestHeader("Cache-Control", "no-cache");
    xhr.timeout = 15000;
    xhr.onload = function () {
      if (xhr.status >= 200 && xhr.status < 300) {
        try { done(xhr.responseText); } catch (e) { fail(); }
      } else { fail(); }
    };
    xhr.onerror = xhr.ontimeout = fail;
    xhr.send();
  }
  function online(yes) {
    document.querySelector(".k-offline").hidden = yes;
    document.documentElement.setAttribute("data-online", yes ? "yes" : "no");
  }
  function here() { return location.href.split("#")[0].split("?")[0]; }
  function poll() {
    get("version.json", function (text) {
      var v = JSON.parse(text);
      if (!v || typeof v.version !== "string") throw new Error("bad version file");
      online(true);
      if (v.version !== VERSION) get(here(), apply, function () { online(false); });
    }, function () { online(false); });
  }
  function apply(html) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    var version = meta("cwgk-kiosk-version", doc), fresh = doc.getElementById("k-source");
    var config = doc.getElementById("k-config");
    if (!version || !fresh || !config) throw new Error("incomplete page");  // keep what we show
    if (meta("cwgk-kiosk-shell", doc) !== SHELL) {  // new software: load it for real
      location.reload();
      return;
    }
    CONFIG = JSON.parse(config.textContent);
    cal = cwgkWorkdays(CONFIG.calendar);
    source.innerHTML = fresh.innerHTML;
    VERSION = version;
    document.querySelector('meta[name="cwgk-kiosk-version"]').setAttribute("content", version);
    restart();
    clearInterval(pollTimer);
    pollTimer = setInterval(poll, CONFIG.poll_seconds * 1000);
  }

  var resizeTimer = null;
  window.addEventListener("resize", function () {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(restart, 500);
  });
  online(true);
  tick();
  setInterval(tick, 1000);
  var pollTimer = setInterval(poll, CONFIG.poll_seconds * 1000);
  setInterval(moveAgainstBurnIn, CONFIG.shift_minutes * 60000);
})();
