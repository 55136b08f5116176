"""Text -> structure: logical paragraphs (hard line breaks and page breaks joined), the document head
(letterhead, document type, title), the zones of the body (preamble, roman-numbered sections, closing,
distribution list, signature, footnotes), and a section's items nested by their labels.

Not one typography: section numerals 'I.', 'I/', 'I-', 'I)' (or '1.' in capitals when no roman numeral
is printed, or none: 'TỔ CHỨC THỰC HIỆN' alone); items '1.' '1)' '1/' '1.1.', 'a)' 'a.' 'a/', '-' '–'
'•' '*', '+'. Paragraphs come from blank lines where the text has them, else from line shapes (labels,
document parts, sentence ends, line lengths, capitals); a guess from line shapes is noted on the
paragraph (Para.notes) and split_zones reviews it where it lands."""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ...text import squash

_MD_HEADING = re.compile(r"^\s*#{1,6}\s+")
# A label is followed by a space, or (in copies that lost it: "a)Chủ trì", "1.Sở Nội vụ") by a capital.
UPPER = "A-ZĐÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"
LABEL_NUM = re.compile(rf"^(\d{{1,2}})([.)/])(?:\s+|(?=[{UPPER}]))(?=\S)")
LABEL_DECIMAL = re.compile(rf"^(\d{{1,2}}(?:\.\d{{1,2}})+)(?:\.\s+|\.?\s*(?=[{UPPER}]))(?=\S)")  # '2.1.' under '2.'
LABEL_LETTER = re.compile(rf"^([a-zđ])([.)/])(?:\s+|(?=[{UPPER}]))(?=\S)")
# Bullets as printed; Word's Symbol/Wingdings bullets come out of a PDF text layer as private-use
# characters (U+F0B7, U+F0A7, U+F0D8, U+F076, U+F0FC).
LABEL_BULLET = re.compile("^([-–—•●▪◦■➢►❖*\uf0b7\uf0a7\uf0d8\uf076\uf0fc])\\s*(?=\\S)")
LABEL_PLUS = re.compile(r"^(\+)\s*(?=\S)")
ROMAN_HEAD = re.compile(r"^((?:X{0,3})(?:IX|IV|V?I{0,3}))\s?[.)/-]\s*(\S.*)$")
FOOTNOTE = re.compile(r"^([¹²³⁴⁵⁶⁷⁸⁹⁰]+)\s*(\S.*)$")
DOC_TYPES = ("KẾ HOẠCH", "CHƯƠNG TRÌNH", "ĐỀ ÁN", "QUYẾT ĐỊNH", "CHỈ THỊ", "HƯỚNG DẪN")
CLOSING = re.compile(r"^(Trên đây là|Trong quá trình (triển khai|thực hiện|tổ chức))", re.I)
SIGN_LINE = re.compile(r"^(TM\.|KT\.|Q\.|TL\.|CHỦ TỊCH|PHÓ CHỦ TỊCH|ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN|GIÁM ĐỐC|PHÓ GIÁM ĐỐC)")
# Lines that open a part of the document: a legal basis ('Căn cứ Luật ...', 'Thực hiện Công văn ...': not
# 'Thực hiện việc ...' inside a task), the proposal, the closing, 'Nơi nhận', '(Ban hành kèm theo ...)'.
_OPENERS = re.compile(r"((Căn cứ|Thực hiện)( các)? (Luật|Bộ luật|Hiến pháp|Nghị quyết|Nghị định|Quyết định|Công văn|Kế hoạch|Chỉ thị|"
                      r"Thông tư|Hướng dẫn|Văn bản|Chương trình|Chiến lược|Thông báo|Kết luận|Đề án|công văn|văn bản)"
                      r"|Theo đề nghị|Xét đề nghị|Trên đây|Năm \d{4} là|Nơi nhận|\((Ban hành )?[Kk]èm theo)\b")
