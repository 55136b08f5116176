"""Comparison pages (generator/views/comparisons.py, views/transfer.py + compare.html, compare_index.html, transfer.html, _diff.html).

Rendered directly with generator.render.Renderer for both languages and read back with html.parser;
then in Chromium against the built site (fixtures site_url, browser, page_errors from conftest).
"""
from __future__ import annotations

import json
import posixpath
import re
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from generator.build import load_config
from generator.analysis.compare import compare
from generator.analysis.successions import publish_pairs
from generator.analysis import analyse
from generator.build import chrome, languages_of
from generator.corpus import Corpus
from generator.i18n import load_labels
from generator.model import build_plan
from generator.render import Renderer
from generator.views import Page, Shared, View, comparisons, transfer

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"
QN_NT = "ninh-thuan-2021--quang-ngai-2025"
LANGS = ("vi", "en")


# --------------------------------------------------------------------------------------------
# A tiny DOM from html.parser
# --------------------------------------------------------------------------------------------

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Node:
    def __init__(self, tag, attrs, parent=None):
        self.tag, self.attrs, self.parent, self.children = tag, dict(attrs), parent, []

    @property
    def classes(self):
        return set((self.attrs.get("class") or "").split())

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def visible_text(self) -> str:
        """The text a sighted reader sees: without screen-reader-only spans."""
        return "".join(c if isinstance(c, str) else ("" if "ps-sr" in c.classes else c.visible_text())
                       for c in self.children)

    def iter(self):
        for c in self.children:
            if isinstance(c, Node):
                yield c
                yield from c.iter()

    def find_all(self, tag=None, cls=None, **attrs):
        out = []
        for n in self.iter():
            if tag and n.tag != tag:
                continue
            if cls and cls not in n.classes:
                continue
            if any(n.attrs.get(k.replace("_", "-")) != v for k, v in attrs.items()):
                continue
            out.append(n)
        return out

    def find(self, tag=None, cls=None, **attrs):
        found = self.find_all(tag, cls, **attrs)
        return found[0] if found else None

    def ancestors(self):
        n = self.parent
        while n is not None:
            yield n
            n = n.parent


class TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {})
        self.cur = self.root

    def handle_starttag(self, tag, attrs):
        node = Node(tag, attrs, self.cur)
        self.cur.children.append(node)
        if tag not in VOID:
            self.cur = node

    def handle_startendtag(self, tag, attrs):
        self.cur.children.append(Node(tag, attrs, self.cur))

    def handle_endtag(self, tag):
        n = self.cur
        while n is not self.root and n.tag != tag:
            n = n.parent
        assert n is not self.root, f"stray </{tag}>"
        self.cur = n.parent

    def handle_data(self, data):
        self.cur.children.append(data)


def parse(html: str) -> Node:
    b = TreeBuilder()
    b.feed(html)
    b.close()
    assert b.cur is b.root, f"unclosed <{b.cur.tag}>"
    return b.root


def squash(s: str) -> str:
    return " ".join(s.split())


# --------------------------------------------------------------------------------------------
# Rendering
# --------------------------------------------------------------------------------------------


def render_all(plans, reg, config, lang):
    """The comparison families' pages for `plans`, rendered in `lang`, and (default language) their shared files."""
    corpus = Corpus(ROOT / "content", tuple(plans), reg)
    languages = languages_of(config, load_labels()[0], reg)
    renderers = {code: Renderer(language) for code, language in languages.items()}
    analysis = analyse(corpus, config)
    view = View(analysis, corpus, config, renderers[lang], languages)
    pages = [p for family in (comparisons, transfer) for p in family.pages(view) if isinstance(p, Page)]
    titles = {p.path: p.title for p in pages}
    out = {}
    for p in pages:
        html = renderers[lang].render(p.template, p.path, **chrome(p, languages[lang], titles, config), **p.context)
        out[p.path] = (p, html, parse(html))
    files = {}
    if lang == config["languages"][0]:
        files = {f.path: f.data for f in comparisons.shared_files(Shared(analysis, corpus, config, renderers))}
    return out, files


@pytest.fixture(scope="module")
def config():
    return load_config()


@pytest.fixture(scope="module")
def rendered(corpus, config):
    plans, reg = corpus
    return {lang: render_all(plans, reg, config, lang) for lang in LANGS}


@pytest.fixture(scope="module")
def pairs(corpus, config):
    plans, reg = corpus
    return publish_pairs(plans, reg, config["compare"]["restructuring_date"])


def page(rendered, lang, path):
    pages, _ = rendered[lang]
    assert path in pages, f"no page {path}; have {sorted(pages)}"
    return pages[path]


def resolve(from_page: str, href: str) -> str:
    """A relative href on a page (directory URL) -> the path from the language root."""
    path, _, frag = href.partition("#")
    joined = posixpath.normpath(posixpath.join(from_page, path)) if path else from_page.rstrip("/")
    joined = "" if joined == "." else joined
    if (path.endswith("/") or not path) and joined:
        joined += "/"
    return joined + ("#" + frag if frag else "")


