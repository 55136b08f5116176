"""The responsibility matrix (agencies × plans, with filters) and the theme × plan heatmap;
past MATRIX_PAGE_LIMIT plans (analysis), the latest year on /matrix/ and one slice per year.

Page budgets at national scale: a cell is its role, count and a link to its first task (and, for
the theme filter, its counts per theme as registry theme positions, with the theme's first task and
role where they are not the cell's), nothing the row and column heads already say; a
slice with more than PART_CELLS cells is cut into parts of whole provinces, in Vietnamese
collation, each part a page of its own ('matrix/2021/', 'matrix/2021/2/', ...) with the list of
parts on each."""
from __future__ import annotations

from dataclasses import dataclass, replace
from types import MappingProxyType

from .. import urls
from ..analysis.matrix import Matrix, ThemeMatrix
from ..text import collation_key
from . import File, Page, figures
from .agencies import balanced_parts

CONTEXT = {"matrix.html": {"matrix", "folded", "provinces", "year", "year_pages", "heatmap", "heatmap_table", "partial",
                           "parts", "part", "theme_index"}}
PART_CELLS = 1200  # cells (rows of both bodies × plans) per matrix page at most: ~185 bytes a cell (a link to
                   # its first task, and per theme the first task and role where they differ), a part stays
                   # near 225 KB (about 30 plans for the ~40 rows of today's registry)


@dataclass(frozen=True)
class MatrixPart:
    number: int              # from 1
    path: str
    keys: tuple[str, ...]    # plan keys (columns), in the slice's order
    provinces: tuple[str, ...]  # in Vietnamese collation

    @property
    def first(self) -> str:
        return self.provinces[0]

    @property
    def last(self) -> str:
        return self.provinces[-1]


def part_columns(s) -> int:
    """How many plans a page of this slice holds: PART_CELLS over its rows (unfolded and folded)."""
    return max(1, PART_CELLS // max(1, len(s.matrix.rows) + len(s.folded.rows)))


def matrix_parts(m: Matrix, year: int | None, limit: int) -> tuple[MatrixPart, ...]:
    """The slice's columns cut by province (a province's plans stay together) into parts of at
    most `limit` plans (unless one province has more), provinces in Vietnamese collation."""
    by_province: dict[str, list[str]] = {}
    names = {}
    for c in m.columns:
        by_province.setdefault(c.province, []).append(c.key)
        names[c.province] = c.province_name
    order = sorted(by_province, key=lambda p: (collation_key(names[p]), p))
    cut = balanced_parts(order, lambda p: len(by_province[p]), limit)
    out = []
    for i, provinces in enumerate(cut, 1):
        keys = {k for p in provinces for k in by_province[p]}
        out.append(MatrixPart(i, urls.matrix_part(year, i), tuple(c.key for c in m.columns if c.key in keys),
                              tuple(provinces)))
    return tuple(out)


def restrict(m: Matrix, keys) -> Matrix:
    """The matrix on some of its columns: the rows with a cell there, in the same order."""
    keys = set(keys)
    cells = tuple(c for c in m.cells if c.plan in keys)
    held = {c.agency for c in cells}
    return replace(m, rows=tuple(r for r in m.rows if r.agency in held), columns=tuple(c for c in m.columns if c.key in keys),
                   cells=cells, _index=MappingProxyType({(c.agency, c.plan): c for c in cells}))


def restrict_themes(tm: ThemeMatrix, keys) -> ThemeMatrix:
    keys = set(keys)
    at = [i for i, c in enumerate(tm.columns) if c.key in keys]
    return replace(tm, columns=tuple(tm.columns[i] for i in at), counts=tuple(tuple(row[i] for i in at) for row in tm.counts),
                   totals=tuple(tm.totals[i] for i in at))


def _slices(view):
    a = view.analysis
    year_pages = list(a.years) if a.matrix_split else []
    for i, s in enumerate(a.matrix_slices):
        parts = matrix_parts(s.matrix, s.year, part_columns(s))
        if i == 0:  # /matrix/: the first part of its slice; the other parts are the year's own pages
            first = replace(parts[0], path=urls.matrix()) if s.year is not None else parts[0]
            yield s, year_pages, parts, first
            if s.year is None:
                for part in parts[1:]:
                    yield s, year_pages, parts, part
        else:
            for part in parts:
                yield s, year_pages, parts, part


def pages(view):
    theme_index = {th: i for i, th in enumerate(view.analysis.registry.themes)}
    for s, year_pages, parts, part in _slices(view):
        path = part.path
        whole = len(parts) == 1
        matrix = s.matrix if whole else restrict(s.matrix, part.keys)
        folded = s.folded if whole else restrict(s.folded, part.keys)
        themes = s.themes if whole else restrict_themes(s.themes, part.keys)
        fig = figures.heatmap(themes, view.renderer)
        title = view.t("matrix") + (f" {s.year}" if s.year else "")
        if not whole:
            title += f" ({view.language.province_name(part.first)} – {view.language.province_name(part.last)})"
        source = f"matrix: {s.year or 'all'}" + (f" part {part.number}" if not whole else "")
        yield Page(path, "matrix.html", title,
                   {"matrix": matrix, "folded": folded, "provinces": part.provinces, "year": s.year,
                    "year_pages": year_pages, "parts": parts if not whole else (), "part": part.number,
                    "theme_index": theme_index,
                    "heatmap": {"path": urls.heatmap(path), "width": fig.width, "height": fig.height},
                    "heatmap_table": figures.heatmap_table(themes, view.renderer),
                    "partial": [p for p in view.analysis.partial if s.year is None or s.year in p.years]},
                   search=False, source=source)
        yield File(urls.heatmap(path), fig.svg.encode("utf-8"), source)
