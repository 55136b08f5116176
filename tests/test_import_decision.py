"""`plansite import` on a decision that promulgates a plan (Quyết định ... ban hành Kế hoạch ...): the
real Tây Ninh text (the decision and the attached plan's title only) against its curated plan, and
variants made from it and from a seed in tmp_path: the decision alone, the decision with a whole plan
attached, the signature printed as table rows."""
from __future__ import annotations

import re
import shutil

import pytest
import yaml

from generator.authoring.importer import draft
from generator.registry import load_registry
from generator.validate import check_file

from conftest import CONTENT

TAY_NINH = CONTENT / "sources" / "tay-ninh-2021-2030.txt"


def gold(key: str) -> tuple[dict, dict]:
    front, body = yaml.safe_load_all((CONTENT / "plans" / f"{key}.yml").read_text(encoding="utf-8"))
    return front, body


def validate(tmp_path, yaml_text: str, key: str, source_name: str | None = None, source_text: str | None = None) -> list[str]:
    """The errors `plansite validate` finds in the draft, in a throw-away content tree."""
    root = tmp_path / "content"
    if not root.exists():
        shutil.copytree(CONTENT / "registry", root / "registry")
        shutil.copytree(CONTENT / "sources", root / "sources")
    if source_name:
        (root / "sources" / source_name).write_text(source_text, encoding="utf-8")
    path = root / "plans" / f"{key}.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml_text, encoding="utf-8")
    reg, _ = load_registry(root)
    plan, diags = check_file(path, root, reg)
    assert plan is not None, [d.format() for d in diags]
    return [d.format() for d in diags if d.severity == "error"]


@pytest.fixture(scope="module")
def tay_ninh():
    yaml_text, parsed, _, _ = draft(TAY_NINH, CONTENT)
    return yaml_text, parsed


def test_tay_ninh_reproduces_the_curated_decision(tay_ninh):
    _, parsed = tay_ninh
    front, body = parsed.front, parsed.body
    gf, gb = gold("tay-ninh/2021-2030")
    assert body["letterhead"] == gb["letterhead"]
    dec, gdec = body["decision"], gb["decision"]
    for k in ("type", "title", "issuer", "heading"):
        assert dec[k] == gdec[k], k
    assert dec["preamble"] == gdec["preamble"]
    assert [(a["label"], a["text"]) for a in dec["articles"]] == [(a["label"], a["text"]) for a in gdec["articles"]]
    assert dec["distribution"] == gdec["distribution"]
    assert dec["signature"]["lines"] == gdec["signature"]["lines"]
    for k in ("number", "date", "type"):
        assert front["document"][k] == gf["document"][k], k
    assert "decision" in front["document"]["number_source"]["note"]
    assert front["title"] == gf["title"]
    assert (front["province"], front["plan_id"], front["kind"], front["period"]) == \
        (gf["province"], gf["plan_id"], gf["kind"], gf["period"])
    assert (front["signer"]["name"], front["signer"]["title"]) == (gf["signer"]["name"], gf["signer"]["title"])
    assert front["proposal"] == gf["proposal"]
    assert front["key_roles"]["proposer"] == {"agency": "so-ldtbxh", "where": "decision"}
    assert [(b["type"], b["number"], b["date"]) for b in front["legal_bases"]] == \
        [(b["type"], b["number"], b["date"]) for b in gf["legal_bases"]]
    assert front["lead_agency"] is None
    assert body["preamble"] == gb["preamble"] and body["sections"] == []


def test_tay_ninh_is_a_partial_text_with_review(tay_ninh, tmp_path):
    yaml_text, parsed = tay_ninh
    assert parsed.front["text"]["status"] == "partial" and parsed.front["text"]["ends_at"] == "preamble"
    assert parsed.front["text"]["missing_vi"] and parsed.front["text"]["missing_en"]
    assert any("partial text" in c for c in parsed.comments[("front", "text")])
    assert list(parsed.front).index("text") == list(parsed.front).index("title") + 1  # the schema's order
    assert list(parsed.body)[:2] == ["letterhead", "decision"]
    assert not validate(tmp_path, yaml_text, "tay-ninh/2021-2030")


