/* plansite matrix: filters as URL state over the static table. Without JavaScript the table stands as is.
   Loaded with `defer` by the matrix pages only: it runs once the table is parsed. A cell holds its count
   in .ps-n and its tasks per theme in data-t ("position:count ..."), positions in the table's data-themes. */
(function () {
  "use strict";
  function init() {
    var form = document.getElementById("ps-mfilters");
    var table = document.getElementById("ps-matrix");
    if (!form || !table || table.hasAttribute("data-ps-ready")) { return; }  // once, even if loaded twice
    table.setAttribute("data-ps-ready", "");
    var themeIds = (table.getAttribute("data-themes") || "").split(" ");
    var cells = Array.prototype.slice.call(table.querySelectorAll("td.ps-cell"));
    var totals = cells.map(function (td) { var num = td.querySelector(".ps-n"); return num ? +num.textContent : 0; });
    var heads = Array.prototype.slice.call(table.querySelectorAll("thead th[data-key]"));
    var originalOrder = heads.map(function (h) { return h.getAttribute("data-key"); });
    // Every row's cells in their first order (the order of `heads`), whatever order they are shown in.
    var grid = [];
    Array.prototype.forEach.call(table.querySelectorAll("tr"), function (tr) {
      var tds = Array.prototype.slice.call(tr.children, 1);
      if (tds.length === heads.length) { grid.push({ tr: tr, tds: tds }); }
    });

    function state() {
      var p = new URLSearchParams(window.location.search);
      return { theme: p.get("theme") || "", province: p.get("province") || "", from: p.get("from") || "",
               to: p.get("to") || "", group: p.get("group") || "year", fold: p.get("fold") === "1" };
    }
    function toForm(s) {
      form.theme.value = s.theme; form.province.value = s.province; form.from.value = s.from;
      form.to.value = s.to; form.group.value = s.group; form.fold.checked = s.fold;
    }
    function fromForm() {
      return { theme: form.theme.value, province: form.province.value, from: form.from.value, to: form.to.value,
               group: form.group.value, fold: form.fold.checked };
    }
    function query(s) {
      var p = new URLSearchParams();
      if (s.theme) { p.set("theme", s.theme); }
      if (s.province) { p.set("province", s.province); }
      if (s.from) { p.set("from", s.from); }
      if (s.to) { p.set("to", s.to); }
      if (s.group !== "year") { p.set("group", s.group); }
      if (s.fold) { p.set("fold", "1"); }
      var q = p.toString();
      return q ? "?" + q : window.location.pathname;
    }
    function order(s) {
      var keys = originalOrder.slice();
      if (s.group === "province") {
        var byKey = {};
        heads.forEach(function (h) { byKey[h.getAttribute("data-key")] = h; });
        keys.sort(function (a, b) {
          var ha = byKey[a], hb = byKey[b];
          var pa = ha.getAttribute("data-pname"), pb = hb.getAttribute("data-pname");
          if (pa !== pb) { return pa < pb ? -1 : 1; }
          return originalOrder.indexOf(a) - originalOrder.indexOf(b);
        });
      }
      return keys;
    }
    function apply(s) {
      var keys = order(s);
      var visible = heads.map(function (h) {
        var okProvince = !s.province || h.getAttribute("data-province") === s.province;
        var from = +h.getAttribute("data-from"), to = +h.getAttribute("data-to");
        var okYears = (!s.from || to >= +s.from) && (!s.to || from <= +s.to);
        return okProvince && okYears;
      });
      grid.forEach(function (row) {
        var byKey = {};
        row.tds.forEach(function (c, i) { byKey[originalOrder[i]] = c; c.hidden = !visible[i]; });
        keys.forEach(function (k) { row.tr.appendChild(byKey[k]); });
      });
      // Theme: each cell shows only its tasks on that theme.
      var pos = s.theme ? String(themeIds.indexOf(s.theme)) : "";
      cells.forEach(function (td, i) {
        var n = totals[i];
        if (s.theme) {
          n = 0;
          (td.getAttribute("data-t") || "").split(" ").forEach(function (pair) {
            var kv = pair.split(":");
            if (kv[0] === pos) { n = +kv[1]; }
          });
        }
        var num = td.querySelector(".ps-n");
        if (num) { num.textContent = String(n); }
        td.classList.toggle("ps-cell--off", n === 0);
      });
      Array.prototype.forEach.call(table.querySelectorAll("tbody.ps-mbody"), function (tb) {
        tb.hidden = (tb.getAttribute("data-folded") === "yes") !== s.fold;
      });
      Array.prototype.forEach.call(table.querySelectorAll("tr.ps-kind th"), function (th) {
        th.colSpan = 1 + visible.filter(Boolean).length;
      });
      var link = document.getElementById("ps-mpermalink");
      if (link) { link.href = query(s); }
    }
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var s = fromForm();
      window.history.replaceState(null, "", query(s));
      apply(s);
    });
    form.addEventListener("change", function () {
      var s = fromForm();
      window.history.replaceState(null, "", query(s));
      apply(s);
    });
    var s = state();
    toForm(s);
    apply(s);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
