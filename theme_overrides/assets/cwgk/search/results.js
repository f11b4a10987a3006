/* The theme's search result list, written by us from our worker's results (worker.js). ES5.
   Loaded before the theme's bundle: it wraps `Worker` so that the theme's search worker's result
   messages (type 3) come here instead of to the theme's renderer. Everything else of the
   theme's search (box, keys, opening and closing, Enter and arrow keys over the links) is the
   theme's. The markup is the theme's own (its search result item, as its bundle writes it), so
   the list looks and behaves the same; what differs is the cost:
   - one HTML string per batch instead of an element at a time (each title, quote and tag was
     parsed on its own);
   - the first batch is what fits the list's height (the theme wrote ten, and laid all ten out
     before the first was shown: 45-60 ms with the CPU throttled 4x at 5,000 records), the next
     ones when the reader scrolls near the end;
   - quotes that arrive after their results (worker.js: message type 10, on the worker's own
     port, so never before their results) go into the results shown, and into those not yet
     shown; results past the tenth are quoted too, as the
     reader scrolls to them (the theme's list showed them without).
   Without this script (or if the list is missing) the theme renders the results itself. */
(function () {
  "use strict";
  var Real = window.Worker;
  if (!Real) return;
  var OURS = /assets\/cwgk\/search\/worker\.js(\?|$)/;
  // A result's height (title, quote, tags; measured on the demo and benchmark sites: 100-115 px
  // on a 1366 px screen, 125-160 px on a phone, where titles wrap): the first batch fills the
  // list with these, and an underestimate is made up once it is painted.
  var ITEM_HEIGHT_WIDE = 110, ITEM_HEIGHT_NARROW = 125, META_HEIGHT = 36; // the count line above them
  var MORE = 10; // results added per scroll to the end

  var config = null;
  function settings() {
    if (!config) {
      var element = document.getElementById("__config");
      config = element ? JSON.parse(element.textContent) : { features: [], translations: {} };
      config.baseUrl = new URL(config.base || ".", location.href);
      config.highlight = (config.features || []).indexOf("search.highlight") >= 0;
    }
    return config;
  }
  function t(key, n) {
    var text = settings().translations[key] || "";
    return n === undefined ? text : text.replace("#", String(n));
  }
  function escapeHtml(s) {
    return String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;").replace(/'/g, "&#39;");
  }

  // One article, as the theme's renderSearchDocument writes it. `page`: the page's own entry
  // (icon, h1) rather than a section of it (h2); `text`: with its quote and missing terms.
  function article(doc, page, text) {
    var url = new URL(doc.location, settings().baseUrl), shown = [], missing = [];
    for (var term in doc.terms) {
      if (!Object.prototype.hasOwnProperty.call(doc.terms, term)) continue;
      if (doc.terms[term]) shown.push(term);
      else missing.push("<del>" + escapeHtml(term) + "</del>");
    }
    if (settings().highlight) url.searchParams.set("h", shown.join(" "));
    var html = '<a href="' + escapeHtml(url.href) + '" class="md-search-result__link" tabindex="-1">' +
      '<article class="md-search-result__article md-typeset" data-md-score="' + doc.score.toFixed(2) + '">' +
      (page ? '<div class="md-search-result__icon md-icon"></div><h1>' + doc.title + "</h1>"
        : "<h2>" + doc.title + "</h2>") +
      (text && doc.text ? doc.text : "");
    if (doc.tags) {
      html += '<nav class="md-tags">';
      for (var i = 0; i < doc.tags.length; i++) html += '<span class="md-tag ">' + doc.tags[i] + "</span>";
      html += "</nav>";
    }
    if (text && missing.length) {
      html += '<p class="md-search-result__terms">' + t("search.result.term.missing") + ": " +
        missing.join(" ") + "</p>";
    }
    return html + "</article></a>";
  }

  // One result (a page, or a section under its page), as the theme's renderSearchResult.
  function item(group) {
    var own = group.length > 1 ? group[1] : group[0];
    var html = group.length > 1 ? article(group[0], true, false) + article(own, false, true)
      : article(own, true, true);
    return '<li class="md-search-result__item">' + html + "</li>";
  }

  var list, meta, wrap, box, current = null, searchWorker = null;

  function count(n) {
    if (n === 0) return box && box.value.trim() ? t("search.result.none") : t("search.result.placeholder");
    return n === 1 ? t("search.result.one") : t("search.result.other", n); // at most 200 (worker.js)
  }

  // Add the next `n` results of the current answer to the list, in one piece; ask the worker
  // for the quotes of those it has not quoted yet (it quotes the first ten at once).
  function add(n) {
    if (!current) return;
    var start = current.shown, end = Math.min(current.items.length, start + n), html = "";
    for (var i = start; i < end; i++) html += item(current.items[i]);
    current.shown = end;
    if (html) list.insertAdjacentHTML("beforeend", html);
    if (end > 10 && searchWorker) {
      searchWorker.postMessage({ type: 9, data: { query: current.query, from: Math.max(start, 10), to: end } });
    }
  }

  // More results when the reader scrolls to within a screen of the end (the theme: 16 px), so
  // that scrolling never reaches an end still to come; after the first batch is painted, when it
  // does not fill the list (the layout is up to date then: nothing is measured before).
  function more(margin) {
    if (current && current.shown < current.items.length &&
        wrap.scrollTop + wrap.clientHeight + margin >= wrap.scrollHeight) add(MORE);
  }

  // How many results the list shows at first: as many as its height holds. That is the theme's
  // 75vh on wide screens and the window on phones, where the search fills the screen: worked out
  // from the window, as reading the style or layout here would redo either for the whole page.
  function firstBatch() {
    var wide = window.innerWidth >= 960;
    var height = (wide ? window.innerHeight * 0.75 : window.innerHeight) - META_HEIGHT;
    return Math.max(3, Math.min(MORE, Math.ceil(height / (wide ? ITEM_HEIGHT_WIDE : ITEM_HEIGHT_NARROW))));
  }

  function render(data) {
    var items = (data && data.items) || [];
    var answer = { items: items, shown: 0, query: box ? box.value.trim() : "" };
    current = answer;
    meta.textContent = count(items.length);
    list.textContent = "";
    add(firstBatch());
    if (answer.shown < items.length) {
      requestAnimationFrame(function () {
        setTimeout(function () { if (current === answer) more(16); }, 0);
      });
    }
  }

  // Quotes that come after their results: [rank, location, html] for the query still in the box.
  function quotes(data) {
    if (!current || !data || !data.quotes || !box || box.value.trim() !== data.query) return;
    for (var i = 0; i < data.quotes.length; i++) {
      var rank = data.quotes[i][0], group = current.items[rank];
      if (!group) continue;
      var own = group[group.length - 1];
      if (own.location !== data.quotes[i][1] || own.text) continue; // another answer, or has one
      own.text = "<p>" + data.quotes[i][2] + "</p>";
      if (rank >= current.shown) continue; // written with its quote when it is shown
      var node = list.children[rank], articles = node && node.querySelectorAll("article");
      var heading = articles && articles[articles.length - 1].querySelector("h1, h2");
      if (heading) heading.insertAdjacentHTML("afterend", own.text);
    }
  }

  function ready() {
    if (list) return true;
    list = document.querySelector(".md-search-result__list");
    meta = document.querySelector(".md-search-result__meta");
    wrap = document.querySelector(".md-search__scrollwrap");
    box = document.querySelector("input.md-search__input");
    if (!list || !meta || !wrap) { list = null; return false; }
    wrap.addEventListener("scroll", function () { more(wrap.clientHeight); }, { passive: true });
    return true;
  }

  function adopt(worker) {
    var add = worker.addEventListener, remove = worker.removeEventListener, wrapped = [];
    searchWorker = worker;
    worker.postMessage({ type: 8 }); // late quotes to us (type 10), not the list written again
    worker.addEventListener = function (type, listener, options) {
      if (type !== "message" || typeof listener !== "function") {
        return add.call(worker, type, listener, options);
      }
      var ours = function (event) {
        var message = event.data;
        if (message && message.type === 3 && ready()) { render(message.data); return; }
        if (message && message.type === 10) { if (ready()) quotes(message.data); return; }
        return listener.call(this, event);
      };
      wrapped.push([listener, ours]);
      return add.call(worker, type, ours, options);
    };
    worker.removeEventListener = function (type, listener, options) {
      for (var i = 0; i < wrapped.length; i++) {
        if (wrapped[i][0] === listener) return remove.call(worker, type, wrapped[i][1], options);
      }
      return remove.call(worker, type, listener, options);
    };
    return worker;
  }

  function Worker(url, options) {
    var worker = options === undefined ? new Real(url) : new Real(url, options);
    return OURS.test(String(url)) ? adopt(worker) : worker;
  }
  Worker.prototype = Real.prototype;
  window.Worker = Worker;
})();
