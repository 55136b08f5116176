"""Comparisons: /compare/ (the index and the any-two control) and /compare/<a>--<b>/ for every
published pair, with each comparison's JSON twin (shared by every language, written once).

Byte budgets (national scale: ~1,300 plans, ~1,250 comparisons): a page shows each word of the
two texts once where it can -- a reworded task as one text with <del>/<ins> in place, an unchanged
task by its clauses only (the text is one click away on the plan page) -- and the JSON twin holds
each task's text at most once."""
from __future__ import annotations

import json
from collections import Counter, defaultdict

from .. import urls
from ..analysis.comparisons import clause_anchors, clause_target
from ..text import collation_key
from . import File, Page

CONTEXT = {"compare.html": {"cmp", "pair", "plan_a", "plan_b", "view", "headline", "json_twin", "toc"},
           "compare_index.html": {"successions", "parallels", "columns", "options", "lineage_map", "province_lineage",
                                  "n_pairs", "policy", "default_a", "default_b", "partial"}}
SUMMARY_COUNTS = {
    "succession": ("unchanged", "changed", "replaced", "moved", "split", "merged", "added", "dropped",
                   "renames", "mechanical", "role_events", "restructuring_events", "outside_text"),
    "parallel": ("both", "alike", "a_only", "b_only", "outside_text", "role_events"),
}
# The index's count columns, per kind: what a reader is told of each task (compare.py SUCCESSION_CHANGES,
# PARALLEL_CHANGES); split and merged are rare and counted with moved (the change of agency or of clause).
INDEX_COLUMNS = {
    "succession": (("kept", ("kept",)), ("changed", ("changed",)), ("moved", ("moved", "split", "merged")),
                   ("new", ("new",)), ("dropped", ("dropped",)), ("outside_text", ("outside_text",))),
    "parallel": (("both", ("both",)), ("a_only", ("a_only",)), ("b_only", ("b_only",)), ("outside_text", ("outside_text",))),
}
KEPT = {"unchanged", "identical"}  # a pair whose texts are the same: listed by its clauses, the text not repeated


def headline(summary, language) -> str:
    """The comparison's one-line summary in a language, from the engine's language-free phrases."""
    if not summary.headline:
        return language.t("cmp_headline_none")
    return ", ".join(language.t(f"cmp_headline_{kind}", n=n, agency=language.agency_name(aid, True) if aid else "")
                     for kind, n, aid in summary.headline)


def layout(tp) -> str:
    """How a task row shows its text:
    inline: one text, the words A drops in <del>, the words B adds in <ins> (a reworded, moved, split or merged task);
    split: A's text beside B's (a succession's rewrite: all deleted / all inserted; a parallel pair below the
           similarity threshold: the two texts as written);
    a / b: the one side's text (new, dropped, A only, B only, outside a partial text)."""
    if tp.a and tp.b:
        return "inline" if tp.ops and tp.status not in ("replaced", "different") else "split"
    return "a" if tp.a else "b"


