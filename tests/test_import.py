"""`plansite import`: drafts from the five seed texts, measured against the curated plans; .docx/.pdf input;
agency-name variants; repair of extraction damage (content/sources/ninh-thuan-2021.txt).

The measurement (test_seed_accuracy) prints three figures over the five seeds and asserts each >= 0.95:
- blocks: implementation blocks found under the curated label with the same agencies (in order) and mode;
- tasks: block tasks whose text equals the curated text under the same ref (whitespace, case, NFC and
  tone-mark convention normalised);
- metadata: title, kind, period, lead agency, proposal (agency, submission, date), signer name, number of
  legal bases, reporting deadlines (the set of due dates as day/month).
Denominators are the larger of the curated and the imported counts, so extra blocks/tasks count as misses.
Note: the importer's rules were written while reading these same five seeds; there is no held-out set.
"""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator.authoring import repair as rp
from generator.authoring.importer import Agencies, build_paragraphs, draft, import_file
from generator.model import path_part, plain_paragraphs
from generator.registry import load_registry
from generator.text import squash
from generator.validate import check_file

from conftest import CONTENT, ROOT
from import_layouts import SEEDS, docx_cells_table, make_pdf, norm, wrap
from test_completeness import _norm, source_paragraphs

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"
MINI = FIXTURES / "mini-plan.txt"


def day_month(due: str) -> str:
    m = re.match(r"0?(\d{1,2})/0?(\d{1,2})", due)
    return f"{m.group(1)}/{m.group(2)}"


def blocks_by_ref(body) -> dict:
    return {f"{s['number']}.{path_part(b.get('label'), i + 1)}": b
            for s in body["sections"] for i, b in enumerate(s.get("blocks") or [])}


def tasks_by_ref(body) -> dict:
    return {t["ref"]: t for s in body["sections"] for b in s.get("blocks") or [] for t in b["tasks"]}


def metadata_checks(front, body, gold_front, gold_body) -> dict:
    prop = lambda p: None if not p else (p["agency"], p.get("submission"), p.get("date"))  # noqa: E731
    dues = lambda b: sorted(day_month(d["due"]) for d in (b.get("reporting") or {}).get("deadlines") or [])  # noqa: E731
    return {
        "title": norm(front["title"]) == norm(gold_front["title"]),
        "kind": front["kind"] == gold_front["kind"],
        "period": front["period"] == gold_front["period"],
        "lead agency": front["lead_agency"] == gold_front["lead_agency"],
        "proposal": prop(front["proposal"]) == prop(gold_front["proposal"]),
        "signer name": front["signer"]["name"] == gold_front["signer"]["name"],
        "legal bases (count)": len(front["legal_bases"]) == len(gold_front["legal_bases"]),
        "deadlines": dues(body) == dues(gold_body),
    }


@pytest.fixture(scope="module")
def seed_drafts():
    out = {}
    for key, src in SEEDS.items():
        yaml_text, parsed, _, rel = draft(CONTENT / "sources" / src, CONTENT)
        out[key] = (yaml_text, parsed, rel)
    return out


def test_seed_accuracy(seed_drafts):
    totals = {"blocks": [0, 0], "tasks": [0, 0], "metadata": [0, 0]}
    lines, misses = [], []
    for key, (_, parsed, _) in seed_drafts.items():
        gold_front, gold_body = yaml.safe_load_all((CONTENT / "plans" / f"{key}.yml").read_text(encoding="utf-8"))
        gb, ib = blocks_by_ref(gold_body), blocks_by_ref(parsed.body)
        ok_b = 0
        for ref, g in gb.items():
            i = ib.get(ref)
            if i and i["agencies"] == g["agencies"] and i["mode"] == g["mode"]:
                ok_b += 1
            else:
                misses.append(f"{key} block {ref}: {g['agencies']} {g['mode']} != {i and (i['agencies'], i['mode'])}")
        gt, it = tasks_by_ref(gold_body), tasks_by_ref(parsed.body)
        ok_t = 0
        for ref, g in gt.items():
            if ref in it and norm(it[ref]["text"]) == norm(g["text"]):
                ok_t += 1
            else:
                misses.append(f"{key} task {ref}: {g['text'][:80]!r} != {it.get(ref, {}).get('text', '')[:80]!r}")
        checks = metadata_checks(parsed.front, parsed.body, gold_front, gold_body)
        misses += [f"{key} metadata: {name}" for name, ok in checks.items() if not ok]
        counts = {"blocks": (ok_b, max(len(gb), len(ib))), "tasks": (ok_t, max(len(gt), len(it))),
                  "metadata": (sum(checks.values()), len(checks))}
        for name, (ok, n) in counts.items():
            totals[name][0] += ok
            totals[name][1] += n
        lines.append(f"{key:20} " + "  ".join(f"{name} {ok}/{n}" for name, (ok, n) in counts.items()))
    rates = {name: ok / n for name, (ok, n) in totals.items()}
    print("\nplansite import, measured on the five seeds:")
    print("\n".join(lines))
    print("overall: " + "  ".join(f"{name} {ok}/{n} = {rates[name]:.1%}" for name, (ok, n) in totals.items()))
    for m in misses:
        print("  miss:", m)
    for name, rate in rates.items():
        assert rate >= 0.95, f"{name}: {rate:.1%} < 95%"


