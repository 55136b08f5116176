"""Agencies: the index and one page per registry agency: lineage, a summary (tasks by year and
role, by province) and its tasks, each listed compactly (plan, clause link, role, the first words
of the text; the full text is on the plan page, one click away).

Page budgets at national scale: an agency with more than AGENCY_TASKS_LIMIT tasks gets one page
per year (the year a plan's period starts, `Plan.year_from`, as the matrix orders its columns); its
own page keeps the summary and the most recent year's tasks. A year with more than PART_TASKS tasks
is cut into parts of whole plans, in the matrix's plan order (period, then province in Vietnamese
collation), so no page grows with the corpus."""
from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass

from .. import urls
from ..analysis.matrix import plan_sort_key, province_name
from ..model import ROLE_ORDER
from ..text import collation_key
from . import Page

CONTEXT = {"agencies.html": {"agency_ids", "counts"},
           "agency.html": {"agency_id", "agency", "predecessors", "summary", "year", "year_links", "listing", "toc"}}
SEARCH_RANK = 1
AGENCY_TASKS_LIMIT = 300  # past this, an agency's tasks go on one page per year (up to it, one page of ~110 KB:
                          # cheaper than twenty small year pages, each with the theme's ~12 KB frame)
PART_TASKS = 500          # past this, a year's tasks are cut into parts (~340 bytes a task: a part stays near 180 KB)


@dataclass(frozen=True)
class Part:
    """Consecutive plans of a listing, with the tasks the agency holds in each."""
    number: int          # from 1
    path: str
    groups: tuple        # ((plan, ((task, role), ...)), ...)

    @property
    def n(self) -> int:
        return sum(len(entries) for _, entries in self.groups)

    @property
    def first(self):
        return self.groups[0][0]

    @property
    def last(self):
        return self.groups[-1][0]


@dataclass(frozen=True)
class Listing:
    """The tasks a page lists: one part of a year's (or, unsplit, of every year's) tasks."""
    year: int | None     # None: every year
    parts: tuple[Part, ...]
    part: int            # the part shown, from 1

    @property
    def shown(self) -> Part:
        return self.parts[self.part - 1]

    @property
    def n(self) -> int:
        return sum(p.n for p in self.parts)


@dataclass(frozen=True)
class Summary:
    n: int
    n_plans: int
    roles: tuple[str, ...]                       # ROLE_ORDER
    by_role: tuple[int, ...]                     # tasks per role, in `roles` order
    by_year: tuple[tuple[int, int, tuple[int, ...]], ...]  # (year, tasks, tasks per role)
    by_province: tuple[tuple[str, int], ...]     # (province id, tasks), Vietnamese collation


def balanced_parts(groups, size, limit: int) -> list[list]:
    """Consecutive groups cut into parts of about equal size, none over `limit` unless a single
    group is (a group is never cut). One part when everything fits."""
    groups = list(groups)
    total = sum(size(g) for g in groups)
    if total <= limit:
        return [groups]
    target = math.ceil(total / math.ceil(total / limit))
    parts, current, n = [], [], 0
    for g in groups:
        if current and n + size(g) > target:
            parts.append(current)
            current, n = [], 0
        current.append(g)
        n += size(g)
    parts.append(current)
    return parts


def plan_groups(items, reg) -> list[tuple]:
    """(plan, task, role) entries -> [(plan, ((task, role), ...)), ...] in the matrix's plan order."""
    entries, plans = defaultdict(list), {}
    for plan, task, role in items:
        entries[plan.key].append((task, role))
        plans[plan.key] = plan
    return [(p, tuple(entries[p.key])) for p in sorted(plans.values(), key=lambda p: plan_sort_key(p, reg))]


