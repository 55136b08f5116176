"""Static SVG charts of the matrices, and the same numbers as table rows (the text alternative).

Pure functions, deterministic output. Every cell shows its number as text: colour is never the
only carrier of a value. The fonts are the reader's own (system-ui, sans-serif), so text widths
are estimated, generously.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from xml.sax.saxutils import escape

from .analysis.matrix import AgencyThemeMatrix, Row, ThemeMatrix

FONT = "system-ui, sans-serif"
FONT_SIZE = 12
CHAR_FACTOR = 0.56  # generous average advance (em) for Vietnamese text in a sans-serif font
# Sequential blues (ColorBrewer). Text is dark on the four light steps, white on the two dark ones:
# every pair has a contrast ratio of at least 4.5:1.
FILLS = ("#deebf7", "#c6dbef", "#9ecae1", "#6baed6", "#2171b5", "#08519c")
TEXT_ON = ("#111827", "#111827", "#111827", "#111827", "#ffffff", "#ffffff")
ZERO_FILL, ZERO_TEXT = "#f4f4f5", "#52525b"
TOTAL_FILL, TOTAL_TEXT = "#ffffff", "#111827"
GRID = "#ffffff"
INK = "#111827"

TOTAL_KEY = "total"
BOLD = ' font-weight="bold"'

_STRINGS = {
    "vi": {
        "heatmap_title": "Chủ đề nhiệm vụ theo kế hoạch",
        "heatmap_desc": ("Bản đồ nhiệt: số nhiệm vụ của mỗi kế hoạch theo chủ đề ({rows} chủ đề, {cols} kế hoạch: {plans}). "
                         "Mỗi ô ghi số nhiệm vụ; màu càng đậm, số càng lớn. Một nhiệm vụ có thể thuộc nhiều chủ đề. "
                         "Dòng cuối là tổng số nhiệm vụ của kế hoạch. Cùng số liệu có trong bảng đi kèm."),
        "heatmap_corner": "Chủ đề",
        "tasks_total": "Tổng số nhiệm vụ",
        "agency_title": "Cơ quan và chủ đề nhiệm vụ: {plan}",
        "agency_desc": ("Số nhiệm vụ của mỗi cơ quan theo chủ đề trong kế hoạch {plan} ({rows} cơ quan, {cols} chủ đề). "
                        "Mỗi ô ghi số nhiệm vụ; màu càng đậm, số càng lớn. Một nhiệm vụ có thể thuộc nhiều chủ đề. "
                        "Cột cuối là tổng số nhiệm vụ của cơ quan. Cùng số liệu có trong bảng đi kèm."),
        "agency_corner": "Cơ quan",
        "legend": "Số nhiệm vụ:",
        "cell": "{row} – {col}: {n} nhiệm vụ",
        "incl": "gồm",
        "none": "không có",
    },
    "en": {
        "heatmap_title": "Task themes by plan",
        "heatmap_desc": ("Heatmap: number of tasks in each plan by theme ({rows} themes, {cols} plans: {plans}). "
                         "Each cell shows the number of tasks; the darker the colour, the larger the number. "
                         "A task can have several themes. The last row is the plan's total number of tasks. "
                         "The accompanying table holds the same numbers."),
        "heatmap_corner": "Theme",
        "tasks_total": "Total tasks",
        "agency_title": "Agencies and task themes: {plan}",
        "agency_desc": ("Number of tasks of each agency by theme in the plan {plan} ({rows} agencies, {cols} themes). "
                        "Each cell shows the number of tasks; the darker the colour, the larger the number. "
                        "A task can have several themes. The last column is the agency's total number of tasks. "
                        "The accompanying table holds the same numbers."),
        "agency_corner": "Agency",
        "legend": "Tasks:",
        "cell": "{row} – {col}: {n} tasks",
        "incl": "incl.",
        "none": "none",
    },
}


def _s(lang: str) -> dict:
    return _STRINGS.get(lang, _STRINGS["vi"])


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

    def value(self, row_key: str, column_key: str) -> int:
        row = next(r for r in self.rows if r.key == row_key)
        return row.values[self.column_keys.index(column_key)]


def row_label(row: Row, lang: str = "vi") -> str:
    base = row.short_name if lang == "vi" else row.name_en
    others = [n for m, n in zip(row.members, row.member_names) if m != row.agency]
    return f"{base} ({_s(lang)['incl']} {', '.join(others)})" if others else base


def heatmap_table(tm: ThemeMatrix, lang: str = "vi") -> Table:
    s = _s(lang)
    rows = [TableRow(t.id, t.name if lang == "vi" else t.name_en, counts) for t, counts in zip(tm.themes, tm.counts)]
    rows.append(TableRow(TOTAL_KEY, s["tasks_total"], tm.totals))
    return Table(caption=s["heatmap_title"], corner=s["heatmap_corner"],
                 column_keys=tuple(c.key for c in tm.columns),
                 column_labels=tuple(c.label for c in tm.columns), rows=tuple(rows))


def agency_theme_table(am: AgencyThemeMatrix, lang: str = "vi") -> Table:
    s = _s(lang)
    rows = tuple(TableRow(r.agency, row_label(r, lang), counts + (n,))
                 for r, counts, n in zip(am.rows, am.counts, am.tasks))
    return Table(caption=s["agency_title"].format(plan=am.plan.label), corner=s["agency_corner"],
                 column_keys=tuple(t.id for t in am.themes) + (TOTAL_KEY,),
                 column_labels=tuple(t.name if lang == "vi" else t.name_en for t in am.themes) + (s["tasks_total"],),
                 rows=rows)


# ---------------------------------------------------------------------------------------------
# SVG

def _attr(value) -> str:
    return escape(str(value), {'"': "&quot;"})


def _num(x: float) -> str:
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


def _colours(value: int, maximum: int) -> tuple[str, str]:
    b = bucket(value, maximum)
    return (ZERO_FILL, ZERO_TEXT) if b < 0 else (FILLS[b], TEXT_ON[b])


def legend_steps(maximum: int) -> tuple[tuple[int, int, str, str], ...]:
    """(low, high, fill, text colour) for each colour step in use, zero first."""
    steps = [(0, 0, ZERO_FILL, ZERO_TEXT)]
    for b in range(len(FILLS)):
        values = [v for v in range(1, maximum + 1) if bucket(v, maximum) == b]
        if values:
            steps.append((values[0], values[-1], FILLS[b], TEXT_ON[b]))
    return tuple(steps)


def _svg_open(width: float, height: float, prefix: str, title: str, desc: str, lang: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_num(width)}" height="{_num(height)}" '
        f'viewBox="0 0 {_num(width)} {_num(height)}" role="img" aria-labelledby="{prefix}-title {prefix}-desc" '
        f'font-family="{FONT}" font-size="{FONT_SIZE}" lang="{_attr(lang)}" class="plansite-chart">',
        f'<title id="{prefix}-title">{escape(title)}</title>',
        f'<desc id="{prefix}-desc">{escape(desc)}</desc>',
    ]


def _cell(x, y, w, h, value, fill, ink, row_key, col_key, tip, total=False) -> str:
    cls = "cell total" if total else "cell"
    stroke = f' stroke="{INK}" stroke-opacity="0.25"' if total else f' stroke="{GRID}"'
    return (f'<g class="{cls}" data-row="{_attr(row_key)}" data-col="{_attr(col_key)}">'
            f'<title>{escape(tip)}</title>'
            f'<rect x="{_num(x)}" y="{_num(y)}" width="{_num(w)}" height="{_num(h)}" fill="{fill}"{stroke}/>'
            f'<text x="{_num(x + w / 2)}" y="{_num(y + h / 2)}" text-anchor="middle" dominant-baseline="central" '
            f'fill="{ink}"{BOLD if total else ""}>{value}</text></g>')


def _legend(x: float, y: float, maximum: int, lang: str) -> tuple[list[str], float, float]:
    """Legend row; returns (elements, width, height)."""
    s = _s(lang)
    out = [f'<g class="legend"><text x="{_num(x)}" y="{_num(y + 10)}" dominant-baseline="central" fill="{INK}">'
           f'{escape(s["legend"])}</text>']
    cx = x + text_width(s["legend"]) + 8
    for low, high, fill, ink in legend_steps(maximum):
        label = str(low) if low == high else f"{low}–{high}"
        w = max(28.0, text_width(label) + 12)
        out.append(f'<rect x="{_num(cx)}" y="{_num(y)}" width="{_num(w)}" height="20" fill="{fill}" stroke="{INK}" stroke-opacity="0.15"/>'
                   f'<text x="{_num(cx + w / 2)}" y="{_num(y + 10)}" text-anchor="middle" dominant-baseline="central" fill="{ink}">{label}</text>')
        cx += w + 4
    out.append("</g>")
    return out, cx - x, 20.0


def heatmap_svg(tm: ThemeMatrix, lang: str = "vi", id_prefix: str = "heatmap") -> str:
    """Themes (rows) × plans (columns); a last row with each plan's number of tasks."""
    s = _s(lang)
    table = heatmap_table(tm, lang)
    pad, ch, gap = 8.0, 24.0, 6.0
    label_w = max([text_width(r.label) for r in table.rows] + [text_width(table.corner)]) + 12
    heads = [(c.province_name, c.plan_id) for c in tm.columns]
    cw = max([56.0] + [text_width(line) + 14 for h in heads for line in h])
    head_h = 2 * 16 + 8
    n_rows, n_cols = len(tm.themes), len(tm.columns)
    grid_x, grid_y = pad + label_w, pad + head_h
    grid_h = n_rows * ch + gap + ch
    leg_y = grid_y + grid_h + 14
    legend, leg_w, leg_h = _legend(pad, leg_y, tm.max_count, lang)
    width = max(grid_x + n_cols * cw + pad, pad + leg_w + pad)
    height = leg_y + leg_h + pad
    plans = "; ".join(c.label for c in tm.columns) or s["none"]
    desc = s["heatmap_desc"].format(rows=n_rows, cols=n_cols, plans=plans)
    out = _svg_open(width, height, id_prefix, s["heatmap_title"], desc, lang)
    # column heads
    out.append('<g class="column-heads">')
    for j, (prov, pid) in enumerate(heads):
        x = grid_x + j * cw + cw / 2
        out.append(f'<text x="{_num(x)}" y="{_num(pad + 14)}" text-anchor="middle" fill="{INK}" font-weight="bold">{escape(prov)}</text>'
                   f'<text x="{_num(x)}" y="{_num(pad + 30)}" text-anchor="middle" fill="{INK}">{escape(pid)}</text>')
    out.append(f'<text x="{_num(pad)}" y="{_num(pad + 30)}" fill="{INK}" font-weight="bold">{escape(table.corner)}</text>')
    out.append("</g>")
    # rows
    maximum = tm.max_count
    for i, row in enumerate(table.rows):
        total = row.key == TOTAL_KEY
        y = grid_y + i * ch + (gap if total else 0)
        out.append(f'<g class="row" data-row="{_attr(row.key)}">')
        out.append(f'<text x="{_num(pad)}" y="{_num(y + ch / 2)}" dominant-baseline="central" fill="{INK}"'
                   f'{BOLD if total else ""}>{escape(row.label)}</text>')
        for j, (col, value) in enumerate(zip(tm.columns, row.values)):
            fill, ink = (TOTAL_FILL, TOTAL_TEXT) if total else _colours(value, maximum)
            tip = s["cell"].format(row=row.label, col=col.label, n=value)
            out.append(_cell(grid_x + j * cw, y, cw, ch, value, fill, ink, row.key, col.key, tip, total))
        out.append("</g>")
    out += legend
    out.append("</svg>")
    return "\n".join(out) + "\n"


