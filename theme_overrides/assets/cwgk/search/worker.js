/* The site's search, behind mkdocs-material's own search box and result list: it speaks the
   theme's worker protocol (0 setup, 1 ready, 2 query, 3 result) instead of running lunr over one
   big index. It fetches nothing until the first query, then the document list and only the
   shards that hold the query's terms (hooks/cwgk/search_index.py writes them); scores are
   precomputed, so a query is a few lookups and additions. */
"use strict";
if (!self.window) self.window = self; // calendar.js assigns window.CWGK_CALENDAR
importScripts("text.js", "../workdays.js", "../calendar.js");

var TEXT = self.cwgkSearchText;
var ROOT = new URL("../../../search/cwgk/", self.location.href);
var SHOWN_WITH_TEXT = 10; // results quoted at once (the list shows 5-7 first); the rest on request
// Our messages beside the theme's, with search/results.js on the page: it says it takes late
// quotes (8); it asks for the quotes of ranks [from, to) as the reader scrolls (9); quotes that
// come after their results (10). They share the worker's port with the results, so quotes can
// never overtake the results they belong to.
var TAKES_QUOTES = 8, QUOTE_MORE = 9, QUOTES = 10;
var quotesToPage = false; // without results.js, the theme's list is written again instead
var answered = null; // the last answer: {query, p, ranked, quoted}, for quotes asked for later
var MAX_RESULTS = 200;
var calendar = self.CWGK_CALENDAR ? self.cwgkWorkdays(self.CWGK_CALENDAR) : null;
var index = null; // {meta, dir, shards: {n: Promise}, passages: {n: Promise}}
var latest = 0;

function getJSON(url) {
  return fetch(url).then(function (response) {
    if (!response.ok) throw new Error(response.status + " " + url);
    return response.json();
  });
}

function openIndex() {
  if (!index) {
    index = getJSON(new URL("meta.json", ROOT)).then(function (meta) {
      var n = meta.docs.length, prior = new Float64Array(n);
      for (var d = 0; d < n; d++) prior[d] = meta.docs[d][5] / 100;
      return { meta: meta, dir: new URL(meta.dir + "/", ROOT), shards: {}, passages: {}, files: {},
        // Per term, its postings decoded once (document numbers and scores, in typed arrays);
        // per document, what its result shows besides the quote and status.
        postings: new Map(), display: new Array(n), prior: prior, loaded: {},
        // Work space for ranking, one slot per document, kept zeroed between queries.
        have: new Uint8Array(n), sum: new Float64Array(n), score: new Float64Array(n) };
    });
    index.catch(function () { index = null; }); // try again with the next query
  }
  return index;
}

function shard(ix, n) {
  if (!ix.shards[n]) {
    ix.shards[n] = getJSON(new URL("t/" + n + ".json", ix.dir));
    ix.shards[n].catch(function () { delete ix.shards[n]; }); // asked again next time
  }
  return ix.shards[n];
}

// Someone who searched once usually searches again: after the first answer, the rest of the
// term shards are fetched in the background, two at a time, so later answers need no download.
// Only the reader who searches pays for it, once per page (the files are cached by name).
// Each shard is a task of its own: a query that arrives meanwhile waits for one shard at most.
// Resolves when every shard is in (the benchmark waits on it; tests count the fetches).
var prefetched = null;
function prefetch(ix) {
  if (prefetched) return prefetched;
  prefetched = new Promise(function (done) {
    var next = 0, running = 0;
    function more() {
      while (next < ix.meta.shards && ix.shards[next]) next++;
      if (next < ix.meta.shards) {
        running++;
        shard(ix, next++).then(after, after);
      } else if (running === 0) {
        var all = [];
        for (var n = 0; n < ix.meta.shards; n++) all.push(ix.shards[n] && ix.shards[n].catch(function () {}));
        done(Promise.all(all));
      }
    }
    function after() { running--; more(); }
    more();
    more();
  });
  return prefetched;
}