_SENTENCE_END = re.compile(r"[.:;!?][\"”’)\]]*$")
_PERSON = re.compile(r"[A-ZĐÂĂÊÔƠƯ][\w\u00C0-\u1EF9]*(\s+[A-ZĐÂĂÊÔƠƯ][\w\u00C0-\u1EF9]*){1,5}")
_RULE_LINE = re.compile(r"^[-_=]{3,}$")  # a rule under the letterhead: layout, not text
_STAR_BULLET = re.compile(r"^\s*\*\s+(?=[^\s*])(?!.*\*)")  # '* Nội dung' (a bullet), not '**bold**' debris
# Words after which a wrapped line's "- X" continues a compound ("Lao động - Thương binh", "Độc lập - Tự do")
# or a phrase (a line cannot end a clause on them): such a dash is no bullet.
_DASH_JOINS = re.compile(r"(\b(Lao động|lao động|Phát thanh|Độc lập|Tự do|Văn hóa|Văn hoá|Kinh tế|kinh tế|chính trị|"
                         r"Khoa học|Thông tin|giai đoạn|và|của|với|các|về|cho|tại|trong|từ|đến|số|năm|ngày|tháng)"
                         r"|[-–(/])$")
# Words after which a line's "3." is a number in the sentence ("tại điểm\n3. ..."), not an item label.
_LETTERS = "abcdđefghijklmnopqrstuvwxyz"  # item letters in order ('d)', 'đ)', 'e)'; Vietnamese skips f, j, w, z)
_NUM_JOINS = re.compile(r"\b(số|mục|Mục|điểm|khoản|tại|Điều|điều|theo|và|của|tiêu|giai đoạn|năm|ngày|tháng|Phụ lục|phụ lục)$")

Review = Callable[[tuple, str], None]


def clean_line(line: str) -> str:
    """Drop Markdown debris (heading marks, emphasis asterisks), as the completeness test does."""
    return _MD_HEADING.sub("", line).replace("*", "").strip()


def is_label_start(line: str) -> bool:
    return bool(LABEL_NUM.match(line) or LABEL_DECIMAL.match(line) or LABEL_LETTER.match(line) or LABEL_BULLET.match(line)
                or LABEL_PLUS.match(line) or FOOTNOTE.match(line) or is_roman_heading(line))


def is_roman_heading(line: str) -> bool:
    """'I. MỤC ĐÍCH', 'II/ NỘI DUNG', 'III- TỔ CHỨC', 'IV.NHIỆM VỤ': a roman numeral and an upper-case heading."""
    m = ROMAN_HEAD.match(line)
    if not m or not m.group(1):
        return False
    head = m.group(2).split(":")[0]
    letters = [c for c in head if c.isalpha()]
    if not letters:
        return False
    if sum(c.isupper() for c in letters) >= 0.7 * len(letters):
        return True
    # 'I. Mục đích, yêu cầu': in sentence case only when the words name a kind of section
    return head[:1].isupper() and len(head.split()) <= 12 and not re.search(r"[.;]\s", head) and section_kind(head) != "other"


def is_doctype(line: str) -> bool:
    s = squash(line).rstrip(":")
    return s.upper() == s and any(s == t or s.startswith(t + " ") for t in DOC_TYPES) and len(s.split()) <= 6


def is_upper_line(line: str) -> bool:
    """A line in capitals (a heading, a title line, a letterhead line): four letters or more, none lower-case."""
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 4 and not any(c.islower() for c in letters)


def is_table_row(line: str) -> bool:
    """'a | b | c': a table row as a web page or a .docx annex prints it (one line per row)."""
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    return len(cells) >= 2 and sum(bool(c) for c in cells) >= 2


def layout_only(line: str) -> bool:
    """A line that is only layout: a rule ('-------') or a cell separator ('|')."""
    s = line.strip()
    return not s.strip("|").strip() or bool(_RULE_LINE.match(s))


def _text_of(line: str) -> str:
    """A printed line's text: a trailing cell separator is layout."""
    return re.sub(r"\s*\|\s*$", "", line).strip()


# ----------------------------------------------------------------------------------------------
# Paragraphs
# ----------------------------------------------------------------------------------------------

@dataclass
class Para:
    text: str  # raw text (debris dropped), whitespace collapsed; repaired + NFC later
    lines: list
    chunk: int
    notes: list = field(default_factory=list)  # where the paragraph's bounds are a guess from line shapes


