"""The responsibility matrix and its charts: counting rules on small plans, then agreement with
the YAML of every seed plan (expectations computed straight from the YAML files, not through
generator.model), and SVG that is well-formed and says the same numbers as its table."""
import re
import xml.etree.ElementTree as ET
from collections import defaultdict

import pytest
import yaml

from generator.analysis.matrix import (KIND_ORDER, Filters, agency_theme_matrices, agency_theme_matrix, assignments,
                              filter_matrix, responsibility_matrix, theme_plan_matrix)
from generator.model import build_plan
from generator.i18n import Language, load_labels
from generator.render import Renderer
from generator.settings import load_settings
from generator.views.figures import (FILLS, INK, STEP_CLASSES, TEXT_ON, TOTAL_KEY, agency_theme_table, agency_themes,
                                     bucket, heatmap, heatmap_table, legend_steps, svg_numbers)

from conftest import CONTENT, ROOT

SEEDS = ("dak-nong/2021-2030", "quang-ngai/2025", "gia-lai/2020", "ninh-thuan/2021", "cao-bang/2022")
RANK = {"lead": 3, "responsible": 2, "coordinating": 1}
SVG = "{http://www.w3.org/2000/svg}"


# ---------------------------------------------------------------------------------------------
# Small plans

def task(tid, ref, roles, themes, label=None, text="Nhiệm vụ.", indicators=()):
    return {"id": tid, "ref": ref, "label": label, "text": text, "roles": roles, "themes": list(themes),
            "indicators": list(indicators)}


def mini_plan(province, plan_id, y0, y1, blocks, items=(), number="IV"):
    front = {"province": province, "plan_id": plan_id, "kind": "annual" if y0 == y1 else "strategy",
             "period": {"from": y0, "to": y1}, "title": f"Kế hoạch thử {province} {plan_id}",
             "document": {"type": "KẾ HOẠCH", "number": "1/KH-UBND", "date": f"{y0}-03-01"},
             "issuing_body": "Ủy ban nhân dân tỉnh", "lead_agency": "so-ldtbxh" if y0 < 2025 else "so-noi-vu",
             "key_roles": {}, "source": {"file": "sources/x.txt", "seed": None, "url": None}}
    body = {"sections": [
        {"number": "II", "kind": "content", "heading": "NỘI DUNG", "items": list(items)},
        {"number": number, "kind": "implementation", "heading": "TỔ CHỨC THỰC HIỆN", "blocks": blocks},
    ]}
    return build_plan(front, body, f"plans/{province}/{plan_id}.yml")


@pytest.fixture(scope="module")
def small(registry):
    a = mini_plan("gia-lai", "2020", 2020, 2020, [
        {"id": "so-ldtbxh", "label": "1.", "name": "Sở Lao động - Thương binh và Xã hội", "agencies": ["so-ldtbxh"],
         "mode": "directed", "tasks": [
             task("so-ldtbxh-a", "IV.1.a", {"so-ldtbxh": "lead", "so-y-te": "coordinating"}, ["coordination", "reporting"], "a)"),
             task("so-ldtbxh-b", "IV.1.b", {"so-ldtbxh": "responsible"}, ["communication"], "b)"),
         ]},
        {"id": "so-y-te", "label": "2.", "name": "Sở Y tế:", "agencies": ["so-y-te"], "mode": "directed",
         "tasks": [task("so-y-te-p1", "IV.2.p1", {"so-y-te": "responsible", "so-noi-vu": "coordinating"}, ["health"])]},
        {"id": "hoi-lhpn", "label": "3.", "name": "Đề nghị Hội Liên hiệp Phụ nữ tỉnh:", "agencies": ["hoi-lhpn"],
         "mode": "requested",
         "tasks": [task("hoi-lhpn-p1", "IV.3.p1", {"hoi-lhpn": "lead", "so-ldtbxh": "coordinating"}, ["communication", "gbv-services"])]},
    ], items=[{"label": "1.", "heading": "Truyền thông", "text": "Sở LĐTBXH chủ trì ...", "id": "ii-1", "ref": "II.1",
               "roles": {"so-ldtbxh": "lead", "cong-an": "coordinating"}, "themes": ["communication"]}])
    b = mini_plan("quang-ngai", "2025", 2025, 2025, [
        {"id": "so-noi-vu", "label": "1.", "name": "Sở Nội vụ", "agencies": ["so-noi-vu"], "mode": "directed", "tasks": [
            task("so-noi-vu-a", "IV.1.a", {"so-noi-vu": "lead"}, ["coordination"], "a)", indicators=["M1"]),
            task("so-noi-vu-b", "IV.1.b", {"so-noi-vu": "coordinating", "hoi-lhpn": "lead"}, ["gbv-services"], "b)"),
        ]},
        {"id": "mttq", "label": "2.", "name": "Đề nghị Ủy ban MTTQ Việt Nam tỉnh", "agencies": ["mttq"], "mode": "requested",
         "tasks": [task("mttq-p1", "IV.2.p1", {"mttq": "responsible"}, ["communication"])]},
    ])
    c = mini_plan("dak-nong", "2021-2030", 2021, 2030, [
        {"id": "so-ldtbxh", "label": "1.", "name": "Sở LĐTBXH", "agencies": ["so-ldtbxh"], "mode": "directed",
         "tasks": [task("so-ldtbxh-p1", "IV.1.p1", {"so-ldtbxh": "lead", "cac-so-nganh": "responsible"}, ["statistics"])]},
    ])
    d = mini_plan("cao-bang", "2021", 2021, 2021, [
        {"id": "ubnd-huyen", "label": "1.", "name": "UBND các huyện, thành phố", "agencies": ["ubnd-huyen"], "mode": "directed",
         "tasks": [task("ubnd-huyen-p1", "IV.1.p1", {"ubnd-huyen": "responsible", "van-phong-ubnd": "coordinating"}, ["reporting"])]},
    ])
    return [b, a, d, c], registry


