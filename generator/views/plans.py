"""Plans: one page per plan (metadata, key roles, every task with its roles) per language, plus the
plan's agency × theme figure (per language: its words are the language's).

The page opens with a summary whose numbers are computed here (`summary`), never in the template.
Where the page's language is not the plans' own, each task gets one line generated from its coding
(`gists`: roles, agencies, themes, in the page's words), never a translation of its text; deadlines
and editorial notes say what language they are in (`deadlines`, `note_langs`).

The source text page exists once, in the language the plans are written in (`urls.text_language`):
the text is the same in every language, so the other languages link to that page (`source_page`)."""
from __future__ import annotations

from collections import Counter

from .. import urls
from ..model import plain_paragraphs
from ..text import marked_share, slugify
from . import File, Page, figures

CONTEXT = {"plan.html": {"plan", "task_clause", "agency_table", "agency_figure", "successions", "source_page",
                         "indicators", "block_roles", "summary", "agency_list", "gists", "deadlines", "note_langs"},
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


TOP_THEMES = 3
GIST_ROLES = ("lead", "responsible", "coordinating")  # the order a task's one-line description names them in


def summary(plan, am) -> dict:
    """The numbers the page opens with: tasks and agencies counted (an agency with a role in a task is
    counted once, as in the agency × theme figure), the themes most assigned ((theme id, tasks), most
    first, registry order on a tie)."""
    order = {t.id: i for i, t in enumerate(am.themes)}
    per_theme = Counter(th for t in plan.tasks for th in set(t.item.themes))
    top = sorted(per_theme.items(), key=lambda kv: (-kv[1], order.get(kv[0], len(order)), kv[0]))[:TOP_THEMES]
    return {"tasks": len(plan.tasks), "agencies": len(am.rows), "themes": tuple(top)}


def agency_list(table) -> tuple[dict, ...]:
    """The agency × theme figure as a list (what a phone shows): per agency its total and its non-zero
    themes, (label, tasks), in the figure's column order."""
    return tuple({"key": r.key, "label": r.label, "total": r.values[-1],
                  "themes": tuple((lbl, n) for lbl, n in zip(table.column_labels, r.values[:-1]) if n)}
                 for r in table.rows)


def gist(task, lang) -> str:
    """A task's one line in the page's language, generated from its data alone (roles, themes, mode):
    "Leads: Home Affairs · Coordinates: Women's Union · Themes: …". Never a translation of its text."""
    parts = []
    for role in GIST_ROLES:
        names = [lang.agency_name(r.agency, short=True) for r in task.item.roles if r.role == role]
        if names:
            parts.append(lang.t("plan_gist_" + role, names=", ".join(names)))
    if not parts:
        parts.append(lang.t("plan_gist_no_agency"))
    if task.mode == "requested":
        parts.append(lang.t("plan_gist_requested"))
    if task.item.themes:
        parts.append(lang.t("plan_gist_themes", themes=", ".join(lang.theme_name(th) for th in task.item.themes)))
    return " · ".join(parts)


def gists(plan, lang) -> dict:
    """task id -> its one line, where the page's language is not the plan's: there the line tells a
    reader what each task is about; the text itself stays as written, in its own language."""
    if lang.code == lang.source:
        return {}
    return {t.id: gist(t, lang) for t in plan.tasks}


def day_month(due: str, lang) -> tuple[str, str] | None:
    """'05/6' or '10/12/2020' in the page's date style: (text, ISO-ish datetime); None if not a date."""
    parts = due.strip().split("/")
    if len(parts) not in (2, 3) or not all(p.isdigit() for p in parts):
        return None
    d, m = int(parts[0]), int(parts[1])
    if not (1 <= d <= 31 and 1 <= m <= 12):
        return None
    if len(parts) == 3 and len(parts[2]) == 4:
        iso = f"{parts[2]}-{m:02d}-{d:02d}"
        return lang.date(iso), iso
    return lang.day_month(d, m), f"{m:02d}-{d:02d}"  # a yearless date: a deadline each year


def deadlines(plan, lang) -> list[dict]:
    """Each reporting deadline: what is reported, in the page's words where the label files know the
    phrase (label `plan_report_<slug>`), else as written (its language: the text's); when, as a date
    in the page's style where it is one."""
    out = []
    for d in plan.deadlines:
        key = "plan_report_" + slugify(d.report)
        entry = lang.labels.get(key)
        report, report_lang = (lang.t(key), lang.code) if entry and lang.code in entry else (d.report, lang.source)
        when = day_month(d.due, lang)
        out.append({"report": report, "report_lang": report_lang,
                    "due": when[0] if when else d.due, "datetime": when[1] if when else None,
                    "due_lang": lang.code if when else lang.source})
    return out


def text_language(text: str | None, lang) -> str:
    """The language of an editorial note the data does not tag: the plans' own language when most of
    its words carry that language's letters (diacritics), else the editors' (the first site language
    that is not the plans'). An English note quoting Vietnamese words stays English: those quote up to
    ~60 % marked words, Vietnamese prose has over 80 %."""
    if marked_share(text or "") >= 0.7:
        return lang.source
    return next((c for c in lang.languages if c != lang.source), lang.source)


def note_langs(plan, lang) -> dict:
    """The language of each editorial note of the plan: the number's source, the notes, the repairs."""
    return {"number_source": text_language(plan.number_source.get("note"), lang),
            "notes": tuple(text_language(n, lang) for n in plan.notes),
            "repairs": tuple(text_language(r.note, lang) for r in plan.repairs)}


def pages(view):
    a, lang = view.analysis, view.language
    by_key = {p.key: p for p in a.plans}
    text_here = urls.text_language(lang.source, lang.languages) == lang.code
    for plan in a.plans:
        title = f"{lang.province_name(plan.province)} {plan.plan_id}"
        am = a.agency_themes[plan.key]
        fig = figures.agency_themes(am, view.renderer)
        table = figures.agency_theme_table(am, view.renderer)
        yield Page(urls.plan(plan.key), "plan.html", title,
                   {"plan": plan, "task_clause": a.clauses[plan.key].task_clause,
                    "agency_table": table, "agency_list": agency_list(table),
                    "agency_figure": {"path": urls.plan_figure(plan.key), "width": fig.width, "height": fig.height},
                    "successions": successions(a, plan, by_key), "source_page": source_page(plan, lang),
                    "indicators": indicators(plan, lang), "block_roles": block_roles(plan),
                    "summary": summary(plan, am), "gists": gists(plan, lang), "deadlines": deadlines(plan, lang),
                    "note_langs": note_langs(plan, lang)},
                   plan.title, search_body=" ".join(plain_paragraphs(plan)), search_rank=SEARCH_RANK,
                   source=f"plans: {plan.path}")
        yield File(urls.plan_figure(plan.key), fig.svg.encode("utf-8"), source=f"plans: {plan.path}")
        if text_here:
            yield Page(urls.plan_source(plan.key), "source.html", f"{title}: {view.t('source_text_title')}",
                       {"plan": plan, "clauses": a.clauses[plan.key].clauses}, search=False,
                       source=f"plans: {plan.path} (source)")
