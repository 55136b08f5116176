"""`plansite import`: metadata read from the text itself, case-insensitively (number, date and place,
period from the title and the preamble cross-checked, proposer, legal bases, signer), the letterhead in
`body.letterhead`, a saved page's metadata header dropped; and the four real partial texts against their
curated plans."""
from __future__ import annotations

import shutil

import pytest
import yaml

from generator.authoring.importer import draft
from generator.authoring.importer import metadata as M
from generator.authoring.importer.agencies import Agencies
from generator.authoring.importer.head import bound_title, letterhead, strip_preface
from generator.registry import load_registry
from generator.validate import check_file

from conftest import CONTENT

PARTIAL = {"quang-ngai/2024": "quang-ngai-2024.txt", "gia-lai/2025": "gia-lai-2025.txt",
           "son-la/2025": "son-la-2025.txt", "tay-ninh/2021-2030": "tay-ninh-2021-2030.txt"}


def collect():
    got: list = []
    return got, lambda path, why: got.append((path, why))


@pytest.fixture(scope="module")
def registry():
    reg, _ = load_registry(CONTENT)
    return reg


# ----------------------------------------------------------------------------------------------
# The four real partial texts
# ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("key", sorted(PARTIAL))
def test_real_partial_text_metadata(key, tmp_path):
    yaml_text, parsed, _, rel = draft(CONTENT / "sources" / PARTIAL[key], CONTENT)
    front = parsed.front
    gf, gb = yaml.safe_load_all((CONTENT / "plans" / f"{key}.yml").read_text(encoding="utf-8"))
    assert (front["province"], front["plan_id"], front["kind"], front["period"]) == \
        (gf["province"], gf["plan_id"], gf["kind"], gf["period"])
    assert (front["document"]["number"], front["document"]["date"]) == (gf["document"]["number"], gf["document"]["date"])
    assert front["proposal"] == gf["proposal"]
    assert front["key_roles"]["proposer"] == gf["key_roles"]["proposer"]
    assert len(front["legal_bases"]) == len(gf["legal_bases"])
    assert [(b["number"], b["date"]) for b in front["legal_bases"]] == [(b["number"], b["date"]) for b in gf["legal_bases"]]
    assert parsed.body["letterhead"] == gb["letterhead"]
    assert front["text"]["status"] == "partial" and ("front", "text") in parsed.comments
    assert front["lead_agency"] is None and front["key_roles"]["lead"] is None
    assert not any("period" in p for p in parsed.comments), parsed.comments.get(("front", "period"))
    assert not any("Letterhead" in n for n in front["notes"])
    # The draft validates
    root = tmp_path / "content"
    shutil.copytree(CONTENT / "registry", root / "registry")
    shutil.copytree(CONTENT / "sources", root / "sources")
    path = root / "plans" / f"{key}.yml"
    path.parent.mkdir(parents=True)
    path.write_text(yaml_text, encoding="utf-8")
    reg, _ = load_registry(root)
    plan, diags = check_file(path, root, reg)
    assert plan is not None and not [d.format() for d in diags if d.severity == "error"]


def test_quang_ngai_2024_ends_where_the_copy_breaks_off():
    parsed = draft(CONTENT / "sources" / "quang-ngai-2024.txt", CONTENT)[1]
    assert parsed.front["text"]["ends_at"] == "I.1.b"


# ----------------------------------------------------------------------------------------------
# Period
# ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("title, expected", [
    ("TRIỂN KHAI CÔNG TÁC BÌNH ĐẲNG GIỚI TRÊN ĐỊA BÀN TỈNH SƠN LA NĂM 2025", ("annual", 2025, 2025, "2025")),
    ("Triển khai công tác bình đẳng giới năm 2025", ("annual", 2025, 2025, "2025")),
    ("THỰC HIỆN CHIẾN LƯỢC QUỐC GIA VỀ BÌNH ĐẲNG GIỚI GIAI ĐOẠN 2021 - 2030", ("strategy", 2021, 2030, "2021-2030")),
    ("Thực hiện Chiến lược giai đoạn 2021–2030", ("strategy", 2021, 2030, "2021-2030")),
    ("KẾ HOẠCH HÀNH ĐỘNG VỀ BÌNH ĐẲNG GIỚI NĂM 2021 - 2025", ("strategy", 2021, 2025, "2021-2025")),
])
def test_period_from_the_title_any_case(title, expected):
    got, review = collect()
    assert M.period(title, None, [], review) == expected
    assert not got