@pytest.fixture(scope="module")
def renderers(registry):
    """language code -> Renderer over the real registry and settings (the figures' words come from it)."""
    config, diags = load_settings(ROOT / "site_config.yml")
    assert config is not None, "; ".join(d.format() for d in diags)
    labels = load_labels()[0]
    return {lang: Renderer(Language(lang, config["languages"], labels, registry, config)) for lang in config["languages"]}


def test_columns_by_year_then_vietnamese_collation(small):
    plans, reg = small
    m = responsibility_matrix(plans, reg)
    # 2021: Cao Bằng before Đắk Nông (Đ sorts after D, both after C)
    assert [c.key for c in m.columns] == ["gia-lai/2020", "cao-bang/2021", "dak-nong/2021-2030", "quang-ngai/2025"]


def test_rows_grouped_by_kind_with_lineage(small):
    plans, reg = small
    m = responsibility_matrix(plans, reg)
    kinds = [r.kind for r in m.rows]
    ranks = [KIND_ORDER.index(k) for k in kinds]
    assert ranks == sorted(ranks)
    ids = [r.agency for r in m.rows]
    assert ids.index("so-ldtbxh") == ids.index("so-noi-vu") - 1  # predecessor right before its successor
    row = {r.agency: r for r in m.rows}
    assert row["so-ldtbxh"].lineage_root == "so-noi-vu"
    assert row["ubnd-huyen"].lineage_root == "ubnd-xa"
    assert [k for k, _ in m.groups()] == [k for k in KIND_ORDER if k in kinds]


def test_cell_strongest_role_mode_counts(small):
    plans, reg = small
    m = responsibility_matrix(plans, reg)
    c = m.cell("so-ldtbxh", "gia-lai/2020")
    assert (c.role, c.mode, c.tasks) == ("lead", "directed", 4)
    assert c.task_ids == ("ii-1", "so-ldtbxh-a", "so-ldtbxh-b", "hoi-lhpn-p1")  # plan order: content section first
    assert dict(c.roles) == {"lead": 2, "responsible": 1, "coordinating": 1}
    assert dict(c.themes) == {"coordination": 1, "communication": 3, "gbv-services": 1, "reporting": 1}
    assert [t for t, _ in c.themes] == ["coordination", "communication", "gbv-services", "reporting"]  # registry order
    assert c.requested_tasks == 1
    h = m.cell("hoi-lhpn", "gia-lai/2020")
    assert (h.role, h.mode, h.requested) == ("lead", "requested", True)
    h25 = m.cell("hoi-lhpn", "quang-ngai/2025")  # leads a task of a directed block: directed
    assert (h25.role, h25.mode) == ("lead", "directed")
    y = m.cell("so-y-te", "gia-lai/2020")
    assert (y.role, y.tasks) == ("responsible", 2)
    nv = m.cell("so-noi-vu", "gia-lai/2020")
    assert (nv.role, nv.tasks) == ("coordinating", 1)
    assert m.cell("so-noi-vu", "dak-nong/2021-2030") is None
    assert all(c.tasks > 0 for c in m.cells)
    # row-major order of cells
    pos = {(r.agency, col.key): (i, j) for i, r in enumerate(m.rows) for j, col in enumerate(m.columns)}
    assert [pos[(c.agency, c.plan)] for c in m.cells] == sorted(pos[(c.agency, c.plan)] for c in m.cells)