def summary(items, reg) -> Summary:
    by_role, by_year, by_province = Counter(), defaultdict(Counter), Counter()
    for plan, _, role in items:
        by_role[role] += 1
        by_year[plan.year_from][role] += 1
        by_province[plan.province] += 1
    return Summary(
        n=len(items), n_plans=len({plan.key for plan, _, _ in items}), roles=ROLE_ORDER,
        by_role=tuple(by_role[r] for r in ROLE_ORDER),
        by_year=tuple((y, sum(c.values()), tuple(c[r] for r in ROLE_ORDER)) for y, c in sorted(by_year.items())),
        by_province=tuple(sorted(by_province.items(), key=lambda pn: (collation_key(province_name(pn[0], reg)), pn[0]))))


def year_listings(aid: str, groups, limit: int = PART_TASKS) -> dict[int, Listing]:
    """Year -> its listing (part 1 shown), the plans of each year cut into parts of at most `limit` tasks."""
    by_year = defaultdict(list)
    for g in groups:
        by_year[g[0].year_from].append(g)
    out = {}
    for y, year_groups in sorted(by_year.items()):
        cut = balanced_parts(year_groups, lambda g: len(g[1]), limit)
        out[y] = Listing(y, tuple(Part(i, urls.agency_part(aid, y, i), tuple(gs)) for i, gs in enumerate(cut, 1)), 1)
    return out


def contents(view, agency, predecessors, summary_, listing, year) -> list[tuple[str, str]]:
    """The contents menu: the page's sections, as agency.html shows them."""
    toc = []
    if not year:
        if agency.get("successors") or predecessors:
            toc.append(("lineage", view.t("lineage")))
        toc.append(("summary", view.t("ag_by_year_role")))
        if summary_ and summary_.n:
            toc.append(("provinces", view.t("ag_by_province")))
    if listing.n:
        if listing.year is None:
            toc.append(("tasks", view.t("ag_tasks")))
        else:
            toc.append(("tasks", view.t("ag_tasks_year" if year else "ag_tasks_latest", year=listing.year)))
    return toc


def agency_pages(view, aid: str, items, limit: int = AGENCY_TASKS_LIMIT, part_limit: int = PART_TASKS) -> list[Page]:
    reg = view.analysis.registry
    name = view.language.agency_name(aid)
    agency = reg.agencies[aid]
    base = {"agency_id": aid, "agency": agency, "predecessors": reg.predecessors(aid)}
    names = [agency.get(code) or "" for code in view.language.languages] + list(agency.get("aliases") or [])
    groups = plan_groups(items, reg)

    def page(path, title, listing, year, year_links, summary_=None, texts=True):
        shown = listing.shown.groups if texts else ()
        body = " ".join([*names, *(task.item.full_text for _, entries in shown for task, _ in entries)])
        return Page(path, "agency.html", title,
                    {**base, "summary": summary_, "year": year, "year_links": year_links, "listing": listing,
                     "toc": contents(view, agency, base["predecessors"], summary_, listing, year)},
                    search_body=body, search_rank=SEARCH_RANK, source=f"agencies: {aid}")

    if len(items) <= limit:
        listing = Listing(None, (Part(1, urls.agency(aid), tuple(groups)),), 1)
        return [page(urls.agency(aid), name, listing, None, (), summary(items, reg))]
    listings = year_listings(aid, groups, part_limit)
    year_links = tuple(listings)
    latest = listings[year_links[-1]]
    pages = [page(urls.agency(aid), name, latest, None, year_links, summary(items, reg), texts=False)]
    for y, listing in listings.items():
        for part in listing.parts:
            title = f"{name} {y}"
            if len(listing.parts) > 1:
                title += (f" ({view.language.province_name(part.first.province)}"
                          f" – {view.language.province_name(part.last.province)})")
            pages.append(page(part.path, title, Listing(y, listing.parts, part.number), y, year_links))
    return pages


def pages(view):
    a = view.analysis
    yield Page(urls.agencies(), "agencies.html", view.t("agencies"),
               {"agency_ids": a.agency_ids, "counts": {aid: len(a.tasks_of[aid]) for aid in a.agency_ids}},
               source="agencies")
    for aid in a.agency_ids:
        yield from agency_pages(view, aid, a.tasks_of[aid])