def test_period_title_and_preamble_disagree():
    got, review = collect()
    pre = ["Thực hiện Nghị quyết số 28/NQ-CP ngày 03/3/2021 của Chính phủ ban hành Chiến lược quốc gia về bình đẳng giới "
           "giai đoạn 2021 - 2030, Ủy ban nhân dân tỉnh ban hành Kế hoạch triển khai công tác bình đẳng giới năm 2024, như sau:"]
    assert M.period("TRIỂN KHAI CÔNG TÁC BÌNH ĐẲNG GIỚI NĂM 2025", None, pre, review)[:3] == ("annual", 2025, 2025)
    assert [p for p, _ in got] == [("front", "period")] and "2024" in got[0][1]
    got, review = collect()  # the legal basis's period (2021-2030) is not the plan's: no REVIEW when they agree
    assert M.period("TRIỂN KHAI CÔNG TÁC BÌNH ĐẲNG GIỚI NĂM 2024", None, pre, review)[:3] == ("annual", 2024, 2024)
    assert not got


def test_period_from_the_preamble_when_the_title_names_none():
    got, review = collect()
    pre = ["Ủy ban nhân dân tỉnh ban hành Kế hoạch thực hiện công tác bình đẳng giới năm 2024, như sau:"]
    assert M.period("Về công tác bình đẳng giới", None, pre, review)[:3] == ("annual", 2024, 2024)
    assert [p for p, _ in got] == [("front", "period")]


def test_period_far_from_the_date_is_reviewed():
    got, review = collect()
    M.period("Công tác bình đẳng giới năm 2025", None, [], review, date="2021-05-21")
    assert [p for p, _ in got] == [("front", "period")]
    got, review = collect()
    M.period("Công tác bình đẳng giới năm 2025", None, [], review, date="2024-12-20")
    assert not got


def test_upper_case_title_variant(tmp_path):
    """A seed whose title is printed in capitals drafts the same period, with no REVIEW on it."""
    raw = (CONTENT / "sources" / "quang-ngai-2025.txt").read_text(encoding="utf-8")
    title = "Triển khai thực hiện công tác bình đẳng giới trên địa bàn tỉnh Quảng Ngãi năm 2025"
    src = tmp_path / "upper.txt"
    src.write_text(raw.replace(title, title.upper()), encoding="utf-8")
    parsed = draft(src, CONTENT)[1]
    assert (parsed.front["plan_id"], parsed.front["kind"]) == ("2025", "annual")
    assert ("front", "period") not in parsed.comments


# ----------------------------------------------------------------------------------------------
# Letterhead, number, date, place
# ----------------------------------------------------------------------------------------------

def test_letterhead_lines_joined_and_read():
    lines, odd = letterhead(["ỦY BAN NHÂN DÂN", "TỈNH TÂY NINH", "-------", "|", "CỘNG", "HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                             "Độc lập - Tự do - Hạnh phúc", "---------------", "|", "SỐ: 1100/QĐ-UBND", "|",
                             "TÂY NINH, NGÀY 21", "THÁNG 5 NĂM 2021", "|"])
    assert lines == ["ỦY BAN NHÂN DÂN", "TỈNH TÂY NINH", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                     "SỐ: 1100/QĐ-UBND", "TÂY NINH, NGÀY 21 THÁNG 5 NĂM 2021"] and not odd
    assert M.letterhead_meta(lines) == ("1100/QĐ-UBND", "2021-05-21", "TÂY NINH")
    assert M.letterhead_meta(["Gia Lai, ngày 29 tháng 4 năm 2025", "Số: 1140/KH-UBND"]) == ("1140/KH-UBND", "2025-04-29", "Gia Lai")


def test_letterhead_goes_to_the_body_not_the_notes():
    parsed = draft(CONTENT.parent / "tests" / "fixtures" / "import" / "mini-plan.txt", CONTENT)[1]
    assert parsed.body["letterhead"] == ["ỦY BAN NHÂN DÂN TỈNH GIA LAI", "Số: 12/KH-UBND", "Gia Lai, ngày 05 tháng 3 năm 2024"]
    assert list(parsed.body)[0] == "letterhead"
    assert not any("Letterhead" in n or "12/KH-UBND" in n for n in parsed.front["notes"])


HEADER = """---
source_url: https://example.org/van-ban/Ke-hoach-1140-KH-UBND-2025.html
province: Gia Lai
year: 2025
notes: Only the opening of the document was retrievable. Signer per page metadata: Nguyễn Văn A.
---
"""


