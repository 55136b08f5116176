"""Reading a published plan: plain text, .docx (python-docx) and text-layer .pdf (pypdf), each within
the bounds of input_limits.py (a hostile file is refused in one line before it costs much)."""
from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from ...text import marked_share
from . import input_limits as lim
from .decoding import NOTE_BELOW, decode_text, few_letters_note, legacy_font_text
from .paragraphs import roman


@dataclass
class Source:
    """A document's text, as the plan's `source.file` holds it."""
    text: str
    kind: str  # txt, docx or pdf
    notes: list[str] = field(default_factory=list)  # for `# REVIEW:` comments: encoding, line ends, lost letters
    verbatim: bool = False  # the text is the file's own UTF-8, byte for byte: the file itself can be the source


def read_document(path: Path) -> Source:
    """The text of a .txt, .docx or .pdf file, with notes on what was converted or looks wrong.

    A .txt in a legacy Vietnamese encoding (Windows-1258, TCVN3), UTF-16 or with CRLF line ends is
    converted (decoding.py); one that does not look Vietnamese is refused. A .docx/.pdf whose text
    has few Vietnamese letters is read, with a note (its font may lack Vietnamese glyphs).
    Hostile or broken input raises ValueError `<path>: <what is wrong>` (limits: input_limits.py)."""
    suffix = path.suffix.lower()
    if suffix == ".docx":
        text, notes = _docx(path)
        return Source(lim.check_text(path, text, ".docx"), "docx", notes + reader_notes(text, "docx"))
    if suffix == ".pdf":
        text = lim.check_text(path, pdf_text(path), "PDF")
        return Source(text, "pdf", reader_notes(text, "pdf"))
    data = lim.read_capped(path, lim.TEXT_MAX_BYTES, "text input")
    text, notes, verbatim = decode_text(path, data)
    return Source(lim.check_text(path, text, "text file"), "txt", notes, verbatim)


def read_source(path: Path) -> tuple[str, str]:
    """(text, kind) of a .txt, .docx or .pdf file: read_document without its notes."""
    source = read_document(path)
    return source.text, source.kind


def reader_notes(text: str, kind: str) -> list[str]:
    """What to check in a .docx/.pdf's text: a legacy font encoding, or few Vietnamese letters."""
    if legacy_font_text(text) is not None:
        return [f"the {kind}'s text looks typed in a TCVN3 (.VnTime) font: decoded as such would read as Vietnamese; "
                "re-save the document with Unicode fonts (Unikey's converter), or check every letter"]
    share = marked_share(text)
    return [few_letters_note(share, kind)] if share < NOTE_BELOW else []


# ----------------------------------------------------------------------------------------------
# .docx
# ----------------------------------------------------------------------------------------------

def _letter(n: int) -> str:
    s = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        s = chr(97 + r) + s
    return s


def _open_docx(path: Path):
    """python-docx's Document, after the size checks; its failures become one line naming the file.
    The bytes checked are the bytes parsed (read once), so the file cannot change in between."""
    import docx
    from lxml import etree

    data = lim.read_capped(path, lim.DOCX_MAX_BYTES, ".docx")
    lim.check_docx(path, data)
    try:
        return docx.Document(io.BytesIO(data))
    except KeyError as exc:  # a part the package needs is missing
        m = re.search(r"named '([^']+)'", str(exc))
        lim.refuse(path, f"not a Word document (the package has no {m.group(1) if m else 'main document part'})")
    except etree.XMLSyntaxError as exc:
        lim.refuse(path, f"the .docx is damaged (malformed XML: {lim.reason(exc)})")
    except Exception as exc:  # noqa: BLE001 (python-docx on hostile input: one line, never a traceback)
        m = re.search(r"content type is '([^']+)'", str(exc))
        lim.refuse(path, f"not a Word document (its main part is {m.group(1)})" if m
                   else "not a readable Word document (damaged or unexpected package structure); re-save it as .docx")


def docx_text(path: Path) -> str:
    """Paragraphs of a .docx, one per blank-line block; tables as below.

    Word's automatic list numbers are not in the paragraph text; they are rebuilt from the
    numbering definitions (decimal, letters, roman, bullets) so that "1.", "a)", "-" survive.
    A layout table (letterhead, signature: see _is_layout) gives its cells' paragraphs column by
    column (_cells_by_column); any other table (an annex: TT | agency | task | deadline) one
    paragraph per row, cells joined by " | ", as a web page prints a table.
    Runs in a TCVN3 font (.VnTime, .VnTimeH: old documents) are decoded to Unicode."""
    return _docx(path)[0]


