/* The theme opens its navigation drawer and search with <label> elements, which a keyboard cannot
   reach: make them buttons in the Tab order that Enter and Space press. ES5. */
(function () {
  "use strict";
  var names = { __drawer: "打开导航菜单", __search: "打开搜索" };
  function fix() {
    var labels = document.querySelectorAll("label.md-header__button[for], label.md-nav__button[for]");
    for (var i = 0; i < labels.length; i++) {
      var label = labels[i];
      if (label.getAttribute("data-cwgk-key")) continue;
      label.setAttribute("data-cwgk-key", "1");
      label.setAttribute("tabindex", "0");
      label.setAttribute("role", "button");
      var name = names[label.getAttribute("for")];
      if (name && !label.getAttribute("aria-label")) label.setAttribute("aria-label", name);
    }
  }
  // On the window, in the capture phase: the theme's own key handling stops the event before it
  // would reach the label.
  window.addEventListener("keydown", function (event) {
    var label = document.activeElement;
    if (!label || !label.getAttribute || !label.getAttribute("data-cwgk-key")) return;
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      event.stopPropagation();
      label.click();
    }
  }, true);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fix);
  else fix();
  if (window.document$) window.document$.subscribe(fix);
})();
