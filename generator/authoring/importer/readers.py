"""Reading a published plan: plain text, .docx (python-docx) and text-layer .pdf (pypdf), each within
the bounds of input_limits.py (a hostile file is refused in one line before it costs much)."""
from __future__ import annotations

import io
import re
from pathlib import Path

from . import input_limits as lim


def read_source(path: Path) -> tuple[str, str]:
    """(text, kind) of a .txt, .docx or .pdf file. The text is what the plan's `source.file` holds.

    Hostile or broken input raises ValueError `<path>: <what is wrong>` (limits: input_limits.py)."""
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return lim.check_text(path, docx_text(path), ".docx"), "docx"
    if suffix == ".pdf":
        return lim.check_text(path, pdf_text(path), "PDF"), "pdf"
    data = lim.read_capped(path, lim.TEXT_MAX_BYTES, "text input")
    try:
        return data.decode("utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8"), "txt"
    except UnicodeDecodeError as exc:
        raise ValueError(f"{path}: not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}); convert it to UTF-8 first") from None


# ----------------------------------------------------------------------------------------------
# .docx
# ----------------------------------------------------------------------------------------------

_ROMAN = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]


def _roman(n: int) -> str:
    out = ""
    for v, s in _ROMAN:
        while n >= v:
            out, n = out + s, n - v
    return out


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
    """Paragraphs (and table cells, row by row) of a .docx, one paragraph per blank-line block.

    Word's automatic list numbers are not in the paragraph text; they are rebuilt from the
    numbering definitions (decimal, letters, roman, bullets) so that "1.", "a)", "-" survive."""
    import docx  # python-docx
    from docx.oxml.ns import qn

    document = _open_docx(path)
    labels = _ListLabels(_numbering(document))
    blocks: list[str] = []
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            paragraphs = [docx.text.paragraph.Paragraph(child, document)]
        elif child.tag == qn("w:tbl"):
            paragraphs = _table_paragraphs(docx.table.Table(child, document))
        else:
            continue
        for p in paragraphs:
            text = p.text.replace("\t", " ").strip()
            if text:
                blocks.append(labels.label(p) + text)
    return "\n\n".join(blocks) + "\n"


def _table_paragraphs(table):
    """The paragraphs of a table, row by row; a merged cell once."""
    for row in table.rows:
        seen = set()
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            yield from cell.paragraphs


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
    return {"lowerLetter": _letter(n), "upperLetter": _letter(n).upper(), "lowerRoman": _roman(n).lower(),
            "upperRoman": _roman(n)}.get(f, str(n))


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
