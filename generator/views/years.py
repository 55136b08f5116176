"""Years: the index and one page per year listing the plans in force that year."""
from __future__ import annotations

from .. import urls
from . import Page

CONTEXT = {"years.html": {"by_year"}, "year.html": {"year", "plans", "toc"}}
SEARCH_RANK = 3


def pages(view):
    a = view.analysis
    yield Page(urls.years(), "years.html", view.t("years"), {"by_year": a.by_year}, source="years")
    for y, plans in a.by_year.items():
        title = view.t("year_title", year=y)
        kinds = dict.fromkeys(p.kind for p in plans)  # in the order the plans come
        toc = [(f"kind-{k}", view.t(f"kind_{k}")) for k in kinds]  # a section per kind of plan (year.html)
        yield Page(urls.year(y), "year.html", title, {"year": y, "plans": plans, "toc": toc},
                   search_rank=SEARCH_RANK, source=f"years: {y}")