@dataclass
class _Shape:
    """What one text's lines look like: which regime decides paragraph starts, and its line width."""
    blank: bool  # paragraphs are separated by blank lines (a single newline is a hard wrap)
    width: int  # the usual length of a full line
    uniform: bool  # full lines share one width: a line shorter than it ended early
    wrapped: bool  # hard-wrapped: many lines continue a sentence (start lower-case)
    pdf: bool
    last_num: int = 0
    last_letter: str | None = None


def text_shape(raw: str, pdf_mode: bool = False) -> _Shape:
    """Blank-line or line-shape regime, measured on the text: blank lines between at least a sixth of
    the lines (a PDF's blank lines are page breaks: never)."""
    lines = [_text_of(clean_line(ln)) for ln in raw.split("\n")]
    content = [ln for ln in lines if ln and not layout_only(ln)]
    gaps = len(re.findall(r"\S[^\n]*\n[ \t\r\f\v]*\n(?=[ \t]*\S)", raw))
    lengths = sorted(len(ln) for ln in content) or [0]
    width = lengths[int(0.9 * (len(lengths) - 1))]
    long = [n for n in lengths if n >= 0.6 * width]
    uniform = bool(long) and sum(n >= 0.9 * width for n in long) >= 0.6 * len(long) and width <= 160
    wrapped = pdf_mode or sum(ln[:1].islower() and not LABEL_LETTER.match(ln) for ln in content) >= 0.2 * len(content)
    return _Shape(not pdf_mode and gaps >= len(content) / 6, width, uniform, wrapped, pdf_mode)


def build_paragraphs(raw: str, pdf_mode: bool = False) -> tuple[list[Para], list[tuple[str, str]]]:
    """Logical paragraphs: hard line breaks joined, page-break splits joined, items split; and the
    words broken at a line end ("Covid-" / "19").

    Texts with blank lines between paragraphs keep them as bounds; a text without (a web page's copy,
    a PDF) is cut by line shapes: labels, document parts, sentence ends, short lines, capitals."""
    shape = text_shape(raw, pdf_mode)
    paras: list[Para] = []
    breaks: list[tuple[str, str]] = []
    zone_end = False  # after "Nơi nhận": lines stand alone
    closed = True  # the last line ended a cell or a rule followed it: the next line starts a paragraph
    gap = False
    chunk = 0  # the blank-line block
    for line in raw.split("\n"):
        star = bool(_STAR_BULLET.match(line))
        line = clean_line(line)
        if star:
            line = "* " + line
        if not line:
            chunk += not gap and bool(paras)
            gap = True
            continue
        if layout_only(line):
            if paras:
                paras[-1].lines.append(line)
            closed = True
            continue
        text = _text_of(line)
        if text.startswith("Nơi nhận"):
            zone_end = True
        start, note = True, None
        if zone_end and paras and not closed:
            start = not _entry_goes_on(paras[-1], text)
        elif not (zone_end or closed or not paras):
            start, note = _starts(paras[-1], text, gap, shape)
        if start:
            paras.append(Para(squash(text), [line], chunk))
            _count(text, shape)
        else:
            _join(paras[-1], line, text, breaks)
        if note:
            paras[-1].notes.append(note)
        closed = text != line or is_table_row(text)
        gap = False
    return paras, breaks


def _entry_goes_on(para: Para, line: str) -> bool:
    """After 'Nơi nhận' lines stand alone, except a list entry wrapped over two lines ('- Sở Lao động -
    Thương binh và' / 'Xã hội;'): the entry had no end mark and the line is no entry, title or name."""
    last = _text_of(para.lines[-1])
    return bool(LABEL_BULLET.match(para.text) or LABEL_PLUS.match(para.text)) and not re.search(r"[;.,:]$", last) \
        and not (LABEL_BULLET.match(line) or LABEL_PLUS.match(line) or SIGN_LINE.match(line) or _PERSON.fullmatch(line)) \
        and (line[:1].islower() or bool(re.search(r"[;.]$", line)))


def _count(text: str, shape: _Shape) -> None:
    """The last item number and letter seen: a label out of sequence after an unended line is no label."""
    m = LABEL_NUM.match(text)
    if m:
        shape.last_num, shape.last_letter = int(m.group(1)), None
    m = LABEL_LETTER.match(text)
    if m:
        shape.last_letter = m.group(1)
    if is_roman_heading(text):
        shape.last_num, shape.last_letter = 0, None


