"""The SVG figures of the matrices, and the same numbers as table rows (the text alternative).

Layout only: this module computes positions, sizes and colours and hands plain numbers and
strings to templates/figures/*.svg, which write every element and attribute. Every word a reader
sees comes from the Renderer (templates/i18n.yml and the registry), so nothing here depends on the
language. Deterministic: the same input gives byte-identical output.

Every drawn cell shows its number as text: colour is never the only carrier of a value. Zero cells
are the empty grid, drawn once (one figure is written per plan and language, so bytes count). The
fonts are the reader's own (system-ui, sans-serif), so text widths are estimated, generously.
"""
from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from ..analysis.matrix import AgencyThemeMatrix, Column, Row, ThemeMatrix

FONT = "system-ui, sans-serif"
FONT_SIZE = 12
CHAR_FACTOR = 0.56  # generous average advance (em) for Vietnamese text in a sans-serif font
# Sequential blues (ColorBrewer). Text is dark on the four light steps, white on the two dark ones:
# every pair has a contrast ratio of at least 4.5:1.
FILLS = ("#deebf7", "#c6dbef", "#9ecae1", "#6baed6", "#2171b5", "#08519c")
TEXT_ON = ("#111827", "#111827", "#111827", "#111827", "#fff", "#fff")
ZERO_FILL, ZERO_TEXT = "#f4f4f5", "#52525b"
TOTAL_FILL = "#fff"
GRID = "#fff"
INK = "#111827"

TOTAL_KEY = "total"
PAD, CELL_H, TOTAL_GAP = 8.0, 24.0, 6.0
LEGEND_H = 20.0


@dataclass(frozen=True)
class Figure:
    svg: str  # the rendered SVG document
    width: int  # rounded pixel size, for <img width height>
    height: int


# ---------------------------------------------------------------------------------------------
# Tables (the text alternative)

@dataclass(frozen=True)
class TableRow:
    key: str  # theme id / agency id / "total"
    label: str
    values: tuple[int, ...]


@dataclass(frozen=True)
class Table:
    caption: str
    corner: str  # the header of the label column
    column_keys: tuple[str, ...]  # plan keys / theme ids / "total"
    column_labels: tuple[str, ...]
    rows: tuple[TableRow, ...]


def plan_label(col: Column, renderer) -> str:
    return f"{renderer.province_name(col.province)} {col.plan_id}"


def row_label(row: Row, renderer) -> str:
    """An agency row's name; a folded row names the agencies folded into it."""
    name = renderer.agency_name(row.agency, short=True)
    others = [renderer.agency_name(m, short=True) for m in row.members if m != row.agency]
    return renderer.t("figure_row_with_members", name=name, members=", ".join(others)) if others else name


def heatmap_table(tm: ThemeMatrix, renderer) -> Table:
    rows = [TableRow(t.id, renderer.theme_name(t.id), counts) for t, counts in zip(tm.themes, tm.counts)]
    rows.append(TableRow(TOTAL_KEY, renderer.t("figure_tasks_total"), tm.totals))
    return Table(caption=renderer.t("figure_heatmap_title"), corner=renderer.t("figure_heatmap_corner"),
                 column_keys=tuple(c.key for c in tm.columns),
                 column_labels=tuple(plan_label(c, renderer) for c in tm.columns), rows=tuple(rows))


def agency_theme_table(am: AgencyThemeMatrix, renderer) -> Table:
    rows = tuple(TableRow(r.agency, row_label(r, renderer), counts + (n,))
                 for r, counts, n in zip(am.rows, am.counts, am.tasks))
    return Table(caption=renderer.t("figure_agency_title", plan=plan_label(am.plan, renderer)),
                 corner=renderer.t("figure_agency_corner"),
                 column_keys=tuple(t.id for t in am.themes) + (TOTAL_KEY,),
                 column_labels=tuple(renderer.theme_name(t.id) for t in am.themes) + (renderer.t("figure_tasks_total"),),
                 rows=rows)


# ---------------------------------------------------------------------------------------------
# Layout

def num(x: float) -> str:
    """Coordinates with at most one decimal, no trailing zeros: deterministic and short."""
    r = round(x, 1)
    return str(int(r)) if r == int(r) else f"{r:.1f}"


def text_width(text: str, size: float = FONT_SIZE) -> float:
    return len(text) * CHAR_FACTOR * size


