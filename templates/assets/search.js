/* plansite search: tasks and pages, diacritics-insensitive; fetches only the index files a query needs.
   Words come from the page (data-* attributes); text from the index is set with textContent, never as HTML. */
(function () {
  "use strict";
  var SHOWN = 20;      // hits per "show more"
  var MAX_TERM = 24;   // as generator/views/search.py: longer runs are not indexed
  var PASSAGE = 320;   // characters of a task's words shown around the first match

  function fold(s) {
    return s.toLowerCase().replace(/đ/g, "d").normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }
  function tokens(s) {
    return (fold(s).match(/[a-z0-9]+/g) || []).filter(function (t) { return t.length <= MAX_TERM; });
  }
  function has(obj, key) { return Object.prototype.hasOwnProperty.call(obj, key); }

  /* The query as groups of terms: a quoted phrase is one group, every other word a group of its own. */
  function parse(q) {
    var groups = [], seen = {}, re = /"([^"]*)"|“([^”]*)”|([^"“”]+)/g, m;
    function add(g) { var k = g.join(" "); if (g.length && !has(seen, k)) { seen[k] = 1; groups.push(g); } }
    while ((m = re.exec(q))) {
      if (m[3] !== undefined) { tokens(m[3]).forEach(function (t) { add([t]); }); }
      else { add(tokens(m[1] !== undefined ? m[1] : m[2])); }
    }
    return groups;
  }

  var cache = {};
  function getJSON(url) {
    if (!has(cache, url)) {
      cache[url] = fetch(url).then(function (r) { return r.ok ? r.json() : null; }).catch(function () { return null; });
    }
    return cache[url];
  }
  function decode(deltas) {
    var out = [], acc = 0;
    for (var i = 0; i < (deltas || []).length; i++) { acc += deltas[i]; out.push(acc); }
    return out;
  }
  function intersect(lists) {
    if (!lists.length) { return []; }
    lists = lists.slice().sort(function (a, b) { return a.length - b.length; });
    return lists.slice(1).reduce(function (acc, list) {
      var out = [], j = 0;
      for (var i = 0; i < acc.length; i++) {
        while (j < list.length && list[j] < acc[i]) { j++; }
        if (list[j] === acc[i]) { out.push(acc[i]); }
      }
      return out;
    }, lists[0]);
  }

  /* --- tasks: one postings file per term, one per first term of a pair -------------------------- */
  function taskHits(base, groups) {
    return getJSON(base + "meta.json").then(function (meta) {
      if (!meta) { return { meta: null, hits: [] }; }
      var pairs = new Set(meta.pairs), wanted = [];
      for (var g = 0; g < groups.length; g++) {
        var terms = groups[g];
        if (terms.length === 1) {
          if (!has(meta.terms, terms[0])) { return { meta: meta, hits: [] }; }
          wanted.push(getJSON(base + "t/" + terms[0] + ".json").then(decode));
        }
        for (var i = 0; i + 1 < terms.length; i++) {
          if (!pairs.has(terms[i])) { return { meta: meta, hits: [] }; }
          wanted.push(getJSON(base + "b/" + terms[i] + ".json").then(function (next, table) {
            return decode(table && has(table, next) ? table[next] : []);
          }.bind(null, terms[i + 1])));
        }
      }
      // Rank: hits where more of the query's neighbouring words stand together come first, then in
      // index order (newest plan first). The pairs come from the files a phrase would use.
      var near = [];  // at most three pairs: each is a file to fetch, and ranking needs only a few
      for (var k = 0; k + 1 < groups.length && near.length < 3; k++) {
        if (groups[k].length === 1 && groups[k + 1].length === 1 && pairs.has(groups[k][0])) {
          near.push(getJSON(base + "b/" + groups[k][0] + ".json").then(function (next, table) {
            return new Set(decode(table && has(table, next) ? table[next] : []));
          }.bind(null, groups[k + 1][0])));
        }
      }
      return Promise.all([Promise.all(wanted), Promise.all(near)]).then(function (res) {
        var hits = intersect(res[0]), sets = res[1];
        if (sets.length) {
          var score = {};
          hits.forEach(function (d) { score[d] = sets.filter(function (s) { return s.has(d); }).length; });
          hits.sort(function (a, b) { return score[b] - score[a] || a - b; });
        }
        return { meta: meta, hits: hits };
      });
    });
  }

  /* --- pages: shards by a term's first two letters; a word also finds the words it begins ------- */
  function pageHits(here, groups) {
    function postings(term, exact) {
      return getJSON(here + "t/" + term.slice(0, 2) + ".json").then(function (table) {
        var ids = new Set();
        Object.keys(table || {}).forEach(function (t) {
          if (t === term || (!exact && term.length >= 2 && t.indexOf("_") < 0 && t.indexOf(term) === 0)) {
            decode(table[t]).forEach(function (d) { ids.add(d); });
          }
        });
        return Array.from(ids).sort(function (a, b) { return a - b; });
      });
    }
    var wanted = [];
    groups.forEach(function (terms) {
      if (terms.length === 1) { wanted.push(postings(terms[0], false)); }
      for (var i = 0; i + 1 < terms.length; i++) { wanted.push(postings(terms[i] + "_" + terms[i + 1], true)); }
    });
    return Promise.all([getJSON(here + "docs.json"), Promise.all(wanted)]).then(function (res) {
      return { docs: res[0] || [], hits: intersect(res[1]) };
    });
  }

  /* --- where the query's groups stand in a text: folded tokens with their place in the original ---- */
  function located(text) {
    var out = [], cur = null;
    for (var i = 0; i < text.length;) {
      var ch = String.fromCodePoint(text.codePointAt(i)), f = fold(ch);
      for (var k = 0; k < f.length; k++) {
        if (/[a-z0-9]/.test(f[k])) {
          if (!cur) { cur = { t: "", s: i }; out.push(cur); }
          cur.t += f[k];
        } else { cur = null; }
      }
      if (cur) { cur.e = i + ch.length; }
      i += ch.length;
    }
    return out.filter(function (t) { return t.t.length <= MAX_TERM; });
  }
  /* [start, end) ranges of every group in `text`, and which groups were found. */
  function matches(text, groups) {
    var toks = located(text), ranges = [], found = groups.map(function () { return false; });
    groups.forEach(function (g, gi) {
      for (var j = 0; j + g.length <= toks.length; j++) {
        var ok = true;
        for (var m = 0; m < g.length && ok; m++) { ok = toks[j + m].t === g[m]; }
        if (ok) { ranges.push([toks[j].s, toks[j + g.length - 1].e]); found[gi] = true; }
      }
    });
    ranges.sort(function (a, b) { return a[0] - b[0]; });
    // Words of the query that stand side by side in the text are one mark ("Nội vụ", not "Nội" "vụ").
    var merged = [];
    ranges.forEach(function (r) {
      var last = merged[merged.length - 1];
      if (last && r[0] <= last[1] + 1 && /^\s?$/.test(text.slice(last[1], r[0]))) { last[1] = Math.max(last[1], r[1]); }
      else if (!last || r[0] >= last[1]) { merged.push(r.slice()); }
    });
    return { ranges: merged, found: found };
  }
  /* Text with its matches in <mark>, built from DOM nodes; `from`/`to` clip it to a passage. */
  function fill(el, text, ranges, from, to) {
    var at = from;
    ranges.forEach(function (r) {
      var s = Math.max(r[0], at), e = Math.min(r[1], to);
      if (e <= s) { return; }
      el.appendChild(document.createTextNode(text.slice(at, s)));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(s, e);
      el.appendChild(mark);
      at = e;
    });
    el.appendChild(document.createTextNode(text.slice(at, to)));
  }
  function passage(text, ranges) {
    if (text.length <= PASSAGE) { return [0, text.length]; }
    var first = ranges.length ? ranges[0][0] : 0, start = Math.max(0, first - 100);
    if (start > 0) { var sp = text.indexOf(" ", start); start = sp >= 0 && sp < first ? sp + 1 : start; }
    var end = Math.min(text.length, start + PASSAGE);
    if (end < text.length) { var back = text.lastIndexOf(" ", end); end = back > first ? back : end; }
    return [start, end];
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }
  function count(box, kind, n) {
    var word = box.getAttribute("data-" + kind + (n === 1 ? "-one" : "-other"));
    return word.replace("{n}", n.toLocaleString(document.documentElement.lang));
  }

  /* One task hit: its plan and place (the link), its agencies, its words with the matches marked.
     Returns null when a quoted phrase is not in it after all (its pairs of words were, apart). */
  function taskItem(box, ctx, rec, plan) {
    var names = ctx.names, groups = ctx.groups;
    var anchor = rec[0], ref = rec[1], text = rec[2], roles = rec[3];
    var found = groups.map(function () { return false; });
    function note(m) { m.found.forEach(function (f, i) { found[i] = found[i] || f; }); return m; }
    var inText = note(matches(text, groups));
    var prov = names.provinces[plan[1]] || [plan[1], box.getAttribute("data-source-lang"), []];
    var inProvince = note(matches(prov[0], groups)), inPlanId = note(matches(plan[2], groups));
    prov[2].forEach(function (other) { note(matches(other[0], groups)); });
    var agencyMatch = {}, agencyAlso = {};  // marks in the page language's name; names in other languages that matched
    roles.forEach(function (r) {
      var entry = names.agencies[r[0]] || [r[0], box.getAttribute("data-source-lang"), []];
      var m = note(matches(entry[0], groups));
      agencyMatch[r[0]] = m.ranges;
      agencyAlso[r[0]] = entry[2].map(function (other) { return [other, note(matches(other[0], groups)).ranges]; })
        .filter(function (o) { return o[1].length; });
    });
    if (found.indexOf(false) >= 0) { return null; }

    var li = el("li", "ps-hit");
    var where = el("p", "ps-hit-where");
    var a = el("a");
    a.href = ctx.root + plan[0] + "#" + anchor;
    var pname = el("span"), pid = el("span");
    pname.lang = prov[1];
    fill(pname, prov[0], inProvince.ranges, 0, prov[0].length);
    fill(pid, plan[2], inPlanId.ranges, 0, plan[2].length);
    a.appendChild(pname);
    a.appendChild(document.createTextNode(" "));
    a.appendChild(pid);
    a.appendChild(document.createTextNode(" · § " + ref));
    where.appendChild(a);
    li.appendChild(where);

    var line = el("p", "ps-hit-roles");
    ["lead", "responsible", "coordinating"].forEach(function (role) {
      var who = roles.filter(function (r) { return r[1] === role; });
      if (!who.length) { return; }
      // Matched agencies first; a long list of coordinating agencies is cut to three.
      function hit(r) { return agencyMatch[r[0]].length || agencyAlso[r[0]].length ? 1 : 0; }
      who.sort(function (x, y) { return hit(y) - hit(x); });
      var shown = role === "coordinating" ? who.slice(0, 3) : who;
      var part = el("span", "ps-hit-role");
      part.appendChild(el("span", "ps-hit-rolename", box.getAttribute("data-role-" + role) + ": "));
      shown.forEach(function (r, i) {
        var entry = names.agencies[r[0]] || [r[0], box.getAttribute("data-source-lang"), []];
        var span = el("span");
        span.lang = entry[1];
        fill(span, entry[0], agencyMatch[r[0]], 0, entry[0].length);
        if (i) { part.appendChild(document.createTextNode(", ")); }
        part.appendChild(span);
        agencyAlso[r[0]].forEach(function (o) {  // found by its name in another language: show that name
          var alt = el("span");
          alt.lang = o[0][1];
          fill(alt, o[0][0], o[1], 0, o[0][0].length);
          part.appendChild(document.createTextNode(" ("));
          part.appendChild(alt);
          part.appendChild(document.createTextNode(")"));
        });
      });
      if (who.length > shown.length) { part.appendChild(document.createTextNode(" " + count(box, "more", who.length - shown.length))); }
      line.appendChild(part);
    });
    li.appendChild(line);

    var p = el("p", "ps-hit-text");
    p.lang = box.getAttribute("data-source-lang");
    var span = passage(text, inText.ranges);
    if (span[0] > 0) { p.appendChild(document.createTextNode("… ")); }
    fill(p, text, inText.ranges, span[0], span[1]);
    if (span[1] < text.length) { p.appendChild(document.createTextNode(" …")); }
    li.appendChild(p);
    return li;
  }

  function planOf(meta, doc) {
    // meta.plans[n] = [path, province, plan id, task count], in task order: find the plan holding `doc`.
    if (!meta.starts) {
      meta.starts = [];
      var acc = 0;
      meta.plans.forEach(function (p) { meta.starts.push(acc); acc += p[3]; });
    }
    var lo = 0, hi = meta.starts.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (meta.starts[mid] <= doc) { lo = mid; } else { hi = mid - 1; }
    }
    return lo;
  }

  var current = 0;  // the query being shown: an older one still loading draws nothing
  function run(box, query) {
    var id = ++current;
    var status = document.getElementById("ps-status");
    var taskBox = document.getElementById("ps-tasks"), pageBox = document.getElementById("ps-pages");
    var taskList = taskBox.querySelector("ol"), pageList = pageBox.querySelector("ol");
    var taskMore = taskBox.querySelector(".ps-more"), pageMore = pageBox.querySelector(".ps-more");
    taskList.textContent = ""; pageList.textContent = "";
    taskBox.hidden = pageBox.hidden = taskMore.hidden = pageMore.hidden = true;
    var groups = parse(query);
    if (!groups.length) { status.textContent = ""; return; }
    status.textContent = box.getAttribute("data-loading");
    var here = box.getAttribute("data-here"), base = box.getAttribute("data-tasks");
    var ctx = { groups: groups, root: document.querySelector(".ps[data-root]").getAttribute("data-root") };

    Promise.all([taskHits(base, groups), pageHits(here, groups), getJSON(here + "names.json")]).then(function (res) {
      if (id !== current) { return; }
      var tasks = res[0], pages = res[1];
      ctx.names = res[2] || { agencies: {}, provinces: {} };
      var state = { next: 0, dropped: 0, pageNext: 0 };
      function say() {
        var nt = tasks.hits.length - state.dropped, np = pages.hits.length;
        status.textContent = nt + np ? count(box, "tasks", nt) + ", " + count(box, "pages", np) : box.getAttribute("data-none");
        taskBox.hidden = !nt; pageBox.hidden = !np;
      }
      function moreTasks() {
        var batch = tasks.hits.slice(state.next, state.next + SHOWN);
        state.next += batch.length;
        var plans = batch.map(function (d) { return planOf(tasks.meta, d); });
        return Promise.all(plans.map(function (n) { return getJSON(base + "d/" + n + ".json"); })).then(function (chunks) {
          if (id !== current) { return; }
          batch.forEach(function (d, i) {
            var rec = chunks[i] && chunks[i][d - tasks.meta.starts[plans[i]]];
            var li = rec && taskItem(box, ctx, rec, tasks.meta.plans[plans[i]]);
            if (li) { taskList.appendChild(li); } else { state.dropped++; }
          });
          taskMore.hidden = state.next >= tasks.hits.length;
          say();
        });
      }
      function morePages() {
        pages.hits.slice(state.pageNext, state.pageNext + SHOWN).forEach(function (d) {
          var doc = pages.docs[d];
          if (!doc) { return; }
          var li = el("li", "ps-hit ps-hit--page");
          var a = el("a", null, doc[1]);
          a.href = ctx.root + doc[0];
          li.appendChild(a);
          pageList.appendChild(li);
        });
        state.pageNext += SHOWN;
        pageMore.hidden = state.pageNext >= pages.hits.length;
      }
      taskMore.onclick = function () { moreTasks(); };
      pageMore.onclick = function () { morePages(); };
      morePages();
      say();
      return moreTasks();
    });
  }

  function init() {
    var box = document.getElementById("ps-search"), input = document.getElementById("ps-q");
    if (!box || !input) { return; }
    var q = new URLSearchParams(window.location.search).get("q") || "";
    input.value = q;
    run(box, q);
    input.form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var url = new URL(window.location.href);
      url.searchParams.set("q", input.value);
      window.history.pushState(null, "", url);
      run(box, input.value);
    });
    window.addEventListener("popstate", function () {
      input.value = new URLSearchParams(window.location.search).get("q") || "";
      run(box, input.value);
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
