"""The head of a document as printed: what a saved web page puts before it (a metadata block, URLs:
never text, dropped), the letterhead lines (issuing body, national motto, number, place and date),
and the title, bounded by the parts that follow it (a preamble opener, '(Ban hành kèm theo ...)')."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ...text import fold, squash
from .paragraphs import clean_line, is_doctype

_RULE = re.compile(r"^\s*[-_=*]{3,}\s*$")  # rule lines under the letterhead, or a metadata block's fence
_META = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,40}\s*:(\s|$)")  # 'source_url: https://...': an ASCII key, as saved pages write
_URL = re.compile(r"(https?://|www\.)\S+|\b[\w-]+(\.[\w-]+)*\.(vn|com|net|org)(/\S*)?(?=\s|$)", re.I)
# Where a letterhead starts: the issuing body, the national motto, the number, or the document type.
_LETTERHEAD_START = re.compile(r"^(uy ban|ubnd|hoi dong|hdnd|so\b|ban\b|cong hoa|doc lap|tinh\b|thanh pho)")
# A preamble paragraph that cannot be part of a title: 'Căn cứ Luật ...', 'Thực hiện Công văn số ...'.
_PREAMBLE_OPENER = re.compile(
    r"^(can cu|thuc hien|theo|xet)\s+(de nghi|luat|nghi quyet|nghi dinh|quyet dinh|cong van|ke hoach|chi thi|thong tu|"
    r"huong dan|van ban|chuong trinh|to trinh|thong bao|chien luoc quoc gia)\b|^(can cu|xet de nghi|theo de nghi)\b")
_ATTACHED = re.compile(r"^\(\s*(ban hanh\s+)?kem theo\b")  # '(Ban hành kèm theo Quyết định số ... ngày ...)'


@dataclass
class Preface:
    """The text without what a saved web page put before the document."""
    text: str
    dropped: list[str] = field(default_factory=list)
    url: str | None = None


def strip_preface(raw: str) -> Preface:
    """Drops a metadata block between '---' lines at the very top (key: value lines), and URL or
    'key: value' lines before the letterhead; the first source URL among them is kept aside."""
    lines = raw.split("\n")
    keep = [True] * len(lines)
    first = next((k for k, ln in enumerate(lines) if ln.strip()), None)
    if first is None:
        return Preface(raw)
    if re.fullmatch(r"\s*-{3,}\s*", lines[first]):
        close = next((k for k in range(first + 1, min(len(lines), first + 80)) if re.fullmatch(r"\s*-{3,}\s*", lines[k])), None)
        inner = [ln for ln in lines[first + 1:close or first + 1] if ln.strip()]
        if close and inner and sum(bool(_META.match(ln.strip())) for ln in inner) >= max(1, len(inner) // 2):
            for k in range(first, close + 1):
                keep[k] = False
    anchor = next((k for k, ln in enumerate(lines[:200]) if keep[k] and _anchor(clean_line(ln).strip(" |"))), None)
    for k in range(anchor if anchor is not None else len(lines)):
        # before the letterhead: a web page's own lines (portal, breadcrumbs, page title, date posted, URL)
        s = clean_line(lines[k]).strip(" |")
        if keep[k] and s and (anchor is not None or _URL.search(s) or _META.match(s)) and s.upper() != s:
            keep[k] = False
    dropped = [lines[k].strip() for k in range(len(lines)) if not keep[k] and lines[k].strip() and not _RULE.match(lines[k])]
    if not dropped:
        return Preface(raw)
    found = [(not re.match(r"(source_?url|url|link|nguon)\s*:", fold(d)), m.group(0))
             for d in dropped for m in [re.search(r"https?://\S+", d)] if m]
    url = min(found, key=lambda f: f[0])[1] if found else None  # an http(s) URL, the one a 'source_url:' key names first
    text = "\n".join(ln if keep[k] else "" for k, ln in enumerate(lines))  # blank, not gone: paragraphs stay apart
    return Preface(text, dropped, url)


def _anchor(line: str) -> bool:
    """Where the document starts: a letterhead line or the document type."""
    return bool(line) and (is_doctype(line) or (_LETTERHEAD_START.match(fold(line)) is not None and line.upper() == line)
                           or re.match(r"(số|so)\s*:", fold(line)) is not None)


_FOOTER = re.compile(r"^(tai ve|chia se|tin lien quan|in bai viet|ban in|luot xem|ngay dang|nguon|dia chi|lien ket|"
                     r"van ban lien quan|gui email|quay lai|tro ve)\b")


def page_footer(sign: list[str]) -> tuple[list[str], list[str]]:
    """(signature lines, a saved page's footer after the signer's name: 'Tải về: ...', 'Chia sẻ: ...', URLs)."""
    named = next((k for k, ln in enumerate(sign) if ln.upper() != ln and not ln.startswith("(")), None)
    if named is None:
        return sign, []
    footer = footer_lines(sign[named + 1:])
    return sign[:named + 1] + [ln for ln in sign[named + 1:] if ln not in footer], footer


def footer_lines(lines: list[str]) -> list[str]:
    """The lines a saved web page prints around a document: 'Tải về: ...', 'Chia sẻ: ...', URLs."""
    return [ln for ln in lines if _FOOTER.match(fold(ln)) or _URL.search(ln) or _META.match(ln)]


# ----------------------------------------------------------------------------------------------
# Letterhead
# ----------------------------------------------------------------------------------------------

def _incomplete(line: str) -> bool:
    """A letterhead line the next printed line continues ('CỘNG' / 'HÒA XÃ HỘI ...', 'Tây Ninh, ngày 21' / 'tháng 5 ...')."""
    f = fold(line)
    return bool((f.startswith("cong") and "viet nam" not in f)
                or (re.search(r"\bngay\b", f) and not re.search(r"nam\s+\d{4}", f))
                or re.fullmatch(r"so\s*:?", f)
                or (f.startswith("doc lap") and "hanh phuc" not in f)
                or re.search(r"\b(uy ban|uy ban nhan|hoi dong|hoi dong nhan)$", f))


def letterhead(lines: list[str]) -> tuple[list[str], list[str]]:
    """(letterhead lines, lines that do not look like one) from the printed lines before the document
    type: rule lines and '|' cell separators are layout; a line the next one continues is joined."""
    out: list[str] = []
    closed = True  # the last line ended a table cell or a rule followed it: nothing joins it
    for raw in lines:
        line = clean_line(raw)
        if _RULE.match(line):
            closed = True
            continue
        cells = line.split("|")
        for k, cell in enumerate(cells):
            cell = squash(cell)
            if cell:
                if out and not closed and _incomplete(out[-1]):
                    out[-1] = squash(out[-1] + " " + cell)
                else:
                    out.append(cell)
                closed = False
            if k < len(cells) - 1:
                closed = True
    odd = [ln for ln in out if not _looks_letterhead(ln)]
    return out, odd


def _looks_letterhead(line: str) -> bool:
    f = fold(line)
    return bool(_LETTERHEAD_START.match(f) or re.search(r",\s*ngay\b", f) or re.match(r"ngay\s+\d", f)
                or line.upper() == line)


# ----------------------------------------------------------------------------------------------
# Title
# ----------------------------------------------------------------------------------------------

def bound_title(title_lines: list[str]) -> tuple[list[str], list[str]]:
    """(title lines, the paragraphs after them) when the title runs on into the preamble or the
    '(Ban hành kèm theo Quyết định ...)' line, as a web copy without blank lines prints them."""
    lines = [squash(clean_line(ln)) for ln in title_lines]
    lines = [ln for ln in lines if ln]
    cut = next((k for k, ln in enumerate(lines) if k > 0 and _ends_title(lines[:k], ln)), len(lines))
    paras: list[str] = []
    for ln in lines[cut:]:
        if not paras or starts_paragraph(paras[-1], ln):
            paras.append(ln)
        else:
            paras[-1] = squash(paras[-1] + " " + ln)
    return lines[:cut], paras


def _ends_title(before: list[str], line: str) -> bool:
    f = fold(line)
    if _ATTACHED.match(f) or _PREAMBLE_OPENER.match(f):
        return True
    title = " ".join(before)
    # An upper-case title, then a long sentence-case line: the preamble.
    return title.upper() == title and line.upper() != line and len(line.split()) >= 12


def starts_paragraph(prev: str, line: str) -> bool:
    """Whether a printed line starts a paragraph of a preamble (lines of one paragraph are joined)."""
    f = fold(line)
    if _ATTACHED.match(f) or re.match(r"(can cu|theo de nghi|xet de nghi|thuc hien)\b", f):
        return True
    return bool(re.search(r"[.;:]$", prev)) and line[:1].isupper()


def attached_line(text: str) -> bool:
    """'(Ban hành kèm theo Quyết định số ... ngày ...)': the plan's link to its decision, no legal basis."""
    return bool(_ATTACHED.match(fold(text)))