# --------------------------------------------------------------------------------------------
# Published comparison pages
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_every_published_pair_has_a_page(rendered, pairs, lang):
    pages, _ = rendered[lang]
    expected = {f"compare/{pp.slug}/" for pp in pairs}
    assert expected <= set(pages)
    assert set(pages) == expected | {"compare/", "transfer/"}
    assert len(pairs) == 5  # two successions, three provinces with no plan after 2025 set beside Quảng Ngãi 2025
    for pp in pairs:
        p, _, dom = pages[f"compare/{pp.slug}/"]
        assert p.template == "compare.html" and p.context["pair"] == pp
        assert dom.find("h1") is not None
        # the page names its kind, and a parallel page never says moved, new or dropped
        root = dom.find("div", "cmp")
        assert root.attrs["data-comparison"] == pp.kind
        notice = dom.find("p", "cmp-notice")
        assert "cmp-notice--" + pp.kind in notice.classes and notice.attrs["role"] == "note"
        changes = {n.attrs["data-change"] for n in dom.iter() if "data-change" in n.attrs}
        if pp.kind == "parallel":
            assert changes and not changes & {"moved", "new", "dropped", "kept", "changed", "split", "merged"}
            assert not {n.attrs.get("data-kind") for n in dom.iter()} & {"moved", "added", "dropped"}


@pytest.mark.parametrize("lang", LANGS)
def test_quang_ngai_succession_names_both_departments_and_says_what_it_cannot(rendered, corpus, lang):
    """Quảng Ngãi 2024 -> 2025: the proposer moves from Sở LĐTBXH to Sở Nội vụ by ND 45; the 2024 text
    stops before its tasks, so nothing else is called new."""
    _, reg = corpus
    _, html, dom = page(rendered, lang, "compare/quang-ngai-2024--quang-ngai-2025/")
    assert dom.find("div", "cmp").attrs["data-comparison"] == "succession"
    ev = dom.find("li", id="e-role-proposer")
    assert "cmp-event--restructuring" in ev.classes
    text = squash(ev.visible_text())
    assert ("Sở LĐTBXH → Sở Nội vụ" if lang == "vi" else "Labour (DOLISA) → Home Affairs") in text
    assert "Nghị định 45/2025/NĐ-CP" in {squash(a.text()) for a in ev.find_all("a", "cmp-act")}
    assert dom.find("aside", "ps-partial") is not None
    changes = {n.attrs["data-change"] for n in dom.iter() if "data-change" in n.attrs}
    assert changes == {"outside_text"}
    lead = squash(dom.find("li", id="e-role-lead").visible_text())
    assert ("không có trong phần văn bản chúng tôi có" if lang == "vi" else "not in the part of the text we hold") in lead


@pytest.mark.parametrize("lang", LANGS)
def test_header_names_both_plans_exactly(rendered, lang):
    _, html, dom = page(rendered, lang, f"compare/{QN_NT}/")
    h1 = squash(dom.find("h1").text())
    nt, qn = ("Ninh Thuận", "Quảng Ngãi") if lang == "vi" else ("Ninh Thuan", "Quang Ngai")
    assert f"{nt} 2021" in h1 and f"{qn} 2025" in h1
    table = dom.find("table", "cmp-plans")
    rows = {squash(tr.find("th").text()): [squash(td.text()) for td in tr.find_all("td")]
            for tr in table.find("tbody").find_all("tr")}
    province, number, date, lead = (("Tỉnh", "Số", "Ngày ban hành", "Cơ quan chủ trì") if lang == "vi"
                                    else ("Province", "Number", "Issued", "Lead agency"))
    assert rows[province] == [nt, qn]
    assert rows["Kế hoạch" if lang == "vi" else "Plan"] == ["2021", "2025"]
    assert rows[number][1].startswith("93/KH-UBND")
    assert rows[date][1] == "23/04/2025"
    assert rows[lead] == (["Sở Lao động - Thương binh và Xã hội", "Sở Nội vụ"] if lang == "vi"
                          else ["Department of Labour, Invalids and Social Affairs", "Department of Home Affairs"])
    # each plan's page is linked from the header
    hrefs = {a.attrs["href"] for a in table.find_all("a")}
    assert {"../../provinces/ninh-thuan/2021/", "../../provinces/quang-ngai/2025/"} <= hrefs


@pytest.mark.parametrize("lang", LANGS)
def test_summary_headline_in_the_page_language(rendered, corpus, config, lang):
    plans, reg = corpus
    by_key = {p.key: p for p in plans}
    c = compare(by_key["ninh-thuan/2021"], by_key["quang-ngai/2025"], reg, config["compare"])
    _, _, dom = page(rendered, lang, f"compare/{QN_NT}/")
    headline = squash(dom.find("p", "cmp-headline").text())
    language = languages_of(config, load_labels()[0], reg)[lang]
    assert headline == comparisons.headline(c.summary, language)
    n = c.summary.both
    assert headline.startswith(f"{n} nhiệm vụ có ở cả hai, " if lang == "vi" else f"{n} tasks in both, ")
    counts = {squash(d.find("dt").text()): int(d.find("dd").text()) for d in dom.find_all("div", "cmp-count")}
    assert counts[("Chỉ có ở A" if lang == "vi" else "In A only")] == c.summary.a_only
    assert counts[("Chỉ có ở B" if lang == "vi" else "In B only")] == c.summary.b_only
    assert not {"Mới", "Bỏ", "New", "Dropped"} & set(counts)