@pytest.mark.parametrize("key", sorted(SEEDS))
def test_seed_draft_validates_and_is_complete(seed_drafts, content_copy, key):
    """Each draft passes `plansite validate` (warnings only) and holds every source paragraph, inventing none."""
    yaml_text, parsed, rel = seed_drafts[key]
    assert rel == f"sources/{SEEDS[key]}"
    path = content_copy / "plans" / f"{key}.yml"
    path.parent.mkdir(parents=True)
    path.write_text(yaml_text, encoding="utf-8")
    reg, _ = load_registry(content_copy)
    plan, diags = check_file(path, content_copy, reg)
    errors = [d.format() for d in diags if d.severity == "error"]
    assert plan is not None and not errors, "\n".join(errors)
    raw = (content_copy / plan.source_file).read_text(encoding="utf-8")
    text = _norm(" ".join(plain_paragraphs(plan)))
    missing = [p for p in source_paragraphs(raw, plan.repairs) if p not in text]
    assert not missing, "\n---\n".join(missing[:3])
    source = " ".join(source_paragraphs(raw, plan.repairs))
    extra = [piece for para in plain_paragraphs(plan) for piece in re.split(r"[;:.]\s", _norm(para))
             if len(piece.split()) >= 6 and piece not in source]
    assert not extra, "\n".join(extra[:3])


def test_ninh_thuan_repairs(seed_drafts):
    """The damage named in the issue is repaired and listed; what stays unsure is flagged, not guessed."""
    yaml_text, parsed, _ = seed_drafts["ninh-thuan/2021"]
    repairs = {rp.nfc(r["find"]): r["replace"] for r in parsed.front["repairs"]}
    for damaged, fixed in [("hoac\u0323h", "hoạch"), ("bao\u0323", "bạo"), ("đia\u0323", "địa"), ("tÕ\u0309nh", "tỉnh"),
                           ("tri ển", "triển"), ("Covid- 19", "Covid-19"), ("nghê \u0323thông", "nghệ thông"),
                           ("h ợp", "hợp"), ("c ủa", "của"), ("P hòng", "Phòng"), ("chÕ\u0309", "chỉ")]:
        assert repairs.get(rp.nfc(damaged)) == fixed, damaged
    raw = squash((CONTENT / "sources" / SEEDS["ninh-thuan/2021"]).read_text(encoding="utf-8"))
    assert all(r["find"] in raw for r in parsed.front["repairs"])
    assert all(r["note"] for r in parsed.front["repairs"])
    body_text = " ".join(t["text"] for t in tasks_by_ref(parsed.body).values())
    assert not rp.leftovers(body_text)
    assert "kinh tế- xã hội" in yaml_text  # a line-end hyphen that is not one word: kept, and flagged
    assert "# REVIEW: unsure, NOT repaired: 'tế- xã'" in yaml_text
    assert "hoạch" in yaml_text and "hoac\u0323h" not in rp.nfc(yaml_text.split("---")[1])


def test_repair_rules():
    lex = rp.Lexicon()
    lex.add_trusted("kế hoạch phát triển bạo lực địa phương tỉnh hợp tác công nghệ thông tin")
    paras = ["kế hoac\u0323h phát tri ển", "baọ lực ở điạ phương", "công nghê \u0323thông tin", "mô hình xyzạb", "phù h ợp"]
    repairs, findings = rp.find_repairs(paras, lex)
    got = {r.find: r.replace for r in repairs}
    assert got["hoac\u0323h"] == "hoạch"
    assert got["tri ển"] == "triển"
    assert got["baọ"] == "bạo" and got["điạ"] == "địa"
    assert got["nghê \u0323thông"] == "nghệ thông"
    assert got["h ợp"] == "hợp"
    assert not any("xyz" in r.find for r in repairs)  # an unknown word is never "repaired"
    # Well-formed words in either tone convention are left alone.
    assert rp.well_formed("hòa") and rp.well_formed("hoà") and rp.well_formed("người") and rp.well_formed("quyền")
    assert not rp.well_formed("điạ") and not rp.well_formed("hoac\u0323h")
    repairs, findings = rp.find_repairs(["mô hình phaxạ"], rp.Lexicon())
    assert not repairs and findings  # no known word fits: flagged for review