def _starts(para: Para, line: str, gap: bool, shape: _Shape) -> tuple[bool, str | None]:
    """(whether `line` starts a paragraph after `para`, a note when that is a guess)."""
    last = _text_of(para.lines[-1])
    if is_doctype(line) or is_doctype(last) or last.startswith("Nơi nhận") or is_table_row(line) or FOOTNOTE.match(line):
        return True, None
    if is_label_start(line):
        return _label_starts(para, last, line, shape, gap and shape.blank)
    ended = bool(_SENTENCE_END.search(last))
    first = line[:1]
    if gap and shape.blank:  # across a blank line: a page break splits a paragraph only mid-sentence
        if first.islower():
            return False, None
        return not ((first.isdigit() or first in "“\"(") and not ended), None
    if shape.blank and shape.wrapped:  # a hard wrap inside a blank-line paragraph
        return bool(ended and _OPENERS.match(line)), None
    return _shape_starts(para, last, line, ended, shape)


def _shape_starts(para: Para, last: str, line: str, ended: bool, shape: _Shape) -> tuple[bool, str | None]:
    """A text without blank-line bounds: does `line` start a paragraph after the line `last`?"""
    first = line[:1]
    if first.islower() or not (first.isalnum() or first in "(“\"'‘["):  # '<https://...>', '...': mid-sentence
        return False, None
    if _OPENERS.match(line):
        return not re.search(r"(,|\bvà|\bcủa|\btheo)$", last), None
    if not ended and (first.isdigit() or first in "“\"" or first == "(" and not is_upper_line(last)):
        return False, None  # "giai đoạn / 2021 - 2030", "năm / 2025.": a number in the sentence
    if is_upper_line(last) and not ended:  # a heading or title in capitals: its wrapped line is in capitals too
        return not is_upper_line(line) or bool(SIGN_LINE.match(line)), None
    if is_upper_line(line) and not is_upper_line(last) and len(line.split()) >= 2 and (ended or _short(last, shape)):
        return True, None
    if not ended and not _short(last, shape) and (_ABBREVIATION.match(line) or _NAME_END.search(last)):
        return False, None  # "… về / BĐG và VSTBPN.", "… tỉnh Ninh / Thuận giai đoạn …": the sentence goes on
    fits = _fits(para, last, line, shape)
    if not shape.wrapped:  # lines are paragraphs (a web page's copy), or break where a cell or a browser did
        if ended or not (last.endswith(",") or len(last) >= 0.8 * shape.width):
            return ended or not _DASH_JOINS.search(last), None
        return False, f"paragraph bounds guessed from line shapes: a line ending in no end mark was joined to the next ('{_cut(last)}' / '{_cut(line)}')"
    if ended:
        if fits or _short(last, shape):
            return True, None  # the line ended early
        if len(para.lines) == 1 and last[-1] in ".!?:":  # one full line that ends a sentence: a paragraph, or its first line?
            return False, f"paragraph bounds guessed from line shapes: a full line ending a sentence was joined to the next ('{_cut(last)}' / '{_cut(line)}')"
        return False, None
    # an unended line that left room for the next word ended a heading or title line; not in a PDF,
    # whose lines' lengths in characters vary with their letters
    return _short(last, shape) or (fits and shape.uniform and not shape.pdf), None


_ABBREVIATION = re.compile(rf"^[{UPPER}]{{2,}}(?![^\W\d_])(?!\s*$)")  # 'BĐG', 'HĐND' starting a line that goes on
_NAME_END = re.compile(rf"\s[{UPPER}][^\W\d_]*$")  # a line ending in a capitalised word: a name that wraps ("tỉnh Ninh")


def _short(last: str, shape: _Shape) -> bool:
    return len(last) < 0.6 * shape.width


