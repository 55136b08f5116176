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


def text_without(node, tag: str) -> str:
    """A node's text without the text of its `tag` descendants (one side of a text with <del>/<ins> in place)."""
    return "".join(c if isinstance(c, str) else ("" if c.tag == tag else text_without(c, tag)) for c in node.children)


def rows(dom):
    """A comparison page's task rows (changes shown with their text) and unchanged tasks (their clauses only)."""
    return dom.find_all("div", "cmp-row") + [li for ul in dom.find_all("ul", "cmp-kept") for li in ul.find_all("li")]


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
    assert rows[date][1] == ("23/04/2025" if lang == "vi" else "23 Apr 2025")  # one date style per language
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
    # the decree is cited by its name, linked to the page's list of acts, which links to its source once
    acts = {squash(a.text()): a.attrs["href"] for a in ev.find_all("a", "cmp-act")}
    assert acts["Nghị định 45/2025/NĐ-CP"] == "#act-nd-45-2025"
    cited = dom.find("li", id="act-nd-45-2025")
    assert cited.find("a", "cmp-act").attrs["href"] == reg.legal_acts["nd-45-2025"]["url"]
    assert squash(cited.find("a", "cmp-act").text()) == "Nghị định 45/2025/NĐ-CP"
    assert [li.attrs["id"] for li in dom.find("ul", "cmp-acts").find_all("li")].count("act-nd-45-2025") == 1
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
    events = dom.find_all("li", "cmp-event")
    changes = rows(dom) + dom.find_all("section", "cmp-bp")
    assert len(changes) > 40 and events
    for n in changes + events:
        assert n.attrs.get("id"), n.attrs
    for n in events:  # an event's permalink is in the page; a row's or a block's is added by compare.js (in Chromium below)
        assert "#" + n.attrs["id"] in hrefs, f"no permalink to {n.attrs['id']}"
    for n in changes:
        assert n.attrs["id"].startswith(("c-", "m-", "b-")), n.attrs["id"]
    assert dom.find("div", "cmp").attrs["data-permalink"]  # the label compare.js gives the links it adds
    # every in-page link points at an anchor of the page
    for h in hrefs:
        if h and h.startswith("#") and h != "#":  # "#": the language switch of these renders
            assert h[1:] in ids, h


@pytest.mark.parametrize("lang", LANGS)
def test_a_word_diff_is_one_text_with_del_and_ins_in_place(rendered, lang):
    _, _, dom = page(rendered, lang, f"compare/{QN_NT}/")
    blocks = dom.find("section", id="b-so-ldtbxh--so-noi-vu").parent  # the page's content
    ins = [n for n in blocks.find_all("ins") if not any("cmp-legend" in a.classes for a in n.ancestors())]
    dels = [n for n in blocks.find_all("del") if not any("cmp-legend" in a.classes for a in n.ancestors())]
    assert len(ins) > 10 and len(dels) > 10
    for n in ins + dels:
        text = next(a for a in n.ancestors() if a.tag == "p")
        assert "cmp-text--inline" in text.classes and text.attrs["lang"] == "vi"
        row = next(a for a in n.ancestors() if "cmp-row" in a.classes)
        assert row.attrs["id"].startswith("c-")  # the change's anchor: its row
        assert row.attrs["data-status"] == "similar"  # a parallel comparison marks words only between similar tasks
        # one text for both plans: the row cites the clause of each
        refs = [a.text() for a in row.find("p", "cmp-rowmeta").find_all("a")]
        assert any(r.startswith("A §") for r in refs) and any(r.startswith("B §") for r in refs)
    # no row repeats a text: an inline row has one text, a row of two texts set side by side one per plan
    for row in dom.find_all("div", "cmp-row"):
        texts = row.find_all("p", "cmp-text")
        if row.find("p", "cmp-text--inline"):
            assert len(texts) == 1
        else:
            assert len({t.attrs["class"] for t in texts}) == len(texts) <= 2


