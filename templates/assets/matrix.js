/* plansite matrix: filters as URL state over the static table. Without JavaScript the table stands as is.
   Loaded with `defer` by the matrix pages only: it runs once the table is parsed. A cell links to its first
   task and holds its count in .ps-n; data-k lists its tasks in plan order as "role[q]:anchor/positions"
   (role by its initial, q: requested; anchor "" for the cell's first task, "~x" for the first task's block
   prefix then x; positions: its themes in the table's data-themes); a cell of one task has no data-k, its
   data-t ("position:count ...") gives the themes. Under a theme or role filter a cell counts its matching
   tasks, links to the first, shows the strongest role among them (symbols from #ps-msymbols), or nothing;
   the rows (agencies) with no matching task are hidden. */
(function () {
  "use strict";
  var RANK = { l: 3, r: 2, c: 1 };
  var ROLE = { l: "lead", r: "responsible", c: "coordinating" };
  // A cell's tasks: [{role: "l", requested: bool, anchor: "id", themes: ["3", "22"]}, ...]
  function tasksOf(td, c) {
    var k = td.getAttribute("data-k");
    if (!k) {  // one task: the cell's own role and link, the themes of data-t
      var role = (/ps-cell--(\w)/.exec(td.className) || [])[1] || "r";
      return [{ role: role, requested: /\u2709/.test(c.sym ? c.sym.textContent : ""), anchor: c.first,
                themes: (td.getAttribute("data-t") || "").split(" ").map(function (p) { return p.split(":")[0]; }) }];
    }
    var prefix = c.first.slice(0, c.first.lastIndexOf("-") + 1);
    return k.split(" ").map(function (entry) {
      var colon = entry.indexOf(":"), slash = entry.indexOf("/");
      var head = entry.slice(0, colon), a = entry.slice(colon + 1, slash);
      return { role: head.charAt(0), requested: head.charAt(1) === "q",
               anchor: a === "" ? c.first : a.charAt(0) === "~" ? prefix + a.slice(1) : a,
               themes: entry.slice(slash + 1).split(",") };
    });
  }
  // What the matching tasks say: their number, first task, strongest role and its symbol key.
  function summary(tasks) {
    var best = "", n = tasks.length;
    tasks.forEach(function (t) { if (!best || RANK[t.role] > RANK[best]) { best = t.role; } });
    var directed = tasks.some(function (t) { return t.role === best && !t.requested; });
    return { n: n, first: n ? tasks[0].anchor : "", role: best, key: n ? best + (directed ? "" : "q") : "" };
  }
  function init() {
    var form = document.getElementById("ps-mfilters");
    var table = document.getElementById("ps-matrix");
    if (!form || !table || table.hasAttribute("data-ps-ready")) { return; }  // once, even if loaded twice
    table.setAttribute("data-ps-ready", "");
    var themeIds = (table.getAttribute("data-themes") || "").split(" ");
    var status = document.getElementById("ps-mstatus");
    var symbols = {};
    var tpl = document.getElementById("ps-msymbols");
    if (tpl && tpl.content) {
      Array.prototype.forEach.call(tpl.content.querySelectorAll("[data-k]"), function (s) {
        symbols[s.getAttribute("data-k")] = s.firstElementChild;
      });
    }
    var cells = Array.prototype.map.call(table.querySelectorAll("td.ps-cell"), function (td) {
      var link = td.querySelector("a");
      var sym = link ? link.querySelector("[role=img]") : null;
      var href = link ? link.getAttribute("href") : "";
      var c = { td: td, link: link, num: td.querySelector(".ps-n"), sym: sym, own: sym, href: href,
                base: href.split("#")[0], first: href.slice(href.indexOf("#") + 1) };
      c.tasks = tasksOf(td, c);
      c.key = summary(c.tasks).key;
      return c;
    });
    var heads = Array.prototype.slice.call(table.querySelectorAll("thead th[data-key]"));
    var originalOrder = heads.map(function (h) { return h.getAttribute("data-key"); });
    // Every row's cells in their first order (the order of `heads`), whatever order they are shown in.
    var grid = [];
    Array.prototype.forEach.call(table.querySelectorAll("tr"), function (tr) {
      var tds = Array.prototype.slice.call(tr.children, 1);
      if (tds.length === heads.length) { grid.push({ tr: tr, tds: tds }); }
    });
    var byTd = new Map();
    cells.forEach(function (c) { byTd.set(c.td, c); });

    function state() {
      var p = new URLSearchParams(window.location.search);
      return { theme: p.get("theme") || "", role: p.get("role") || "", province: p.get("province") || "",
               from: p.get("from") || "", to: p.get("to") || "", group: p.get("group") || "year", fold: p.get("fold") === "1" };
    }
    function field(name) { return form.elements.namedItem(name); }  // not form[name]: "role" is an element property too
    function toForm(s) {
      field("theme").value = s.theme; field("role").value = s.role; field("province").value = s.province;
      field("from").value = s.from; field("to").value = s.to; field("group").value = s.group; field("fold").checked = s.fold;
    }
    function fromForm() {
      return { theme: field("theme").value, role: field("role").value, province: field("province").value,
               from: field("from").value, to: field("to").value, group: field("group").value, fold: field("fold").checked };
    }
    function query(s) {
      var p = new URLSearchParams();
      if (s.theme) { p.set("theme", s.theme); }
      if (s.role) { p.set("role", s.role); }
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
    // A cell under the filters (theme position `pos`, "" for none; role initial, "" for any).
    function show(c, pos, role) {
      var m = summary(c.tasks.filter(function (t) {
        return (pos === "" || t.themes.indexOf(pos) >= 0) && (role === "" || t.role === role);
      }));
      if (c.num) { c.num.textContent = String(m.n); }
      if (c.link) {
        c.link.hidden = m.n === 0;
        c.link.setAttribute("href", m.n && m.first !== c.first ? c.base + "#" + m.first : c.href);
        var sym = m.n && m.key !== c.key && symbols[m.key] ? symbols[m.key].cloneNode(true) : c.own;
        if (sym && sym !== c.sym) { c.sym.replaceWith(sym); c.sym = sym; }
      }
      c.td.className = "ps-cell ps-cell--" + (m.n === 0 ? "off" : ROLE[m.role]);
      return m.n;
    }
    function apply(s) {
      var keys = order(s);
      var visible = heads.map(function (h) {
        var okProvince = !s.province || h.getAttribute("data-province") === s.province;
        var from = +h.getAttribute("data-from"), to = +h.getAttribute("data-to");
        var okYears = (!s.from || to >= +s.from) && (!s.to || from <= +s.to);
        return okProvince && okYears;
      });
      var pos = s.theme && themeIds.indexOf(s.theme) >= 0 ? String(themeIds.indexOf(s.theme)) : "";
      var role = s.role && ROLE[s.role.charAt(0)] === s.role ? s.role.charAt(0) : "";
      var shown = 0;
      var filtered = !!(s.theme || s.role || s.province || s.from || s.to);
      grid.forEach(function (row) {
        var byKey = {};
        var any = false;
        row.tds.forEach(function (td, i) {
          byKey[originalOrder[i]] = td;
          td.hidden = !visible[i];
          var c = byTd.get(td);
          if (c && show(c, pos, role) > 0 && visible[i]) { any = true; }
        });
        keys.forEach(function (k) { row.tr.appendChild(byKey[k]); });
        if (row.tr.hasAttribute("data-agency")) {
          row.tr.hidden = !any;
          if (any && (row.tr.parentNode.getAttribute("data-folded") === "yes") === s.fold) { shown += 1; }
        }
      });
      // A kind's heading row goes with its agencies: hidden when none of them is shown.
      Array.prototype.forEach.call(table.querySelectorAll("tbody.ps-mbody"), function (tb) {
        tb.hidden = (tb.getAttribute("data-folded") === "yes") !== s.fold;
        var head = null, any = false;
        Array.prototype.forEach.call(tb.rows, function (tr) {
          if (tr.classList.contains("ps-mkind")) {
            if (head) { head.hidden = !any; }
            head = tr; any = false;
          } else if (!tr.hidden) { any = true; }
        });
        if (head) { head.hidden = !any; }
      });
      Array.prototype.forEach.call(table.querySelectorAll("tr.ps-mkind th"), function (th) {
        th.colSpan = 1 + visible.filter(Boolean).length;
      });
      if (status) {
        status.textContent = !filtered ? "" : shown === 0 ? status.getAttribute("data-none")
          : (shown === 1 ? status.getAttribute("data-one") : status.getAttribute("data-other").replace("{n}", String(shown)));
      }
      var link = document.getElementById("ps-mpermalink");
      if (link) { link.href = query(s); }
    }
    function update() {
      var s = fromForm();
      window.history.replaceState(null, "", query(s));
      apply(s);
    }
    form.addEventListener("submit", function (ev) { ev.preventDefault(); update(); });
    form.addEventListener("change", update);
    var s = state();
    toForm(s);
    apply(s);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