@pytest.mark.parametrize("lang", LANGS)
def test_action_month_held_by_the_successor_citing_decree_45(rendered, corpus, lang):
    """Two provinces: the Action Month is Labour's in one, Home Affairs' in the other -- the same function
    through the lineage, set side by side, not a move."""
    _, reg = corpus
    _, _, dom = page(rendered, lang, f"compare/{QN_NT}/")
    ev = dom.find("li", id="e-role-action_month")
    assert ev is not None and "cmp-event--lineage" in ev.classes
    text = squash(ev.visible_text())
    if lang == "vi":
        assert "Chủ trì Tháng hành động" in text and "Sở LĐTBXH ↔ Sở Nội vụ" in text
    else:
        assert "Lead of the Action Month" in text
        assert "Labour (DOLISA) ↔ Home Affairs" in text
    acts = {squash(a.text()): a.attrs["href"] for a in ev.find_all("a", "cmp-act")}
    assert "Nghị định 45/2025/NĐ-CP" in acts
    assert acts["Nghị định 45/2025/NĐ-CP"] == reg.legal_acts["nd-45-2025"]["url"]
    links = [a.attrs["href"] for a in ev.find_all("a")]
    # the clauses in both plans, and a permalink
    assert "../../provinces/ninh-thuan/2021/#so-ldtbxh-b" in links
    assert "../../provinces/quang-ngai/2025/#so-noi-vu-d" in links
    assert "#e-role-action_month" in links


def test_every_event_and_change_has_an_anchor_and_a_permalink(rendered):
    _, html, dom = page(rendered, "vi", f"compare/{QN_NT}/")
    ids = [n.attrs["id"] for n in dom.iter() if "id" in n.attrs]
    assert len(ids) == len(set(ids)), "duplicate ids"
    hrefs = {a.attrs.get("href") for a in dom.find_all("a")}
    changes = dom.find_all("div", "cmp-change") + dom.find_all("li", "cmp-event") + dom.find_all("section", "cmp-bp")
    assert len(changes) > 40
    for n in changes:
        assert n.attrs.get("id"), n.attrs
        assert "#" + n.attrs["id"] in hrefs, f"no permalink to {n.attrs['id']}"
    # every in-page link points at an anchor of the page
    for h in hrefs:
        if h and h.startswith("#") and h != "#":  # "#": the language switch of these renders
            assert h[1:] in ids, h


@pytest.mark.parametrize("lang", LANGS)
def test_ins_and_del_carry_ids(rendered, lang):
    _, _, dom = page(rendered, lang, f"compare/{QN_NT}/")
    blocks = dom.find("section", id="b-so-ldtbxh--so-noi-vu").parent  # the page's content
    ins = [n for n in blocks.find_all("ins") if not any("cmp-legend" in a.classes for a in n.ancestors())]
    dels = [n for n in blocks.find_all("del") if not any("cmp-legend" in a.classes for a in n.ancestors())]
    assert len(ins) > 10 and len(dels) > 10
    for n in ins + dels:
        anchor = n.attrs.get("id")
        assert anchor and re.fullmatch(r"c-.+-[di]\d+", anchor), anchor
        row = next(a for a in n.ancestors() if "cmp-change" in a.classes)
        assert anchor.startswith(row.attrs["id"] + "-")
        assert row.attrs["data-status"] == "similar"  # a parallel comparison marks words only between similar tasks
    # deletions are only on the A side, insertions only on the B side
    for n in dels:
        assert any("cmp-cell--a" in a.classes for a in n.ancestors())
    for n in ins:
        assert any("cmp-cell--b" in a.classes for a in n.ancestors())


def test_word_diff_text_is_faithful(rendered, corpus, config):
    """Side A = equal + deleted words = plan A's text; side B = equal + inserted = plan B's text."""
    plans, reg = corpus
    by_key = {p.key: p for p in plans}
    c = compare(by_key["ninh-thuan/2021"], by_key["quang-ngai/2025"], reg, config["compare"])
    _, _, dom = page(rendered, "vi", f"compare/{QN_NT}/")
    checked = 0
    for tp in c.tasks:
        if tp.kind != "paired" or tp.status not in ("similar", "different"):
            continue
        row = dom.find("div", id="c-" + tp.key)
        # (equal runs carry B's spacing, so compare without whitespace)
        nows = lambda s: re.sub(r"\s+", "", s)
        a = row.find("div", "cmp-cell--a").find("p", "cmp-text").text()
        b = row.find("div", "cmp-cell--b").find("p", "cmp-text").text()
        assert nows(a) == nows(" ".join(t.text for t in tp.a))
        assert nows(b) == nows(" ".join(t.text for t in tp.b))
        checked += 1
    assert checked >= 10


@pytest.mark.parametrize("lang", LANGS)
def test_labour_block_side_by_side_with_home_affairs(rendered, lang):
    _, _, dom = page(rendered, lang, f"compare/{QN_NT}/")
    sec = dom.find("section", id="b-so-ldtbxh--so-noi-vu")
    assert sec is not None and sec.attrs["data-a"] == "so-ldtbxh" and sec.attrs["data-b"] == "so-noi-vu"
    assert sec.attrs["data-kind"] == "lineage"
    head = sec.find("div", "cmp-row--head")
    cells = [c for c in head.children if isinstance(c, Node)]
    assert [("cmp-cell--a" in c.classes, "cmp-cell--b" in c.classes) for c in cells] == [(True, False), (False, True)]
    assert "../../agencies/so-ldtbxh/" in {a.attrs["href"] for a in cells[0].find_all("a")}
    assert "../../agencies/so-noi-vu/" in {a.attrs["href"] for a in cells[1].find_all("a")}
    # each change row of the block: A's task beside B's task, in one grid row
    rows = sec.find_all("div", "cmp-change")
    assert rows
    for row in rows:
        kids = [c for c in row.children if isinstance(c, Node)]
        assert [k for k in kids if "cmp-cell--a" in k.classes] and [k for k in kids if "cmp-cell--b" in k.classes]
    # the rename cites the decree
    assert "45/2025/NĐ-CP" in sec.find("p", "cmp-bpmeta").text()


