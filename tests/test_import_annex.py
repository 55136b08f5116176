"""`plansite import` on plans whose assignments are an annex table ("PHỤ LỤC" + "PHÂN CÔNG NHIỆM VỤ ..."
+ a header row + one " | " row per task), built from a real seed (content/sources/quang-ngai-2025.txt)
and its curated plan: the implementation section's numbered blocks are replaced by the table, one row
per curated task (agency = the block's name, task = the task's text, a deadline)."""
from __future__ import annotations

import re
import unicodedata

import pytest
import yaml

from generator.authoring.importer import draft
from generator.model import build_plan, plain_paragraphs
from generator.registry import load_registry
from generator.text import squash, tone_normalise
from generator.validate import check_file

from conftest import CONTENT
from test_completeness import _norm, source_paragraphs

SEED = CONTENT / "sources" / "quang-ngai-2025.txt"
GOLD = CONTENT / "plans" / "quang-ngai" / "2025.yml"
TITLE = "PHÂN CÔNG NHIỆM VỤ THỰC HIỆN KẾ HOẠCH CÔNG TÁC BÌNH ĐẲNG GIỚI NĂM 2025"


def norm(s) -> str:
    return tone_normalise(unicodedata.normalize("NFC", squash(s or ""))).casefold()


def gold_blocks() -> list[dict]:
    _, body = yaml.safe_load_all(GOLD.read_text(encoding="utf-8"))
    return [b for s in body["sections"] for b in s.get("blocks") or []]


def deadline(n: int) -> str:
    return ["Năm 2025", "Quý II/2025", "Thường xuyên", "Tháng 11 - 12/2025"][n % 4]


def gold_rows() -> list[tuple[str, str, str]]:
    """(agency, task, deadline) of every curated task, in the plan's order."""
    rows = [(b["name"], t["text"]) for b in gold_blocks() for t in b["tasks"]]
    return [(a, t, deadline(n)) for n, (a, t) in enumerate(rows)]


def annex_text(*, markdown: bool = False, impl_text: str = "", keep_blocks: bool = False,
               header: str = "TT | Nội dung nhiệm vụ | Cơ quan thực hiện | Thời gian thực hiện",
               row=lambda n, a, t, d: f"{n} | {t} | {a} | {d}", groups: dict | None = None) -> str:
    """The seed with its section IV blocks replaced by `impl_text` (kept with `keep_blocks`), and the
    annex printed after the signature: blank-line separated rows (a .docx's reading), or a Markdown
    table (a web page's)."""
    raw = SEED.read_text(encoding="utf-8")
    start = raw.index("IV. TỔ CHỨC THỰC HIỆN")
    end = raw.index("V. CHẾ ĐỘ BÁO CÁO")
    head = "IV. TỔ CHỨC THỰC HIỆN\n\n"
    middle = raw[start + len(head):end] if keep_blocks else (impl_text + "\n\n" if impl_text else "")
    raw = raw[:start] + head + middle + raw[end:]
    lines = []
    for n, (a, t, d) in enumerate(gold_rows()):
        if groups and n in groups:
            lines.append(groups[n])
        lines.append(row(n + 1, a, t, d))
    if markdown:
        cols = header.count("|") + 1
        table = "\n".join([f"| {header} |", "|" + "---|" * cols] + [f"| {ln} |" for ln in lines])
    else:
        table = "\n\n".join([header] + lines)
    return raw.rstrip("\n") + f"\n\nPHỤ LỤC\n\n{TITLE}\n\n(Kèm theo Kế hoạch của UBND tỉnh Quảng Ngãi)\n\n{table}\n"


