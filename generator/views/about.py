"""About: method, sources, currency, licence, citation, how to contribute (prose in templates/prose/)."""
from __future__ import annotations

from .. import urls
from ..text import collation_key
from . import Page

CONTEXT = {"about.html": {"plans", "n_tasks", "acts"},
           "wanted.html": {"known", "partial", "missing_provinces", "plans_by_key"}}


def pages(view):
    a = view.analysis
    title = view.t("about")
    # The acts the registry cites, oldest first: each shown with where it is published (official or a copy).
    acts = sorted(a.registry.legal_acts, key=lambda k: (a.registry.legal_acts[k].get("date") or "", k))
    yield Page(urls.about(), "about.html", title, {"plans": a.plans, "n_tasks": a.n_tasks, "acts": acts},
               source="about")
    # For maintainers: what to look for next, most useful first (cited plans, then partial texts).
    known = [k for pid in a.catalogue for k in a.catalogue[pid]]
    known.sort(key=lambda k: (collation_key(view.language.province_name(k.province)), k.date or "", k.number))
    missing = [pid for pid, h in a.holdings.items() if h == "none"]
    yield Page(urls.wanted(), "wanted.html", view.t("wanted"),
               {"known": known, "partial": list(a.partial), "plans_by_key": {p.key: p for p in a.plans},
                "missing_provinces": sorted(missing, key=lambda pid: collation_key(view.language.province_name(pid)))},
               source="about: wanted")