// The file holding document n's passages: files hold neighbouring documents, and
// meta.passages lists the first document of each (search_index._passage_files).
function passageFile(ix, n) {
  var starts = ix.meta.passages, low = 0, high = starts.length - 1;
  while (low < high) { // the last file starting at or before n
    var middle = (low + high + 1) >> 1;
    if (starts[middle] <= n) low = middle; else high = middle - 1;
  }
  if (!ix.files[low]) {
    ix.files[low] = getJSON(new URL("d/" + low + ".json", ix.dir));
    ix.files[low].catch(function () { delete ix.files[low]; }); // asked again next time
  }
  return ix.files[low].then(function (lists) { return lists[n - starts[low]]; });
}

// A document's passages, each with its normalised form (normalised once, not per query).
function passages(ix, n) {
  if (!ix.passages[n]) {
    ix.passages[n] = passageFile(ix, n).then(function (list) {
      return (ix.loaded[n] = list.map(function (text) {
        return { text: text, plain: TEXT.normalise(text) };
      }));
    });
    ix.passages[n].catch(function () { delete ix.passages[n]; });
  }
  return ix.passages[n];
}

// What to look for: alternatives (the query and its everyday-name variants), each a list of
// terms a document must all have; optional terms only add to the score; `marks` are the pieces
// of the query to highlight.
function plan(query, synonyms) {
  var text = TEXT.normalise(query);
  var optional = [];
  // 2025年 / 2025年度 mean the year: 2025 is required, the written form only helps.
  text = text.replace(/(?<![0-9])([0-9]{4})\s*年(度)?(?![0-9])/g, function (m, year, du) {
    optional.push(year + "年");
    if (du) optional.push("年度");
    return " " + year + " ";
  });
  var variants = [text];
  var keys = Object.keys(synonyms).sort(function (a, b) { return b.length - a.length; });
  for (var k = 0; k < keys.length && variants.length < 5; k++) {
    if (text.indexOf(keys[k]) < 0) continue;
    for (var v = 0; v < synonyms[keys[k]].length; v++) {
      variants.push(text.split(keys[k]).join(synonyms[keys[k]][v]));
    }
  }
  var alternatives = variants.map(required);
  var marks = [], pieces = variants.join(" ").match(/[\u3400-\u9fff\uf900-\ufaff]+|[0-9a-z]+/g) || [];
  pieces.forEach(function (piece) { // one character (号 of 17号) is marked only when it is all
    if (marks.indexOf(piece) < 0 && (piece.length > 1 || pieces.length === 1)) marks.push(piece);
  });
  return { alternatives: alternatives.filter(function (a) { return a.length; }),
    optional: optional, marks: marks };
}

function required(text) {
  var all = TEXT.terms(text), pairs = [], chars = [], out = [];
  all.forEach(function (t) {
    if (t[1] === "char") chars.push(t[0]);
    else if (t[1] === "pair") pairs.push(t[0]);
    if (t[1] !== "char" && out.indexOf(t[0]) < 0) out.push(t[0]);
  });
  chars.forEach(function (c) { // a character on its own (戴): itself
    var covered = pairs.some(function (p) { return p.indexOf(c) >= 0; });
    if (!covered && out.indexOf(c) < 0) out.push(c);
  });
  return out;
}

var EMPTY = { docs: new Int32Array(0), scores: new Float64Array(0) };

// A term's postings: document numbers ascending and their scores, decoded from the shard's
// gap-coded list the first time the term is asked for.
function postings(ix, term) {
  var known = ix.postings.get(term);
  if (known) return Promise.resolve(known);
  var n = TEXT.termHash(term) % ix.meta.shards;
  return shard(ix, n).then(function (data) {
    var packed = data[term], found = EMPTY;
    if (packed) {
      var count = packed.length >> 1, doc = 0;
      found = { docs: new Int32Array(count), scores: new Float64Array(count) };
      for (var i = 0; i < count; i++) {
        doc += packed[2 * i];
        found.docs[i] = doc;
        found.scores[i] = packed[2 * i + 1];
      }
    }
    if (ix.postings.size > 5000) ix.postings.clear();
    ix.postings.set(term, found);
    return found;
  });
}

function has(list, doc) { // binary search in a term's document numbers
  var lo = 0, hi = list.docs.length - 1;
  while (lo <= hi) {
    var mid = (lo + hi) >> 1, at = list.docs[mid];
    if (at === doc) return true;
    if (at < doc) lo = mid + 1; else hi = mid - 1;
  }
  return false;
}