def test_word_diff_text_is_faithful(rendered, corpus, config):
    """One text with <del>/<ins> in place: without the inserted words it is plan A's text, without the deleted
    words plan B's; two texts set side by side are each plan's text as written."""
    plans, reg = corpus
    by_key = {p.key: p for p in plans}
    c = compare(by_key["ninh-thuan/2021"], by_key["quang-ngai/2025"], reg, config["compare"])
    _, _, dom = page(rendered, "vi", f"compare/{QN_NT}/")
    checked = set()
    nows = lambda s: re.sub(r"\s+", "", s)  # (equal runs carry B's spacing, so compare without whitespace)
    for tp in c.tasks:
        if tp.kind != "paired" or tp.status not in ("similar", "different"):
            continue
        row = dom.find("div", id="c-" + tp.key)
        if tp.status == "similar":
            text = row.find("p", "cmp-text--inline")
            a, b = text_without(text, "ins"), text_without(text, "del")
        else:
            a, b = row.find("p", "cmp-cell--a").text(), row.find("p", "cmp-cell--b").text()
            assert not row.find_all("ins") and not row.find_all("del")
        assert nows(a) == nows(" ".join(t.text for t in tp.a))
        assert nows(b) == nows(" ".join(t.text for t in tp.b))
        checked.add(tp.status)
    assert checked == {"similar", "different"}


@pytest.mark.parametrize("lang", LANGS)
def test_labour_block_side_by_side_with_home_affairs(rendered, lang):
    _, _, dom = page(rendered, lang, f"compare/{QN_NT}/")
    sec = dom.find("section", id="b-so-ldtbxh--so-noi-vu")
    assert sec is not None and sec.attrs["data-a"] == "so-ldtbxh" and sec.attrs["data-b"] == "so-noi-vu"
    assert sec.attrs["data-kind"] == "lineage"
    # the heading names both agencies, the block's clause in each plan under it
    assert [a.attrs["href"] for a in sec.find("h3").find_all("a")] == ["../../agencies/so-ldtbxh/", "../../agencies/so-noi-vu/"]
    meta = sec.find("p", "cmp-bpmeta")
    assert {"../../provinces/ninh-thuan/2021/#so-ldtbxh", "../../provinces/quang-ngai/2025/#so-noi-vu"} <= {
        a.attrs["href"] for a in meta.find_all("a")}
    # each change row of the block: its kind, its clauses; A's task beside B's task, in one grid row
    rows_ = sec.find_all("div", "cmp-row")
    assert rows_
    for row in rows_:
        kids = [c for c in row.children if isinstance(c, Node)]
        assert "cmp-rowmeta" in kids[0].classes and kids[0].find("span", "cmp-badge") is not None
        change = row.attrs["data-change"]
        sides = [k for k in kids[1:] if {"cmp-cell--a", "cmp-cell--b"} & k.classes]
        if change == "both" and row.attrs["data-status"] == "different":
            assert ["cmp-cell--a" in k.classes for k in sides] == [True, False]  # A left, B right
        elif change == "both":
            assert not sides and row.find("p", "cmp-text--inline")
        else:
            assert len(sides) == 1 and ("cmp-cell--a" in sides[0].classes) == (change == "a_only")
    # the rename cites the decree
    assert "45/2025/NĐ-CP" in meta.text()


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
    """An unchanged (identical) task is listed by its clauses, collapsed; its text is not repeated on the page."""
    found = 0
    for path, (p, _, dom) in [*rendered["vi"][0].items(), *small[2].items()]:
        if p.template != "compare.html":
            continue
        c = p.context["cmp"]
        unchanged = [tp for tp in c.tasks if tp.kind == "paired" and tp.status in ("unchanged", "identical")]
        for tp in unchanged:
            row = dom.find("li", id="c-" + tp.key)
            assert row is not None and row.attrs["data-status"] == tp.status and row.attrs["data-change"] == tp.change
            det = next((a for a in row.ancestors() if a.tag == "details"), None)
            assert det is not None and "open" not in det.attrs and det.find("summary") is not None
            hrefs = [a.attrs["href"] for a in row.find_all("a")]
            assert hrefs == [resolve_back(path, r) for r in (*tp.a, *tp.b)]
            assert tp.b[0].text not in dom.find("div", "cmp").text()  # the text is on the plan page, one click away
            found += 1
        # and nothing else of the tasks is collapsed (the contents menu and the long sections fold apart)
        for det in dom.find_all("details", "cmp-unchanged"):
            assert not det.find_all("p", "cmp-text")
            assert all(r.attrs.get("data-status") in ("unchanged", "identical") for r in det.find_all("li"))
        if unchanged:  # the page says where the texts are
            assert "trang kế hoạch" in next(a for a in dom.find("h2", id="blocks").ancestors() if a.tag == "details").text()
    assert found >= 1