def bucket(value: int, maximum: int) -> int:
    """-1 for zero, else 0..len(FILLS)-1."""
    if value <= 0 or maximum <= 0:
        return -1
    return min(len(FILLS), math.ceil(value * len(FILLS) / maximum)) - 1


# The figure's <style> names each colour step by a class: b0..b5, z for zero (the empty grid), t
# for a total's box; a number's text takes its step's class when its colour is not the default.
STEP_CLASSES = tuple(f"b{i}" for i in range(len(FILLS)))
ZERO_CLASS, TOTAL_CLASS, BOLD_CLASS = "z", "t", "h"


def legend_steps(maximum: int) -> tuple[tuple[int, int, str, str, str], ...]:
    """(low, high, class, fill, text colour) for each colour step in use, zero first."""
    steps = [(0, 0, ZERO_CLASS, ZERO_FILL, ZERO_TEXT)]
    for b in range(len(FILLS)):
        values = [v for v in range(1, maximum + 1) if bucket(v, maximum) == b]
        if values:
            steps.append((values[0], values[-1], STEP_CLASSES[b], FILLS[b], TEXT_ON[b]))
    return tuple(steps)


def _ink_classes(steps) -> dict[str, str]:
    """Box class -> the class a number's text on it takes: its own for a light ink, "" for the default."""
    return {cls: cls if ink != INK else "" for _lo, _hi, cls, _fill, ink in steps}


@dataclass(frozen=True)
class Cell:
    """A drawn cell's number (a non-zero value; its box is in its step's path): keys, centre, class."""
    row: str
    col: str
    cx: str
    value: int
    cls: str  # of the text: "" (default ink), a dark step's class (light ink), or bold for a total


@dataclass(frozen=True)
class ChartRow:
    key: str
    label: str
    y: str  # of the row's centre: the row group is moved there, its label and numbers sit at y=0
    total: bool
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Grid:
    """The empty grid, drawn once: a zero-coloured box, and the white lines between its cells as two
    dashed strokes (one dash per line) laid over the drawn boxes."""
    x: str
    y: str
    w: str
    h: str
    cols: int  # none (no plan, no agency): nothing to draw
    rows: int
    mid_x: str
    mid_y: str
    x0: str  # half a line before the first: the lines are 1 px, centred on the cells' edges
    y0: str
    w1: str  # the length of the strokes, a line longer than the grid
    h1: str
    col_gap: str  # the dash pattern's gap: a cell's size minus the line
    row_gap: str


def _grid(x: float, y: float, cw: float, cols: int, rows: int) -> Grid:
    w, h = cols * cw, rows * CELL_H
    return Grid(num(x), num(y), num(w), num(h), cols, rows, num(x + w / 2), num(y + h / 2), num(x - 0.5), num(y - 0.5),
                num(w + 1), num(h + 1), num(cw - 1), num(CELL_H - 1))


@dataclass(frozen=True)
class Step:
    label: str
    x: str
    w: str
    cx: str
    cls: str
    ink: str  # the class of its text, as a cell's


@dataclass(frozen=True)
class Legend:
    label: str
    x: str
    y: str  # of the swatches' centre line: the legend group is moved there
    steps: tuple[Step, ...]


def _legend(x: float, y: float, steps, renderer) -> tuple[Legend, float]:
    """The colour key under the grid; returns it and its width."""
    label = renderer.t("figure_legend")
    out = []
    inks = _ink_classes(steps)
    cx = x + text_width(label) + 8
    for low, high, cls, _fill, _ink in steps:
        text = str(low) if low == high else f"{low}–{high}"
        w = max(28.0, text_width(text) + 12)
        out.append(Step(text, num(cx), num(w), num(cx + w / 2), cls, inks[cls]))
        cx += w + 4
    return Legend(label, num(x), num(y + LEGEND_H / 2), tuple(out)), cx - x


class _Boxes:
    """The drawn cells' boxes, gathered by class: one path per colour step, one for the totals. Boxes
    of a step side by side in a row make one box (the grid's white lines still part them)."""

    def __init__(self, steps):
        # steps[0] is zero, never drawn; the steps' order (light to dark) is the paths' order
        self.by_class: dict[str, list[list[float]]] = {cls: [] for _lo, _hi, cls, *_ in steps[1:]}
        self.by_class[TOTAL_CLASS] = []

    def add(self, cls: str, x: float, y: float, w: float) -> None:
        boxes = self.by_class[cls]
        last = boxes[-1] if boxes else None
        # a total keeps a box of its own: its outline parts it from the next
        if cls != TOTAL_CLASS and last and last[1] == y and abs(last[0] + last[2] - x) < 1e-6:
            last[2] += w
        else:
            boxes.append([x, y, w])

    def paths(self) -> tuple[tuple[str, tuple[tuple[str, str, str], ...]], ...]:
        return tuple((cls, tuple((num(x), num(y), num(w)) for x, y, w in boxes))
                     for cls, boxes in self.by_class.items() if boxes)


