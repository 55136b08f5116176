"""Plans: one page per plan (metadata, key roles, every task with its roles) per language, plus the
plan's agency × theme figure (per language: its words are the language's).

The source text page exists once, in the language the plans are written in (`urls.text_language`):
the text is the same in every language, so the other languages link to that page (`source_page`)."""
from __future__ import annotations

from .. import urls
from ..model import plain_paragraphs
from . import File, Page, figures

CONTEXT = {"plan.html": {"plan", "task_clause", "agency_table", "agency_figure", "successions", "source_page",
                         "indicators", "block_roles"},
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


def source_page(plan, lang) -> dict:
    """Where the plan's source text page is (a site-root path, for `root_url`) and its language."""
    return {"path": urls.plan_text(plan.key, lang.source, lang.languages),
            "lang": urls.text_language(lang.source, lang.languages)}


def indicators(plan, lang) -> list[tuple[str, str, str]]:
    """(id, description, the description's language) of each NQ 28 indicator the plan's tasks name, in
    registry order: said once on the page, the tasks link to them. The registry describes indicators in
    one language or another: the page's language if it has it, else any."""
    named = {i for t in plan.tasks for i in t.item.indicators}
    out = []
    for ind, entry in lang.reg.indicators.items():
        if ind in named:
            code = next((c for c in (lang.code, lang.default, lang.source, *lang.languages) if entry.get(c)), None)
            out.append((ind, entry[code] if code else "", code or lang.code))
    return out + [(ind, "", lang.code) for ind in sorted(named - set(lang.reg.indicators))]


def block_roles(plan) -> dict:
    """Roles said once for a block instead of on each task: block id -> {"roles": the role list its tasks
    share, "tasks": the ids of the tasks that have exactly it, "all": whether every task of the block
    does, "named": whether it names just the block's agencies (then it takes their place in the block's
    line)}. The list is the one every task has, else the one most of them have, if two or more do (the
    first such on a tie); a block whose tasks all differ has none."""
    out = {}
    for b in plan.blocks:
        count: dict[frozenset, list] = {}
        for t in b.tasks:
            if t.roles:
                count.setdefault(frozenset(t.roles), []).append(t)
        best = max(count.values(), key=len, default=[])  # max keeps the first of equals
        every = len(best) == len(b.tasks)
        if len(best) >= 2 or (best and every):
            roles = best[0].roles
            out[b.id] = {"roles": roles, "tasks": tuple(t.id for t in best), "all": every,  # tuple: same pickle each run
                         "named": every and {r.agency for r in roles} == set(b.agencies)}
    return out


def pages(view):
    a, lang = view.analysis, view.language
    by_key = {p.key: p for p in a.plans}
    text_here = urls.text_language(lang.source, lang.languages) == lang.code
    for plan in a.plans:
        title = f"{lang.province_name(plan.province)} {plan.plan_id}"
        am = a.agency_themes[plan.key]
        fig = figures.agency_themes(am, view.renderer)
        yield Page(urls.plan(plan.key), "plan.html", title,
                   {"plan": plan, "task_clause": a.clauses[plan.key].task_clause,
                    "agency_table": figures.agency_theme_table(am, view.renderer),
                    "agency_figure": {"path": urls.plan_figure(plan.key), "width": fig.width, "height": fig.height},
                    "successions": successions(a, plan, by_key), "source_page": source_page(plan, lang),
                    "indicators": indicators(plan, lang), "block_roles": block_roles(plan)},
                   plan.title, search_body=" ".join(plain_paragraphs(plan)), search_rank=SEARCH_RANK,
                   source=f"plans: {plan.path}")
        yield File(urls.plan_figure(plan.key), fig.svg.encode("utf-8"), source=f"plans: {plan.path}")
        if text_here:
            yield Page(urls.plan_source(plan.key), "source.html", f"{title}: {view.t('source_text_title')}",
                       {"plan": plan, "clauses": a.clauses[plan.key].clauses}, search=False,
                       source=f"plans: {plan.path} (source)")
