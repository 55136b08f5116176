"""What an importer that misread a layout leaves behind in a plan: merged or split items, a heading or
title that swallowed text, a period the title contradicts, a text layer that lost its Vietnamese
letters. `plansite validate` warns on these in any plan (smell_checks); `plansite import` marks the same
shapes in its drafts with `# REVIEW:` (generator/authoring/importer/smells.py uses the pieces below)."""
from __future__ import annotations

import re
from collections.abc import Callable

from .load import Doc
from .text import fold, marked_share

Warn = Callable[[Doc, tuple, str], None]


# An item label where a text starts: the importer took two items for one, or cut one item where a
# wrapped line began with "- ". Labels as plans print them: a) a. b/ 1. 2) 1.2. I. II/ (1) - + •
_LABEL = r"(?:[A-Za-zĐđ]|\d{1,2}(?:\.\d{1,2})*|[IVXLC]{1,6})[.)/]|\((?:[a-zđ]|\d{1,2}|[ivx]{1,5})\)"
LEADING_LABEL = re.compile(rf"(?:{_LABEL}|[-–+•*])(?=\s)")
# ... or after a sentence ("... trên địa bàn tỉnh. b. Tham mưu ..."): the next item run into this one;
# in a block name, anywhere ("Sở Nội vụ a. Chủ trì ..."): the heading ran into its first task.
INNER_LABEL = re.compile(rf"[.;:]\s+({_LABEL}|[-–+•])\s*([^\W\d_])")  # "a)Tổ chức": copies lose the space
NAME_LABEL = re.compile(rf"\s({_LABEL})\s+([^\W\d_])")
# A block name over 120 characters that holds a sentence mark (a name ends with ":" at most) took in
# text; a long name without one may be a body's full name ("Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam
# thành phố và các tổ chức thành viên của Ủy ban Mặt trận Tổ quốc Việt Nam thành phố", 123).
NAME_MAX = 120  # the longest real block name is 113
_NAME_SENTENCE = re.compile(r"[.;!?]|:(?!\s*$)")
TITLE_MAX = 300  # the longest real title is 107
# Share of words with a Vietnamese mark (text.marked_share): the real sources 0.82-0.89, their
# task texts 0.88-0.91; a PDF whose font lacks the Vietnamese glyphs keeps ~0.01.
MARKED_MIN = 0.5
MARKED_WORDS = 50  # fewer words say too little either way
PLAINLY_MARKED = 0.75  # non-ASCII characters a word above which a text needs no closer look
# The years a title names as the plan's (folded): "năm 2025", "giai đoạn 2021 - 2030", "từ năm 2021 đến
# năm 2025". Not a date's year ("ngày 5 tháng 3 năm 2021", "05/3/2021") nor a horizon ("đến năm 2030").
_TITLE_DATE = re.compile(r"thang\s+\d{1,2}\s+nam\s+\d{4}|\d{1,2}/\d{1,2}/\d{4}")
_TITLE_PERIOD = re.compile(r"(?<!\d)(20\d\d)\s*(?:[-–—]|den(?:\s+nam)?)\s*(20\d\d)(?!\d)")
_TITLE_HORIZON = re.compile(r"\b(?:den|toi)\s+nam\s+\d{4}")
_TITLE_YEAR = re.compile(r"\bnam\s+(20\d\d)(?!\d)")


