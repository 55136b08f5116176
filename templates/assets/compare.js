/* plansite comparison pages. Loaded, deferred, by the two page kinds that use it (compare.html,
   compare_index.html); does nothing where its elements are absent, and runs once if loaded twice.

   1. A published comparison (/compare/<a>--<b>/, [data-cmp-page]): the "hide pure renames" toggle
      (state in the URL: ?renames=hide), opening a collapsed <details> when a link targets a change
      inside it, and opening every <details> for printing.
   2. The "compare any two plans" control (/compare/, [data-cmp-control]): fetches both plans' JSON
      twins, aligns agency blocks by canonical agency id through the lineage crosswalk, pairs tasks by
      word similarity and diffs paired texts word by word with diff-match-patch
      (assets/vendor/diff_match_patch.js, loaded by that page only). Everything is built with DOM APIs
      and textContent: no data is ever parsed as HTML.
      Like the published pages (analysis/successions.py), A is always the older plan, and the result says
      what kind of comparison it is (data-comparison): a *succession* (one province's plans, through the
      2025 mergers in data-province-lineage) tells change (kept, changed, moved, new, dropped); a
      *parallel* comparison (two provinces) only says in both / in A only / in B only, and marks words
      only between tasks at least data-threshold alike.
      The page lists the plans once, in A's list (an <optgroup data-province> per province, an <option> per plan
      id: the value, the plan key, is set here); B's list is a copy made here.
      A published comparison of the pair is found among the links of [data-cmp-published-list]
      (compare/<a's slug>--<b's slug>/, a slug being the plan key with "-" for "/").
*/
(function () {
  "use strict";
  if (window.plansiteCompare) return;  // loaded twice (a theme and a template): the first copy does the work

  // ------------------------------------------------------------------------------------------
  // Small helpers

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        var v = attrs[k];
        if (v === null || v === undefined || v === false) return;
        if (k === "text") node.textContent = v;
        else if (k === "className") node.className = v;
        else node.setAttribute(k, v === true ? "" : String(v));
      });
    }
    (children || []).forEach(function (c) {
      if (c === null || c === undefined) return;
      node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return node;
  }

  function format(template, values) {
    return String(template).replace(/\{(\w+)\}/g, function (m, k) {
      return Object.prototype.hasOwnProperty.call(values, k) ? String(values[k]) : m;
    });
  }

  function readJSON(node, name, fallback) {
    try {
      var raw = node.getAttribute(name);
      return raw ? JSON.parse(raw) : fallback;
    } catch (e) {
      return fallback;
    }
  }

  // ------------------------------------------------------------------------------------------
  // 1. Published comparison pages

  function openTarget() {
    var id = decodeURIComponent((location.hash || "").slice(1));
    if (!id) return;
    var target = document.getElementById(id);
    if (!target) return;
    var d = target.closest("details");
    var opened = false;
    while (d) {
      if (!d.open) { d.open = true; opened = true; }
      d = d.parentElement ? d.parentElement.closest("details") : null;
    }
    // a target hidden by the renames toggle is shown again
    var root = target.closest(".cmp-hide-mech");
    if (root && target.closest(".cmp-mech")) {
      var box = document.querySelector("[data-cmp-renames]");
      if (box) { box.checked = false; box.dispatchEvent(new Event("change")); }
      opened = true;
    }
    if (opened) target.scrollIntoView();
  }

  /** The permalink of each agency block, task row and unchanged task: its anchor is in the page, the "#" link is
      added here (one per row: left out of the HTML to keep the page small; the events have theirs in the HTML). */
  function addPermalinks(root) {
    var label = root.getAttribute("data-permalink") || "#";
    root.querySelectorAll(".cmp-bp[id] > h3, .cmp-row[id] > .cmp-rowmeta, .cmp-kept li[id]").forEach(function (where) {
      var id = where.id || where.parentElement.id;
      if (where.querySelector(":scope > .cmp-permalink")) return;
      where.appendChild(document.createTextNode(" "));
      where.appendChild(el("a", { className: "cmp-permalink", href: "#" + id, "aria-label": label, text: "#" }));
    });
  }

  function initPage(root) {
    addPermalinks(root);
    var wrap = root.querySelector("[data-cmp-toggle]");
    var box = root.querySelector("[data-cmp-renames]");
    if (wrap && box) {
      wrap.hidden = false;
      var apply = function (hide) {
        root.classList.toggle("cmp-hide-mech", hide);
        box.checked = hide;
      };
      var params = new URLSearchParams(location.search);
      apply(params.get("renames") === "hide");
      box.addEventListener("change", function () {
        apply(box.checked);
        var p = new URLSearchParams(location.search);
        if (box.checked) p.set("renames", "hide"); else p.delete("renames");
        var q = p.toString();
        history.replaceState(history.state, "", location.pathname + (q ? "?" + q : "") + location.hash);
      });
    }
    openTarget();
    window.addEventListener("hashchange", openTarget);
    var reopened = [];
    window.addEventListener("beforeprint", function () {
      reopened = [];
      root.querySelectorAll("details:not([open])").forEach(function (d) { d.open = true; reopened.push(d); });
    });
    window.addEventListener("afterprint", function () {
      reopened.forEach(function (d) { d.open = false; });
      reopened = [];
    });
  }

  // ------------------------------------------------------------------------------------------
  // 2. Text: tokens, similarity, word diff

  // Old vs new tone placement (hòa / hoà): compare in one convention (tone on the first vowel).
  var TONE = /([oO])([aAeE])([\u0300\u0301\u0303\u0309\u0323])(?![\p{L}\p{M}])|([uU])([yY])([\u0300\u0301\u0303\u0309\u0323])(?![\p{L}\p{M}])/gu;
  function toneKey(s) {
    return s.normalize("NFD").replace(TONE, function (m, o, a, t, u, y, t2) {
      return o ? o + t + a : u + t2 + y;
    }).normalize("NFC");
  }

  var WORD = "[\\p{L}\\p{N}_]+(?:(?:[/&\\-\u2013]|[.,](?=\\p{N}))[\\p{L}\\p{N}_]+)*";
  var TOKEN = new RegExp("\\s*(?:(" + WORD + ")|([^\\p{L}\\p{N}_\\s]))", "gu");

  /** Text -> [{text (with the whitespace before it), key, punct}]: syllables, numbers, punctuation. */
  function tokenize(text) {
    var s = String(text || "").normalize("NFC").replace(/\s+/g, " ").trim();
    var out = [];
    var m;
    TOKEN.lastIndex = 0;
    while ((m = TOKEN.exec(s)) !== null) {
      if (m[0] === "") { TOKEN.lastIndex++; continue; }
      var core = m[1] || m[2];
      out.push({ text: m[0], key: toneKey(core), punct: !m[1] });
    }
    return out;
  }

  function tokenSet(tokens) {
    var set = new Set();
    tokens.forEach(function (t) { if (!t.punct) set.add(t.key.toLowerCase()); });
    return set;
  }

  /** Dice coefficient over token sets: 2|A∩B| / (|A|+|B|). */
  function similarity(a, b) {
    if (!a.size && !b.size) return 1;
    if (!a.size || !b.size) return 0;
    var common = 0;
    a.forEach(function (k) { if (b.has(k)) common++; });
    return 2 * common / (a.size + b.size);
  }

  /** Word diff: tokens encoded as single characters, diff-match-patch, semantic cleanup.
      -> [[op, text]] with op "equal" | "delete" | "insert". */
  function wordDiff(ta, tb) {
    var index = new Map();
    var encode = function (tokens) {
      var chars = "";
      tokens.forEach(function (t) {
        var ch = index.get(t.key);
        if (ch === undefined) {
          ch = String.fromCharCode(0xE000 + index.size);  // private use area: 6400 distinct tokens
          index.set(t.key, ch);
        }
        chars += ch;
      });
      return chars;
    };
    var ca = encode(ta), cb = encode(tb);
    var dmp = new window.diff_match_patch();
    dmp.Diff_Timeout = 0;
    var diffs = dmp.diff_main(ca, cb, false);
    dmp.diff_cleanupSemantic(diffs);
    var ops = [];
    var ia = 0, ib = 0;
    diffs.forEach(function (d) {
      var op = d[0], n = d[1].length, text;
      if (op === 0) { text = tb.slice(ib, ib + n); ia += n; ib += n; ops.push(["equal", text]); }
      else if (op === -1) { text = ta.slice(ia, ia + n); ia += n; ops.push(["delete", text]); }
      else { text = tb.slice(ib, ib + n); ib += n; ops.push(["insert", text]); }
    });
    var out = ops.map(function (o) { return [o[0], o[1].map(function (t) { return t.text; }).join("")]; })
      .filter(function (o) { return o[1]; });
    // A replacement keeps the space both sides share outside <ins>/<del>.
    for (var i = 0; i < out.length;) {
      if (out[i][0] === "equal") { i++; continue; }
      var j = i;
      var kinds = {};
      while (j < out.length && out[j][0] !== "equal") { kinds[out[j][0]] = true; j++; }
      var run = out.slice(i, j);
      if (i > 0 && kinds.insert && kinds.delete && run.every(function (o) { return /^\s/.test(o[1]); })) {
        run.forEach(function (o) { o[1] = o[1].replace(/^\s+/, ""); });
        out[i - 1][1] += " ";
      }
      i = j;
    }
    return out;
  }

  // ------------------------------------------------------------------------------------------
  // 2. Plans: time order, succession or parallel, units (agency blocks), alignment, pairing

  /** The date a plan is read at: its document date, else 1 January of its first year. */
  function planDate(plan) {
    var from = plan.period && plan.period.from;
    return (plan.document && plan.document.date) || (from ? from + "-01-01" : "");
  }

  /** Whether plan x comes before plan y in time order: reading date, then province, then plan id
      (the order of model.chronological on the Python side). */
  function isOlder(x, y) {
    var kx = [planDate(x), x.province || "", x.plan_id || x.key || ""];
    var ky = [planDate(y), y.province || "", y.plan_id || y.key || ""];
    for (var i = 0; i < kx.length; i++) {
      if (kx[i] !== ky[i]) return kx[i] < ky[i];
    }
    return false;
  }

  /** The provinces `pid` is part of on date `on`, in order: itself, then the province it was merged
      into while `on` is after the unit's last day ("until"), and so on. */
  function provinceLine(pid, on, provinces) {
    var line = [pid];
    var cur = pid;
    for (var i = 0; i < 16; i++) {
      var p = provinces[cur];
      var into = p && p.into;
      if (!into || line.indexOf(into) >= 0) break;
      if (on && (p.until || "9999") >= on) break;
      line.push(into);
      cur = into;
    }
    return line;
  }

  /** "succession" when `newer` follows `older` in one province's line (the same province, or older's
      province had been merged into newer's by newer's date: successions.is_succession), else "parallel".
      `provinces`: {province id: {into, until}} (the registry's 2025 mergers). */
  function comparisonKind(older, newer, provinces) {
    if (!older.province || !newer.province) return "parallel";
    return provinceLine(older.province, planDate(newer), provinces || {}).indexOf(newer.province) >= 0
      ? "succession" : "parallel";
  }

  function canonical(agency, date, lineage) {
    var seen = {};
    var cur = agency;
    while (lineage[cur] && !seen[cur] && (lineage[cur].effective || "") <= date) {
      seen[cur] = true;
      cur = lineage[cur].to;
    }
    return cur;
  }

  /** A task's words as one string, as Item.full_text says them: heading, text, then each sub-item's label,
      heading and text (plan.json gives the parts; its first format gave the string as full_text). */
  function fullText(t) {
    if (t.full_text) return t.full_text;
    var line = function (it) { return [it.label, it.heading, it.text].filter(Boolean).join(" "); };
    return [t.heading, t.text].filter(Boolean).concat((t.items || []).map(line)).filter(Boolean).join(" ");
  }

  /** A plan's units: its agency blocks, plus one "virtual" block per lead agency of content-section tasks. */
  function units(plan) {
    var list = [];
    var byId = {};
    (plan.sections || []).forEach(function (s) {
      (s.blocks || []).forEach(function (b) {
        var u = { id: b.id, name: b.name, agencies: b.agencies || [], ref: b.ref, tasks: [], virtual: false };
        byId[b.id] = u;
        list.push(u);
      });
    });
    var virtual = {};
    (plan.tasks || []).forEach(function (t) {
      var task = { id: t.id, ref: t.ref, text: fullText(t), plan: plan.key };
      task.tokens = tokenize(task.text);
      task.set = tokenSet(task.tokens);
      if (t.block && byId[t.block]) {
        byId[t.block].tasks.push(task);
        return;
      }
      var roles = t.roles || [];
      var lead = roles.filter(function (r) { return r.role === "lead"; });
      if (!lead.length) lead = roles.filter(function (r) { return r.role === "responsible"; });
      if (!lead.length) lead = roles;
      var ags = lead.map(function (r) { return r.agency; });
      var key = "content--" + (ags.join("--") || "unknown");
      if (!virtual[key]) {
        virtual[key] = { id: key, name: lead.map(function (r) { return r.agency_name || r.agency; }).join(", "),
                         agencies: ags, ref: t.ref, tasks: [], virtual: true };
        list.push(virtual[key]);
      }
      virtual[key].tasks.push(task);
    });
    return list;
  }

  /** Compare plan A (the older) with plan B (the newer).

      kind "succession" (default): every task row is told as a change (row.change): kept, changed, moved,
      new, dropped (split and merged are not detected here: never given).
      kind "parallel" (plans of two provinces): only both, a_only, b_only; a task found in another agency's
      block is simply "both" (shown once, in B's block); words are diffed only between tasks at least
      `threshold` alike (status "similar"), otherwise the two texts stand side by side (no ops). */
  function compareAB(planA, planB, lineage, threshold, kind) {
    var par = kind === "parallel";
    kind = par ? "parallel" : "succession";
    var on = planDate(planA) > planDate(planB) ? planDate(planA) : planDate(planB);
    var A = units(planA), B = units(planB);
    var canon = function (u) {
      return u.agencies.map(function (ag) { return canonical(ag, on, lineage); }).sort();
    };
    A.forEach(function (u) { u.canon = canon(u); });
    B.forEach(function (u) { u.canon = canon(u); });
    // 1. align units: same canonical agencies first, then units sharing one
    var pairs = [];
    var usedA = new Set(), usedB = new Set();
    A.forEach(function (ua) {
      var ub = B.find(function (x) { return !usedB.has(x) && x.canon.join("+") === ua.canon.join("+"); });
      if (ub) { usedA.add(ua); usedB.add(ub); pairs.push({ a: ua, b: ub }); }
    });
    A.forEach(function (ua) {
      if (usedA.has(ua)) return;
      var ub = B.find(function (x) {
        return !usedB.has(x) && x.canon.some(function (c) { return ua.canon.indexOf(c) >= 0; });
      });
      if (ub) { usedA.add(ua); usedB.add(ub); pairs.push({ a: ua, b: ub }); }
    });
    A.forEach(function (ua) { if (!usedA.has(ua)) pairs.push({ a: ua, b: null }); });
    B.forEach(function (ub) { if (!usedB.has(ub)) pairs.push({ a: null, b: ub }); });
    pairs.forEach(function (p) {
      var same = p.a && p.b && p.a.agencies.slice().sort().join("+") === p.b.agencies.slice().sort().join("+");
      p.kind = !p.a ? (par ? "b_only" : "added") : !p.b ? (par ? "a_only" : "dropped") : same ? "same" : "lineage";
      p.rows = [];
    });
    // 2. pair tasks inside aligned units (greedy, most similar first)
    var taken = new Set();
    pairs.forEach(function (p) {
      if (!p.a || !p.b) return;
      var cands = [];
      p.a.tasks.forEach(function (ta, i) {
        p.b.tasks.forEach(function (tb, j) {
          var s = similarity(ta.set, tb.set);
          if (s >= 0.3) cands.push([s, i, j]);
        });
      });
      cands.sort(function (x, y) { return y[0] - x[0] || x[1] - y[1] || x[2] - y[2]; });
      cands.forEach(function (c) {
        var ta = p.a.tasks[c[1]], tb = p.b.tasks[c[2]];
        if (taken.has(ta) || taken.has(tb)) return;
        taken.add(ta); taken.add(tb);
        p.rows.push({ kind: "paired", a: ta, b: tb, sim: c[0], order: c[2] });
      });
    });
    // 3. a leftover task highly similar to a leftover task of another unit: moved (succession),
    //    or simply found in both plans (parallel: shown once, in B's unit)
    var leftA = [], leftB = [];
    pairs.forEach(function (p) {
      if (p.a) p.a.tasks.forEach(function (t) { if (!taken.has(t)) leftA.push({ t: t, pair: p }); });
      if (p.b) p.b.tasks.forEach(function (t, j) { if (!taken.has(t)) leftB.push({ t: t, pair: p, order: j }); });
    });
    var moves = [];
    leftA.forEach(function (x) {
      leftB.forEach(function (y) {
        if (x.pair === y.pair) return;
        var s = similarity(x.t.set, y.t.set);
        if (s >= 0.6) moves.push([s, x, y]);
      });
    });
    moves.sort(function (m1, m2) { return m2[0] - m1[0]; });
    moves.forEach(function (m) {
      var x = m[1], y = m[2];
      if (taken.has(x.t) || taken.has(y.t)) return;
      taken.add(x.t); taken.add(y.t);
      if (par) {
        y.pair.rows.push({ kind: "paired", a: x.t, b: y.t, sim: m[0], order: y.order });
        return;
      }
      y.pair.rows.push({ kind: "moved", a: x.t, b: y.t, sim: m[0], order: y.order, from: x.pair.a, to: y.pair.b });
      x.pair.rows.push({ kind: "moved_out", a: x.t, b: y.t, sim: m[0], order: 1e6 + x.pair.a.tasks.indexOf(x.t), to: y.pair.b });
    });
    leftB.forEach(function (y) {
      if (!taken.has(y.t)) y.pair.rows.push({ kind: par ? "b_only" : "added", a: null, b: y.t, order: y.order });
    });
    leftA.forEach(function (x) {
      if (!taken.has(x.t)) {
        x.pair.rows.push({ kind: par ? "a_only" : "dropped", a: x.t, b: null, order: 1e6 + x.pair.a.tasks.indexOf(x.t) });
      }
    });
    // 4. what each row is called, and the diff of the pairs
    var counts = par ? { both: 0, alike: 0, a_only: 0, b_only: 0 }
                     : { paired: 0, changed: 0, unchanged: 0, moved: 0, added: 0, dropped: 0 };
    pairs.forEach(function (p) {
      p.rows.sort(function (r1, r2) { return r1.order - r2.order; });
      p.rows.forEach(function (r) {
        if (r.kind === "moved_out") { r.change = "moved"; r.ops = null; return; }
        if (r.a && r.b) {
          var same = r.a.tokens.map(function (t) { return t.key; }).join("\u0001") ===
                     r.b.tokens.map(function (t) { return t.key; }).join("\u0001");
          if (par) {
            r.status = same ? "identical" : r.sim >= threshold ? "similar" : "different";
            r.ops = same ? [["equal", r.b.text]] : r.status === "similar" ? wordDiff(r.a.tokens, r.b.tokens) : null;
            r.change = "both";
            counts.both++;
            if (r.status !== "different") counts.alike++;
            return;
          }
          r.status = same ? "unchanged" : r.sim < threshold ? "replaced" : "changed";
          r.ops = same ? [["equal", r.b.text]] : r.status === "replaced"
            ? [["delete", r.a.text], ["insert", r.b.text]] : wordDiff(r.a.tokens, r.b.tokens);
          r.change = r.kind === "moved" ? "moved" : same ? "kept" : "changed";
          if (r.kind === "paired") counts.paired++;
          if (r.kind === "moved") counts.moved++;
          if (same) counts.unchanged++; else counts.changed++;
        } else if (par) {
          r.change = r.kind;  // a_only | b_only: the text as it is, nothing inserted or deleted
          r.ops = null;
          counts[r.kind]++;
        } else if (r.kind === "added") {
          r.change = "new"; r.ops = [["insert", r.b.text]]; counts.added++;
        } else {
          r.change = "dropped"; r.ops = [["delete", r.a.text]]; counts.dropped++;
        }
      });
    });
    pairs = pairs.filter(function (p) { return p.rows.length; });
    return { kind: kind, pairs: pairs, counts: counts };
  }

  // ------------------------------------------------------------------------------------------
  // 2. Rendering (DOM + textContent only)

  function renderSide(ops, which, anchor) {
    var p = el("p", { className: "cmp-text", lang: "vi" });
    var n = 0;
    ops.forEach(function (o) {
      var op = o[0], text = o[1];
      if (op === "equal") p.appendChild(document.createTextNode(text));
      else if (op === "delete" && which === "a") { n++; p.appendChild(el("del", { id: anchor + "-d" + n, text: text })); }
      else if (op === "insert" && which === "b") { n++; p.appendChild(el("ins", { id: anchor + "-i" + n, text: text })); }
    });
    return p;
  }

  function clauseLink(siteRoot, task) {
    return el("a", { className: "cmp-clause", href: siteRoot + "provinces/" + task.plan + "/#" + task.id,
                     text: "§\u00a0" + task.ref });
  }

  /** "A → B" (a succession) or "A ↔ B" (parallel), the arrow hidden from screen readers, a word instead. */
  function between(L, par) {
    return [" ", el("span", { className: "cmp-arrow", "aria-hidden": "true", text: par ? "↔" : "→" }),
            el("span", { className: "ps-sr", text: " " + (par ? L.and : L.becomes) }), " "];
  }

  function shownDate(plan) {
    var d = plan.document && plan.document.date;
    if (d && /^\d{4}-\d{2}-\d{2}$/.test(d)) return d.slice(8, 10) + "/" + d.slice(5, 7) + "/" + d.slice(0, 4);
    var p = plan.period || {};
    return p.from ? (p.to && p.to !== p.from ? p.from + "–" + p.to : String(p.from)) : "";
  }

  function renderResult(ctx, planA, planB, result, swapped) {
    var L = ctx.labels;
    var kind = result.kind, par = kind === "parallel";
    var nameA = ctx.planLabel(planA.key), nameB = ctx.planLabel(planB.key);
    var labelA = "A · " + nameA, labelB = "B · " + nameB;
    var box = el("section", { className: "cmp-live cmp-live--" + kind, "aria-labelledby": "cmp-live-h",
                              "data-comparison": kind });
    box.appendChild(el("p", { className: "ps-kicker" }, [
      el("span", { className: "cmp-kindtag cmp-kindtag--" + kind, text: L["kind_" + kind] })]));
    box.appendChild(el("h3", { id: "cmp-live-h" }, [L.result + ": " + nameA].concat(between(L, par), [nameB])));
    box.appendChild(el("p", { className: "cmp-notice cmp-notice--" + kind, role: "note", text: L["notice_" + kind] }));
    var dA = shownDate(planA), dB = shownDate(planB);
    box.appendChild(el("p", { className: "cmp-order", "data-swapped": swapped ? "true" : null,
      text: format(L.order, { a: nameA + (dA ? ", " + dA : ""), b: nameB + (dB ? ", " + dB : "") }) +
            (swapped ? " " + L.swapped : "") }));
    box.appendChild(el("p", { className: "ps-note", text: L.approx }));
    var slugOf = function (key) { return String(key).replace("/", "-"); };
    var slug = [slugOf(planA.key) + "--" + slugOf(planB.key), slugOf(planB.key) + "--" + slugOf(planA.key)]
      .filter(function (s) { return ctx.published.has(s); })[0];
    if (slug) {
      box.appendChild(el("p", { className: "cmp-published" }, [
        el("a", { href: ctx.siteRoot + "compare/" + slug + "/", "data-cmp-published": true, text: L.published + " →" })]));
    }
    box.appendChild(el("p", { className: "cmp-headline" }, [
      el("strong", { text: format(par ? L.summary_parallel : L.summary, result.counts) })]));
    box.appendChild(el("div", { className: "cmp-columns", "aria-hidden": "true" }, [
      el("div", { className: "cmp-colhead", text: labelA }), el("div", { className: "cmp-colhead", text: labelB })]));
    result.pairs.forEach(function (p) {
      var bid = "live-b-" + (p.a ? p.a.id : "") + "--" + (p.b ? p.b.id : "");
      var sec = el("section", { className: "cmp-bp cmp-bp--" + p.kind, id: bid, "data-kind": p.kind,
                                "data-a": p.a ? p.a.agencies.join(" ") : "", "data-b": p.b ? p.b.agencies.join(" ") : "" });
      sec.appendChild(el("h4", {}, [p.a ? p.a.name : L.no_block].concat(between(L, par), [
        p.b ? p.b.name : L.no_block, " ", el("a", { className: "cmp-permalink", href: "#" + bid, title: L.permalink, text: "#" })])));
      var meta = p.kind === "lineage" ? L.lineage : p.kind === "a_only" ? L.block_a_only : p.kind === "b_only" ? L.block_b_only : "";
      if (meta) sec.appendChild(el("p", { className: "cmp-bpmeta", text: meta }));
      var folded = [];
      p.rows.forEach(function (r) {
        var row = renderRow(ctx, r, labelA, labelB, par);
        if (r.kind === "paired" && (r.status === "unchanged" || r.status === "identical")) folded.push(row);
        else sec.appendChild(row);
      });
      if (folded.length) {
        var det = el("details", { className: "cmp-unchanged" }, [
          el("summary", { text: format(par ? L.identical_n : L.unchanged_n, { n: folded.length }) })]);
        folded.forEach(function (row) { det.appendChild(row); });
        sec.appendChild(det);
      }
      box.appendChild(sec);
    });
    if (!result.pairs.length) box.appendChild(el("p", { text: L.nodiff }));
    return box;
  }

  function renderRow(ctx, r, labelA, labelB, par) {
    var L = ctx.labels;
    var key = (r.a ? r.a.id : "") + "--" + (r.b ? r.b.id : "");
    var out = r.kind === "moved_out";
    var anchor = (out ? "live-m-" : "live-c-") + key;
    var kind = out ? "moved" : r.kind;
    var row = el("div", { className: "cmp-row cmp-change cmp-change--" + r.change + (out ? " cmp-change--moved-out" : ""),
                          id: anchor, "data-kind": kind, "data-change": r.change, "data-status": r.status || null,
                          "data-similarity": r.a && r.b && !out ? String(r.sim) : null });
    var meta = el("div", { className: "cmp-rowmeta" }, [el("span", { className: "cmp-badge cmp-badge--" + r.change,
      text: L["change_" + r.change] || r.change })]);  // its symbol is compare.css's
    if (r.status) meta.appendChild(el("span", { className: "cmp-status cmp-status--" + r.status, text: L[r.status] }));
    if (r.a && r.b && !out) meta.appendChild(el("span", { className: "cmp-sim", text: L.similarity + " " + Math.round(r.sim * 100) + "%" }));
    if (r.kind === "moved") meta.appendChild(el("a", { href: "#live-m-" + key, text: "↑ " + L.moved_from + " " + (r.from ? r.from.name : "") }));
    if (out) meta.appendChild(el("a", { href: "#live-c-" + key, text: L.moved_to + " " + (r.to ? r.to.name : "") + " ↓" }));
    meta.appendChild(el("a", { className: "cmp-permalink", href: "#" + anchor, title: L.permalink, text: "#" }));
    row.appendChild(meta);
    var cells = [["a", r.a, labelA], ["b", out ? null : r.b, labelB]];
    cells.forEach(function (c) {
      var which = c[0], task = c[1];
      var cell = el("div", { className: "cmp-cell cmp-cell--" + which }, [el("span", { className: "cmp-tag cmp-tag--" + which, text: c[2] })]);
      if (task) {
        cell.appendChild(el("p", { className: "cmp-refs" }, [clauseLink(ctx.siteRoot, task)]));
        if (out) cell.appendChild(el("p", { className: "cmp-text cmp-text--moved", lang: "vi", text: task.text }));
        else if (r.ops) cell.appendChild(renderSide(r.ops, which, anchor));
        else cell.appendChild(el("p", { className: "cmp-text", lang: "vi", text: task.text }));  // side by side, undiffed
      } else {
        cell.appendChild(el("p", { className: "cmp-empty", text: out ? L.moved_to + " " + (r.to ? r.to.name : "")
                                                                : which === "a" ? L.not_in_a : par ? L.absent_b : L.not_in_b }));
      }
      row.appendChild(cell);
    });
    return row;
  }

  // ------------------------------------------------------------------------------------------
  // 2. The control

  /** The slugs of the published comparisons: the links of the page's list of them. */
  function publishedSlugs() {
    var out = new Set();
    document.querySelectorAll("[data-cmp-published-list] a[href]").forEach(function (a) {
      var parts = a.getAttribute("href").split("#")[0].replace(/\/+$/, "").split("/");
      if (parts[parts.length - 1]) out.add(parts[parts.length - 1]);
    });
    return out;
  }

  function initControl(form) {
    var labels = readJSON(form, "data-labels", {});
    var ctx = {
      labels: labels,
      jsonRoot: form.getAttribute("data-json-root") || "",
      siteRoot: form.getAttribute("data-site-root") || "",
      published: publishedSlugs(),
      lineage: readJSON(form, "data-lineage", {}),
      provinces: readJSON(form, "data-province-lineage", {}),
      threshold: parseFloat(form.getAttribute("data-threshold") || "0.45"),
      planLabel: function (key) {
        var opt = Array.prototype.find.call(form.querySelector("select").options, function (o) { return o.value === key; });
        if (!opt) return key;
        var group = opt.parentNode && opt.parentNode.tagName === "OPTGROUP" ? opt.parentNode.label + " " : "";
        return group + opt.textContent.split(" — ")[0].split(" (")[0];
      }
    };
    var selA = form.querySelector("#cmp-a"), selB = form.querySelector("#cmp-b");
    // An option of a province's group is its plan id: its value is the plan key, "<province>/<plan id>".
    Array.prototype.forEach.call(selA.querySelectorAll("optgroup[data-province] > option:not([value])"), function (o) {
      o.value = o.parentNode.getAttribute("data-province") + "/" + o.textContent.trim();
    });
    if (!selB.options.length) {  // the plans are listed once, in A's list
      Array.prototype.forEach.call(selA.children, function (c) { selB.appendChild(c.cloneNode(true)); });
      Array.prototype.forEach.call(selB.options, function (o) { o.removeAttribute("selected"); });
      var preset = form.getAttribute("data-default-b");
      if (preset) selB.value = preset;
    }
    var status = document.getElementById("cmp-status");
    var out = document.getElementById("cmp-result");
    var cache = {};
    var current = 0;
    form.hidden = false;

    function load(key) {
      if (!cache[key]) {
        cache[key] = fetch(ctx.jsonRoot + "provinces/" + key + "/plan.json").then(function (r) {
          if (!r.ok) throw new Error(r.status + " " + key);
          return r.json();
        });
        cache[key].catch(function () { delete cache[key]; });
      }
      return cache[key];
    }

    function setURL(a, b) {
      var p = new URLSearchParams(location.search);
      p.set("a", a); p.set("b", b);
      history.replaceState(history.state, "", location.pathname + "?" + p.toString() + location.hash);
    }

    function run(a, b, push) {
      var token = ++current;
      while (out.firstChild) out.removeChild(out.firstChild);
      if (!a || !b || a === b) { status.textContent = labels.same; return; }
      if (typeof window.diff_match_patch !== "function") { status.textContent = labels.error; return; }
      status.textContent = labels.loading;
      if (push) setURL(a, b);
      Promise.all([load(a), load(b)]).then(function (plans) {
        if (token !== current) return;  // a newer choice was made meanwhile
        plans[0].key = plans[0].key || a;
        plans[1].key = plans[1].key || b;
        // A is always the older plan: a change is read in time order
        var swapped = isOlder(plans[1], plans[0]);
        var older = swapped ? plans[1] : plans[0], newer = swapped ? plans[0] : plans[1];
        if (swapped) {
          selA.value = older.key;
          selB.value = newer.key;
          setURL(older.key, newer.key);
        }
        var kind = comparisonKind(older, newer, ctx.provinces);
        var result = compareAB(older, newer, ctx.lineage, ctx.threshold, kind);
        while (out.firstChild) out.removeChild(out.firstChild);
        out.appendChild(renderResult(ctx, older, newer, result, swapped));
        status.textContent = format(kind === "parallel" ? labels.summary_parallel : labels.summary, result.counts);
      }).catch(function () {
        if (token === current) status.textContent = labels.error;
      });
    }

    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      run(selA.value, selB.value, true);
    });
    var params = new URLSearchParams(location.search);
    var qa = params.get("a"), qb = params.get("b");
    var has = function (sel, v) { return Array.prototype.some.call(sel.options, function (o) { return o.value === v; }); };
    if (qa && qb && has(selA, qa) && has(selB, qb)) {
      selA.value = qa;
      selB.value = qb;
      run(qa, qb, false);
    }
  }

  function init() {
    var page = document.querySelector("[data-cmp-page]");
    if (page) initPage(page);
    var form = document.querySelector("[data-cmp-control]");
    if (form) initControl(form);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();

  // Exposed for tests and the curious: the pure parts.
  window.plansiteCompare = { tokenize: tokenize, similarity: similarity, wordDiff: wordDiff, compareAB: compareAB,
                             toneKey: toneKey, canonical: canonical, planDate: planDate, isOlder: isOlder,
                             provinceLine: provinceLine, comparisonKind: comparisonKind };
})();