def _row(key: str, label: str, y: float, values, col_keys, xs, cw: float, maximum: int, inks: dict[str, str],
         boxes: _Boxes, total_col: str | None = None, total_row: bool = False) -> ChartRow:
    """A row's label and its non-zero cells (a zero is the empty grid); their boxes go to `boxes`.
    `xs`: (left edge, centre as written) of each column."""
    cells = []
    for col, value, (x, cx) in zip(col_keys, values, xs):
        if value <= 0:
            continue
        if total_row or col == total_col:
            boxes.add(TOTAL_CLASS, x, y, cw)
            cells.append(Cell(key, col, cx, value, BOLD_CLASS))
        else:
            cls = STEP_CLASSES[bucket(value, maximum)]
            boxes.add(cls, x, y, cw)
            cells.append(Cell(key, col, cx, value, inks[cls]))
    return ChartRow(key, label, num(y + CELL_H / 2), total_row, tuple(cells))


def _figure(renderer, template: str, width: float, height: float, **context) -> Figure:
    w, h = num(width), num(height)
    svg = renderer.render_file(template, width=w, height=h, font=FONT, font_size=FONT_SIZE, ink=INK, grid=GRID,
                               **context)
    return Figure(svg=svg.rstrip("\n") + "\n", width=round(float(w)), height=round(float(h)))


def _label_width(table: Table) -> float:
    # whole pixels: the grid then starts on one, and every cell's x is an integer (shorter, crisper)
    return math.ceil(max([text_width(r.label) for r in table.rows] + [text_width(table.corner)]) + 12)


def _chart(renderer, template: str, width: float, height: float, cw: float, steps, boxes: _Boxes,
           **context) -> Figure:
    # (class, fill, text colour or None): one CSS rule each instead of attributes on every cell
    styles = tuple((cls, fill, ink if ink != INK else None) for _lo, _hi, cls, fill, ink in steps)
    return _figure(renderer, template, width, height, cw=num(cw), ch=num(CELL_H), styles=styles,
                   total_fill=TOTAL_FILL, zero_class=ZERO_CLASS, total_class=TOTAL_CLASS, bold=BOLD_CLASS,
                   boxes=boxes.paths(), **context)


def heatmap(tm: ThemeMatrix, renderer, id_prefix: str = "heatmap") -> Figure:
    """Themes (rows) × plans (columns); a last row with each plan's number of tasks."""
    table = heatmap_table(tm, renderer)
    heads = [(renderer.province_name(c.province), c.plan_id) for c in tm.columns]
    label_w = _label_width(table)
    cw = math.ceil(max([56.0] + [text_width(line) + 14 for h in heads for line in h]))
    head_h = 2 * 16 + 8
    n_rows, n_cols = len(tm.themes), len(tm.columns)
    grid_x, grid_y = PAD + label_w, PAD + head_h
    grid_h = n_rows * CELL_H + TOTAL_GAP + CELL_H
    leg_y = grid_y + grid_h + 14
    steps = legend_steps(tm.max_count)
    legend, leg_w = _legend(PAD, leg_y, steps, renderer)
    width = max(grid_x + n_cols * cw + PAD, PAD + leg_w + PAD)
    height = leg_y + LEGEND_H + PAD
    plans = "; ".join(table.column_labels) or renderer.t("figure_none")
    xs = tuple((grid_x + j * cw, num(grid_x + j * cw + cw / 2)) for j in range(n_cols))
    boxes, inks = _Boxes(steps), _ink_classes(steps)
    rows = []
    for i, row in enumerate(table.rows):
        total = row.key == TOTAL_KEY
        y = grid_y + i * CELL_H + (TOTAL_GAP if total else 0)
        rows.append(_row(row.key, row.label, y, row.values, table.column_keys, xs, cw, tm.max_count, inks, boxes,
                         total_row=total))
    return _chart(
        renderer, "figures/heatmap.svg", width, height, cw, steps, boxes, prefix=id_prefix, title=table.caption,
        desc=renderer.t("figure_heatmap_desc", rows=n_rows, cols=n_cols, plans=plans),
        heads=tuple((cx, prov, pid) for (_, cx), (prov, pid) in zip(xs, heads)),
        head_y=(num(PAD + 14), num(PAD + 30)), corner=(num(PAD), num(PAD + 30), table.corner),
        empty=_grid(grid_x, grid_y, cw, n_cols, n_rows), label_x=num(PAD), rows=tuple(rows), legend=legend)