@pytest.mark.parametrize("lang", LANGS)
def test_clause_links_reach_the_plans_clauses(rendered, corpus, lang):
    plans, _ = corpus
    anchors = {}
    for p in plans:
        anchors[f"provinces/{p.key}/"] = ({t.id for t in p.tasks} | {b.id for b in p.blocks}
                                          | {f"section-{s.number.lower()}" for s in p.sections} | {"key-roles"}
                                          | ({"decision"} if p.decision else set()))
    for pid in {p.province for p in plans}:
        anchors[f"provinces/{pid}/"] = {"functions", "handover", "compare", "known"}  # the province page's sections
    pages, _ = rendered[lang]
    for path, (p, _, dom) in pages.items():
        if p.template == "compare_index.html":
            continue  # links to comparisons only
        n = 0
        for a in dom.find_all("a"):
            href = a.attrs.get("href") or ""
            target = resolve(path, href)
            if not target.startswith("provinces/") or "#" not in target:
                continue
            folder, frag = target.split("#")
            assert folder in anchors, (path, href)
            assert frag in anchors[folder], (path, href)
            n += 1
        assert n, f"{path}: no clause link"


def test_unchanged_tasks_are_collapsed(rendered, small):
    found = 0
    for path, (p, _, dom) in [*rendered["vi"][0].items(), *small[2].items()]:
        if p.template != "compare.html":
            continue
        c = p.context["cmp"]
        unchanged = [tp for tp in c.tasks if tp.kind == "paired" and tp.status in ("unchanged", "identical")]
        for tp in unchanged:
            row = dom.find("div", id="c-" + tp.key)
            assert row is not None
            det = next((a for a in row.ancestors() if a.tag == "details"), None)
            assert det is not None and "open" not in det.attrs and det.find("summary") is not None
            found += 1
        # and nothing else is collapsed
        for det in dom.find_all("details"):
            assert all(r.attrs.get("data-status") in ("unchanged", "identical") for r in det.find_all("div", "cmp-change"))
    assert found >= 1


def test_renames_toggle_is_a_progressive_enhancement(rendered, small):
    # a parallel comparison has no renames to hide
    assert page(rendered, "vi", f"compare/{QN_NT}/")[2].find("div", "cmp-toggle") is None
    _, _, out, _ = small
    (_, _, dom), = [v for k, v in out.items() if k.startswith("compare/quang-ngai-2024--")]
    toggle = dom.find("div", "cmp-toggle")
    assert "hidden" in toggle.attrs and "data-cmp-toggle" in toggle.attrs  # shown by compare.js only
    assert toggle.find("input", id="cmp-hide-renames").attrs["type"] == "checkbox"


# --------------------------------------------------------------------------------------------
# Moved tasks and pure renames, on small hand-built plans
# --------------------------------------------------------------------------------------------


def _plan(province, plan_id, date, blocks):
    year = int(plan_id[:4])
    front = {"province": province, "plan_id": plan_id, "kind": "annual", "period": {"from": year, "to": year},
             "title": f"Kế hoạch {plan_id}", "document": {"type": "KẾ HOẠCH", "number": f"{year}/KH-UBND", "date": date},
             "issuing_body": "Ủy ban nhân dân tỉnh", "lead_agency": blocks[0]["agencies"][0], "key_roles": {}}
    body = {"sections": [{"number": "IV", "kind": "implementation", "heading": "TỔ CHỨC THỰC HIỆN", "blocks": blocks}]}
    return build_plan(front, body, f"plans/{province}/{plan_id}.yml")


def _block(bid, name, agency, tasks):
    return {"id": bid, "label": None, "name": name, "agencies": [agency], "mode": "directed",
            "tasks": [{"id": f"{bid}-{k}", "label": f"{k})", "text": text, "roles": {agency: "lead"},
                       "themes": ["communication"]} for k, text in tasks]}


MOVED = ("Tổ chức tuyên truyền về bình đẳng giới trong trường học, lồng ghép nội dung bình đẳng giới "
         "vào chương trình giáo dục kỹ năng sống cho học sinh trung học")
RENAMED_A = "Sở Lao động - Thương binh và Xã hội chủ trì tổng hợp báo cáo kết quả thực hiện kế hoạch gửi Ủy ban nhân dân tỉnh"
RENAMED_B = "Sở Nội vụ chủ trì tổng hợp báo cáo kết quả thực hiện kế hoạch gửi Ủy ban nhân dân tỉnh"


