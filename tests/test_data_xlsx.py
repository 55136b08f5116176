"""data/assignments.xlsx: opened with openpyxl it has the rows of data/assignments.csv (count and values),
each code's words in every language beside it, a sheet explaining every column from the same labels as
datapackage.json, a sheet on source, licence and citation; and it is byte-identical from build to build."""
import ast
import csv
import io
import json
import time
import zipfile

import openpyxl
import pytest
import yaml

from generator import data as exports
from generator.data import ASSIGNMENT_COLUMNS, ASSIGNMENT_EXTRA_COLUMNS, data_files
from generator.i18n import Language, load_labels
from generator.spreadsheet import Sheet, workbook_bytes

from conftest import ROOT

XLSX = "data/assignments.xlsx"


@pytest.fixture(scope="module")
def config():
    with open(ROOT / "site_config.yml", encoding="utf-8") as f:
        return yaml.safe_load(f)


@pytest.fixture(scope="module")
def languages(corpus, config):
    labels, errors = load_labels()
    assert not errors
    return {c: Language(c, config["languages"], labels, corpus[1], config) for c in config["languages"]}


@pytest.fixture(scope="module")
def files(corpus, config, languages):
    plans, reg = corpus
    return data_files(plans, reg, config, languages, updated={})


@pytest.fixture(scope="module")
def book(files):
    return openpyxl.load_workbook(io.BytesIO(files[XLSX]), read_only=False)


def cells(ws) -> list[list]:
    return [list(r) for r in ws.iter_rows(values_only=True)]


def as_csv(value) -> str:
    """A cell as the CSV writes it: empty for none, numbers as digits."""
    return "" if value is None else str(value)


def test_same_rows_as_the_csv(files, book):
    rows = list(csv.reader(io.StringIO(files["data/assignments.csv"].decode("utf-8"), newline="")))
    header, body = rows[0], rows[1:]
    sheet = cells(book.worksheets[0])
    xheader, xbody = sheet[0], sheet[1:]
    assert len(body) > 100 and len(xbody) == len(body)
    assert set(header) <= set(xheader)
    pick = [xheader.index(name) for name in header]
    assert [[as_csv(r[i]) for i in pick] for r in xbody] == body  # every value, in the CSV's row order
    # the years are numbers in the workbook, as the data package types them
    assert all(isinstance(r[xheader.index("year_from")], int) for r in xbody)


def test_words_beside_every_code(corpus, files, book, languages):
    plans, reg = corpus
    by_key = {p.key: p for p in plans}
    sheet = cells(book.worksheets[0])
    header, body = sheet[0], sheet[1:]
    for code in ("province", "role", "mode", "themes", "plan_kind", "agency_kind", "text_status"):
        at = header.index(code)
        assert header[at + 1:at + 1 + len(languages)] == [f"{code}_{c}" for c in languages], code
    for r in body:
        row = dict(zip(header, r))
        plan = by_key[row["plan"]]
        for c, lang in languages.items():
            assert row[f"role_{c}"] == lang.t(f"role_{row['role']}")
            assert row[f"mode_{c}"] == lang.t(f"mode_{row['mode']}")
            assert row[f"province_{c}"] == lang.province_name(row["province"])
            assert row[f"plan_kind_{c}"] == lang.t(f"kind_{row['plan_kind']}")
            themes = (row["themes"] or "").split(";")
            assert (row[f"themes_{c}"] or "") == "; ".join(lang.theme_name(t) for t in themes if t)
            assert row["text_status"] == plan.text_status
            assert row[f"text_status_{c}"] == lang.t(f"data_status_{plan.text_status}")
        assert row["agency_name_en"] and header.index("agency_name_en") == header.index("agency_name") + 1
    # the words differ between the languages where the site's labels do: a Vietnamese and an English column
    vi, en = languages["vi"], languages["en"]
    assert {r[header.index("role_vi")] for r in body} <= {vi.t(f"role_{x}") for x in ("lead", "responsible", "coordinating")}
    assert "chủ trì" in {r[header.index("role_vi")] for r in body} and "lead" in {r[header.index("role_en")] for r in body}


