"""The front matter a plan text states: province, number and date, period, proposer, legal bases,
signer, reporting deadlines and recipient, key roles, issuing body. Each reader says what it could
not read through `review(path, message)`."""
from __future__ import annotations

import datetime as dt
import re

from ...model import path_part
from ...registry import Registry
from ...text import fold, squash
from .agencies import Agencies
from .head import attached_line
from .paragraphs import Review

DATE_SLASH = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
DATE_WORDS = re.compile(r"(\d{1,2})\s+tháng\s+(\d{1,2})\s*,?\s+năm\s+(\d{4})", re.I)
_DATE = r"\d{1,2}/\d{1,2}/\d{4}|\d{1,2}\s+[Tt][Hh][Áá][Nn][Gg]\s+\d{1,2}\s+[Nn][Ăă][Mm]\s+\d{4}"
DOC_KINDS = r"(Công văn|công văn|Quyết định|quyết định|Nghị quyết|nghị quyết|Chỉ thị|chỉ thị|Thông tư|thông tư|Nghị định|nghị định|Kế hoạch|kế hoạch|Luật|Chương trình|chương trình|Hướng dẫn|hướng dẫn|Văn bản|văn bản|Thông báo|thông báo|Tờ trình|tờ trình)"
DOC_REF = re.compile(DOC_KINDS + r"\s+(?:số\s+|(?=\d+[\w&.-]*/[\w&]))")  # 'Kế hoạch 834/KH-UBND': 'số' left out
_LAW = re.compile(r"\b[Cc]ăn cứ\s+(Luật\s+(?!số\b).+?)\s+ngày\s+(" + r"\d{1,2}/\d{1,2}/\d{4}|\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}" + ")")
# 'Theo đề nghị của Giám đốc Sở X tại Tờ trình số N ngày D' (also 'xét đề nghị', 'ngày' left out).
_PROPOSAL = re.compile(rf"(?:theo|xét)\s+đề\s+nghị\s+của\s+(.+?)\s+tại\s+(Tờ\s+trình\s+số\s+[^\s,;]+)(?:\s+(?:ngày\s+)?({_DATE}))?", re.I)
_OFFICE = re.compile(r"^(Giám đốc|Thủ trưởng|Trưởng ban|Chánh Văn phòng|Chánh văn phòng|Chủ tịch)\s+", re.I)
_VIA_UBND = re.compile(r"((?:Ủy ban nhân dân|Uỷ ban nhân dân|UBND)\s+tỉnh\s*\(?\s*(?:thông qua|qua)\s+([^)]+?)\s*(?:\)|để|$|;|,))")
_SENT_TO = re.compile(r"(?:gửi về|về)\s+((Sở[^()]+?)\s*(?:\([^)]*\))?)\s+(?:để|theo)")
_STANDING_BODY = re.compile(r"([^(;,]+?)\s*\(\s*[Cc]ơ quan thường trực (?:của )?Ban")


def iso_date(text: str) -> str | None:
    m = DATE_SLASH.search(text) or DATE_WORDS.search(text)
    if not m:
        return None
    d, mo, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
    try:
        return dt.date(y, mo, d).isoformat()
    except ValueError:
        return None


def province_in(text: str, reg: Registry) -> str | None:
    """The province a text names as 'tỉnh <name>' (the longest name first)."""
    f = fold(text)
    for pid, p in sorted(reg.provinces.items(), key=lambda kv: -len(kv[1]["vi"])):
        if re.search(r"\btinh\s+" + re.escape(fold(p["vi"])) + r"\b", f):
            return pid
    return None


def letterhead_meta(lines: list[str]) -> tuple[str | None, str | None, str | None]:
    """(number, ISO date, place) the letterhead prints: 'Số: 123/KH-UBND' (any case), 'Gia Lai, ngày
    29 tháng 4 năm 2025' (a date split over two printed lines is one letterhead line by then)."""
    number = date = place = None
    for t in lines:
        m = re.search(r"(?:^|\s)số\s*:\s*(\S+)", t, re.I) or re.search(r"^số\s+(\d+[\w.&-]*/[\w.&/-]+)", t, re.I)
        if m and number is None and re.search(r"\d", m.group(1)):  # 'Số: /KH-UBND' (a draft's blank number) is none
            number = m.group(1).rstrip(".,;")
        dm = re.search(r"^(?:(.+?),\s*)?ngày\s+\d", t, re.I)
        if dm and date is None:
            date = iso_date(t)
            place = dm.group(1).strip() if dm.group(1) and date else None
    return number, date, place


