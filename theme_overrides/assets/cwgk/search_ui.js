/* Three gaps in the theme's search as employees use it, and our results' late quotes. ES5.
   - The theme searches on key-up only: text pasted with the mouse, chosen from a phone's input
     method or dictated arrives without one and found nothing. Any input now counts as typed.
   - A result opens its page at the top with the words highlighted somewhere below: the page now
     scrolls to the first highlighted word, opening the folded panel (意见与答复) it is in.
   - The result list takes keyboard focus even while the search is closed (invisible): it is
     there only while the search is open. */
(function () {
  "use strict";
  var box = document.querySelector("input.md-search__input");
  if (box) {
    box.addEventListener("input", function () {
      box.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
    });
  }
  var toggle = document.getElementById("__search");
  var wrap = document.querySelector(".md-search__scrollwrap");
  if (toggle && wrap) {
    var sync = function () { wrap.hidden = !toggle.checked; };
    toggle.addEventListener("change", sync); // the theme opens and closes it by clicking it
    sync();
  }
  // Quotes that arrive after their results (assets/cwgk/search/worker.js): each into its result,
  // under the title, as the theme places a result's text — for the query still in the box only.
  var list = document.querySelector(".md-search-result__list");
  if (box && list && window.BroadcastChannel) {
    new BroadcastChannel("cwgk-search-quotes").onmessage = function (event) {
      var data = event.data || {};
      if (!data.quotes || box.value.trim() !== data.query) return;
      for (var i = 0; i < data.quotes.length; i++) {
        var item = list.children[data.quotes[i][0]], page = "/" + data.quotes[i][1].split("#")[0];
        var link = item && item.querySelector("a");
        if (!link || new URL(link.href).pathname.slice(-page.length) !== page) continue;
        var articles = item.querySelectorAll("article");
        var heading = articles[articles.length - 1].querySelector("h1, h2");
        var next = heading && heading.nextElementSibling;
        if (!heading || (next && next.tagName === "P" && !next.className)) continue; // has one
        heading.insertAdjacentHTML("afterend", "<p>" + data.quotes[i][2] + "</p>");
      }
    };
  }
  // The theme marks the words a moment after the page is shown: look for them for two seconds.
  function showHighlight(tries) {
    if (location.hash || !/[?&]h=/.test(location.search)) return;
    var mark = document.querySelector(".md-content mark");
    if (!mark) {
      if (tries > 0) setTimeout(function () { showHighlight(tries - 1); }, 100);
      return;
    }
    for (var el = mark.parentElement; el; el = el.parentElement) {
      if (el.tagName === "DETAILS") el.open = true;
    }
    mark.scrollIntoView({ block: "center" });
  }
  showHighlight(20);
})();
