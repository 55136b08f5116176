"""The national province registry: the 63 units valid until 30 June 2025, the 34 from 1 July 2025
(NQ 202/2025/QH15), their codes with validity, and the published data/provinces.json and .csv."""
import csv
import hashlib
import io
import json
import re
import shutil
import unicodedata

import pytest

from conftest import CONTENT
from generator.registry import load_registry

EVE, DAY = "2025-06-30", "2025-07-01"

# NQ 202/2025/QH15: every absorbed unit -> the unit it is part of from 1 July 2025 (29 rows).
MERGERS = {
    "ha-giang": "tuyen-quang",
    "yen-bai": "lao-cai",
    "bac-kan": "thai-nguyen",
    "vinh-phuc": "phu-tho", "hoa-binh": "phu-tho",
    "bac-giang": "bac-ninh",
    "thai-binh": "hung-yen",
    "hai-duong": "hai-phong",
    "ha-nam": "ninh-binh", "nam-dinh": "ninh-binh",
    "quang-binh": "quang-tri",
    "quang-nam": "da-nang",
    "kon-tum": "quang-ngai",
    "binh-dinh": "gia-lai",
    "ninh-thuan": "khanh-hoa",
    "dak-nong": "lam-dong", "binh-thuan": "lam-dong",
    "phu-yen": "dak-lak",
    "binh-duong": "ho-chi-minh", "ba-ria-vung-tau": "ho-chi-minh",
    "binh-phuoc": "dong-nai",
    "long-an": "tay-ninh",
    "hau-giang": "can-tho", "soc-trang": "can-tho",
    "ben-tre": "vinh-long", "tra-vinh": "vinh-long",
    "tien-giang": "dong-thap",
    "bac-lieu": "ca-mau",
    "kien-giang": "an-giang",
}
# The 11 units the mergers left as they were.
UNCHANGED = {"ha-noi", "hue", "lai-chau", "dien-bien", "son-la", "lang-son", "quang-ninh", "thanh-hoa", "nghe-an",
             "ha-tinh", "cao-bang"}
# The 34 units from 1 July 2025 -> their code from that day.
CODES_AFTER = {
    "ha-noi": "01", "cao-bang": "04", "tuyen-quang": "08", "dien-bien": "11", "lai-chau": "12", "son-la": "14",
    "lao-cai": "15", "thai-nguyen": "19", "lang-son": "20", "quang-ninh": "22", "bac-ninh": "24", "phu-tho": "25",
    "hai-phong": "31", "hung-yen": "33", "ninh-binh": "37", "thanh-hoa": "38", "nghe-an": "40", "ha-tinh": "42",
    "quang-tri": "44", "hue": "46", "da-nang": "48", "quang-ngai": "51", "gia-lai": "52", "khanh-hoa": "56",
    "dak-lak": "66", "lam-dong": "68", "dong-nai": "75", "ho-chi-minh": "79", "tay-ninh": "80", "dong-thap": "82",
    "vinh-long": "86", "an-giang": "91", "can-tho": "92", "ca-mau": "96",
}
# Continuing units whose code changed on 1 July 2025 (each took the code of a unit it absorbed).
CODE_CHANGES = {"lao-cai": ("10", "15"), "bac-ninh": ("27", "24"), "quang-tri": ("45", "44"), "gia-lai": ("64", "52"),
                "tay-ninh": ("72", "80"), "dong-thap": ("87", "82"), "an-giang": ("89", "91")}
CITIES = {"ha-noi", "hai-phong", "hue", "da-nang", "ho-chi-minh", "can-tho"}  # thành phố trực thuộc trung ương
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def valid_on(unit: dict, day: str) -> bool:
    return (unit["valid_from"] is None or unit["valid_from"] <= day) and (unit["valid_to"] is None or day <= unit["valid_to"])