def attached_to(preamble: list[str]) -> tuple[str | None, str | None, str] | None:
    """(number, ISO date, the line) of the decision a plan's '(Ban hành kèm theo Quyết định số N ngày D ...)' names."""
    for p in preamble[:3]:
        m = re.match(r"\(\s*(?:ban hành\s+)?kèm theo\s+quyết định\s+(?:số\s+)?(\S+)?(?:\s+ngày\s+(" + _DATE + r"))?", p, re.I)
        if m:
            number = m.group(1).rstrip(".,;)") if m.group(1) and re.search(r"\d", m.group(1)) else None
            return number, iso_date(m.group(2)) if m.group(2) else None, p
    return None


# ----------------------------------------------------------------------------------------------
# Period
# ----------------------------------------------------------------------------------------------

_SPAN = re.compile(r"\b(?:giai doan|thoi ky)\s+(?:tu\s+)?(?:nam\s+)?(\d{4})\s*(?:-|–|—|den)\s*(?:nam\s+)?(\d{4})\b")
_YEAR = re.compile(r"\bnam\s+(\d{4})\b(?!\s*[-–—]\s*\d{4})")
# The preamble's own sentence: '... Ủy ban nhân dân tỉnh ban hành Kế hoạch ... năm 2025, cụ thể như sau:'
_OWN_PLAN = re.compile(r"(?<!cua )(?:uy ban nhan dan|ubnd)(?:\s*\(ubnd\))?\s+tinh[^;:]{0,40}?\b(?:ban hanh|xay dung)\s+"
                       r"(?:ke hoach|chuong trinh)\b((?:(?!uy ban nhan dan|ubnd)[^:;]){0,260})")


_BARE_SPAN = re.compile(r"(?<![/\d])(20\d\d)\s*(?:-|–|—)\s*(20\d\d)\b")


def period_in(text: str) -> tuple[str, int, int] | None:
    """(kind, from, to) a text names, case-insensitively: 'GIAI ĐOẠN 2021 - 2030', 'năm 2025', 'NĂM 2025',
    'NĂM 2021 - 2025'."""
    f = fold(text)
    m = _SPAN.search(f)
    if m:
        return "strategy", int(m.group(1)), int(m.group(2))
    m = _YEAR.search(f)
    if m:
        return "annual", int(m.group(1)), int(m.group(1))
    m = next((b for b in _BARE_SPAN.finditer(f) if int(b.group(1)) < int(b.group(2))), None)
    if m:
        return "strategy", int(m.group(1)), int(m.group(2))
    return None


def stated_period(preamble: list[str]) -> tuple[tuple[str, int, int], str] | None:
    """The period the preamble's own sentence gives the plan ('UBND tỉnh ban hành Kế hoạch ... năm 2025'),
    and that sentence; the legal bases' periods are not the plan's."""
    for para in reversed(preamble):
        ms = list(_OWN_PLAN.finditer(fold(para)))
        for m in reversed(ms):
            got = period_in(para[m.start(1):m.end(1)])
            if got:
                return got, para[m.start():m.end()]
    return None


def period(title: str, plan_id: str | None, preamble: list[str], review: Review, *, date: str | None = None,
           also: list[str] | None = None) -> tuple[str, int, int, str]:
    """(kind, from, to, plan id): from the title, else --plan-id, else the preamble's own sentence, else
    the preamble's latest year. Cross-checked with the preamble's sentence, the decision's (`also`) and
    the document date; a disagreement is a REVIEW."""
    got = period_in(title)
    stated = stated_period(preamble)
    for text in also or []:
        other = period_in(text)
        if got and other and other != got:
            review(("front", "period"), f"the title names {_show(got)}, the decision '{squash(text)[:90]}' {_show(other)}: check the period")
    if got and stated and stated[0] != got:
        review(("front", "period"), f"the title names {_show(got)}, the preamble ('{stated[1][:100]}') {_show(stated[0])}: check the period")
    kind, y0, y1 = got if got else (None, None, None)
    if plan_id:
        pm2 = re.fullmatch(r"(\d{4})(?:-(\d{4}))?", plan_id)
        if not pm2:
            raise ValueError(f"plan id {plan_id!r} is not a year (2025) or a period (2021-2030)")
        k2 = "strategy" if pm2.group(2) else "annual"
        p0, p1 = int(pm2.group(1)), int(pm2.group(2) or pm2.group(1))
        if kind and (k2, p0, p1) != (kind, y0, y1):
            review(("front", "plan_id"), f"--plan-id {plan_id} differs from the title's period ({y0}–{y1}); using --plan-id")
        kind, y0, y1 = k2, p0, p1
    if kind is None and stated:
        kind, y0, y1 = stated[0]
        review(("front", "period"), f"the title names no year or period: taken from the preamble ('{stated[1][:100]}'); check it")
    if kind is None:
        years = [int(y) for y in re.findall(r"\b(20\d\d)\b", " ".join([title] + preamble))]
        y0 = y1 = max(years) if years else 2000
        kind = "annual"
        review(("front", "period"), "the title names no year or period: guessed from the latest year in the preamble; pass --plan-id")
    if date and kind == "annual" and abs(int(date[:4]) - y0) > 1:
        review(("front", "period"), f"the plan's year {y0} is more than a year from its date {date}: check the period and the date")
    if date and kind == "strategy" and not (y0 - 1 <= int(date[:4]) <= y1):
        review(("front", "period"), f"the period {y0}–{y1} does not contain the plan's date {date}: check the period and the date")
    return kind, y0, y1, (str(y0) if kind == "annual" else f"{y0}-{y1}")