def test_fold_lineage(small):
    plans, reg = small
    m = responsibility_matrix(plans, reg, fold_lineage=True)
    ids = [r.agency for r in m.rows]
    assert "so-ldtbxh" not in ids and "ubnd-huyen" not in ids
    nv = {r.agency: r for r in m.rows}["so-noi-vu"]
    assert nv.members == ("so-ldtbxh", "so-noi-vu")
    c = m.cell("so-noi-vu", "gia-lai/2020")
    # so-ldtbxh's four tasks and so-noi-vu's one, none shared
    assert (c.role, c.tasks) == ("lead", 5)
    assert m.cell("so-noi-vu", "dak-nong/2021-2030").tasks == 1
    assert m.cell("ubnd-xa", "cao-bang/2021").tasks == 1


def test_filters(small):
    plans, reg = small
    m = responsibility_matrix(plans, reg, Filters(themes=["communication"]))
    c = m.cell("so-ldtbxh", "gia-lai/2020")
    assert c.tasks == 3 and dict(c.themes) == {"communication": 3}
    assert m.cell("so-y-te", "gia-lai/2020") is None
    assert [t.id for t in m.themes] == ["communication"]
    m = filter_matrix(plans, reg, provinces=["quang-ngai", "gia-lai"])
    assert [c.key for c in m.columns] == ["gia-lai/2020", "quang-ngai/2025"]
    m = filter_matrix(plans, reg, year_from=2022, year_to=2030)  # overlap: the 2021–2030 strategy stays
    assert [c.key for c in m.columns] == ["dak-nong/2021-2030", "quang-ngai/2025"]
    m = filter_matrix(plans, reg, year_to=2020)
    assert [c.key for c in m.columns] == ["gia-lai/2020"]
    m = filter_matrix(plans, reg, roles=["lead"])
    assert {c.role for c in m.cells} == {"lead"}
    assert m.cell("so-ldtbxh", "gia-lai/2020").tasks == 2
    m = filter_matrix(plans, reg, modes=["requested"])
    assert {(c.agency, c.plan) for c in m.cells} == {("hoi-lhpn", "gia-lai/2020"), ("so-ldtbxh", "gia-lai/2020"),
                                                    ("mttq", "quang-ngai/2025")}
    m = filter_matrix(plans, reg, agencies=["so-noi-vu"])  # a lineage root keeps its predecessors
    assert {r.agency for r in m.rows} == {"so-noi-vu", "so-ldtbxh"}
    assert Filters(themes=("b", "a", "a")) == Filters(themes=["a", "b"])


def test_theme_and_agency_theme_views(small):
    plans, reg = small
    tm = theme_plan_matrix(plans, reg)
    cell = lambda m, rows, cols, r, c: m.counts[rows.index(r)][cols.index(c)]
    themes, columns = [t.id for t in tm.themes], [c.key for c in tm.columns]
    assert cell(tm, themes, columns, "communication", "gia-lai/2020") == 3
    assert cell(tm, themes, columns, "health", "gia-lai/2020") == 1
    assert tm.totals == (5, 1, 1, 3)
    assert [t.id for t in tm.themes] == list(reg.themes)
    am = agency_theme_matrix(plans[1], reg)
    assert am.plan.key == "gia-lai/2020"
    agencies, themes = [r.agency for r in am.rows], [t.id for t in am.themes]
    assert cell(am, agencies, themes, "so-ldtbxh", "communication") == 3
    assert cell(am, agencies, themes, "cong-an", "communication") == 1
    assert dict(zip((r.agency for r in am.rows), am.tasks))["so-ldtbxh"] == 4
    assert [a.plan.key for a in agency_theme_matrices(plans, reg)] == [c.key for c in tm.columns]
    tf = theme_plan_matrix(plans, reg, Filters(themes=["health", "reporting"], provinces=["gia-lai"]))
    assert [t.id for t in tf.themes] == ["health", "reporting"] and tf.counts == ((1,), (1,)) and tf.totals == (2,)


