"""Provinces: the index and one page per province (its plans in time order, mergers, comparisons)."""
from __future__ import annotations

from .. import urls
from ..text import collation_key
from . import Page

CONTEXT = {"provinces.html": {"by_province", "province_ids"},
           "province.html": {"province", "plans", "comparisons"}}
SEARCH_RANK = 2


def pages(view):
    a, lang = view.analysis, view.language
    yield Page(urls.provinces(), "provinces.html", view.t("provinces"),
               {"by_province": a.by_province, "province_ids": a.province_ids}, source="provinces")
    by_key = {p.key: p for p in a.plans}
    links = a.comparisons.links
    for pid, plans in a.by_province.items():
        title = lang.province_name(pid)
        found = {(slug, p.key, other) for p in plans for slug, other in links.get(p.key, ())}
        label = lambda key: (collation_key(lang.province_name(by_key[key].province)), by_key[key].plan_id)
        comparisons = [(slug, by_key[k], by_key[o]) for slug, k, o in sorted(found, key=lambda x: (label(x[1]), label(x[2])))]
        yield Page(urls.province(pid), "province.html", title,
                   {"province": a.registry.provinces[pid], "plans": plans, "comparisons": comparisons},
                   search_rank=SEARCH_RANK, source=f"provinces: {pid}")
