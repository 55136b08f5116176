"""The five seed plans laid out the way other provinces and websites publish them, and a scorer that
drafts each variant with `plansite import` and measures the draft against the curated YAML.

No tests here (tests/test_import_layouts.py holds them; scripts/import_scores.py prints the table).
`LAYOUTS[name](key, folder) -> path` writes one variant of one seed into `folder`; `score(key, layout,
path) -> Score` drafts it and scores it.

A variant is built from the seed's raw text, read as *units*: the document type, the title, body
paragraphs (hard wraps joined, Markdown debris and page-break splits kept as printed) and the tail's
line groups (Nơi nhận, signature). Layouts differ in how units are printed (blank lines or single
newlines, wrapped or not, numbering schemes, Word, PDF, a wrapping decision, Windows-1258), never in
their words, except where a layout adds what such documents carry (letterhead, decision, annex).

The score of one draft (denominators are the larger of the curated and the drafted counts, so extra
tasks and blocks count as misses):
- tasks right: a curated task (every task of every block) is right when a not yet matched draft task
  has the same text (norm(): whitespace, NFC, tone marks, case) under a block with the same agencies;
- blocks right: same agencies and mode, one to one;
- text carried: the curated plan's plain paragraphs (labels and a trailing colon aside) found in the
  draft's, read back through `plansite validate`'s loader (its errors are recorded too);
- unflagged wrong: draft tasks that match nothing and carry no REVIEW at their own or their block's
  path, plus curated tasks no draft task holds that no REVIEW in the implementation section explains;
- metadata (reported only): title, kind, period, lead agency, proposer, signer, number of legal bases,
  and the number a letterhead prints.
"""
from __future__ import annotations

import difflib
import re
import shutil
import tempfile
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from generator.text import slugify, squash, tone_normalise

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
SEEDS = {
    "quang-ngai/2025": "quang-ngai-2025.txt",
    "ninh-thuan/2021": "ninh-thuan-2021.txt",
    "dak-nong/2021-2030": "dak-nong-2021-2030.txt",
    "cao-bang/2022": "cao-bang-2022.txt",
    "gia-lai/2020": "gia-lai-2020.txt",
}


def norm(s) -> str:
    """Text as compared with the curated plan: whitespace, NFC, tone-mark convention and case normalised."""
    return tone_normalise(unicodedata.normalize("NFC", squash(s or ""))).casefold()


# ---------------------------------------------------------------------------------------------
# Helpers shared with tests/test_import.py
# ---------------------------------------------------------------------------------------------

