"""Agencies: the index and one page per registry agency (lineage, every task by theme);
an agency with a long record gets one page per year."""
from __future__ import annotations

from collections import defaultdict

from .. import urls
from . import Page

CONTEXT = {"agencies.html": {"agency_ids", "counts"},
           "agency.html": {"agency_id", "agency", "predecessors", "all_items", "items", "by_theme", "theme_order",
                           "year", "year_pages"}}
SEARCH_RANK = 1
AGENCY_TASKS_LIMIT = 300  # past this, an agency's tasks go on one page per year (pages stay small at scale)


def _by_theme(items, reg):
    by_theme = defaultdict(list)
    for plan, task, role in items:
        by_theme[task.item.themes[0] if task.item.themes else ""].append((plan, task, role))
    return by_theme, [th for th in reg.themes if th in by_theme]


def agency_pages(view, aid: str, items) -> list[Page]:
    reg = view.analysis.registry
    name = view.language.agency_name(aid)
    agency = reg.agencies[aid]
    base = {"agency_id": aid, "agency": agency, "predecessors": reg.predecessors(aid), "all_items": items}
    by_year = defaultdict(list)
    for entry in items:
        by_year[entry[0].year_from].append(entry)
    split = len(items) > AGENCY_TASKS_LIMIT
    names = [agency.get(code) or "" for code in view.language.languages] + list(agency.get("aliases") or [])

    def page(path, title, shown, year):
        by_theme, order = _by_theme(shown, reg)
        body = " ".join([*names, *(task.item.full_text for _, task, _ in shown)])
        return Page(path, "agency.html", title,
                    {**base, "items": shown, "by_theme": by_theme, "theme_order": order, "year": year,
                     "year_pages": sorted(by_year) if split else []},
                    search_body=body, search_rank=SEARCH_RANK, source=f"agencies: {aid}")

    pages = [page(urls.agency(aid), name, [] if split else items, None)]
    if split:
        pages += [page(urls.agency(aid, y), f"{name} {y}", year_items, y) for y, year_items in sorted(by_year.items())]
    return pages


def pages(view):
    a = view.analysis
    yield Page(urls.agencies(), "agencies.html", view.t("agencies"),
               {"agency_ids": a.agency_ids, "counts": {aid: len(a.tasks_of[aid]) for aid in a.agency_ids}},
               source="agencies")
    for aid in a.agency_ids:
        yield from agency_pages(view, aid, a.tasks_of[aid])
