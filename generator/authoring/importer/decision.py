"""A decision that promulgates a plan (Quyết định ... ban hành Kế hoạch ...), printed before the plan:
its type and title, issuer, preamble (Căn cứ ..., Theo đề nghị ...), 'QUYẾT ĐỊNH:', articles
('Điều 1. ...'), Nơi nhận and signature; then the attached plan ('KẾ HOẠCH', its title, '(Ban hành
kèm theo Quyết định số ...)', its body), which the caller drafts as any plan. Read line by line: web
copies print these parts without blank lines, and tables as '|' cells."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ...text import fold, squash
from .head import starts_paragraph
from .paragraphs import Review, clean_line, is_doctype

_RULE = re.compile(r"^\s*[-_=]{3,}\s*$")
_ISSUER = re.compile(r"^(chu tich\s+)?(uy ban nhan dan|ubnd|hoi dong nhan dan)\b")
_OPENER = re.compile(r"^(can cu|theo de nghi|xet de nghi|thuc hien|xet)\b")
_ARTICLE = re.compile(r"^(Điều\s+\d+\s*[.:])\s*(.*)$", re.I)
_SIGN_START = re.compile(r"^(TM\.|KT\.|Q\.|TL\.|PHÓ CHỦ TỊCH|CHỦ TỊCH|GIÁM ĐỐC|PHÓ GIÁM ĐỐC)")
_ENTRY = re.compile(r"^[-–+•]\s*")
_PERSON = re.compile(r"[A-ZĐÂĂÊÔƠƯ\u00C0-\u1EF8][\w\u00C0-\u1EF9]*(\s+[A-ZĐÂĂÊÔƠƯ\u00C0-\u1EF8][\w\u00C0-\u1EF9]*){1,5}")
_PLAIN_START = re.compile(r"[A-ZĐÂĂÊÔƠƯ\u00C0-\u1EF8]")  # a line that starts a new part, not an entry's continuation
_PLAN_TYPES = ("KẾ HOẠCH", "CHƯƠNG TRÌNH", "ĐỀ ÁN")
_PROMULGATES = re.compile(r"\b(ban hanh|phe duyet)\b.*\b(ke hoach|chuong trinh|de an)\b")


@dataclass
class Wrapped:
    """A decision and what surrounds it."""
    header: list[str]  # the printed lines before the decision's type line (the letterhead)
    decision: dict  # body.decision (schema/README.md)
    plan_text: str  # from the attached plan's type line on; '' when our copy ends with the decision
    between: list[str] = field(default_factory=list)  # lines after the signature, before the plan's type


def _cells(lines: list[str]) -> list[str]:
    """Printed lines as cells: '|' separators and rule lines are layout."""
    out = []
    for ln in lines:
        ln = clean_line(ln)
        if _RULE.match(ln):
            continue
        out += [squash(c) for c in ln.split("|") if squash(c)]
    return out


def _is_plan_type(line: str) -> bool:
    s = squash(clean_line(line)).strip(" |")
    return is_doctype(s) and s.rstrip(":").strip() in _PLAN_TYPES


def split_decision(text: str, review: Review) -> Wrapped | None:
    """The decision and the attached plan's text, when the document's first type line is QUYẾT ĐỊNH
    and its title promulgates a plan; None otherwise (the caller reads the text as a plan)."""
    lines = text.split("\n")
    plain = [squash(clean_line(ln)).strip(" |") for ln in lines]
    first = next((k for k, s in enumerate(plain) if s and is_doctype(s)), None)
    if first is None or plain[first].rstrip(":").strip() != "QUYẾT ĐỊNH" or plain[first].endswith(":"):
        return None
    head_k = next((k for k in range(first + 1, len(plain)) if fold(plain[k]).replace(" ", "") in ("quyetdinh:", "quyetdinh")
                   and plain[k].upper() == plain[k]), None)
    if head_k is None:
        return None
    plan_k = next((k for k in range(head_k + 1, len(plain)) if _is_plan_type(plain[k])), None)
    title, issuer, preamble = _opening(_cells(lines[first + 1:head_k]))
    if not title or not _PROMULGATES.search(fold(" ".join(title))):
        return None
    dec: dict = {"type": plain[first], "title": squash(" ".join(title))}
    if issuer:
        dec["issuer"] = issuer
    if preamble:
        dec["preamble"] = preamble
    dec["heading"] = plain[head_k]
    articles, dist_heading, dist, sign, between = _closing(_cells(lines[head_k + 1:plan_k if plan_k is not None else len(lines)]), review)
    if not articles:
        review(("body", "decision"), "no article ('Điều 1. ...') found after 'QUYẾT ĐỊNH:': check the decision")
    dec["articles"] = articles
    if dist_heading or dist:
        dec["distribution"] = {"heading": dist_heading or "Nơi nhận:", "entries": dist}
    if sign:
        dec["signature"] = {"lines": sign}
    plan_text = "\n".join(lines[plan_k:]) if plan_k is not None else ""
    return Wrapped(lines[:first], dec, plan_text, between)


def _opening(cells: list[str]) -> tuple[list[str], str | None, list[str]]:
    """(title lines, issuer, preamble paragraphs) between the decision's type line and 'QUYẾT ĐỊNH:'."""
    title: list[str] = []
    issuer: list[str] = []
    preamble: list[str] = []
    for c in cells:
        f = fold(c)
        if not preamble and _OPENER.match(f) and c[:1].isupper():
            preamble.append(c)
        elif preamble:
            if starts_paragraph(preamble[-1], c):
                preamble.append(c)
            else:
                preamble[-1] = squash(preamble[-1] + " " + c)
        elif issuer or (_ISSUER.match(f) and c.upper() == c and title):
            issuer.append(c)
        else:
            title.append(c)
    return title, squash(" ".join(issuer)) or None, preamble


