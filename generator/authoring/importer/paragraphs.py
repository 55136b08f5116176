"""Text -> structure: logical paragraphs (hard line breaks and page breaks joined), the document head
(letterhead, document type, title), the zones of the body (preamble, roman-numbered sections, closing,
distribution list, signature, footnotes), and a section's items nested by their labels."""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ...text import squash

_MD_HEADING = re.compile(r"^\s*#{1,6}\s+")
LABEL_NUM = re.compile(r"^(\d{1,2})([.)])\s+(?=\S)")
LABEL_LETTER = re.compile(r"^([a-zđ])\)\s+(?=\S)")
LABEL_BULLET = re.compile(r"^([-–—•])\s*(?=\S)")
LABEL_PLUS = re.compile(r"^(\+)\s*(?=\S)")
ROMAN_HEAD = re.compile(r"^((?:X{0,3})(?:IX|IV|V?I{0,3}))\.\s*(\S.*)$")
FOOTNOTE = re.compile(r"^([¹²³⁴⁵⁶⁷⁸⁹⁰]+)\s*(\S.*)$")
DOC_TYPES = ("KẾ HOẠCH", "CHƯƠNG TRÌNH", "ĐỀ ÁN", "QUYẾT ĐỊNH", "CHỈ THỊ", "HƯỚNG DẪN")
CLOSING = re.compile(r"^(Trên đây là|Trong quá trình (triển khai|thực hiện|tổ chức))", re.I)
SIGN_LINE = re.compile(r"^(TM\.|KT\.|Q\.|TL\.|CHỦ TỊCH|PHÓ CHỦ TỊCH|ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN|GIÁM ĐỐC|PHÓ GIÁM ĐỐC)")
_OPENERS = re.compile(r"(Căn cứ|Thực hiện|Theo đề nghị|Trên đây|Trong quá trình|Năm \d{4} là)\b")
_SENTENCE_END = re.compile(r"[.:;!?]$")
_PERSON = re.compile(r"[A-ZĐÂĂÊÔƠƯ][\w\u00C0-\u1EF9]*(\s+[A-ZĐÂĂÊÔƠƯ][\w\u00C0-\u1EF9]*){1,5}")

Review = Callable[[tuple, str], None]


def clean_line(line: str) -> str:
    """Drop Markdown debris (heading marks, emphasis asterisks), as the completeness test does."""
    return _MD_HEADING.sub("", line).replace("*", "").strip()


def is_label_start(line: str) -> bool:
    return bool(LABEL_NUM.match(line) or LABEL_LETTER.match(line) or LABEL_BULLET.match(line)
                or LABEL_PLUS.match(line) or FOOTNOTE.match(line) or is_roman_heading(line))