@pytest.fixture(scope="module")
def small(registry, config):
    a = _plan("quang-ngai", "2024", "2024-03-01", [
        _block("so-ldtbxh", "Sở Lao động - Thương binh và Xã hội", "so-ldtbxh", [("a", RENAMED_A)]),
        _block("so-y-te", "Sở Y tế", "so-y-te", [("a", MOVED), ("b", "Chăm sóc sức khỏe sinh sản cho phụ nữ và trẻ em gái vùng sâu vùng xa")]),
    ])
    b = _plan("quang-ngai", "2025", "2025-04-01", [
        _block("so-noi-vu", "Sở Nội vụ", "so-noi-vu", [("a", RENAMED_B)]),
        _block("so-y-te", "Sở Y tế", "so-y-te", [("a", "Chăm sóc sức khỏe sinh sản cho phụ nữ và trẻ em gái vùng sâu vùng xa")]),
        _block("so-gddt", "Sở Giáo dục và Đào tạo", "so-gddt", [("a", MOVED + ", năm học 2025")]),
    ])
    out, files = render_all([a, b], registry, config, "vi")
    return a, b, out, files


def test_moved_task_links_both_ways(small):
    _, _, out, _ = small
    (p, _, dom), = [v for k, v in out.items() if k.startswith("compare/quang-ngai-2024--")]
    c = p.context["cmp"]
    moved = [tp for tp in c.tasks if tp.kind == "moved"]
    assert len(moved) == 1
    tp = moved[0]
    stub, row = dom.find("div", id="m-" + tp.key), dom.find("div", id="c-" + tp.key)
    assert stub is not None and row is not None
    assert "#c-" + tp.key in {a.attrs["href"] for a in stub.find_all("a")}
    assert "#m-" + tp.key in {a.attrs["href"] for a in row.find_all("a")}
    # the stub sits in Sở Y tế's block, the diff in Sở Giáo dục's
    assert next(a for a in stub.ancestors() if a.tag == "section").attrs["data-a"] == "so-y-te"
    assert next(a for a in row.ancestors() if a.tag == "section").attrs["data-b"] == "so-gddt"
    assert row.find("ins") is not None and "năm học 2025" in row.find("ins").text()


def test_pure_renames_are_marked_for_the_toggle(small):
    _, _, out, _ = small
    (p, _, dom), = [v for k, v in out.items() if k.startswith("compare/quang-ngai-2024--")]
    c = p.context["cmp"]
    mech = [tp for tp in c.tasks if tp.mechanical]
    assert len(mech) == 1
    row = dom.find("div", id="c-" + mech[0].key)
    assert "cmp-mech" in row.classes and "data-mechanical" in row.attrs
    sec = next(a for a in row.ancestors() if a.tag == "section")
    assert "cmp-mech" in sec.classes  # the whole block is a pure rename
    assert "1" in dom.find("div", "cmp-toggle").text()


# --------------------------------------------------------------------------------------------
# /compare/
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_index_groups_published_comparisons_by_province(rendered, corpus, pairs, lang):
    plans, _ = corpus
    _, _, dom = page(rendered, lang, "compare/")
    sections = dom.find_all("section", "cmp-province")
    provinces = [s.find("h3").attrs["id"].removeprefix("province-") for s in sections]
    assert set(provinces) == {pp.a.split("/")[0] for pp in pairs} | {pp.b.split("/")[0] for pp in pairs}
    for s in sections:
        pid = s.find("h3").attrs["id"].removeprefix("province-")
        hrefs = {a.attrs["href"] for a in s.find_all("a")}
        mine = {f"{pp.slug}/" for pp in pairs if pid in (pp.a.split("/")[0], pp.b.split("/")[0])}
        assert hrefs == mine


@pytest.mark.parametrize("lang", LANGS)
def test_index_control(rendered, corpus, pairs, lang):
    plans, _ = corpus
    _, html, dom = page(rendered, lang, "compare/")
    form = dom.find("form", id="cmp-form")
    assert "hidden" in form.attrs  # shown by compare.js
    for sel in ("cmp-a", "cmp-b"):
        options = [o.attrs["value"] for o in dom.find("select", id=sel).find_all("option")]
        assert sorted(options) == sorted(p.key for p in plans if not p.partial)  # a partial text is not compared
    assert dom.find("button", id="cmp-go") is not None
    note = dom.find("aside", "ps-partial")
    assert note and {a.attrs["href"] for a in note.find_all("a")} == {f"../provinces/{p.key}/" for p in plans if p.partial}
    # plan.json lives once, under the default language's root: one level further up for /en/
    assert form.attrs["data-json-root"] == ("../" if lang == "vi" else "../../")
    assert form.attrs["data-site-root"] == "../"
    published = json.loads(form.attrs["data-published"])
    assert published == {f"{pp.a}|{pp.b}": pp.slug for pp in pairs}
    lineage = json.loads(form.attrs["data-lineage"])
    assert lineage["so-ldtbxh"] == {"to": "so-noi-vu", "effective": "2025-03-01"}
    labels = json.loads(form.attrs["data-labels"])
    assert labels["loading"] and labels["summary"]
    # the vendor diff library, on this page only
    scripts = [s.attrs.get("src") for s in dom.find_all("script")]
    assert scripts == ["../assets/vendor/diff_match_patch.js"]
    assert "defer" in dom.find("script").attrs
    for path, (p, _, d) in rendered[lang][0].items():
        if path != "compare/":
            assert not d.find_all("script"), path