def _docx(path: Path) -> tuple[str, list[str]]:
    """docx_text, and notes on what was decoded."""
    from docx.oxml.ns import qn

    from .paragraphs import is_doctype

    doc = _DocxText(_open_docx(path))
    blocks: list[str] = []
    for child in _body_children(doc.document.element.body):
        if child.tag == qn("w:p"):
            text = doc.text(child)
            blocks += [text] if text else []
        elif _is_layout(child) or _narrow(child) and not any(is_doctype(b) for b in blocks):  # a letterhead before KẾ HOẠCH
            blocks += [t for tc in _cells_by_column(child) for p in tc.iter(qn("w:p")) if (t := doc.text(p))]
        else:
            blocks += _table_rows(child, doc)
    notes = []
    if doc.legacy_runs:
        notes.append(f"{doc.legacy_runs} runs of text in TCVN3 fonts ({', '.join(sorted(doc.legacy_fonts))}) decoded "
                     "to Unicode: check the Vietnamese letters")
    return "\n\n".join(blocks) + "\n", notes


class _DocxText:
    """A .docx's paragraph texts: list labels rebuilt, TCVN3-font runs decoded."""

    def __init__(self, document):
        self.document = document
        self.labels = _ListLabels(_numbering(document))
        self.fonts = _Fonts(document)
        self.legacy_runs = 0
        self.legacy_fonts: set[str] = set()

    def text(self, p_el, bare_label: bool = False) -> str:
        """The paragraph's text after its list label; `bare_label`: the label alone if there is no text
        (an annex's TT column numbered by Word: "1." in an otherwise empty cell)."""
        from docx.text.paragraph import Paragraph

        p = Paragraph(p_el, self.document)
        raw = self._runs_text(p) if self.fonts.legacy else p.text
        text = raw.replace("\t", " ").strip()
        if text or bare_label:
            return (self.labels.label(p) + text).strip()
        return ""

    def _runs_text(self, p) -> str:
        from docx.text.run import Run

        from .decoding import tcvn3_letters

        out = []
        for item in p.iter_inner_content():
            for run in [item] if isinstance(item, Run) else item.runs:
                font = self.fonts.of(run._r, p._p)
                text = run.text
                if font and font.lower().startswith(".vn") and text:
                    self.legacy_runs += 1
                    self.legacy_fonts.add(font)
                    text = tcvn3_letters(text)
                    text = text.upper() if font.rstrip().endswith("H") else text  # .VnTimeH: the capitals font
                out.append(text)
        return "".join(out)


class _Fonts:
    """The font a run is shown in, as Word resolves it: the run's own, its character style's, its
    paragraph style's (each through the styles it is based on), the document default."""

    def __init__(self, document):
        from docx.oxml.ns import qn

        root = document.styles.element
        self.styles = {s.get(qn("w:styleId")): s for s in root.findall(qn("w:style"))}
        self.default_paragraph = next((sid for sid, s in self.styles.items() if s.get(qn("w:type")) == "paragraph"
                                       and s.get(qn("w:default")) in ("1", "true")), None)
        default = root.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
        self.default = _font_name(default)
        body = document.element.body
        self.legacy = any((f or "").lower().startswith(".vn") for f in
                          [self.default, *(_font_name(s.find(qn("w:rPr"))) for s in self.styles.values()),
                           *(_font_name(r) for r in body.iter(qn("w:rPr")))])

    def of(self, r_el, p_el) -> str | None:
        from docx.oxml.ns import qn

        rpr = r_el.find(qn("w:rPr"))
        font = _font_name(rpr)
        if font is None and rpr is not None and rpr.find(qn("w:rStyle")) is not None:
            font = self._style(rpr.find(qn("w:rStyle")).get(qn("w:val")))
        if font is None:
            pstyle = p_el.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
            font = self._style(pstyle.get(qn("w:val")) if pstyle is not None else self.default_paragraph)
        return font or self.default

    def _style(self, style_id, depth: int = 0) -> str | None:
        from docx.oxml.ns import qn

        style = self.styles.get(style_id)
        if style is None or depth > 20:  # a basedOn loop in a hostile file
            return None
        font = _font_name(style.find(qn("w:rPr")))
        based = style.find(qn("w:basedOn"))
        return font or (self._style(based.get(qn("w:val")), depth + 1) if based is not None else None)


def _font_name(rpr) -> str | None:
    """The font of the letters past ASCII (w:hAnsi, where TCVN3's letters are), else w:ascii."""
    from docx.oxml.ns import qn

    fonts = rpr.find(qn("w:rFonts")) if rpr is not None else None
    if fonts is None:
        return None
    return fonts.get(qn("w:hAnsi")) or fonts.get(qn("w:ascii"))