def _closing(cells: list[str], review: Review) -> tuple[list[dict], str | None, list[str], list[str], list[str]]:
    """(articles, distribution heading, entries, signature lines, lines after the signer) after 'QUYẾT ĐỊNH:'."""
    articles: list[dict] = []
    before: list[str] = []  # lines before 'Điều 1.'
    points = False  # an article's numbered points joined into its one paragraph
    dist_heading = None
    dist: list[str] = []
    sign: list[str] = []
    after: list[str] = []
    zone = "articles"
    signed = False  # the signer's name is read: what follows is no part of the decision, but its list
    for c in cells:
        upper = c.upper() == c
        if fold(c).startswith("noi nhan") and dist_heading is None:
            zone = "dist"  # also after the signature, as a table read column by column prints it
            head, _, rest = c.partition(":")
            dist_heading = head.strip() + ":"
            if rest.strip():
                dist.append(_ENTRY.sub("", rest.strip()))
        elif dist_heading and _ENTRY.match(c) and (zone == "dist" or not signed):
            zone = "dist"  # a list entry, also in a table row beside the signature
            dist.append(_ENTRY.sub("", c))
        elif signed and not (zone == "dist" and dist and (not _PLAIN_START.match(c) or not re.search(r"[;.,]$", dist[-1]))):
            after.append(c)
        elif _SIGN_START.match(c) and upper:
            zone = "sign"
            sign.append(c)
        elif zone == "sign":
            if upper and sign and sign[-1].upper() == sign[-1] and not re.search(r"\w\.$", c):
                sign[-1] = squash(sign[-1] + " " + c)  # 'TM. ỦY BAN NHÂN' / 'DÂN'
            elif upper or c.startswith("(") or _PERSON.fullmatch(c):
                sign.append(c)
                signed = signed or not (upper or c.startswith("("))  # the signer's name ends the decision
            elif dist:
                dist[-1] = squash(dist[-1] + " " + c)
            else:
                sign.append(c)
        elif zone == "dist":
            if sign and not signed and _PERSON.fullmatch(c) and not re.search(r"[\d;:]", c):
                sign.append(c)  # the signer's name, in the table row of the list's last entry
                signed = True
            elif dist:
                dist[-1] = squash(dist[-1] + " " + c)  # '- Bộ Lao động' / 'TBXH;'
            else:
                dist.append(c)
        else:
            m = _ARTICLE.match(c)
            if m:
                articles.append({"label": squash(m.group(1)), "text": squash(" ".join(before + [m.group(2)]))})
                before = []
            elif articles:
                points = points or bool(re.match(r"(\d{1,2}[.)]|[a-zđ]\)|[-–+•])\s", c))
                articles[-1]["text"] = squash(articles[-1]["text"] + " " + c)
            else:
                before.append(c)
    if before:
        review(("body", "decision", "articles"), f"lines between 'QUYẾT ĐỊNH:' and the first article, kept at the start of it: {' | '.join(before)}")
        if articles:
            articles[0]["text"] = squash(" ".join(before) + " " + articles[0]["text"])
    if points:
        review(("body", "decision", "articles"), "an article's numbered points are joined into its one paragraph: check them")
    return articles, dist_heading, dist, sign, after
