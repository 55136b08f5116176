"""Provinces: the index and one page per province (its plans in time order, mergers, comparisons)."""
from __future__ import annotations

from .. import urls
from ..registry import MERGERS_DAY, MERGERS_EVE
from ..text import collation_key
from ..analysis.comparisons import MAIN_LINEAGE, holding_targets
from ..model import KEY_ROLE_NAMES
from . import File, Page, figures

CONTEXT = {"provinces.html": {"by_province", "province_ids", "before", "after", "holdings", "known", "has_page"},
           "province.html": {"province", "plans", "comparisons", "known", "plans_by_key", "timeline", "handovers",
                             "figure", "function_ids", "latest"}}
SEARCH_RANK = 2




def pages(view):
    a, lang = view.analysis, view.language
    reg = a.registry
    by_name = lambda ids: sorted(ids, key=lambda pid: collation_key(lang.province_name(pid)))
    with_page = set(a.by_province) | set(a.catalogue)
    yield Page(urls.provinces(), "provinces.html", view.t("provinces"),
               {"by_province": a.by_province, "province_ids": a.province_ids, "holdings": a.holdings,
                "known": a.catalogue, "has_page": with_page,
                "before": by_name(reg.provinces_on(MERGERS_EVE)), "after": by_name(reg.provinces_on(MERGERS_DAY))},
               source="provinces")
    by_key = {p.key: p for p in a.plans}
    links = a.comparisons.links
    for pid in by_name(with_page):
        plans = a.by_province.get(pid, ())
        title = lang.province_name(pid)
        found = {(slug, p.key, other, kind) for p in plans for slug, other, kind in links.get(p.key, ())}
        comparisons = [(slug, *sorted((by_key[k], by_key[o]), key=lambda p: (p.reading_date, p.key)), kind)
                       for slug, k, o, kind in found]
        comparisons.sort(key=lambda c: (c[3] != "succession", c[1].reading_date, c[2].reading_date, c[0]))
        line = a.timelines.get(pid)
        line_plans = [by_key[k] for k in line.plans] if line else []
        targets = {p.key: holding_targets(p, a.functions[p.key]) for p in line_plans}  # the line's handovers are among them
        known = a.catalogue.get(pid, ())
        # only the plans this page names: a page that held every plan would change with every edit
        named = {key for k in known for key in k.cited_by} | {k for h in (line.handovers if line else ()) for k in (h.a, h.b)}
        context = {"province": a.registry.provinces[pid], "plans": plans, "comparisons": comparisons,
                   "known": known, "plans_by_key": {k: by_key[k] for k in sorted(named)}, "function_ids": a.function_ids,
                   "timeline": [(p, [(h, targets[p.key][h.function]) for h in a.functions[p.key]]) for p in line_plans],
                   "handovers": [(h, [(r, targets[h.a][r.function], targets[h.b][r.function]) for r in h.rows])
                                 for h in (line.handovers if line else ())],
                   "figure": None,
                   "latest": max(plans, key=lambda p: (p.reading_date, p.key)) if plans else None}
        if line_plans:
            fig = figures.function_tiles(line_plans, a.functions, MAIN_LINEAGE, view.renderer, KEY_ROLE_NAMES,
                                         prefix="key-roles-" + pid)
            context["figure"] = {"path": urls.province_figure(pid), "width": fig.width, "height": fig.height}
            yield File(urls.province_figure(pid), fig.svg.encode("utf-8"), source=f"provinces: {pid}")
        yield Page(urls.province(pid), "province.html", title, context, search_rank=SEARCH_RANK,
                   source=f"provinces: {pid}")