def _body_children(body):
    """The body's paragraphs and tables, in order; also those inside content controls (w:sdt)."""
    from docx.oxml.ns import qn

    for child in body.iterchildren():
        if child.tag in (qn("w:p"), qn("w:tbl")):
            yield child
        elif child.tag == qn("w:sdt"):
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                yield from _body_children(content)


def _cells(tbl):
    """A table's cells, row by row; a merged cell once (Word stores a horizontal merge as one cell,
    a vertical one as a 'continue' cell in each row below)."""
    from docx.oxml.ns import qn

    for tr in tbl.iterchildren(qn("w:tr")):
        for tc in tr.iterchildren(qn("w:tc")):
            if tc.vMerge != "continue":
                yield tc


def _cells_by_column(tbl):
    """A layout table's cells column by column, left to right, each column top to bottom: a letterhead
    reads agency, Số, then the motto and the place and date; a signature table the Nơi nhận list, then
    the signature, however many rows each column was typed in."""
    from docx.oxml.ns import qn

    placed = []
    for r, tr in enumerate(tbl.iterchildren(qn("w:tr"))):
        column = 0
        for tc in tr.iterchildren(qn("w:tc")):
            if tc.vMerge != "continue":
                placed.append((column, r, tc))
            column += tc.grid_span
    return [tc for _, _, tc in sorted(placed, key=lambda x: x[:2])]


def _table_rows(tbl, doc: _DocxText) -> list[str]:
    """One line per row: its cells' text joined by " | " (a cell's paragraphs, with those of a table
    inside it, by a space). A vertically merged cell is printed in its first row, empty below (so
    that the columns stay in place)."""
    from docx.oxml.ns import qn

    rows = []
    for tr in tbl.iterchildren(qn("w:tr")):
        cells = []
        for tc in tr.iterchildren(qn("w:tc")):
            texts = [] if tc.vMerge == "continue" else [doc.text(p, bare_label=True) for p in tc.iter(qn("w:p"))]
            cells.append(" ".join(t for t in texts if t))
        if any(cells):
            rows.append(" | ".join(cells))
    return rows


# The cells that make a table a letterhead or a signature, not an annex (compared folded: no case, no marks).
_LAYOUT_CELL = re.compile(r"cong hoa xa hoi chu nghia|doc lap\s*[-–]\s*tu do|so\s*:[\s\d.]*/|noi nhan\b|(tm|kt|q|tl)\.\s"
                          r"|(chu tich|giam doc)$|[\w .–-]{2,40}, ngay [\d\s.…]* thang [\d\s.…]* nam [\d\s.…]*$")


def _xml_text(el) -> str:
    """The text of a cell or paragraph element (w:t only: not field codes or deleted text)."""
    from docx.oxml.ns import qn

    return "".join(t.text or "" for t in el.iter(qn("w:t")))


def _narrow(tbl) -> bool:
    """At most two filled cells a row, as in a letterhead (an annex has three or more: TT, agency, task, ...)."""
    from docx.oxml.ns import qn

    return all(sum(bool(_xml_text(tc).strip()) for tc in tr.iterchildren(qn("w:tc"))) <= 2
               for tr in tbl.iterchildren(qn("w:tr")))


def _is_layout(tbl) -> bool:
    """A letterhead (agency | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM, Số: | place, ngày) or a signature table
    (Nơi nhận | TM. ỦY BAN NHÂN DÂN): one of its cells opens the way those do. An annex's cells do not."""
    from docx.oxml.ns import qn

    from ...text import fold, squash

    for tc in _cells(tbl):
        first = next((squash(_xml_text(p)) for p in tc.iter(qn("w:p")) if _xml_text(p).strip()), "")
        if first and _LAYOUT_CELL.match(fold(first)) or first.isupper() and fold(first).startswith(("uy ban nhan dan", "ubnd")):
            return True
    return False


def _numbering(document) -> dict:
    """numId -> {level: (format, text, start)}, from the document's numbering part (if any)."""
    from docx.oxml.ns import qn

    try:
        num_el = document.part.numbering_part.element
    except (KeyError, AttributeError, NotImplementedError):
        return {}
    if num_el is None:
        return {}
    abstract = {}
    for an in num_el.findall(qn("w:abstractNum")):
        abstract[an.get(qn("w:abstractNumId"))] = _levels(an)
    numbering = {}
    for num in num_el.findall(qn("w:num")):
        ref = num.find(qn("w:abstractNumId"))
        if ref is not None:
            numbering[num.get(qn("w:numId"))] = abstract.get(ref.get(qn("w:val")), {})
    return numbering