def test_the_columns_sheet_explains_every_column(files, book, languages):
    data_sheet = cells(book.worksheets[0])
    guide = cells(book.worksheets[1])
    head, rows = guide[0], guide[1:]
    assert [r[0] for r in rows] == data_sheet[0]  # every column of the data sheet, in its order
    named = {r[0]: r for r in rows}
    assert set(ASSIGNMENT_COLUMNS + ASSIGNMENT_EXTRA_COLUMNS) <= set(named)  # every CSV column
    # the descriptions are the data package's: the English ones word for word, the same types
    package = json.loads(files["data/datapackage.json"])
    [res] = [r for r in package["resources"] if r["name"] == "assignments"]
    en_col = 3 + list(languages).index("en")
    vi_col = 3 + list(languages).index("vi")
    for field in res["schema"]["fields"]:
        row = named[field["name"]]
        assert row[1] == field["type"]
        assert row[en_col] == field["description"]
        assert row[vi_col] and row[vi_col] != row[en_col], field["name"]  # its own Vietnamese words
    assert head[vi_col] == languages["vi"].t("data_xlsx_meaning", language=languages["vi"].t("language_name"))


def test_the_about_sheet(corpus, config, book, languages):
    plans, _ = corpus
    about = cells(book.worksheets[2])
    text = "\n".join(str(v) for r in about for v in r if v is not None)
    assert config["base_url"] + XLSX in text
    assert config["licence"]["url"] in text and config["data_date"] in text
    for lang in languages.values():
        assert lang.date(config["data_date"]) in text
        assert config["licence"]["text"][lang.code] in text
    # every plan's source, named by plan and number (never by a file name)
    for p in plans:
        [row] = [r for r in about if f"{languages['vi'].province_name(p.province)} {p.plan_id}" in str(r[0])]
        if p.number:
            assert all(p.number in str(v) for v in row[1:1 + len(languages)])
        assert not str(row[1]).endswith(".txt")


def test_frozen_header_filter_and_widths(book):
    ws = book.worksheets[0]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:{openpyxl.utils.get_column_letter(ws.max_column)}{ws.max_row}"
    widths = {k: d.width for k, d in ws.column_dimensions.items()}
    assert len(widths) == ws.max_column and all(8 <= w <= 60 for w in widths.values())
    header = [c.value for c in ws[1]]
    assert widths[openpyxl.utils.get_column_letter(header.index("text") + 1)] == 60  # long text: the widest
    assert all(c.font.bold for c in ws[1])


def test_byte_identical_across_builds(corpus, config, languages, files):
    plans, reg = corpus
    time.sleep(1.1)  # a zip entry's date has 2-second steps: a second build could otherwise share the first's
    again = data_files(list(reversed(plans)), reg, config, languages, updated={})
    assert again[XLSX] == files[XLSX]
    with zipfile.ZipFile(io.BytesIO(files[XLSX])) as z:
        date = tuple(int(x) for x in config["data_date"].split("-")) + (0, 0, 0)
        assert {i.date_time for i in z.infolist()} == {date}
        core = z.read("docProps/core.xml").decode("utf-8")
    assert core.count(f"{config['data_date']}T00:00:00Z") == 2  # created and modified: the data's date


def test_formulas_are_text_in_the_workbook(tmp_path):
    data = workbook_bytes([Sheet("t", ("a", "b"), [["=HYPERLINK(\"http://x\",\"y\")", "ok\x07"], [1, "-1"]])], "2026-01-02")
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    assert cells(ws) == [["a", "b"], ["'=HYPERLINK(\"http://x\",\"y\")", "ok"], [1, "'-1"]]
    assert all(c.data_type != "f" for r in ws.iter_rows() for c in r)


def test_data_module_renders_no_markup_itself():
    """The feed is rendered by the Renderer from templates/feed.atom.xml: data.py imports no template engine."""
    tree = ast.parse((ROOT / "generator" / "data.py").read_text(encoding="utf-8"))
    imported = {n.names[0].name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import)}
    imported |= {(n.module or "").split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    assert not imported & {"jinja2", "markupsafe"}


def test_hostile_text_still_makes_a_workbook(registry, config):
    """Characters a workbook's XML cannot hold (from a registry or the settings) are dropped; the rest stays."""
    from test_data import _hostile, languages_of
    p, reg, cfg = _hostile(registry, config)
    files = data_files([p], reg, cfg, languages_of(reg, cfg), updated={})
    wb = openpyxl.load_workbook(io.BytesIO(files[XLSX]))
    rows = cells(wb.worksheets[0])
    header = rows[0]
    assert rows[1][header.index("province_vi")] == reg.provinces["gia-lai"]["vi"]
    about = "\n".join(str(v) for r in cells(wb.worksheets[2]) for v in r if v is not None)
    assert "bell surrogate CR" in about
