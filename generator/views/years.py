"""Years: the index and one page per year listing the plans in force that year."""
from __future__ import annotations

from .. import urls
from . import Page

CONTEXT = {"years.html": {"by_year"}, "year.html": {"year", "plans"}}
SEARCH_RANK = 3


def pages(view):
    a = view.analysis
    yield Page(urls.years(), "years.html", view.t("years"), {"by_year": a.by_year}, source="years")
    for y, plans in a.by_year.items():
        title = view.t("year_title", year=y)
        yield Page(urls.year(y), "year.html", title, {"year": y, "plans": plans},
                   search_rank=SEARCH_RANK, source=f"years: {y}")
