/* plansite search: diacritics-insensitive, loads only the index shards a query needs. */
(function () {
  "use strict";
  function fold(s) {
    return s.toLowerCase().replace(/đ/g, "d").normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }
  function tokens(s) { return fold(s).match(/[a-z0-9]+/g) || []; }
  function root() {
    var el = document.querySelector(".ps[data-root]");
    return el ? el.getAttribute("data-root") : "./";
  }
  var cache = {};
  function getJSON(path) {
    if (!cache[path]) {
      cache[path] = fetch(root() + path).then(function (r) { return r.ok ? r.json() : {}; }).catch(function () { return {}; });
    }
    return cache[path];
  }
  function decode(deltas) {
    var out = [], acc = 0;
    for (var i = 0; i < deltas.length; i++) { acc += deltas[i]; out.push(acc); }
    return out;
  }
  function matches(term) {
    // Every indexed term that starts with the query term (so "bao" finds "bao" and "baoh..." alike).
    var key = term.slice(0, 2);
    return getJSON("search/t/" + key + ".json").then(function (table) {
      var ids = new Set();
      Object.keys(table).forEach(function (t) {
        if (t === term || (t.length > term.length && t.indexOf(term) === 0 && term.length >= 2)) {
          decode(table[t]).forEach(function (d) { ids.add(d); });
        }
      });
      return ids;
    });
  }
  function run(query) {
    var status = document.getElementById("ps-status");
    var list = document.getElementById("ps-results");
    var words = tokens(query);
    list.textContent = "";
    if (!words.length) { status.textContent = ""; return; }
    Promise.all([getJSON("search/docs.json")].concat(words.map(matches))).then(function (res) {
      var docs = res[0], sets = res.slice(1);
      var hits = Array.from(sets[0] || []).filter(function (d) {
        return sets.every(function (s) { return s.has(d); });
      }).sort(function (a, b) { return a - b; });
      status.textContent = hits.length ? hits.length + " ✓" : status.getAttribute("data-none");
      hits.slice(0, 200).forEach(function (d) {
        var doc = docs[d];
        if (!doc) { return; }
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = root() + doc[0];
        a.textContent = doc[1];  /* text, never HTML */
        li.appendChild(a);
        list.appendChild(li);
      });
    });
  }
  function init() {
    var input = document.getElementById("ps-q");
    if (!input) { return; }
    var q = new URLSearchParams(window.location.search).get("q") || "";
    input.value = q;
    run(q);
    input.form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var url = new URL(window.location.href);
      url.searchParams.set("q", input.value);
      window.history.replaceState(null, "", url);
      run(input.value);
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