def test_line_breaks_and_page_breaks():
    raw = "1. Đẩy mạnh phát triển kinh tế -\nxã hội và phòng chống Covid-\n19 trong tình hình\n\nmới.\n\n2. Mục khác"
    paras, breaks = build_paragraphs(raw)
    assert [p.text for p in paras] == ["1. Đẩy mạnh phát triển kinh tế - xã hội và phòng chống Covid- 19 trong tình hình mới.", "2. Mục khác"]
    assert breaks == [("Covid-", "19")]


@pytest.mark.parametrize("name, expected", [
    ("Sở Lao động – Thương binh và Xã hội", "so-ldtbxh"),
    ("Sở Lao động-Thương binh và Xã hội", "so-ldtbxh"),
    ("SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", "so-ldtbxh"),
    ("Sở  Lao động  -  Thương binh và Xã hội:", "so-ldtbxh"),
    ("Hội Liên hiệp Phụ nữ tỉnh Cao Bằng", "hoi-lhpn"),
    ("Cục Thống kê tỉnh Cao Bằng", "cuc-thong-ke"),
    ("Đài Phát thanh – Truyền hình tỉnh Gia Lai", "dai-ptth"),
    ("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Quảng Ngãi", "mttq"),
    ("Sở Văn hoá, Thể thao và Du lịch", "so-vhttdl"),
    ("Các Sở, Ban, ngành liên quan", "cac-so-nganh"),
    ("Sở Ngoại vụ", None),
])
def test_agency_name_variants(registry, name, expected):
    assert Agencies(registry, "gia-lai").one(name) == expected


def test_joint_block_names(registry):
    ag = Agencies(registry, "ninh-thuan")
    assert ag.many("Các Sở, ban ngành, đoàn thể tỉnh, UBND các huyện, thành phố") == ["cac-so-nganh", "doan-the", "ubnd-huyen"]
    assert ag.many("Đài Phát thanh – Truyền hình tỉnh; Báo Gia Lai") == ["dai-ptth", "bao-tinh"]
    assert ag.many("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh và các tổ chức thành viên của Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh") == ["mttq", "doan-the"]


# ---------------------------------------------------------------------------------------------
# The fixture plan (synthetic, tests/fixtures/import/mini-plan.txt) as .txt, .docx and .pdf
# ---------------------------------------------------------------------------------------------

MINI_BLOCKS = [(["so-ldtbxh"], "directed"), (["so-y-te"], "directed"), (["so-tu-phap"], "directed"),
               (["bao-tinh", "dai-ptth"], "directed"), (["cac-so-nganh"], "directed"), (["hoi-lhpn"], "requested"),
               (["mttq", "doan-the"], "requested"), (["ubnd-huyen"], "directed")]


def check_mini(front, body, yaml_text):
    assert front["province"] == "gia-lai" and front["plan_id"] == "2024" and front["kind"] == "annual"
    assert front["title"] == "Thực hiện công tác bình đẳng giới trên địa bàn tỉnh Gia Lai năm 2024"
    assert front["document"]["number"] == "12/KH-UBND" and front["document"]["date"] == "2024-03-05"
    assert front["document"]["number_source"]["kind"] == "text"
    assert [lb["number"] for lb in front["legal_bases"]] == ["1234/QĐ-UBND", "456/LĐTBXH-BĐG"]
    assert front["legal_bases"][0]["issuer"] == "UBND tỉnh Gia Lai"
    assert front["proposal"] == {"agency": "so-ldtbxh", "submission": "Tờ trình số 33/TTr-SLĐTBXH", "date": "2024-02-28"}
    assert front["signer"] == {"name": "Nguyễn Văn An", "title": "Phó Chủ tịch", "authority": "KT. Chủ tịch"}
    assert front["lead_agency"] == "so-ldtbxh"
    blocks = [b for s in body["sections"] for b in s.get("blocks") or []]
    assert [(b["agencies"], b["mode"]) for b in blocks] == MINI_BLOCKS
    assert "REVIEW: agency not found in the registry for 'Sở Ngoại vụ'" in yaml_text
    first = blocks[0]["tasks"][0]
    assert first["roles"] == {"so-ldtbxh": "lead", "so-y-te": "coordinating"}
    assert "coordination" in first["themes"]
    assert blocks[1]["name"] == "SỞ Y TẾ:" and blocks[1]["tasks"][0]["label"] is None
    assert [d["due"] for d in body["reporting"]["deadlines"]] == ["10/6", "10/12/2024"]
    assert body["reporting"]["recipient"] == "so-ldtbxh"
    assert body["distribution"]["entries"] == ["Bộ Lao động - Thương binh và Xã hội (b/c);", "Các sở, ban, ngành tỉnh;", "Lưu: VT, KGVX."]
    assert body["signature"]["lines"] == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn An"]
    return blocks


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_cli_import_txt_validates(content_copy, tmp_path):
    out = content_copy / "plans" / "gia-lai" / "2024.yml"
    r = run_cli("import", str(MINI), "--content", str(content_copy), "--out", str(out))
    assert r.returncode == 0, r.stderr
    assert "validate: ok" in r.stderr
    assert (content_copy / "sources" / "gia-lai-2024.txt").read_text(encoding="utf-8") == MINI.read_text(encoding="utf-8")
    front, body = yaml.safe_load_all(out.read_text(encoding="utf-8"))
    check_mini(front, body, out.read_text(encoding="utf-8"))
    r = run_cli("validate", "--content", str(content_copy), str(out))
    assert r.returncode == 0, r.stderr