def resolve_back(page_path: str, ref) -> str:
    """The relative link from a comparison page to a task's clause on its plan page."""
    return "../../provinces/" + ref.plan + "/#" + ref.id


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
    assert stub.attrs["data-change"] == row.attrs["data-change"] == "moved"
    # the stub sits in Sở Y tế's block, the diff in Sở Giáo dục's; the text is shown once, with the diff
    assert next(a for a in stub.ancestors() if a.tag == "section").attrs["data-a"] == "so-y-te"
    assert next(a for a in row.ancestors() if a.tag == "section").attrs["data-b"] == "so-gddt"
    assert not stub.find_all("p", "cmp-text")
    assert row.find("ins") is not None and "năm học 2025" in row.find("ins").text()
    assert squash(text_without(row.find("p", "cmp-text--inline"), "ins")) == squash(MOVED)


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
def test_index_lists_each_comparison_once_by_kind_and_province(rendered, corpus, config, pairs, lang):
    """Successions in a table grouped by province (a succession through a merger under both provinces),
    parallel comparisons in their own table, each once; a row is the two plans, then its counts."""
    _, reg = corpus
    language = languages_of(config, load_labels()[0], reg)[lang]
    p, _, dom = page(rendered, lang, "compare/")
    tables = {t.attrs["data-comparison"]: t for t in dom.find_all("table", "cmp-index")}
    succession = [pp for pp in pairs if pp.kind == "succession"]
    parallel = [pp for pp in pairs if pp.kind == "parallel"]
    assert set(tables) == {"succession", "parallel"} and succession and parallel
    groups = tables["succession"].find_all("tbody")
    assert [g.attrs["id"] for g in groups] == [f"province-{pid}" for pid, _ in p.context["successions"]]
    for group in groups:
        pid = group.attrs["id"].removeprefix("province-")
        assert squash(group.find("th").text()) == language.province_name(pid)
        hrefs = [a.attrs["href"] for a in group.find_all("a")]
        assert set(hrefs) == {f"{pp.slug}/" for pp in succession if pid in (pp.a.split("/")[0], pp.b.split("/")[0])}
        for a in group.find_all("a"):  # a plan of the group's province is named by its plan id alone
            pp = next(pp for pp in succession if f"{pp.slug}/" == a.attrs["href"])
            assert squash(a.text()) == " → ".join(k.split("/")[1] if k.split("/")[0] == pid else
                                                  f"{language.province_name(k.split('/')[0])} {k.split('/')[1]}"
                                                  for k in (pp.a, pp.b))
    assert {a.attrs["href"] for a in tables["succession"].find_all("a")} == {f"{pp.slug}/" for pp in succession}
    listed = [a.attrs["href"] for a in tables["parallel"].find_all("a")]
    assert sorted(listed) == sorted(f"{pp.slug}/" for pp in parallel)  # each once
    # the counts: one cell per column, the kind's own words (a parallel comparison never says new or dropped)
    results = {pp.slug: rendered[lang][0][f"compare/{pp.slug}/"][0].context["cmp"] for pp in pairs}
    for kind, table in tables.items():
        heads = [squash(th.text()) for th in table.find("thead").find_all("th")]
        assert len(heads) == 1 + len(comparisons.INDEX_COLUMNS[kind])
        for tr in table.find_all("tr"):
            a = tr.find("a")
            if a is not None:
                c = results[a.attrs["href"].rstrip("/")]
                counts = [int(td.text()) for td in tr.find_all("td")]
                assert counts == comparisons.index_counts(c) and sum(counts) == len(c.tasks)
    new, dropped = ("Mới", "Không còn") if lang == "vi" else ("New", "Dropped")
    heads = [squash(th.text()) for th in tables["parallel"].find("thead").find_all("th")]
    assert new not in heads and dropped not in heads
    heads = [squash(th.text()) for th in tables["succession"].find("thead").find_all("th")]
    assert new in heads and dropped in heads