def _show(p: tuple[str, int, int]) -> str:
    return f"the year {p[1]}" if p[0] == "annual" else f"the period {p[1]}–{p[2]}"


def lead_agency(blocks: list[dict], tasks: list[dict], review: Review) -> tuple[str, str | None]:
    """(lead agency, the first task where it leads): the first block's agency."""
    lead = blocks[0]["agencies"][0] if blocks else "ubnd-tinh"
    where = next((t["ref"] for t in tasks if t["roles"].get(lead) == "lead"), None)
    if not blocks:
        review(("front", "lead_agency"), "no agency blocks: ubnd-tinh is a placeholder")
    elif where is None:
        review(("front", "lead_agency"), "the first block's agency is taken as the lead agency, but no task of it says 'chủ trì'")
    return lead, where


def proposal(preamble: str, agencies: Agencies, review: Review, path: tuple = ("front", "proposal")) -> dict | None:
    """'Theo đề nghị của [Giám đốc] Sở X tại Tờ trình số N [ngày] D' -> {agency, submission, date}."""
    pr = _PROPOSAL.search(squash(preamble))
    if pr:
        name = _OFFICE.sub("", pr.group(1).strip())
        aid = agencies.one(name) or agencies.one(pr.group(1))
        if aid:
            sub = squash(pr.group(2)).rstrip(".")
            return {"agency": aid, "submission": sub[:1].upper() + sub[1:], "date": iso_date(pr.group(3)) if pr.group(3) else None}
        review(path, f"proposing agency '{pr.group(1)}' is not in the registry; proposal left null")
    elif re.search(r"đề\s+nghị\s+của", preamble, re.I):
        bare = re.search(r"(?:theo|xét)\s+đề\s+nghị\s+của\s+(.+?)\s*(?:[.,;]|$)", squash(preamble), re.I)
        aid = bare and (agencies.one(_OFFICE.sub("", bare.group(1).strip())) or agencies.one(bare.group(1)))
        if aid:  # 'Theo đề nghị của Giám đốc Sở X.': no submission named
            review(path, f"the proposal ('{bare.group(0)[:90]}') names no submission (Tờ trình): submission and date left null")
            return {"agency": aid, "submission": None, "date": None}
        review(path, "the preamble mentions a proposal ('đề nghị của') the importer could not read")
    return None


# ----------------------------------------------------------------------------------------------
# Legal bases
# ----------------------------------------------------------------------------------------------

def reviewed_legal_bases(preamble: list[str], province_vi: str | None, review: Review) -> list[dict]:
    lb = legal_bases(preamble, province_vi)
    for k, basis in enumerate(lb):
        missing = [f for f in ("date", "issuer", "title") if not basis.get(f)]
        if missing:
            what = f"{basis['type']} số {basis['number']}" if basis["number"] else basis.get("title") or basis["type"]
            review(("front", "legal_bases", k), f"could not read {', '.join(missing)} of {what}")
    if not lb:
        review(("front", "legal_bases"), "no legal basis found in the preamble")
    return lb