def test_vendor_library_and_licence():
    js = (TEMPLATES / "assets/vendor/diff_match_patch.js").read_text(encoding="utf-8")
    assert "Licensed under the Apache License, Version 2.0" in js[:1200]
    assert "Copyright 2018 The diff-match-patch Authors" in js[:400]
    assert "var diff_match_patch = function()" in js
    assert "if (typeof module !== 'undefined' && module.exports)" in js  # runs as a browser <script>
    lic = (TEMPLATES / "assets/vendor/diff_match_patch.LICENSE.txt").read_text(encoding="utf-8")
    assert "Apache License" in lic and "Version 2.0" in lic
    assert "npm pack diff-match-patch" in (TEMPLATES / "assets/vendor/README.txt").read_text(encoding="utf-8")


def test_compare_js_builds_the_dom_without_html_strings():
    js = (TEMPLATES / "assets/compare.js").read_text(encoding="utf-8")
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
        assert sink not in js, sink
    assert "textContent" in js and "createTextNode" in js
    # does nothing on pages without its elements
    assert 'querySelector("[data-cmp-page]")' in js and 'querySelector("[data-cmp-control]")' in js


def test_comparison_json_twins(rendered, pairs):
    _, files_vi = rendered["vi"]
    _, files_en = rendered["en"]
    assert files_en == {}  # written once, under the default language's root
    assert set(files_vi) == {f"compare/{pp.slug}/comparison.json" for pp in pairs}
    doc = json.loads(files_vi[f"compare/{QN_NT}/comparison.json"])
    assert doc["slug"] == QN_NT and doc["a"]["key"] == "ninh-thuan/2021" and doc["b"]["key"] == "quang-ngai/2025"
    _, _, dom_en = page(rendered, "en", f"compare/{QN_NT}/")
    hrefs = {a.attrs["href"] for a in dom_en.find_all("a")}
    assert f"../../../compare/{QN_NT}/comparison.json" in hrefs  # /en/compare/x/ -> /compare/x/comparison.json


# --------------------------------------------------------------------------------------------
# /transfer/
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_transfer_functions_table_handover_events_first(rendered, corpus, lang):
    plans, _ = corpus
    p, html, dom = page(rendered, lang, "transfer/")
    table = dom.find("table", "fn-table")
    heads = [squash(th.text()) for th in table.find("thead").find_all("th")]
    wanted = (["Cơ quan đề xuất kế hoạch", "Cơ quan chủ trì thực hiện", "Cơ quan nhận báo cáo",
               "Cơ quan thường trực Ban Vì sự tiến bộ của phụ nữ", "Chủ trì Tháng hành động", "Thanh tra, kiểm tra",
               "Thống kê giới"] if lang == "vi" else
              ["Proposer of the plan", "Lead agency of the plan", "Report recipient",
               "Standing body of the Committee for the Advancement of Women", "Lead of the Action Month",
               "Inspection", "Gender statistics"])
    assert heads[1:8] == wanted
    groups = table.find_all("tbody", "fn-group")
    # the two provinces with plans on both sides of 1 March 2025 first, then the others by name
    assert [g.attrs["data-province"] for g in groups[:2]] == ["quang-ngai", "gia-lai"]
    assert all("fn-group--handover" in g.classes for g in groups[:2])
    assert not any("fn-group--handover" in g.classes for g in groups[2:])
    shown = [tr.attrs["data-plan"] for g in groups for tr in g.find_all("tr") if "data-plan" in tr.attrs]
    assert sorted(shown) == sorted(p.key for p in plans)  # each plan once: every line has at most one before and one after
    qn = groups[0]
    assert [tr.attrs["data-plan"] for tr in qn.find_all("tr") if "data-plan" in tr.attrs] == ["quang-ngai/2024", "quang-ngai/2025"]
    after = qn.find("tr", data_plan="quang-ngai/2025")
    cells = after.find_all("td")
    assert cells[0].attrs["data-verdict"] == "as_decree"  # proposer: Sở LĐTBXH -> Sở Nội vụ, as ND 45 says
    assert cells[1].attrs["data-verdict"] == "not_in_text"  # lead: the 2024 text breaks off before saying
    # every claim links to its clause, and the group to the succession that shows the texts
    assert cells[0].find("a").attrs["href"] == "../provinces/quang-ngai/2025/#key-roles"
    hrefs = {a.attrs["href"] for a in qn.find_all("a")}
    assert "../compare/quang-ngai-2024--quang-ngai-2025/" in hrefs
    # no task text on this page: the texts are on the successions
    assert not dom.find_all("p", "cmp-text") and "cmp-change" not in html