def comparison_view(c, plan_a, plan_b) -> dict:
    """What compare.html needs beyond the Comparison: rows per block pair, event links, stubs, cited acts."""
    anchors_a, anchors_b = clause_anchors(plan_a), clause_anchors(plan_b)
    by_key = {tp.key: tp for tp in c.tasks}
    blocks = []
    stubs: set[str] = set()
    acts: dict[str, None] = {}
    for bp in c.block_pairs:
        rows, kept = [], []
        for tp in bp.tasks:
            if tp.change in ("kept", "both") and tp.status in KEPT:
                kept.append(tp)  # identical texts: their clauses only
            elif tp.kind == "moved" and not (bp.b is not None and tp.b[0].block == bp.b.id):
                rows.append({"role": "moved_out", "tp": tp, "layout": "stub"})
                stubs.add(tp.key)
            else:
                rows.append({"role": "moved_in" if tp.kind == "moved" else "row", "tp": tp, "layout": layout(tp)})
        if not rows and not kept:
            continue  # e.g. a joint alignment that holds no task pair: nothing to show
        changing = [r["tp"] for r in rows]  # mechanical: only an agency renamed by the restructuring
        mech = bool(bp.rename and changing and all(tp.mechanical for tp in changing))
        acts.update(dict.fromkeys(bp.acts))
        blocks.append({"bp": bp, "rows": rows, "kept": kept, "mechanical": mech, "anchor": "b-" + bp.key})
    events = []
    for e in c.events:
        tp = by_key.get(e.task_pair) if e.task_pair else None
        if e.scope == "role":
            anchor = f"e-role-{e.role}"
            before = clause_target(c.a.key, anchors_a.get(e.where_before)) if e.where_before else None
            after = clause_target(c.b.key, anchors_b.get(e.where_after)) if e.where_after else None
        else:
            anchor = f"e-task-{e.task_pair}"
            before = clause_target(c.a.key, tp.a[0].id) if tp and tp.a else None
            after = clause_target(c.b.key, tp.b[0].id) if tp and tp.b else None
        acts.update(dict.fromkeys(e.acts))
        events.append({"event": e, "anchor": anchor, "before": before, "after": after, "pair": tp,
                       "mechanical": bool(tp and tp.mechanical)})
    partial = [plan for side, plan in (("a", plan_a), ("b", plan_b)) if side in c.partial]
    return {"blocks": blocks, "events": events, "stubs": stubs, "partial": partial, "acts": list(acts),
            "counts": [(name, getattr(c.summary, name)) for name in SUMMARY_COUNTS[c.kind]],
            "n_mechanical": sum(tp.mechanical for tp in c.tasks)}


def province_lineage(reg) -> dict:
    """province -> {into: the province it was merged into, until: its last day}: the in-browser
    control's test of a succession (successions.is_succession)."""
    return {pid: {"into": p.get("merged_into"), "until": p.get("valid_to")} for pid, p in sorted(reg.provinces.items())}


def lineage_map(reg) -> dict:
    """predecessor -> {to: primary successor, effective: date}: the crosswalk the in-browser control uses."""
    out = {}
    for aid in sorted(reg.agencies):
        s = reg.successor(aid)
        if s:
            out[aid] = {"to": s["agency"], "effective": s.get("effective") or ""}
    return out


def index_counts(c) -> list[int]:
    """A comparison's row of the index: how many tasks of each column's changes."""
    changes = Counter(tp.change for tp in c.tasks)
    return [sum(changes[ch] for ch in group) for _, group in INDEX_COLUMNS[c.kind]]


def contents(view, kind: str, cited_acts) -> list[tuple[str, str]]:
    """The contents menu of a comparison page: its sections, as compare.html shows them."""
    parallel = kind == "parallel"
    toc = [("summary", view.t("cmp_summary_parallel" if parallel else "cmp_summary")),
           ("events", view.t("cmp_events_parallel" if parallel else "cmp_events")),
           ("blocks", view.t("cmp_blocks"))]
    if cited_acts:
        toc.append(("acts", view.t("cmp_acts_cited")))
    return toc + [("data", view.t("cmp_data")), ("cite", view.t("cite"))]