def legal_bases(preamble: list[str], province_vi: str | None) -> list[dict]:
    """Every document the preamble says the plan implements or is based on (not a Tờ trình)."""
    out = []
    seen = set()
    text = "\n".join(p for p in preamble if not attached_line(p))
    laws = [(m.start(), {"number": None, "type": "Luật", "date": iso_date(m.group(2)), "issuer": "Quốc hội", "title": m.group(1)})
            for m in _LAW.finditer(text)]  # 'Căn cứ Luật Bình đẳng giới ngày 29 tháng 11 năm 2006': a law has no number here
    refs = list(DOC_REF.finditer(text))
    for k, m in enumerate(refs):
        end = refs[k + 1].start() if k + 1 < len(refs) else len(text)
        if "\n" in text[m.start():end]:
            end = text.index("\n", m.start())
        kind = m.group(1)[0].upper() + m.group(1)[1:]
        if kind == "Tờ trình":
            continue
        rest = text[m.end():end]
        num = re.match(r"(\S+(?:\s+[A-ZĐ][A-ZĐ&]*-[\w&/-]+)?)", rest)
        number = num.group(1).rstrip(",;") if num else None
        if number is None or not re.search(r"\d", number) or number in seen:
            continue
        if text[m.start():end].startswith("(") or text[max(0, m.start() - 1):m.start()] == "(":
            continue  # "(Nghị quyết số 28/NQ-CP)": a back-reference
        seen.add(number)
        out.append((m.start(), {"number": number, "type": kind, **_basis_details(rest[len(num.group(1)):], province_vi)}))
    return [b for _, b in sorted(out + laws, key=lambda pb: pb[0])]


def _basis_details(after: str, province_vi: str | None) -> dict:
    """{date, issuer, title} of a legal basis from the words after its number."""
    date = None
    dm = re.search(rf"ngày\s+({_DATE})", after)
    if dm:
        date = iso_date(dm.group(1))
    issuer = None
    im = re.search(r"\bcủa\s+(.+?)(?=\s+(?:về|V/v|việc|ban hành|phê duyệt|quy định|hướng dẫn|triển khai|thực hiện|ngày)\b|[;,(]|\.\s|$)", after)
    if im:
        issuer = im.group(1).strip()
        if province_vi and re.fullmatch(r"(UBND|Ủy ban nhân dân|Uỷ ban nhân dân) tỉnh", issuer):
            issuer = f"{issuer} {province_vi}"
    title = None
    tm = re.search(r"((?:về|V/v|việc ban hành|ban hành|phê duyệt|quy định|hướng dẫn|triển khai|thực hiện)\b.*)", after)
    if tm:
        title = tm.group(1)
        title = re.split(r"\s*\(|\s+của\s+(?=Bộ|Ủy ban|Uỷ ban|UBND|Thủ tướng|Chính phủ|Ban)|[;]|\.\s|\s+-\s+gửi"
                         r"|\s+và\s+(?:xét|theo)\s+đề\s+nghị|,\s+(?:Ủy ban nhân dân|Uỷ ban nhân dân|UBND)(?:\s+\(UBND\))?\s+tỉnh\b", title)[0]
        title = re.sub(r"\s+(và|,)$", "", title.strip(" ,.;")).strip(" ,")
        if issuer is None:
            im2 = re.search(r"\s+của\s+(.+?)(?=\s+và\s+|[;,(]|\.\s|$)", after[tm.start():])
            if im2:
                issuer = im2.group(1).strip()
    if issuer:
        issuer = re.sub(r"\s+(và|,)$", "", issuer.strip(" ,;"))  # '... Xã hội và' before the next document
    return {"date": date, "issuer": issuer, "title": title or None}


# ----------------------------------------------------------------------------------------------
# Signer
# ----------------------------------------------------------------------------------------------

def signer(sign: list[str], review: Review) -> dict:
    """{name, title, authority} from the signature lines (KT. CHỦ TỊCH / PHÓ CHỦ TỊCH / name), also
    when a web page printed them as table rows ('TM. ỦY BAN NHÂN DÂN | KT. CHỦ TỊCH')."""
    name = None
    title = None
    authority = []
    cells = [squash(c) for line in sign for c in line.split("|") if squash(c)]
    for line in cells:
        if line.startswith("(") or line.startswith("Nơi nhận") or line[:1] in "-+•":
            continue  # '(Đã ký)', '(ký, đóng dấu)'; a distribution cell of the same table row
        if line.upper() == line:
            if line.startswith(("KT.", "TM.", "Q.", "TL.")):
                authority.append(_cap_title(line))
            elif re.search(r"CHỦ TỊCH|GIÁM ĐỐC|TRƯỞNG|ỦY BAN|UỶ BAN|BÍ THƯ", line) or title is None:
                title = _cap_title(line)
            else:
                name = line.title()  # a name printed in capitals
                review(("front", "signer"), f"the signer's name is printed in capitals ('{line}'): check its spelling")
        elif name is None:
            name = line  # the first name: lines after it are no signer
        else:
            review(("front", "signer"), f"line '{line}' after the signer's name '{name}' in the signature: check it")
    if name is None:
        review(("front", "signer"), "no signer name found")
    return {"name": name, "title": title, "authority": ", ".join(authority) or None}


