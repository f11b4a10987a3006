/* Filters on list pages: <form class="cwgk-filter" data-filter-scope="SELECTOR"> with
   <select name="X">; items ([data-filter-item]) inside the scope carry data-X (a set of values
   is written |a|b|). Headings whose lists end up empty are hidden with them. Works offline; the
   choice is kept in the address (?X=…), so a filtered list can be bookmarked, shared and reloaded.
   Re-applied when status.js re-dates the items (公示中 → 公示期满). No dependencies. */
(function () {
  "use strict";
  function matches(item, name, want) {
    var have = item.getAttribute("data-" + name) || "";
    return have.charAt(0) === "|" ? have.indexOf("|" + want + "|") >= 0 : have === want;
  }
  function level(el) {
    return /^H[2-4]$/.test(el.tagName) ? +el.tagName.charAt(1) : 0;
  }
  function setup(form) {
    var scope = document.querySelector(form.getAttribute("data-filter-scope"));
    if (!scope) return;
    var selects = form.querySelectorAll("select[name]");
    var items = scope.querySelectorAll("[data-filter-item]");
    var heads = scope.querySelectorAll("h2, h3, h4");
    var lists = scope.querySelectorAll("ul.cwgk-list, ol.cwgk-list");
    var count = form.querySelector(".cwgk-filter__count");
    var none = form.nextElementSibling;
    function apply() {
      var shown = 0, i, s;
      for (i = 0; i < items.length; i++) {
        var ok = true;
        for (s = 0; s < selects.length; s++) {
          if (selects[s].value && !matches(items[i], selects[s].name, selects[s].value)) ok = false;
        }
        items[i].hidden = !ok;
        if (ok) shown++;
      }
      for (i = 0; i < lists.length; i++) {
        lists[i].hidden = !lists[i].querySelector("[data-filter-item]:not([hidden])");
      }
      // A heading stays when something is visible before the next heading of its level or above.
      for (i = 0; i < heads.length; i++) {
        var own = level(heads[i]), next = heads[i].nextElementSibling, visible = false;
        while (next && !(level(next) && level(next) <= own)) {
          if (!next.hidden && (next.matches("[data-filter-item]:not([hidden])") ||
              next.querySelector("[data-filter-item]:not([hidden])"))) { visible = true; break; }
          next = next.nextElementSibling;
        }
        heads[i].hidden = !visible;
      }
      if (count) {
        count.textContent = shown === items.length ? "共 " + shown + " 条"
          : "显示 " + shown + " 条，共 " + items.length + " 条";
      }
      if (none && none.classList.contains("cwgk-filter__none")) none.hidden = shown > 0;
    }
    function save() {
      var params = new URLSearchParams(location.search);
      for (var s = 0; s < selects.length; s++) {
        if (selects[s].value) params.set(selects[s].name, selects[s].value);
        else params.delete(selects[s].name);
      }
      var query = params.toString();
      history.replaceState(null, "", location.pathname + (query ? "?" + query : "") + location.hash);
    }
    var start = new URLSearchParams(location.search);
    for (var s = 0; s < selects.length; s++) {
      var value = start.get(selects[s].name);
      for (var o = 0; value && o < selects[s].options.length; o++) {
        if (selects[s].options[o].value === value) selects[s].value = value;
      }
    }
    form.addEventListener("change", function () { apply(); save(); });
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    document.addEventListener("cwgk:status", apply);
    apply();
  }
  var forms = document.querySelectorAll("form.cwgk-filter");
  for (var i = 0; i < forms.length; i++) setup(forms[i]);
})();
