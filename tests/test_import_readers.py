"""Reading what maintainers have (generator/authoring/importer/readers.py, decoding.py): legacy
encodings and line ends, texts that are not Vietnamese, .docx letterhead and annex tables, PDFs whose
font dropped the Vietnamese letters. Every input is built in tmp_path from the real texts in content/sources."""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from generator.authoring.importer import draft
from generator.authoring.importer.decoding import NOTE_BELOW, REFUSE_BELOW, TCVN3
from generator.authoring.importer.readers import docx_text, read_document, read_source
from generator.text import fold, marked_share, nfc

from conftest import CONTENT, ROOT
from import_layouts import make_pdf, wrap
from test_import import MINI, run_cli

SOURCES = CONTENT / "sources"
NFC_SOURCES = sorted(p.name for p in SOURCES.glob("*.txt") if nfc(p.read_text(encoding="utf-8")) == p.read_text(encoding="utf-8"))
TONES = {"\u0300", "\u0301", "\u0309", "\u0303", "\u0323"}


def to_cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese Windows writes it: a letter precomposed as far as the code page has it
    (ê, ơ, ă, đ, à, é, ...), its tone mark as a combining character after it."""
    out = []
    for ch in text:
        try:
            out.append(ch.encode("cp1258"))
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", ch)
        base = nfc("".join(c for c in parts if c not in TONES))
        out.append((base + "".join(c for c in parts if c in TONES)).encode("cp1258"))
    return b"".join(out)


def to_tcvn3(text: str) -> bytes:
    """TCVN3 as typed with the .VnTime fonts: a toned capital has no code (the upper-case font shows the
    lower-case code as a capital); punctuation in Windows-1252."""
    code = {letter: byte for byte, letter in TCVN3.items()}
    out = []
    for ch in text:
        c = code.get(ch) or (code.get(ch.lower()) if ch.lower() != ch else None)
        out.append(c.encode("latin-1") if c else ch.encode("cp1252", errors="replace"))  # no TCVN3 code: "?"
    return b"".join(out)


# ---------------------------------------------------------------------------------------------
# Encodings and line ends
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", NFC_SOURCES)
def test_windows_1258_with_crlf_reads_back_as_the_original(tmp_path, name):
    original = (SOURCES / name).read_text(encoding="utf-8")
    path = tmp_path / name
    path.write_bytes(to_cp1258(original.replace("\n", "\r\n")))
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")
    src = read_document(path)
    assert src.text == original and src.kind == "txt" and not src.verbatim
    assert src.notes == ["decoded from Windows-1258 (not UTF-8), CRLF line ends: check the Vietnamese letters; "
                         "the text is saved as UTF-8 with LF line ends"]


def test_utf8_with_lf_is_verbatim(tmp_path):
    """A seed as it is: no note, and the file itself can be the plan's source."""
    for name in NFC_SOURCES + ["ninh-thuan-2021.txt"]:
        src = read_document(SOURCES / name)
        assert src.text == (SOURCES / name).read_text(encoding="utf-8") and src.verbatim and src.notes == []


@pytest.mark.parametrize("encode, named", [
    (lambda t: b"\xef\xbb\xbf" + t.encode("utf-8"), "read as UTF-8 with a byte-order mark"),
    (lambda t: t.encode("utf-16"), "read as UTF-16"),  # Python writes the BOM (little-endian here)
    (lambda t: b"\xfe\xff" + t.encode("utf-16-be"), "read as UTF-16"),
    (lambda t: t.replace("\n", "\r").encode("utf-8"), "CR line ends"),
    (lambda t: "".join(line + ("\r\n", "\n", "\r")[i % 3] for i, line in enumerate(t.split("\n")))[:-1].encode("utf-8"),
     "CRLF and CR line ends"),
], ids=["utf8-bom", "utf16-le", "utf16-be", "cr", "mixed"])
def test_bom_utf16_and_line_ends(tmp_path, encode, named):
    original = (SOURCES / "quang-ngai-2025.txt").read_text(encoding="utf-8")
    path = tmp_path / "ke-hoach.txt"
    path.write_bytes(encode(original))
    src = read_document(path)
    assert src.text == original and not src.verbatim
    assert src.notes == [f"{named}; the text is saved as UTF-8 with LF line ends"]


