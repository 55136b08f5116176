"""Methodology: the codebook (how roles, modes and functions are coded, with real examples), the
themes, what a partial text means, and the data revisions log (content/revisions.yml)."""
from __future__ import annotations

from .. import urls
from ..analysis.comparisons import clause_anchors
from . import Page

CONTEXT = {"methodology.html": {"codebook", "example_links", "themes", "revisions", "plans_by_key", "partial", "counts"}}
SEARCH_RANK = 5


def pages(view):
    a, book = view.analysis, view.corpus.codebook
    by_key = {p.key: p for p in a.plans}
    anchors = {}
    links = {}  # (plan, ref) -> where the example is on its plan's page
    for code in book.codes():
        for e in code.examples:
            plan = by_key.get(e.plan)
            if plan is None:
                continue
            if plan.key not in anchors:
                anchors[plan.key] = clause_anchors(plan)
            links[(e.plan, e.ref)] = urls.at(urls.plan(plan.key), anchors[plan.key].get(e.ref))
    yield Page(urls.methodology(), "methodology.html", view.t("methodology"),
               {"codebook": book, "example_links": links, "themes": [(th, {"en": t.get("definition"), "vi": t.get("definition_vi")})  # themes.yml: definition is English
                           for th, t in a.registry.themes.items()],
                "revisions": a.revisions, "plans_by_key": by_key, "partial": list(a.partial),
                "counts": {"plans": len(a.plans), "provinces": len({p.province for p in a.plans}), "tasks": a.n_tasks,
                           "partial": len(a.partial)}},
               description=view.t("methodology_intro"), search_rank=SEARCH_RANK, source="methodology")