def smell_checks(front: Doc, body: Doc, source_text: str | None, warn: Warn) -> None:
    """Warnings on what `plansite import` leaves when it misreads a layout, each at its node: merged
    or split items, a heading or title that swallowed text, a period the title contradicts, a text
    layer that lost its Vietnamese letters."""
    f, b = front.value, body.value
    title = f["title"]
    if len(title) > TITLE_MAX:
        warn(front, ("title",), f"title is {len(title)} characters (over {TITLE_MAX}): "
                                "did it swallow the preamble? check the source")
    # The period against plan_id is an error (validate); here plan_id against what the title(s) say.
    decision_title = (b.get("decision") or {}).get("title") or ""
    for doc, path, what, words in ((front, ("plan_id",), "title", title),
                                   (body, ("decision", "title"), "decision's title", decision_title)):
        years = title_years(words)
        if years and f["plan_id"] not in years:
            warn(doc, path, f"plan_id '{f['plan_id']}' is not the period the {what} names "
                            f"({' or '.join(sorted(years))}): check plan_id and period")
    texts = []  # (path, text, is a task's) of every item's heading and text

    def item(path, raw, is_task):
        is_task = is_task or bool(raw.get("id"))
        texts.extend((path + (k,), raw[k], is_task) for k in ("heading", "text") if raw.get(k))
        for j, sub in enumerate(raw.get("items") or []):
            item(path + ("items", j), sub, False)

    for si, s in enumerate(b.get("sections") or []):
        for j, it in enumerate(s.get("items") or []):
            item(("sections", si, "items", j), it, False)
        for bi, blk in enumerate(s.get("blocks") or []):
            bp = ("sections", si, "blocks", bi)
            name = blk["name"]
            if len(name) > NAME_MAX and (_NAME_SENTENCE.search(name) or len(name) > 2 * NAME_MAX):
                warn(body, bp + ("name",), f"agency block name is {len(name)} characters (over {NAME_MAX}): "
                                           "did the heading swallow its task text? check the source")
            elif label := inner_label(NAME_LABEL, name):
                warn(body, bp + ("name",), f"agency block name holds an item label '{label}': "
                                           "did the heading swallow its first task? check the source")
            for ti, t in enumerate(blk["tasks"]):
                item(bp + ("tasks", ti), t, True)
    for path, text, is_task in texts:
        what = "task text" if is_task else "item text"
        if label := LEADING_LABEL.match(text):
            warn(body, path, f"{what} starts with an item label '{label.group()}': two items merged? check the source")
        elif label := inner_label(INNER_LABEL, text):
            warn(body, path, f"{what} holds an item label '{label}' after a sentence: two items merged? check the source")
    if source_text is not None:
        share = _marked(source_text)
        if share < MARKED_MIN:
            warn(front, ("source", "file"), f"the source text has few Vietnamese letters ({_percent(share)} of words): "
                                            "extraction lost them? (a PDF font without Vietnamese glyphs)")
    tasks = [(path, text) for path, text, is_task in texts if is_task]
    share = _marked(" ".join(text for _, text in tasks))
    if share < MARKED_MIN:
        warn(body, tasks[0][0], f"the task texts have few Vietnamese letters ({_percent(share)} of words): "
                                "extraction lost them? check the source")


def inner_label(pattern: re.Pattern, text: str) -> str | None:
    """The first label `pattern` finds before an upper-case word (as an item starts), if any."""
    return next((m[1] for m in pattern.finditer(text) if m[2].isupper()), None)


def title_years(title: str) -> set[str]:
    """The plan ids a title allows: each period and each year it names as the plan's."""
    folded = _TITLE_DATE.sub(" ", fold(title))
    years = {f"{m[1]}-{m[2]}" for m in _TITLE_PERIOD.finditer(folded)}
    rest = _TITLE_HORIZON.sub(" ", _TITLE_PERIOD.sub(" ", folded))
    return years | {m[1] for m in _TITLE_YEAR.finditer(rest)}


def _marked(text: str) -> float:
    """marked_share, or 1.0 for a text too short to judge or plainly Vietnamese: marked_share reads
    every word (a third more time for validate on the bench corpus), while real texts have about one
    non-ASCII character a word (0.83-0.99; with the marks lost, under 0.01)."""
    words = text.count(" ") + text.count("\n") + 1  # about the words, at C speed
    if words < MARKED_WORDS or len(text) - len(text.encode("ascii", "ignore")) >= PLAINLY_MARKED * words:
        return 1.0
    return marked_share(text)


def _percent(share: float) -> str:
    return f"{round(100 * share, 1):g} %"