def agency_themes(am: AgencyThemeMatrix, renderer, id_prefix: str | None = None) -> Figure:
    """Agencies (rows) × themes (columns, slanted heads) of one plan; a last column with each
    agency's number of tasks."""
    prefix = id_prefix or "agency-theme-" + am.plan.key.replace("/", "-")
    table = agency_theme_table(am, renderer)
    cw = 24.0  # narrow enough for the figure to fit a desktop column at its own size (two digits fit)
    label_w = _label_width(table)
    slant = math.sqrt(0.5)
    head_w = max([text_width(lbl) for lbl in table.column_labels] + [0.0])
    head_h = math.ceil(head_w * slant + 16)
    n_rows, n_cols = len(table.rows), len(table.column_keys)
    grid_x, grid_y = PAD + label_w, PAD + head_h
    grid_w = n_cols * cw + TOTAL_GAP

    def col_x(j: int, key: str) -> float:  # left edge of a column
        return grid_x + j * cw + (TOTAL_GAP if key == TOTAL_KEY else 0)

    leg_y = grid_y + n_rows * CELL_H + 14
    steps = legend_steps(am.max_count)
    legend, leg_w = _legend(PAD, leg_y, steps, renderer)
    centres = [col_x(j, k) + cw / 2 for j, k in enumerate(table.column_keys)]
    heads_right = max([cx + text_width(lbl) * slant + 4 for cx, lbl in zip(centres, table.column_labels)] + [0.0])
    width = max(grid_x + grid_w + PAD, heads_right + PAD, PAD + leg_w + PAD)
    height = leg_y + LEGEND_H + PAD
    plan = plan_label(am.plan, renderer)
    xs = tuple((cx - cw / 2, num(cx)) for cx in centres)
    # The heads' group is turned once (-45°) about the first head's foot; in its frame, a head d px
    # further right on the page sits at (d, d) × √½.
    first = centres[0] if centres else grid_x
    heads = tuple((num((cx - first) * slant), lbl, k == TOTAL_KEY)
                  for cx, k, lbl in zip(centres, table.column_keys, table.column_labels))
    boxes, inks = _Boxes(steps), _ink_classes(steps)
    rows = tuple(_row(row.key, row.label, grid_y + i * CELL_H, row.values, table.column_keys, xs, cw, am.max_count,
                      inks, boxes, total_col=TOTAL_KEY)
                 for i, row in enumerate(table.rows))
    return _chart(
        renderer, "figures/agency_themes.svg", width, height, cw, steps, boxes, prefix=prefix, title=table.caption,
        desc=renderer.t("figure_agency_desc", plan=plan, rows=n_rows, cols=len(am.themes)),
        heads=heads, head_at=(num(first), num(grid_y - 6)), corner=(num(PAD), num(grid_y - 8), table.corner),
        empty=_grid(grid_x, grid_y, cw, len(am.themes), n_rows), label_x=num(PAD), rows=rows, legend=legend)


def svg_numbers(svg: str) -> dict[tuple[str, str], int]:
    """The numbers written in a chart's drawn cells (its non-zero values), by (row key, column key):
    for tests and checks. A drawn cell's number is the text with data-row and data-col."""
    root = ET.fromstring(svg)
    return {(e.get("data-row"), e.get("data-col")): int(e.text) for e in root.iter() if e.get("data-col") is not None}


# ---------------------------------------------------------------------------------------------
# Functions over time: who holds each key role (the /transfer/ chart, the province timeline)

# The main handover's two agencies, any other agency, none named, not in a partial text. Fills are
# paired with a text colour of at least 4.5:1 contrast; every mark also carries its words.
HOLDER_KINDS = ("predecessor", "successor", "other", "none", "not_in_text")
HOLDER_FILLS = {"predecessor": ("#b45309", "#ffffff"), "successor": ("#1d4ed8", "#ffffff"),
                "other": ("#d4d4d8", "#111827"), "none": ("#ffffff", "#52525b"),
                "not_in_text": ("#f4f4f5", "#52525b")}