def _cap_title(line: str) -> str:
    """'KT. CHỦ TỊCH' -> 'KT. Chủ tịch'; 'TM. ỦY BAN NHÂN DÂN' -> 'TM. Ủy ban nhân dân'."""
    m = re.match(r"^((?:KT|TM|Q|TL)\.\s*)?(.*)$", line)
    pre, rest = m.group(1) or "", m.group(2).lower()
    rest = rest.replace("chủ tịch", "Chủ tịch")
    rest = rest[:1].upper() + rest[1:]
    return pre + rest


# ----------------------------------------------------------------------------------------------
# Reporting and key roles
# ----------------------------------------------------------------------------------------------

def paragraph_refs(sections: list[dict], closing: list[str]) -> list[tuple[str, str]]:
    """(ref, text) of every paragraph of the body, in order: section texts, items, tasks, closing."""
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


def reporting(refs: list[tuple[str, str]], sections: list[dict], agencies: Agencies, review: Review) -> dict:
    """{recipient, via, deadlines, where (of the recipient)} from the paragraphs on reports."""
    deadlines = []
    for ref, text in refs:
        for dl in _deadlines(text):
            if dl["due"] not in [x["due"] for x in deadlines]:
                deadlines.append({**dl, "where": ref})
    recipient, via, where = _recipient(refs, sections, agencies)
    if via and via.count("(") > via.count(")"):
        via += ")"
    if not deadlines:
        review(("body", "reporting"), "no reporting deadline ('trước ngày dd/mm') found")
    if recipient is None:
        review(("body", "reporting"), "no report recipient found")
    return {"recipient": recipient, "via": via, "deadlines": deadlines, "where": where}


def _recipient(refs, sections, agencies: Agencies) -> tuple[str | None, str | None, str | None]:
    """(agency, as written, where) of the report recipient; the reporting section's paragraphs first."""
    first = tuple(s["number"] for s in sections if s["kind"] == "reporting") or ("\0",)
    for ref, text in sorted(refs, key=lambda rt: (not rt[0].startswith(first), 0)):
        if "báo cáo" not in text.lower():
            continue
        m = _VIA_UBND.search(text)
        if m:
            aid = agencies.one(m.group(2)) or agencies.prefix(m.group(2), 12) and agencies.prefix(m.group(2), 12)[0][0]
            if aid:
                return aid, m.group(1).rstrip(" ,;").removesuffix(" để"), ref
        m2 = _SENT_TO.search(text)
        if m2:
            got = agencies.prefix(m2.group(2), 12)
            if got:
                return got[0][0], m2.group(1).strip(), ref
    return None, None, None


def _deadlines(text: str) -> list[dict]:
    """'báo cáo 6 tháng gửi trước ngày 10/6 và báo cáo năm ...' -> [{report, due}]."""
    out = []
    if "trước" not in text:
        return out
    prev_end = 0
    for m in re.finditer(r"trước\s+(?:ngày\s+)?(\d{1,2}/\d{1,2}(?:/\d{4})?)", text):
        before = text[prev_end:m.start()]
        prev_end = m.end()
        fwd = re.match(r"\s*đối với\s+(báo cáo[^,;.]*?)(?=\s+và\b|[,;.)]|\s+cho\b|$)", text[m.end():])
        backs = list(re.finditer(r"báo cáo", before, re.I))
        if fwd:
            phrase = fwd.group(1)
        elif backs and len(before[backs[-1].start():].split()) <= 30:
            phrase = before[backs[-1].start():].rstrip(" (")
        else:
            continue
        out.append({"report": _report_kind(re.sub(r"\s+(gửi|nộp)\s*$", "", phrase.strip())), "due": m.group(1)})
    return out


def _report_kind(phrase: str) -> str:
    if re.search(r"\b0?6 tháng", phrase):
        return re.search(r"(sơ kết\s+)?0?6 tháng", phrase).group(0)
    if re.search(r"\bquý\b", phrase):
        return "quý"
    if re.search(r"tổng kết năm", phrase):
        return "tổng kết năm"
    if re.search(r"\bnăm\b", phrase):
        return "năm"
    return phrase


