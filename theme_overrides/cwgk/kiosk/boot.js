/* Kiosk bootstrap, inlined first in <head> so that it runs even on a page cut off after it.
   It knows what a complete page is (verify: the end marker, the version announced in version.json,
   the page's SHA-256 equal to that version, its settings sane), fetches one (get: UTF-8 whatever
   the server's label), and puts it on the screen without a navigation (write: the very text that
   was checked, never a second request that could bring an error page). Its watchdog: when the
   page's own script has not started half a minute after the head (cut-off page, broken bytes,
   wrong charset), it fetches a verified page, with back-off, until the server gives one.
   kiosk.js uses the same functions for new content. ES5, no dependencies. */
(function (w) {
  "use strict";
  var K = w.cwgkKiosk || (w.cwgkKiosk = {});
  // Written split so that the build, which replaces this slot with the version, leaves it alone.
  var SLOT = "cwgk-kiosk-" + "version-slot";
  var END = /<i id="k-end" hidden data-version="([0-9a-f]{16})"><\/i>\s*<\/body>\s*<\/html>\s*$/;
  // Non-ASCII text in \u escapes: this script must work in a page decoded with the wrong charset.
  var DAYS = {  // 工作日 休息日 每天 周一至周五, 周一 … 周日
    "\u5de5\u4f5c\u65e5": 1, "\u4f11\u606f\u65e5": 1, "\u6bcf\u5929": 1, "\u5468\u4e00\u81f3\u5468\u4e94": 1,
    "\u5468\u4e00": 1, "\u5468\u4e8c": 1, "\u5468\u4e09": 1, "\u5468\u56db": 1, "\u5468\u4e94": 1,
    "\u5468\u516d": 1, "\u5468\u65e5": 1 };
  var WATCHDOG_MS = 30000;

  // ---- SHA-256 of a string's UTF-8 bytes (the build hashes the page the same way) ----
  var R = [0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
    0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7,
    0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc,
    0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351,
    0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e,
    0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585,
    0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f,
    0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
    0xc67178f2];
  function rot(x, n) { return (x >>> n) | (x << (32 - n)); }
  K.sha256 = function (text) {
    var s = unescape(encodeURIComponent(text));  // UTF-8 bytes as char codes 0–255
    var len = s.length, blocks = ((len + 8) >> 6) + 1, words = [], W = [], H = [0x6a09e667,
      0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
    var i, j, a, b, c, d, e, f, g, h, t1, t2, x, y, out = "";
    for (i = 0; i < blocks * 16; i++) words[i] = 0;
    for (i = 0; i < len; i++) words[i >> 2] |= s.charCodeAt(i) << (24 - (i % 4) * 8);
    words[len >> 2] |= 0x80 << (24 - (len % 4) * 8);
    words[blocks * 16 - 1] = len * 8;
    for (i = 0; i < words.length; i += 16) {
      a = H[0]; b = H[1]; c = H[2]; d = H[3]; e = H[4]; f = H[5]; g = H[6]; h = H[7];
      for (j = 0; j < 64; j++) {
        if (j < 16) {
          W[j] = words[i + j] | 0;
        } else {
          x = W[j - 15]; y = W[j - 2];
          W[j] = ((rot(x, 7) ^ rot(x, 18) ^ (x >>> 3)) + W[j - 7] +
            (rot(y, 17) ^ rot(y, 19) ^ (y >>> 10)) + W[j - 16]) | 0;
        }
        t1 = (h + (rot(e, 6) ^ rot(e, 11) ^ rot(e, 25)) + ((e & f) ^ (~e & g)) + R[j] + W[j]) | 0;
        t2 = ((rot(a, 2) ^ rot(a, 13) ^ rot(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
        h = g; g = f; f = e; e = (d + t1) | 0; d = c; c = b; b = a; a = (t1 + t2) | 0;
      }
      H[0] = (H[0] + a) | 0; H[1] = (H[1] + b) | 0; H[2] = (H[2] + c) | 0; H[3] = (H[3] + d) | 0;
      H[4] = (H[4] + e) | 0; H[5] = (H[5] + f) | 0; H[6] = (H[6] + g) | 0; H[7] = (H[7] + h) | 0;
    }
    for (i = 0; i < 8; i++) out += ("0000000" + (H[i] >>> 0).toString(16)).slice(-8);
    return out;
  };

  // ---- settings a screen can run on: every value present, known days, times, counts ----
  function clock(v) { return typeof v === "string" && /^([01]\d|2[0-3]):[0-5]\d$/.test(v); }
  function count(v, min) { return typeof v === "number" && v >= min && v % 1 === 0; }
  K.sane = function (c) {
    if (!c || !count(c.slide_seconds, 5) || !count(c.poll_seconds, 10) ||
      !count(c.shift_minutes, 1) || !count(c.slides, 0) ||
      (c.off_screen !== "dark" && c.off_screen !== "clock")) return false;
    var cal = c.calendar;
    if (!cal || typeof cal.utc_offset_minutes !== "number" || !(cal.off instanceof Array) ||
      !(cal.on instanceof Array) || !(cal.known_years instanceof Array)) return false;
    if (!(c.schedule instanceof Array) || !c.schedule.length) return false;
    for (var i = 0; i < c.schedule.length; i++) {
      var win = c.schedule[i];
      if (!win || !clock(win.start) || !clock(win.end) || !(win.days instanceof Array) ||
        !win.days.length) return false;
      for (var k = 0; k < win.days.length; k++) if (DAYS[win.days[k]] !== 1) return false;
    }
    return true;
  };
  function meta(doc, name) {
    var el = doc.querySelector('meta[name="' + name + '"]');
    return el ? el.getAttribute("content") : "";
  }

  // ---- a fetched page, checked: what the screen may show, or an Error saying why not ----
  K.verify = function (text, announced) {
    var end = END.exec(text);
    if (!end) throw new Error("incomplete: no end marker");
    var version = end[1];
    if (version !== announced) throw new Error("stale: " + version + " but " + announced + " announced");
    if (K.sha256(text.split(version).join(SLOT)).slice(0, 16) !== version) {
      throw new Error("garbled: the page's hash is not its version");
    }
    var doc = new DOMParser().parseFromString(text, "text/html");
    var source = doc.getElementById("k-source"), config = doc.getElementById("k-config");
    if (!source || !config || meta(doc, "cwgk-kiosk-version") !== version) {
      throw new Error("incomplete: parts missing");
    }
    var settings = JSON.parse(config.textContent);
    if (!K.sane(settings)) throw new Error("insane settings");
    if (source.querySelectorAll(".k-slide").length !== settings.slides) {
      throw new Error("incomplete: slides missing");
    }
    return { text: text, version: version, shell: meta(doc, "cwgk-kiosk-shell"), config: settings,
      configText: config.textContent, source: source.innerHTML };
  };

  // ---- fetching: no cache, the page read as UTF-8 whatever the server calls it ----
  K.here = function () { return location.href.split("#")[0].split("?")[0]; };
  K.get = function (url, done, fail) {
    var xhr = new XMLHttpRequest();
    xhr.open("GET", url + (url.indexOf("?") < 0 ? "?" : "&") + "t=" + Date.now(), true);
    xhr.overrideMimeType("text/html; charset=utf-8");
    xhr.setRequestHeader("Cache-Control", "no-cache");
    xhr.timeout = 15000;
    xhr.onload = function () {
      if (xhr.status >= 200 && xhr.status < 300) {
        try { done(xhr.responseText); } catch (e) { fail(e); }
      } else { fail(new Error("HTTP " + xhr.status)); }
    };
    xhr.onerror = xhr.ontimeout = function () { fail(new Error("network")); };
    xhr.send();
  };
  // The announced version (version.json), or an Error.
  K.announced = function (text) {
    var v = JSON.parse(text);
    if (!v || typeof v.version !== "string" || !/^[0-9a-f]{16}$/.test(v.version)) {
      throw new Error("bad version file");
    }
    return v.version;
  };
  // Waiting after the n-th failure in a row: 15 s, 30 s, 1 min… up to the poll period or 5 min.
  K.backoff = function (n, pollSeconds) {
    return Math.min(Math.max(pollSeconds, 300), 15 * Math.pow(2, Math.max(n, 1) - 1)) * 1000;
  };

  // ---- the mark in the header: 离线 (no answer) or 待更新 (a new page that is not whole yet) ----
  K.mark = function (fault) {
    var root = document.documentElement, el = document.querySelector(".k-offline");
    root.setAttribute("data-online", fault ? "no" : "yes");
    if (fault) root.setAttribute("data-fault", fault); else root.removeAttribute("data-fault");
    if (el && fault) el.textContent = fault === "incomplete" ? "\u5f85\u66f4\u65b0" : "\u79bb\u7ebf";  // 待更新 : 离线
  };

  // ---- showing a verified page: its own text, written into this window (no navigation) ----
  K.write = function (page) {
    clearTimeout(K.retry);
    clearTimeout(K.watchdog);
    K.written = page.version;
    document.open();
    document.write(page.text);
    document.close();
  };

  // ---- recovery: fetch until a verified page arrives, then write it ----
  K.rescue = function (why) {
    var failures = 0;
    clearTimeout(K.retry);
    K.rescuing = why || "watchdog";
    function again(fault) {
      K.mark(fault);
      failures++;
      K.retry = setTimeout(attempt, K.backoff(failures, 60));
    }
    function attempt() {
      K.get("version.json", function (text) {
        var want = K.announced(text);
        K.get(K.here(), function (html) {
          var page;
          try { page = K.verify(html, want); } catch (e) { again("incomplete"); return; }
          K.write(page);
        }, function () { again("offline"); });
      }, function () { again("offline"); });
    }
    attempt();
  };

  // ---- watchdog: the page's script says it started (K.started); otherwise recover ----
  clearTimeout(K.watchdog);
  clearTimeout(K.retry);
  K.started = false;
  K.watchdog = setTimeout(function () { if (!K.started) K.rescue("watchdog"); }, WATCHDOG_MS);
})(window);