def test_saved_page_header_is_dropped(tmp_path):
    raw = (CONTENT / "sources" / "gia-lai-2025.txt").read_text(encoding="utf-8")
    src = tmp_path / "page.txt"
    src.write_text(HEADER + "https://example.org/mirror.html\n" + raw, encoding="utf-8")
    yaml_text, parsed, _, _ = draft(src, CONTENT)
    body_text = yaml.safe_dump(parsed.body, allow_unicode=True) + " ".join(parsed.front["notes"])
    for words in ("source_url", "Signer per page", "example.org", "province: Gia Lai"):
        assert words not in body_text
    assert parsed.front["source"]["url"] == "https://example.org/van-ban/Ke-hoach-1140-KH-UBND-2025.html"
    dropped = [c for c in parsed.comments[("front", "notes")] if "dropped" in c]
    assert len(dropped) == 1 and "source_url" in dropped[0]
    assert ("front", "source") in parsed.comments
    assert parsed.front["document"]["number"] == "1140/KH-UBND" and parsed.front["plan_id"] == "2025"
    assert parsed.body["letterhead"][0] == "ỦY BAN NHÂN DÂN"


def test_no_preface_leaves_the_text_alone():
    raw = (CONTENT / "sources" / "quang-ngai-2025.txt").read_text(encoding="utf-8")
    pre = strip_preface(raw)
    assert pre.text == raw and not pre.dropped and pre.url is None


def test_title_bounded_by_the_preamble():
    title, rest = bound_title(["TRIỂN KHAI CÔNG TÁC BÌNH ĐẲNG GIỚI TRÊN ĐỊA BÀN TỈNH SƠN LA NĂM 2025",
                               "Thực hiện Nghị quyết số 28/NQ-CP ngày 03/3/2021 của Chính phủ;",
                               "Theo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 196/TTr-SNV ngày 29/4/2025."])
    assert title == ["TRIỂN KHAI CÔNG TÁC BÌNH ĐẲNG GIỚI TRÊN ĐỊA BÀN TỈNH SƠN LA NĂM 2025"] and len(rest) == 2
    title, rest = bound_title(["TRIỂN", "KHAI THỰC HIỆN CHIẾN LƯỢC", "GIAI ĐOẠN 2021 - 2030", "(Kèm theo Quyết"])
    assert title == ["TRIỂN", "KHAI THỰC HIỆN CHIẾN LƯỢC", "GIAI ĐOẠN 2021 - 2030"] and rest == ["(Kèm theo Quyết"]
    title, rest = bound_title(["Triển khai công tác Bình đẳng giới", "và Vì sự tiến bộ của phụ nữ tỉnh Cao Bằng năm 2022"])
    assert len(title) == 2 and not rest


# ----------------------------------------------------------------------------------------------
# Proposer, legal bases, signer
# ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("Theo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 196/TTr-SNV ngày 29/4/2025.",
     {"agency": "so-noi-vu", "submission": "Tờ trình số 196/TTr-SNV", "date": "2025-04-29"}),
    ("... và xét đề nghị của Giám đốc Sở Lao động - Thương binh và Xã hội tại Tờ trình số 31/TTr-SLĐTBXH ngày 20/3/2024, Ủy ban ...",
     {"agency": "so-ldtbxh", "submission": "Tờ trình số 31/TTr-SLĐTBXH", "date": "2024-03-20"}),
    ("Theo đề nghị của Giám đốc Sở Lao động\n- Thương binh và Xã hội tại Tờ trình số 1167/TTr-SLĐTBXH 13 tháng 5 năm 2021.",
     {"agency": "so-ldtbxh", "submission": "Tờ trình số 1167/TTr-SLĐTBXH", "date": "2021-05-13"}),
    ("THEO ĐỀ NGHỊ CỦA SỞ NỘI VỤ TẠI TỜ TRÌNH SỐ 80/TTr-SNV NGÀY 14 THÁNG 4 NĂM 2025",
     {"agency": "so-noi-vu", "submission": "TỜ TRÌNH SỐ 80/TTr-SNV", "date": "2025-04-14"}),
])
def test_proposal_any_case_and_wording(registry, text, expected):
    got, review = collect()
    assert M.proposal(text, Agencies(registry, "son-la"), review) == expected
    assert not got


