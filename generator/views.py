"""Views beyond the per-plan pages: the matrix, downloads and comparisons. Wired into build.

Each view returns Pages (rendered by templates) and the files it needs (data twins, SVG figures).
"""
from __future__ import annotations

from pathlib import Path

from . import data, svg
from .analysis import matrix
from .compare_pages import compare_pages
from .pages import Page, sorted_plans, svg_size
from .text import collation_key

MATRIX_PAGE_LIMIT = 60  # past this many plans, /matrix/ shows the latest year and links per-year slices


def _matrix_page(path, plans, reg, lang, year=None, year_pages=()):
    files = {}
    m = matrix.responsibility_matrix(plans, reg)
    folded = matrix.responsibility_matrix(plans, reg, fold_lineage=True)
    tm = matrix.theme_plan_matrix(plans, reg)
    heat = svg.heatmap_svg(tm, lang)
    files[f"{path}heatmap.svg"] = heat.encode("utf-8")
    provinces = sorted({p.province for p in plans}, key=collation_key)
    title = {"vi": "Ma trận trách nhiệm", "en": "Responsibility matrix"}[lang] + (f" {year}" if year else "")
    page = Page(path, "matrix.html", title,
                {"matrix": m, "folded": folded, "provinces": provinces, "year": year, "year_pages": year_pages,
                 "heatmap_svg": f"{path}heatmap.svg", "heatmap_size": svg_size(heat),
                 "heatmap_table": svg.heatmap_table(tm, lang)}, search=False)
    return page, files


def matrix_pages(plans, reg, config, lang):
    plans = sorted_plans(plans)
    years = sorted({y for p in plans for y in p.years})
    if len(plans) <= MATRIX_PAGE_LIMIT:
        page, files = _matrix_page("matrix/", plans, reg, lang)
        return [page], files
    pages, files = [], {}
    latest = years[-1]
    page, f = _matrix_page("matrix/", [p for p in plans if latest in p.years], reg, lang, latest, years)
    pages.append(page)
    files.update(f)
    for y in years:
        page, f = _matrix_page(f"matrix/{y}/", [p for p in plans if y in p.years], reg, lang, y, years)
        pages.append(page)
        files.update(f)
    return pages, files


def plan_figures(plans, reg, lang) -> dict[str, bytes]:
    """The agency × theme figure of each plan, beside its table on the plan page."""
    return {f"provinces/{p.key}/agency-themes.svg": svg.agency_theme_svg(matrix.agency_theme_matrix(p, reg), lang).encode("utf-8")
            for p in plans}


_LAST_DATA: list = []  # (plans, reg, files, downloads) of the last call: both languages share one computation


def data_page(plans, reg, config, lang, content: Path | None):
    if _LAST_DATA and _LAST_DATA[0] is plans and _LAST_DATA[1] is reg:
        files, downloads = _LAST_DATA[2], _LAST_DATA[3]
    else:
        files = data.data_files(plans, reg, config, content=content)
        downloads = data.data_index(plans, reg, config, content=content, files=files)
        _LAST_DATA[:] = [plans, reg, files, downloads]
    title = {"vi": "Dữ liệu tải về", "en": "Downloads"}[lang]
    return Page("data/", "data.html", title, {"downloads": downloads}, search=False), files


def pages_and_files(plans, reg, config, lang, content: Path | None = None):
    pages, files = matrix_pages(plans, reg, config, lang)
    files.update(plan_figures(plans, reg, lang))
    page, data_files = data_page(plans, reg, config, lang, content)
    pages.append(page)
    if lang == config["languages"][0]:
        files.update(data_files)  # data twins are language-neutral: written once, at the site root
    cmp_pages, cmp_files = compare_pages(plans, reg, config, lang)
    pages.extend(cmp_pages)
    files.update(cmp_files)
    return pages, files