def test_cli_import_to_stdout_and_errors(tmp_path):
    r = run_cli("import", str(MINI))
    assert r.returncode == 0 and r.stdout.startswith("# yaml-language-server")
    r = run_cli("import", str(tmp_path / "missing.txt"))
    assert r.returncode == 1 and r.stderr.startswith("plansite: error:") and len(r.stderr.strip().splitlines()) == 1
    r = run_cli("import", str(MINI), "--province", "atlantis")
    assert r.returncode == 1 and "unknown province 'atlantis'" in r.stderr
    bad = tmp_path / "x.txt"
    bad.write_text("Không phải một kế hoạch.\n", encoding="utf-8")
    r = run_cli("import", str(bad), "--province", "gia-lai")
    assert r.returncode == 1 and r.stderr.startswith("plansite: error:")


def make_docx(path: Path):
    """The fixture as Word: letterhead in a table, agency blocks in Word's own numbered list, Nơi nhận and signature in a table."""
    import docx
    doc = docx.Document()
    paras = MINI.read_text(encoding="utf-8").split("\n\n")
    head, rest = paras[:3], paras[3:]
    docx_cells_table(doc, [head[:2], ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", head[2]]])
    in_impl = False
    for p in rest:
        p = p.strip()
        if p.startswith("Nơi nhận"):
            break
        if p.startswith("IV."):
            in_impl = True
        m = re.match(r"(\d+)\.\s+(.*)", p, re.S)
        if in_impl and m:
            doc.add_paragraph(squash(m.group(2)), style="List Number")
        else:
            doc.add_paragraph(squash(p))
    end = MINI.read_text(encoding="utf-8").split("Nơi nhận:")[1]
    dist, sign = end.split("\n\n", 1)
    docx_cells_table(doc, [["Nơi nhận:"] + dist.strip().splitlines(), [ln for ln in sign.strip().splitlines() if ln.strip()]])
    doc.save(str(path))


def test_import_docx(tmp_path):
    path = tmp_path / "ke-hoach.docx"
    make_docx(path)
    yaml_text, parsed, text, src = draft(path, CONTENT)
    assert "1. Sở Lao động – Thương binh và Xã hội" in text  # Word's list number rebuilt
    blocks = check_mini(parsed.front, parsed.body, yaml_text)
    txt_tasks = tasks_by_ref(draft(MINI, CONTENT)[1].body)
    assert {r: norm(t["text"]) for r, t in tasks_by_ref(parsed.body).items()} == {r: norm(t["text"]) for r, t in txt_tasks.items()}
    assert src == "sources/gia-lai-2024.txt" and "REVIEW: the extracted text of ke-hoach.docx is the source" in yaml_text
    assert blocks


def test_import_pdf(tmp_path):
    """A hard-wrapped PDF (no blank lines between paragraphs, a page break mid-sentence, page numbers)."""
    lines = []
    for para in MINI.read_text(encoding="utf-8").split("\n\n"):
        for line in para.strip().splitlines():
            lines += wrap(line) if not line.startswith("- ") or len(line) > 72 else [line]
    cut = next(i for i, ln in enumerate(lines) if ln.startswith("a) Chủ trì")) + 1  # the page ends mid-sentence
    path = tmp_path / "ke-hoach.pdf"
    make_pdf([lines[:cut], lines[cut:]], path)
    yaml_text, parsed, text, src = draft(path, CONTENT)
    assert not re.search(r"^\s*\d\s*$", text, re.M)  # page numbers dropped
    check_mini(parsed.front, parsed.body, yaml_text)
    txt_tasks = tasks_by_ref(draft(MINI, CONTENT)[1].body)
    assert {r: norm(t["text"]) for r, t in tasks_by_ref(parsed.body).items()} == {r: norm(t["text"]) for r, t in txt_tasks.items()}


def test_import_file_writes_nothing_without_out(content_copy, capsys):
    assert import_file(MINI, None, None, content_copy, None) == 0
    assert capsys.readouterr().out.startswith("# yaml-language-server")
    assert not (content_copy / "sources" / "gia-lai-2024.txt").exists()
