"""Plans: one page per plan (metadata, key roles, every task with its roles) and its source text page,
plus the plan's agency × theme figure (per language: its words are the language's)."""
from __future__ import annotations

from .. import urls
from ..model import plain_paragraphs
from . import File, Page, figures

CONTEXT = {"plan.html": {"plan", "task_clause", "agency_table", "agency_figure", "successions"},
           "source.html": {"plan", "clauses"}}
SEARCH_RANK = 0


def successions(a, plan, by_key) -> dict:
    """The plan's place in its province's line: the plans it follows and the next one, each with the
    succession that compares them; and the parallel comparisons it is published in."""
    slugs = {other: (slug, kind) for slug, other, kind in a.comparisons.links.get(plan.key, ())}
    step = lambda p: {"plan": p, "slug": slugs.get(p.key, (None,))[0]}
    nxt = a.next_plan.get(plan.key)
    return {"previous": [step(p) for p in a.previous_plans.get(plan.key, ())],
            "next": step(nxt) if nxt else None,
            "parallel": [(slug, by_key[other]) for other, (slug, kind) in slugs.items() if kind == "parallel"]}


def pages(view):
    a, lang = view.analysis, view.language
    by_key = {p.key: p for p in a.plans}
    for plan in a.plans:
        title = f"{lang.province_name(plan.province)} {plan.plan_id}"
        am = a.agency_themes[plan.key]
        fig = figures.agency_themes(am, view.renderer)
        yield Page(urls.plan(plan.key), "plan.html", title,
                   {"plan": plan, "task_clause": a.clauses[plan.key].task_clause,
                    "agency_table": figures.agency_theme_table(am, view.renderer),
                    "agency_figure": {"path": urls.plan_figure(plan.key), "width": fig.width, "height": fig.height},
                    "successions": successions(a, plan, by_key)},
                   plan.title, search_body=" ".join(plain_paragraphs(plan)), search_rank=SEARCH_RANK,
                   source=f"plans: {plan.path}")
        yield File(urls.plan_figure(plan.key), fig.svg.encode("utf-8"), source=f"plans: {plan.path}")
        yield Page(urls.plan_source(plan.key), "source.html", f"{title}: {view.t('source_text_title')}",
                   {"plan": plan, "clauses": a.clauses[plan.key].clauses}, search=False,
                   source=f"plans: {plan.path} (source)")