def make_pdf(pages: list[list[str]], path: Path, numbers_on_top: bool = False):
    """A minimal text-layer PDF: one Type0 font (Identity-H) whose ToUnicode map gives the text back.
    Page numbers at the foot of every page, or (`numbers_on_top`, as Vietnamese administrative
    documents print them) at the head of every page after the first."""
    chars = sorted({c for page in pages for line in page for c in line} | set("0123456789"))
    code = {c: i + 1 for i, c in enumerate(chars)}
    cmap = ("/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Custom def "
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def "
            "1 begincodespacerange <0000> <FFFF> endcodespacerange\n")
    entries = [f"<{code[c]:04X}> <{c.encode('utf-16-be').hex().upper()}>" for c in chars]
    for i in range(0, len(entries), 100):
        cmap += f"{len(entries[i:i + 100])} beginbfchar\n" + "\n".join(entries[i:i + 100]) + "\nendbfchar\n"
    cmap += "endcmap CMapName currentdict /CMap defineresource pop end end"
    objs: list = [None, None]
    add = lambda o: objs.append(o) or len(objs)  # noqa: E731
    tounicode = add(f"<< /Length {len(cmap.encode())} >>\nstream\n{cmap}\nendstream")
    desc = add("<< /Type /FontDescriptor /FontName /Test /Flags 32 /FontBBox [0 -200 1000 900] /ItalicAngle 0 "
               "/Ascent 900 /Descent -200 /CapHeight 700 /StemV 80 >>")
    cid = add(f"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Test /CIDSystemInfo << /Registry (Adobe) "
              f"/Ordering (Identity) /Supplement 0 >> /FontDescriptor {desc} 0 R /DW 500 >>")
    font = add(f"<< /Type /Font /Subtype /Type0 /BaseFont /Test /Encoding /Identity-H /DescendantFonts [{cid} 0 R] "
               f"/ToUnicode {tounicode} 0 R >>")
    kids = []
    for n, page in enumerate(pages):
        number = f"<{''.join(f'{code[c]:04X}' for c in str(n + 1))}> Tj ET"
        ops = [f"BT /F1 9 Tf 290 820 Td {number}"] if numbers_on_top and n else []
        ops += ["BT /F1 10 Tf 14 TL 50 800 Td"] + [f"<{''.join(f'{code[c]:04X}' for c in line)}> Tj T*" for line in page]
        ops += ["ET"] + ([] if numbers_on_top else [f"BT /F1 9 Tf 290 30 Td {number}"])
        content = "\n".join(ops)
        c = add(f"<< /Length {len(content)} >>\nstream\n{content}\nendstream")
        kids.append(add(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 {font} 0 R >> >> /Contents {c} 0 R >>"))
    objs[0] = "<< /Type /Catalog /Pages 2 0 R >>"
    objs[1] = f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] /Count {len(kids)} >>"
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for i, o in enumerate(objs):
        offsets.append(len(out))
        out += f"{i + 1} 0 obj\n{o}\nendobj\n".encode("utf-8")
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{off:010d} 00000 n \n".encode() for off in offsets)
    out += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    path.write_bytes(bytes(out))


def wrap(text: str, width: int = 72) -> list[str]:
    """Greedy hard wrap at `width` columns."""
    lines, cur = [], ""
    for w in text.split():
        if cur and len(cur) + 1 + len(w) > width:
            lines.append(cur)
            cur = w
        else:
            cur = f"{cur} {w}".strip()
    return lines + [cur] if cur else lines


def docx_cells_table(doc, columns: list[list[str]], bold: bool = False):
    """A one-row table, one cell per column, each cell one paragraph per line (letterheads, Nơi nhận | signature)."""
    table = doc.add_table(rows=1, cols=len(columns))
    for cell, lines in zip(table.rows[0].cells, columns):
        for k, line in enumerate(lines):
            p = cell.paragraphs[0] if k == 0 else cell.add_paragraph()
            run = p.add_run(line)
            if bold:
                run.bold = True
    return table


# ---------------------------------------------------------------------------------------------
# A seed as units
# ---------------------------------------------------------------------------------------------

_MD_PREFIX = r"\s*(?:#+\s*)?(?:\*\*)?"
_LABEL = re.compile(rf"^(?P<pre>{_MD_PREFIX})(?P<label>[IVX]+\.|\d{{1,2}}\.|[a-zđ]\)|[-+•])(?=\s)")


@dataclass
class Unit:
    kind: str            # doctype | title | para | lines
    lines: list[str]     # para: one line (hard wraps joined); title/lines: as printed
    cont: bool = False   # a para that continues the previous one across a page break

    @property
    def text(self) -> str:
        return " ".join(self.lines)

    @property
    def label(self) -> str | None:
        m = _LABEL.match(self.text) if self.kind == "para" else None
        return m.group("label") if m else None


def strip_md(line: str) -> str:
    """A line without Markdown debris (heading marks, emphasis stars)."""
    return re.sub(r"\*+", "", re.sub(r"^\s*#+\s*", "", line)).strip()


def seed_text(key: str) -> str:
    return (CONTENT / "sources" / SEEDS[key]).read_text(encoding="utf-8")


def units(raw: str) -> list[Unit]:
    """Head (document type, title), body paragraphs and tail line groups of a plan text."""
    chunks = [[ln.rstrip() for ln in c.split("\n") if ln.strip()] for c in re.split(r"\n[ \t]*\n", raw)]
    chunks = [c for c in chunks if c]
    out: list[Unit] = []
    k = 0
    head: list[str] = []
    while k < len(chunks) and len(" ".join(chunks[k]).split()) <= 24:
        head += chunks[k]
        k += 1
    out.append(Unit("doctype", [head[0].strip()]))
    out.append(Unit("title", [ln.strip() for ln in head[1:]]))
    tail = False
    for chunk in chunks[k:]:
        if strip_md(chunk[0]).startswith("Nơi nhận"):
            tail = True
        if tail:
            out.append(Unit("lines", [ln.strip() for ln in chunk]))
            continue
        first = True
        for line in chunk:
            if first or _LABEL.match(line.strip()):
                cont = first and not _LABEL.match(line.strip()) and line.strip()[:1].islower()
                out.append(Unit("para", [line.strip()], cont))
            elif re.search(r"\w-$", out[-1].lines[-1]) and line.strip()[:1].isdigit():
                out[-1].lines[-1] += line.strip()  # "Covid-" / "19": one word broken at its hyphen
            else:
                out[-1].lines.append(line.strip())
            first = False
    for u in out:  # a para's hard wraps joined: one line
        if u.kind == "para":
            u.lines = [squash(" ".join(u.lines))]
    return out


def merged(us: list[Unit]) -> list[Unit]:
    """Page-break splits joined (web pages and Word files have no page breaks)."""
    out: list[Unit] = []
    for u in us:
        if u.kind == "para" and u.cont and out and out[-1].kind == "para":
            out[-1] = Unit("para", [out[-1].text + " " + u.text])
        else:
            out.append(replace(u, lines=list(u.lines)))
    return out


# ---------------------------------------------------------------------------------------------
# Transformations of units
# ---------------------------------------------------------------------------------------------

def relabel(us: list[Unit], roman: str, number: str | None = None, letter: str | None = None) -> list[Unit]:
    """Section numerals 'I.' -> 'I' + roman; '1.' -> '1' + number; 'a)' -> 'a' + letter."""
    def sub(m):
        lab = m.group("label")
        if re.fullmatch(r"[IVX]+\.", lab):
            lab = lab[:-1] + roman
        elif number and re.fullmatch(r"\d+\.", lab):
            lab = lab[:-1] + number
        elif letter and re.fullmatch(r"[a-zđ]\)", lab):
            lab = lab[:-1] + letter
        return m.group("pre") + lab
    return [replace(u, lines=[_LABEL.sub(sub, u.lines[0], count=1)]) if u.kind == "para" else u for u in us]


def plus_bullets(us: list[Unit]) -> list[Unit]:
    """'-' bullets become '+' in every run of bullets that has no '+' (so nesting keeps its meaning)."""
    out = list(us)
    k = 0
    while k < len(out):
        if out[k].label not in ("-", "+"):
            k += 1
            continue
        j = k
        while j < len(out) and (out[j].label in ("-", "+") or (out[j].kind == "para" and out[j].cont)):
            j += 1
        if not any(u.label == "+" for u in out[k:j]):
            for i in range(k, j):
                if out[i].label == "-":
                    out[i] = replace(out[i], lines=[_LABEL.sub(lambda m: m.group("pre") + "+", out[i].lines[0], count=1)])
        k = j
    return out


def upper_title(us: list[Unit]) -> list[Unit]:
    """The title and the section headings in capitals (the heading part only when text follows a colon)."""
    out = []
    for u in us:
        if u.kind in ("title", "doctype"):
            u = replace(u, lines=[ln.upper() for ln in u.lines])
        elif u.kind == "para" and re.fullmatch(r"[IVX]+[./-]", u.label or ""):
            head, colon, rest = u.text.partition(":")
            u = replace(u, lines=[head.upper() + colon + rest])
        out.append(u)
    return out


def no_md(us: list[Unit]) -> list[Unit]:
    return [replace(u, lines=[strip_md(ln) for ln in u.lines if strip_md(ln)]) for u in us]


def rewrap(text: str, width: int) -> list[str]:
    """Hard wrap at `width` (60-80), breaking early (past column 60; past 3/4 of a narrower width) before a
    lone dash or a number, as "2021 - 2030" and "Lao động - Thương binh" break in real files: continuation
    lines start with '- ' or a digit."""
    lines, cur = [], ""
    early_at = 60 if width >= 60 else width * 3 // 4
    for w in text.split():
        early = len(cur) >= early_at and (w in ("-", "–") or w[:1].isdigit())
        if cur and (len(cur) + 1 + len(w) > width or early):
            lines.append(cur)
            cur = w
        else:
            cur = f"{cur} {w}".strip()
    return lines + [cur] if cur else lines


def render(us: list[Unit], sep: str = "\n\n", wrapped: bool = False) -> str:
    """Plain text: units separated by `sep`; paragraphs (and the title) hard-wrapped when `wrapped`."""
    blocks = []
    for i, u in enumerate(us):
        if u.kind == "para" and wrapped:
            blocks.append("\n".join(rewrap(u.text, 60 + (i * 7) % 21)))
        elif u.kind == "title":
            blocks.append("\n".join(rewrap(u.text, 66)) if wrapped else (u.text if sep == "\n" else "\n".join(u.lines)))
        else:
            blocks.append("\n".join(u.lines))
    return sep.join(blocks) + "\n"


# ---------------------------------------------------------------------------------------------
# Layouts
# ---------------------------------------------------------------------------------------------

def _write(folder: Path, key: str, suffix: str, data) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / (SEEDS[key].removesuffix(".txt") + suffix)
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")
    return path


def _txt(transform, sep="\n\n", wrapped=False, merge=False):
    def make(key: str, folder: Path) -> Path:
        us = units(seed_text(key))
        us = merged(us) if merge else us
        return _write(folder, key, ".txt", render(transform(us), sep, wrapped))
    return make


def _raw(transform, newline="\n"):
    """A layout made on the seed's own lines (its real breaks kept)."""
    def make(key: str, folder: Path) -> Path:
        return _write(folder, key, ".txt", transform(seed_text(key)).replace("\n", newline))
    return make


def tab_labels(text: str) -> str:
    """A tab between a label and its text, as Word's lists give when saved as text."""
    return re.sub(r"(?m)^([a-zđ]\)|\d{1,2}\.|-|\+)\s+", r"\1\t", text)


def no_space_labels(text: str) -> str:
    """'a)Chủ trì', '1.Sở Nội vụ': a copy that lost the space after the label."""
    return re.sub(r"(?m)^([a-zđ]\)|\d{1,2}\.)\s+(?=[A-ZĐÀ-Ỹ])", r"\1", text)


def bold_block_names(text: str) -> str:
    """'**1. Sở Nội vụ:**': a converter's Markdown bold on numbered headings."""
    return re.sub(r"(?m)^(\d{1,2}\.\s+[^\n:]{3,80}:)", r"**\1**", text)


def no_blank_lines(text: str) -> str:
    """The seed's own line breaks (a PDF's wraps, for Ninh Thuận) with every blank line gone."""
    return re.sub(r"\n\s*\n", "\n", text)


def layout_seed(key: str, folder: Path) -> Path:
    return _write(folder, key, ".txt", seed_text(key))


def to_cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese Windows writes it: a letter the code page has precomposed stays so
    (â ă ê ô ơ ư đ, and a few with a tone: á à é ...); every other tone mark is a combining character
    after its letter (Python's codec encodes no precomposed 'ế', so the text is decomposed first)."""
    out = []
    for m in re.finditer(r"(.)([\u0300-\u036f]*)", unicodedata.normalize("NFD", text), re.S):
        base, rest = m.group(1), list(m.group(2))
        for mark in list(rest):  # breve, circumflex, horn: precomposed where cp1258 has the letter
            joined = unicodedata.normalize("NFC", base + mark)
            if len(joined) == 1 and _in_cp1258(joined):
                base = joined
                rest.remove(mark)
        out.append(base + "".join(rest))
    return "".join(out).encode("cp1258")


def _in_cp1258(s: str) -> bool:
    try:
        s.encode("cp1258")
        return True
    except UnicodeEncodeError:
        return False


def layout_cp1258(key: str, folder: Path) -> Path:
    text = seed_text(key).replace("\r\n", "\n").replace("\n", "\r\n")
    return _write(folder, key, ".txt", to_cp1258(text))


def _pdf(transform=None, with_letterhead: bool = False):
    """Hard-wrapped lines (no blank lines), 46 lines a page (pages end mid-sentence), page numbers on
    top from page 2; with the two-column letterhead, each row of both columns on one text line."""
    def make(key: str, folder: Path) -> Path:
        lines: list[str] = []
        if with_letterhead:
            left, right = letterhead(facts(key))
            lines += [f"{a:<40}{b}" for a, b in zip(left, right)]
        us = no_md(merged(units(seed_text(key))))
        for u in transform(us) if transform else us:
            lines += wrap(u.text, 88) if u.kind in ("para", "title") else u.lines
        pages = [lines[i:i + 46] for i in range(0, len(lines), 46)]
        path = folder / (SEEDS[key].removesuffix(".txt") + ".pdf")
        folder.mkdir(parents=True, exist_ok=True)
        make_pdf(pages, path, numbers_on_top=True)
        return path
    return make


# -- documents that carry more than the plan: letterhead, Word, annex, decision ------------------

@dataclass
class Facts:
    """What a letterhead, a decision or an annex of seed `key` prints (from the curated plan)."""
    province_vi: str
    number: str | None
    date: tuple[int, int, int] | None
    year: int
    annual: bool
    title: str
    signer: str
    proposal: str | None
    closing: str | None
    blocks: list[dict]


def facts(key: str) -> Facts:
    from generator.registry import load_registry
    front, body = gold(key)
    reg, _ = load_registry(CONTENT)
    d = front["document"].get("date")
    prop = front.get("proposal")
    proposer = None
    if prop:
        proposer = reg.agencies[prop["agency"]]["vi"] if prop["agency"] in reg.agencies else None
        proposer = f"{proposer} tại {prop['submission']}" if proposer and prop.get("submission") else proposer
    return Facts(reg.provinces[front["province"]]["vi"], front["document"].get("number"),
                 tuple(map(int, d.split("-"))) if d else None, front["period"]["from"], front["kind"] == "annual",
                 front["title"], front["signer"]["name"], proposer, (body.get("closing") or [None])[0],
                 [b for *_, b in _blocks(body)])


def _date_vi(f: Facts) -> str:
    if f.date:
        y, m, d = f.date
        return f"{f.province_vi}, ngày {d:02d} tháng {m:02d} năm {y}"
    return f"{f.province_vi}, ngày      tháng      năm {f.year}"  # printed blank, as drafts are published


def letterhead(f: Facts, doc_code: str = "KH") -> tuple[list[str], list[str]]:
    number = f.number.replace("/KH-", f"/{doc_code}-") if f.number else f"      /{doc_code}-UBND"
    return (["ỦY BAN NHÂN DÂN", f"TỈNH {f.province_vi.upper()}", f"Số: {number}"],
            ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", _date_vi(f)])


def _section_of(u: Unit) -> bool:
    return u.kind == "para" and bool(re.fullmatch(r"[IVX]+[./-]", u.label or ""))


def implementation_span(us: list[Unit], f: Facts) -> tuple[int, int]:
    """(first block unit, end) of the implementation section's agency blocks."""
    head = next(i for i, u in enumerate(us) if _section_of(u) and "TỔ CHỨC THỰC HIỆN" in u.text.upper())
    start = head + 1
    while start < len(us) and not re.fullmatch(r"\d+[.)]", us[start].label or ""):
        start += 1
    end = start
    closing = norm(f.closing or "")[:40]
    while end < len(us) and us[end].kind == "para" and not _section_of(us[end]) and not (closing and norm(strip_md(us[end].text)).startswith(closing)):
        end += 1
    return start, end


def _letters_numbering(doc, blocks: int) -> list[str]:
    """Word numbering for 'a)' lists: one abstract list (lowerLetter '%1)') and a list instance per block
    (each restarts at a). Returns the numIds."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls
    numbering = doc.part.numbering_part.element
    abstract = parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90"><w:multiLevelType w:val="singleLevel"/>'
                         '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%1)"/>'
                         '<w:lvlJc w:val="left"/></w:lvl></w:abstractNum>')
    first_num = numbering.find(f"{{{abstract.nsmap['w']}}}num")
    first_num.addprevious(abstract) if first_num is not None else numbering.append(abstract)
    ids = []
    for k in range(blocks):
        num_id = str(100 + k)
        numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="90"/>'
                                   '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'))
        ids.append(num_id)
    return ids


def _numbered(paragraph, num_id: str):
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls
    paragraph._p.get_or_add_pPr().append(parse_xml(
        f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>'))


def _bold_head(paragraph, text: str, bold_all: bool = False):
    """The block name bold, the task text after its colon plain (as Word plans print them)."""
    head, colon, rest = text.partition(":")
    if bold_all or not rest.strip():
        paragraph.add_run(text).bold = bold_all or len(text.split()) <= 20
    else:
        paragraph.add_run(head + colon).bold = True
        paragraph.add_run(rest)


def _tail_columns(us: list[Unit]) -> tuple[list[str], list[str]]:
    lines = [strip_md(ln) for u in us if u.kind == "lines" for ln in u.lines]
    lines = [ln for ln in lines if ln and not ln.isdigit()]  # a page number is no text in Word
    k = max((i for i, ln in enumerate(lines) if ln.startswith("-")), default=0) + 1
    return lines[:k], lines[k:]


def make_plan_docx(key: str, path: Path, annex: bool | str = False):
    """The seed as a Word file: letterhead table, bold headings, agency blocks in Word's own numbered
    list ('List Number') with their 'a)' tasks in numbering definitions, Nơi nhận | signature table.
    With `annex`, the blocks go to an annex table after the signature (TT | agency | task | deadline);
    with annex="inline", that table stands in the implementation section itself."""
    import docx
    f = facts(key)
    us = no_md(merged(units(seed_text(key))))
    doc = docx.Document()
    docx_cells_table(doc, list(letterhead(f)), bold=False)
    start, end = implementation_span(us, f)
    n_blocks = sum(1 for u in us[start:end] if re.fullmatch(r"\d+\.", u.label or ""))
    letter_ids = iter(_letters_numbering(doc, n_blocks))
    letters = None
    for i, u in enumerate(us):
        if u.kind == "lines":
            continue
        if u.kind in ("doctype", "title"):
            doc.add_paragraph().add_run(u.text).bold = True
            continue
        if annex == "inline" and i == start:
            doc.add_paragraph("Phân công nhiệm vụ cụ thể như sau:")
            _task_table(doc, f)
        elif annex and i == start:
            doc.add_paragraph("Nhiệm vụ cụ thể của các sở, ban, ngành, địa phương tại Phụ lục kèm theo Kế hoạch này.")
        if start <= i < end:
            if annex:
                continue
            if re.fullmatch(r"\d+\.", u.label or ""):
                _bold_head(doc.add_paragraph(style="List Number"), _LABEL.sub("", u.text, count=1).strip())
                letters = next(letter_ids)
                continue
            if re.fullmatch(r"[a-zđ]\)", u.label or "") and letters:
                _numbered(doc.add_paragraph(_LABEL.sub("", u.text, count=1).strip()), letters)
                continue
        p = doc.add_paragraph()
        _bold_head(p, u.text, bold_all=_section_of(u))
    dist, sign = _tail_columns(us)
    docx_cells_table(doc, [dist, sign])
    if annex is True:
        doc.add_paragraph().add_run("PHỤ LỤC").bold = True
        doc.add_paragraph().add_run(f"PHÂN CÔNG NHIỆM VỤ THỰC HIỆN KẾ HOẠCH {f.title.upper()}").bold = True
        doc.add_paragraph(f"(Kèm theo Kế hoạch số {f.number or '      /KH-UBND'} của Ủy ban nhân dân tỉnh {f.province_vi})")
        _task_table(doc, f)
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))


def _task_table(doc, f: Facts):
    rows = annex_rows(f)
    table = doc.add_table(rows=len(rows), cols=4)
    for r, row in zip(table.rows, rows):
        for cell, value in zip(r.cells, row):
            cell.text = value


def annex_rows(f: Facts) -> list[list[str]]:
    """Header + one row per task: TT | agency (the block's name as printed) | task | deadline."""
    rows = [["TT", "Cơ quan chủ trì", "Nhiệm vụ", "Thời gian thực hiện"]]
    for b in f.blocks:
        for t in b["tasks"]:
            when = "Thường xuyên" if "thường xuyên" in t["text"].lower() else (f"Năm {f.year}" if f.annual else "Hằng năm")
            rows.append([str(len(rows)), b["name"].rstrip(": "), t["text"], when])
    return rows


def layout_docx(key: str, folder: Path) -> Path:
    path = folder / (SEEDS[key].removesuffix(".txt") + ".docx")
    make_plan_docx(key, path)
    return path


def layout_docx_annex(key: str, folder: Path) -> Path:
    path = folder / (SEEDS[key].removesuffix(".txt") + ".docx")
    make_plan_docx(key, path, annex=True)
    return path


def decision_text(key: str, web: bool = False) -> str:
    """The plan attached to a Quyết định that promulgates it, as Tây Ninh publishes
    (content/sources/tay-ninh-2021-2030.txt): letterhead, the decision, then the plan. With `web`, as
    Tây Ninh's web page gives it: the letterhead table's cells split by '|' lines, single newlines,
    every paragraph hard-wrapped."""
    f = facts(key)
    left, right = letterhead(f, "QĐ")
    number = left[2].removeprefix("Số: ").strip()
    title = f.title[0].lower() + f.title[1:]
    when = f"ngày {f.date[2]:02d}/{f.date[1]:02d}/{f.date[0]}" if f.date else f"năm {f.year}"
    proposer = f.proposal or "Sở Lao động - Thương binh và Xã hội"
    if web:
        head = "\n".join(left[:2] + ["-------", "|"] + right[:2] + ["---------------", "|", left[2], "|", right[2], "|"])
    else:
        head = "\n".join(left[:2] + ["-------"] + right[:2] + ["---------------"] + left[2:] + right[2:])
    decision = [
        "QUYẾT ĐỊNH", f"Ban hành Kế hoạch {title}", f"ỦY BAN NHÂN DÂN TỈNH {f.province_vi.upper()}",
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
        "Căn cứ Luật Bình đẳng giới ngày 29 tháng 11 năm 2006;",
        f"Theo đề nghị của Giám đốc {proposer}.",
        "QUYẾT ĐỊNH:",
        f"Điều 1. Ban hành kèm theo Quyết định này Kế hoạch {title}.",
        "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.",
        "Điều 3. Chánh Văn phòng Ủy ban nhân dân tỉnh, Thủ trưởng các sở, ban, ngành tỉnh; Chủ tịch Ủy ban nhân dân "
        "các huyện, thị xã, thành phố và các cơ quan, đơn vị liên quan chịu trách nhiệm thi hành Quyết định này./.",
    ]
    tail = ["Nơi nhận:\n- Như Điều 3;\n- CT, các PCT UBND tỉnh;\n- Lưu: VT, KGVX.",
            f"TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n{'|' if web else ''}\n{f.signer}"]
    us = units(seed_text(key))
    plan = [us[0].text, us[1].text if web else "\n".join(us[1].lines),
            f"(Ban hành kèm theo Quyết định số {number} {when} của Ủy ban nhân dân tỉnh {f.province_vi})"]
    if not web:
        return "\n\n".join([head] + decision + tail + plan) + "\n\n" + render(us[2:])
    paras = [head] + ["\n".join(rewrap(p, 60 + (i * 7) % 21)) for i, p in enumerate(decision)]
    paras += [t.replace("\n\n", "\n") for t in tail] + ["|"] + ["\n".join(rewrap(p, 72)) for p in plan]
    return "\n".join(paras) + "\n" + render(merged(us[2:]), sep="\n", wrapped=True)


def layout_docx_table(key: str, folder: Path) -> Path:
    path = folder / (SEEDS[key].removesuffix(".txt") + ".docx")
    make_plan_docx(key, path, annex="inline")
    return path


def layout_decision(key: str, folder: Path) -> Path:
    return _write(folder, key, ".txt", decision_text(key))


def layout_decision_web(key: str, folder: Path) -> Path:
    return _write(folder, key, ".txt", decision_text(key, web=True))


def web_page_text(key: str) -> str:
    """A plan copied whole from a provincial portal's page (as son-la-2025.txt was): the page's own
    header (portal, breadcrumbs, page title, date posted, views, address), the letterhead table
    as '|'-ended cells, the plan with single newlines, then the page's footer."""
    f = facts(key)
    left, right = letterhead(f)
    slug = slugify(f.province_vi).replace("-", "")
    header = [f"Cổng Thông tin điện tử tỉnh {f.province_vi}", "Trang chủ > Văn bản > Văn bản chỉ đạo điều hành",
              f"Kế hoạch {f.title[0].lower() + f.title[1:]}",
              f"Ngày đăng: 05/05/{f.year} 08:30 | Lượt xem: 1.024",
              f"Địa chỉ: https://{slug}.gov.vn/van-ban/ke-hoach-binh-dang-gioi-{f.year}"]
    head = [f"{ln} |" for ln in left[:2] + right[:2] + left[2:] + right[2:]]
    footer = ["Tải về: ke-hoach-binh-dang-gioi.pdf", "Chia sẻ: Facebook | Zalo | In bài viết", "Tin liên quan"]
    return "\n".join(header + head) + "\n" + render(merged(units(seed_text(key))), sep="\n") + "\n".join(footer) + "\n"


def layout_web_page(key: str, folder: Path) -> Path:
    return _write(folder, key, ".txt", web_page_text(key))


# -- more layouts met in the wild ------------------------------------------------------------

def decimal_sub(us: list[Unit]) -> list[Unit]:
    """Letter items numbered under their parent, as many provinces write them: 'a)' under '2.' -> '2.1.'."""
    out, parent, k = [], None, 0
    for u in us:
        lab = u.label or ""
        if re.fullmatch(r"[IVX]+\.", lab):
            parent = None
        elif re.fullmatch(r"\d+\.", lab):
            parent, k = lab[:-1], 0
        elif re.fullmatch(r"[a-zđ]\)", lab) and parent:
            k += 1
            u = replace(u, lines=[_LABEL.sub(lambda m: f"{m.group('pre')}{parent}.{k}.", u.lines[0], count=1)])
        out.append(u)
    return out


def render_indented(us: list[Unit]) -> str:
    """A Word document saved as plain text with line breaks: no blank lines, each paragraph's first
    line indented, lines of at most 76 columns, the document type and title centred."""
    lines: list[str] = []
    for u in us:
        if u.kind in ("doctype", "title"):
            lines += [ln.center(76).rstrip() for ln in (wrap(u.text, 70) if u.kind == "title" else u.lines)]
        elif u.kind == "para":
            wrapped = wrap(u.text, 72)
            lines += ["    " + wrapped[0]] + wrapped[1:]
        else:
            lines += u.lines
    return "\n".join(lines) + "\n"


def to_markdown(us: list[Unit]) -> list[Unit]:
    """What a converter (docx -> Markdown) gives: '# KẾ HOẠCH', bold title, '## I. ...' section
    headings, bold numbered headings; the seed's own Markdown debris replaced by this."""
    out = []
    for u in no_md(us):
        if u.kind == "doctype":
            u = replace(u, lines=[f"# {u.text}"])
        elif u.kind == "title":
            u = replace(u, lines=[f"**{u.text}**"])
        elif _section_of(u):
            u = replace(u, lines=[f"## {u.text}"])
        elif re.fullmatch(r"\d+\.", u.label or "") and len(u.text.split()) <= 16 and ":" not in u.text[:-1]:
            u = replace(u, lines=[f"**{u.text}**"])
        out.append(u)
    return out


def nbsp(us: list[Unit]) -> list[Unit]:
    """A web page's non-breaking spaces: after every label and around dashes ('2021\u00a0-\u00a02030')."""
    def fix(line: str) -> str:
        line = re.sub(r"^(\S*?(?:[IVX]+\.|\d{1,2}\.|[a-zđ]\)|[-+]))\s", "\\1\u00a0", line, count=1)
        return re.sub(r"(\d) - (\d)", "\\1\u00a0-\u00a0\\2", line)
    return [replace(u, lines=[fix(ln) for ln in u.lines]) if u.kind == "para" else u for u in us]


def layout_indented(key: str, folder: Path) -> Path:
    return _write(folder, key, ".txt", render_indented(no_md(merged(units(seed_text(key))))))


def no_bullets(us: list[Unit]) -> list[Unit]:
    """A web page that drew its lists with HTML, copied as text: the letters and bullets are gone
    (as in content/sources/son-la-2025.txt); numbered headings keep their numbers."""
    def drop(line: str) -> str:
        return re.sub(r"^((?:\*\*)?)(?:[a-zđ]\)|[-+•])\s+", r"\1", line)
    return [replace(u, lines=[drop(u.lines[0])]) if u.kind == "para" and re.fullmatch(r"[a-zđ]\)|[-+•]", u.label or "") else u
            for u in us]


def letterhead_text(key: str) -> str:
    """The seed under its letterhead, as a portal's .txt gives it (content/sources/quang-ngai-2024.txt):
    each column's lines, the rule lines under them, the number and the place and date."""
    left, right = letterhead(facts(key))
    head = "\n".join(left[:2] + ["-------", ""] + right[:2] + ["---------------", "", left[2], "", right[2]])
    return head + "\n\n" + seed_text(key).lstrip("\n")


def layout_letterhead(key: str, folder: Path) -> Path:
    return _write(folder, key, ".txt", letterhead_text(key))


def word_txt(key: str) -> bytes:
    """Word's "Save as Plain Text" (UTF-8, Windows line ends) of the .docx layout: one line per
    paragraph, no blank lines, a tab after every automatic list number; a table row's cells end
    with a tab, so a two-column letterhead or Nơi nhận | signature row runs into one line where the
    first cell ends ('Số: 93/KH-UBND<TAB>CỘNG HÒA ...')."""
    f = facts(key)
    us = no_md(merged(units(seed_text(key))))

    def row(left: list[str], right: list[str]) -> list[str]:
        return left[:-1] + [f"{left[-1]}\t{right[0]}"] + right[1:-1] + [f"{right[-1]}\t"]
    lines = row(*letterhead(f))
    for u in us:
        if u.kind == "para":
            m = _LABEL.match(u.text)
            lines.append(f"{u.text[:m.end()]}\t{u.text[m.end():].lstrip()}" if m else u.text)
        elif u.kind in ("doctype", "title"):
            lines.append(u.text)
    dist, sign = _tail_columns(us)
    lines += row(dist, sign)
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def layout_word_txt(key: str, folder: Path) -> Path:
    return _write(folder, key, ".txt", word_txt(key))


def layout_nfd(key: str, folder: Path) -> Path:
    """'Unicode tổ hợp': every letter decomposed (NFD), as some Vietnamese keyboards and macOS write."""
    return _write(folder, key, ".txt", unicodedata.normalize("NFD", seed_text(key)))


_LEVELS = [("upperRoman", "%1."), ("decimal", "%2."), ("lowerLetter", "%3)")]


def _multilevel_numbering(doc) -> tuple[str, dict]:
    """One multilevel list (I. / 1. / a), each level restarting under the one above) and bullet lists
    for '-' and '+'; returns the list's numId and the bullets' numIds."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls
    numbering = doc.part.numbering_part.element

    def lvl(i: int, fmt: str, text: str) -> str:
        return (f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/>'
                f'<w:lvlJc w:val="left"/></w:lvl>')
    abstracts = {"91": "".join(lvl(i, f, t) for i, (f, t) in enumerate(_LEVELS)),
                 "92": lvl(0, "bullet", "-"), "93": lvl(0, "bullet", "+")}
    first_num = numbering.find(parse_xml(f'<w:num {nsdecls("w")}/>').tag)
    for aid, levels in abstracts.items():
        el = parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{aid}">{levels}</w:abstractNum>')
        first_num.addprevious(el) if first_num is not None else numbering.append(el)
    for num_id, aid in (("191", "91"), ("192", "92"), ("193", "93")):
        numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{aid}"/></w:num>'))
    return "191", {"-": "192", "+": "193"}


def _list_item(doc, text: str, num_id: str, level: int):
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls
    p = doc.add_paragraph(text)
    p._p.get_or_add_pPr().append(parse_xml(
        f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'))
    return p


def layout_docx_multilevel(key: str, folder: Path) -> Path:
    """A carefully made Word file: every label is Word's own numbering, one multilevel list for
    sections, items and letters (I. / 1. / a), 'đ)' becomes 'e)' as Word counts) and bullet lists for
    '-' and '+'; the letterhead and Nơi nhận | signature tables as in the docx layout."""
    import docx
    f = facts(key)
    us = no_md(merged(units(seed_text(key))))
    doc = docx.Document()
    docx_cells_table(doc, list(letterhead(f)))
    main, bullets = _multilevel_numbering(doc)
    for u in us:
        if u.kind in ("doctype", "title"):
            doc.add_paragraph().add_run(u.text).bold = True
        elif u.kind == "para":
            lab = u.label or ""
            rest = _LABEL.sub("", u.text, count=1).strip()
            level = 0 if re.fullmatch(r"[IVX]+\.", lab) else 1 if re.fullmatch(r"\d+\.", lab) else 2 if re.fullmatch(r"[a-zđ]\)", lab) else None
            if level is not None:
                _list_item(doc, rest, main, level).runs[0].bold = level == 0
            elif lab in bullets:
                _list_item(doc, rest, bullets[lab], 0)
            else:
                doc.add_paragraph(u.text)
    docx_cells_table(doc, list(_tail_columns(us)))
    path = folder / (SEEDS[key].removesuffix(".txt") + ".docx")
    folder.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    return path


def upper_blocks(us: list[Unit]) -> list[Unit]:
    """Agency block headings in capitals, as Word plans often print them ('2. SỞ TƯ PHÁP:'); a task
    on the heading line after its colon keeps its case."""
    out, impl = [], False
    for u in us:
        if _section_of(u):
            impl = "TỔ CHỨC THỰC HIỆN" in u.text.upper()
        elif impl and re.fullmatch(r"\d+\.", u.label or ""):
            head, colon, rest = u.text.partition(":")
            if colon or len(head.split()) <= 20:  # not a heading that runs into its task without a colon
                u = replace(u, lines=[head.upper() + colon + rest])
        out.append(u)
    return out


def decimal_outline(us: list[Unit]) -> list[Unit]:
    """A decimal outline: sections '1.' (their headings in capitals tell them), items '1.1.', letters kept."""
    out, sec = [], 0
    for u in us:
        lab = u.label or ""
        if re.fullmatch(r"[IVX]+\.", lab):
            sec += 1
            u = replace(u, lines=[_LABEL.sub(lambda m: f"{m.group('pre')}{sec}.", u.lines[0], count=1)])
        elif sec and re.fullmatch(r"\d+\.", lab):
            u = replace(u, lines=[_LABEL.sub(lambda m: f"{m.group('pre')}{sec}.{lab[:-1]}.", u.lines[0], count=1)])
        out.append(u)
    return out


def render_narrow(us: list[Unit]) -> str:
    """Copied from a narrow column (a phone, a newspaper's page): single newlines, lines of 38-50 columns."""
    lines: list[str] = []
    for i, u in enumerate(us):
        lines += rewrap(u.text, 38 + (i * 5) % 13) if u.kind in ("para", "title") else u.lines
    return "\n".join(lines) + "\n"


def bullets_as(mark: str):
    """'-' bullets printed as another mark: Word's AutoFormat en dash '–', or '•'."""
    def swap(us: list[Unit]) -> list[Unit]:
        return [replace(u, lines=[_LABEL.sub(lambda m: m.group("pre") + mark, u.lines[0], count=1)]) if u.label == "-" else u
                for u in us]
    return swap


def _ident(us):
    return us


LAYOUTS = {  # name -> generator(key, folder) -> path; the first thirteen are the issue's contract
    "seed": layout_seed,                                               # the source as is (baseline)
    "rewrapped": _txt(_ident, wrapped=True),                           # hard wraps at 60-80; lines start '- ', digits
    "roman-slash": _txt(lambda us: relabel(us, "/", letter=".")),      # I/ ... 1. ... a.
    "roman-dash": _txt(lambda us: plus_bullets(relabel(us, "-", number=")"))),  # I- ... 1) ... a) ... '+' bullets
    "web-copy": _txt(_ident, sep="\n", merge=True),                   # single newlines, a paragraph a line
    "web-copy-wrapped": _txt(_ident, sep="\n", wrapped=True, merge=True),  # single newlines and hard wraps
    "upper-title": _txt(upper_title),                                  # title and section headings in capitals
    "pdf": _pdf(),                                                     # text-layer PDF, pages break mid-sentence
    "cp1258": layout_cp1258,                                           # Windows-1258, CRLF
    "docx": layout_docx,                                               # letterhead table, Word numbering, bold headings
    "docx-annex": layout_docx_annex,                                   # tasks in an annex table after the signature
    "decision": layout_decision,                                       # a Quyết định promulgating the plan
    "combined": _txt(lambda us: upper_title(relabel(us, "/", letter=".")), sep="\n", wrapped=True, merge=True),
    # more layouts met in the wild
    "decision-web": layout_decision_web,                               # the decision as Tây Ninh's web page gives it
    "web-page": layout_web_page,                                       # portal header and footer, '|' letterhead
    "web-no-bullets": _txt(no_bullets, sep="\n", merge=True),         # HTML lists copied: letters and bullets lost
    "letterhead": layout_letterhead,                                   # a portal .txt with its letterhead
    "word-txt": layout_word_txt,                                       # Word's "Save as Plain Text"
    "docx-multilevel": layout_docx_multilevel,                         # every label Word's own (I. / 1. / a), bullets)
    "decimal-sub": _txt(decimal_sub),                                  # letters numbered under their parent: 2.1.
    "indented": layout_indented,                                       # first lines indented, centred title, no blanks
    "markdown": _txt(to_markdown),                                     # a converter's Markdown: '## I.', '**1. ...**'
    "web-nbsp": _txt(nbsp, sep="\n", merge=True),                     # non-breaking spaces after labels
    "nfd": layout_nfd,                                                 # decomposed Unicode (tổ hợp)
    "upper-blocks": _txt(upper_blocks),                                # agency block headings in capitals
    "decimal-outline": _txt(decimal_outline),                          # sections 1. 2. ..., items 1.1. 1.2. ...
    "slash-all": _txt(lambda us: relabel(us, "/", number="/", letter="/")),  # I/ ... 1/ ... a/
    "en-dash-bullets": _txt(bullets_as("–")),                          # Word's AutoFormat bullets
    "dot-bullets": _txt(bullets_as("•"), sep="\n", merge=True),       # '•' bullets of a web page
    "docx-table": layout_docx_table,                                   # the tasks in a table inside section IV
    "narrow": lambda key, folder: _write(folder, key, ".txt", render_narrow(merged(units(seed_text(key))))),
    "pdf-symbol-bullets": _pdf(bullets_as("\uf0b7")),                # Word's Symbol-font bullet as a PDF gives it (U+F0B7)
    "tab-labels": _raw(tab_labels),                                    # 'a)<TAB>Chủ trì'
    "no-space-labels": _raw(no_space_labels),                          # 'a)Chủ trì', '1.Sở Nội vụ'
    "bold-block-names": _raw(bold_block_names),                        # '**1. Sở Nội vụ:**'
    "no-blank-lines-crlf": _raw(no_blank_lines, newline="\r\n"),      # the seed's own breaks, no blank line, CRLF
    "pdf-combined": _pdf(lambda us: upper_title(plus_bullets(relabel(us, "-", number=")"))), with_letterhead=True),
}


# ---------------------------------------------------------------------------------------------
# Scoring
# ---------------------------------------------------------------------------------------------

@dataclass
class Score:
    layout: str
    key: str
    tasks: tuple[int, int] = (0, 0)
    blocks: tuple[int, int] = (0, 0)
    text: tuple[int, int] = (0, 0)
    unflagged: int = 0
    error: str | None = None          # crash or refusal (every variant is a valid plan)
    validate_errors: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)
    reviews: int = 0
    meta: tuple[int, int] = (0, 0)    # front-matter checks right (reported, not tested here)

    @staticmethod
    def rate(pair: tuple[int, int]) -> float:
        return pair[0] / pair[1] if pair[1] else 1.0

    def first_misses(self, n: int = 5) -> str:
        return "\n  ".join(self.misses[:n]) or "(none listed)"


def gold(key: str) -> tuple[dict, dict]:
    """The curated plan's front matter and body (libyaml's loader where installed: it is much faster)."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    front, body = yaml.load_all((CONTENT / "plans" / f"{key}.yml").read_text(encoding="utf-8"), Loader=loader)
    return front, body


@dataclass
class Gold:
    """What one score compares with: the curated plan (front, body, plain paragraphs) and the registry."""
    front: dict
    body: dict
    paragraphs: list[str]
    reg: object


def load_gold(key: str) -> Gold:
    from generator.model import plain_paragraphs
    from generator.registry import load_registry
    from generator.validate import check_file
    reg, _ = load_registry(CONTENT)
    plan, diags = check_file(CONTENT / "plans" / f"{key}.yml", CONTENT, reg)
    assert plan is not None, [d.format() for d in diags]
    return Gold(*gold(key), plain_paragraphs(plan), reg)


def _blocks(body: dict):
    """(section index, block index, block) of every implementation block."""
    for si, s in enumerate(body.get("sections") or []):
        for bi, b in enumerate(s.get("blocks") or []):
            yield si, bi, b


def score(key: str, layout: str, path: Path, g: Gold | None = None) -> Score:
    """Draft `path` (a variant of seed `key`) and score it against the curated plan (`g`: load_gold(key),
    passed in when one caller scores many variants of a seed)."""
    from generator.authoring.importer import draft
    sc = Score(layout, key)
    g = g or load_gold(key)
    try:
        yaml_text, parsed, text, src = draft(path, CONTENT)
    except Exception as exc:  # noqa: BLE001 (a crash or a refusal is a result here)
        sc.error = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"[:300]
        sc.tasks = (0, sum(len(b["tasks"]) for *_, b in _blocks(g.body)))
        sc.blocks, sc.text, sc.meta = (0, len(list(_blocks(g.body)))), (0, len(_wanted(g))), (0, 7 + (layout in PRINTED_NUMBER))
        sc.misses.append(f"no draft: {sc.error}")
        return sc
    sc.reviews = parsed.reviews
    _score_structure(sc, g, parsed)
    _score_metadata(sc, g, parsed)
    _score_text(sc, g, yaml_text, parsed, text, src)
    return sc


def _score_structure(sc: Score, g: Gold, parsed) -> None:
    gbody = g.body
    gtasks = [(si, b, t) for si, _, b in _blocks(gbody) for t in b["tasks"]]
    dtasks = [((si, bi, ti), b, t) for si, bi, b in _blocks(parsed.body) for ti, t in enumerate(b["tasks"])]
    used: set = set()
    lost = []
    for gsi, gb, gt in gtasks:
        hit = next((p for p, db, dt in dtasks if p not in used and db["agencies"] == gb["agencies"]
                    and norm(dt["text"]) == norm(gt["text"])), None)
        if hit:
            used.add(hit)
            continue
        sc.misses.append(f"task {gb['agencies']} {gt['ref']}: {_why(gb, gt, dtasks)}")
        if not any(norm(gt["text"])[:40] in norm(dt["text"]) or norm(dt["text"]) in norm(gt["text"])
                   for _, _, dt in dtasks if dt["text"]):
            lost.append((gsi, gt))
    sc.tasks = (len(used), max(len(gtasks), len(dtasks)))
    gblocks, dblocks = [b for *_, b in _blocks(gbody)], list(_blocks(parsed.body))
    bused: set = set()
    for gb in gblocks:
        hit = next(((si, bi) for si, bi, db in dblocks if (si, bi) not in bused
                    and db["agencies"] == gb["agencies"] and db["mode"] == gb["mode"]), None)
        if hit:
            bused.add(hit)
        else:
            sc.misses.append(f"block {gb['label']} {gb['name'][:60]!r} {gb['agencies']} {gb['mode']}: no draft block with these agencies and mode")
    sc.blocks = (len(bused), max(len(gblocks), len(dblocks)))
    comments = parsed.comments
    unflagged = 0
    for (si, bi, ti), db, dt in dtasks:
        if (si, bi, ti) in used:
            continue
        tpath, bpath = ("body", "sections", si, "blocks", bi, "tasks", ti), ("body", "sections", si, "blocks", bi)
        flagged = bool(comments.get(tpath) or comments.get(bpath))
        unflagged += not flagged
        sc.misses.append(f"draft task {dt.get('ref')} {db['agencies']} {'flagged' if flagged else 'UNFLAGGED'}: {dt['text'][:90]!r}")
    impl = [si for si, s in enumerate(parsed.body.get("sections") or []) if s.get("kind") == "implementation" or s.get("blocks")]
    explained = bool(comments.get(("body", "sections"))) or any(  # a keyword suggestion's note explains nothing
        p[:3] in [("body", "sections", si) for si in impl] for p in comments
        if len(p) >= 3 and p[-1] not in ("themes", "roles", "indicators"))
    for _, gt in lost:
        unflagged += not explained
        sc.misses.append(f"gold task {gt['ref']} lost (no draft task holds its text){'' if explained else ', UNFLAGGED'}: {gt['text'][:80]!r}")
    sc.unflagged = unflagged


def _score_metadata(sc: Score, g: Gold, parsed) -> None:
    """Title, kind, period, lead agency, proposer, signer, the number of legal bases; the document
    number where the variant prints a letterhead."""
    gf, f = g.front, parsed.front
    pairs = {  # name -> (draft, expected)
        "title": (norm(f.get("title")), norm(gf["title"])),
        "kind": (f.get("kind"), gf["kind"]),
        "period": (f.get("period"), gf["period"]),
        "lead agency": (f.get("lead_agency"), gf["lead_agency"]),
        "proposer": ((f.get("proposal") or {}).get("agency"), _proposer(sc.layout, gf)),
        "signer": ((f.get("signer") or {}).get("name"), gf["signer"]["name"]),
        "legal bases": (len(f.get("legal_bases") or []), len(gf["legal_bases"])),
    }
    if sc.layout in PRINTED_NUMBER:
        pairs["number"] = ((f.get("document") or {}).get("number"), printed_number(sc.layout, gf))
    sc.meta = (sum(got == want for got, want in pairs.values()), len(pairs))
    sc.misses += [f"metadata {name}: {str(got)[:100]!r} != expected {str(want)[:100]!r}"
                  for name, (got, want) in pairs.items() if got != want]


PRINTED_NUMBER = {"word-txt", "docx", "docx-multilevel", "docx-table", "docx-annex", "decision", "decision-web", "web-page", "letterhead", "pdf-combined"}


def printed_number(layout: str, gold_front: dict) -> str | None:
    """The number a letterhead variant prints (letterhead()): the curated one, a decision's with QĐ; a
    number the curated plan does not know is printed blank ('Số:      /KH-UBND')."""
    number = gold_front["document"].get("number")
    return number.replace("/KH-", "/QĐ-") if number and layout.startswith("decision") else number


def _proposer(layout: str, gold_front: dict) -> str | None:
    """The proposing agency a variant prints: the curated one; a decision always names one (decision_text)."""
    agency = (gold_front.get("proposal") or {}).get("agency")
    return agency or ("so-ldtbxh" if layout.startswith("decision") else None)


def _why(gb: dict, gt: dict, dtasks) -> str:
    same = [(db, dt) for _, db, dt in dtasks if norm(dt["text"]) == norm(gt["text"])]
    if same:
        return f"text right, agencies {same[0][0]['agencies']} (block {same[0][0].get('name', '')[:50]!r})"
    if not dtasks:
        return "the draft has no tasks"
    g = norm(gt["text"])
    best = max(dtasks, key=lambda d: difflib.SequenceMatcher(None, g[:300], norm(d[2]["text"])[:300]).ratio())
    return f"text differs from draft {best[2].get('ref')}: {diff_at(gt['text'], best[2]['text'])}"


def diff_at(want: str, got: str) -> str:
    """Where two texts part (normalised): 'at char N: ...gold... | ...draft...', or which is cut short."""
    a, b = norm(want), norm(got)
    k = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
    if k == len(b):
        return f"draft cut short after {k} of {len(a)} chars, missing {a[k:k + 60]!r}"
    if k == len(a):
        return f"draft runs on after the text: {b[k:k + 60]!r}"
    return f"at char {k}: gold {a[max(0, k - 25):k + 35]!r} | draft {b[max(0, k - 25):k + 35]!r}"


def _score_text(sc: Score, g: Gold, yaml_text: str, parsed, text: str, src: str) -> None:
    """Text carried: the curated plan's paragraphs found in the draft's plain paragraphs; validate errors.
    The draft is validated as `plansite import` leaves it: in a content tree (a throw-away copy of the
    registry and sources) with the extracted text saved as its source."""
    from generator.model import plain_paragraphs
    from generator.validate import check_file
    with tempfile.TemporaryDirectory(prefix="import-layouts-") as tmp:
        root = Path(tmp) / "content"
        shutil.copytree(CONTENT / "registry", root / "registry")
        shutil.copytree(CONTENT / "sources", root / "sources")
        target = root / src
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")  # what `plansite import` saves as the source
        province, pid = parsed.front["province"], parsed.front["plan_id"]
        out = root / "plans" / province / f"{pid}.yml"
        out.parent.mkdir(parents=True)
        out.write_text(yaml_text, encoding="utf-8")
        plan, diags = check_file(out, root, g.reg)  # the copy's registry is CONTENT's
        sc.validate_errors = [d.format() for d in diags if d.severity == "error"]
        paras = plain_paragraphs(plan) if plan is not None else _leaves(parsed.front.get("title"), parsed.body)
    have = norm(" ".join(paras))
    want = _wanted(g)
    missing = [p for p in want if words(p) not in have]
    sc.text = (len(want) - len(missing), len(want))
    sc.misses += [f"text not carried: {p[:90]!r}" for p in missing]
    sc.misses += [f"validate: {e[:200]}" for e in sc.validate_errors]


def _wanted(g: Gold) -> list[str]:
    """The curated paragraphs a draft must carry: all but a page number kept in the distribution list."""
    return [p for p in g.paragraphs if not words(p).isdigit()]


_ANY_LABEL = re.compile(r"^([IVX]+[./-]|\d{1,2}[.)/-]|[a-zđ][.)]|[-+•])\s+")


def words(paragraph: str) -> str:
    """A plain paragraph as its words: normalised, without its leading label (a layout renumbers,
    an annex row drops it) or a trailing colon."""
    return norm(_ANY_LABEL.sub("", squash(paragraph))).rstrip(":").strip()


def _leaves(*values) -> list[str]:
    out = []
    for v in values:
        if isinstance(v, str):
            out.append(v)
        elif isinstance(v, dict):
            out += _leaves(*v.values())
        elif isinstance(v, list):
            out += _leaves(*v)
    return out


def table(scores: list[Score]) -> str:
    """Markdown: one table per layout, a row per seed and a total."""
    out = []
    for layout in dict.fromkeys(s.layout for s in scores):
        rows = [s for s in scores if s.layout == layout]
        out += [f"\n### {layout}\n", "| seed | tasks right | blocks right | text carried | unflagged wrong | "
                "validate errors | metadata | crash/refusal |", "|---|---|---|---|---|---|---|---|"]
        for s in rows:
            out.append(f"| {s.key} | {_cell(s.tasks)} | {_cell(s.blocks)} | {_cell(s.text)} | {s.unflagged} | "
                       f"{len(s.validate_errors)} | {s.meta[0]}/{s.meta[1]} | {(s.error or '').replace('|', '/')[:120]} |")
        tot = lambda name: tuple(map(sum, zip(*[getattr(s, name) for s in rows])))  # noqa: E731
        out.append(f"| **total** | {_cell(tot('tasks'))} | {_cell(tot('blocks'))} | {_cell(tot('text'))} | "
                   f"{sum(s.unflagged for s in rows)} | {sum(len(s.validate_errors) for s in rows)} | "
                   f"{tot('meta')[0]}/{tot('meta')[1]} | {sum(bool(s.error) for s in rows)} failed |")
    return "\n".join(out)


def overview(scores: list[Score]) -> str:
    """Markdown: one row per layout, totals over its seeds."""
    out = ["| layout | tasks right | seeds under 95 % | blocks right | text carried | unflagged wrong | validate errors | metadata | crash/refusal |",
           "|---|---|---|---|---|---|---|---|---|"]
    for layout in dict.fromkeys(s.layout for s in scores):
        rows = [s for s in scores if s.layout == layout]
        tot = lambda name: tuple(map(sum, zip(*[getattr(s, name) for s in rows])))  # noqa: E731
        low = sum(Score.rate(s.tasks) < 0.95 for s in rows)
        out.append(f"| {layout} | {_cell(tot('tasks'))} | {low} of {len(rows)} | {_cell(tot('blocks'))} | {_cell(tot('text'))} | "
                   f"{sum(s.unflagged for s in rows)} | {sum(len(s.validate_errors) for s in rows)} | "
                   f"{tot('meta')[0]}/{tot('meta')[1]} | {sum(bool(s.error) for s in rows)} |")
    return "\n".join(out)


def _cell(pair) -> str:
    ok, n = pair
    return f"{ok}/{n} ({ok / n:.0%})" if n else "0/0"
