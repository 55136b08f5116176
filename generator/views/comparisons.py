"""Comparisons: /compare/ (the index and the any-two control) and /compare/<a>--<b>/ for every
published pair, with each comparison's JSON twin (shared by every language)."""
from __future__ import annotations

import json
from collections import defaultdict

from .. import urls
from ..analysis.comparisons import clause_anchors, clause_target
from ..text import collation_key
from . import File, Page

CONTEXT = {"compare.html": {"cmp", "pair", "plan_a", "plan_b", "view", "headline", "json_twin"},
           "compare_index.html": {"groups", "options", "published", "lineage_map", "province_lineage", "n_pairs",
                                  "policy", "default_a", "default_b", "partial"}}
SUMMARY_COUNTS = {
    "succession": ("unchanged", "changed", "replaced", "moved", "split", "merged", "added", "dropped",
                   "renames", "mechanical", "role_events", "restructuring_events", "outside_text"),
    "parallel": ("both", "alike", "a_only", "b_only", "outside_text", "role_events"),
}


def headline(summary, language) -> str:
    """The comparison's one-line summary in a language, from the engine's language-free phrases."""
    if not summary.headline:
        return language.t("cmp_headline_none")
    return ", ".join(language.t(f"cmp_headline_{kind}", n=n, agency=language.agency_name(aid, True) if aid else "")
                     for kind, n, aid in summary.headline)


def comparison_view(c, plan_a, plan_b) -> dict:
    """What compare.html needs beyond the Comparison: rows per block pair, event links, stubs."""
    anchors_a, anchors_b = clause_anchors(plan_a), clause_anchors(plan_b)
    by_key = {tp.key: tp for tp in c.tasks}
    blocks = []
    stubs: set[str] = set()
    for bp in c.block_pairs:
        rows, unchanged = [], []
        for tp in bp.tasks:
            if tp.change in ("kept", "both") and tp.status in ("unchanged", "identical"):
                unchanged.append(tp)  # identical texts: folded away
            elif tp.kind == "moved":
                if not (bp.b is not None and tp.b[0].block == bp.b.id):
                    rows.append(("moved_out", tp))
                    stubs.add(tp.key)
                    continue
                rows.append(("moved_in", tp))
            else:
                rows.append((tp.kind, tp))
        if not rows and not unchanged:
            continue  # e.g. a joint alignment that holds no task pair: nothing to show
        changing = [tp for _, tp in rows]  # mechanical: only an agency renamed by the restructuring
        mech = bool(bp.rename and changing and all(tp.mechanical for tp in changing))
        blocks.append({"bp": bp, "rows": rows, "unchanged": unchanged, "mechanical": mech, "anchor": "b-" + bp.key})
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
        events.append({"event": e, "anchor": anchor, "before": before, "after": after, "pair": tp,
                       "mechanical": bool(tp and tp.mechanical)})
    partial = [plan for side, plan in (("a", plan_a), ("b", plan_b)) if side in c.partial]
    return {"blocks": blocks, "events": events, "stubs": stubs, "partial": partial,
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


def pages(view):
    a, lang = view.analysis, view.language
    cmp = a.comparisons
    by_key = {p.key: p for p in a.plans}
    label = lambda p: f"{lang.province_name(p.province)} {p.plan_id}"
    groups = defaultdict(list)
    for pp in cmp.pairs:
        c, pa, pb = cmp.results[pp.slug], by_key[pp.a], by_key[pp.b]
        path = urls.comparison(pp.slug)
        line = headline(c.summary, lang)
        yield Page(path, "compare.html", view.t("cmp_page_title", a=label(pa), b=label(pb)),
                   {"cmp": c, "pair": pp, "plan_a": pa, "plan_b": pb, "view": comparison_view(c, pa, pb),
                    "headline": line, "json_twin": urls.comparison_json(pp.slug)},
                   line, source=f"comparisons: {pp.slug}")
        entry = {"pair": pp, "a": pa, "b": pb, "path": path, "headline": line, "summary": c.summary}
        for prov in dict.fromkeys((pa.province, pb.province)):
            groups[prov].append(entry)
    options = [{"key": p.key, "label": label(p), "number": p.number, "date": p.date, "province": p.province,
                "plan_id": p.plan_id} for p in a.chronological if not p.partial]  # a partial text is not compared
    yield Page(urls.compare_index(), "compare_index.html", view.t("compare"),
               {"groups": [(pid, groups[pid]) for pid in sorted(groups, key=lambda pid: collation_key(lang.province_name(pid)))],
                "options": options, "published": {f"{pp.a}|{pp.b}": pp.slug for pp in cmp.pairs},
                "lineage_map": lineage_map(a.registry), "province_lineage": province_lineage(a.registry),
                "n_pairs": len(cmp.pairs), "policy": cmp.policy,
                "default_a": cmp.default_pick[0], "default_b": cmp.default_pick[1], "partial": list(a.partial)},
               view.t("cmp_index_description"), source="comparisons")


def shared_files(shared):
    """Each comparison's JSON twin, with its headline in every language of the site."""
    languages = [r.language for r in shared.renderers.values()]
    cmp = shared.analysis.comparisons
    for pp in cmp.pairs:
        c = cmp.results[pp.slug]
        data = {**c.to_dict(), **{f"headline_{lang.code}": headline(c.summary, lang) for lang in languages}}
        yield File(urls.comparison_json(pp.slug),
                   (json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n").encode("utf-8"),
                   f"comparisons: {pp.slug}")