@pytest.fixture(scope="module")
def units(built_site):
    return json.loads((built_site / "data" / "provinces.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def by_slug(units):
    return {u["slug"]: u for u in units}


def test_63_units_on_the_eve_and_34_from_1_july_2025(units):
    assert len(units) == 63
    assert len([u for u in units if valid_on(u, EVE)]) == 63
    after = {u["slug"] for u in units if valid_on(u, DAY)}
    assert after == set(CODES_AFTER)
    assert {u["slug"] for u in units if u["kind"] == "city" and valid_on(u, DAY)} == CITIES  # 28 provinces + 6 cities
    assert all(u["kind"] in ("province", "city") for u in units)


def test_every_merger(units, by_slug, registry):
    assert len(MERGERS) == 29
    assert {u["slug"]: u["successor"] for u in units if u["successor"]} == MERGERS
    for old, new in MERGERS.items():
        assert by_slug[old]["valid_to"] == EVE and by_slug[old]["code_after"] is None, old
        assert by_slug[new]["valid_to"] is None and by_slug[new]["successor"] is None, new
        assert registry.province_successor(old, EVE) == old and registry.province_successor(old, DAY) == new
    absorbed = {u["slug"]: sorted(u["absorbed"]) for u in units if u["absorbed"]}
    expected: dict[str, list] = {}
    for old, new in MERGERS.items():
        expected.setdefault(new, []).append(old)
    assert absorbed == {k: sorted(v) for k, v in expected.items()}
    assert len(absorbed) == 23  # 52 old units became 23 new ones
    assert set(CODES_AFTER) - set(absorbed) == UNCHANGED


def test_codes_before_and_after(units, by_slug):
    assert {u["slug"]: u["code_after"] for u in units if u["code_after"]} == CODES_AFTER
    before = [u["code_before"] for u in units]
    assert len(set(before)) == 63 and all(re.fullmatch(r"\d{2}", c) for c in before)
    for slug, (old, new) in CODE_CHANGES.items():
        assert (by_slug[slug]["code_before"], by_slug[slug]["code_after"]) == (old, new)
        assert by_slug[slug]["codes"] == [{"code": old, "valid_from": None, "valid_to": EVE},
                                          {"code": new, "valid_from": DAY, "valid_to": None}]
    for slug, u in by_slug.items():
        if slug in CODES_AFTER and slug not in CODE_CHANGES:
            assert u["code_before"] == u["code_after"], slug


def test_code_52_is_binh_dinh_before_and_gia_lai_after(units, registry):
    assert [u["slug"] for u in units if u["code_before"] == "52"] == ["binh-dinh"]
    assert [u["slug"] for u in units if u["code_after"] == "52"] == ["gia-lai"]
    assert registry.province_by_code("52", EVE) == "binh-dinh"
    assert registry.province_by_code("52", DAY) == "gia-lai"
    assert registry.province_by_code("64", EVE) == "gia-lai" and registry.province_by_code("64", DAY) is None


def test_slugs_ascii_unique_and_names_clean(units):
    slugs = [u["slug"] for u in units]
    assert len(set(slugs)) == len(slugs)
    for u in units:
        assert SLUG.fullmatch(u["slug"]) and u["slug"].isascii(), u["slug"]
        assert u["name"] == unicodedata.normalize("NFC", u["name"]) and u["name"].strip() == u["name"]
        assert u["name_en"].isascii(), u["name_en"]
    # the 10 ids the registry held before it covered every province are kept
    assert {"cao-bang", "dak-nong", "lam-dong", "binh-thuan", "gia-lai", "binh-dinh", "ninh-thuan", "khanh-hoa",
            "kon-tum", "quang-ngai"} <= set(slugs)


def test_hue_was_thua_thien_hue_until_2025(by_slug):
    hue = by_slug["hue"]
    assert hue["kind"] == "city" and hue["code_before"] == hue["code_after"] == "46"
    assert hue["former_names"] == [{"name": "Thừa Thiên Huế", "name_en": "Thua Thien Hue", "kind": "province",
                                    "valid_from": None, "valid_to": "2024-12-31"}]


def test_csv_has_the_same_rows(built_site, units):
    rows = list(csv.DictReader(io.StringIO((built_site / "data" / "provinces.csv").read_text(encoding="utf-8"), newline="")))
    assert [r["slug"] for r in rows] == [u["slug"] for u in units]
    span = lambda x: f"{x['valid_from'] or ''}/{x['valid_to'] or ''}"
    for r, u in zip(rows, units):
        assert list(r) == list(u)  # same columns, same order
        for k, v in u.items():
            if k == "codes":
                want = ";".join(f"{c['code']}:{span(c)}" for c in v)
            elif k == "former_names":
                want = ";".join(f"{f['name']}:{span(f)}" for f in v)
            elif isinstance(v, list):
                want = ";".join(v)
            elif isinstance(v, bool):
                want = "true" if v else "false"
            else:
                want = "" if v is None else v
            assert r[k] == want, (u["slug"], k)
    assert next(r for r in rows if r["slug"] == "gia-lai")["codes"] == "64:/2025-06-30;52:2025-07-01/"


def test_datapackage_lists_both_files(built_site, units):
    dp = json.loads((built_site / "data" / "datapackage.json").read_text(encoding="utf-8"))
    res = {r["name"]: r for r in dp["resources"]}
    header = (built_site / "data" / "provinces.csv").read_text(encoding="utf-8").split("\n", 1)[0].split(",")
    for name, path, fmt in (("provinces", "provinces.json", "json"), ("provinces-csv", "provinces.csv", "csv")):
        r = res[name]
        data = (built_site / "data" / path).read_bytes()
        assert (r["path"], r["format"], r["bytes"]) == (path, fmt, len(data))
        assert r["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
        assert r["title"] and r["description"]
    fields = res["provinces-csv"]["schema"]["fields"]
    assert [f["name"] for f in fields] == header == list(units[0])
    assert all(f["description"] for f in fields)
    assert res["provinces-csv"]["schema"]["primaryKey"] == ["slug"]
    assert [f["name"] for f in res["provinces"]["plansite:fields"]] == list(units[0])
    # and the /data/ page offers both
    page = (built_site / "data" / "index.html").read_text(encoding="utf-8")
    assert 'href="provinces.json"' in page and 'href="provinces.csv"' in page


# --- the registry's own checks: a merger or a code that disagrees is refused with its line ----------

@pytest.fixture
def registry_copy(tmp_path):
    root = tmp_path / "content"
    shutil.copytree(CONTENT / "registry", root / "registry")
    return root


def _errors(content):
    reg, diags = load_registry(content)
    assert reg is None
    return [d.format() for d in diags]


def _line_of(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    at = -1
    for _ in range(nth + 1):
        at = text.index(needle, at + 1)
    line = text[:at].count("\n") + 1
    return line, at - (text.rfind("\n", 0, at) + 1) + 1


def test_a_one_sided_merger_is_located(registry_copy):
    path = registry_copy / "registry" / "provinces.yml"
    text = path.read_text(encoding="utf-8")
    assert text.count("    absorbed: [kon-tum]\n") == 1
    text = text.replace("    absorbed: [kon-tum]\n", "")
    path.write_text(text, encoding="utf-8")
    line, col = _line_of(text, "merged_into: quang-ngai")
    assert _errors(registry_copy) == [
        f"{path}:{line}:{col + len('merged_into: ')}: error: "
        "province 'kon-tum' is merged into 'quang-ngai', whose absorbed does not list it"]


def test_a_code_held_by_two_units_on_one_day_is_located(registry_copy):
    path = registry_copy / "registry" / "provinces.yml"
    text = path.read_text(encoding="utf-8")
    binh_dinh = '{code: "52", valid_from: null, valid_to: "2025-06-30"}'  # Bình Định's 52, left open
    gia_lai = '{code: "52", valid_from: "2025-07-01", valid_to: null}'
    assert text.count(binh_dinh) == text.count(gia_lai) == 1
    path.write_text(text.replace(binh_dinh, '{code: "52", valid_from: null, valid_to: null}'), encoding="utf-8")
    line, col = _line_of(text, gia_lai)  # the later of the two is the one flagged
    assert _errors(registry_copy) == [
        f"{path}:{line}:{col}: error: code '52' names both 'binh-dinh' and 'gia-lai' on the same day: "
        "give each its validity dates"]