def import_text(tmp_path, text: str, name: str = "ke-hoach.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    yaml_text, parsed, _, _ = draft(path, CONTENT)
    return yaml_text, parsed


def impl(parsed) -> dict:
    return next(s for s in parsed.body["sections"] if s["kind"] == "implementation")


def assert_like_gold(parsed, *, skip_blocks: int = 0):
    got = impl(parsed)["blocks"][skip_blocks:]
    gold = gold_blocks()
    assert [b["name"] for b in got] == [b["name"] for b in gold]
    assert [(b["agencies"], b["mode"]) for b in got] == [(b["agencies"], b["mode"]) for b in gold]
    assert [[norm(t["text"]) for t in b["tasks"]] for b in got] == [[norm(t["text"]) for t in b["tasks"]] for b in gold]
    assert [t["deadline"] for b in got for t in b["tasks"]] == [d for *_, d in gold_rows()]


def validates(content_copy, yaml_text: str):
    path = content_copy / "plans" / "quang-ngai" / "2025.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml_text, encoding="utf-8")
    reg, _ = load_registry(content_copy)
    plan, diags = check_file(path, content_copy, reg)
    errors = [d.format() for d in diags if d.severity == "error"]
    assert plan is not None and not errors, "\n".join(errors)
    return plan


@pytest.mark.parametrize("markdown", [False, True], ids=["docx-rows", "markdown-table"])
def test_annex_rows_become_the_curated_blocks(tmp_path, content_copy, markdown):
    yaml_text, parsed = import_text(tmp_path, annex_text(markdown=markdown))
    assert_like_gold(parsed)
    sec = impl(parsed)
    assert sec["text"][:3] == ["PHỤ LỤC", TITLE, "(Kèm theo Kế hoạch của UBND tỉnh Quảng Ngãi)"]
    # The signature is the plan's, not swallowed by the annex; every deadline is kept in the plan's text.
    assert parsed.body["signature"]["lines"][-1] == "Trần Hoàng Tuấn"
    plan = validates(content_copy, yaml_text)
    text = " ".join(plain_paragraphs(plan))
    for agency, task, due in gold_rows():
        assert f"{norm(task)} {norm(due)}" in norm(text)
    assert all(t.deadline for t in plan.tasks if t.block)
    assert not lost_cells(annex_text(markdown=markdown), plan)
    assert not added_words(annex_text(markdown=markdown), plan)


def added_words(source: str, plan) -> list[str]:
    """Pieces of 6+ words of the plan's text that the source does not hold (its cell separators read as
    spaces; a task's line without its label, the row's number, which a cell may stand between)."""
    have = squash(" ".join(source_paragraphs(source, plan.repairs)).replace("|", " "))
    return [piece for para in plain_paragraphs(plan) for piece in re.split(r"[;:.]\s", _norm(para))
            if len(piece.split()) >= 6 and piece not in have and piece.split(" ", 1)[1] not in have]


def lost_cells(source: str, plan) -> list[str]:
    """The source's paragraphs (a table row: each of its cells) missing from the plan's text."""
    have = _norm(" ".join(plain_paragraphs(plan)))
    out = []
    for para in source_paragraphs(source, plan.repairs):
        parts = [c.strip() for c in para.split("|")] if "|" in para else [para]
        out += [c for c in parts if c and not re.fullmatch(r"-{3,}", c) and c not in have]
    return out


def test_annex_with_lead_and_partner_columns_and_group_rows(tmp_path):
    """Column order varies; "chủ trì" makes the agency lead, the partners column coordinating; group
    rows ("I | Công tác truyền thông") are no task but stay in the text; an empty "Ghi chú" is nothing."""
    groups = {0: "I | Công tác chỉ đạo, điều hành", 10: "II | Công tác truyền thông, giáo dục"}
    partners = lambda n: "" if n % 2 else "Sở Tư pháp"  # noqa: E731
    source = annex_text(header="STT | Cơ quan chủ trì | Nhiệm vụ | Cơ quan phối hợp | Thời gian thực hiện | Ghi chú",
                        row=lambda n, a, t, d: f"{n} | {a} | {t} | {partners(n)} | {d} | ", groups=groups)
    yaml_text, parsed = import_text(tmp_path, source)
    assert_like_gold(parsed)
    plan = build_plan(parsed.front, parsed.body, "draft")
    assert not lost_cells(source, plan) and not added_words(source, plan)
    assert "cells for" not in yaml_text  # an empty last cell ("Ghi chú") is a cell
    blocks = impl(parsed)["blocks"]
    assert blocks[0]["text"] == ["I Công tác chỉ đạo, điều hành"]
    assert "II Công tác truyền thông, giáo dục" in [p for b in blocks for p in b.get("text") or []]
    first = blocks[0]["tasks"][0]  # row 1: no partners
    assert first["roles"]["so-noi-vu"] == "lead" and "items" not in first
    second = blocks[0]["tasks"][1]  # row 2: Sở Tư pháp partners
    assert second["roles"] == {"so-noi-vu": "lead", "so-tu-phap": "coordinating"}
    assert second["items"] == [{"label": None, "text": "Sở Tư pháp"}]


def test_annex_when_the_section_only_refers_to_it(tmp_path):
    """"... theo Phụ lục kèm theo": the section's sentence stays its text, the annex gives the blocks."""
    said = "Các sở, ban, ngành, địa phương thực hiện các nhiệm vụ theo Phụ lục kèm theo Kế hoạch này."
    _, parsed = import_text(tmp_path, annex_text(impl_text=said))
    assert_like_gold(parsed)
    assert impl(parsed)["text"][:2] == [said, "PHỤ LỤC"]


def test_annex_after_numbered_blocks_is_flagged(tmp_path):
    yaml_text, parsed = import_text(tmp_path, annex_text(keep_blocks=True))
    n = len(gold_blocks())
    assert len(impl(parsed)["blocks"]) == 2 * n
    assert_like_gold(parsed, skip_blocks=n)
    assert "REVIEW: the section has numbered blocks and an annex table too" in yaml_text


def test_unreadable_rows_are_flagged(tmp_path):
    """An agency the registry does not know, a row with a missing cell, an empty agency cell: each a REVIEW."""
    def row(n, a, t, d):
        if n == 2:
            return f"{n} | {t} | Sở Ngoại vụ | {d}"
        if n == 5:
            return f"{n} | {t} | {a}"
        if n == 6:
            return f"{n} | {t} |  | {d}"
        return f"{n} | {t} | {a} | {d}"
    yaml_text, parsed = import_text(tmp_path, annex_text(row=row))
    assert "REVIEW: agency not found in the registry for 'Sở Ngoại vụ'" in yaml_text
    assert "REVIEW: the row has 3 cells for 4 columns" in yaml_text
    assert "REVIEW: the row's agency cell is empty (a merged cell?): taken as the row above's, 'Văn phòng UBND tỉnh'" in yaml_text


def test_a_table_inside_the_section_with_more_columns(tmp_path):
    """The table printed in section IV itself after a lead-in sentence, with a partners column, a
    column no reader knows ("Sản phẩm": a sub-item under its header) and a lettered group row."""
    raw = SEED.read_text(encoding="utf-8")
    start, end = raw.index("IV. TỔ CHỨC THỰC HIỆN"), raw.index("V. CHẾ ĐỘ BÁO CÁO")
    rows = ["TT | Nhiệm vụ | Đơn vị chủ trì | Đơn vị phối hợp | Tiến độ | Sản phẩm", "A | CÔNG TÁC CHỈ ĐẠO"]
    rows += [f"{n} | {t} | {a} | Sở Tư pháp; Sở Y tế | {d} | Báo cáo" for n, (a, t, d) in enumerate(gold_rows(), start=1)]
    lead_in = "Phân công cụ thể như sau:"
    source = raw[:start] + f"IV. TỔ CHỨC THỰC HIỆN\n\n{lead_in}\n\n" + "\n\n".join(rows) + "\n\n" + raw[end:]
    _, parsed = import_text(tmp_path, source)
    assert_like_gold(parsed)
    plan = build_plan(parsed.front, parsed.body, "draft")
    assert not lost_cells(source, plan) and not added_words(source, plan)
    assert [s["number"] for s in parsed.body["sections"]] == ["I", "II", "III", "IV", "V"]
    sec = impl(parsed)
    assert sec["text"] == [lead_in, "TT Nhiệm vụ Đơn vị chủ trì Đơn vị phối hợp Tiến độ Sản phẩm"]
    assert sec["blocks"][0]["text"] == ["A CÔNG TÁC CHỈ ĐẠO"]
    task = sec["blocks"][0]["tasks"][0]
    assert task["roles"] == {"so-noi-vu": "lead", "van-phong-ubnd": "coordinating", "so-tu-phap": "coordinating", "so-y-te": "coordinating"}
    assert task["items"] == [{"label": None, "text": "Sở Tư pháp; Sở Y tế"}, {"label": None, "text": "Báo cáo"}]


def test_lead_and_partners_in_one_cell(tmp_path):
    """'Sở Nội vụ (chủ trì); Sở Tư pháp, Sở Y tế (phối hợp)': the lead names the block, the partners are
    coordinating and kept (a sub-item); a row spelling its agency otherwise keeps its spelling too."""
    cell = lambda n, a: f"{a} (chủ trì); Sở Tư pháp, Sở Y tế (phối hợp)" if n == 3 else a  # noqa: E731
    source = annex_text(header="TT | Nội dung công việc | Cơ quan, đơn vị thực hiện | Thời gian hoàn thành",
                        row=lambda n, a, t, d: f"{n} | {t} | {cell(n, a)} | {d}")
    yaml_text, parsed = import_text(tmp_path, source)
    assert_like_gold(parsed)
    plan = build_plan(parsed.front, parsed.body, "draft")
    assert not lost_cells(source, plan) and not added_words(source, plan)
    task = impl(parsed)["blocks"][0]["tasks"][2]  # "Phối hợp với các đơn vị liên quan tổ chức ..."
    assert task["roles"] == {"so-noi-vu": "coordinating", "so-tu-phap": "coordinating", "so-y-te": "coordinating"}
    assert task["items"] == [{"label": None, "text": "Sở Nội vụ (chủ trì);"}, {"label": None, "text": "Sở Tư pháp, Sở Y tế (phối hợp)"}]
    assert "holds more than agency names" not in yaml_text


def test_rows_numbered_per_group(tmp_path, content_copy):
    """Numbers that restart in each group repeat inside an agency's block: its tasks go by position."""
    groups = {0: "I | Công tác chỉ đạo", 2: "II | Công tác truyền thông"}
    yaml_text, parsed = import_text(tmp_path, annex_text(
        groups=groups, row=lambda n, a, t, d: f"{n if n < 3 else n - 2} | {t} | {a} | {d}"))
    assert_like_gold(parsed)
    assert "REVIEW: the rows' numbers repeat in this block (1, 2, 1, 2)" in yaml_text
    assert [t["ref"] for t in impl(parsed)["blocks"][0]["tasks"]] == ["IV.p1.p1", "IV.p1.p2", "IV.p1.p3", "IV.p1.p4"]
    validates(content_copy, yaml_text)


def test_other_tables_are_left_alone(tmp_path):
    """A table that assigns nothing (no agency and task columns) is no annex: the draft is the seed's."""
    raw = SEED.read_text(encoding="utf-8")
    table = "\n\nPHỤ LỤC\n\nTT | Chỉ tiêu | Năm 2025\n\n1 | Tỷ lệ nữ lãnh đạo | 30%\n"
    _, plain = import_text(tmp_path, raw, "seed.txt")
    _, parsed = import_text(tmp_path, raw.rstrip("\n") + table)
    assert parsed.body["sections"] == plain.body["sections"]


def docx_with_annex(path, rows: list[tuple[str, str, str]]):
    """The seed as Word, with the annex a real table after the signature, laid out as such tables are:
    a two-row header ("Cơ quan thực hiện" over "Chủ trì | Phối hợp"), each agency's cell merged down
    over its rows."""
    import docx
    body = annex_text().split("\n\nPHỤ LỤC\n\n")[0]
    doc = docx.Document()
    for para in re.split(r"\n\s*\n", body):
        if para.strip():
            doc.add_paragraph(squash(para.replace("*", "")))
    for line in ("PHỤ LỤC", TITLE, "(Kèm theo Kế hoạch của UBND tỉnh Quảng Ngãi)"):
        doc.add_paragraph(line)
    table = doc.add_table(rows=len(rows) + 2, cols=5)
    for c, h in [(0, "TT"), (1, "Nội dung nhiệm vụ"), (2, "Cơ quan thực hiện"), (4, "Thời gian thực hiện")]:
        table.cell(0, c).text = h
    table.cell(1, 2).text, table.cell(1, 3).text = "Chủ trì", "Phối hợp"
    for c in (0, 1, 4):
        table.cell(0, c).merge(table.cell(1, c))
    table.cell(0, 2).merge(table.cell(0, 3))
    first = {}
    for r, (a, t, d) in enumerate(rows, start=2):
        for c, v in [(0, str(r - 1)), (1, t), (4, d)]:
            table.cell(r, c).text = v
        if a not in first:
            first[a] = r
            table.cell(r, 2).text = a
        else:
            table.cell(first[a], 2).merge(table.cell(r, 2))
    doc.save(str(path))


def test_annex_in_a_docx(tmp_path):
    """The same plan as Word: the annex a real table after the signature, merged cells and all."""
    pytest.importorskip("docx")
    from generator.authoring.importer import readers
    if '" | "' not in open(readers.__file__, encoding="utf-8").read():
        pytest.skip("the .docx reader does not print tables as ' | ' rows yet")
    path = tmp_path / "ke-hoach.docx"
    docx_with_annex(path, gold_rows())
    yaml_text, parsed, text, _ = draft(path, CONTENT)
    assert_like_gold(parsed)
    blocks = impl(parsed)["blocks"]
    assert blocks[0]["tasks"][0]["roles"]["so-noi-vu"] == "lead"  # the agency column is "Chủ trì"
    assert yaml_text.count("REVIEW: the row's agency cell is empty (a merged cell?)") == sum(len(b["tasks"]) > 1 for b in gold_blocks())
