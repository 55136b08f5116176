"""Assignment annexes: "who does what" printed as a table after the plan ("PHỤ LỤC" + "PHÂN CÔNG
NHIỆM VỤ ..." + a header row + one row per task), as the .docx reader and web pages print tables:
one paragraph per row, cells joined by " | " (a Markdown table's outer pipes allowed).

`take` lifts such tables out of the text before its zones are split (after the signature they would
read as signature lines); `groups` turns one into agency blocks (rows grouped by their lead-agency
cell, in order of first appearance), which draft.py builds like the numbered blocks of an
implementation section. The columns are known by the header's words, in any order."""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ...text import fold, nfc, squash
from .paragraphs import Para, Review, is_roman_heading, section_kind

# Header words -> column kind, tried in this order ("Thời gian thực hiện" is a deadline, not an
# agency; "Cơ quan phối hợp" names partners, not the lead).
_COLUMNS = [
    ("number", re.compile(r"^(s\s*\.?\s*)?tt$|^so\s+(thu\s+tu|tt)$")),
    ("deadline", re.compile(r"\b(thoi gian|thoi han|tien do|moc thoi gian|thoi diem)\b")),
    ("partners", re.compile(r"\bphoi hop\b")),
    ("agency", re.compile(r"\b(chu tri|co quan|don vi|nganh)\b")),
    ("task", re.compile(r"\b(noi dung|nhiem vu|hoat dong|cong viec|giai phap)\b")),
    ("agency", re.compile(r"\b(thuc hien|trach nhiem|phu trach)\b")),
]
_HEADING = re.compile(r"^(PHỤ LỤC|Phụ lục(\s+(số\s+)?[\dIVX]+)?[.:]?$)")
_GROUP_LABEL = re.compile(r"^([IVXL]+|[A-ZĐ])[.)]?$")
_RULE_CELL = re.compile(r"^:?-{3,}:?$")
# One cell for lead and partners: "Sở Nội vụ (chủ trì); Sở Tư pháp, Sở Y tế (phối hợp)"
# (its separator stays with the lead: no printed mark is lost).
_LEAD_IN_CELL = re.compile(r"^(.+?\(\s*chủ trì\s*\)(?:\s*[;,.–-])?)\s*(\S.*)$", re.I)


def cells(text: str) -> list[str]:
    """The cells of a row: 'a | b | ' -> ['a', 'b', '']; '| a | b |' (Markdown) -> ['a', 'b']."""
    parts = [squash(c) for c in text.split("|")]
    if text.lstrip().startswith("|"):
        parts = parts[1:-1] if text.rstrip().endswith("|") and len(parts) > 2 else parts[1:]
    return parts


def is_row(text: str) -> bool:
    text = text.strip()
    return " | " in text or text.startswith("|") or text.endswith(" |")


def _row_para(p: Para) -> bool:
    """A paragraph holding table rows (its printed lines: its text has lost a last empty cell's '|')."""
    return any(is_row(line) for line in p.lines)


def column_kind(cell: str) -> str:
    f = squash(fold(cell.lower())).strip(" .:()")
    for kind, rx in _COLUMNS:
        if rx.search(f):
            return kind
    return "other"


@dataclass
class Annex:
    """One assignment table: the text around it, its columns and its rows (cells as printed)."""
    lines: list[str]  # the heading, title and header row(s)
    header: list[str]
    kinds: list[str]  # the kind of each column: number, agency, partners, task, deadline, other
    rows: list[list[str]] = field(default_factory=list)
    lead: bool = False  # the agency column says "chủ trì": its agency leads every task
    after: list[str] = field(default_factory=list)  # paragraphs after the table, up to the next annex

    def col(self, kind: str) -> int | None:
        return self.kinds.index(kind) if kind in self.kinds else None


def _header(row: list[str]) -> list[str] | None:
    kinds = [column_kind(c) for c in row]
    return kinds if "agency" in kinds and "task" in kinds else None