def test_decision_alone(tmp_path):
    """Our copy ends with the decision's signature: a partial text ending at 'decision', the plan's type
    and title read from the decision's title, with a REVIEW."""
    raw = TAY_NINH.read_text(encoding="utf-8")
    src = tmp_path / "quyet-dinh.txt"
    src.write_text(raw[:raw.index("KẾ HOẠCH\nTRIỂN")], encoding="utf-8")
    yaml_text, parsed, _, rel = draft(src, CONTENT)
    front, body = parsed.front, parsed.body
    assert front["text"]["ends_at"] == "decision" and body["sections"] == [] and "preamble" not in body
    assert front["document"]["type"] == "KẾ HOẠCH"
    assert front["title"].startswith("THỰC HIỆN CHIẾN LƯỢC QUỐC GIA") and front["plan_id"] == "2021-2030"
    assert ("front", "title") in parsed.comments
    assert len(body["decision"]["articles"]) == 3 and front["signer"]["name"] == "Nguyễn Mạnh Hùng"
    assert not validate(tmp_path, yaml_text, "tay-ninh/2021-2030", rel.split("/", 1)[1], src.read_text(encoding="utf-8"))


def _decision_for(province_vi: str, raw_tay_ninh: str) -> str:
    """The Tây Ninh decision (letterhead to signature) made a decision of another province."""
    dec = raw_tay_ninh[:raw_tay_ninh.index("KẾ HOẠCH\nTRIỂN")]
    return dec.replace("TÂY NINH", province_vi.upper()).replace("Tây Ninh", province_vi)


def test_decision_with_a_whole_plan_attached(tmp_path):
    """A seed plan attached to a decision, blank-line layout and the '(Ban hành kèm theo ...)' line: the
    plan drafts as on its own, the decision before it, the plan's own legal bases and proposal kept."""
    seed = (CONTENT / "sources" / "quang-ngai-2025.txt").read_text(encoding="utf-8")
    own = draft(CONTENT / "sources" / "quang-ngai-2025.txt", CONTENT)[1]
    dec = _decision_for("Quảng Ngãi", TAY_NINH.read_text(encoding="utf-8"))
    plan = seed.replace("năm 2025\n\n", "năm 2025\n\n(Ban hành kèm theo Quyết định số 1100/QĐ-UBND ngày 21/5/2021 của UBND tỉnh)\n\n", 1)
    src = tmp_path / "qd-kh.txt"
    src.write_text(dec.replace("\n|\n", "\n\n") + "\n\n" + plan, encoding="utf-8")
    yaml_text, parsed, _, rel = draft(src, CONTENT, plan_id="2025")
    front, body = parsed.front, parsed.body
    assert "text" not in front  # a whole plan: not partial
    assert body["decision"]["title"].endswith("TỈNH QUẢNG NGÃI GIAI ĐOẠN 2021-2030")
    assert body["preamble"][0].startswith("(Ban hành kèm theo Quyết định số 1100/QĐ-UBND")
    assert front["title"] == own.front["title"] and front["province"] == "quang-ngai"
    assert front["document"]["number"] == "1100/QĐ-UBND"
    assert len(front["legal_bases"]) == len(own.front["legal_bases"])  # the plan's own, not the decision's
    assert front["proposal"] == own.front["proposal"] and front["key_roles"]["proposer"]["where"] == "preamble"
    assert body["sections"] == own.body["sections"]
    assert body["signature"] == own.body["signature"]


def test_signature_printed_as_table_rows(tmp_path):
    """'TM. ỦY BAN NHÂN DÂN | KT. CHỦ TỊCH' rows, Nơi nhận in the same rows: split into the list and the signature."""
    raw = TAY_NINH.read_text(encoding="utf-8")
    start, end = raw.index("Nơi nhận:"), raw.index("KẾ HOẠCH\nTRIỂN")
    rows = ("Nơi nhận: | TM. ỦY BAN NHÂN DÂN\n- Bộ Lao động TBXH; | KT. CHỦ TỊCH\n- TT.TU; | PHÓ CHỦ TỊCH\n"
            "- Lưu: VP UBND tỉnh. | Nguyễn Mạnh Hùng\n")
    src = tmp_path / "bang.txt"
    src.write_text(raw[:start] + rows + raw[end:], encoding="utf-8")
    parsed = draft(src, CONTENT)[1]
    dec = parsed.body["decision"]
    assert dec["distribution"]["entries"] == ["Bộ Lao động TBXH;", "TT.TU;", "Lưu: VP UBND tỉnh."]
    assert dec["signature"]["lines"] == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Mạnh Hùng"]
    assert parsed.front["signer"]["name"] == "Nguyễn Mạnh Hùng"


def test_a_decision_that_promulgates_no_plan_is_not_taken_for_one(tmp_path):
    src = tmp_path / "qd.txt"
    src.write_text("QUYẾT ĐỊNH\n\nVề việc khen thưởng tỉnh Tây Ninh năm 2021\n\nCăn cứ Luật Thi đua, khen thưởng ngày 26 tháng 11 năm 2003;\n\n"
                   "QUYẾT ĐỊNH:\n\nĐiều 1. Khen thưởng.\n", encoding="utf-8")
    with pytest.raises(ValueError, match="no numbered sections"):
        draft(src, CONTENT)


