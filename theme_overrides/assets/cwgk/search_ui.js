/* Four gaps in the theme's search as employees use it. ES5. (The result list: search/results.js.)
   - The theme searches on key-up only: text pasted with the mouse, chosen from a phone's input
     method or dictated arrives without one and found nothing. Any input now counts as typed.
   - A result opens its page at the top with the words highlighted somewhere below: the page now
     scrolls to the first highlighted word, opening the folded panel (意见与答复) it is in.
   - The result list takes keyboard focus even while the search is closed (invisible): it is
     there only while the search is open.
   - Its × emptied the box and left the last results under it: it now asks again (for nothing). */
(function () {
  "use strict";
  var box = document.querySelector("input.md-search__input");
  if (box) {
    box.addEventListener("input", function () {
      box.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
    });
  }
  // The theme's × empties the box but asks nothing: the last results stayed under an empty box.
  if (box && box.form) {
    box.form.addEventListener("reset", function () {
      setTimeout(function () { box.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true })); }, 0);
    });
  }
  var toggle = document.getElementById("__search");
  var wrap = document.querySelector(".md-search__scrollwrap");
  if (toggle && wrap) {
    var sync = function () { wrap.hidden = !toggle.checked; };
    toggle.addEventListener("change", sync); // the theme opens and closes it by clicking it
    sync();
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