def agency_theme_svg(am: AgencyThemeMatrix, lang: str = "vi", id_prefix: str | None = None) -> str:
    """Agencies (rows) × themes (columns, slanted heads) of one plan; a last column with each
    agency's number of tasks."""
    s = _s(lang)
    prefix = id_prefix or "agency-theme-" + am.plan.key.replace("/", "-")
    table = agency_theme_table(am, lang)
    pad, cw, ch, gap = 8.0, 32.0, 24.0, 6.0
    label_w = max([text_width(r.label) for r in table.rows] + [text_width(table.corner)]) + 12
    slant = math.sqrt(0.5)
    head_w = max([text_width(lbl) for lbl in table.column_labels] + [0.0])
    head_h = head_w * slant + 16
    n_rows, n_cols = len(table.rows), len(table.column_keys)
    grid_x, grid_y = pad + label_w, pad + head_h
    grid_w = n_cols * cw + gap
    leg_y = grid_y + n_rows * ch + 14
    legend, leg_w, leg_h = _legend(pad, leg_y, am.max_count, lang)
    heads_right = max([grid_x + j * cw + cw / 2 + (gap if k == TOTAL_KEY else 0) + text_width(lbl) * slant + 4
                       for j, (k, lbl) in enumerate(zip(table.column_keys, table.column_labels))] + [0.0])
    width = max(grid_x + grid_w + pad, heads_right + pad, pad + leg_w + pad)
    height = leg_y + leg_h + pad
    title = s["agency_title"].format(plan=am.plan.label)
    desc = s["agency_desc"].format(plan=am.plan.label, rows=n_rows, cols=len(am.themes))
    out = _svg_open(width, height, prefix, title, desc, lang)
    out.append('<g class="column-heads">')
    for j, (key, label) in enumerate(zip(table.column_keys, table.column_labels)):
        x = grid_x + j * cw + cw / 2 + (gap if key == TOTAL_KEY else 0)
        y = grid_y - 6
        out.append(f'<text transform="translate({_num(x)},{_num(y)}) rotate(-45)" fill="{INK}"'
                   f'{BOLD if key == TOTAL_KEY else ""}>{escape(label)}</text>')
    out.append(f'<text x="{_num(pad)}" y="{_num(grid_y - 8)}" fill="{INK}" font-weight="bold">{escape(table.corner)}</text>')
    out.append("</g>")
    maximum = am.max_count
    for i, row in enumerate(table.rows):
        y = grid_y + i * ch
        out.append(f'<g class="row" data-row="{_attr(row.key)}">')
        out.append(f'<text x="{_num(pad)}" y="{_num(y + ch / 2)}" dominant-baseline="central" fill="{INK}">{escape(row.label)}</text>')
        for j, (key, col_label, value) in enumerate(zip(table.column_keys, table.column_labels, row.values)):
            total = key == TOTAL_KEY
            x = grid_x + j * cw + (gap if total else 0)
            fill, ink = (TOTAL_FILL, TOTAL_TEXT) if total else _colours(value, maximum)
            tip = s["cell"].format(row=row.label, col=col_label, n=value)
            out.append(_cell(x, y, cw, ch, value, fill, ink, row.key, key, tip, total))
        out.append("</g>")
    out += legend
    out.append("</svg>")
    return "\n".join(out) + "\n"


def svg_numbers(svg: str) -> dict[tuple[str, str], int]:
    """The numbers written in a chart's cells, by (row key, column key): for tests and checks."""
    import xml.etree.ElementTree as ET
    ns = "{http://www.w3.org/2000/svg}"
    root = ET.fromstring(svg)
    out = {}
    for g in root.iter(f"{ns}g"):
        if "cell" in (g.get("class") or "").split():
            out[(g.get("data-row"), g.get("data-col"))] = int(g.find(f"{ns}text").text)
    return out
