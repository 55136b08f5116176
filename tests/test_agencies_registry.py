"""The agency registry (content/registry/agencies.yml): the bodies provincial gender-equality plans
name, the spellings they use, and their 1 March 2025 lineage (Nghị định 45/2025/NĐ-CP)."""
from __future__ import annotations

import unicodedata

import pytest

from generator.authoring.importer.agencies import Agencies
from generator.registry import agency_names, alias_key

RESTRUCTURING = "2025-03-01"


# --------------------------------------------------------------------------------------------
# Names as plans write them
# --------------------------------------------------------------------------------------------

SPELLINGS = [
    ("Sở Công Thương", "so-cong-thuong"),
    ("Sở Công thương", "so-cong-thuong"),
    ("Sở Tài nguyên và Môi trường", "so-tnmt"),
    ("Sở TN&MT", "so-tnmt"),
    ("Sở Tài nguyên – Môi trường", "so-tnmt"),
    ("Sở Nông nghiệp và Phát triển nông thôn", "so-nnptnt"),
    ("Sở Nông nghiệp và Môi trường", "so-nnmt"),
    ("Sở NN&MT", "so-nnmt"),
    ("Sở Giao thông vận tải", "so-gtvt"),
    ("Sở Giao thông - Vận tải", "so-gtvt"),
    ("Sở GTVT", "so-gtvt"),
    ("Sở Xây dựng", "so-xay-dung"),
    ("Sở Khoa học và Công nghệ", "so-khcn"),
    ("Sở KH&CN", "so-khcn"),
    ("Sở Thông tin và Truyền thông", "so-tttt"),
    ("Sở TT&TT", "so-tttt"),
    ("Bảo hiểm xã hội tỉnh", "bhxh"),
    ("BHXH tỉnh", "bhxh"),
    ("Cục Thống kê tỉnh", "cuc-thong-ke"),
    ("Cục Thống kê", "cuc-thong-ke"),
    ("Chi cục Thống kê tỉnh", "thong-ke-tinh"),
    ("Chi cục Thống kê", "thong-ke-tinh"),
    ("Bộ Chỉ huy Quân sự tỉnh", "bo-chqs"),
    ("Bộ CHQS tỉnh", "bo-chqs"),
    ("Bộ Chỉ huy quân sự tỉnh", "bo-chqs"),
    ("Tòa án nhân dân tỉnh", "tand"),
    ("Toà án nhân dân tỉnh", "tand"),
    ("TAND tỉnh", "tand"),
    ("Viện Kiểm sát nhân dân tỉnh", "vksnd"),
    ("Viện kiểm sát nhân dân tỉnh", "vksnd"),
    ("VKSND tỉnh", "vksnd"),
    ("Thanh tra tỉnh", "thanh-tra"),
    ("Liên đoàn Lao động tỉnh", "ldld"),
    ("Tỉnh đoàn", "tinh-doan"),
    ("Ban Thường vụ Tỉnh đoàn", "tinh-doan"),
    ("Hội Nông dân tỉnh", "hoi-nong-dan"),
    ("Hội Nông dân", "hoi-nong-dan"),
    ("Hội Cựu chiến binh tỉnh", "hoi-ccb"),
    ("Hội CCB tỉnh", "hoi-ccb"),
    ("Sở Lao động – Thương binh và Xã hội", "so-ldtbxh"),
]


@pytest.mark.parametrize("name, agency", SPELLINGS)
def test_plan_spellings_resolve(registry, name, agency):
    assert registry.resolve_agency(name) == agency
    assert registry.aliases[alias_key(name)] == agency
    # decomposed input (a PDF extraction) reads the same
    assert registry.resolve_agency(unicodedata.normalize("NFD", name)) == agency


