"""Pages: which pages the site has, and the data each template gets. No HTML here."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from .model import KEY_ROLE_NAMES, Plan, newest_first, plain_paragraphs, walk_items
from .analysis.matrix import agency_theme_matrix
from .svg import agency_theme_svg, agency_theme_table
from .text import collation_key, fold, squash


def svg_size(doc: str) -> tuple[int, int]:
    import re
    m = re.search(r'<svg[^>]*\bwidth="([\d.]+)"[^>]*\bheight="([\d.]+)"', doc)
    return (round(float(m.group(1))), round(float(m.group(2)))) if m else (800, 400)


@dataclass(frozen=True)
class Page:
    path: str          # directory URL relative to the language root: '' or 'provinces/x/'
    template: str
    title: str
    context: dict
    description: str = ""
    search: bool = True


def plan_path(plan: Plan) -> str:
    return f"provinces/{plan.province}/{plan.plan_id}/"


def sorted_plans(plans):
    return sorted(plans, key=lambda p: (p.year_from, p.year_to, collation_key(p.province)))


def source_clauses(plan: Plan, raw: str) -> list[dict]:
    """The source text split into paragraphs, each with an anchor (`s<N>`), for `.../source/`."""
    import re
    paras = [p.strip("\n") for p in re.split(r"\n\s*\n", raw) if p.strip()]
    return [{"id": f"s{i + 1}", "text": p} for i, p in enumerate(paras)]


def clause_for(task_text: str, folded_clauses: list[tuple[str, str]]) -> str | None:
    """The anchor of the source paragraph where a task's text starts (best effort, whitespace-insensitive)."""
    probe = fold(squash(task_text))[:30]
    for anchor, text in folded_clauses:
        if probe and probe in text:
            return anchor
    return None


AGENCY_TASKS_LIMIT = 300  # past this, an agency's tasks go on one page per year (pages stay small at 1,300 plans)


def _by_theme(items, reg):
    by_theme = defaultdict(list)
    for plan, task, role in items:
        by_theme[task.item.themes[0] if task.item.themes else ""].append((plan, task, role))
    return by_theme, [th for th in reg.themes if th in by_theme]


def agency_pages(aid, items, reg, lang) -> list[Page]:
    """The agency's page: lineage and every task by theme, or, for a long record, a summary linking per-year pages."""
    name = reg.agencies[aid]["vi" if lang == "vi" else "en"]
    base = {"agency_id": aid, "agency": reg.agencies[aid], "predecessors": reg.predecessors(aid), "all_items": items}
    by_year = defaultdict(list)
    for entry in items:
        by_year[entry[0].year_from].append(entry)
    split = len(items) > AGENCY_TASKS_LIMIT
    shown = [] if split else items
    by_theme, order = _by_theme(shown, reg)
    pages = [Page(f"agencies/{aid}/", "agency.html", name,
                  {**base, "items": shown, "by_theme": by_theme, "theme_order": order, "year": None,
                   "year_pages": sorted(by_year) if split else []})]
    if split:
        for year, year_items in sorted(by_year.items()):
            by_theme, order = _by_theme(year_items, reg)
            pages.append(Page(f"agencies/{aid}/{year}/", "agency.html", f"{name} {year}",
                              {**base, "items": year_items, "by_theme": by_theme, "theme_order": order,
                               "year": year, "year_pages": sorted(by_year)}))
    return pages