@pytest.mark.parametrize("lang", LANGS)
def test_transfer_national_counts_crosswalk_and_holders_now(rendered, corpus, lang):
    _, reg = corpus
    p, _, dom = page(rendered, lang, "transfer/")
    img = dom.find("img")
    assert img.attrs["src"] == "key-roles-by-year.svg" and img.attrs["alt"]
    nat = dom.find("table", "fn-national")
    row = nat.find("tr", data_function="proposer")
    years = [squash(th.text()) for th in nat.find("thead").find_all("th")][1:]
    cells = dict(zip(years, [squash(td.text()) for td in row.find_all("td")]))
    assert cells["2025"] == ("Sở Nội vụ 2" if lang == "vi" else "Home Affairs 2")
    # decree by decree: ND 45/2025 splits the Labour department by function
    sec = dom.find("section", aria_labelledby="act-nd-45-2025")
    text = squash(sec.text())
    link = sec.find("a", "cmp-act")
    assert squash(link.text()) == "Nghị định 45/2025/NĐ-CP" and link.attrs["href"] == reg.legal_acts["nd-45-2025"]["url"]
    steps = {tuple(a.attrs["href"].split("/")[-2] for a in li.find_all("a")[:2]) for li in sec.find_all("li")}
    assert {("so-ldtbxh", "so-noi-vu"), ("so-ldtbxh", "so-y-te"), ("so-ldtbxh", "so-gddt")} <= steps
    assert ("Bảo vệ, chăm sóc trẻ em" if lang == "vi" else "Child protection") in text
    # who holds each function now, where
    now = dom.find("div", id="now-lead")
    assert {a.attrs["href"] for a in now.find_all("a")} == {"../agencies/so-noi-vu/"}
    assert ("Quảng Ngãi 2025" if lang == "vi" else "Quang Ngai 2025") in squash(now.text())


# --------------------------------------------------------------------------------------------
# Labels
# --------------------------------------------------------------------------------------------


def test_labels_exist_in_both_languages():
    labels = yaml.safe_load((TEMPLATES / "i18n.yml").read_text(encoding="utf-8"))
    ours = {k: v for k, v in labels.items() if k.startswith("cmp_")}
    assert len(ours) > 100
    forms = lambda text: list(text.values()) if isinstance(text, dict) else [text]  # {one:, other:} for counts
    for k, v in ours.items():
        for lang in LANGS:
            assert all(isinstance(f, str) and f.strip() for f in forms(v.get(lang) or {})) and v.get(lang), (k, lang)
        names = [set(re.findall(r"\{(\w+)", f)) for lang in LANGS for f in forms(v[lang])]
        assert all(n == names[0] for n in names), k
    used = set()
    for name in ("compare.html", "compare_index.html", "transfer.html", "_diff.html"):
        used |= set(re.findall(r"t\('(cmp_[a-z0-9_]+)'\)", (TEMPLATES / name).read_text(encoding="utf-8")))
    assert used and used <= set(ours), used - set(ours)


def test_english_pages_are_in_english(rendered):
    for path, (_, html, dom) in rendered["en"][0].items():
        assert 'lang="en"' in html
        for word in ("Thay đổi về trách nhiệm", "Kế hoạch trước", "Tóm tắt thay đổi", "Vai trò chính theo"):
            assert word not in html, (path, word)


# --------------------------------------------------------------------------------------------
# In Chromium, against the built site
# --------------------------------------------------------------------------------------------


def _context(browser, width, height=900):
    return browser.new_context(viewport={"width": width, "height": height})


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["", "en/"])
def test_compare_any_two_plans_in_the_browser(browser, site_url, page_errors, lang):
    ctx = _context(browser, 1280)
    pg = ctx.new_page()
    errors = page_errors(pg)
    pg.goto(site_url + lang + "compare/")
    form = pg.locator("#cmp-form")
    form.wait_for(state="visible")
    pg.select_option("#cmp-a", "ninh-thuan/2021")
    pg.select_option("#cmp-b", "quang-ngai/2025")
    pg.click("#cmp-go")
    pg.locator("#cmp-result .cmp-change").first.wait_for()
    rows = pg.locator("#cmp-result .cmp-change")
    assert rows.count() > 20
    assert pg.locator("#cmp-result .cmp-change ins").count() > 10
    assert pg.locator("#cmp-result .cmp-change del").count() > 10
    assert pg.locator("#cmp-result ins:not([id])").count() == 0
    # Labour's block lined up with Home Affairs' through the crosswalk
    sec = pg.locator('#cmp-result section[data-a="so-ldtbxh"][data-b="so-noi-vu"]')
    assert sec.count() == 1 and sec.locator(".cmp-change").count() >= 3
    # the published comparison of this pair is linked, and the choice is in the URL
    link = pg.locator("#cmp-result [data-cmp-published]")
    assert link.get_attribute("href").endswith(f"compare/{QN_NT}/")
    assert "a=ninh-thuan%2F2021" in pg.url and "b=quang-ngai%2F2025" in pg.url
    link.click()
    pg.wait_for_url(f"**/{lang}compare/{QN_NT}/", wait_until="domcontentloaded")
    assert pg.locator("#e-role-action_month").is_visible()
    assert not errors, errors
    ctx.close()


@pytest.mark.browser
def test_compare_control_from_a_permalink(browser, site_url, page_errors):
    ctx = _context(browser, 1280)
    pg = ctx.new_page()
    errors = page_errors(pg)
    pg.goto(site_url + "compare/?a=gia-lai%2F2020&b=dak-nong%2F2021-2030")
    pg.locator("#cmp-result .cmp-change").first.wait_for()
    assert pg.locator("#cmp-a").input_value() == "gia-lai/2020"
    assert pg.locator("#cmp-b").input_value() == "dak-nong/2021-2030"
    # the pure parts of compare.js: syllable tokens, one tone convention, a word diff
    diff = pg.evaluate("""() => {
        const c = window.plansiteCompare;
        return c.wordDiff(c.tokenize("Tổ chức hoà giải ở cơ sở"), c.tokenize("Tổ chức hòa giải tại cơ sở"));
    }""")
    assert diff == [["equal", "Tổ chức hòa giải "], ["delete", "ở"], ["insert", "tại"], ["equal", " cơ sở"]]
    assert not errors, errors
    ctx.close()