BAR_W, BAR_GAP, BAR_MAX_H, AXIS_H = 26.0, 8.0, 72.0, 18.0


def holder_kind(agency: str | None, lineage: tuple[str, str], not_in_text: bool = False) -> str:
    if not_in_text:
        return "not_in_text"
    if agency is None:
        return "none"
    return ("predecessor", "successor")[lineage.index(agency)] if agency in lineage else "other"


@dataclass(frozen=True)
class Segment:
    kind: str
    x: str
    y: str
    w: str
    h: str
    cx: str
    cy: str
    n: int
    fill: str
    ink: str
    tip: str
    show: bool  # tall enough to write its number in


@dataclass(frozen=True)
class Panel:
    function: str
    label: str
    x: str
    y: str  # of the title
    axis_y: str
    bars: tuple[tuple[str, str, tuple[Segment, ...]], ...]  # (x of the year label, year, segments)


PHONE_W = 320.0  # what a figure may take at 360 px without being scaled down (its text then stays 12 px)
KEY_ROW = 18.0
LINE_H = 16.0


def _key(lineage, renderer, kinds=HOLDER_KINDS, width: float = PHONE_W) -> tuple[tuple, ...]:
    """The colour key, wrapped into rows no wider than `width`: (kind, label, x, fill, ink, text x, y, text y)."""
    labels = {"predecessor": renderer.agency_name(lineage[0], short=True),
              "successor": renderer.agency_name(lineage[1], short=True),
              "other": renderer.t("fn_other_agency"), "none": renderer.t("fn_not_named"),
              "not_in_text": renderer.t("fn_not_in_text")}
    out, x, y = [], PAD, PAD + 4
    for kind in kinds:
        fill, ink = HOLDER_FILLS[kind]
        w = 18 + text_width(labels[kind]) + 14
        if x > PAD and x + w - 14 > width - PAD:
            x, y = PAD, y + KEY_ROW
        out.append((kind, labels[kind], num(x), fill, ink, num(x + 18), num(y), num(y + 7)))
        x += w
    return tuple(out)


def _key_size(key) -> tuple[float, float]:
    """(width, height) of a key from its top."""
    if not key:
        return 0.0, 0.0
    right = max(float(k[5]) + text_width(k[1]) for k in key) + PAD
    return right, float(key[-1][6]) + KEY_ROW - PAD


BOLD = 1.12  # bold text is about this much wider


def wrap(text: str, width: float, factor: float = 1.0) -> tuple[str, ...]:
    """`text` in lines no wider than `width` (estimated; `factor` for bold), broken at spaces; a longer
    word keeps its line."""
    lines: list[str] = []
    for word in text.split():
        if lines and text_width(lines[-1] + " " + word) * factor <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return tuple(lines) or ("",)


def function_bars(national, lineage: tuple[str, str], renderer, functions: tuple[str, ...]) -> Figure:
    """Per key role, one bar per year of issue: how many plans gave it to the main lineage's two
    agencies, to another agency, or named no one. Plans whose partial text does not show it are not counted.
    As narrow as a phone allows: the key wraps, a role's name wraps above its bars."""
    rows = [n for n in national if n.function in functions]
    years = [y for y, _ in rows[0].years] if rows else []
    peak = max([sum(c for _, c in counts) for r in rows for _, counts in r.years] + [1])
    key = _key(lineage, renderer, HOLDER_KINDS[:-1])  # partial texts are not counted here
    key_w, key_h = _key_size(key)
    bars_w = PAD * 2 + len(years) * (BAR_W + BAR_GAP)
    width = max(bars_w, key_w, 200.0)
    panels = []
    top = PAD + key_h + 12
    for r in rows:
        title = wrap(renderer.t("cmp_role_" + r.function), width - 2 * PAD, BOLD)
        head = len(title) * LINE_H + 6
        base = top + head + BAR_MAX_H
        bars = []
        for j, (year, counts) in enumerate(r.years):
            x = PAD + j * (BAR_W + BAR_GAP)
            y = base
            segs = []
            by_kind: dict[str, int] = {}
            for agency, n in counts:
                k = holder_kind(agency, lineage)
                by_kind[k] = by_kind.get(k, 0) + n
            for k in HOLDER_KINDS:
                n = by_kind.get(k, 0)
                if not n:
                    continue
                h = n * BAR_MAX_H / peak
                y -= h
                fill, ink = HOLDER_FILLS[k]
                label = next(kk[1] for kk in key if kk[0] == k)
                segs.append(Segment(k, num(x), num(y), num(BAR_W), num(h), num(x + BAR_W / 2), num(y + h / 2), n,
                                    fill, ink, renderer.t("fn_bar_tip", year=year, who=label, n=n), h >= 14))
            bars.append((num(x + BAR_W / 2), str(year), tuple(segs)))
        panels.append(Panel(r.function, title, num(PAD), num(top + 12), num(base + 14), tuple(bars)))
        top = base + AXIS_H + 14
    height = top + PAD
    return _figure(renderer, "figures/function_bars.svg", width, height, prefix="function-bars",
                   title=renderer.t("fn_chart_title"), desc=renderer.t("fn_chart_desc", n=len(rows)),
                   panels=tuple(panels), key=key, line_h=num(LINE_H))