def _fits(para: Para, last: str, line: str, shape: _Shape) -> bool:
    """Whether the next line's first word would have fitted on `last`: a wrapper would have put it
    there, so `last` ended early (a paragraph's last line). The width is the paragraph's own longest
    line (texts wrap at different widths), else the text's."""
    word = line.split()[0]
    before = [len(_text_of(x)) for x in para.lines[:-1] if not layout_only(x)]
    width = max(before) if before else (shape.width if shape.uniform else 0)
    slack = 0.9 if shape.pdf else 1.0  # a PDF's letters differ in width: its lines' lengths in characters vary
    return bool(width) and len(last) + 1 + len(word) <= slack * width


def _label_starts(para: Para, last: str, line: str, shape: _Shape, blank: bool) -> tuple[bool, str | None]:
    """A line that starts like an item: a label, unless it continues a wrapped sentence ("Lao động
    / - Thương binh", "giai đoạn 2021 / - 2030", "tại điểm / 3. ..."). After a blank line (`blank`)
    only the words themselves say so."""
    ended = bool(_SENTENCE_END.search(last))
    if ended or is_roman_heading(line) or is_upper_line(last) and len(para.lines) == 1:
        return True, None
    m = LABEL_BULLET.match(line)
    if m and m.group(1) in "-–—":
        rest = line[m.end():]
        if rest[:1].islower() or rest[:1].isdigit() or _DASH_JOINS.search(last):
            return False, None
        if not blank and shape.uniform and not _short(last, shape) and not _fits(para, last, "- " + rest, shape) and len(para.lines) > 1:
            return False, f"a line starting with '-' after an unended full line was taken as the sentence's continuation, not a bullet: '{_cut(line)}'"
        return True, None
    if LABEL_DECIMAL.match(line):
        return not _NUM_JOINS.search(last), None
    m = LABEL_NUM.match(line)
    if m:
        n = int(m.group(1))
        if _NUM_JOINS.search(last) or (not blank and n not in (1, shape.last_num + 1) and not _short(last, shape)):
            return False, None
        return True, None
    m = LABEL_LETTER.match(line)
    if m and not blank and shape.last_letter is not None and m.group(1) != "a" and not _short(last, shape) \
            and _LETTERS.find(m.group(1)) - _LETTERS.find(shape.last_letter) not in (1, 2):
        return False, None
    return True, None


def _cut(s: str, n: int = 50) -> str:
    return s if len(s) <= n else s[:n] + "…"


def _join(prev: Para, line: str, text: str, breaks: list) -> None:
    last = _text_of(prev.lines[-1])
    if re.search(r"\w-$", last) and re.match(r"\w", text):
        breaks.append((last.split()[-1], text.split()[0]))
    prev.lines.append(line)
    prev.text = squash(prev.text + " " + text)


# ----------------------------------------------------------------------------------------------
# The document: head and zones
# ----------------------------------------------------------------------------------------------

@dataclass
class Head:
    header: list[Para]  # letterhead paragraphs before the document type
    doc_type: str | None
    title_lines: list[str]
    start: int  # the first paragraph after the title


_TYPE_AND_TITLE = re.compile(r"^(" + "|".join(DOC_TYPES) + r")\s+(?=\S+\s+[a-zà-ỹđ])")


def document_head(paras: list[Para]) -> Head:
    """Letterhead, document type (KẾ HOẠCH) and title; with no type line, the first paragraph is the title.

    A title in capitals that line shapes left in several paragraphs is joined; "KẾ HOẠCH Triển khai ..."
    on one line (a web page's copy) is the type and the title's first line."""
    i = 0
    while i < len(paras) and not is_doctype(_text_of(paras[i].lines[0])):
        i += 1
    if i == len(paras):
        j = next((k for k, p in enumerate(paras[:12]) if _TYPE_AND_TITLE.match(_text_of(p.lines[0]))), None)
        if j is None:
            return Head([], None, [paras[0].lines[0]] if paras else [""], 1)
        m = _TYPE_AND_TITLE.match(_text_of(paras[j].lines[0]))
        title, start = [_text_of(paras[j].lines[0])[m.end():]] + paras[j].lines[1:], j + 1
        return Head(paras[:j], m.group(1), *_more_title(_title_lines(title), paras, start))
    doc_type, rest = squash(_text_of(paras[i].lines[0])), paras[i].lines[1:]
    if rest:
        title, start = rest, i + 1
    else:
        title, start = (paras[i + 1].lines if i + 1 < len(paras) else [""]), i + 2
    return Head(paras[:i], doc_type, *_more_title(_title_lines(title), paras, start))