def build_pages(plans, reg, config, lang, sources: dict, extra_pages=()) -> list[Page]:
    """All pages of one language. `sources` maps plan key -> raw source text."""
    t = (lambda vi, en: vi if lang == "vi" else en)
    plans = sorted_plans(plans)
    by_province = defaultdict(list)
    for p in plans:
        by_province[p.province].append(p)
    years = sorted({y for p in plans for y in p.years})
    by_year = {y: [p for p in plans if y in p.years] for y in years}
    # Every registry agency gets a page: those with no task still carry lineage others link to.
    used_agencies = sorted(reg.agencies, key=lambda a: collation_key(reg.agencies[a]["vi"]))
    pname = lambda pid: reg.provinces[pid]["vi"] if lang == "vi" else reg.provinces[pid].get("en") or reg.provinces[pid]["vi"]
    pages: list[Page] = []

    latest = newest_first(plans)[:10]
    pages.append(Page("", "home.html", config["title"][lang],
                      {"plans": plans, "years": years, "provinces": sorted(by_province, key=collation_key),
                       "grid": {(p.province, y): p for p in plans for y in p.years}, "latest": latest},
                      config["tagline"][lang]))
    pages.append(Page("provinces/", "provinces.html", t("Các tỉnh", "Provinces"),
                      {"by_province": by_province, "province_ids": sorted(by_province, key=collation_key)}))
    from .compare_pages import comparison_links
    cmp_links = comparison_links(plans, reg, config)
    label = lambda key: f"{pname(key.split('/')[0])} {key.split('/')[1]}"
    for pid, pplans in by_province.items():
        links = sorted({(path, f"{label(p.key)} ↔ {label(other)}") for p in pplans for path, other in cmp_links.get(p.key, [])},
                       key=lambda x: x[1])
        pages.append(Page(f"provinces/{pid}/", "province.html", pname(pid),
                          {"province": reg.provinces[pid], "plans": pplans, "compare_links": links}))
    for plan in plans:
        clauses = source_clauses(plan, sources.get(plan.key, ""))
        folded = [(c["id"], fold(squash(c["text"].replace("*", "")))) for c in clauses]
        task_clause = {task.id: clause_for(task.item.full_text, folded) for task in plan.tasks}
        block_of = {task.id: task.block for task in plan.tasks}
        title = f"{pname(plan.province)} {plan.plan_id}"
        atm = agency_theme_matrix(plan, reg)
        pages.append(Page(plan_path(plan), "plan.html", title,
                          {"plan": plan, "task_clause": task_clause, "block_of": block_of,
                           "agency_table": agency_theme_table(atm, lang),
                           "agency_svg_size": svg_size(agency_theme_svg(atm, lang)),
                           "task_ids": {t_.id for t_ in plan.tasks}, "walk_items": walk_items,
                           "key_role_names": KEY_ROLE_NAMES},
                          plan.title))
        pages.append(Page(plan_path(plan) + "source/", "source.html",
                          f"{title}: {t('văn bản nguồn', 'source text')}",
                          {"plan": plan, "clauses": clauses}, search=False))
    pages.append(Page("years/", "years.html", t("Các năm", "Years"), {"by_year": by_year}))
    for y, yplans in by_year.items():
        pages.append(Page(f"years/{y}/", "year.html", t(f"Năm {y}", f"Year {y}"), {"year": y, "plans": yplans}))
    tasks_of = defaultdict(list)  # one pass over every task, not one per agency
    for plan in plans:
        for task in plan.tasks:
            for r in task.item.roles:
                tasks_of[r.agency].append((plan, task, r.role))
    pages.append(Page("agencies/", "agencies.html", t("Các cơ quan", "Agencies"),
                      {"agency_ids": used_agencies, "counts": {a: len(tasks_of[a]) for a in used_agencies}}))
    for aid in used_agencies:
        pages.extend(agency_pages(aid, tasks_of[aid], reg, lang))
    pages.append(Page("about/", "about.html", t("Giới thiệu", "About"),
                      {"plans": plans, "n_tasks": sum(len(p.tasks) for p in plans)}))
    pages.append(Page("search/", "search.html", t("Tìm kiếm", "Search"), {}, search=False))
    pages.extend(extra_pages)
    return pages


def page_text(page: Page) -> str:
    """What search indexes for a page: its title and, for plans, every word of the plan."""
    plan = page.context.get("plan")
    if page.template == "plan.html" and plan is not None:
        return " ".join([page.title, *plain_paragraphs(plan)])
    if page.template == "agency.html":
        return " ".join([page.title, page.context["agency"]["vi"], page.context["agency"].get("en", ""),
                         *(page.context["agency"].get("aliases") or []),
                         *(task.item.full_text for _, task, _ in page.context["items"])])
    return page.title + " " + page.description