@dataclass(frozen=True)
class Tile:
    x: str
    y: str
    cx: str
    cy: str
    w: str
    h: str
    kind: str
    lines: tuple[tuple[str, str], ...]  # (text y, text): a holder's name in one or two lines
    fill: str
    ink: str
    tip: str


TILE_H = 34.0


def _two_lines(text: str) -> tuple[str, ...]:
    """`text` in the two lines of most equal width (one line if it has no space)."""
    words = text.split()
    if len(words) < 2:
        return (text,)
    splits = [(" ".join(words[:i]), " ".join(words[i:])) for i in range(1, len(words))]
    return min(splits, key=lambda ab: max(text_width(ab[0]), text_width(ab[1])))


def function_tiles(plans, functions: dict, lineage: tuple[str, str], renderer, roles: tuple[str, ...],
                   prefix: str) -> Figure:
    """A province line's key roles × its plans in time order (columns), each tile naming the holder.
    A role's name is a line above its tiles (not a column beside them), so the figure fits a phone's
    width for a few plans; a long holder name takes two lines."""
    heads = [(renderer.province_name(p.province), p.plan_id) for p in plans]
    key = _key(lineage, renderer)
    key_w, key_h = _key_size(key)
    labels = {kk[0]: kk[1] for kk in key}
    cells = []
    for role in roles:
        row = []
        for p in plans:
            h = next(x for x in functions[p.key] if x.function == role)
            kind = holder_kind(h.agency, lineage, h.state == "not_in_text")
            text = renderer.agency_name(h.agency, short=True) if h.agency else labels[kind]
            one = text_width(text) + 12
            lines = (text,) if one <= 130 else _two_lines(text)
            row.append((kind, text, lines))
        cells.append(row)
    cw = math.ceil(max([84.0] + [text_width(line) + 14 for h in heads for line in h]
                       + [text_width(line) + 12 for row in cells for _, _, lines in row for line in lines]))
    grid_w = len(plans) * cw
    width = max(PAD + grid_w + PAD, key_w, 200.0)
    head_top = PAD + key_h + 10
    top = head_top + 2 * 16 + 8
    names, tiles = [], []
    for i, role in enumerate(roles):
        name = renderer.t("cmp_role_" + role)
        lines = wrap(name, width - 2 * PAD, BOLD)
        names.append((num(PAD), tuple(num(top + 12 + k * LINE_H) for k in range(len(lines))), lines))
        y = top + len(lines) * LINE_H + 4
        for j, (kind, text, tlines) in enumerate(cells[i]):
            fill, ink = HOLDER_FILLS[kind]
            x = PAD + j * cw
            cy = y + TILE_H / 2
            ys = (cy,) if len(tlines) == 1 else (cy - 7, cy + 7)
            tiles.append(Tile(num(x), num(y), num(x + cw / 2), num(cy), num(cw), num(TILE_H), kind,
                              tuple((num(ty), line) for ty, line in zip(ys, tlines)), fill, ink,
                              renderer.t("fn_tile_tip", role=name, plan=" ".join(heads[j]), who=text)))
        top = y + TILE_H + 8
    height = top + PAD
    return _figure(renderer, "figures/function_tiles.svg", width, height, prefix=prefix,
                   title=renderer.t("fn_tiles_title"), desc=renderer.t("fn_tiles_desc", rows=len(roles), cols=len(plans)),
                   heads=tuple((num(PAD + j * cw + cw / 2), prov, pid) for j, (prov, pid) in enumerate(heads)),
                   head_y=(num(head_top + 14), num(head_top + 30)), rows=tuple(names), tiles=tuple(tiles), key=key,
                   line_h=num(LINE_H))