@pytest.mark.parametrize("name, province, agency", [
    ("Cục Thống kê tỉnh Cao Bằng", "cao-bang", "cuc-thong-ke"),
    ("Cục Thống kê tỉnh Gia Lai", "gia-lai", "cuc-thong-ke"),
    ("Chi cục Thống kê tỉnh Quảng Ngãi", "quang-ngai", "thong-ke-tinh"),
    ("Hội Nông dân tỉnh Ninh Thuận", "ninh-thuan", "hoi-nong-dan"),
    ("Bảo hiểm xã hội tỉnh Đắk Nông", "dak-nong", "bhxh"),
    ("Sở Công Thương tỉnh Quảng Ngãi", "quang-ngai", "so-cong-thuong"),
])
def test_province_suffix_through_the_importer(registry, name, province, agency):
    """alias_key does not drop "tỉnh X"; the importer's name lookup does, for any registry province."""
    assert registry.resolve_agency(name) in (None, agency)
    assert Agencies(registry, province).one(name) == agency


def test_aliases_are_unique_across_agencies(registry):
    """Registry.of keeps the first agency for a repeated key and says nothing: refuse it here."""
    owner: dict[str, str] = {}
    for aid, a in registry.agencies.items():
        for n in agency_names(a):
            k = alias_key(n)
            assert owner.setdefault(k, aid) == aid, f"{n!r} names both {owner[k]} and {aid}"


def test_names_are_nfc_and_ids_ascii(registry):
    for aid, a in registry.agencies.items():
        assert aid.isascii() and aid == aid.lower(), aid
        for n in agency_names(a) + [a["en"]]:
            assert unicodedata.is_normalized("NFC", n) and n == n.strip() and "  " not in n, (aid, n)


# --------------------------------------------------------------------------------------------
# Lineage
# --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("old, new", [
    ("so-tnmt", "so-nnmt"), ("so-nnptnt", "so-nnmt"), ("so-gtvt", "so-xay-dung"),
    ("so-khdt", "so-tai-chinh"), ("so-tttt", "so-vhttdl"), ("so-ldtbxh", "so-noi-vu"),
])
def test_merged_departments_on_1_march_2025(registry, old, new):
    assert registry.agencies[old]["valid_to"] == "2025-02-28"
    assert registry.successor_on(old, "2025-02-28") == old
    assert registry.successor_on(old, RESTRUCTURING) == new
    assert registry.agency_on(old, RESTRUCTURING) == new
    assert registry.lineage_root(old) == new
    steps = registry.successor_steps(old, on=RESTRUCTURING)
    assert steps == [(old, new, steps[0][2], RESTRUCTURING)] and "nd-45-2025" in steps[0][2]


def test_merged_department_successors_exist_from_1_march(registry):
    assert registry.agencies["so-nnmt"]["valid_from"] == RESTRUCTURING
    assert registry.agency_on("so-nnmt", "2025-02-28") in ("so-nnptnt", "so-tnmt")
    assert {p for p, _ in registry.predecessors("so-nnmt")} >= {"so-nnptnt", "so-tnmt", "so-ldtbxh"}
    assert {p for p, _ in registry.predecessors("so-xay-dung")} == {"so-gtvt"}
    assert registry.agencies["so-xay-dung"]["valid_to"] is None


@pytest.mark.parametrize("agency", [
    "so-cong-thuong", "so-xay-dung", "so-khcn", "thanh-tra", "bhxh", "bo-chqs", "tand",
    "vksnd", "ldld", "tinh-doan", "hoi-nong-dan", "hoi-ccb",
])
def test_bodies_that_continue(registry, agency):
    """No lineage where our sources record none (BHXH's 2025 reorganisation among them)."""
    a = registry.agencies[agency]
    assert a["valid_to"] is None and not a.get("successors")
    assert registry.agency_on(agency, "2025-07-01") == agency


# Sở LĐTBXH's functions (Vietnamese wording as in functions_vi) -> the department that took them
LABOUR_SPLIT = {
    "bình đẳng giới": "so-noi-vu",
    "lao động": "so-noi-vu",
    "việc làm": "so-noi-vu",
    "tiền lương": "so-noi-vu",
    "bảo hiểm xã hội": "so-noi-vu",
    "người có công": "so-noi-vu",
    "bảo trợ xã hội": "so-y-te",
    "trẻ em": "so-y-te",
    "tệ nạn xã hội": "so-y-te",
    "giáo dục nghề nghiệp": "so-gddt",
    "giảm nghèo": "so-nnmt",
    "cai nghiện ma túy": "cong-an",
}


