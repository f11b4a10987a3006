/* A table wider than its column scrolls sideways in the theme's scroll box: make that box
   reachable and scrollable by keyboard (WCAG 2.1.1), name it, and show a cue that more columns
   are to the right. Re-checked when the window changes size. And marks the page whose notice
   prints landscape. ES5, no dependencies. */
(function () {
  "use strict";
  // A notice with a table of eight or more columns prints landscape (cwgk.css: body.cwgk-wide):
  // marked at once (this script runs at the end of the page), and again before printing.
  function markWide() {
    document.body.classList.toggle("cwgk-wide", !!document.querySelector("table[data-wide]"));
  }
  markWide();
  window.addEventListener("beforeprint", markWide);
  function mark() {
    var boxes = document.querySelectorAll(".md-typeset__scrollwrap, .cwgk-chart__scroll");
    for (var i = 0; i < boxes.length; i++) {
      var box = boxes[i], scrolls = box.scrollWidth > box.clientWidth + 1;
      box.classList.toggle("cwgk-scrolls", scrolls);
      if (scrolls) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", "表格较宽，可左右滚动查看");
      } else {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
      }
      var cue = box.nextElementSibling;
      if (!cue || !cue.classList.contains("cwgk-scroll-cue")) {
        cue = document.createElement("p");
        cue.className = "cwgk-scroll-cue";
        cue.setAttribute("aria-hidden", "true");
        cue.textContent = "表格较宽，左右滑动可查看其余各列 →";
        box.parentNode.insertBefore(cue, box.nextSibling);
      }
    }
  }
  var timer;
  window.addEventListener("resize", function () { clearTimeout(timer); timer = setTimeout(mark, 150); });
  if (window.document$) window.document$.subscribe(function () { setTimeout(mark, 0); });
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mark);
  else mark();
})();