def pages(view):
    a, lang = view.analysis, view.language
    cmp = a.comparisons
    by_key = {p.key: p for p in a.plans}
    label = lambda p: f"{lang.province_name(p.province)} {p.plan_id}"
    by_name = lambda pid: collation_key(lang.province_name(pid))
    successions, parallels = defaultdict(list), []
    for pp in cmp.pairs:
        c, pa, pb = cmp.results[pp.slug], by_key[pp.a], by_key[pp.b]
        path = urls.comparison(pp.slug)
        line = headline(c.summary, lang)
        shown = comparison_view(c, pa, pb)
        yield Page(path, "compare.html", view.t("cmp_page_title", a=label(pa), b=label(pb)),
                   {"cmp": c, "pair": pp, "plan_a": pa, "plan_b": pb, "view": shown,
                    "headline": line, "json_twin": urls.comparison_json(pp.slug),
                    "toc": contents(view, c.kind, shown["acts"])},
                   line, source=f"comparisons: {pp.slug}")
        entry = {"pair": pp, "a": pa, "b": pb, "path": path, "counts": index_counts(c)}
        if pp.kind == "parallel":
            parallels.append(entry)  # listed once: two provinces set side by side
        else:
            for prov in dict.fromkeys((pb.province, pa.province)):  # a succession through a merger: under both
                successions[prov].append(entry)
    options = defaultdict(list)  # province -> its full texts in time order (a partial text is not compared)
    for p in a.chronological:
        if not p.partial:
            options[p.province].append({"key": p.key, "plan_id": p.plan_id})
    parallels.sort(key=lambda e: (by_name(e["a"].province), by_name(e["b"].province), e["pair"].slug))
    yield Page(urls.compare_index(), "compare_index.html", view.t("compare"),
               {"successions": [(pid, successions[pid]) for pid in sorted(successions, key=by_name)],
                "parallels": parallels, "columns": {k: [name for name, _ in cols] for k, cols in INDEX_COLUMNS.items()},
                "options": [(pid, options[pid]) for pid in sorted(options, key=by_name)],
                "lineage_map": lineage_map(a.registry), "province_lineage": province_lineage(a.registry),
                "n_pairs": len(cmp.pairs), "policy": cmp.policy,
                "default_a": cmp.default_pick[0], "default_b": cmp.default_pick[1], "partial": list(a.partial)},
               view.t("cmp_index_description"), source="comparisons")


# --- the JSON twin ------------------------------------------------------------------------------


def _task_ref(r, with_text: bool) -> dict:
    out = {"id": r.id, "ref": r.ref, "block": r.block, "themes": list(r.themes)}
    if with_text:
        out["text"] = r.text
    return out


def twin(c, headlines: dict[str, str]) -> dict:
    """A comparison as data, language-free but for its headline in every language; each task's text at
    most once. A task pair with a word diff carries its words only in `ops` (A's text = the equal and
    deleted runs, B's = the equal and inserted runs; equal runs as B writes them; an unchanged pair is one
    equal run); a task shown as it is (no ops: one side only in a parallel comparison, outside a partial
    text, a parallel pair below the threshold) carries its `text`. Block agencies are said once, on the
    block (`blocks`), and each task names its block."""
    def block(b):
        return None if b is None else {"id": b.id, "name": b.name, "agencies": list(b.agencies), "ref": b.ref,
                                       "mode": b.mode, "virtual": b.virtual}

    tasks = []
    for tp in c.tasks:
        t = {"key": tp.key, "kind": tp.kind, "change": tp.change, "status": tp.status,
             "a": [_task_ref(r, not tp.ops) for r in tp.a], "b": [_task_ref(r, not tp.ops) for r in tp.b]}
        if tp.a and tp.b:
            t["similarity"] = round(tp.similarity, 4)
        if tp.ops:
            t["ops"] = [[op, text] for op, text in tp.ops]
        if tp.mechanical:
            t["mechanical"] = True
        tasks.append(t)
    return {
        "slug": c.slug, "kind": c.kind, "threshold": c.threshold, "partial": list(c.partial),
        "a": c.a.to_dict(), "b": c.b.to_dict(),
        "blocks": [{"key": bp.key, "kind": bp.kind, "a": block(bp.a), "b": block(bp.b), "rename": bp.rename,
                    "acts": list(bp.acts), "lineage": [list(s) for s in bp.lineage], "tasks": [tp.key for tp in bp.tasks]}
                   for bp in c.block_pairs],
        "tasks": tasks,
        "events": [e.to_dict() for e in c.events],
        "summary": c.summary.to_dict(),
        **{f"headline_{code}": line for code, line in headlines.items()},
    }


def shared_files(shared):
    """Each comparison's JSON twin, once for the whole site, with its headline in every language."""
    languages = [r.language for r in shared.renderers.values()]
    cmp = shared.analysis.comparisons
    for pp in cmp.pairs:
        c = cmp.results[pp.slug]
        data = twin(c, {lang.code: headline(c.summary, lang) for lang in languages})
        yield File(urls.comparison_json(pp.slug),
                   (json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n").encode("utf-8"),
                   f"comparisons: {pp.slug}")
