"""`plansite import FILE`: draft a plan YAML (schema/README.md) from a published text.

Reads plain text, .docx (python-docx) and text-layer .pdf (pypdf). The draft has every section,
item and bullet; the implementation section split into agency blocks (names resolved through the
registry's aliases); tasks with roles and suggested themes; metadata (title, period, kind, legal
bases, proposal, signer, lead agency, reporting deadlines and recipient, distribution list).
Extraction damage is repaired (generator/repair.py) and every repair listed in `repairs`.
Whatever the importer is unsure of carries a `# REVIEW: ...` comment; it never guesses silently.
"""
from __future__ import annotations

import io
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from . import input_limits as lim
from . import repair as rp
from .load import inside
from .model import path_part
from .registry import Registry, alias_key, load_registry
from .text import fold, squash, tone_normalise

# ----------------------------------------------------------------------------------------------
# Reading
# ----------------------------------------------------------------------------------------------


def read_source(path: Path) -> tuple[str, str]:
    """(text, kind) of a .txt, .docx or .pdf file. The text is what the plan's `source.file` holds.

    Hostile or broken input raises ValueError `<path>: <what is wrong>` (limits: generator/input_limits.py)."""
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
    numbering = {}
    try:
        num_el = document.part.numbering_part.element
    except (KeyError, AttributeError, NotImplementedError):
        num_el = None
    if num_el is not None:
        abstract = {}
        for an in num_el.findall(qn("w:abstractNum")):
            levels = {}
            for lvl in an.findall(qn("w:lvl")):
                fmt = lvl.find(qn("w:numFmt"))
                text = lvl.find(qn("w:lvlText"))
                start = lvl.find(qn("w:start"))
                levels[int(lvl.get(qn("w:ilvl")))] = (
                    fmt.get(qn("w:val")) if fmt is not None else "decimal",
                    text.get(qn("w:val")) if text is not None else "%1.",
                    int(start.get(qn("w:val"))) if start is not None else 1)
            abstract[an.get(qn("w:abstractNumId"))] = levels
        for num in num_el.findall(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            if ref is not None:
                numbering[num.get(qn("w:numId"))] = abstract.get(ref.get(qn("w:val")), {})
    counters: dict = {}

    def num_props(p):
        ppr = p._p.pPr
        num_pr = ppr.numPr if ppr is not None else None
        if num_pr is None and p.style is not None and p.style.element.pPr is not None:
            num_pr = p.style.element.pPr.numPr
        if num_pr is None or num_pr.numId is None:
            return None
        ilvl = num_pr.ilvl.val if num_pr.ilvl is not None else 0
        return str(num_pr.numId.val), int(ilvl)

    def label(p) -> str:
        props = num_props(p)
        if not props or props[0] not in numbering:
            return ""
        num_id, ilvl = props
        levels = numbering[num_id]
        if ilvl not in levels:
            return ""
        count = counters.setdefault(num_id, {})
        for deeper in [k for k in count if k > ilvl]:
            del count[deeper]
        count[ilvl] = count.get(ilvl, levels[ilvl][2] - 1) + 1
        fmt, text, _ = levels[ilvl]
        if fmt == "bullet":
            return (text if text in ("-", "+", "–") else "-") + " "
        if fmt == "none":
            return ""

        def render(level):
            f, _, st = levels.get(level, ("decimal", "", 1))
            n = count.get(level, st)
            return {"lowerLetter": _letter(n), "upperLetter": _letter(n).upper(), "lowerRoman": _roman(n).lower(),
                    "upperRoman": _roman(n)}.get(f, str(n))
        return re.sub(r"%(\d)", lambda m: render(int(m.group(1)) - 1), text) + " "

    blocks: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            p = docx.text.paragraph.Paragraph(child, document)
            text = p.text.replace("\t", " ").strip()
            if text:
                blocks.append(label(p) + text)
        elif child.tag == qn("w:tbl"):
            table = docx.table.Table(child, document)
            for row in table.rows:
                seen = set()
                for cell in row.cells:
                    if id(cell._tc) in seen:
                        continue
                    seen.add(id(cell._tc))
                    for p in cell.paragraphs:
                        text = p.text.replace("\t", " ").strip()
                        if text:
                            blocks.append(label(p) + text)
    return "\n\n".join(blocks) + "\n"


def pdf_text(path: Path) -> str:
    """The text layer of a PDF, page by page (pypdf). Lines that are only a page number are dropped."""
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, LimitReachedError

    data = lim.read_capped(path, lim.PDF_MAX_BYTES, ".pdf")
    if b"%PDF-" not in data[:1024]:
        lim.refuse(path, "not a PDF file (no %PDF- header)")
    pages = []
    size = 0
    try:
        with lim.pdf_limits(path):
            reader = PdfReader(io.BytesIO(data))  # tries the empty password itself
            if len(reader.pages) > lim.PDF_MAX_PAGES:
                lim.refuse(path, f"the PDF has {len(reader.pages)} pages (limit {lim.PDF_MAX_PAGES}); refused before extracting text")
            for page in reader.pages:
                text = page.extract_text() or ""
                size += len(text.encode("utf-8"))
                if size > lim.TEXT_MAX_BYTES:
                    lim.refuse(path, f"the PDF's text is over the {lim.limit_text(lim.TEXT_MAX_BYTES)} limit; refused")
                lines = [ln.rstrip() for ln in text.splitlines()]
                lines = [ln for ln in lines if not re.fullmatch(r"\s*-?\s*\d{1,3}\s*-?\s*", ln)]
                pages.append("\n".join(lines).strip())
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


# ----------------------------------------------------------------------------------------------
# Lines and paragraphs
# ----------------------------------------------------------------------------------------------

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


def clean_line(line: str) -> str:
    """Drop Markdown debris (heading marks, emphasis asterisks), as the completeness test does."""
    return _MD_HEADING.sub("", line).replace("*", "").strip()


def is_label_start(line: str) -> bool:
    return bool(LABEL_NUM.match(line) or LABEL_LETTER.match(line) or LABEL_BULLET.match(line)
                or LABEL_PLUS.match(line) or FOOTNOTE.match(line) or _is_roman_heading(line))


def _is_roman_heading(line: str) -> bool:
    m = ROMAN_HEAD.match(line)
    if not m or not m.group(1):
        return False
    letters = [c for c in m.group(2).split(":")[0] if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= 0.7 * len(letters)


def _is_doctype(line: str) -> bool:
    s = squash(line).rstrip(":")
    return s.upper() == s and any(s == t or s.startswith(t + " ") for t in DOC_TYPES) and len(s.split()) <= 6


@dataclass
class Para:
    text: str  # raw text (debris dropped), whitespace collapsed; repaired + NFC later
    lines: list
    chunk: int


def build_paragraphs(raw: str, pdf_mode: bool = False) -> tuple[list[Para], list[tuple[str, str]]]:
    """Logical paragraphs: hard line breaks joined, page-break splits joined, items split."""
    paras: list[Para] = []
    breaks: list[tuple[str, str]] = []
    zone_end = False  # after "Nơi nhận": lines stand alone

    def join(prev: Para, line: str):
        last = prev.lines[-1]
        if re.search(r"\w-$", last) and re.match(r"\w", line):
            breaks.append((last.split()[-1], line.split()[0]))
        prev.lines.append(line)
        prev.text = squash(prev.text + " " + line)

    lengths = sorted(len(clean_line(ln)) for ln in raw.split("\n") if ln.strip())
    full = lengths[int(0.9 * (len(lengths) - 1))] if lengths else 0
    for ci, chunk in enumerate(re.split(r"\n[ \t\r\f\v]*\n", raw)):
        lines = [clean_line(ln) for ln in chunk.split("\n")]
        lines = [ln for ln in lines if ln]
        for li, line in enumerate(lines):
            if line.startswith("Nơi nhận"):
                zone_end = True
                paras.append(Para(squash(line), [line], ci))
                continue
            prev = paras[-1] if paras else None
            new = True
            if prev is not None and not zone_end and not is_label_start(line) and not _is_doctype(line) \
                    and not _is_doctype(prev.lines[-1]) and not prev.lines[-1].startswith("Nơi nhận"):
                if li > 0:  # same blank-line block: a hard line break
                    last = prev.lines[-1]
                    new = pdf_mode and line[:1].isupper() and (
                        bool(re.search(r"[.:;!?]$", last)) or len(last) < 0.7 * full
                        or (bool(_OPENERS.match(line)) and not re.search(r"(,|\bvà)$", last)))
                else:  # across a blank line: a page break splits a paragraph only mid-sentence
                    first = line[:1]
                    if first.islower():
                        new = False
                    elif (first.isdigit() or first in "“\"(") and not re.search(r"[.:;!?]$", prev.lines[-1]):
                        new = False
            if new:
                paras.append(Para(squash(line), [line], ci))
            else:
                join(prev, line)
    return paras, breaks


# ----------------------------------------------------------------------------------------------
# Agencies
# ----------------------------------------------------------------------------------------------

_SEP = re.compile(r"(\s*[,;]\s*|\s+và\s+|\s+cùng\s+)")


class Agencies:
    """Agency names as written -> registry ids, whatever the spelling variant."""

    def __init__(self, reg: Registry, province: str | None):
        self.reg = reg
        names = [p["vi"] for p in reg.provinces.values()]
        if province and province in reg.provinces:
            names.insert(0, reg.provinces[province]["vi"])
        self.province_names = sorted(set(names), key=len, reverse=True)
        self._cache: dict = {}

    def one(self, name: str) -> str | None:
        name = squash(name).strip(" :;,.")
        if not name:
            return None
        if name in self._cache:
            return self._cache[name]
        result = self._one(name)
        self._cache[name] = result
        return result

    def _one(self, name: str) -> str | None:
        index = self.reg.aliases
        r = lambda v: index.get(alias_key(v))  # noqa: E731  (Registry.resolve_agency, without the call overhead)
        variants = [name]
        base = re.sub(r"^(Đề nghị)\s+", "", name, flags=re.I)
        variants.append(base)
        for pn in self.province_names:
            pat = re.compile(r"\s+(tỉnh\s+)?" + re.escape(pn) + r"$", re.I)
            if pat.search(base):
                variants.append(pat.sub(lambda m: " tỉnh" if m.group(1) else "", base))
                variants.append(pat.sub("", base))
        more = []
        for v in variants:
            v2 = re.sub(r"\s+(có liên quan|liên quan)$", "", v)
            more += [v2, v2 + " tỉnh", re.sub(r"\s+tỉnh$", "", v2), "Các " + v2]
        for v in variants + more:
            aid = r(v)
            if aid:
                return aid
        m = re.match(r"(.+?)\s+của\s+(.+)$", base)
        if m and (self.one(m.group(2)) or fold(m.group(2)).strip() == "tinh"):
            return self.one(m.group(1))
        return None

    def many(self, text: str) -> list[str] | None:
        """A list of agencies ("Báo X, Đài Y", "A và B"), fewest groups first; None unless all resolve."""
        groups = self.groups(text)
        if groups is None:
            return None
        out = []
        for _, a in groups:
            if a not in out:
                out.append(a)
        return out

    def groups(self, text: str) -> list[tuple[str, str]] | None:
        """[(name as written, id)] for a list of agencies, or None."""
        text = squash(text).strip(" :;,.")
        if not text:
            return None
        parts = _SEP.split(text)
        pieces, seps = parts[0::2], parts[1::2]
        n = len(pieces)
        if n > 14:
            return None
        best: list = [None] * (n + 1)
        best[n] = []
        for i in range(n - 1, -1, -1):
            for j in range(n, i, -1):
                if best[j] is None:
                    continue
                group = pieces[i] + "".join(seps[k] + pieces[k + 1] for k in range(i, j - 1))
                aid = self.one(group)
                if aid and (best[i] is None or len(best[j]) + 1 < len(best[i])):
                    best[i] = [(group, aid)] + best[j]
        return best[0]

    def prefix(self, text: str, max_words: int = 30) -> tuple[list[str], str, str] | None:
        """Longest leading run of words that is a list of agencies: (ids, the words, the rest)."""
        words = text.split(" ")
        if not any(self.one(" ".join(words[:j])) for j in range(1, min(len(words), 14) + 1)):
            return None  # no agency name starts the text
        for k in range(min(len(words), max_words), 0, -1):
            head = " ".join(words[:k])
            ids = self.many(head)
            if ids:
                return ids, head, " ".join(words[k:])
        return None

    def mentioned(self, text: str) -> list[str]:
        """Agencies named after "phối hợp với", "với", "giữa" ... in a task text."""
        out = []
        for m in re.finditer(r"(?:phối hợp với|phối hợp|với|và|giữa|cùng)\s+((?:các\s+)?(?:Sở|Ban|Hội|Ủy ban|Uỷ ban|UBND|Công an|Văn phòng|Đài|Báo|Liên đoàn|Tỉnh đoàn|Cục|Thống kê)\b[^;.:()]*)", text):
            got = self.prefix(m.group(1), 16)
            if got:
                for a in got[0]:
                    if a not in out:
                        out.append(a)
        return out


# ----------------------------------------------------------------------------------------------
# Themes
# ----------------------------------------------------------------------------------------------

THEME_RULES = {  # theme -> keyword patterns (regular expressions on lower-case text)
    "coordination": [r"^(chủ trì, )?(hướng dẫn|đôn đốc|chỉ đạo|theo dõi|tham mưu)", r"đôn đốc", r"điều phối", r"phối hợp liên ngành",
                     r"chương trình phối hợp", r"triển khai kế hoạch", r"xây dựng kế hoạch", r"ban hành kế hoạch"],
    "committee": [r"ban vì sự tiến bộ", r"ban vstbpn", r"kiện toàn"],
    "communication": [r"truyền thông", r"tuyên truyền", r"phổ biến", r"thông tin", r"báo chí", r"nhận thức", r"chuyên mục", r"phát thanh"],
    "training": [r"tập huấn", r"bồi dưỡng", r"đào tạo(?! nghề)", r"nâng cao năng lực", r"hội thảo"],
    "action-month": [r"tháng hành động"],
    "gbv-services": [r"bạo lực trên cơ sở giới", r"bạo lực giới", r"địa chỉ tin cậy", r"nhà tạm lánh", r"nạn nhân", r"tổng đài", r"xâm hại", r"quấy rối"],
    "domestic-violence": [r"bạo lực gia đình", r"gia đình văn hóa", r"xây dựng gia đình", r"trong gia đình"],
    "trafficking": [r"mua bán người", r"buôn bán người", r"môi giới hôn nhân", r"kết hôn với người nước ngoài"],
    "women-leadership": [r"cán bộ nữ", r"lãnh đạo, quản lý", r"lãnh đạo và quản lý", r"vị trí lãnh đạo", r"cơ quan dân cử", r"ứng cử", r"đại biểu",
                         r"bổ nhiệm", r"nữ lãnh đạo", r"quy hoạch"],
    "mainstreaming": [r"lồng ghép (vấn đề|giới|các mục tiêu|mục tiêu|một số chỉ tiêu|chỉ tiêu|bình đẳng giới|các dự án)", r"lồng ghép[^.;]{0,60}(vào|trong) (kế hoạch|chương trình|chính sách|xây dựng)",
                      r"văn bản quy phạm pháp luật", r"thẩm định"],
    "legal-aid": [r"trợ giúp pháp lý", r"tư vấn pháp luật"],
    "education": [r"(?<!phổ biến, )(?<!tuyên truyền, )(?<!truyền thông, )giáo dục(?! pháp luật)(?! chính sách)(?!, vận động)(?!, phổ biến)", r"trường học", r"học sinh", r"giảng dạy", r"cấp học", r"giáo viên", r"học đường"],
    "health": [r"sức khỏe", r"y tế", r"giới tính khi sinh", r"sinh sản", r"khám bệnh", r"chữa bệnh"],
    "ethnic-minorities": [r"dân tộc thiểu số", r"đồng bào", r"dự án 8", r"vùng dân tộc", r"miền núi"],
    "economic-empowerment": [r"việc làm", r"khởi nghiệp", r"vốn vay", r"phát triển kinh tế(?! ?[-–] ?xã hội)", r"lao động nữ", r"dạy nghề", r"đào tạo nghề", r"giảm nghèo",
                             r"người lao động nữ", r"mục tiêu 2\b"],
    "statistics": [r"thống kê", r"số liệu", r"cơ sở dữ liệu", r"tách biệt giới"],
    "budget": [r"kinh phí", r"ngân sách", r"nguồn lực", r"viện trợ", r"dự toán"],
    "inspection": [r"thanh tra", r"kiểm tra", r"giám sát", r"xử lý vi phạm", r"xử lý nghiêm"],
    "reporting": [r"báo cáo", r"sơ kết", r"tổng kết", r"khen thưởng", r"biểu dương"],
}
_THEME_RE = {t: [re.compile(("" if k.startswith("^") else r"(?<!\w)") + tone_normalise(k)) for k in ks] for t, ks in THEME_RULES.items()}


def suggest_themes(text: str, known: set, limit: int = 3) -> list[str]:
    low = tone_normalise(text.lower())
    scored = []
    for i, (theme, pats) in enumerate(_THEME_RE.items()):
        if theme not in known:
            continue
        hits = [m.start() for p in pats for m in p.finditer(low)]
        if hits:
            scored.append((-len(hits), min(hits), i, theme))
    scored.sort()
    return [t for *_, t in scored[:limit]]


# ----------------------------------------------------------------------------------------------
# Dates and documents
# ----------------------------------------------------------------------------------------------

DATE_SLASH = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
DATE_WORDS = re.compile(r"(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})")
DOC_KINDS = r"(Công văn|công văn|Quyết định|quyết định|Nghị quyết|nghị quyết|Chỉ thị|chỉ thị|Thông tư|thông tư|Nghị định|nghị định|Kế hoạch|kế hoạch|Luật|Chương trình|chương trình|Hướng dẫn|hướng dẫn|Văn bản|văn bản|Thông báo|thông báo|Tờ trình|tờ trình)"
DOC_REF = re.compile(DOC_KINDS + r"\s+số\s+")


def iso_date(text: str) -> str | None:
    m = DATE_SLASH.search(text) or DATE_WORDS.search(text)
    if not m:
        return None
    d, mo, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
    import datetime as dt
    try:
        return dt.date(y, mo, d).isoformat()
    except ValueError:
        return None


def legal_bases(preamble: list[str], province_vi: str | None) -> list[dict]:
    """Every document the preamble says the plan implements or is based on (not a Tờ trình)."""
    out = []
    seen = set()
    text = "\n".join(preamble)
    refs = list(DOC_REF.finditer(text))
    for k, m in enumerate(refs):
        end = refs[k + 1].start() if k + 1 < len(refs) else len(text)
        if "\n" in text[m.start():end]:
            end = text.index("\n", m.start())
        seg = text[m.start():end]
        kind = m.group(1)[0].upper() + m.group(1)[1:]
        if kind == "Tờ trình":
            continue
        rest = text[m.end():end]
        num = re.match(r"(\S+(?:\s+[A-ZĐ][A-ZĐ&]*-[\w&/-]+)?)", rest)
        number = num.group(1).rstrip(",;") if num else None
        if number is None or not re.search(r"\d", number) or number in seen:
            continue
        if seg.startswith("(") or text[max(0, m.start() - 1):m.start()] == "(":
            continue  # "(Nghị quyết số 28/NQ-CP)": a back-reference
        seen.add(number)
        after = rest[len(num.group(1)):]
        date = None
        dm = re.search(r"ngày\s+(\d{1,2}/\d{1,2}/\d{4}|\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4})", after)
        if dm:
            date = iso_date(dm.group(1))
        issuer = None
        im = re.search(r"\bcủa\s+(.+?)(?=\s+(?:về|V/v|ban hành|phê duyệt|quy định|hướng dẫn|ngày)\b|[;,(]|\.\s|$)", after)
        if im:
            issuer = im.group(1).strip()
            if province_vi and re.fullmatch(r"(UBND|Ủy ban nhân dân|Uỷ ban nhân dân) tỉnh", issuer):
                issuer = f"{issuer} {province_vi}"
        title = None
        tm = re.search(r"((?:về|V/v|ban hành|phê duyệt|quy định|hướng dẫn)\b.*)", after)
        if tm:
            title = tm.group(1)
            title = re.split(r"\s*\(|\s+của\s+(?=Bộ|Ủy ban|Uỷ ban|UBND|Thủ tướng|Chính phủ|Ban)|[;]|\.\s|\s+-\s+gửi", title)[0]
            title = re.sub(r"\s+(và|,)$", "", title.strip(" ,.;")).strip(" ,")
            if issuer is None:
                im2 = re.search(r"\s+của\s+(.+?)(?=\s+và\s+|[;,(]|\.\s|$)", after[tm.start():])
                if im2:
                    issuer = im2.group(1).strip()
        out.append({"number": number, "type": kind, "date": date, "issuer": issuer, "title": title or None})
    return out


# ----------------------------------------------------------------------------------------------
# The draft
# ----------------------------------------------------------------------------------------------

@dataclass
class Node:
    label: str | None
    rank: float
    text: str
    children: list = field(default_factory=list)
    heading_task: str | None = None


def _label(text: str) -> tuple[str | None, float, str]:
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


SECTION_KINDS = [("implementation", ["TỔ CHỨC THỰC HIỆN", "PHÂN CÔNG"]), ("purposes", ["MỤC ĐÍCH", "MỤC TIÊU"]),
                 ("scope", ["ĐỐI TƯỢNG", "PHẠM VI"]), ("content", ["NỘI DUNG", "NHIỆM VỤ"]),
                 ("solutions", ["GIẢI PHÁP"]), ("budget", ["KINH PHÍ"]), ("reporting", ["BÁO CÁO"])]


def section_kind(heading: str) -> str:
    h = heading.upper()
    for kind, words in SECTION_KINDS:
        if any(w in h for w in words):
            return kind
    return "other"


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


def _short_title(text: str) -> bool:
    return len(text.split()) <= 20 and ";" not in text and not re.search(r"\.\s", text)


class Draft:
    """Builds the two YAML documents and the REVIEW comments (path -> lines)."""

    def __init__(self, reg: Registry, province: str, agencies: Agencies):
        self.reg = reg
        self.province = province
        self.ag = agencies
        self.comments: dict = {}
        self.review_count = 0
        self.pending_content_tasks: list = []

    def review(self, path, message: str):
        self.comments.setdefault(path, []).append("REVIEW: " + squash(message))
        self.review_count += 1

    # -- items -----------------------------------------------------------------------------
    def tree(self, paras: list[str]) -> tuple[list[str], list[Node]]:
        """(section text, items) of one section's paragraphs, nested by label rank."""
        text: list[str] = []
        root = Node(None, 0, "")
        stack: list[Node] = [root]
        for p in paras:
            label, rank, rest = _label(p)
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

    def item(self, node: Node, parent_ref: str, pos: int, section: dict) -> dict:
        out: dict = {"label": node.label}
        ref = f"{parent_ref}.{path_part(node.label, pos)}"
        kids = node.children
        if kids and len(kids) == 1 and kids[0].label is None and not kids[0].children and node.label and node.rank == 1:
            out["heading"] = node.text  # "2. Yêu cầu" + one paragraph
            out["text"] = kids[0].text
            kids = []
        elif kids and (node.rank == 1 or (_short_title(node.text) and node.label is not None)):
            out["heading"] = node.text
        else:
            head, text = split_heading(node.text, node.label) if not kids else (None, node.text)
            if head:
                out["heading"] = head
            out["text"] = text
        self.content_task(out, ref, section)
        if kids:
            out["items"] = [self.item(k, ref, i + 1, section) for i, k in enumerate(kids)]
        return out

    def content_task(self, item: dict, ref: str, section: dict):
        """An item of a content section that names its own actor ("Các sở, ban, ngành ... chủ động ...")."""
        text = item.get("text") or ""
        if not re.match(r"(Các |Sở |Ban |Hội |Ủy ban |Uỷ ban |UBND |Công an |Văn phòng |Đài |Báo |Liên đoàn |Tỉnh đoàn |Cục |Thống kê |Mặt trận )", text):
            return
        got = self.ag.prefix(text, 24)
        if not got or not got[2] or not got[2][:1].islower():
            return
        ids, _, rest = got
        rest = re.sub(r"^(các cấp|cấp tỉnh|các ngành)\s+", "", rest)
        if not re.match(r"(chủ trì|chủ động|xây dựng|tổ chức|thực hiện|triển khai|có trách nhiệm|chịu trách nhiệm|phối hợp|tham mưu|căn cứ)", rest):
            return
        item["id"] = re.sub(r"[^a-z0-9]+", "-", fold(ref)).strip("-")
        item["ref"] = ref
        item["roles"] = {a: "responsible" for a in ids}
        item["themes"] = suggest_themes(text, set(self.reg.themes)) or ["coordination"]
        item["indicators"] = indicators(text)
        self.pending_content_tasks.append(item)

    # -- blocks ----------------------------------------------------------------------------
    def block_heading(self, text: str) -> tuple[str, list[str] | None, str, str | None]:
        """(name, agencies, mode, task text on the heading line)."""
        mode = "requested" if re.match(r"Đề nghị\b", text, re.I) else "directed"
        prefix = re.match(r"Đề nghị\s+", text, re.I).group(0) if mode == "requested" else ""
        core = text[len(prefix):]
        if ":" in core:
            head, rest = core.split(":", 1)
            ids = self.ag.many(head)
            if ids:
                return prefix + head.strip() + ":", ids, mode, rest.strip() or None
            got = self.ag.prefix(head)
            if got and not rest.strip():
                return text, got[0], mode, None
            if got:
                return prefix + head.strip() + ":", got[0], mode, rest.strip()
        ids = self.ag.many(core)
        if ids:
            return text, ids, mode, None
        got = self.ag.prefix(core)
        if got:
            ids, head, rest = got
            return prefix + head, ids, mode, rest.strip() or None
        return text, None, mode, None

    def blocks(self, nodes: list[Node], number: str, spath: tuple) -> list[dict]:
        blocks = []
        used: set = set()
        for bi, node in enumerate(nodes):
            bpath = spath + ("blocks", bi)
            name, ids, mode, first = self.block_heading(node.text)
            if ids is None:
                self.review(bpath, f"agency not found in the registry for '{name}': placeholder cac-so-nganh; add the agency (or an alias) to registry/agencies.yml and fix `agencies` and the roles")
                ids = ["cac-so-nganh"]
            bid = ids[0]
            k = 2
            while bid in used:
                bid, k = f"{ids[0]}-{k}", k + 1
            used.add(bid)
            bref = f"{number}.{path_part(node.label, bi + 1)}"
            task_nodes = ([Node(None, 0.5, first)] if first else []) + node.children
            if not task_nodes:
                self.review(bpath, "block with no task text: check the source")
                task_nodes = [Node(None, 0.5, name)]
            lead_heading = bool(re.search(r"\bchủ trì\b", name, re.I))
            partners = self.ag.mentioned(name) if lead_heading else []
            tasks = []
            for ti, tn in enumerate(task_nodes):
                part = path_part(tn.label, ti + 1)
                tid = f"{bid}-{re.sub(r'[^a-z0-9]+', '-', fold(part).replace('đ', 'dd')) if part != 'đ' else 'dd'}"
                if tn.label == "đ)":
                    tid = f"{bid}-dd"
                t = {"id": tid, "ref": f"{bref}.{part}", "label": tn.label, "text": tn.text}
                full = " ".join([tn.text] + [c.text for c in tn.children])
                t["roles"] = self.roles(full, ids, lead_heading, partners)
                themes = suggest_themes(full, set(self.reg.themes))
                if not themes:
                    themes = ["coordination"]
                    self.review(bpath + ("tasks", ti, "themes"), "no theme keyword found; 'coordination' is a placeholder")
                t["themes"] = themes
                t["indicators"] = indicators(full)
                if tn.children:
                    t["items"] = [self.item(c, t["ref"], ci + 1, {}) for ci, c in enumerate(tn.children)]
                tasks.append(t)
            blocks.append({"id": bid, "label": node.label, "name": name, "agencies": ids, "mode": mode, "tasks": tasks})
        return blocks

    def roles(self, text: str, ids: list[str], lead_heading: bool, partners: list[str]) -> dict:
        low = text.lower().lstrip()
        if re.match(r"(tiếp tục\s+)?(chủ trì|chịu trách nhiệm)", low):
            own = "lead"
        elif low.startswith("phối hợp"):
            own = "coordinating"
        elif lead_heading:
            own = "lead"
        else:
            own = "responsible"
        roles = {a: own for a in ids}
        others = [a for a in self.ag.mentioned(text) if a not in roles]
        if lead_heading and own == "lead":
            others += [a for a in partners if a not in roles and a not in others]
        for a in others:
            roles[a] = "coordinating" if own in ("lead", "responsible") else "responsible"
        return roles




def indicators(text: str) -> list[str]:
    """NQ 28 indicators named in the text: 'chỉ tiêu 1, 2 của mục tiêu 2' -> M2-CT1, M2-CT2."""
    out = []
    for m in re.finditer(r"((?:các\s+)?chỉ tiêu(?:\s+[\d,\s]+(?:và\s+\d+)?)?(?:\s*\([^)]*\))?(?:\s*,\s*[\d,\s]+(?:và\s+\d+)?)?)\s+của mục tiêu\s+(\d)", text):
        goal = m.group(2)
        nums = re.findall(r"\d+", re.sub(r"\([^)]*\)", "", m.group(1)))
        if nums:
            out += [f"M{goal}-CT{n}" for n in nums]
        else:
            out.append(f"M{goal}")
    seen = []
    for i in out:
        if i not in seen:
            seen.append(i)
    return seen


# ----------------------------------------------------------------------------------------------
# Parse
# ----------------------------------------------------------------------------------------------

@dataclass
class Parsed:
    front: dict
    body: dict
    comments: dict
    reviews: int
    repairs: list
    findings: list


def _provinces_in(text: str, reg: Registry) -> str | None:
    f = fold(text)
    for pid, p in sorted(reg.provinces.items(), key=lambda kv: -len(kv[1]["vi"])):
        if re.search(r"\btinh\s+" + re.escape(fold(p["vi"])) + r"\b", f):
            return pid
    return None


def parse(raw: str, reg: Registry, content: Path, *, province: str | None = None, plan_id: str | None = None,
          pdf_mode: bool = False, source_file: str = "sources/unknown.txt", exclude: Path | None = None) -> Parsed:
    paras, breaks = build_paragraphs(raw, pdf_mode)
    # --- repairs
    lex = rp.corpus_lexicon(content, raw, exclude=exclude)
    repairs, findings = rp.find_repairs([p.text for p in paras], lex, breaks)
    chunks = [squash(" ".join(clean_line(ln) for ln in c.split("\n"))) for c in re.split(r"\n\s*\n", raw)]
    flat = squash(raw)
    kept = []
    for r in repairs:
        if r.find in flat and any(r.find in c for c in chunks):
            kept.append(r)
        else:
            findings.append(rp.Finding(r.find, f"possible repair '{r.replace}' spans a page break; not made"))
    repairs = kept
    fix = lambda s: rp.nfc(rp.apply(s, repairs))  # noqa: E731

    # --- header, doc type, title
    i = 0
    header: list[Para] = []
    while i < len(paras) and not _is_doctype(paras[i].lines[0]):
        header.append(paras[i])
        i += 1
    if i == len(paras):  # no document type line: the first paragraph is the title
        i = 0
        header = []
        doc_type, title_lines, start = None, [paras[0].lines[0]] if paras else [""], 1
    else:
        doc_type = squash(paras[i].lines[0])
        rest = paras[i].lines[1:]
        if rest:
            title_lines, start = rest, i + 1
        else:
            title_lines, start = paras[i + 1].lines if i + 1 < len(paras) else [""], i + 2
    title = fix(squash(" ".join(title_lines)))
    if province is None:
        province = _provinces_in(title, reg) or _provinces_in(" ".join(p.text for p in paras[:start + 3]), reg)
    if province is None or province not in reg.provinces:
        raise ValueError(f"cannot tell the province{f' {province!r}' if province else ''} (see registry/provinces.yml); pass --province")
    pvi = reg.provinces[province]["vi"]
    agencies = Agencies(reg, province)
    d = Draft(reg, province, agencies)

    # --- walk the paragraphs into zones
    preamble: list[str] = []
    sections: list[tuple[str, str, list[str]]] = []  # (number, heading line, paragraphs)
    closing: list[str] = []
    dist_heading = None
    dist: list[str] = []
    dist_stray: list[int] = []
    sign: list[str] = []
    footnotes: list[dict] = []
    zone = "preamble"
    for p in paras[start:]:
        text = fix(p.text)
        fm = FOOTNOTE.match(text)
        if fm:
            footnotes.append({"mark": fm.group(1), "text": fm.group(2)})
            continue
        if zone in ("preamble", "sections") and _is_roman_heading(text):
            m = ROMAN_HEAD.match(text)
            sections.append((m.group(1), m.group(2), []))
            zone = "sections"
            continue
        if text.startswith("Nơi nhận"):
            zone = "end"
            dist_heading = text
            continue
        if zone in ("sections", "closing") and CLOSING.match(text):
            zone = "closing"
        if zone != "end" and SIGN_LINE.match(p.lines[0]) and p.lines[0].upper() == p.lines[0]:
            zone = "end"
        if zone == "preamble":
            preamble.append(text)
        elif zone == "sections":
            sections[-1][2].append(text)
        elif zone == "closing":
            closing.append(text)
        else:
            for line in p.lines:
                line = fix(squash(line))
                if LABEL_BULLET.match(line) or LABEL_PLUS.match(line):
                    if sign:
                        d.review(("body", "distribution"), f"list entry after the signature lines: '{line}'")
                    dist.append(re.sub(r"^[-–+]\s*", "", line))
                elif SIGN_LINE.match(line) and line.upper() == line:
                    sign.append(line)
                elif sign or re.fullmatch(r"[A-ZĐÂĂÊÔƠƯ][\w\u00C0-\u1EF9]*(\s+[A-ZĐÂĂÊÔƠƯ][\w\u00C0-\u1EF9]*){1,5}", line) and not re.search(r"\d", line):
                    sign.append(line)
                else:
                    dist_stray.append(len(dist))
                    dist.append(line)

    # duplicated signer name (printed twice by the extraction)
    if len(sign) >= 2 and sign[-1] == sign[-2] and sign[-1].upper() != sign[-1]:
        dup = f"{sign[-1]} {sign[-1]}"
        raw_dup = next((c for c in chunks if dup in rp.nfc(c)), None)
        if raw_dup is not None:
            find = next((c[k:k + len(dup)] for c in chunks for k in range(len(c)) if rp.nfc(c[k:k + len(dup)]) == dup), dup)
            repairs.append(rp.Repair(find, sign[-1], "signer name printed twice at the end (extraction duplicate); kept once in the signature lines"))
            sign.pop()

    # --- front matter pieces
    number_m = None
    date_m = None
    for hp in header:
        t = fix(hp.text)
        number_m = number_m or re.search(r"Số\s*:\s*(\S+)", t)
        if not date_m and re.search(r"ngày\s+\d", t):
            date_m = iso_date(t)
    kind, y0, y1 = None, None, None
    pm = re.search(r"giai đoạn\s+(\d{4})\s*[-–]\s*(\d{4})", title)
    am = re.search(r"năm\s+(\d{4})\b", title)
    if pm:
        kind, y0, y1 = "strategy", int(pm.group(1)), int(pm.group(2))
    elif am:
        kind, y0, y1 = "annual", int(am.group(1)), int(am.group(1))
    if plan_id:
        pm2 = re.fullmatch(r"(\d{4})(?:-(\d{4}))?", plan_id)
        if not pm2:
            raise ValueError(f"plan id {plan_id!r} is not a year (2025) or a period (2021-2030)")
        k2 = "strategy" if pm2.group(2) else "annual"
        p0, p1 = int(pm2.group(1)), int(pm2.group(2) or pm2.group(1))
        if kind and (k2, p0, p1) != (kind, y0, y1):
            d.review(("front", "plan_id"), f"--plan-id {plan_id} differs from the title's period ({y0}–{y1}); using --plan-id")
        kind, y0, y1 = k2, p0, p1
    if kind is None:
        years = [int(y) for y in re.findall(r"\b(20\d\d)\b", " ".join([title] + preamble))]
        y0 = y1 = max(years) if years else 2000
        kind = "annual"
        d.review(("front", "period"), "the title names no year or period: guessed from the latest year in the preamble; pass --plan-id")
    plan_id = str(y0) if kind == "annual" else f"{y0}-{y1}"

    # --- sections
    body_sections = []
    for number, heading_line, sparas in sections:
        spath = ("body", "sections", len(body_sections))
        heading, first_text = heading_line, None
        if ":" in heading_line:
            h, rest = heading_line.split(":", 1)
            if rest.strip():
                heading, first_text = h.strip() + ":", rest.strip()
        kind_s = section_kind(heading)
        sec: dict = {"number": number, "kind": kind_s, "heading": heading}
        stext, nodes = d.tree(([first_text] if first_text else []) + sparas)
        if kind_s == "implementation":
            if stext:
                sec["text"] = stext
            good = [n for n in nodes if n.label and n.rank == 1]
            if len(good) != len(nodes):
                d.review(spath, "paragraphs in the implementation section that are not numbered agency blocks were taken as blocks too")
            sec["blocks"] = d.blocks(nodes, number, spath)
        else:
            if stext:
                sec["text"] = stext
            if nodes:
                sec["items"] = [d.item(n, number, k + 1, sec) for k, n in enumerate(nodes)]
        body_sections.append(sec)
    if not body_sections:
        raise ValueError("no numbered sections (I., II., ...) found: is this a plan?")
    if not any(s["kind"] == "implementation" for s in body_sections):
        d.review(("body", "sections"), "no implementation section (TỔ CHỨC THỰC HIỆN) found: no agency blocks")
    blocks = [b for s in body_sections for b in s.get("blocks") or []]
    all_tasks = [(s, b, t) for s in body_sections for b in s.get("blocks") or [] for t in b["tasks"]]

    # --- lead agency
    lead = blocks[0]["agencies"][0] if blocks else "ubnd-tinh"
    lead_where = None
    for s, b, t in all_tasks:
        if t["roles"].get(lead) == "lead":
            lead_where = t["ref"]
            break
    if not blocks:
        d.review(("front", "lead_agency"), "no agency blocks: ubnd-tinh is a placeholder")
    elif lead_where is None:
        d.review(("front", "lead_agency"), "the first block's agency is taken as the lead agency, but no task of it says 'chủ trì'")

    # --- proposal
    proposal = None
    pre = " ".join(preamble)
    pr = re.search(r"theo đề nghị của\s+(.+?)\s+tại\s+(Tờ trình\s+số\s+[^\s,;]+)(?:\s+ngày\s+(\d{1,2}/\d{1,2}/\d{4}|\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}))?", pre, re.I)
    if pr:
        aid = agencies.one(pr.group(1))
        if aid:
            proposal = {"agency": aid, "submission": pr.group(2), "date": iso_date(pr.group(3)) if pr.group(3) else None}
        else:
            d.review(("front", "proposal"), f"proposing agency '{pr.group(1)}' is not in the registry; proposal left null")
    elif re.search(r"đề nghị của", pre, re.I):
        d.review(("front", "proposal"), "the preamble mentions a proposal ('đề nghị của') the importer could not read")

    # --- legal bases
    lb = legal_bases(preamble, pvi)
    for k, basis in enumerate(lb):
        missing = [f for f in ("date", "issuer", "title") if not basis.get(f)]
        if missing:
            d.review(("front", "legal_bases", k), f"could not read {', '.join(missing)} of {basis['type']} số {basis['number']}")
    if not lb:
        d.review(("front", "legal_bases"), "no legal basis found in the preamble")

    # --- signer
    name = None
    sig_title = None
    authority = []
    for line in sign:
        if line.upper() == line:
            if line.startswith(("KT.", "TM.", "Q.", "TL.")):
                authority.append(_cap_title(line))
            else:
                sig_title = _cap_title(line)
        else:
            name = line
    if name is None:
        d.review(("front", "signer"), "no signer name found")
    signer = {"name": name, "title": sig_title, "authority": ", ".join(authority) or None}

    # --- reporting: deadlines and recipient
    paragraphs_with_refs = _paragraph_refs(body_sections, closing)
    deadlines = []
    recipient, via, recipient_where = None, None, None
    for ref, text in paragraphs_with_refs:
        for dl in _deadlines(text):
            if dl["due"] not in [x["due"] for x in deadlines]:
                deadlines.append({**dl, "where": ref})
    for ref, text in sorted(paragraphs_with_refs, key=lambda rt: (not rt[0].startswith(_reporting_numbers(body_sections)), 0)):
        m = re.search(r"((?:Ủy ban nhân dân|Uỷ ban nhân dân|UBND)\s+tỉnh\s*\(?\s*(?:thông qua|qua)\s+([^)]+?)\s*(?:\)|để|$|;|,))", text)
        m2 = re.search(r"(?:gửi về|về)\s+((Sở[^()]+?)\s*(?:\([^)]*\))?)\s+(?:để|theo)", text)
        if m and "báo cáo" in text.lower():
            aid = agencies.one(m.group(2)) or agencies.prefix(m.group(2), 12) and agencies.prefix(m.group(2), 12)[0][0]
            if aid:
                recipient, via, recipient_where = aid, m.group(1).rstrip(" ,;").removesuffix(" để"), ref
                break
        if m2 and "báo cáo" in text.lower():
            got = agencies.prefix(m2.group(2), 12)
            if got:
                recipient, via, recipient_where = got[0][0], m2.group(1).strip(), ref
                break
    if via and via.count("(") > via.count(")"):
        via += ")"
    if not deadlines:
        d.review(("body", "reporting"), "no reporting deadline ('trước ngày dd/mm') found")
    if recipient is None:
        d.review(("body", "reporting"), "no report recipient found")

    # --- key roles
    def first_task(pred):
        for s, b, t in all_tasks:
            if pred(s, b, t):
                return t["ref"]
        return None
    key_roles = {
        "proposer": {"agency": proposal["agency"], "where": "preamble"} if proposal else None,
        "lead": {"agency": lead, "where": lead_where} if blocks else None,
        "report_recipient": {"agency": recipient, "where": recipient_where} if recipient else None,
        "committee_standing_body": None,
        "action_month": None,
        "inspection": None,
        "statistics": None,
    }
    for ref, text in paragraphs_with_refs:
        m = re.search(r"([^(;,]+?)\s*\(\s*[Cc]ơ quan thường trực (?:của )?Ban", text)
        if m:
            got = agencies.prefix(re.sub(r"^.*?\b(?=Sở)", "", m.group(1)), 12)
            if got:
                key_roles["committee_standing_body"] = {"agency": got[0][0], "where": ref}
                break
    for role, theme in (("action_month", "action-month"), ("inspection", "inspection")):
        where = first_task(lambda s, b, t, th=theme: th in t["themes"] and t["roles"].get(lead) in ("lead", "responsible"))
        if where:
            key_roles[role] = {"agency": lead, "where": where}
    for s, b, t in all_tasks:
        if "statistics" in t["themes"] and any(r == "lead" for r in t["roles"].values()) and re.search(r"thống kê", t["text"]):
            key_roles["statistics"] = {"agency": next(a for a, r in t["roles"].items() if r == "lead"), "where": t["ref"]}
            break
    d.review(("front", "key_roles"), "derived by keyword rules (lead = first block; action month, inspection, statistics = first matching task): check each")

    # --- agencies that did not exist on the plan's date (or 1 January, the date being unknown)
    import datetime as dt
    when = dt.date.fromisoformat(date_m) if date_m else dt.date(y0, 1, 1)
    for si, sec in enumerate(body_sections):
        for bi, blk in enumerate(sec.get("blocks") or []):
            names = list(dict.fromkeys(blk["agencies"] + [a for t in blk["tasks"] for a in t["roles"]]))
            for aid in names:
                a = reg.agencies.get(aid) or {}
                vf, vt = a.get("valid_from"), a.get("valid_to")
                if (vf and when < dt.date.fromisoformat(vf)) or (vt and when > dt.date.fromisoformat(vt)):
                    d.review(("body", "sections", si, "blocks", bi),
                             f"{aid} existed from {vf or '…'} to {vt or '…'}, not on {when}{'' if date_m else ' (1 January: the issue date is unknown)'}: set document.date, or check the name")

    # --- distribution and stray lines
    for k in dist_stray:
        d.review(("body", "distribution", "entries", k), f"line '{dist[k]}' stands between the list and the signature (a page number or copy count?); kept as printed")

    # --- repairs and findings
    for f in findings:
        d.review(("front", "repairs"), f"unsure, NOT repaired: {rp.nfc(f.text)!r}: {f.note}")
    body_text = " ".join(preamble + [t for _, t in paragraphs_with_refs] + [s["heading"] for s in body_sections]
                         + [b["name"] for b in blocks])
    left = [w for w in rp.leftovers(body_text) if w not in {rp.nfc(f.text) for f in findings}]
    if left:
        d.review(("front", "repairs"), f"words that still look damaged: {', '.join(sorted(set(left))[:12])}")
    stray = sorted({m.group(1) for m in re.finditer(r"(?<![\w/])([bcdđghklmnpqrstvx]{2,4})(?![\w/])", body_text)
                    if not lex.known_trusted(m.group(1))})
    if stray:
        d.review(("front", "notes"), f"letters that are not a word, kept as printed (extraction artefact?): {', '.join(stray)}")

    number_source = {"kind": "text", "note": None, "url": None} if number_m or date_m else \
        {"kind": "unknown", "note": "The source text prints no document number or date.", "url": None}
    if not (number_m and date_m):
        d.review(("front", "document"), "number/date not printed in the source: look them up (e.g. the province's portal) and set number_source to reported, with the url")
    if doc_type is None:
        d.review(("front", "document", "type"), "no document-type line (KẾ HOẠCH) found: 'KẾ HOẠCH' assumed")
    issuing = f"Ủy ban nhân dân tỉnh {pvi}"
    if not re.search(r"(Ủy ban nhân dân|Uỷ ban nhân dân|UBND)(\s*\(UBND\))?\s+tỉnh", pre + " " + " ".join(sign), re.I) and not any("ỦY BAN NHÂN DÂN" in s.upper() for s in sign):
        d.review(("front", "issuing_body"), "the text does not say who issues the plan: the provincial People's Committee is assumed")
    front = {
        "format": "plansite/plan/1",
        "province": province,
        "plan_id": plan_id,
        "kind": kind,
        "period": {"from": y0, "to": y1},
        "title": title,
        "document": {"type": doc_type or "KẾ HOẠCH", "number": number_m.group(1).rstrip(".,;") if number_m else None,
                     "date": date_m, "number_source": number_source},
        "issuing_body": issuing,
        "signer": signer,
        "lead_agency": lead,
        "proposal": proposal,
        "legal_bases": lb,
        "key_roles": key_roles,
        "source": {"file": source_file, "seed": None, "url": None},
        "repairs": [{"find": r.find, "replace": r.replace, "note": r.note} for r in repairs],
        "notes": ["Draft made by `plansite import`: themes, roles and key roles are keyword suggestions; resolve the REVIEW comments."],
    }
    if header:
        front["notes"].append("Letterhead lines before the document type are not kept in the body (the format has no place for them): "
                              + " | ".join(fix(h.text) for h in header))
    body: dict = {"preamble": preamble, "sections": body_sections}
    if closing:
        body["closing"] = closing
    if dist_heading or dist:
        body["distribution"] = {"heading": dist_heading or "Nơi nhận:", "entries": dist}
    if sign:
        body["signature"] = {"lines": sign}
    if footnotes:
        body["footnotes"] = footnotes
    body["reporting"] = {"recipient": recipient, "via": via, "deadlines": deadlines}
    if not preamble:
        del body["preamble"]
    return Parsed(front, body, d.comments, d.review_count, repairs, findings)


def _cap_title(line: str) -> str:
    """'KT. CHỦ TỊCH' -> 'KT. Chủ tịch'; 'TM. ỦY BAN NHÂN DÂN' -> 'TM. Ủy ban nhân dân'."""
    m = re.match(r"^((?:KT|TM|Q|TL)\.\s*)?(.*)$", line)
    pre, rest = m.group(1) or "", m.group(2).lower()
    rest = rest.replace("chủ tịch", "Chủ tịch")
    rest = rest[:1].upper() + rest[1:]
    return pre + rest


def _reporting_numbers(sections) -> tuple:
    return tuple(s["number"] for s in sections if s["kind"] == "reporting") or ("\0",)


def _paragraph_refs(sections, closing) -> list[tuple[str, str]]:
    out = []

    def items(its, parent):
        for k, it in enumerate(its):
            ref = f"{parent}.{path_part(it.get('label'), k + 1)}"
            out.append((ref, " ".join(x for x in (it.get("heading"), it.get("text")) if x)))
            items(it.get("items") or [], ref)
    for s in sections:
        for t in s.get("text") or []:
            out.append((s["number"], t))
        items(s.get("items") or [], s["number"])
        for k, b in enumerate(s.get("blocks") or []):
            bref = f"{s['number']}.{path_part(b.get('label'), k + 1)}"
            items(b["tasks"], bref)
    out += [("closing", c) for c in closing]
    return out


def _deadlines(text: str) -> list[dict]:
    """'báo cáo 6 tháng gửi trước ngày 10/6 và báo cáo năm ...' -> [{report, due}]."""
    out = []
    if "trước" not in text:
        return out
    prev_end = 0
    for m in re.finditer(r"trước\s+(?:ngày\s+)?(\d{1,2}/\d{1,2}(?:/\d{4})?)", text):
        due = m.group(1)
        before = text[prev_end:m.start()]
        after = text[m.end():]
        prev_end = m.end()
        fwd = re.match(r"\s*đối với\s+(báo cáo[^,;.]*?)(?=\s+và\b|[,;.)]|\s+cho\b|$)", after)
        backs = list(re.finditer(r"báo cáo", before, re.I))
        if fwd:
            phrase = fwd.group(1)
        elif backs and len(before[backs[-1].start():].split()) <= 30:
            phrase = before[backs[-1].start():].rstrip(" (")
        else:
            continue
        phrase = re.sub(r"\s+(gửi|nộp)\s*$", "", phrase.strip())
        if re.search(r"\b0?6 tháng", phrase):
            report = re.search(r"(sơ kết\s+)?0?6 tháng", phrase).group(0)
        elif re.search(r"\bquý\b", phrase):
            report = "quý"
        elif re.search(r"tổng kết năm", phrase):
            report = "tổng kết năm"
        elif re.search(r"\bnăm\b", phrase):
            report = "năm"
        else:
            report = phrase
        out.append({"report": report, "due": due})
    return out


# ----------------------------------------------------------------------------------------------
# YAML with comments
# ----------------------------------------------------------------------------------------------

_PLAIN = re.compile(r"^[a-z][a-z0-9-]*(/[a-z0-9-]+)*$")
_YAML11 = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}
_FLOW_LIST_KEYS = {"agencies", "themes", "indicators"}


def q(s) -> str:
    """A scalar as YAML: ids plain, every other string double-quoted (marks and controls escaped)."""
    if s is None:
        return "null"
    if isinstance(s, bool):
        return "true" if s else "false"
    if isinstance(s, int):
        return str(s)
    if _PLAIN.match(s) and s not in _YAML11:
        return s
    out = ['"']
    for ch in s:
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif unicodedata.category(ch) in ("Mn", "Cc", "Cf", "Zl", "Zp") or ch == "\u00a0":
            out.append(f"\\u{ord(ch):04x}" if ord(ch) <= 0xFFFF else f"\\U{ord(ch):08x}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def _flow_map(d: dict) -> str:
    return "{" + ", ".join(f"{k}: {q(v)}" for k, v in d.items()) + "}"


def _scalar(v) -> bool:
    return v is None or isinstance(v, (str, int, bool))


def dump(front: dict, body: dict, comments: dict, header: list[str] | None = None) -> str:
    """The two documents as YAML text in the project's style, with `# ...` comments above keys."""
    out: list[str] = ["# yaml-language-server: $schema=../../../schema/plan.schema.json"]
    out += [f"# {h}" for h in header or []]

    def com(path, indent):
        for c in comments.get(path, []):
            out.append(" " * indent + "# " + c.replace("\n", " "))

    def emit(value, path, indent, key):
        pad = " " * indent
        if isinstance(value, dict):
            if not value:
                out.append(f"{pad}{key}: {{}}")
            elif key in ("roles", "period") or (all(_scalar(v) for v in value.values()) and len(_flow_map(value)) + indent + len(key) < 150
                                                and key not in ("document", "source", "number_source", "distribution", "reporting", "signature", "proposal")):
                out.append(f"{pad}{key}: {_flow_map(value)}")
            else:
                out.append(f"{pad}{key}:")
                mapping(value, path, indent + 2)
        elif isinstance(value, list):
            if not value:
                out.append(f"{pad}{key}: []")
            elif key in _FLOW_LIST_KEYS and all(isinstance(v, str) for v in value):
                out.append(f"{pad}{key}: [{', '.join(q(v) for v in value)}]")
            else:
                out.append(f"{pad}{key}:")
                for i, v in enumerate(value):
                    com(path + (i,), indent + 2)
                    if isinstance(v, dict):
                        if all(_scalar(x) for x in v.values()) and len(_flow_map(v)) + indent < 150 and key in ("repairs", "deadlines", "footnotes"):
                            out.append(f"{pad}  - {_flow_map(v)}")
                        else:
                            first = True
                            for k2, v2 in v.items():
                                com(path + (i, k2), indent + 4)
                                before = len(out)
                                emit(v2, path + (i, k2), indent + 4, k2)
                                if first:
                                    out[before] = f"{pad}  - " + out[before].lstrip()
                                    first = False
                    else:
                        out.append(f"{pad}  - {q(v)}")
        else:
            out.append(f"{pad}{key}: {q(value)}")

    def mapping(d, path, indent):
        for k, v in d.items():
            com(path + (k,), indent)
            emit(v, path + (k,), indent, k)

    com(("front",), 0)
    mapping(front, ("front",), 0)
    out.append("---")
    com(("body",), 0)
    mapping(body, ("body",), 0)
    return "\n".join(out) + "\n"


# ----------------------------------------------------------------------------------------------
# Command
# ----------------------------------------------------------------------------------------------


def _relative_source(path: Path, content: Path) -> str | None:
    try:
        return path.resolve().relative_to(content.resolve()).as_posix()
    except ValueError:
        return None


def draft(path: Path, content: Path, province: str | None = None, plan_id: str | None = None) -> tuple[str, Parsed, str, str]:
    """(YAML text, parsed draft, source text, content-relative source path) for one input file."""
    reg, errors = load_registry(content)
    if reg is None or errors:
        raise ValueError(f"registry errors under {content}: {errors[0].format() if errors else 'unreadable'}")
    if province is not None and province not in reg.provinces:
        raise ValueError(f"unknown province '{province}' (see {content / 'registry/provinces.yml'})")
    if plan_id is not None and not re.fullmatch(r"\d{4}(-\d{4})?", plan_id):
        raise ValueError(f"plan id '{plan_id}' is not a year (2025) or a period (2021-2030)")
    text, kind = read_source(path)
    rel = _relative_source(path, content) if kind == "txt" else None
    # First pass to learn province/plan id (for the source name and the plan excluded from the lexicon).
    pre = parse(text, reg, content, province=province, plan_id=plan_id, pdf_mode=kind == "pdf")
    prov, pid = pre.front["province"], pre.front["plan_id"]
    src = rel or f"sources/{prov}-{pid}.txt"
    exclude = content / "plans" / prov / f"{pid}.yml"
    parsed = parse(text, reg, content, province=province, plan_id=plan_id, pdf_mode=kind == "pdf",
                   source_file=src, exclude=exclude)
    if rel is None:
        parsed.comments.setdefault(("front", "source", "file"), []).append(
            f"REVIEW: the extracted text of {path.name} is the source: it must be saved as {src} under the content folder")
    header = [f"DRAFT made by `plansite import` from {path.name}. Resolve every '# REVIEW' comment, then delete it.",
              "Texts are the source's wording (extraction debris dropped, repairs listed in `repairs`)."]
    return dump(parsed.front, parsed.body, parsed.comments, header), parsed, text, src


def import_file(path: Path, province: str | None, plan_id: str | None, content: Path, out: Path | None) -> int:
    """`plansite import`: write the draft to `out` (or stdout); save a .docx/.pdf's extracted text as the source."""
    if not path.is_file():
        print(f"plansite: error: {path}: no such file", file=sys.stderr)
        return 1
    if path.suffix.lower() not in (".txt", ".md", ".docx", ".pdf", ""):
        print(f"plansite: error: {path}: unsupported file type '{path.suffix}' (use .txt, .docx or .pdf)", file=sys.stderr)
        return 1
    try:
        yaml_text, parsed, source_text, src = draft(path, content, province, plan_id)
    except ValueError as exc:
        print(f"plansite: error: {exc}", file=sys.stderr)
        return 1
    if out is None:
        sys.stdout.write(yaml_text)
    else:
        target = content / src
        if not inside(target, content / "sources"):  # the name comes from the text: it may not reach out
            print(f"plansite: error: {src}: the source would be saved outside {content / 'sources'}", file=sys.stderr)
            return 1
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(source_text, encoding="utf-8")
            print(f"plansite: saved the source text as {target}", file=sys.stderr)
        elif target.read_text(encoding="utf-8", errors="replace") != source_text:
            print(f"plansite: warning: {target} exists with other text; not overwritten (the repairs may not match it)", file=sys.stderr)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(yaml_text, encoding="utf-8")
        from .validate import check_file
        reg, _ = load_registry(content)
        plan, diags = check_file(out, content, reg)
        n_err = sum(dg.severity == "error" for dg in diags)
        for dg in diags:
            print(dg.format(), file=sys.stderr)
        print(f"plansite: wrote {out}: {len(parsed.front['repairs'])} repairs, {parsed.reviews} REVIEW comments; "
              f"validate: {'ok' if not n_err else f'{n_err} errors'}", file=sys.stderr)
    return 0