@pytest.mark.parametrize("function, successor", LABOUR_SPLIT.items())
def test_labour_department_split_by_function(registry, function, successor):
    entries = registry.agencies["so-ldtbxh"]["successors"]
    holders = [s for s in entries if function in s["functions_vi"].lower()]
    assert [s["agency"] for s in holders] == [successor]
    s = holders[0]
    assert s["effective"] == RESTRUCTURING and s["functions_en"]
    assert s["acts"] and all(act in registry.legal_acts for act in s["acts"])


def test_labour_split_covers_every_successor_and_keeps_the_themes(registry):
    entries = registry.agencies["so-ldtbxh"]["successors"]
    assert {s["agency"] for s in entries} == set(LABOUR_SPLIT.values())
    assert [s["agency"] for s in entries if s.get("primary")] == ["so-noi-vu"]
    # the analysis reads `themes` to pick a successor per task theme: the functions that left for
    # other departments have their own themes; every other theme goes to Sở Nội vụ
    split = {"so-y-te": ["child-protection", "social-protection"], "so-gddt": ["vocational-training"],
             "so-nnmt": ["poverty-reduction"], "cong-an": []}
    assert {s["agency"]: s.get("themes") or [] for s in entries if not s.get("primary")} == split
    moved = {t: a for a, ts in split.items() for t in ts}
    assert not set(moved) & set(registry.successor_entry("so-ldtbxh", "so-noi-vu")["themes"])
    for theme in registry.themes:
        want = moved.get(theme, "so-noi-vu")
        assert registry.successor("so-ldtbxh", theme)["agency"] == want, theme
        assert registry.successor_on("so-ldtbxh", RESTRUCTURING, theme) == want
    assert "gender equality" in registry.successor_entry("so-ldtbxh", "so-noi-vu")["functions_en"]


def test_information_department_split(registry):
    press = registry.successor_entry("so-tttt", "so-vhttdl")
    rest = registry.successor_entry("so-tttt", "so-khcn")
    assert press.get("primary") and not rest.get("primary")
    assert "báo chí" in press["functions_vi"].lower() and "xuất bản" in press["functions_vi"].lower()
    assert "Press and publishing" in press["functions_en"]
    assert "còn lại" in rest["functions_vi"] and "nd-45-2025" in press["acts"] and "nd-45-2025" in rest["acts"]


def test_statistics_office_stays_unconfirmed(registry):
    s = registry.successor_entry("cuc-thong-ke", "thong-ke-tinh")
    assert s["effective"] == RESTRUCTURING and s.get("confirmed") is False and "UNCONFIRMED" in s["note_en"]
    assert registry.agencies["thong-ke-tinh"].get("confirmed") is False
    assert "UNCONFIRMED" in registry.agencies["thong-ke-tinh"]["notes_en"]
    assert registry.legal_acts["qd-384-2025-btc"]["confirmed"] is False


def test_every_successor_entry_has_acts_and_both_function_texts(registry):
    entries = [(aid, s) for aid, a in registry.agencies.items() for s in a.get("successors") or []]
    assert len(entries) >= 12
    for aid, s in entries:
        where = f"{aid} -> {s['agency']}"
        assert s["agency"] in registry.agencies, where
        assert s.get("acts") and all(act in registry.legal_acts for act in s["acts"]), where
        assert s.get("functions_vi") and s.get("functions_en"), where
        assert unicodedata.is_normalized("NFC", s["functions_vi"]), where
        # the predecessor ends the day before, the successor exists by then
        pred, succ = registry.agencies[aid], registry.agencies[s["agency"]]
        assert pred["valid_to"] and pred["valid_to"] < s["effective"], where
        assert (succ.get("valid_from") or "") <= s["effective"], where


def test_legal_acts_are_sourced(registry):
    for act_id, act in registry.legal_acts.items():
        assert act.get("url", "").startswith("https://"), act_id
        assert isinstance(act.get("confirmed"), bool), act_id
        assert act["number"] and act["title"] and act["issuer"], act_id