def test_deterministic(small, renderers):
    plans, reg = small
    assert responsibility_matrix(plans, reg) == responsibility_matrix(list(reversed(plans)), reg)
    assert theme_plan_matrix(plans, reg) == theme_plan_matrix(list(reversed(plans)), reg)
    r = renderers["vi"]
    assert heatmap(theme_plan_matrix(plans, reg), r) == heatmap(theme_plan_matrix(list(reversed(plans)), reg), r)


# ---------------------------------------------------------------------------------------------
# SVG

BOX = re.compile(r"M(-?[\d.]+) (-?[\d.]+)h([\d.]+)v([\d.]+)h-[\d.]+z")


def grid_boxes(root) -> list[tuple[str, float, float, float, float]]:
    """(class, x, y, width, height) of the boxes drawn in the grid: a path per class, a rectangle
    per run of cells (the legend's swatches are not in the grid)."""
    out = []
    for path in root.findall(f"{SVG}path"):
        cls = path.get("class")
        if cls in STEP_CLASSES or cls == "t":
            d = path.get("d")
            boxes = BOX.findall(d)
            assert "".join(f"M{x} {y}h{w}v{h}h-{w}z" for x, y, w, h in boxes) == d  # rectangles only
            out += [(cls, *map(float, b)) for b in boxes]
    return out


def drawn_cells(root) -> list[tuple[str, str, int, str, float, float]]:
    """(row key, column key, number, text class, centre x, centre y) of every drawn cell: the texts
    with data-row and data-col, in the group of their row (which gives their y)."""
    out = []
    for g in root.iter(f"{SVG}g"):
        if g.get("class") == "row":
            y = float(re.fullmatch(r"translate\(0,(-?[\d.]+)\)", g.get("transform")).group(1))
            for t in g.findall(f"{SVG}text"):
                if t.get("data-col") is not None:
                    assert t.get("data-row") == g.get("data-row")  # in its own row
                    out.append((t.get("data-row"), t.get("data-col"), int(t.text), t.get("class") or "",
                                float(t.get("x")), y))
    return out


def check_svg(svg: str, table, prefix: str):
    root = ET.fromstring(svg)  # well-formed
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    labelled = root.get("aria-labelledby").split()
    assert labelled == [f"{prefix}-title", f"{prefix}-desc"]
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title.get("id") == labelled[0] and desc.get("id") == labelled[1]
    assert title.text and desc.text
    assert len(list(root.iter(f"{SVG}title"))) == 1  # no tooltip per cell: <img> never shows them
    assert root.get("font-family") == "system-ui, sans-serif"
    assert "@font-face" not in svg and "url(" not in svg

    # Every non-zero value of the table is written in the figure, under its keys; no zero is drawn.
    numbers = svg_numbers(svg)
    values = {(r.key, k): v for r in table.rows for k, v in zip(table.column_keys, r.values)}
    assert numbers == {key: v for key, v in values.items() if v}
    cells = drawn_cells(root)
    assert len(cells) == len(numbers) and all(n > 0 for *_, n, _, _, _ in cells)

    # ... at the right place: a row's cells on its line, a column's cells one above the other, the
    # columns left to right in the table's order and the rows top to bottom
    col_x, row_y = {}, {}
    for row, col, _, _, x, y in cells:
        assert col_x.setdefault(col, x) == x and row_y.setdefault(row, y) == y
    order = {k: i for i, k in enumerate(table.column_keys)}
    assert sorted(col_x, key=col_x.get) == sorted(col_x, key=order.get)
    order = {r.key: i for i, r in enumerate(table.rows)}
    assert sorted(row_y, key=row_y.get) == sorted(row_y, key=order.get)

    # ... on a box of its colour step (a total on a white one), with the step's text colour; every
    # box covers drawn cells only, side by side
    maximum = max([v for (row, col), v in values.items() if TOTAL_KEY not in (row, col)], default=0)
    style = root.find(f"{SVG}style").text
    boxes = grid_boxes(root)
    covered = defaultdict(list)
    for row, col, n, text_class, x, y in cells:
        inside = [b for b in boxes if b[1] < x < b[1] + b[3] and b[2] < y < b[2] + b[4]]
        assert len(inside) == 1, (row, col)
        covered[inside[0]].append(x)
        if TOTAL_KEY in (row, col):
            assert inside[0][0] == "t" and text_class == "h"
        else:
            step = bucket(n, maximum)
            assert inside[0][0] == STEP_CLASSES[step] and f".{STEP_CLASSES[step]}{{fill:{FILLS[step]}}}" in style
            light = TEXT_ON[step] != INK
            assert text_class == (STEP_CLASSES[step] if light else "")
            if light:
                assert f"text.{STEP_CLASSES[step]}{{fill:{TEXT_ON[step]}}}" in style
    assert set(covered) == set(boxes)
    for (_, x0, _, w, _), xs in covered.items():
        step = w / len(xs)
        assert all(abs(x - (x0 + (i + 0.5) * step)) < 0.11 for i, x in enumerate(sorted(xs)))
    return root


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_svg_small(small, renderers, lang):
    plans, reg = small
    r = renderers[lang]
    tm = theme_plan_matrix(plans, reg)
    check_svg(heatmap(tm, r).svg, heatmap_table(tm, r), "heatmap")
    for am in agency_theme_matrices(plans, reg, fold_lineage=(lang == "en")):
        prefix = "agency-theme-" + am.plan.key.replace("/", "-")
        check_svg(agency_themes(am, r).svg, agency_theme_table(am, r), prefix)


