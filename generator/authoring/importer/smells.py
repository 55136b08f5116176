"""Signs that a drafted agency block or task is wrong, each worded as a `# REVIEW:` message.

The importer cannot know that it split a paragraph at a wrapped "- Thương binh" or merged two items
whose labels it did not recognise; what it can see is the shape such mistakes leave. Every curated
task in content/plans ends a sentence (. ; : ! ?), starts upper-case unless its first words are on the
block's heading line, holds no second item label after a sentence end, and runs to at most 140 words.
The label shapes are `plansite validate`'s (generator/smells.py), which warns on them in any plan.
"""
from __future__ import annotations

import re

from ...smells import INNER_LABEL, LEADING_LABEL, NAME_LABEL, NAME_MAX, inner_label

TASK_MAX_WORDS = 150  # the longest curated task has 140 words

_ENDS_SENTENCE = re.compile(r"([.;:!?…]|\./\.)[\s\"”’)]*$")


def label_style(label: str | None) -> str | None:
    """'a)' and 'b)' share a style ('a)'), 'a.' has another; '1.' vs '1)'; bullets by their mark."""
    if not label:
        return None
    return re.sub(r"[a-zđ]", "a", re.sub(r"\d+", "1", label.strip()))


def block_smells(name: str, labels: list[str | None]) -> list[str]:
    """Messages about one block: a heading too long to be agency names, labels that change style."""
    out = []
    if len(name) > NAME_MAX:
        out.append(f"block heading of {len(name)} characters is longer than any agency name: "
                   "its task text (or the next item) may have been taken into the heading")
    elif label := inner_label(NAME_LABEL, name):
        out.append(f"an item label '{label}' inside the block heading: did it swallow its first task?")
    styles = [s for s in (label_style(lb) for lb in labels) if s]
    if len(set(styles)) > 1:
        shown = ", ".join(dict.fromkeys(lb.strip() for lb in labels if lb))
        out.append(f"the task labels change scheme inside the block ({shown}): items may be nested or split wrongly")
    return out


def task_smells(text: str, on_heading_line: bool) -> list[str]:
    """Messages about one task's text."""
    out = []
    words = len(text.split())
    if words > TASK_MAX_WORDS:
        out.append(f"task of {words} words (longer than any curated task): several items merged?")
    if m := LEADING_LABEL.match(text):
        out.append(f"the task starts with an item label '{m.group()}' the importer did not read as one")
    elif label := inner_label(INNER_LABEL, text):
        out.append(f"an item label '{label}' after a sentence end inside the task: two items merged?")
    if not _ENDS_SENTENCE.search(text):
        out.append("the task does not end a sentence: cut short, or split at a wrapped line?")
    if not text[:1].isupper() and not on_heading_line:
        out.append("the task starts in mid-sentence: split at a wrapped line (e.g. '- Thương binh', '2021 - 2030')?")
    return out