def test_tcvn3_is_decoded(tmp_path):
    """TCVN3 (ABC), the other legacy encoding: decoded; words in capitals restored from their ASCII letters."""
    original = (SOURCES / "gia-lai-2025.txt").read_text(encoding="utf-8")
    path = tmp_path / "ke-hoach.txt"
    path.write_bytes(to_tcvn3(original.replace("\n", "\r\n")))
    src = read_document(path)
    assert src.notes[0].startswith("decoded from TCVN3 (ABC) (not UTF-8), CRLF line ends: check the Vietnamese letters; "
                                   "TCVN3 has no toned capitals")
    assert fold(src.text) == fold(original)  # every letter and mark; only the case of some capitals may differ
    lines = src.text.splitlines()
    for line in ["ỦY BAN NHÂN DÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Số: 1140/KH-UBND", "KẾ HOẠCH",
                 "TRIỂN KHAI CÔNG TÁC BÌNH ĐẲNG GIỚI NĂM 2025 TRÊN ĐỊA BÀN TỈNH GIA LAI",
                 "Gia Lai, ngày 29 tháng 4 năm 2025"]:
        assert line in lines
    wrong_case = [a for a, b in zip(src.text.split(), original.split()) if a != b]
    assert len(wrong_case) <= 0.01 * len(original.split()), wrong_case


def test_windows_1258_draft_is_the_seed_draft(tmp_path):
    """The whole import on a Windows-1258/CRLF copy of a seed: the same plan as from the seed, the
    encoding named in a REVIEW note, the decoded text saved as the source."""
    original = (SOURCES / "quang-ngai-2025.txt").read_text(encoding="utf-8")
    path = tmp_path / "quang-ngai-2025.txt"
    path.write_bytes(to_cp1258(original.replace("\n", "\r\n")))
    _, want, _, _ = draft(SOURCES / "quang-ngai-2025.txt", CONTENT)
    yaml_text, got, text, src = draft(path, CONTENT)
    assert text == original and src == "sources/quang-ngai-2025.txt"
    assert got.body == want.body and {k: v for k, v in got.front.items() if k != "source"} == \
        {k: v for k, v in want.front.items() if k != "source"}


# ---------------------------------------------------------------------------------------------
# Not Vietnamese
# ---------------------------------------------------------------------------------------------

UDHR_FR = ("Tous les êtres humains naissent libres et égaux en dignité et en droits. Ils sont doués de raison et de "
           "conscience et doivent agir les uns envers les autres dans un esprit de fraternité.\n")


VNI = ("Keá hoaïch trieån khai coâng taùc bình ñaúng giôùi treân ñòa baøn tænh Quaûng Ngaõi naêm 2025. "
       "Uûy ban nhaân daân tænh ban haønh Keá hoaïch thöïc hieän coâng taùc bình ñaúng giôùi nhö sau:\n")  # VNI Windows
LEGACY = ": not UTF-8, and read as Windows-1258 or TCVN3 at best {} of words are Vietnamese syllables (a Vietnamese plan " \
         "has over 80%): check the file and its encoding (VNI is not read: convert it to Unicode first)"
UTF8 = " ({} of words carry Vietnamese letters; a Vietnamese plan has over 70%): check the file and its encoding"


@pytest.mark.parametrize("make, what", [
    (lambda p: p.write_bytes((ROOT / "README.md").read_bytes()), UTF8.format("3%")),
    (lambda p: p.write_bytes((ROOT / "schema/README.md").read_bytes()), UTF8.format("20%")),
    (lambda p: p.write_bytes(fold((SOURCES / "quang-ngai-2025.txt").read_text(encoding="utf-8")).encode()), UTF8.format("0%")),
    (lambda p: p.write_bytes(UDHR_FR.encode("latin-1")), LEGACY.format("0%")),
    (lambda p: p.write_bytes(VNI.encode("cp1252") * 5), LEGACY.format("32%")),
], ids=["english", "english-quoting-vietnamese", "vietnamese-without-marks", "french-latin1", "vni"])
def test_not_vietnamese_is_refused_in_one_line(tmp_path, make, what):
    path = tmp_path / "plan.txt"
    make(path)
    with pytest.raises(ValueError) as err:
        read_source(path)
    assert str(err.value) == f"{path}: does not look like Vietnamese text{what}"
    r = run_cli("import", str(path))
    assert r.returncode == 1 and r.stdout == "" and r.stderr == f"plansite: error: {err.value}\n"


