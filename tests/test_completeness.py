"""Every paragraph of every source text is in its plan YAML (after the documented repairs)."""
import re
import unicodedata

import pytest

from generator.model import plain_paragraphs
from generator.text import squash

from conftest import CONTENT

SOURCES = {  # the five seeds and the four partial texts, kept byte-identical in content/sources/
    "dak-nong/2021-2030": "dak-nong-2021-2030.txt",
    "quang-ngai/2025": "quang-ngai-2025.txt",
    "gia-lai/2020": "gia-lai-2020.txt",
    "ninh-thuan/2021": "ninh-thuan-2021.txt",
    "cao-bang/2022": "cao-bang-2022.txt",
    "quang-ngai/2024": "quang-ngai-2024.txt",
    "gia-lai/2025": "gia-lai-2025.txt",
    "son-la/2025": "son-la-2025.txt",
    "tay-ninh/2021-2030": "tay-ninh-2021-2030.txt",
}
PARTIAL = {"quang-ngai/2024", "gia-lai/2025", "son-la/2025", "tay-ninh/2021-2030"}
_HEADING = re.compile(r"(^|\n)\s*#{1,6}\s+")
# Layout, not text: rule lines under the letterhead ("-------") and the cell separators ("|") of a
# web page that printed the letterhead as a table.
_LAYOUT = re.compile(r"^[ \t]*[-_=]{3,}[ \t]*$|[ \t]*\|[ \t]*$", re.M)  # rules and cell separators, as the importer drops them


def _norm(text: str) -> str:
    return unicodedata.normalize("NFC", squash(text)).casefold()


def source_paragraphs(raw: str, repairs) -> list[str]:
    """Paragraphs of a source: blank-line separated, Markdown debris dropped, repairs applied."""
    out = []
    for para in re.split(r"\n\s*\n", _LAYOUT.sub("", raw)):
        para = squash(_HEADING.sub(" ", para).replace("*", ""))
        for r in repairs:
            para = para.replace(r.find, r.replace)
        para = _norm(para)
        if para:
            out.append(para)
    return out


@pytest.mark.parametrize("key", sorted(SOURCES))
def test_every_source_paragraph_is_in_the_plan(load_plan, key):
    plan = load_plan(key)
    assert plan.source_file == f"sources/{SOURCES[key]}"
    raw = (CONTENT / plan.source_file).read_text(encoding="utf-8")
    text = _norm(" ".join(plain_paragraphs(plan)))
    missing = [p for p in source_paragraphs(raw, plan.repairs) if p not in text]
    assert not missing, f"{len(missing)} paragraphs of {plan.source_file} missing from {plan.path}:\n" + "\n---\n".join(missing[:5])


@pytest.mark.parametrize("key", sorted(PARTIAL))
def test_a_partial_text_says_so_and_where_it_ends(load_plan, key):
    """The four excerpts hold no implementation section: the plan must be marked partial, say what is
    missing in both languages and end where the source breaks off."""
    plan = load_plan(key)
    assert plan.partial and plan.text_missing.get("vi") and plan.text_missing.get("en")
    assert not plan.tasks and plan.lead_agency is None
    raw = (CONTENT / plan.source_file).read_text(encoding="utf-8")
    last = _norm(plain_paragraphs(plan)[-1])
    assert _norm(raw).endswith(last)


@pytest.mark.parametrize("key", sorted(SOURCES))
def test_every_repair_is_used(load_plan, key):
    plan = load_plan(key)
    raw = squash((CONTENT / plan.source_file).read_text(encoding="utf-8"))
    unused = [r.find for r in plan.repairs if r.find not in raw]
    assert not unused


@pytest.mark.parametrize("key", sorted(SOURCES))
def test_plan_text_adds_nothing(load_plan, key):
    """The reverse direction: no paragraph of the YAML is invented (each is in the repaired source)."""
    plan = load_plan(key)
    raw = (CONTENT / plan.source_file).read_text(encoding="utf-8")
    source = " ".join(source_paragraphs(raw, plan.repairs))
    # Labels and headings are re-assembled, so compare sentence pieces of 6+ words.
    extra = []
    for para in plain_paragraphs(plan):
        for piece in re.split(r"[;:.]\s", _norm(para)):
            if len(piece.split()) >= 6 and piece not in source:
                extra.append(piece)
    assert not extra, "\n".join(extra[:5])