@pytest.mark.parametrize("lang", LANGS)
def test_index_control(rendered, corpus, pairs, lang):
    plans, _ = corpus
    _, html, dom = page(rendered, lang, "compare/")
    form = dom.find("form", id="cmp-form")
    assert "hidden" in form.attrs  # shown by compare.js
    # the plans, once, in A's list: a group per province, an option per plan id (compare.js sets the values
    # and copies the list into B's)
    groups = dom.find("select", id="cmp-a").find_all("optgroup")
    keys = [g.attrs["data-province"] + "/" + o.text() for g in groups for o in g.find_all("option")]
    assert sorted(keys) == sorted(p.key for p in plans if not p.partial)  # a partial text is not compared
    assert not dom.find("select", id="cmp-b").find_all("option")
    assert form.attrs["data-default-b"] in keys
    assert dom.find("button", id="cmp-go") is not None
    note = dom.find("aside", "ps-partial")
    assert note and {a.attrs["href"] for a in note.find_all("a")} == {f"../provinces/{p.key}/" for p in plans if p.partial}
    # plan.json lives once, under the default language's root: one level further up for /en/
    assert form.attrs["data-json-root"] == ("../" if lang == "vi" else "../../")
    assert form.attrs["data-site-root"] == "../"
    # the published comparisons the control links to: the links of the list below the control
    published = next(n for n in dom.iter() if "data-cmp-published-list" in n.attrs)
    listed = {a.attrs["href"] for a in published.find_all("a")}
    assert listed == {f"{pp.slug}/" for pp in pairs}
    assert "data-published" not in form.attrs
    lineage = json.loads(form.attrs["data-lineage"])
    assert lineage["so-ldtbxh"] == {"to": "so-noi-vu", "effective": "2025-03-01"}
    labels = json.loads(form.attrs["data-labels"])
    assert labels["loading"] and labels["summary"]
    # the vendor diff library on this page only; compare.js on the pages that use it; both deferred
    scripts = [s.attrs.get("src") for s in dom.find_all("script")]
    assert scripts == ["../assets/vendor/diff_match_patch.js", "../assets/compare.js"]
    assert all("defer" in s.attrs for s in dom.find_all("script"))
    for path, (p, _, d) in rendered[lang][0].items():
        if path == "compare/":
            continue
        scripts = d.find_all("script")
        if p.template == "compare.html":
            assert [(s.attrs.get("src"), "defer" in s.attrs) for s in scripts] == [
                ("../../assets/toc.js", True), ("../../assets/compare.js", True)], path  # the contents menu's, then its own
        else:  # no diff library or compare script elsewhere; a contents menu brings its own
            assert [s.attrs.get("src").rsplit("/", 1)[-1] for s in scripts] in ([], ["toc.js"]), path


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