def key_roles(tasks: list[dict], refs: list[tuple[str, str]], lead: tuple[str, str | None] | None,
              proposal: dict | None, report: dict, agencies: Agencies, review: Review, proposer_where: str = "preamble") -> dict:
    """The key roles (schema/README.md) by keyword rules; `lead` is None without agency blocks."""
    roles = {
        "proposer": {"agency": proposal["agency"], "where": proposer_where} if proposal else None,
        "lead": {"agency": lead[0], "where": lead[1]} if lead else None,
        "report_recipient": {"agency": report["recipient"], "where": report["where"]} if report["recipient"] else None,
        "committee_standing_body": _standing_body(refs, agencies),
        "action_month": None,
        "inspection": None,
        "statistics": None,
    }
    lead_id = lead[0] if lead else "ubnd-tinh"
    for role, theme in (("action_month", "action-month"), ("inspection", "inspection")):
        where = next((t["ref"] for t in tasks if theme in t["themes"] and t["roles"].get(lead_id) in ("lead", "responsible")), None)
        if where:
            roles[role] = {"agency": lead_id, "where": where}
    for t in tasks:
        if "statistics" in t["themes"] and any(r == "lead" for r in t["roles"].values()) and re.search(r"thống kê", t["text"]):
            roles["statistics"] = {"agency": next(a for a, r in t["roles"].items() if r == "lead"), "where": t["ref"]}
            break
    review(("front", "key_roles"), "derived by keyword rules (lead = first block; action month, inspection, statistics = first matching task): check each")
    return roles


def _standing_body(refs: list[tuple[str, str]], agencies: Agencies) -> dict | None:
    """'Sở X (cơ quan thường trực của Ban ...)': the standing body of the committee."""
    for ref, text in refs:
        m = _STANDING_BODY.search(text)
        if m:
            got = agencies.prefix(re.sub(r"^.*?\b(?=Sở)", "", m.group(1)), 12)
            if got:
                return {"agency": got[0][0], "where": ref}
    return None


# ----------------------------------------------------------------------------------------------
# Dates of agencies, document, issuing body
# ----------------------------------------------------------------------------------------------

def review_agency_dates(sections: list[dict], reg: Registry, date: str | None, year: int, review: Review) -> None:
    """Agencies that did not exist on the plan's date (or 1 January, the date being unknown)."""
    when = dt.date.fromisoformat(date) if date else dt.date(year, 1, 1)
    for si, sec in enumerate(sections):
        for bi, blk in enumerate(sec.get("blocks") or []):
            for aid in dict.fromkeys(blk["agencies"] + [a for t in blk["tasks"] for a in t["roles"]]):
                a = reg.agencies.get(aid) or {}
                vf, vt = a.get("valid_from"), a.get("valid_to")
                if (vf and when < dt.date.fromisoformat(vf)) or (vt and when > dt.date.fromisoformat(vt)):
                    review(("body", "sections", si, "blocks", bi),
                           f"{aid} existed from {vf or '…'} to {vt or '…'}, not on {when}{'' if date else ' (1 January: the issue date is unknown)'}: set document.date, or check the name")


def document(doc_type: str | None, number: str | None, date: str | None, review: Review) -> dict:
    """The `document` mapping; `number` is None when the text prints none."""
    printed = number is not None
    number_source = {"kind": "text", "note": None, "url": None} if printed or date else \
        {"kind": "unknown", "note": "The source text prints no document number or date.", "url": None}
    if not (printed and date):
        review(("front", "document"), "number/date not printed in the source: look them up (e.g. the province's portal) and set number_source to reported, with the url")
    if doc_type is None:
        review(("front", "document", "type"), "no document-type line (KẾ HOẠCH) found: 'KẾ HOẠCH' assumed")
    return {"type": doc_type or "KẾ HOẠCH", "number": number, "date": date, "number_source": number_source}


def issuing_body(province_vi: str, preamble: str, sign: list[str], review: Review) -> str:
    if not re.search(r"(Ủy ban nhân dân|Uỷ ban nhân dân|UBND)(\s*\(UBND\))?\s+tỉnh", preamble + " " + " ".join(sign), re.I) \
            and not any("ỦY BAN NHÂN DÂN" in s.upper() for s in sign):
        review(("front", "issuing_body"), "the text does not say who issues the plan: the provincial People's Committee is assumed")
    return f"Ủy ban nhân dân tỉnh {province_vi}"
