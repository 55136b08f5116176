"""The home page: coverage grid (province × year), latest plans, the site feed."""
from __future__ import annotations

from .. import urls
from . import Page

CONTEXT = {"home.html": {"years", "provinces", "grid", "latest"}}


def pages(view):
    a = view.analysis
    yield Page(urls.home(), "home.html", view.language.setting("title"),
               {"years": a.years, "provinces": a.province_ids,
                "grid": {(p.province, y): p for p in a.plans for y in p.years}, "latest": a.latest},
               view.language.setting("tagline"), source="home")