def test_comparison_json_twins(rendered, pairs, corpus, config):
    _, files_vi = rendered["vi"]
    _, files_en = rendered["en"]
    assert files_en == {}  # written once, under the site root (shared_files)
    assert set(files_vi) == {f"compare/{pp.slug}/comparison.json" for pp in pairs}
    doc = json.loads(files_vi[f"compare/{QN_NT}/comparison.json"])
    assert doc["slug"] == QN_NT and doc["a"]["key"] == "ninh-thuan/2021" and doc["b"]["key"] == "quang-ngai/2025"
    assert doc["kind"] == "parallel" and doc["headline_vi"] and doc["headline_en"]
    _, _, dom_en = page(rendered, "en", f"compare/{QN_NT}/")
    hrefs = {a.attrs["href"] for a in dom_en.find_all("a")}
    assert f"../../../compare/{QN_NT}/comparison.json" in hrefs  # /en/compare/x/ -> /compare/x/comparison.json
    # each task's text at most once: in the word diff's runs when it has one, else as the task's text
    plans, reg = corpus
    by_key = {p.key: p for p in plans}
    for pp in pairs:
        doc = json.loads(files_vi[f"compare/{pp.slug}/comparison.json"])
        c = compare(by_key[pp.a], by_key[pp.b], reg, config["compare"])
        assert [t["key"] for t in doc["tasks"]] == [tp.key for tp in c.tasks]
        assert {b["key"] for b in doc["blocks"]} == {bp.key for bp in c.block_pairs}
        for t, tp in zip(doc["tasks"], c.tasks):
            assert t["change"] == tp.change and t.get("status") == tp.status
            texts = [r.get("text") for r in t["a"] + t["b"]]
            if tp.ops:
                assert not any(texts)
                a = "".join(x for op, x in t["ops"] if op != "insert")
                b = "".join(x for op, x in t["ops"] if op != "delete")
                nows = lambda s: re.sub(r"\s+", "", s)
                assert nows(b) == nows(" ".join(r.text for r in tp.b))
                if tp.status not in ("unchanged", "identical"):  # an unchanged pair: B's text (one tone convention)
                    assert nows(a) == nows(" ".join(r.text for r in tp.a))
            else:
                assert texts == [r.text for r in (*tp.a, *tp.b)]
        blob = json.dumps(doc, ensure_ascii=False)
        for tp in c.tasks:  # no text twice
            for r in (*tp.a, *tp.b):
                if len(r.text) > 40:
                    assert blob.count(json.dumps(r.text, ensure_ascii=False)[1:-1]) <= 1, r.id


def test_comparison_json_written_once_by_the_build(built_site, pairs):
    """The JSON twin is language-free: one file per comparison under the site root, none under /en/."""
    assert sorted(p.parent.name for p in built_site.glob("compare/*/comparison.json")) == sorted(pp.slug for pp in pairs)
    assert not list(built_site.glob("en/compare/*/comparison.json"))


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
    first_row = '#b-so-ldtbxh--so-noi-vu .cmp-row[data-status="different"]'  # two texts set side by side
    inline = '#b-so-ldtbxh--so-noi-vu .cmp-row[data-status="similar"]'       # one text, <del>/<ins> in place
    ctx = _context(browser, 1280)
    pg = ctx.new_page()
    errors = page_errors(pg)
    pg.goto(url)
    a = pg.locator(f"{first_row} .cmp-cell--a").first.bounding_box()
    b = pg.locator(f"{first_row} .cmp-cell--b").first.bounding_box()
    assert a["x"] + a["width"] <= b["x"] and abs(a["y"] - b["y"]) < 2  # side by side
    # a word diff spans both columns
    one = pg.locator(f"{inline} .cmp-text--inline").first.bounding_box()
    assert one["x"] <= a["x"] + 1 and one["x"] + one["width"] >= b["x"] + b["width"] - 1
    # compare.js gives every block, task row and unchanged task its permalink (the events have theirs in the HTML)
    missing = pg.evaluate("""() => [...document.querySelectorAll('.cmp-bp[id], .cmp-row[id], .cmp-kept li[id]')]
        .filter(n => !n.querySelector(`a.cmp-permalink[href="#${n.id}"]`)).map(n => n.id)""")
    assert not missing, missing
    assert pg.locator("a.cmp-permalink").first.get_attribute("aria-label") == "liên kết"
    # the badge's symbol is the stylesheet's, outside the accessible name
    assert pg.evaluate("""() => getComputedStyle(document.querySelector('.cmp-row[data-change="a_only"] .cmp-badge'),
        '::before').content""").startswith('"◧"')
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
    # each side says which plan it is (the column heads are hidden)
    sides = pg.evaluate(f"""() => ['a', 'b'].map(s => {{
        const st = getComputedStyle(document.querySelector('{first_row} .cmp-cell--' + s), '::before');
        return [st.display, st.content]; }})""")
    assert [d for d, _ in sides] == ["inline-block", "inline-block"] and [c[:3] for _, c in sides] == ['"A"', '"B"']
    for n in range(pg.locator(".cmp-row").count()):
        box = pg.locator(".cmp-row").nth(n).bounding_box()
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
