"""The public methodology page: the codebook (as data too) and the data revisions log (also in the feed)."""
import csv
from html import unescape
import io
import json
import shutil
import xml.etree.ElementTree as ET

import pytest

from generator.corpus import load_corpus
from generator.model import KEY_ROLE_NAMES, ROLE_ORDER

from conftest import CONTENT

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def real():
    corpus = load_corpus(CONTENT)
    assert corpus.ok, [d.format() for d in corpus.errors]
    return corpus


def test_codebook_has_every_code_in_both_languages_with_real_examples(real):
    book = real.codebook
    assert tuple(c.id for c in book.roles) == ROLE_ORDER
    assert tuple(c.id for c in book.modes) == ("directed", "requested")
    assert tuple(c.id for c in book.functions) == KEY_ROLE_NAMES
    for code in book.codes():
        assert code.definition["vi"] and code.definition["en"], code.id
    for code in book.roles:
        assert code.cues and code.examples, code.id  # every role shown on real sentences
    assert book.generic_partners and book.generic_partners["vi"]


def _copy(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    return content


def test_a_codebook_example_must_quote_its_plan(tmp_path):
    content = _copy(tmp_path)
    path = content / "codebook.yml"
    text = path.read_text(encoding="utf-8")
    first_quote = text.split('quote: "', 1)[1].split('"', 1)[0]
    path.write_text(text.replace(f'quote: "{first_quote}"', 'quote: "words no plan prints"', 1), encoding="utf-8")
    errors = load_corpus(content).errors
    assert any(d.path.endswith("codebook.yml") and "the quote is not in" in d.message and d.line > 1 for d in errors)


def test_a_revision_must_name_a_plan_we_hold(tmp_path):
    content = _copy(tmp_path)
    path = content / "revisions.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("plan: ninh-thuan/2021", "plan: ninh-thuan/2031", 1), encoding="utf-8")
    errors = load_corpus(content).errors
    assert any(d.path.endswith("revisions.yml") and "no plan 'ninh-thuan/2031'" in d.message for d in errors)


@pytest.mark.parametrize("root", ["", "en/"])
def test_methodology_page(built_site, real, root):
    html = unescape((built_site / root / "methodology" / "index.html").read_text(encoding="utf-8"))
    for code in real.codebook.codes():
        assert f'id="{code.kind}-{code.id}"' in html
    for tid in real.registry.themes:
        assert f'id="theme-{tid}"' in html
    for r in real.revisions:
        assert f'id="{r.anchor}"' in html
        assert (r.change["vi"] if root == "" else r.change["en"]).split("“")[0][:40] in html
    assert "codebook.json" in html and "codebook.csv" in html


def test_codebook_files_and_data_package(built_site, real):
    data = json.loads((built_site / "data" / "codebook.json").read_text(encoding="utf-8"))
    kinds = {(r["kind"], r["id"]) for r in data["codes"]}
    assert {("role", r) for r in ROLE_ORDER} | {("function", f) for f in KEY_ROLE_NAMES} <= kinds
    assert {("theme", t) for t in real.registry.themes} <= kinds
    assert all(r["label_vi"] and r["label_en"] and r["definition_vi"] and r["definition_en"] for r in data["codes"])
    rows = list(csv.DictReader(io.StringIO((built_site / "data" / "codebook.csv").read_text(encoding="utf-8"))))
    assert [(r["kind"], r["id"]) for r in rows] == [(r["kind"], r["id"]) for r in data["codes"]]
    package = json.loads((built_site / "data" / "datapackage.json").read_text(encoding="utf-8"))
    names = {r["name"]: r for r in package["resources"]}
    assert {"codebook", "codebook-csv", "provinces", "provinces-csv"} <= set(names)
    assert [f["name"] for f in names["codebook-csv"]["schema"]["fields"]] == list(rows[0])


def test_the_feed_carries_the_revisions(built_site, real):
    root = ET.parse(built_site / "feed.atom").getroot()
    revs = [e for e in root.findall(f"{ATOM}entry") if e.find(f"{ATOM}category").get("term") == "revision"]
    assert len(revs) == len(real.revisions)
    hrefs = {e.find(f"{ATOM}link").get("href").rsplit("#", 1)[1] for e in revs}
    assert hrefs == {r.anchor for r in real.revisions}
    assert all(e.find(f"{ATOM}summary").text for e in revs)
