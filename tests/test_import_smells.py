"""The shapes a wrong draft leaves (generator/authoring/importer/smells.py): none on any curated task or
block in content/plans, and each one on curated tasks damaged the way the importer used to damage them."""
from __future__ import annotations

import pytest
import yaml

from generator.authoring.importer.smells import TASK_MAX_WORDS, block_smells, label_style, task_smells

from generator.smells import NAME_MAX

from conftest import CONTENT


def curated_blocks():
    for path in sorted((CONTENT / "plans").glob("*/*.yml")):
        _, body = yaml.safe_load_all(path.read_text(encoding="utf-8"))
        for section in body.get("sections") or []:
            for block in section.get("blocks") or []:
                yield path.relative_to(CONTENT).as_posix(), block


BLOCKS = list(curated_blocks())


def test_no_smell_on_any_curated_block_or_task():
    assert len(BLOCKS) >= 71  # the five seeds: 13 + 13 + 17 + 15 + 13
    found = []
    for where, block in BLOCKS:
        found += [(where, block["name"], m) for m in block_smells(block["name"], [t.get("label") for t in block["tasks"]])]
        for k, task in enumerate(block["tasks"]):
            heading_line = k == 0 and not block["name"].rstrip().endswith(":") and not task.get("label")
            found += [(where, task["ref"], m) for m in task_smells(task["text"], heading_line)]
    assert not found, found[:5]


def test_two_tasks_merged_under_an_unread_label():
    where, block = next((w, b) for w, b in BLOCKS if w.endswith("quang-ngai/2025.yml") and len(b["tasks"]) >= 2
                        and b["tasks"][1].get("label") == "b)")
    first, second = block["tasks"][:2]
    merged = f"{first['text']} b. {second['text']}"
    assert any("'b.' after a sentence end" in m for m in task_smells(merged, False))


def test_a_task_split_at_a_wrapped_hyphen():
    """'… Sở Lao động' / '- Thương binh và Xã hội …' and '… giai đoạn 2021' / '- 2030 …': both halves show it."""
    for cut in (" - Thương binh", " - 2030"):
        text = next(t["text"] for _, b in BLOCKS for t in b["tasks"] if cut in t["text"])
        head, tail = text.split(cut, 1)
        assert any("does not end a sentence" in m for m in task_smells(head, False)), head
        rest = cut.strip(" -") + tail
        if cut == " - 2030":
            assert any("mid-sentence" in m for m in task_smells(rest, False)), rest
    assert any("mid-sentence" in m for m in task_smells("và Xã hội hướng dẫn các địa phương.", False))
    assert not task_smells("và Xã hội hướng dẫn các địa phương.", True)


def test_long_task_and_long_heading():
    texts = [t["text"] for _, b in BLOCKS for t in b["tasks"]]
    longest = max(texts, key=lambda s: len(s.split()))
    assert len(longest.split()) <= TASK_MAX_WORDS
    doubled = longest + " " + longest
    assert any("words" in m for m in task_smells(doubled, False))
    name = max((b["name"] for _, b in BLOCKS), key=len)
    assert len(name) <= NAME_MAX
    swallowed = name + " " + texts[0]
    assert any("longer than any agency name" in m for m in block_smells(swallowed, []))


@pytest.mark.parametrize("labels, changed", [(["a)", "b)", "c)"], False), (["a)", "b.", "c)"], True),
                                             (["-", "-"], False), (["-", "+"], True), (["1.", "2.", "10."], False)])
def test_label_scheme_change(labels, changed):
    assert any("change scheme" in m for m in block_smells("Sở Nội vụ:", labels)) is changed
    assert label_style("đ)") == label_style("a)")
