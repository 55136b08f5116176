"""Partial texts, the catalogue of plans we know of but do not hold, and what we hold per province:
said plainly on every page that counts plans, in the data, in the feed, and never counted as absent."""
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from generator.analysis import analyse, holding
from generator.corpus import load_corpus
from generator.validate import check_file

from conftest import CONTENT

PARTIAL = ("quang-ngai/2024", "gia-lai/2025", "son-la/2025", "tay-ninh/2021-2030")


@pytest.fixture(scope="module")
def real():
    corpus = load_corpus(CONTENT)
    assert corpus.ok, [d.format() for d in corpus.errors]
    return corpus


def _page(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def test_the_four_excerpts_are_partial_and_the_seeds_full(real):
    status = {p.key: p.text_status for p in real.plans}
    assert {k for k, s in status.items() if s == "partial"} == set(PARTIAL)
    assert sum(s == "full" for s in status.values()) == 5


def test_front_matter_comes_from_what_the_text_shows(real):
    by_key = {p.key: p for p in real.plans}
    qn, gl, sl, tn = (by_key[k] for k in PARTIAL)
    assert (qn.number, qn.date, qn.proposal["agency"]) == ("72/KH-UBND", "2024-03-25", "so-ldtbxh")
    assert (gl.number, gl.date, gl.proposal) == ("1140/KH-UBND", "2025-04-29", None)
    assert (sl.number, sl.date, sl.proposal["agency"]) == ("123/KH-UBND", "2025-05-06", "so-noi-vu")
    assert (tn.number, tn.date, tn.proposal["agency"], tn.signer_name) == ("1100/QĐ-UBND", "2021-05-21", "so-ldtbxh", "Nguyễn Mạnh Hùng")
    assert tn.decision and [a for a, _ in tn.decision.articles] == ["Điều 1.", "Điều 2.", "Điều 3."]
    # Sơn La prints 28/2/2025 for Công văn 739 (others: 28/3/2025): kept as printed
    assert any(lb.number == "739/BNV-CTTN&BĐG" and lb.date == "2025-02-28" for lb in sl.legal_bases)
    # the header lines of the excerpts are our note, not the text: not in the source files
    for p in (qn, gl, sl, tn):
        assert not (CONTENT / p.source_file).read_text(encoding="utf-8").startswith("---")
        assert p.source_url.startswith("https://")


def _variant(tmp_path, key, edit):
    src = CONTENT / "plans" / f"{key}.yml"
    text = edit(src.read_text(encoding="utf-8"))
    dst = tmp_path / "plans" / key.split("/")[0] / src.name
    dst.parent.mkdir(parents=True)
    dst.write_text(text, encoding="utf-8")
    return dst


def test_an_incomplete_text_must_say_so(tmp_path, registry):
    # drop the `text:` block of a partial plan: it lacks the implementation section and the signature
    path = _variant(tmp_path, "quang-ngai/2024", lambda t: re.sub(r"\ntext:\n(  .*\n)+", "\n", t))
    _, errors = check_file(path, CONTENT, registry)
    messages = [e.format() for e in errors]
    assert any(":lead_agency" not in m and "no implementation section" in m and "text: {status: partial" in m for m in messages), messages
    assert any("lead_agency is null" in m for m in messages), messages


def test_a_partial_text_must_say_what_is_missing(tmp_path, registry):
    path = _variant(tmp_path, "son-la/2025", lambda t: re.sub(r"  missing_en: .*\n", "", t))
    _, errors = check_file(path, CONTENT, registry)
    assert any("missing_en" in e.message for e in errors), [e.format() for e in errors]


def test_partial_plans_are_not_counted_as_absent(real):
    a = analyse(real, {})
    assert {p.key for p in a.partial} == set(PARTIAL)
    for s in a.matrix_slices:
        assert not {p.key for p in s.plans} & set(PARTIAL)
    # a partial text is compared only with its own province's plans (a succession), and the comparison says so
    for pair in a.comparisons.pairs:
        c = a.comparisons.results[pair.slug]
        partial = {k for k in (pair.a, pair.b) if k in PARTIAL}
        assert not partial or (pair.kind == "succession" and c.partial), pair
        assert "dropped" not in {tp.change for tp in c.tasks} or not partial
    assert {pair.slug for pair in a.comparisons.pairs if pair.kind == "succession"} == {
        "quang-ngai-2024--quang-ngai-2025", "gia-lai-2020--gia-lai-2025"}
    # who holds each function shows what the partial texts do say (the proposer), the rest "not in our text"
    qn = {h.function: h for h in a.functions["quang-ngai/2024"]}
    assert qn["proposer"].agency == "so-ldtbxh" and (qn["lead"].agency, qn["lead"].state) == (None, "not_in_text")


def test_holdings_per_province(real):
    a = analyse(real, {})
    h = a.holdings
    assert (h["quang-ngai"], h["son-la"], h["tay-ninh"], h["binh-dinh"]) == ("full", "partial", "partial", "none")
    assert len(h) == len(real.registry.provinces)
    assert holding((), ("cited",)) == "referenced"


def test_catalogue_entries_are_cited_by_a_plan_we_hold(real):
    known = {(k.province, k.number): k for k in real.catalogue}
    assert set(known) >= {("quang-ngai", "254/QĐ-UBND"), ("gia-lai", "834/KH-UBND"), ("son-la", "111/KH-UBND")}
    assert known[("quang-ngai", "254/QĐ-UBND")].cited_by == ("quang-ngai/2024", "quang-ngai/2025")


def test_catalogue_refuses_a_citation_that_is_not_there(tmp_path, registry):
    import shutil
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    cat = content / "catalogue.yml"
    cat.write_text(cat.read_text(encoding="utf-8").replace("cited_by: [son-la/2025]", "cited_by: [cao-bang/2022]"), encoding="utf-8")
    corpus = load_corpus(content)
    assert any("does not cite 111/KH-UBND" in d.message and d.path.endswith("catalogue.yml") for d in corpus.errors)


def test_plans_json_says_full_partial_or_referenced(built_site):
    plans = json.loads((built_site / "data" / "plans.json").read_text(encoding="utf-8"))["plans"]
    status = {p["key"]: p["status"] for p in plans}
    assert {k for k, s in status.items() if s == "partial"} == set(PARTIAL)
    referenced = [p for p in plans if p["status"] == "referenced"]
    assert any(p["document"]["number"] == "254/QĐ-UBND" and p["cited_by"] == ["quang-ngai/2024", "quang-ngai/2025"] for p in referenced)
    tn = next(p for p in plans if p["key"] == "tay-ninh/2021-2030")
    assert tn["text"]["missing"] and tn["text"]["missing_vi"] and tn["lead_agency"]["id"] is None


@pytest.mark.parametrize("lang_root", ["", "en/"])
def test_pages_say_partial_wherever_the_plan_is_counted(built_site, lang_root):
    plan = _page(built_site, lang_root + "provinces/quang-ngai/2024")
    assert 'class="ps-partial"' in plan and 'id="text-ends"' in plan
    for path in ("provinces/quang-ngai", "years/2024", "", "transfer"):
        assert "ps-badge--partial" in _page(built_site, lang_root + path), path
    matrix = _page(built_site, lang_root + "matrix")
    assert 'class="ps-partial"' in matrix and "provinces/son-la/2025/" in matrix


def test_province_page_and_wanted_list_show_known_plans(built_site):
    qn = _page(built_site, "en/provinces/quang-ngai")
    assert 'id="known"' in qn and "254/QĐ-UBND" in qn
    wanted = _page(built_site, "en/about/wanted")
    for number in ("254/QĐ-UBND", "834/KH-UBND", "111/KH-UBND"):
        assert number in wanted
    assert "provinces/tay-ninh/2021-2030/" in wanted


def test_provinces_index_lists_every_unit_before_and_after(built_site, registry):
    html = _page(built_site, "en/provinces")
    after = re.search(r'<h2 id="after">(.*?)<h2 id="before">', html, re.S).group(1)
    before = html.split('<h2 id="before">', 1)[1]
    n_after = sum(1 for p in registry.provinces.values() if not p.get("valid_to"))
    assert after.count("<tr id=") == n_after
    assert before.count('<th scope="row">') == len(registry.provinces)
    for h in ("full", "partial", "none"):
        assert f"ps-holding--{h}" in html


def test_feed_summarises_partial_plans_honestly(built_site):
    feed = ET.parse(built_site / "feed.atom").getroot()
    ns = {"a": "http://www.w3.org/2005/Atom"}
    summaries = {e.find("a:id", ns).text: e.find("a:summary", ns).text for e in feed.findall("a:entry", ns)}
    qn = next(s for i, s in summaries.items() if i.endswith("/provinces/quang-ngai/2024/"))
    assert "Văn bản chưa đầy đủ" in qn and "None" not in qn