def _sub_header(ann: Annex, row: list[str]) -> bool:
    """A second header row ('Chủ trì | Phối hợp' under a merged 'Cơ quan thực hiện'): folded into the
    columns. Its empty cells are those of the first row's cells merged down."""
    named = [(i, column_kind(c)) for i, c in enumerate(row) if c]
    if not named or any(k in ("other", "number") for _, k in named) or not any(k in ("agency", "partners") for _, k in named):
        return False
    at = ann.col("agency")
    if len(row) == len(ann.kinds):  # the same grid: each named cell names its column
        for i, k in named:
            ann.kinds[i], ann.header[i] = k, row[i]
    elif at is not None and len(row) > len(ann.kinds):  # the agency header spans several columns
        span = len(row) - len(ann.kinds) + 1
        ann.kinds[at:at + 1] = [column_kind(c) for c in row[at:at + span]]
        ann.header[at:at + 1] = row[at:at + span]
    elif at is not None:  # only the cells under it printed
        ann.kinds[at:at + 1] = [k for _, k in named]
        ann.header[at:at + 1] = [row[i] for i, _ in named]
    else:
        return False
    return True


def _row_texts(p: Para, fix: Callable[[str], str]) -> tuple[list[str], list[str]]:
    """(the lines before the first row, the rows) of one paragraph: each line holding a '|' starts a
    row, a line without one continues it (a row whose words wrapped, or rows not separated by blank
    lines)."""
    before: list[str] = []
    out: list[str] = []
    for line in p.lines:
        if "|" in line:
            out.append(line)
        elif out:
            out[-1] += " " + line
        else:
            before.append(line)
    return [fix(squash(x)) for x in before], [fix(squash(r)) for r in out]


def take(paras: list[Para], fix: Callable[[str], str], review: Review) -> tuple[list[Para], list[Annex]]:
    """(the paragraphs without the assignment tables, the tables). A table is a run of rows whose
    header names an agency column and a task column, with the "PHỤ LỤC" heading and title before it
    (if printed); after the signature ("Nơi nhận" before it), the paragraphs that follow the table up
    to the next annex are its too. With no implementation section to join, nothing is taken."""
    if not any(is_roman_heading(p.text) and section_kind(fix(p.text).split(":")[0]) == "implementation" for p in paras):
        if any(_row_para(p) and _header(cells(fix(p.lines[0]))) for p in paras):
            review(("body", "sections"), "an assignment table (agency | task rows) was found but no implementation section "
                                         "(TỔ CHỨC THỰC HIỆN) for its blocks: left as printed")
        return paras, []
    keep: list[Para] = []
    annexes: list[Annex] = []
    i, ended = 0, False
    while i < len(paras):
        ended = ended or paras[i].text.startswith("Nơi nhận")
        got = _annex_at(paras, i, fix, ended) if _row_para(paras[i]) or _HEADING.match(nfc(paras[i].text)) else None
        if got is None:
            keep.append(paras[i])
            i += 1
            continue
        ann, i = got
        annexes.append(ann)
    return keep, annexes


def _annex_at(paras: list[Para], i: int, fix, after_signature: bool) -> tuple[Annex, int] | None:
    """The table starting at paragraph i (its heading, or its header row), and the index after it."""
    lines: list[str] = []
    j = i
    if _HEADING.match(fix(paras[i].text)):
        while j < len(paras) and not _row_para(paras[j]) and (j == i or not _HEADING.match(fix(paras[j].text))) and j - i < 6:
            lines.append(fix(paras[j].text))
            j += 1
    if j >= len(paras) or not _row_para(paras[j]):
        return None
    before, rows = _row_texts(paras[j], fix)  # lines before the header row: its heading, or a sentence that runs into it
    kinds = _header(cells(rows[0])) if rows else None
    if kinds is None:
        return None
    ann = Annex(lines + before, cells(rows[0]), kinds)
    ann.lines.append(_plain(ann.header))
    pending = rows[1:]
    j += 1
    while True:
        for r in pending:
            row = cells(r)
            if all(_RULE_CELL.match(c) or not c for c in row):
                continue  # a Markdown rule row: layout
            if not ann.rows and _sub_header(ann, row):
                ann.lines.append(_plain(row))
                continue
            ann.rows.append(row)
        if j < len(paras) and _row_para(paras[j]) and not _row_texts(paras[j], fix)[0]:
            pending = _row_texts(paras[j], fix)[1]
            j += 1
        else:
            break
    if after_signature:  # what follows a table after the plan's end is the annex's, up to the next annex
        while j < len(paras) and not _HEADING.match(fix(paras[j].text)) and not _row_para(paras[j]):
            ann.after.append(fix(paras[j].text))
            j += 1
    agency = ann.header[ann.col("agency")]
    ann.lead = bool(re.search(r"\bchu tri\b", fold(agency.lower())))
    return ann, j


