/* How text becomes search terms: the browser's copy of hooks/cwgk/search_text.py (read its
   docstring); both run tests/search_vectors.json. Loaded by the search worker. */
(function (root) {
  "use strict";
  var HAN = "\u3400-\u9fff\uf900-\ufaff";
  var PIECE = new RegExp("[" + HAN + "]+|[0-9a-z]+(?:[-/][0-9a-z]+)*", "g");
  var LETTER_DIGIT = /(?<=[a-z])(?=[0-9])|(?<=[0-9])(?=[a-z])/g;
  var THOUSANDS = /(?<=\d),(?=\d{3}(?!\d))/g;
  var DOC_NO_BRACKETS = /\s*[〔\[【(]\s*(\d{4})\s*[〕\]】)]\s*第?\s*(\d{1,5})\s*号/g;
  var DOC_NO_PLAIN = new RegExp("(?<=[" + HAN + "])(\\d{4})\\s*第\\s*(\\d{1,5})\\s*号", "g");
  var DATE = /(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)/g;
  var CN_DATE = /(\d{4})年0?(\d{1,2})月(?:0?(\d{1,2})日)?/g;
  var MAX_CHAIN = 6;

  function normalise(text) {
    text = text.normalize("NFKC").toLowerCase();
    text = text.replace(LETTER_DIGIT, "-");
    text = text.replace(THOUSANDS, "");
    text = text.replace(DOC_NO_BRACKETS, "$1-$2号");
    text = text.replace(DOC_NO_PLAIN, "$1-$2号");
    text = text.replace(DATE, function (m, y, mo, d) { return y + "年" + +mo + "月" + +d + "日"; });
    return text.replace(CN_DATE, function (m, y, mo, d) {
      return y + "年" + +mo + "月" + (d ? +d + "日" : "");
    });
  }

  // [term, kind] pairs of normalised text, in order, repeats kept (see search_text.terms).
  function terms(text) {
    var out = [], lastEnd = -1, lastUnit = "", match, i;
    PIECE.lastIndex = 0;
    while ((match = PIECE.exec(text)) !== null) {
      var piece = match[0], touching = match.index === lastEnd;
      if (piece.charCodeAt(0) >= 0x3400) {
        if (touching && lastUnit) out.push([lastUnit + piece[0], "pair"]);
        for (i = 0; i < piece.length; i++) {
          out.push([piece[i], "char"]);
          if (i) out.push([piece[i - 1] + piece[i], "pair"]);
        }
        lastUnit = piece[piece.length - 1];
      } else {
        var runs = piece.split(/[-\/]/);
        if (touching && lastUnit) out.push([lastUnit + runs[0], "pair"]);
        for (i = 0; i < runs.length; i++) out.push([runs[i], "run"]);
        var joined = runs.slice(0, MAX_CHAIN);
        for (var s = 0; s < joined.length - 1; s++) {
          for (var e = s + 2; e <= joined.length; e++) out.push([joined.slice(s, e).join("-"), "code"]);
        }
        lastUnit = runs[runs.length - 1];
      }
      lastEnd = match.index + piece.length;
    }
    return out;
  }

  // FNV-1a over UTF-16 code units: which shard holds a term (search_index.term_hash).
  function termHash(term) {
    var h = 0x811c9dc5;
    for (var i = 0; i < term.length; i++) {
      h ^= term.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h >>> 0;
  }

  root.cwgkSearchText = { normalise: normalise, terms: terms, termHash: termHash };
})(this);
