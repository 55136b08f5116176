"""About: method, sources, currency, licence, citation, how to contribute (prose in templates/prose/)."""
from __future__ import annotations

from .. import urls
from . import Page

CONTEXT = {"about.html": {"plans", "n_tasks"}}


def pages(view):
    a = view.analysis
    title = view.t("about")
    yield Page(urls.about(), "about.html", title, {"plans": a.plans, "n_tasks": a.n_tasks},
               source="about")