// Scores add up in arrays with a slot per document (no maps, no objects per hit); only the
// best MAX_RESULTS are sorted.
function rank(ix, p) {
  var wanted = [];
  p.alternatives.forEach(function (a) { a.forEach(function (t) { if (wanted.indexOf(t) < 0) wanted.push(t); }); });
  p.optional.forEach(function (t) { if (wanted.indexOf(t) < 0) wanted.push(t); });
  return Promise.all(wanted.map(function (t) { return postings(ix, t); })).then(function (lists) {
    var of = {};
    wanted.forEach(function (t, i) { of[t] = lists[i]; });
    var have = ix.have, sum = ix.sum, score = ix.score, scored = [], missing = new Map();
    var i, k, d, list;
    p.alternatives.forEach(function (terms) {
      // Documents with every term: the rarest list's, kept while each next term has them.
      var sorted = terms.map(function (t) { return of[t]; })
        .sort(function (a, b) { return a.docs.length - b.docs.length; });
      for (k = 0; k < sorted.length; k++) {
        list = sorted[k];
        for (i = 0; i < list.docs.length; i++) {
          d = list.docs[i];
          if (have[d] === k) { have[d] = k + 1; sum[d] += list.scores[i]; }
        }
      }
      var rarest = sorted[0];
      for (i = 0; i < rarest.docs.length; i++) {
        d = rarest.docs[i];
        if (have[d] === sorted.length && sum[d] > score[d]) {
          if (score[d] === 0) scored.push(d);
          score[d] = sum[d];
        }
        have[d] = 0; sum[d] = 0;
      }
    });
    if (scored.length === 0 && p.alternatives.length) {
      // Nothing has every term: documents with most of them, the missing ones shown struck out.
      var terms = p.alternatives[0], touched = [];
      terms.forEach(function (t) {
        var l = of[t];
        for (var j = 0; j < l.docs.length; j++) {
          var doc = l.docs[j];
          if (have[doc] === 0) touched.push(doc);
          if (have[doc] < 255) have[doc]++;
          sum[doc] += l.scores[j];
        }
      });
      // A long question carries filler words: then a third of its terms is enough.
      var least = terms.length >= 8 ? 0.34 : 0.5;
      for (i = 0; i < touched.length; i++) {
        d = touched[i];
        var share = have[d] / terms.length;
        if (share >= least) {
          score[d] = sum[d] * share * share;
          scored.push(d);
          missing.set(d, terms);
        }
        have[d] = 0; sum[d] = 0;
      }
    }
    p.optional.forEach(function (t) {
      var l = of[t];
      for (var j = 0; j < l.docs.length; j++) {
        if (score[l.docs[j]] > 0) score[l.docs[j]] += l.scores[j] / 2;
      }
    });
    var finals = new Float64Array(scored.length);
    for (i = 0; i < scored.length; i++) {
      d = scored[i];
      finals[i] = score[d] * ix.prior[d];
      score[d] = 0;
    }
    // The MAX_RESULTS-th best score (a native numeric sort), then only those at or above it.
    var least2 = -Infinity;
    if (finals.length > MAX_RESULTS) least2 = finals.slice().sort()[finals.length - MAX_RESULTS];
    var ranked = [];
    for (i = 0; i < scored.length; i++) {
      if (finals[i] >= least2) ranked.push({ doc: scored[i], score: finals[i] });
    }
    ranked.sort(function (a, b) { return b.score - a.score || a.doc - b.doc; });
    ranked = ranked.slice(0, MAX_RESULTS);
    ranked.forEach(function (r) { // which terms the partial matches lack: for the shown ones only
      var terms = missing.get(r.doc);
      if (terms) r.missing = terms.filter(function (t) { return !has(of[t], r.doc); });
    });
    return ranked;
  });
}