def _title_lines(lines: list[str]) -> list[str]:
    return [_text_of(ln) for ln in lines if not layout_only(ln)] or [""]


def _more_title(title: list[str], paras: list[Para], start: int) -> tuple[list[str], int]:
    """A title that line shapes left in several paragraphs goes on while the next paragraphs are short
    lines in the same case that are no sentence, heading, preamble opener, signature line or
    '(Ban hành kèm theo ...)' (a centred title wrapped narrower than the body, a title in capitals)."""
    while start < len(paras):
        p, joined = paras[start], " ".join(title)
        upper = is_upper_line(joined)
        if not (len(joined.split()) < 60 and not _SENTENCE_END.search(joined) and is_upper_line(p.text) == upper
                and len(p.text.split()) <= (25 if upper else 15) and not _SENTENCE_END.search(p.text)
                and not is_label_start(p.text) and not SIGN_LINE.match(p.text) and not is_doctype(p.text)
                and not _OPENERS.match(p.text) and not p.text.startswith("(") and not is_table_row(p.text)):
            break
        title, start = title + _title_lines(p.lines), start + 1
    return title, start


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
            self.dist.append(re.sub(r"^[-–—•●▪◦*+]\s*", "", line))
        elif SIGN_LINE.match(line) and line.upper() == line:
            self.sign.append(line)
        elif self.sign or _PERSON.fullmatch(line) and not re.search(r"\d", line):
            self.sign.append(line)
        else:
            self.dist_stray.append(len(self.dist))
            self.dist.append(line)


def split_zones(paras: list[Para], fix: Callable[[str], str], review: Review) -> Zones:
    """The paragraphs after the title in their zones; from 'Nơi nhận' (or the first signature
    line) on, line by line: distribution list and signature. A paragraph whose bounds were guessed
    from line shapes, a heading printed without its numeral, and item labels that change scheme
    mid-list are reviewed where they land."""
    z = Zones()
    zone = "preamble"
    arabic = not any(is_roman_heading(p.text) for p in paras)  # no roman numerals: sections may be '1. MỤC ĐÍCH'
    for p in paras:
        text = fix(p.text)
        fm = FOOTNOTE.match(text)
        path: tuple = ("body", "footnotes")
        if fm:
            z.footnotes.append({"mark": fm.group(1), "text": fm.group(2)})
        elif arabic and zone in ("preamble", "sections") and arabic_heading(text, len(z.sections) + 1):
            m = LABEL_NUM.match(text)  # the format numbers sections in roman numerals: '2.' is section II
            z.sections.append((roman(int(m.group(1))), text[m.end():].strip(), []))
            zone = "sections"
            path = ("body", "sections", len(z.sections) - 1)
            if len(z.sections) == 1:
                review(path, "sections printed as 1., 2., ... (no roman numerals): their headings in capitals were taken as sections I, II, ...; check them")
        elif zone in ("preamble", "sections") and is_roman_heading(text):
            m = ROMAN_HEAD.match(text)
            path = ("body", "sections", len(z.sections))
            expected = roman_value(z.sections[-1][0]) + 1 if z.sections else 1
            if roman_value(m.group(1)) != expected:
                review(path, f"section numeral {m.group(1)} where {roman(expected)} was expected: a heading missed, or a line taken for one? ('{_cut(text)}')")
            z.sections.append((m.group(1), m.group(2), []))
            zone = "sections"
        elif zone in ("preamble", "sections") and unnumbered_heading(text):
            number = roman(roman_value(z.sections[-1][0]) + 1 if z.sections else 1)
            z.sections.append((number, text, []))
            zone = "sections"
            path = ("body", "sections", len(z.sections) - 1)
            review(path, f"section heading printed without a numeral ('{text}'): numbered {number} here; check the number and the refs under it")
        elif text.startswith("Nơi nhận"):
            zone, z.dist_heading = "end", text
            path = ("body", "distribution")
        else:
            zone = _next_zone(zone, text, p.lines[0])
            if zone == "preamble":
                path = ("body", "preamble", len(z.preamble))
                z.preamble.append(text)
            elif zone == "sections":
                path = ("body", "sections", len(z.sections) - 1)
                z.sections[-1][2].append(text)
            elif zone == "closing":
                path = ("body", "closing", len(z.closing))
                z.closing.append(text)
            else:
                path = ("body", "distribution")
                entry = LABEL_BULLET.match(p.text) or LABEL_PLUS.match(p.text)  # one entry, maybe wrapped
                for line in [p.text] if entry else [_text_of(ln) for ln in p.lines if not layout_only(ln)]:
                    z.end_line(fix(squash(line)), review)
        for note in p.notes:
            review(path, note)
    for si, (_, _, sparas) in enumerate(z.sections):
        for note in label_scheme_notes(sparas):
            review(("body", "sections", si), note)
    return z


