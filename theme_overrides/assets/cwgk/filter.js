/* Filters on list pages: <form class="cwgk-filter" data-filter-list="ID"> with <select name="X">;
   items of list ID carry data-X. Works offline; the choice is kept in the address (?X=…), so a
   filtered list can be bookmarked, shared and survives a reload. No dependencies. */
(function () {
  "use strict";
  function setup(form) {
    var list = document.getElementById(form.getAttribute("data-filter-list"));
    if (!list) return;
    var selects = form.querySelectorAll("select[name]");
    var items = list.querySelectorAll(":scope > li");
    var count = form.querySelector(".cwgk-filter__count");
    var none = list.parentNode.querySelector(".cwgk-filter__none");
    function apply() {
      var shown = 0;
      for (var i = 0; i < items.length; i++) {
        var ok = true;
        for (var s = 0; s < selects.length; s++) {
          var want = selects[s].value;
          if (want && items[i].getAttribute("data-" + selects[s].name) !== want) ok = false;
        }
        items[i].hidden = !ok;
        if (ok) shown++;
      }
      if (count) count.textContent = shown === items.length ? "共 " + shown + " 条" : "显示 " + shown + " 条，共 " + items.length + " 条";
      if (none) none.hidden = shown > 0;
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
      if (value && selects[s].querySelector('option[value="' + value.replace(/"/g, "") + '"]')) {
        selects[s].value = value;
      }
    }
    form.addEventListener("change", function () { apply(); save(); });
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    apply();
  }
  function init() {
    var forms = document.querySelectorAll("form.cwgk-filter");
    for (var i = 0; i < forms.length; i++) setup(forms[i]);
  }
  init();
})();