function escapeHtml(s) {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

// The passage that holds most of the query (whole pieces first, then their character pairs),
// with its hits marked.
function quote(list, p) {
  var best = "", bestHits = 0;
  for (var i = 0; i < list.length; i++) {
    var plain = list[i].plain, hits = 0;
    for (var j = 0; j < p.marks.length; j++) {
      var m = p.marks[j];
      if (plain.indexOf(m) >= 0) hits += 100;
      else for (var k = 0; k + 1 < m.length; k++) if (plain.indexOf(m.substr(k, 2)) >= 0) hits++;
    }
    if (hits > bestHits) { best = list[i].text; bestHits = hits; }
  }
  return mark(best || (list[0] && list[0].text) || "", p.marks);
}

function mark(text, marks) {
  var lower = text.toLowerCase().replace(/(?<=[0-9]),(?=[0-9])/g, ""), pieces = [];
  marks.forEach(function (m) {
    if (lower.indexOf(m) >= 0) pieces.push(m);
    else if (m.length > 2 && m.charCodeAt(0) >= 0x3400) { // not whole: its pairs that are there
      for (var i = 0; i + 1 < m.length; i++) pieces.push(m.substr(i, 2));
    }
  });
  pieces = pieces.filter(function (x) { return lower.indexOf(x) >= 0; })
    .sort(function (a, b) { return b.length - a.length; })
    .map(function (x) { // digits as written, with or without thousands separators
      return /^[0-9]+$/.test(x) ? x.split("").join(",?") : x.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    });
  if (!pieces.length) return escapeHtml(text);
  var re = new RegExp(pieces.join("|"), "gi"), out = "", last = 0, m;
  while ((m = re.exec(text)) !== null) {
    out += escapeHtml(text.slice(last, m.index)) + "<mark>" + escapeHtml(m[0]) + "</mark>";
    last = m.index + m[0].length;
  }
  return out + escapeHtml(text.slice(last));
}

// The 公示 status as the record lists write it: the page's status.js keeps it right by the
// page's own clock (and this worker's clock is the same one outside tests).
// (A status changes at most once a minute: each document's tag is kept for the minute.)
function statusTag(ix, doc, time) {
  var status = ix.meta.docs[doc][6], minute = Math.floor(time / 60000);
  if (!status) return "";
  if (typeof status === "string") return escapeHtml(status);
  var kept = ix.statuses || (ix.statuses = {});
  if (kept.minute !== minute) ix.statuses = kept = { minute: minute };
  if (kept[doc] === undefined) kept[doc] = statusHtml(status, time);
  return kept[doc];
}

function statusHtml(status, time) {
  var now = calendar ? calendar.status(status[0], status[1], status[2], time) : null;
  return '<span class="cwgk-status' + (now ? " cwgk-status--" + now.key : "") +
    '" data-start="' + status[0] + '" data-end="' + status[1] + '"' +
    (status[2] ? ' data-end-time="' + status[2] + '"' : "") + ">" +
    (now ? now.text : "公示" + status[0] + "至" + status[1]) + "</span>";
}

function longDate(iso) {
  if (!iso) return "";
  var p = iso.split("-");
  return +p[0] + "年" + +p[1] + "月" + +p[2] + "日";
}

// `show(items)` is called as soon as the results are ranked, with the quotes of those whose
// passages are already here; `late(quotes, items)` when the other quotes have arrived (a
// download each): [rank, location, html] for the results that had none, and all items again.
function search(query, show, late) {
  show = show || function () {};
  var p;
  return openIndex().then(function (ix) {
    p = plan(query, ix.meta.synonyms || {});
    if (!p.alternatives.length) return [];
    p.markTerms = p.marks.map(required); // which terms make up each piece of the query
    return rank(ix, p).then(function (ranked) {
      var texts = [], later = [], now = Date.now();
      answered = { query: query, p: p, ranked: ranked, quoted: {} };
      for (var q = 0; q < Math.min(SHOWN_WITH_TEXT, ranked.length); q++) answered.quoted[q] = true;
      ranked.slice(0, SHOWN_WITH_TEXT).forEach(function (r, i) {
        var here = ix.loaded[r.doc];
        if (here) texts[i] = quote(here, p);
        else later.push(i);
      });
      var items = function () { return ranked.map(function (r, i) { return item(ix, p, r, texts[i], now); }); };
      var first = items();
      show(first); // the downloads start once the results are on their way
      var waiting = later.map(function (i) {
        var doc = ranked[i].doc;
        return passages(ix, doc).then(function (list) {
          return [i, ix.meta.docs[doc][0], (texts[i] = quote(list, p))];
        }, function () { texts[i] = ""; return null; });
      });
      if (waiting.length && late) {
        Promise.all(waiting).then(function (quotes) {
          late(quotes.filter(function (q) { return q && q[2]; }), items());
        });
      }
      return first;
    });
  });
}

// What a document's result shows besides its quote and status, made once per document.
function display(ix, doc) {
  var shown = ix.display[doc];
  if (shown) return shown;
  var d = ix.meta.docs[doc];
  shown = { location: d[0], title: escapeHtml(d[1]) };
  if (!d[4]) { // a section of a hand-written page: under its page's title, as the theme does
    var page = d[0].split("#")[0];
    if (d[0] !== page) shown.parent = { location: page, title: escapeHtml(d[2]) };
  } else {
    shown.tags = [escapeHtml(d[2]), longDate(d[3]), escapeHtml(d[4])].filter(Boolean);
  }
  return (ix.display[doc] = shown);
}

function item(ix, p, r, text, now) {
  var shown = display(ix, r.doc), terms = {};
  p.marks.forEach(function (m, i) { // a piece of the query is missing when a term of it is
    terms[m] = !(r.missing || []).some(function (t) { return p.markTerms[i].indexOf(t) >= 0; });
  });
  text = text ? "<p>" + text + "</p>" : "";
  if (!shown.tags) {
    var own = { location: shown.location, title: shown.title, text: text, score: r.score, terms: terms };
    return shown.parent ? [{ location: shown.parent.location, title: shown.parent.title, text: "",
      score: r.score, terms: terms }, own] : [own];
  }
  var status = statusTag(ix, r.doc, now);
  return [{ location: shown.location, title: shown.title, text: text, score: r.score,
    terms: terms, tags: status ? [status].concat(shown.tags) : shown.tags }];
}

// The quotes of results further down, when the page shows them (results.js asks as the reader
// scrolls): [rank, location, html] for those of ranks [from, to) not quoted yet.
function quoteMore(query, from, to) {
  var answer = answered;
  if (!answer || answer.query !== query) return Promise.resolve([]);
  var asked = [];
  for (var i = Math.max(0, from); i < Math.min(to, answer.ranked.length); i++) {
    if (!answer.quoted[i]) { answer.quoted[i] = true; asked.push(i); }
  }
  return openIndex().then(function (ix) {
    return Promise.all(asked.map(function (i) {
      var doc = answer.ranked[i].doc;
      return passages(ix, doc).then(function (list) {
        return [i, ix.meta.docs[doc][0], quote(list, answer.p)];
      }, function () { return null; });
    }));
  }).then(function (quotes) { return quotes.filter(function (q) { return q && q[2]; }); });
}

function sendQuotes(query, quotes) {
  self.postMessage({ type: QUOTES, data: { query: query, quotes: quotes } });
}

self.addEventListener("message", function (event) {
  var message = event.data;
  if (message.type === 0) {
    self.postMessage({ type: 1 });
  } else if (message.type === TAKES_QUOTES) {
    quotesToPage = true;
  } else if (message.type === QUOTE_MORE && quotesToPage) {
    var wanted = message.data || {};
    quoteMore(wanted.query, wanted.from, wanted.to).then(function (quotes) {
      if (quotes.length) sendQuotes(wanted.query, quotes);
    });
  } else if (message.type === 2) {
    var seq = ++latest, query = String(message.data || "").trim();
    if (!query) { self.postMessage({ type: 3, data: { items: [] } }); return; }
    var post = function (items) {
      if (seq === latest) self.postMessage({ type: 3, data: { items: items } });
    };
    search(query, post, function (quotes, items) {
      if (seq !== latest) return;
      if (quotesToPage) sendQuotes(query, quotes);
      else post(items);
    }).then(function () {
      if (index) index.then(prefetch);
    }, function () {
      if (seq === latest) self.postMessage({ type: 3, data: { items: [] } });
    });
  }
});