def arabic_heading(text: str, expected: int) -> bool:
    """'2. NỘI DUNG THỰC HIỆN': a section numbered in arabic numerals, its heading in capitals, in sequence
    (a block heading in capitals, '1. SỞ NỘI VỤ:', restarts at 1 and is none)."""
    m = LABEL_NUM.match(text)
    if not m or int(m.group(1)) != expected or m.group(2) not in ".)/":
        return False
    head = text[m.end():].split(":")[0]
    letters = [c for c in head if c.isalpha()]
    return bool(letters) and len(head.split()) <= 15 and sum(c.isupper() for c in letters) >= 0.9 * len(letters)


def unnumbered_heading(text: str) -> bool:
    """'TỔ CHỨC THỰC HIỆN' alone: a section heading in capitals printed without a numeral (its words
    name a kind of section; an agency block in capitals, 'SỞ Y TẾ:', is none)."""
    return (is_upper_line(text) and len(text.split()) <= 12 and not re.search(r"[.;,]$", text)
            and not is_label_start(text) and not SIGN_LINE.match(text) and not is_doctype(text)
            and section_kind(text) != "other")


def label_scheme_notes(paras: list[str]) -> list[str]:
    """Item labels that change scheme within one list ('a)' then 'b.', '1.' then '2)'): the next label
    of the sequence printed another way."""
    notes = []
    last: dict = {}  # kind -> (value, punctuation, label) of the list's last label
    for p in paras:
        for kind, rx in (("number", LABEL_NUM), ("letter", LABEL_LETTER)):
            m = rx.match(p)
            if not m:
                continue
            value = int(m.group(1)) if kind == "number" else _LETTERS.find(m.group(1))
            if kind == "number":
                last.pop("letter", None)
            prev = last.get(kind)
            if prev and value == prev[0] + 1 and m.group(2) != prev[1]:
                notes.append(f"item labels change scheme mid-list: '{prev[2]}' then '{m.group(0).strip()}': check the nesting of these items")
            last[kind] = (value, m.group(2), m.group(0).strip())
    return notes


_ROMAN_VALUES = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
                 (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]


def roman(n: int) -> str:
    """4 -> 'IV' (section numerals; Word's roman list numbers)."""
    out = ""
    for v, sym in _ROMAN_VALUES:
        while n >= v:
            out, n = out + sym, n - v
    return out


def roman_value(s: str) -> int:
    """'IV' -> 4 (section numerals run to XXXIX)."""
    vals = {"I": 1, "V": 5, "X": 10}
    n = 0
    for k, c in enumerate(s):
        v = vals.get(c, 0)
        n += -v if k + 1 < len(s) and vals.get(s[k + 1], 0) > v else v
    return n


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
    """(label, rank, text after it): '1.' ranks 1, 'a)' and '1.2.' 2 ('1.2.3.' 2.5), '-' 3, '+' 4; no label 0."""
    m = LABEL_DECIMAL.match(text)
    if m:
        return m.group(0).strip(), (2 if m.group(1).count(".") == 1 else 2.5), text[m.end():].strip()
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
    # Under sections numbered '1.', '2.' (a decimal outline) the items are '1.1.', '1.2.': they rank as '1.'
    outline = any(LABEL_DECIMAL.match(p) for p in paras) and not any(LABEL_NUM.match(p) for p in paras)
    for p in paras:
        label, rank, rest = item_label(p)
        if outline and LABEL_DECIMAL.match(p):
            rank -= 1
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