def test_svg_escapes_and_empty(registry, renderers):
    r = renderers["vi"]
    tm = theme_plan_matrix([], registry)
    root = check_svg(heatmap(tm, r, id_prefix="x").svg, heatmap_table(tm, r), "x")
    assert root is not None
    p = mini_plan("gia-lai", "2020", 2020, 2020, [
        {"id": "b", "label": "1.", "name": "A & <B>", "agencies": ["cac-so-nganh"], "mode": "directed",
         "tasks": [task("b-p1", "IV.1.p1", {"cac-so-nganh": "lead"}, ["budget"])]}])
    am = agency_theme_matrix(p, registry)
    check_svg(agency_themes(am, r, id_prefix="y").svg, agency_theme_table(am, r), "y")


def test_legend_covers_every_value():
    for maximum in range(0, 30):
        steps = legend_steps(maximum)
        covered = [v for lo, hi, *_ in steps for v in range(lo, hi + 1)]
        assert covered == list(range(0, maximum + 1))


# ---------------------------------------------------------------------------------------------
# The seed plans, against their YAML

def yaml_tasks(path):
    """(task id, mode, raw task) straight from a plan file, without generator.model."""
    docs = list(yaml.safe_load_all(path.read_text(encoding="utf-8")))
    front, body = docs
    out = []

    def walk(items):
        for it in items or []:
            if it.get("id"):
                out.append((it["id"], "directed", it))
            walk(it.get("items"))
    for s in body["sections"]:
        walk(s.get("items"))
        for b in s.get("blocks") or []:
            for t in b["tasks"]:
                out.append((t["id"], b.get("mode", "directed"), t))
    return f"{front['province']}/{front['plan_id']}", out


def yaml_expectations():
    """key -> agency -> {role, mode, tasks, themes}; key -> theme -> tasks."""
    cells, themes = {}, {}
    for path in sorted((CONTENT / "plans").glob("*/*.yml")):
        key, tasks = yaml_tasks(path)
        per = defaultdict(lambda: {"ids": [], "roles": [], "themes": defaultdict(int), "modes": []})
        th = defaultdict(int)
        for tid, mode, t in tasks:
            for theme in set(t["themes"]):
                th[theme] += 1
            for agency, role in t["roles"].items():
                e = per[agency]
                e["ids"].append(tid)
                e["roles"].append((role, mode))
                for theme in set(t["themes"]):
                    e["themes"][theme] += 1
        out = {}
        for agency, e in per.items():
            best = max(RANK[r] for r, _ in e["roles"])
            role = next(r for r in RANK if RANK[r] == best)
            mode = "directed" if any(m == "directed" for r, m in e["roles"] if r == role) else "requested"
            out[agency] = {"role": role, "mode": mode, "tasks": len(e["ids"]), "ids": e["ids"], "themes": dict(e["themes"])}
        cells[key], themes[key] = out, dict(th)
    return cells, themes


def test_seed_plans_present(corpus):
    plans, _ = corpus
    assert set(SEEDS) <= {p.key for p in plans}