@pytest.mark.browser
def test_published_comparison_wide_then_phone_then_print(browser, site_url, page_errors):
    url = site_url + f"compare/{QN_NT}/"
    first_row = "#b-so-ldtbxh--so-noi-vu .cmp-change"
    ctx = _context(browser, 1280)
    pg = ctx.new_page()
    errors = page_errors(pg)
    pg.goto(url)
    a = pg.locator(f"{first_row} .cmp-cell--a").first.bounding_box()
    b = pg.locator(f"{first_row} .cmp-cell--b").first.bounding_box()
    assert a["x"] + a["width"] <= b["x"] and abs(a["y"] - b["y"]) < 2  # side by side
    # two provinces: the notice says so, and there are no "renames" to hide
    assert pg.locator(".cmp-notice--parallel").is_visible()
    assert pg.locator("#cmp-hide-renames").count() == 0
    # print: one column
    pg.emulate_media(media="print")
    a = pg.locator(f"{first_row} .cmp-cell--a").first.bounding_box()
    b = pg.locator(f"{first_row} .cmp-cell--b").first.bounding_box()
    assert b["y"] >= a["y"] + a["height"] - 1
    assert not errors, errors
    ctx.close()

    ctx = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    pg = ctx.new_page()
    errors = page_errors(pg)
    pg.goto(url)
    overflow = pg.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"horizontal overflow of {overflow}px at 390px"
    # and nothing of the comparison itself sticks out (wide tables would scroll inside a .ps-scroll box)
    wide = pg.evaluate("""() => {
        const cw = document.documentElement.clientWidth;
        return [...document.querySelectorAll('.cmp *')]
          .filter(el => !el.closest('.ps-scroll') && el.getBoundingClientRect().width > 0
                        && el.getBoundingClientRect().right > cw + 0.5)
          .map(el => el.tagName + '.' + el.className);
    }""")
    assert not wide, wide
    a = pg.locator(f"{first_row} .cmp-cell--a").first.bounding_box()
    b = pg.locator(f"{first_row} .cmp-cell--b").first.bounding_box()
    assert b["y"] >= a["y"] + a["height"] - 1  # inline: B below A
    assert pg.locator(f"{first_row} .cmp-tag--a").first.is_visible()  # each side says which plan it is
    for n in range(pg.locator(".cmp-change").count()):
        box = pg.locator(".cmp-change").nth(n).bounding_box()
        if box:  # collapsed rows have none
            assert box["x"] + box["width"] <= 390 + 0.5
    assert not errors, errors
    ctx.close()


@pytest.mark.browser
def test_succession_toggle_and_permalink_to_a_collapsed_unchanged_task(browser, site_url, page_errors, small):
    """The real plans hold no succession of two full texts yet: a succession page rendered from two small
    hand-built plans of one province is served at a compare URL of the built site (its assets are real)."""
    _, _, out, _ = small
    (path, (p, html, _)), = [(k, v) for k, v in out.items() if k.startswith("compare/quang-ngai-2024--")]
    tp = next(tp for tp in p.context["cmp"].tasks if tp.status == "unchanged")
    ctx = _context(browser, 1280)
    pg = ctx.new_page()
    url = site_url + path
    real = urllib.request.urlopen(url).read().decode("utf-8")  # the built page of the real pair: theme, CSS, JS
    head, rest = real.split('<article class="md-content__inner md-typeset">', 1)
    page_html = head + '<article class="md-content__inner md-typeset">' + html + "</article>" + rest.split("</article>", 1)[1]
    pg.route(url + "*", lambda route: route.fulfill(status=200, content_type="text/html; charset=utf-8", body=page_html))
    errors = page_errors(pg)
    pg.goto(url + "#c-" + tp.key)
    assert pg.locator(".cmp[data-comparison=succession]").count() == 1
    row = pg.locator(f'[id="c-{tp.key}"]')
    row.wait_for(state="visible")
    assert pg.evaluate(f"() => document.getElementById({json.dumps('c-' + tp.key)}).closest('details').open")
    # the renames toggle: shown by JS, its state in the URL
    box = pg.locator("#cmp-hide-renames")
    assert box.is_visible() and not box.is_checked()
    box.check()
    assert "renames=hide" in pg.url
    assert pg.locator(".cmp.cmp-hide-mech").count() == 1
    box.uncheck()
    assert "renames" not in pg.url
    assert not errors, errors
    ctx.close()


@pytest.mark.browser
@pytest.mark.parametrize("path", [f"compare/{QN_NT}/", "compare/?a=ninh-thuan%2F2021&b=quang-ngai%2F2025", "transfer/",
                                  f"en/compare/{QN_NT}/", "en/transfer/"])
def test_comparison_pages_have_no_serious_accessibility_violations(browser, site_url, path):
    from axe_playwright_python.sync_playwright import Axe
    ctx = _context(browser, 1280)
    pg = ctx.new_page()
    pg.goto(site_url + path)
    pg.wait_for_load_state("networkidle")
    if "?a=" in path:
        pg.locator("#cmp-result .cmp-change").first.wait_for()
    results = Axe().run(pg)
    ctx.close()
    serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert not serious, [(v["id"], v["help"], [n["target"] for n in v["nodes"][:3]]) for v in serious]