def test_thresholds_against_the_real_texts():
    """Every real text is far above both thresholds; the damaged Ninh Thuận text too."""
    shares = {p.name: marked_share(p.read_text(encoding="utf-8")) for p in SOURCES.glob("*.txt")}
    assert min(shares.values()) > NOTE_BELOW + 0.1 > REFUSE_BELOW + 0.1
    assert marked_share((ROOT / "schema/README.md").read_text(encoding="utf-8")) < REFUSE_BELOW - 0.1


def test_few_letters_in_a_txt_is_a_note_not_a_refusal(tmp_path):
    """Half the words stripped of their marks (a text that lost letters): read, with a note."""
    words = (SOURCES / "ninh-thuan-2021.txt").read_text(encoding="utf-8").split(" ")
    text = " ".join(fold(w) if i % 2 else w for i, w in enumerate(words))
    path = tmp_path / "ke-hoach.txt"
    path.write_text(text, encoding="utf-8")
    src = read_document(path)
    assert src.text == text and src.verbatim
    assert len(src.notes) == 1 and re.fullmatch(r"the text has few Vietnamese letters \(\d\d%; a plan has over 70%\): .*", src.notes[0])


# ---------------------------------------------------------------------------------------------
# PDF and .docx whose text lost its Vietnamese letters: read, with a note
# ---------------------------------------------------------------------------------------------

def _mini_lines() -> list[str]:
    return [piece for para in MINI.read_text(encoding="utf-8").split("\n\n") for line in para.strip().splitlines()
            for piece in (wrap(line) if not line.startswith("- ") or len(line) > 72 else [line])]


def _drop_marks(line: str) -> str:
    """What a font without Vietnamese glyphs leaves in the text layer: the base letters."""
    return "".join(c for c in unicodedata.normalize("NFD", line) if not unicodedata.combining(c)).replace("đ", "d").replace("Đ", "D")


def test_pdf_without_vietnamese_letters_gives_a_note(tmp_path):
    lines = _mini_lines()
    good, bad = tmp_path / "good.pdf", tmp_path / "bad.pdf"
    make_pdf([lines[:60], lines[60:]], good)
    make_pdf([[_drop_marks(ln) for ln in lines[:60]], [_drop_marks(ln) for ln in lines[60:]]], bad)
    assert read_document(good).notes == []
    src = read_document(bad)
    assert src.kind == "pdf" and not src.verbatim
    assert src.notes == ["the text layer has few Vietnamese letters (0%; a plan has over 70%): the PDF's font may lack "
                         "Vietnamese glyphs; check against the printed document or OCR it"]


def test_docx_in_a_tcvn3_font_gives_a_note(tmp_path):
    import docx
    doc = docx.Document()
    for para in MINI.read_text(encoding="utf-8").split("\n\n"):
        doc.add_paragraph(to_tcvn3(" ".join(para.split())).decode("cp1252"))  # what Word holds for .VnTime text
    path = tmp_path / "ke-hoach.docx"
    doc.save(str(path))
    notes = read_document(path).notes
    assert len(notes) == 1 and notes[0].startswith("the docx's text looks typed in a TCVN3 (.VnTime) font")


# ---------------------------------------------------------------------------------------------
# .docx tables: the letterhead and signature cell by cell, an annex row by row
# ---------------------------------------------------------------------------------------------

LETTERHEAD = [["ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"],
              ["Số: 72/KH-UBND", "Quảng Ngãi, ngày 25 tháng 3 năm 2024"]]
ANNEX = [["TT", "Cơ quan chủ trì", "Nhiệm vụ", "Thời gian thực hiện"],
         ["1", "Sở Nội vụ", "Tham mưu Ủy ban nhân dân tỉnh triển khai Kế hoạch.\nTổng hợp, báo cáo kết quả.", "Năm 2024"],
         ["2", "Sở Y tế", "Triển khai các hoạt động truyền thông về bình đẳng giới.", "Quý II"],
         ["3", "", "Tổ chức các lớp tập huấn cho cán bộ y tế cơ sở.", "Quý III"]]