def _plain(row: list[str]) -> str:
    """A row as text: the cell separators are layout, not words."""
    return " ".join(c for c in row if c)


# ----------------------------------------------------------------------------------------------
# Rows -> blocks
# ----------------------------------------------------------------------------------------------

@dataclass
class Row:
    """One task row, read by its columns."""
    label: str | None
    agency: str
    task: str
    partners: str | None  # the partners cell (or the partners the agency cell names after its lead)
    deadline: str | None
    lead: bool  # the column's header or the row's agency cell says "chủ trì"
    other: list[str]  # the cells of columns that are none of the above ("Sản phẩm", "Ghi chú")
    before: list[str]  # group rows printed just before it (kept as its block's text)
    problems: list[str]


@dataclass
class Group:
    """One agency block: the rows whose lead-agency cell names the same agency."""
    name: str  # the first row's agency cell, as printed
    rows: list[Row]
    text: list[str]  # the group rows printed before its rows


def _is_group_row(ann: Annex, row: list[str]) -> bool:
    """'I | Công tác truyền thông' (a merged row), or a row whose only words are a group label and a
    short title; a row with an empty agency cell and a task is a task row (a merged agency cell)."""
    full = [c for c in row if c]
    if not full or len(full) > 2:
        return False
    labelled = len(full) == 2 and bool(_GROUP_LABEL.match(full[0]))
    if len(row) < len(ann.kinds):
        return len(full) == 1 or labelled
    if row[ann.col("agency")]:
        return False
    return labelled or (len(full) == 1 and len(full[0].split()) <= 15 and not full[0].endswith("."))


def read_rows(ann: Annex) -> tuple[list[Row], list[str]]:
    """(the task rows, group rows left over at the end)."""
    out: list[Row] = []
    groups: list[str] = []
    last_agency, inherited = None, False
    for row in ann.rows:
        if not any(row):
            continue
        if _is_group_row(ann, row):
            groups.append(_plain(row))
            continue
        problems = []
        if len(row) != len(ann.kinds):
            problems.append(f"the row has {len(row)} cells for {len(ann.kinds)} columns ({' | '.join(ann.header)}): "
                            f"read left to right; check its cells")
        get = lambda kind: (row[ann.col(kind)] if ann.col(kind) is not None and ann.col(kind) < len(row) else "") or None  # noqa: E731
        agency = get("agency")
        if agency is None:
            if last_agency is None:
                problems.append("the row names no agency (an empty cell): placed under the column's name")
                agency = ann.header[ann.col("agency")]
            elif not inherited:  # once per run of empty cells (a merged cell prints empty below its first row)
                problems.append(f"the row's agency cell is empty (a merged cell?): taken as the row above's, '{last_agency}', "
                                "as are the empty cells right below it")
        inherited = agency is None and last_agency is not None
        agency = agency or last_agency
        last_agency = agency
        partners = get("partners")
        m = _LEAD_IN_CELL.match(agency)
        if m and not partners:
            agency, partners = m.group(1), m.group(2)
        task = get("task")
        if task is None:
            problems.append("the row has no task text: its cells are the task")
            task = _plain([c for k, c in zip(ann.kinds, row) if k not in ("number", "agency")]) or agency
        known = {ann.col(k) for k in ("number", "agency", "task", "partners", "deadline")}
        other = [row[c] for c in range(len(row)) if c not in known and row[c]]
        lead = ann.lead or bool(re.search(r"\bchủ trì\b", agency, re.I))
        out.append(Row(get("number"), agency, task, partners, get("deadline"), lead, other, groups, problems))
        groups = []
    return out, groups


def agency_words(cell: str) -> str:
    """The agency cell without its "(chủ trì)" mark: the words that name agencies."""
    return re.sub(r"\s*\(\s*chủ trì\s*\)\s*[;,.–-]?$", "", cell, flags=re.I)


def groups(ann: Annex, key: Callable[[str], object]) -> tuple[list[Group], list[str]]:
    """The rows grouped by their agency (`key` of the cell: the ids it resolves to, else its words),
    in order of first appearance; and the group rows after the last task."""
    rows, tail = read_rows(ann)
    out: dict = {}
    for r in rows:
        k = key(agency_words(r.agency))
        if k not in out:
            out[k] = Group(r.agency, [], [])
        g = out[k]
        g.text += r.before
        g.rows.append(r)
    return list(out.values()), tail
