"""The responsibility matrix (agencies × plans, with filters) and the theme × plan heatmap;
past MATRIX_PAGE_LIMIT plans, the latest year on /matrix/ and one slice per year."""
from __future__ import annotations

from .. import urls
from . import File, Page, figures

CONTEXT = {"matrix.html": {"matrix", "folded", "provinces", "year", "year_pages", "heatmap", "heatmap_table", "partial"}}


def _slices(view):
    a = view.analysis
    year_pages = list(a.years) if a.matrix_split else []
    for i, s in enumerate(a.matrix_slices):
        yield (urls.matrix() if i == 0 else urls.matrix(s.year)), s, year_pages


def pages(view):
    for path, s, year_pages in _slices(view):
        fig = figures.heatmap(s.themes, view.renderer)
        title = view.t("matrix") + (f" {s.year}" if s.year else "")
        yield Page(path, "matrix.html", title,
                   {"matrix": s.matrix, "folded": s.folded, "provinces": s.provinces, "year": s.year,
                    "year_pages": year_pages,
                    "heatmap": {"path": urls.heatmap(path), "width": fig.width, "height": fig.height},
                    "heatmap_table": figures.heatmap_table(s.themes, view.renderer),
                    "partial": [p for p in view.analysis.partial if s.year is None or s.year in p.years]},
                   search=False, source=f"matrix: {s.year or 'all'}")
        yield File(urls.heatmap(path), fig.svg.encode("utf-8"), f"matrix: {s.year or 'all'}")