def _table(doc, rows):
    table = doc.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            first, *more = text.split("\n")
            table.cell(r, c).text = first
            for line in more:
                table.cell(r, c).add_paragraph(line)
    return table


def _partial_docx(path: Path, annex_merge: bool = False) -> list[str]:
    """quang-ngai-2024 (a real opening) with a 2 x 2 letterhead table, an annex and a signature table."""
    import docx
    doc = docx.Document()
    _table(doc, LETTERHEAD)
    paras = (SOURCES / "quang-ngai-2024.txt").read_text(encoding="utf-8").split("\n\n")
    body = [p.strip() for p in paras[4:] if p.strip()]  # after the letterhead's four paragraphs
    for p in body:
        doc.add_paragraph(p)
    doc.add_paragraph("PHỤ LỤC")
    table = _table(doc, ANNEX)
    if annex_merge:  # Sở Y tế leads rows 2 and 3: one cell over two rows
        table.cell(2, 1).merge(table.cell(3, 1))
    _table(doc, [["Nơi nhận:\n- Bộ Nội vụ;\n- Lưu: VT.", "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nNguyễn Văn A"]])
    doc.save(str(path))
    return body


@pytest.mark.parametrize("merge", [False, True], ids=["plain", "merged-agency-cell"])
def test_docx_letterhead_annex_and_signature_tables(tmp_path, merge):
    path = tmp_path / "ke-hoach.docx"
    body = _partial_docx(path, merge)
    blocks = docx_text(path).rstrip("\n").split("\n\n")
    head = ["ỦY BAN NHÂN DÂN", "TỈNH QUẢNG NGÃI", "Số: 72/KH-UBND",  # the left column, then the right
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Quảng Ngãi, ngày 25 tháng 3 năm 2024"]
    rows = ["TT | Cơ quan chủ trì | Nhiệm vụ | Thời gian thực hiện",
            "1 | Sở Nội vụ | Tham mưu Ủy ban nhân dân tỉnh triển khai Kế hoạch. Tổng hợp, báo cáo kết quả. | Năm 2024",
            "2 | Sở Y tế | Triển khai các hoạt động truyền thông về bình đẳng giới. | Quý II",
            "3 |  | Tổ chức các lớp tập huấn cho cán bộ y tế cơ sở. | Quý III"]
    sign = ["Nơi nhận:", "- Bộ Nội vụ;", "- Lưu: VT.", "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn A"]
    assert blocks == head + body + ["PHỤ LỤC"] + rows + sign


def test_docx_letterhead_reads_as_the_web_copy(tmp_path):
    """The 2 x 2 letterhead read column by column: the draft finds the same number, date, province and
    title as from the real web copy's opening (content/sources/quang-ngai-2024.txt)."""
    path = tmp_path / "ke-hoach.docx"
    _partial_docx(path)
    _, from_docx, _, _ = draft(path, CONTENT)
    _, from_txt, _, _ = draft(SOURCES / "quang-ngai-2024.txt", CONTENT)
    for key in ("province", "plan_id", "kind", "period", "title", "document"):
        assert from_docx.front[key] == from_txt.front[key], key


def test_docx_tables_before_and_after_the_document_type(tmp_path):
    """A two-column table before KẾ HOẠCH is a letterhead whatever its cells say; after it, a table whose
    cells open like a letterhead's (an attached plan's own letterhead) is read cell by cell too. An annex
    is read row by row wherever it is (here in a document with no type line of its own)."""
    import docx
    doc = docx.Document()
    _table(doc, [["UBND TỈNH X", "Một ô không rõ"]])
    doc.add_paragraph("QUYẾT ĐỊNH")
    doc.add_paragraph("Ban hành Kế hoạch thực hiện công tác bình đẳng giới")
    _table(doc, LETTERHEAD)
    doc.add_paragraph("KẾ HOẠCH")
    path = tmp_path / "qd.docx"
    doc.save(str(path))
    assert docx_text(path).split("\n\n")[:9] == [
        "UBND TỈNH X", "Một ô không rõ", "QUYẾT ĐỊNH", "Ban hành Kế hoạch thực hiện công tác bình đẳng giới",
        "ỦY BAN NHÂN DÂN", "TỈNH QUẢNG NGÃI", "Số: 72/KH-UBND", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc"]

    doc = docx.Document()
    doc.add_paragraph("Kế hoạch triển khai công tác bình đẳng giới năm 2024 của tỉnh Quảng Ngãi")
    _table(doc, ANNEX)
    doc.save(str(path))
    assert docx_text(path).split("\n\n")[1] == "TT | Cơ quan chủ trì | Nhiệm vụ | Thời gian thực hiện"


def _tcvn3_docx(path: Path, paragraphs: list[str]) -> None:
    """An old document: the Normal style in .VnTime, the capitals font .VnTimeH for what .VnTime cannot
    show (a toned capital letter, a heading in capitals), typed as TCVN3 codes."""
    import docx
    doc = docx.Document()
    doc.styles["Normal"].font.name = ".VnTime"
    code = {letter: byte for byte, letter in TCVN3.items()}
    for para in paragraphs:
        p = doc.add_paragraph()
        capitals = para == para.upper()
        runs: list[list] = []  # [capitals font?, text]
        for ch in para:
            toned_capital = ch not in code and ch.lower() in code
            c = code.get(ch.lower() if toned_capital or capitals else ch, ch)
            if runs and runs[-1][0] == (capitals or toned_capital):
                runs[-1][1] += c
            else:
                runs.append([capitals or toned_capital, c])
        for upper, text in runs:
            typed = "".join(c.lower() if c.isascii() else c for c in text) if upper and capitals else text
            run = p.add_run(typed)  # the H font shows any letter as a capital
            if upper:
                run.font.name = ".VnTimeH"
    doc.save(str(path))


def test_docx_runs_in_tcvn3_fonts_are_decoded(tmp_path):
    paragraphs = [" ".join(p.split()) for p in MINI.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    path = tmp_path / "ke-hoach.docx"
    _tcvn3_docx(path, paragraphs)
    src = read_document(path)
    assert src.text == "\n\n".join(paragraphs) + "\n"
    assert len(src.notes) == 1 and re.fullmatch(r"\d+ runs of text in TCVN3 fonts \(\.VnTime, \.VnTimeH\) decoded to "
                                                r"Unicode: check the Vietnamese letters", src.notes[0])


def test_docx_signature_table_in_two_rows(tmp_path):
    """A signature table typed in two rows (the list beside the authority lines, the name below):
    read column by column, the distribution list and the signature come out whole, as from the seed."""
    import docx
    text = MINI.read_text(encoding="utf-8")
    body, end = text.split("Nơi nhận:")
    dist, sign = [p.strip().splitlines() for p in end.strip().split("\n\n", 1)]
    sign = [ln for ln in sign if ln.strip()]
    doc = docx.Document()
    for para in body.split("\n\n"):
        if para.strip():
            doc.add_paragraph(" ".join(para.split()))
    _table(doc, [["Nơi nhận:", "\n".join(sign[:-1])], ["\n".join(dist), sign[-1]]])
    path = tmp_path / "ke-hoach.docx"
    doc.save(str(path))
    yaml_text, got, _, _ = draft(path, CONTENT)
    _, want, _, _ = draft(MINI, CONTENT)
    assert "list entry after the signature lines" not in yaml_text  # row by row, the list would follow "PHÓ CHỦ TỊCH"
    assert got.body["signature"] == want.body["signature"] == {"lines": ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn An"]}
    assert got.body["distribution"] == want.body["distribution"]


def test_docx_annex_numbered_by_word(tmp_path):
    """The TT column numbered by Word's list (the cells hold no text, Word shows 1. 2. 3.): the numbers
    are printed in the rows."""
    import docx
    doc = docx.Document()
    doc.add_paragraph("KẾ HOẠCH")
    table = _table(doc, [["TT", *ANNEX[0][1:]]] + [["", *row[1:]] for row in ANNEX[1:]])
    for r in range(1, len(ANNEX)):
        table.cell(r, 0).paragraphs[0].style = "List Number"
    path = tmp_path / "ke-hoach.docx"
    doc.save(str(path))
    rows = docx_text(path).split("\n\n")[1:]
    assert [r.split(" | ")[0] for r in rows] == ["TT", "1.", "2.", "3."]