def test_matrix_agrees_with_yaml(corpus):
    plans, reg = corpus
    cells, themes = yaml_expectations()
    m = responsibility_matrix(plans, reg)
    assert {c.key for c in m.columns} == set(cells)
    got = {(c.plan, c.agency): c for c in m.cells}
    want = {(k, a) for k, per in cells.items() for a in per}
    assert set(got) == want
    for (key, agency), c in got.items():
        e = cells[key][agency]
        assert (c.role, c.mode, c.tasks) == (e["role"], e["mode"], e["tasks"]), (key, agency)
        assert list(c.task_ids) == e["ids"], (key, agency)
        assert dict(c.themes) == e["themes"], (key, agency)
    tm = theme_plan_matrix(plans, reg)
    for t, row in zip(tm.themes, tm.counts):
        for col, n in zip(tm.columns, row):
            assert n == themes[col.key].get(t.id, 0), (t.id, col.key)
    for am in agency_theme_matrices(plans, reg):
        for r, row, n in zip(am.rows, am.counts, am.tasks):
            e = cells[am.plan.key][r.agency]
            assert n == e["tasks"]
            assert {t.id: v for t, v in zip(am.themes, row) if v} == e["themes"]


def test_folded_matrix_keeps_every_task(corpus):
    plans, reg = corpus
    m = responsibility_matrix(plans, reg, fold_lineage=True)
    for p in plans:
        ids = {t for c in m.cells if c.plan == p.key for t in c.task_ids}
        assert ids == {t.id for t in p.tasks}
        for c in m.cells:
            if c.plan == p.key:
                assert c.agency == reg.lineage_root(c.agency)


def test_filtered_matrix_on_seeds(corpus):
    plans, reg = corpus
    cells, _ = yaml_expectations()
    m = filter_matrix(plans, reg, themes=["communication"], year_to=2022)
    assert all(c.year_from <= 2022 for c in m.columns)
    for c in m.cells:
        assert c.tasks == cells[c.plan][c.agency]["themes"]["communication"]
    assert len(assignments(plans, reg, Filters(provinces=["quang-ngai"]))) == sum(
        len(t["roles"]) for _, _, t in yaml_tasks(CONTENT / "plans/quang-ngai/2025.yml")[1])


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_svg_on_seeds(corpus, renderers, lang):
    plans, reg = corpus
    r = renderers[lang]
    _, themes = yaml_expectations()
    tm = theme_plan_matrix(plans, reg)
    svg = heatmap(tm, r).svg
    check_svg(svg, heatmap_table(tm, r), "heatmap")
    numbers = svg_numbers(svg)
    for key, per in themes.items():
        for t in tm.themes:
            assert numbers.get((t.id, key), 0) == per.get(t.id, 0)  # a zero is not drawn
        assert numbers.get((TOTAL_KEY, key), 0) == len(yaml_tasks(CONTENT / "plans" / f"{key}.yml")[1])
    for am in agency_theme_matrices(plans, reg):
        prefix = "agency-theme-" + am.plan.key.replace("/", "-")
        fig = agency_themes(am, r)
        check_svg(fig.svg, agency_theme_table(am, r), prefix)
        assert agency_themes(am, r) == fig  # byte-identical
    assert heatmap(theme_plan_matrix(plans, reg), r).svg == svg


# ---------------------------------------------------------------------------------------------
# Per theme: what a cell says under a theme filter (the matrix page's links and symbols)

def test_cell_per_theme_first_task_role_and_mode(small):
    plans, reg = small
    c = responsibility_matrix(plans, reg).cell("so-ldtbxh", "gia-lai/2020")
    assert c.first == "ii-1"
    assert [tuple(tc) for tc in c.by_theme] == [
        ("coordination", "lead", "directed", "so-ldtbxh-a"),
        ("communication", "lead", "directed", "ii-1"),  # the content section's task comes first in the plan
        ("gbv-services", "coordinating", "requested", "hoi-lhpn-p1"),  # only in a "Đề nghị" block, coordinating
        ("reporting", "lead", "directed", "so-ldtbxh-a"),
    ]
    assert [tc.theme for tc in c.by_theme] == [t for t, _ in c.themes]
    assert c.theme_cell("gbv-services").requested and c.theme_cell("health") is None
    # folded: Sở Nội vụ's own task joins its predecessor's, in plan order
    f = responsibility_matrix(plans, reg, fold_lineage=True).cell("so-noi-vu", "gia-lai/2020")
    assert f.theme_cell("health") == ("health", "coordinating", "directed", "so-y-te-p1")


