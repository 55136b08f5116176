"""Provinces: the index and one page per province (its plans in time order, mergers, comparisons)."""
from __future__ import annotations

from .. import urls
from ..registry import MERGERS_DAY, MERGERS_EVE
from ..text import collation_key
from . import Page

CONTEXT = {"provinces.html": {"by_province", "province_ids", "before", "after", "holdings", "known", "has_page"},
           "province.html": {"province", "plans", "comparisons", "known", "plans_by_key"}}
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
        found = {(slug, p.key, other) for p in plans for slug, other in links.get(p.key, ())}
        label = lambda key: (collation_key(lang.province_name(by_key[key].province)), by_key[key].plan_id)
        comparisons = [(slug, by_key[k], by_key[o]) for slug, k, o in sorted(found, key=lambda x: (label(x[1]), label(x[2])))]
        yield Page(urls.province(pid), "province.html", title,
                   {"province": a.registry.provinces[pid], "plans": plans, "comparisons": comparisons,
                    "known": a.catalogue.get(pid, ()), "plans_by_key": by_key},
                   search_rank=SEARCH_RANK, source=f"provinces: {pid}")
