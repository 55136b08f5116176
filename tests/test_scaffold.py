"""`plansite new PROVINCE PLAN-ID`: a scaffold from the province's latest plan, agencies through the crosswalk."""
from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
import yaml

from generator.load import load_yaml
from generator.registry import load_registry
from generator.authoring.scaffold import new_plan
from generator.validate import check_file

from conftest import CONTENT, ROOT


@pytest.fixture()
def content_copy(tmp_path):
    root = tmp_path / "content"
    for folder in ("registry", "plans", "sources"):
        shutil.copytree(CONTENT / folder, root / folder)
    return root


def scaffold(content, province, plan_id, force=False):
    assert new_plan(province, plan_id, content, force) == 0
    path = content / "plans" / province / f"{plan_id}.yml"
    text = path.read_text(encoding="utf-8")
    front, body = yaml.safe_load_all(text)
    return path, text, front, body


def agencies_used(front, body) -> set:
    used = {front["lead_agency"]}
    used |= {kr["agency"] for kr in (front.get("key_roles") or {}).values() if kr}
    for s in body["sections"]:
        for b in s.get("blocks") or []:
            used |= set(b["agencies"])
            for t in b["tasks"]:
                used |= set(t["roles"])
    return used


def blocks(body) -> list:
    return [b for s in body["sections"] for b in s.get("blocks") or []]


def test_ninh_thuan_2026_agencies_are_the_successors(content_copy):
    path, text, front, body = scaffold(content_copy, "ninh-thuan", "2026")
    used = agencies_used(front, body)
    assert not used & {"so-ldtbxh", "so-khdt", "ban-dan-toc", "so-tttt", "ubnd-huyen"}
    assert front["lead_agency"] == "so-noi-vu"
    by_label = {b["label"]: b for b in blocks(body)}
    assert by_label["1."]["agencies"] == ["so-noi-vu"]  # was so-ldtbxh: gender equality went to Sở Nội vụ
    assert by_label["1."]["name"].startswith("Sở Nội vụ chủ trì")
    assert by_label["3."]["agencies"] == ["so-tai-chinh"]  # was so-khdt
    assert by_label["11."]["agencies"] == ["so-dtg"]  # was ban-dan-toc
    assert by_label["9."]["agencies"] == ["so-vhttdl"]  # was so-tttt (press and publishing)
    assert by_label["15."]["agencies"] == ["cac-so-nganh", "doan-the", "ubnd-xa"]  # district level abolished
    assert by_label["9."]["tasks"][0]["roles"] == {"so-vhttdl": "lead", "so-noi-vu": "coordinating"}
    assert body["reporting"]["recipient"] == "so-noi-vu"
    ids = [b["id"] for b in blocks(body)]
    assert len(ids) == len(set(ids)) and "so-noi-vu-2" in ids  # two blocks now name Sở Nội vụ: flagged
    assert "# FILL: block 'so-noi-vu' also names so-noi-vu now" in text
    assert "# FILL: Ninh Thuận was merged into Khánh Hòa" in text
    # Structure and wording carried, marked to fill
    old_front, old_body = yaml.safe_load_all((CONTENT / "plans/ninh-thuan/2021.yml").read_text(encoding="utf-8"))
    assert front["title"] == old_front["title"] and "# FILL: the title of ninh-thuan/2021" in text
    assert [len(b["tasks"]) for b in blocks(body)] == [len(b["tasks"]) for b in blocks(old_body)]
    assert front["plan_id"] == "2026" and front["period"] == {"from": 2026, "to": 2026}
    assert front["document"]["number"] is None and front["signer"]["name"] is None


def test_quang_ngai_2026(content_copy):
    path, text, front, body = scaffold(content_copy, "quang-ngai", "2026")
    used = agencies_used(front, body)
    assert "so-ldtbxh" not in used and "ubnd-huyen" not in used
    assert {"so-noi-vu", "so-tai-chinh", "so-dtg", "ubnd-xa"} <= used
    by_label = {b["label"]: b for b in blocks(body)}
    assert by_label["13."]["agencies"] == ["ubnd-xa"] and by_label["13."]["id"] == "ubnd-xa"
    assert by_label["13."]["tasks"][0]["id"] == "ubnd-xa-a"
    assert by_label["13."]["name"] == "Ủy ban nhân dân các xã, phường"
    assert by_label["1."]["agencies"] == ["so-noi-vu"]


def test_scaffold_fails_validation_until_filled(content_copy):
    path, text, front, body = scaffold(content_copy, "quang-ngai", "2026")
    reg, _ = load_registry(content_copy)
    plan, diags = check_file(path, content_copy, reg)
    assert plan is None and any("to_fill" in d.message for d in diags)
    # Fill in the minimum: drop the checklist, add the source text. Then it is a valid plan file.
    filled = text.replace(text[text.index("# FILL: `to_fill`"):text.index("---\n")], "")
    path.write_text(filled, encoding="utf-8")
    plan, diags = check_file(path, content_copy, reg)
    assert plan is None and any("sources/quang-ngai-2026.txt" in d.message for d in diags)
    (content_copy / "sources" / "quang-ngai-2026.txt").write_text("KẾ HOẠCH\n", encoding="utf-8")
    plan, diags = check_file(path, content_copy, reg)
    assert plan is not None, [d.format() for d in diags]
    assert not [d for d in diags if d.severity == "error"]


def test_scaffold_is_plain_yaml_with_fill_comments(content_copy):
    path, text, front, body = scaffold(content_copy, "ninh-thuan", "2026")
    docs, errors = load_yaml(path)
    assert not errors and len(docs) == 2
    assert text.count("# FILL:") >= 10
    for key in ("title", "document", "signer", "legal_bases", "source", "preamble"):
        assert any(line.startswith("# FILL") for line in text.split(f"\n{key}:")[0].splitlines()[-3:]), key


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=ROOT, capture_output=True, text=True, timeout=60)


def test_cli_errors_and_force(content_copy):
    c = str(content_copy)
    r = run_cli("new", "quang-ngai", "2026", "--content", c)
    assert r.returncode == 0, r.stderr
    r = run_cli("new", "quang-ngai", "2026", "--content", c)
    assert r.returncode == 1 and r.stderr.startswith("plansite: error:") and "--force" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    r = run_cli("new", "quang-ngai", "2026", "--content", c, "--force")
    assert r.returncode == 0, r.stderr
    r = run_cli("new", "atlantis", "2026", "--content", c)
    assert r.returncode == 1 and r.stderr.strip() == f"plansite: error: unknown province 'atlantis' (see {content_copy / 'registry' / 'provinces.yml'})"
    r = run_cli("new", "khanh-hoa", "2026", "--content", c)
    assert r.returncode == 1 and r.stderr.startswith("plansite: error: province 'khanh-hoa' has no plans")
    assert len(r.stderr.strip().splitlines()) == 1
    r = run_cli("new", "quang-ngai", "26", "--content", c)
    assert r.returncode == 1 and "plan id '26'" in r.stderr


def test_latest_plan_is_the_source(content_copy):
    """The latest plan is scaffolded from; never the target itself, nor an unfilled scaffold."""
    shutil.copy(content_copy / "plans/quang-ngai/2025.yml", content_copy / "plans/quang-ngai/2024.yml")
    path, text, front, body = scaffold(content_copy, "quang-ngai", "2026")
    assert "from quang-ngai/2025 (2025.yml)" in text
    path, text, front, body = scaffold(content_copy, "quang-ngai", "2025", force=True)
    assert "(2024.yml)" in text  # not 2025.yml (the target) nor 2026.yml (a scaffold still to fill)
