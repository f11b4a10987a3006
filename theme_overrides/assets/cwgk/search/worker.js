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
var SHOWN_WITH_TEXT = 10; // results that get a quoted passage: the list shows 10 at first
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
      return { meta: meta, dir: new URL(meta.dir + "/", ROOT), shards: {}, passages: {} };
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
var prefetching = false;
function prefetch(ix) {
  if (prefetching) return;
  prefetching = true;
  var next = 0;
  function more() {
    while (next < ix.meta.shards && ix.shards[next]) next++;
    if (next >= ix.meta.shards) return;
    shard(ix, next++).then(more, more);
  }
  more();
  more();
}

function passages(ix, n) {
  if (!ix.passages[n]) {
    ix.passages[n] = getJSON(new URL("d/" + n + ".json", ix.dir));
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

function postings(ix, term) {
  var n = TEXT.termHash(term) % ix.meta.shards;
  return shard(ix, n).then(function (data) {
    var packed = data[term], found = new Map(), doc = 0;
    if (packed) {
      for (var i = 0; i < packed.length; i += 2) {
        doc += packed[i];
        found.set(doc, packed[i + 1]);
      }
    }
    return found;
  });
}

function rank(ix, p) {
  var wanted = [];
  p.alternatives.forEach(function (a) { a.forEach(function (t) { if (wanted.indexOf(t) < 0) wanted.push(t); }); });
  p.optional.forEach(function (t) { if (wanted.indexOf(t) < 0) wanted.push(t); });
  return Promise.all(wanted.map(function (t) { return postings(ix, t); })).then(function (lists) {
    var of = {};
    wanted.forEach(function (t, i) { of[t] = lists[i]; });
    var scores = new Map(), missing = new Map();
    p.alternatives.forEach(function (terms) {
      // Documents with every term: start from the rarest list.
      var sorted = terms.slice().sort(function (a, b) { return of[a].size - of[b].size; });
      of[sorted[0]].forEach(function (s, doc) {
        var total = 0;
        for (var i = 0; i < sorted.length; i++) {
          var got = of[sorted[i]].get(doc);
          if (got === undefined) return;
          total += got;
        }
        if (!(scores.get(doc) >= total)) scores.set(doc, total);
      });
    });
    if (scores.size === 0 && p.alternatives.length) {
      // Nothing has every term: documents with most of them, the missing ones shown struck out.
      var terms = p.alternatives[0], counted = new Map();
      terms.forEach(function (t) {
        of[t].forEach(function (s, doc) {
          var c = counted.get(doc) || { n: 0, s: 0 };
          c.n++; c.s += s;
          counted.set(doc, c);
        });
      });
      // A long question carries filler words: then a third of its terms is enough.
      var least = terms.length >= 8 ? 0.34 : 0.5;
      counted.forEach(function (c, doc) {
        var share = c.n / terms.length;
        if (share >= least) {
          scores.set(doc, c.s * share * share);
          missing.set(doc, terms.filter(function (t) { return !of[t].has(doc); }));
        }
      });
    }
    var ranked = [];
    scores.forEach(function (score, doc) {
      p.optional.forEach(function (t) { score += (of[t].get(doc) || 0) / 2; });
      ranked.push({ doc: doc, score: score * ix.meta.docs[doc][5] / 100, missing: missing.get(doc) });
    });
    ranked.sort(function (a, b) { return b.score - a.score || a.doc - b.doc; });
    return ranked.slice(0, MAX_RESULTS);
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
    var plain = TEXT.normalise(list[i]), hits = 0;
    p.marks.forEach(function (m) {
      if (plain.indexOf(m) >= 0) hits += 100;
      else for (var k = 0; k + 1 < m.length; k++) if (plain.indexOf(m.substr(k, 2)) >= 0) hits++;
    });
    if (hits > bestHits) { best = list[i]; bestHits = hits; }
  }
  return mark(best || list[0] || "", p.marks);
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
function statusTag(status) {
  if (!status) return "";
  if (typeof status === "string") return escapeHtml(status);
  var now = calendar ? calendar.status(status[0], status[1], status[2], Date.now()) : null;
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

// `show(items)` is called with the ranked results at once (titles, status, kind, date, 索引号),
// and again when their quoted passages have arrived: the reader never waits for the quotes.
function search(query, show) {
  show = show || function () {};
  var p;
  return openIndex().then(function (ix) {
    p = plan(query, ix.meta.synonyms || {});
    if (!p.alternatives.length) return [];
    return rank(ix, p).then(function (ranked) {
      var texts = [], waiting = [];
      ranked.slice(0, SHOWN_WITH_TEXT).forEach(function (r, i) {
        waiting.push(passages(ix, r.doc).then(function (list) { texts[i] = quote(list, p); },
          function () { texts[i] = ""; }));
      });
      var items = function () { return ranked.map(function (r, i) { return item(ix, p, r, texts[i]); }); };
      // Quotes already fetched for an earlier query come at once; otherwise show first, quote next.
      return Promise.race([Promise.all(waiting), new Promise(function (ok) { setTimeout(ok, 0); })])
        .then(function () {
          var done = texts.filter(function (t) { return t !== undefined; }).length;
          if (done < Math.min(ranked.length, SHOWN_WITH_TEXT)) show(items());
          return Promise.all(waiting).then(items);
        });
    });
  });
}

function item(ix, p, r, text) {
  var d = ix.meta.docs[r.doc];
  var terms = {};
  p.marks.forEach(function (m) { // a piece of the query is missing when a term of it is
    terms[m] = !(r.missing || []).some(function (t) { return required(m).indexOf(t) >= 0; });
  });
  text = text ? "<p>" + text + "</p>" : "";
  if (!d[4]) { // a section of a hand-written page: under its page's title, as the theme does
    var page = d[0].split("#")[0];
    return d[0] === page ? [{ location: d[0], title: escapeHtml(d[1]), text: text,
      score: r.score, terms: terms }] : [
      { location: page, title: escapeHtml(d[2]), text: "", score: r.score, terms: terms },
      { location: d[0], title: escapeHtml(d[1]), text: text, score: r.score, terms: terms }];
  }
  var tags = [statusTag(d[6]), escapeHtml(d[2]), longDate(d[3]), escapeHtml(d[4])]
    .filter(Boolean);
  return [{ location: d[0], title: escapeHtml(d[1]), text: text, score: r.score, terms: terms,
    tags: tags }];
}

self.addEventListener("message", function (event) {
  var message = event.data;
  if (message.type === 0) {
    self.postMessage({ type: 1 });
  } else if (message.type === 2) {
    var seq = ++latest, query = String(message.data || "").trim();
    if (!query) { self.postMessage({ type: 3, data: { items: [] } }); return; }
    var post = function (items) {
      if (seq === latest) self.postMessage({ type: 3, data: { items: items } });
    };
    search(query, post).then(function (items) {
      post(items);
      if (index) index.then(prefetch);
    }, function () {
      if (seq === latest) self.postMessage({ type: 3, data: { items: [] } });
    });
  }
});