def _levels(abstract_num) -> dict:
    from docx.oxml.ns import qn

    levels = {}
    for lvl in abstract_num.findall(qn("w:lvl")):
        fmt = lvl.find(qn("w:numFmt"))
        text = lvl.find(qn("w:lvlText"))
        start = lvl.find(qn("w:start"))
        levels[int(lvl.get(qn("w:ilvl")))] = (
            fmt.get(qn("w:val")) if fmt is not None else "decimal",
            text.get(qn("w:val")) if text is not None else "%1.",
            int(start.get(qn("w:val"))) if start is not None else 1)
    return levels


def _num_props(p) -> tuple[str, int] | None:
    """(numId, level) of a list paragraph, from its own properties or its style's."""
    ppr = p._p.pPr
    num_pr = ppr.numPr if ppr is not None else None
    if num_pr is None and p.style is not None and p.style.element.pPr is not None:
        num_pr = p.style.element.pPr.numPr
    if num_pr is None or num_pr.numId is None:
        return None
    ilvl = num_pr.ilvl.val if num_pr.ilvl is not None else 0
    return str(num_pr.numId.val), int(ilvl)


class _ListLabels:
    """Word's automatic list numbers, counted paragraph by paragraph: "1. ", "a) ", "- "."""

    def __init__(self, numbering: dict):
        self.numbering = numbering
        self.counters: dict = {}

    def label(self, p) -> str:
        props = _num_props(p)
        if not props or props[0] not in self.numbering:
            return ""
        num_id, ilvl = props
        levels = self.numbering[num_id]
        if ilvl not in levels:
            return ""
        count = self.counters.setdefault(num_id, {})
        for deeper in [k for k in count if k > ilvl]:
            del count[deeper]
        count[ilvl] = count.get(ilvl, levels[ilvl][2] - 1) + 1
        fmt, text, _ = levels[ilvl]
        if fmt == "bullet":
            return (text if text in ("-", "+", "–") else "-") + " "
        if fmt == "none":
            return ""
        return re.sub(r"%(\d)", lambda m: _render(levels, count, int(m.group(1)) - 1), text) + " "


def _render(levels: dict, count: dict, level: int) -> str:
    f, _, st = levels.get(level, ("decimal", "", 1))
    n = count.get(level, st)
    return {"lowerLetter": _letter(n), "upperLetter": _letter(n).upper(), "lowerRoman": roman(n).lower(),
            "upperRoman": roman(n)}.get(f, str(n))


# ----------------------------------------------------------------------------------------------
# .pdf
# ----------------------------------------------------------------------------------------------

def pdf_text(path: Path) -> str:
    """The text layer of a PDF, page by page (pypdf). Lines that are only a page number are dropped."""
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, LimitReachedError

    data = lim.read_capped(path, lim.PDF_MAX_BYTES, ".pdf")
    if b"%PDF-" not in data[:1024]:
        lim.refuse(path, "not a PDF file (no %PDF- header)")
    try:
        with lim.pdf_limits(path):
            pages = _pdf_pages(path, PdfReader(io.BytesIO(data)))  # pypdf tries the empty password itself
    except lim.Refused:
        raise
    except (FileNotDecryptedError, DependencyError):
        lim.refuse(path, "the PDF is password-protected or encrypted; save an unprotected copy first")
    except LimitReachedError:
        lim.refuse(path, f"a PDF stream unpacks to more than the {lim.limit_text(lim.PDF_MAX_STREAM)} limit (or is too complex); refused")
    except Exception as exc:  # noqa: BLE001 (pypdf on hostile input: one line, never a traceback)
        lim.refuse(path, f"not a readable PDF (damaged: {lim.reason(exc)})")
    if not any(pages):
        raise ValueError(f"{path}: the PDF has no text layer (a scan?); run OCR first")
    return "\n\n".join(p for p in pages if p) + "\n"


def _pdf_pages(path: Path, reader) -> list[str]:
    if len(reader.pages) > lim.PDF_MAX_PAGES:
        lim.refuse(path, f"the PDF has {len(reader.pages)} pages (limit {lim.PDF_MAX_PAGES}); refused before extracting text")
    pages = []
    size = 0
    for page in reader.pages:
        text = page.extract_text() or ""
        size += len(text.encode("utf-8"))
        if size > lim.TEXT_MAX_BYTES:
            lim.refuse(path, f"the PDF's text is over the {lim.limit_text(lim.TEXT_MAX_BYTES)} limit; refused")
        lines = [ln.rstrip() for ln in text.splitlines()]
        lines = [ln for ln in lines if not re.fullmatch(r"\s*-?\s*\d{1,3}\s*-?\s*", ln)]
        pages.append("\n".join(lines).strip())
    return pages