def test_plain_text_of_the_draft_holds_the_decision(tay_ninh):
    """Every line of the source (layout dropped) is in the draft: nothing of the decision is lost."""
    yaml_text, _ = tay_ninh
    flat = re.sub(r"\s+", " ", yaml_text)
    for words in ("Quyết định này có hiệu lực kể từ ngày ký.", "PKGVX;", "Nguyễn Mạnh Hùng", "(Kèm theo Quyết"):
        assert words in flat


def test_decision_in_blank_line_layout_with_sentence_case_title(tmp_path):
    """The decision as a Word file prints it (every line its own paragraph, the title in sentence case, the
    issuer 'CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH ...'), the attached plan repeating its letterhead."""
    dec = _decision_for("Quảng Ngãi", TAY_NINH.read_text(encoding="utf-8"))
    title = "BAN HÀNH KẾ HOẠCH THỰC HIỆN CHIẾN LƯỢC QUỐC GIA VỀ BÌNH ĐẲNG GIỚI TỈNH\nQUẢNG NGÃI GIAI ĐOẠN 2021-2030"
    assert title in dec
    dec = dec.replace(title, "Ban hành Kế hoạch thực hiện Chiến lược quốc gia về bình đẳng giới tỉnh Quảng Ngãi giai đoạn 2021-2030")
    dec = dec.replace("ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI\nCăn cứ", "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI\nCăn cứ")
    lines = [ln for ln in dec.split("\n") if ln.strip() not in ("", "|")]
    seed = (CONTENT / "sources" / "quang-ngai-2025.txt").read_text(encoding="utf-8")
    src = tmp_path / "qd-word.txt"
    src.write_text("\n\n".join(lines) + "\n\nỦY BAN NHÂN DÂN\n\nTỈNH QUẢNG NGÃI\n\n" + seed, encoding="utf-8")
    parsed = draft(src, CONTENT, plan_id="2025")[1]
    front, body = parsed.front, parsed.body
    d = body["decision"]
    assert d["title"].startswith("Ban hành Kế hoạch") and d["issuer"] == "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI"
    assert len(d["preamble"]) == 5 and [a["label"] for a in d["articles"]] == ["Điều 1.", "Điều 2.", "Điều 3."]
    assert d["signature"]["lines"][-1] == "Nguyễn Mạnh Hùng" and front["signer"]["name"] == "Trần Hoàng Tuấn"
    assert body["letterhead"][-2:] == ["ỦY BAN NHÂN DÂN", "TỈNH QUẢNG NGÃI"] and ("body", "letterhead") in parsed.comments
    assert "text" not in front and front["document"]["number"] == "1100/QĐ-UBND"


def test_signature_before_the_list(tmp_path):
    """A signature table read column by column: the signature first, then 'Nơi nhận' and its entries."""
    raw = TAY_NINH.read_text(encoding="utf-8")
    start, end = raw.index("Nơi nhận:"), raw.index("KẾ HOẠCH\nTRIỂN")
    dist, sign = raw[start:end].split("|\nTM.")
    src = tmp_path / "cot.txt"
    src.write_text(raw[:start] + "TM." + sign.rstrip("|\n") + "\n" + dist + raw[end:], encoding="utf-8")
    parsed = draft(src, CONTENT)[1]
    gdec = gold("tay-ninh/2021-2030")[1]["decision"]
    assert parsed.body["decision"]["distribution"] == gdec["distribution"]
    assert parsed.body["decision"]["signature"] == gdec["signature"]
    assert parsed.body["letterhead"] == gold("tay-ninh/2021-2030")[1]["letterhead"]


def test_attached_plan_alone_takes_the_decisions_number(tmp_path):
    """Our copy is the attached plan without its decision: the '(Ban hành kèm theo Quyết định số N ngày D)'
    line gives the document's number and date, said in number_source.note and REVIEWed."""
    seed = (CONTENT / "sources" / "quang-ngai-2025.txt").read_text(encoding="utf-8")
    src = tmp_path / "kem-theo.txt"
    src.write_text(seed.replace("năm 2025\n\n", "năm 2025\n\n(Ban hành kèm theo Quyết định số 1100/QĐ-UBND ngày 21/5/2025 của UBND tỉnh)\n\n", 1),
                   encoding="utf-8")
    parsed = draft(src, CONTENT)[1]
    doc = parsed.front["document"]
    assert (doc["number"], doc["date"]) == ("1100/QĐ-UBND", "2025-05-21") and "promulgates" in doc["number_source"]["note"]
    assert any("Ban hành kèm theo" in c for c in parsed.comments[("front", "document")])
    assert parsed.body["preamble"][0].startswith("(Ban hành kèm theo") and "decision" not in parsed.body