def test_legal_bases_laws_without_number_and_plans_without_so():
    pre = ["Căn cứ Luật Bình đẳng giới ngày 29 tháng 11 năm 2006;",
           "Căn cứ Công văn số 739/BNV-CTTN&BĐG ngày 28 tháng 3 năm 2025 của Bộ Nội vụ về việc hướng dẫn triển khai công tác "
           "bình đẳng giới năm 2025 và Kế hoạch 834/KH-UBND ngày 26 tháng 6 năm 2021 của Ủy ban nhân dân tỉnh về thực hiện "
           "Chiến lược quốc gia, Ủy ban nhân dân tỉnh ban hành Kế hoạch này, cụ thể như sau:",
           "(Ban hành kèm theo Quyết định số 1100/QĐ-UBND ngày 21/5/2021 của UBND tỉnh)"]
    lb = M.legal_bases(pre, "Gia Lai")
    assert [(b["type"], b["number"], b["date"]) for b in lb] == [
        ("Luật", None, "2006-11-29"), ("Công văn", "739/BNV-CTTN&BĐG", "2025-03-28"), ("Kế hoạch", "834/KH-UBND", "2021-06-26")]
    assert lb[0]["title"] == "Luật Bình đẳng giới"
    assert lb[2]["title"] == "về thực hiện Chiến lược quốc gia" and lb[2]["issuer"] == "Ủy ban nhân dân tỉnh Gia Lai"


@pytest.mark.parametrize("lines", [
    ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Mạnh Hùng"],
    ["TM. ỦY BAN NHÂN DÂN | KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH |", "(Đã ký) |", "Nguyễn Mạnh Hùng |"],
])
def test_signer_also_from_table_rows(lines):
    got, review = collect()
    s = M.signer(lines, review)
    assert (s["name"], s["title"], s["authority"]) == ("Nguyễn Mạnh Hùng", "Phó Chủ tịch", "TM. Ủy ban nhân dân, KT. Chủ tịch")
    assert not got


def test_proposal_without_a_submission(registry):
    got, review = collect()
    assert M.proposal("Theo đề nghị của Giám đốc Sở Lao động - Thương binh và Xã hội.", Agencies(registry, "gia-lai"), review) == \
        {"agency": "so-ldtbxh", "submission": None, "date": None}
    assert [p for p, _ in got] == [("front", "proposal")]


def test_letterhead_place_in_another_province_is_reviewed(tmp_path):
    raw = (CONTENT / "sources" / "gia-lai-2025.txt").read_text(encoding="utf-8")
    src = tmp_path / "noi-khac.txt"
    src.write_text(raw.replace("Gia Lai, ngày 29", "Sơn La, ngày 29"), encoding="utf-8")
    parsed = draft(src, CONTENT)[1]
    assert parsed.front["province"] == "gia-lai"
    assert any("Sơn La" in c for c in parsed.comments[("body", "letterhead")])


def test_web_page_header_and_footer_dropped(tmp_path):
    """A plan saved from a portal's page: the page's header lines before the document and its footer
    after the signer's name are no text of the plan: dropped, each with a REVIEW; the address fills source.url."""
    raw = (CONTENT / "sources" / "quang-ngai-2025.txt").read_text(encoding="utf-8")
    header = ["Cổng Thông tin điện tử tỉnh Quảng Ngãi", "Trang chủ > Văn bản > Văn bản chỉ đạo điều hành",
              "Ngày đăng: 25/04/2025 08:30 | Lượt xem: 1.024", "Địa chỉ: https://quangngai.gov.vn/van-ban/ke-hoach-93"]
    footer = ["Tải về: ke-hoach.pdf", "Chia sẻ: Facebook | Zalo | In bài viết", "Tin liên quan"]
    src = tmp_path / "trang.txt"
    src.write_text("\n".join(header) + "\n" + raw.rstrip("\n") + "\n" + "\n".join(footer) + "\n", encoding="utf-8")
    yaml_text, parsed, _, _ = draft(src, CONTENT)
    own = draft(CONTENT / "sources" / "quang-ngai-2025.txt", CONTENT)[1]
    kept = yaml.safe_dump(parsed.body, allow_unicode=True) + " ".join(parsed.front["notes"])
    for words in ("Cổng Thông tin", "Trang chủ", "Ngày đăng", "quangngai.gov.vn/van-ban", "Tải về", "Chia sẻ", "Tin liên quan"):
        assert words not in kept
    assert parsed.body["signature"] == own.body["signature"] and parsed.front["signer"] == own.front["signer"]
    assert parsed.body["sections"] == own.body["sections"] and parsed.front["title"] == own.front["title"]
    assert parsed.front["source"]["url"] == "https://quangngai.gov.vn/van-ban/ke-hoach-93"
    assert any("footer" in c for c in parsed.comments[("body", "signature")])
    assert any("dropped 4 line(s)" in c for c in parsed.comments[("front", "notes")])