def yaml_first_per_theme(tasks, agencies):
    """theme -> (strongest role, mode, first task id) over the tasks where one of `agencies` has a role."""
    per = defaultdict(list)
    for tid, mode, t in tasks:
        roles = [t["roles"][a] for a in agencies if a in t["roles"]]
        if roles:
            role = max(roles, key=RANK.get)
            for theme in dict.fromkeys(t["themes"]):
                per[theme].append((tid, mode, role))
    out = {}
    for theme, rows in per.items():
        best = max((r for _, _, r in rows), key=RANK.get)
        mode = "directed" if any(m == "directed" for _, m, r in rows if r == best) else "requested"
        out[theme] = (best, mode, rows[0][0])
    return out


@pytest.mark.parametrize("fold", [False, True])
def test_first_task_per_theme_agrees_with_yaml(corpus, fold):
    """Every cell of the real plans, every theme: the first task, role and mode straight from the YAML."""
    plans, reg = corpus
    tasks = {k: ts for k, ts in (yaml_tasks(p) for p in sorted((CONTENT / "plans").glob("*/*.yml")))}
    m = responsibility_matrix(plans, reg, fold_lineage=fold)
    checked = 0
    for c in m.cells:
        members = [r.members for r in m.rows if r.agency == c.agency][0] if fold else ()
        want = yaml_first_per_theme(tasks[c.plan], members or (c.agency,))
        assert {tc.theme: (tc.role, tc.mode, tc.first) for tc in c.by_theme} == want, (c.plan, c.agency)
        assert c.first == c.task_ids[0]
        checked += len(c.by_theme)
    assert checked > 250  # over 300 (cell, theme) pairs today


def test_first_task_per_theme_on_a_real_plan(corpus):
    """Quảng Ngãi 2025, Sở Nội vụ (read in content/plans/quang-ngai/2025.yml): it leads IV.1.a, but its
    gender-based-violence work is IV.1.c, where it coordinates; its ethnic-minority work is Sở Dân tộc
    và Tôn giáo's IV.8.a, where it coordinates too."""
    plans, reg = corpus
    c = responsibility_matrix(plans, reg).cell("so-noi-vu", "quang-ngai/2025")
    assert (c.first, c.role) == ("so-noi-vu-a", "lead")
    assert c.theme_cell("gbv-services") == ("gbv-services", "coordinating", "directed", "so-noi-vu-c")
    assert c.theme_cell("action-month") == ("action-month", "responsible", "directed", "so-noi-vu-d")
    assert c.theme_cell("ethnic-minorities") == ("ethnic-minorities", "coordinating", "directed", "so-dtg-a")
    assert c.theme_cell("domestic-violence") is None
    themes_of = {t.id: set(t.item.themes) for p in plans if p.key == "quang-ngai/2025" for t in p.tasks}
    assert all(tc.theme in themes_of[tc.first] for tc in c.by_theme)


def test_cell_under_a_role_and_theme_filter_agrees_with_the_filtered_matrix(corpus):
    """Cell.matching (what the page's role and theme filters show) says what the matrix computed under
    those filters says: count-free here, the strongest role, mode and first task of each cell."""
    plans, reg = corpus
    plans = [p for p in plans if not p.partial]
    m = responsibility_matrix(plans, reg)
    for theme in (None, "gbv-services", "communication", "action-month"):
        for role in (None, "lead", "responsible", "coordinating"):
            f = filter_matrix(plans, reg, themes=[theme] if theme else (), roles=[role] if role else ())
            for c in m.cells:
                got, want = c.matching(theme, role), f.cell(c.agency, c.plan)
                assert (got is None) == (want is None), (c.agency, c.plan, theme, role)
                if want:
                    assert (got.role, got.mode, got.first) == (want.role, want.mode, want.first)
                    assert sum((not theme or theme in t.themes) and (not role or t.role == role) for t in c.task_list) == want.tasks
    c = m.cell("so-noi-vu", "quang-ngai/2025")
    assert c.matching(role="coordinating").first == "so-noi-vu-c"  # IV.1.c, before Sở DT&TG's IV.8.a
    assert c.matching("gbv-services", "lead") is None
