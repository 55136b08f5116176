"""`plansite synth`: a valid, deterministic, clearly synthetic corpus that follows the 2025 rules."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator.cli import bench_synth, main
from generator.validate import validate_paths

S = bench_synth()  # bench/synth.py, as `plansite synth` loads it

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
N, SEED = 20, 7
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _plans(root: Path):
    for path in sorted((root / "plans").glob("*/*.yml")):
        front, body = yaml.load_all(path.read_text(encoding="utf-8"), Loader=_LOADER)
        yield path, front, body


def _agency_ids(front: dict, body: dict) -> set[str]:
    """Every agency id a plan uses (front matter roles, blocks, task roles, reporting)."""
    ids = {front["lead_agency"]}
    ids |= {kr["agency"] for kr in (front.get("key_roles") or {}).values() if kr}
    if front.get("proposal"):
        ids.add(front["proposal"]["agency"])
    stack = [body]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            ids.update(node.get("agencies") or [])
            ids.update(node.get("roles") or {})
            if isinstance(node.get("recipient"), str):
                ids.add(node["recipient"])
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return ids


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    out = tmp_path_factory.mktemp("synth") / "corpus"
    assert S.synth(N, out, seed=SEED, content=CONTENT) == 0
    return out


def test_validates_with_zero_errors(corpus):
    plans, diags = validate_paths([corpus / "plans"], corpus)
    assert [d.format() for d in diags if d.severity == "error"] == []
    assert [d.format() for d in diags] == []  # not even a warning (agencies all exist on the plan's date)
    assert len(plans) == N


def test_deterministic_same_seed_same_bytes(corpus, tmp_path):
    again = tmp_path / "again"
    assert S.synth(N, again, seed=SEED, content=CONTENT) == 0
    assert _files(again) == _files(corpus)
    other = tmp_path / "other"
    assert S.synth(N, other, seed=SEED + 1, content=CONTENT) == 0
    assert _files(other) != _files(corpus)


def test_smaller_corpus_is_a_subset(corpus, tmp_path):
    small = tmp_path / "small"
    assert S.synth(5, small, seed=SEED, content=CONTENT) == 0
    big = _files(corpus)
    files = _files(small)
    plans = [k for k in files if k.startswith("plans/")]
    assert len(plans) == 5
    assert all(big.get(k) == v for k, v in files.items() if k != S.MARKER)


def test_every_plan_is_marked_synthetic(corpus):
    seen = 0
    for path, front, _ in _plans(corpus):
        assert front["synthetic"] is True, path
        assert any(n.startswith(S.NOTE) for n in front["notes"]), path
        source = (corpus / front["source"]["file"]).read_text(encoding="utf-8")
        assert source.startswith(S.NOTE), path
        seen += 1
    assert seen == N
    assert (corpus / S.MARKER).is_file()


def test_registry_has_63_provinces_and_34_after_the_merger(corpus):
    reg = yaml.safe_load((corpus / "registry" / "provinces.yml").read_text(encoding="utf-8"))
    provs = {p["id"]: p for p in reg["provinces"]}
    assert len(provs) == 63
    survivors = {pid for pid, p in provs.items() if not p.get("merged_into")}
    assert len(survivors) == 34
    assert all(p["merged_into"] in survivors for p in provs.values() if p.get("merged_into"))
    # the real registry's entries are carried over unchanged
    real = yaml.safe_load((CONTENT / "registry" / "provinces.yml").read_text(encoding="utf-8"))
    for p in real["provinces"]:
        assert provs[p["id"]] == p
    # and the real registry, which holds all 63 units itself, is unchanged by the synthesis
    assert len(real["provinces"]) == 63


def _check_2025_rules(date: str, province: str, ids: set[str], text: str, merged_away: set[str]):
    if date >= S.SWITCH:
        assert "so-ldtbxh" not in ids, (province, date)
        assert "Sở Lao động - Thương binh và Xã hội" not in text, (province, date)
    else:
        assert not ids & {"so-dtg", "so-nnmt", "thong-ke-tinh"}, (province, date)
    if date >= S.MERGER:
        assert province not in merged_away, (province, date)
        assert "ubnd-huyen" not in ids, (province, date)


def test_2025_rules_in_the_corpus(corpus):
    merged_away = {p.id for p in S.provinces() if p.merged_into}
    dates = []
    for path, front, body in _plans(corpus):
        date = front["document"]["date"]
        dates.append(date)
        _check_2025_rules(date, front["province"], _agency_ids(front, body), path.read_text(encoding="utf-8"), merged_away)
        assert front["period"]["from"] >= 2011 and front["period"]["to"] <= 2030
    assert any(d >= S.MERGER for d in dates), "the corpus should reach past the merger"
    assert any(d < S.SWITCH for d in dates)


def test_2025_rules_for_every_plan_dated_after_the_switch():
    """All post-switch slots (~250 plans), generated in memory: the rules hold for each."""
    from generator.registry import load_registry
    reg, errors = load_registry(CONTENT)
    assert not errors
    prov_reg = S.provinces_registry(CONTENT)
    reg = type(reg)(agencies=reg.agencies, legal_acts=reg.legal_acts,
                    provinces={p["id"]: p for p in prov_reg["provinces"]},
                    themes=reg.themes, indicators=reg.indicators, objectives=reg.objectives)
    templates = S.load_templates(CONTENT, reg)
    by_key = {t.key: t for t in templates}
    provs = {p.id: p for p in S.provinces()}
    merged_away = {p.id for p in provs.values() if p.merged_into}
    slots = [s for s in S.plan_slots(SEED, templates) if s.day >= "2025-01-01"]
    assert any(s.day >= S.MERGER for s in slots) and any(S.SWITCH <= s.day < S.MERGER for s in slots)
    assert any(s.day < S.SWITCH for s in slots)  # early-2025 plans still name Sở LĐTBXH
    for slot in slots:
        front, body, _ = S.make_plan(slot, SEED, by_key, reg, provs)
        assert front["document"]["date"] == slot.day
        _check_2025_rules(slot.day, slot.province, _agency_ids(front, body), S.dump_yaml(body), merged_away)
        if slot.day >= S.SWITCH:
            assert front["lead_agency"] == "so-noi-vu"


@pytest.mark.parametrize("out", ["content", "content/synthetic", "."])
def test_refuses_the_real_content_folder(out, capsys):
    before = _files(CONTENT).keys()
    assert main(["synth", "--plans", "3", "--out", str(ROOT / out), "--content", str(CONTENT)]) == 1
    assert "refusing" in capsys.readouterr().err
    assert _files(CONTENT).keys() == before
    assert not (ROOT / "content" / "synthetic").exists()
    assert not (ROOT / S.MARKER).exists()


def test_refuses_a_non_empty_folder_it_did_not_write(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("mine")
    assert S.synth(2, tmp_path, seed=1, content=CONTENT) == 1
    assert "not empty" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_rewrites_its_own_folder(tmp_path):
    assert S.synth(6, tmp_path / "c", seed=1, content=CONTENT) == 0
    assert S.synth(3, tmp_path / "c", seed=1, content=CONTENT) == 0
    assert len(list((tmp_path / "c" / "plans").glob("*/*.yml"))) == 3
    assert len(list((tmp_path / "c" / "sources").glob("*.txt"))) == 3