def is_roman_heading(line: str) -> bool:
    m = ROMAN_HEAD.match(line)
    if not m or not m.group(1):
        return False
    letters = [c for c in m.group(2).split(":")[0] if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= 0.7 * len(letters)


def is_doctype(line: str) -> bool:
    s = squash(line).rstrip(":")
    return s.upper() == s and any(s == t or s.startswith(t + " ") for t in DOC_TYPES) and len(s.split()) <= 6


# ----------------------------------------------------------------------------------------------
# Paragraphs
# ----------------------------------------------------------------------------------------------

@dataclass
class Para:
    text: str  # raw text (debris dropped), whitespace collapsed; repaired + NFC later
    lines: list
    chunk: int


def build_paragraphs(raw: str, pdf_mode: bool = False) -> tuple[list[Para], list[tuple[str, str]]]:
    """Logical paragraphs: hard line breaks joined, page-break splits joined, items split; and the
    words broken at a line end ("Covid-" / "19")."""
    paras: list[Para] = []
    breaks: list[tuple[str, str]] = []
    zone_end = False  # after "Nơi nhận": lines stand alone
    lengths = sorted(len(clean_line(ln)) for ln in raw.split("\n") if ln.strip())
    full = lengths[int(0.9 * (len(lengths) - 1))] if lengths else 0
    for ci, chunk in enumerate(re.split(r"\n[ \t\r\f\v]*\n", raw)):
        lines = [ln for ln in (clean_line(ln) for ln in chunk.split("\n")) if ln]
        for li, line in enumerate(lines):
            if line.startswith("Nơi nhận"):
                zone_end = True
            if zone_end or not paras or _starts_paragraph(paras[-1].lines[-1], line, li > 0, pdf_mode, full):
                paras.append(Para(squash(line), [line], ci))
            else:
                _join(paras[-1], line, breaks)
    return paras, breaks


def _starts_paragraph(last: str, line: str, same_block: bool, pdf_mode: bool, full: int) -> bool:
    """Whether `line` starts a paragraph after the line `last`."""
    if is_label_start(line) or is_doctype(line) or is_doctype(last) or last.startswith("Nơi nhận"):
        return True
    if same_block:  # a hard line break: only a PDF's lines end paragraphs inside a block
        return pdf_mode and line[:1].isupper() and (
            bool(_SENTENCE_END.search(last)) or len(last) < 0.7 * full
            or (bool(_OPENERS.match(line)) and not re.search(r"(,|\bvà)$", last)))
    first = line[:1]  # across a blank line: a page break splits a paragraph only mid-sentence
    if first.islower():
        return False
    return not ((first.isdigit() or first in "“\"(") and not _SENTENCE_END.search(last))


def _join(prev: Para, line: str, breaks: list) -> None:
    last = prev.lines[-1]
    if re.search(r"\w-$", last) and re.match(r"\w", line):
        breaks.append((last.split()[-1], line.split()[0]))
    prev.lines.append(line)
    prev.text = squash(prev.text + " " + line)


# ----------------------------------------------------------------------------------------------
# The document: head and zones
# ----------------------------------------------------------------------------------------------

@dataclass
class Head:
    header: list[Para]  # letterhead paragraphs before the document type
    doc_type: str | None
    title_lines: list[str]
    start: int  # the first paragraph after the title


def document_head(paras: list[Para]) -> Head:
    """Letterhead, document type (KẾ HOẠCH) and title; with no type line, the first paragraph is the title."""
    i = 0
    while i < len(paras) and not is_doctype(paras[i].lines[0]):
        i += 1
    if i == len(paras):
        return Head([], None, [paras[0].lines[0]] if paras else [""], 1)
    doc_type, rest = squash(paras[i].lines[0]), paras[i].lines[1:]
    if rest:
        return Head(paras[:i], doc_type, rest, i + 1)
    return Head(paras[:i], doc_type, paras[i + 1].lines if i + 1 < len(paras) else [""], i + 2)


@dataclass
class Zones:
    preamble: list[str] = field(default_factory=list)
    sections: list[tuple[str, str, list[str]]] = field(default_factory=list)  # (number, heading line, paragraphs)
    closing: list[str] = field(default_factory=list)
    dist_heading: str | None = None
    dist: list[str] = field(default_factory=list)
    dist_stray: list[int] = field(default_factory=list)  # entries that are no list entry (kept as printed)
    sign: list[str] = field(default_factory=list)
    footnotes: list[dict] = field(default_factory=list)

    def end_line(self, line: str, review: Review) -> None:
        """A line after the text: a distribution entry, a signature line, or a stray line."""
        if LABEL_BULLET.match(line) or LABEL_PLUS.match(line):
            if self.sign:
                review(("body", "distribution"), f"list entry after the signature lines: '{line}'")
            self.dist.append(re.sub(r"^[-–+]\s*", "", line))
        elif SIGN_LINE.match(line) and line.upper() == line:
            self.sign.append(line)
        elif self.sign or _PERSON.fullmatch(line) and not re.search(r"\d", line):
            self.sign.append(line)
        else:
            self.dist_stray.append(len(self.dist))
            self.dist.append(line)


def split_zones(paras: list[Para], fix: Callable[[str], str], review: Review) -> Zones:
    """The paragraphs after the title in their zones; from 'Nơi nhận' (or the first signature
    line) on, line by line: distribution list and signature."""
    z = Zones()
    zone = "preamble"
    for p in paras:
        text = fix(p.text)
        fm = FOOTNOTE.match(text)
        if fm:
            z.footnotes.append({"mark": fm.group(1), "text": fm.group(2)})
        elif zone in ("preamble", "sections") and is_roman_heading(text):
            m = ROMAN_HEAD.match(text)
            z.sections.append((m.group(1), m.group(2), []))
            zone = "sections"
        elif text.startswith("Nơi nhận"):
            zone, z.dist_heading = "end", text
        else:
            zone = _next_zone(zone, text, p.lines[0])
            if zone == "preamble":
                z.preamble.append(text)
            elif zone == "sections":
                z.sections[-1][2].append(text)
            elif zone == "closing":
                z.closing.append(text)
            else:
                for line in p.lines:
                    z.end_line(fix(squash(line)), review)
    return z


def _next_zone(zone: str, text: str, first_line: str) -> str:
    if zone in ("sections", "closing") and CLOSING.match(text):
        zone = "closing"
    if zone != "end" and SIGN_LINE.match(first_line) and first_line.upper() == first_line:
        zone = "end"
    return zone


# ----------------------------------------------------------------------------------------------
# A section's items
# ----------------------------------------------------------------------------------------------

@dataclass
class Node:
    label: str | None
    rank: float
    text: str
    children: list = field(default_factory=list)


def item_label(text: str) -> tuple[str | None, float, str]:
    """(label, rank, text after it): '1.' ranks 1, 'a)' 2, '-' 3, '+' 4; no label 0."""
    for rx, rank in ((LABEL_NUM, 1), (LABEL_LETTER, 2)):
        m = rx.match(text)
        if m:
            lab = m.group(0).strip()
            return lab, rank, text[m.end():].strip()
    m = LABEL_PLUS.match(text)
    if m:
        return "+", 4, text[m.end():].strip()
    m = LABEL_BULLET.match(text)
    if m:
        return m.group(1), 3, text[m.end():].strip()
    return None, 0, text


def item_tree(paras: list[str]) -> tuple[list[str], list[Node]]:
    """(section text, items) of one section's paragraphs, nested by label rank."""
    text: list[str] = []
    root = Node(None, 0, "")
    stack: list[Node] = [root]
    for p in paras:
        label, rank, rest = item_label(p)
        if label is None:
            if len(stack) == 1 and not root.children:
                text.append(p)
                continue
            parent = stack[-1]
            node = Node(None, parent.rank + 0.5, p)
            parent.children.append(node)
            if p.endswith(":"):
                stack.append(node)
            continue
        while len(stack) > 1 and stack[-1].rank >= rank:
            stack.pop()
        node = Node(label, rank, rest)
        stack[-1].children.append(node)
        stack.append(node)
    return text, root.children


SECTION_KINDS = [("implementation", ["TỔ CHỨC THỰC HIỆN", "PHÂN CÔNG"]), ("purposes", ["MỤC ĐÍCH", "MỤC TIÊU"]),
                 ("scope", ["ĐỐI TƯỢNG", "PHẠM VI"]), ("content", ["NỘI DUNG", "NHIỆM VỤ"]),
                 ("solutions", ["GIẢI PHÁP"]), ("budget", ["KINH PHÍ"]), ("reporting", ["BÁO CÁO"])]


def section_kind(heading: str) -> str:
    h = heading.upper()
    for kind, words in SECTION_KINDS:
        if any(w in h for w in words):
            return kind
    return "other"


def section_heading(line: str) -> tuple[str, str | None]:
    """'II. NỘI DUNG: Tập trung ...' (number dropped) -> ('NỘI DUNG:', 'Tập trung ...')."""
    if ":" in line:
        h, rest = line.split(":", 1)
        if rest.strip():
            return h.strip() + ":", rest.strip()
    return line, None


_ENUM_END = re.compile(r"(cụ thể|như|gồm|bao gồm|sau|vào|là|về|tại|theo)$", re.I)


def split_heading(text: str, label: str | None) -> tuple[str | None, str | None]:
    """'Mục đích: Xác định ...' -> ('Mục đích:', 'Xác định ...') when the words before ':' are a title."""
    if label is None or ":" not in text:
        return None, text
    head, rest = text.split(":", 1)
    rest = rest.strip()
    words = head.split()
    if not rest or not rest[:1].isupper() or len(words) > 20 or _ENUM_END.search(head.strip()) \
            or re.search(r"\d+/", head) or ";" in head or re.search(r"\.\s", head):
        return None, text
    return head.strip() + ":", rest


def short_title(text: str) -> bool:
    return len(text.split()) <= 20 and ";" not in text and not re.search(r"\.\s", text)
