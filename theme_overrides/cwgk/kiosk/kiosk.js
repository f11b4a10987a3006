/* Kiosk: rotate the slides, date them by this screen's clock, split long tables into pages, go dark
   outside the schedule, shift against burn-in, and pick up a new build by itself — only a page that
   boot.js has verified, swapped in at the end of a round. ES5 and XMLHttpRequest only: the screens
   are small boxes with old Chromium. No dependencies. */
(function () {
  "use strict";
  var K = window.cwgkKiosk;
  var VERSION = meta("cwgk-kiosk-version");
  var SHELL = meta("cwgk-kiosk-shell");
  var WEEK = ["星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"];
  var SHIFTS = [[0, 0], [4, 0], [4, 4], [0, 4], [-4, 4], [-4, 0], [-4, -4], [0, -4], [4, -4]];
  var source = document.getElementById("k-source");
  var stage = document.getElementById("k-stage");
  var root = document.getElementById("k-root");
  var CONFIG = null;
  var cal = null;
  var pages = [];
  var current = -1;
  var timer = null;
  var off = null;
  var shift = 0;
  // What this page was built with, to compare a fetched copy against (the slides get dated here).
  var sourceHTML = source ? source.innerHTML : "";
  var configText = "";
  // Content known to be the bytes the build wrote: written from a verified text by boot.js. A page
  // the browser loaded itself (start-up) is compared once with a verified copy at the first poll.
  var verified = false;
  var pending = null;  // verified new content, shown from the start of the next round
  var failures = 0;
  var pollTimer = null;
  var polled = 0;  // when the last check started
  var intervals = [];
  var resizeTimer = null;

  function meta(name) {
    var el = document.querySelector('meta[name="' + name + '"]');
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
      if (current + 1 >= pages.length) {  // a new round: new content, re-dated and re-ordered
        if (pending) {
          restart();
          return;
        }
        rebuild(now);
        show(0, now);
      } else {
        show(current + 1, now);
      }
    }
    timer = setTimeout(advance, CONFIG.slide_seconds * 1000);
  }
  function restart() {
    if (pending && !swapIn()) return;
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

  // ---- new builds: poll version.json; fetch the page it announces, verify it (boot.js), keep it
  // until the round ends; while anything is wrong, keep rotating what is here and say so ----
  function schedule(ok) {  // counted from the start of the last check: every poll_seconds
    clearTimeout(pollTimer);
    failures = ok ? 0 : failures + 1;
    var wait = ok ? CONFIG.poll_seconds * 1000 : K.backoff(failures, CONFIG.poll_seconds);
    pollTimer = setTimeout(poll, Math.max(0, polled + wait - Date.now()));
  }
  function fault(kind) {
    K.mark(kind);
    schedule(false);
  }
  function poll() {
    polled = Date.now();
    K.get("version.json", function (text) {
      var want = K.announced(text);
      if ((want === VERSION && verified) || (pending && pending.version === want)) {
        if (want === VERSION) pending = null;  // the server went back to what is shown
        K.mark("");
        schedule(true);
        return;
      }
      K.get(K.here(), function (html) {
        var page;
        try { page = K.verify(html, want); } catch (e) { fault("incomplete"); return; }
        K.mark("");
        schedule(true);
        receive(page);
      }, function () { fault("offline"); });
    }, function () { fault("offline"); });
  }
  function receive(page) {
    if (page.version === VERSION && page.shell === SHELL && page.source === sourceHTML &&
      page.configText === configText) {
      verified = true;  // what the browser loaded is what was built
      pending = null;
      return;
    }
    pending = page;
    if (off || !pages.length) restart();  // nothing on screen to cut short
  }
  // The pending content in place of the shown one; false when the page is left for new software.
  function swapIn() {
    var page = pending;
    pending = null;
    if (page.shell !== SHELL) {  // new styles or script: write the verified page itself
      leave();
      K.write(page);
      return false;
    }
    setConfig(page.config, page.configText);
    source.innerHTML = page.source;
    sourceHTML = page.source;
    VERSION = page.version;
    verified = true;
    document.querySelector('meta[name="cwgk-kiosk-version"]').setAttribute("content", VERSION);
    document.getElementById("k-end").setAttribute("data-version", VERSION);
    schedule(true);
    return true;
  }
  function leave() {
    clearTimeout(timer);
    clearTimeout(pollTimer);
    clearTimeout(resizeTimer);
    for (var i = 0; i < intervals.length; i++) clearInterval(intervals[i]);
    window.removeEventListener("resize", resized);
  }
  function setConfig(config, text) {
    CONFIG = config;
    configText = text;
    cal = cwgkWorkdays(CONFIG.calendar);
  }
  function resized() {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(restart, 500);
  }

  // ---- start: only on a whole page with sane settings; otherwise boot.js fetches one ----
  function problem() {
    var end = document.getElementById("k-end"), config = document.getElementById("k-config");
    if (!end || !config || !source || end.getAttribute("data-version") !== VERSION) return "incomplete";
    if (K.written !== VERSION && String(document.characterSet).toUpperCase() !== "UTF-8") return "charset";
    var settings;
    try { settings = JSON.parse(config.textContent); } catch (e) { return "settings"; }
    if (!K.sane(settings)) return "settings";
    if (source.querySelectorAll(".k-slide").length !== settings.slides) return "slides";
    setConfig(settings, config.textContent);
    return "";
  }
  function start() {
    var why = problem();
    if (why) {
      K.rescue(why);
      return;
    }
    K.started = true;
    clearTimeout(K.watchdog);
    verified = K.written === VERSION;
    window.addEventListener("resize", resized);
    K.mark("");
    polled = Date.now();
    tick();
    intervals.push(setInterval(tick, 1000));
    intervals.push(setInterval(moveAgainstBurnIn, CONFIG.shift_minutes * 60000));
    schedule(true);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
