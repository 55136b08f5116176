"""National scale (1,300 plans in 300 MB): a plan's pages and twins say each thing once.

The source text page exists once, in the language of the text, and the other languages link to it
across languages; a plan page keeps every anchor, the language of its text and every task's roles
while staying within its byte budget; the data twins are checked in test_data.py."""
import re
import statistics
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from conftest import CONTENT, ROOT

PAGE_BUDGET = 60_000  # bytes of a typical synthetic plan page's body (our part of the page), per language


def label(key: str, lang: str) -> str:
    import yaml
    return yaml.safe_load((ROOT / "templates/i18n.yml").read_text(encoding="utf-8"))[key][lang]


class Anchors(HTMLParser):
    """Every element's attributes (in order) and the text of each link."""

    def __init__(self):
        super().__init__()
        self.elements, self.ids, self.links, self._open = [], set(), [], None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.elements.append((tag, a))
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and "href" in a:
            self._open = [a, ""]
            self.links.append(self._open)

    def handle_data(self, data):
        if self._open is not None:
            self._open[1] += data

    def handle_endtag(self, tag):
        if tag == "a":
            self._open = None


def parse(path: Path) -> Anchors:
    p = Anchors()
    p.feed(path.read_text(encoding="utf-8"))
    return p


def resolve(site: Path, page: Path, href: str) -> tuple[Path, str]:
    parts = urlsplit(href)
    target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
    if target.is_dir():
        target = target / "index.html"
    return target, unquote(parts.fragment)


def body(html: str) -> str:
    """Our part of a built page: the body the templates render, inside the theme's frame."""
    start = html.index('<div class="ps" lang=')
    return html[start:html.index("</article>", start)] if "</article>" in html[start:] else html[start:]


# --- one source page, linked across languages ---------------------------------------------------

def test_the_source_text_page_exists_once(built_site, corpus):
    plans, _ = corpus
    for plan in plans:
        assert (built_site / f"provinces/{plan.key}/source/index.html").is_file(), plan.key
        assert not (built_site / f"en/provinces/{plan.key}/source").exists(), plan.key
    import json
    import yaml
    base = yaml.safe_load((ROOT / "site_config.yml").read_text(encoding="utf-8"))["base_url"]
    for lang in ("", "en/"):
        sitemap = built_site / lang / "sitemap.xml"
        if sitemap.is_file():  # every page a sitemap names exists
            for loc in re.findall(r"<loc>([^<]+)</loc>", sitemap.read_text(encoding="utf-8")):
                assert loc.startswith(base), loc
                assert (built_site / loc[len(base):] / "index.html").is_file(), loc
        docs = json.loads((built_site / lang / "search/docs.json").read_text(encoding="utf-8"))
        assert not any("/source/" in d[0] for d in docs)
        for d in docs:
            assert (built_site / lang / d[0] / "index.html").is_file(), d[0]


def test_the_english_plan_page_links_the_vietnamese_source(built_site, corpus):
    plans, _ = corpus
    said = label("source_text_other_language", "en")
    for plan in plans:
        page = built_site / f"en/provinces/{plan.key}/index.html"
        source = (built_site / f"provinces/{plan.key}/source/index.html").resolve()
        source_ids = parse(source).ids
        to_source = [(a, text) for a, text in parse(page).links if resolve(built_site, page, a["href"])[0] == source]
        assert to_source, plan.key
        for a, text in to_source:
            assert a.get("hreflang") == "vi", (plan.key, a)  # a link into the Vietnamese site says so
            target, anchor = resolve(built_site, page, a["href"])
            assert not anchor or anchor in source_ids, (plan.key, a["href"])
        facts = [text for a, text in to_source if not urlsplit(a["href"]).fragment]
        assert facts == [said], plan.key
        clauses = [a for a, _ in to_source if urlsplit(a["href"]).fragment]
        assert len(clauses) >= len(plan.tasks) * 0.9, plan.key
        # the Vietnamese page links its own language's page, plainly
        vi = built_site / f"provinces/{plan.key}/index.html"
        mine = [a for a, _ in parse(vi).links if resolve(built_site, vi, a["href"])[0] == source]
        assert mine and not any("hreflang" in a for a in mine)


def test_the_source_page_offers_the_plan_page_in_the_other_languages(built_site, corpus):
    plans, _ = corpus
    for plan in plans:
        page = built_site / f"provinces/{plan.key}/source/index.html"
        switch = [a for tag, a in parse(page).elements if tag == "a" and "ps-lang" in (a.get("class") or "")]
        assert [a["hreflang"] for a in switch] == ["en"], plan.key
        assert resolve(built_site, page, switch[0]["href"])[0] == (built_site / f"en/provinces/{plan.key}/index.html").resolve()


# --- the plan page: anchors, languages, roles -------------------------------------------------

@pytest.mark.parametrize("lang", ["", "en/"])
def test_the_plan_page_keeps_every_anchor_and_the_language_of_its_text(built_site, corpus, lang):
    plans, _ = corpus
    for plan in plans:
        page = built_site / lang / f"provinces/{plan.key}/index.html"
        parsed = parse(page)
        want = {t.id for t in plan.tasks} | {b.id for b in plan.blocks} | {f"section-{s.number.lower()}" for s in plan.sections}
        assert want <= parsed.ids, (plan.key, sorted(want - parsed.ids)[:5])
        plan_text = [a for tag, a in parsed.elements if tag == "div" and a.get("class") == "ps-plan"]
        assert [a.get("lang") for a in plan_text] == ["vi"], plan.key
        metas = [a for tag, a in parsed.elements if tag == "div" and a.get("class") == "ps-meta"]
        assert len(metas) == len(plan.tasks), plan.key
        assert all(a.get("lang") == ("en" if lang else None) for a in metas)  # the page's words, inside the text
        html = page.read_text(encoding="utf-8")
        if plan.partial:
            assert 'class="ps-partial"' in html and label("text_partial", "en" if lang else "vi") in html
        for tid in parsed.ids & {t.id for t in plan.tasks}:
            assert f'href="#{tid}"' in html  # each task's permalink


def _task_metas(html: str) -> dict[str, str]:
    """task id -> the task's own line of roles, themes and links."""
    out = {}
    for m in re.finditer(r'<li class="ps-task" id="([^"]+)">', html):
        meta = re.search(r'<div class="ps-meta"[^>]*>.*?</div>', html[m.end():], re.S)
        out[m.group(1)] = meta.group(0)
    return out


@pytest.mark.parametrize("lang", ["", "en/"])
def test_every_task_says_its_roles_or_its_block_does(built_site, corpus, lang):
    from generator.views.plans import block_roles
    plans, reg = corpus
    role_words = {r: label(f"role_{r}", "en" if lang else "vi") for r in ("lead", "responsible", "coordinating")}
    for plan in plans:
        html = (built_site / lang / f"provinces/{plan.key}/index.html").read_text(encoding="utf-8")
        metas = _task_metas(html)
        said = block_roles(plan)
        for task in plan.tasks:
            meta = metas[task.id]
            block = said.get(task.block.id) if task.block else None
            if lang:  # the page's language is not the text's: the task's own English line says its roles
                line = re.search(rf'<li class="ps-task" id="{task.id}"><p class="ps-gist" lang="en">([^<]*)</p>', html)
                assert line and 'class="ps-roles"' not in meta, (plan.key, task.id)
                names = {r.agency: reg.agencies[r.agency].get("short_en") or reg.agencies[r.agency]["en"] for r in task.item.roles}
                assert all(unescape(n) in unescape(line.group(1)) for n in names.values()), (plan.key, task.id)
            elif block and task.id in block["tasks"]:
                assert 'class="ps-roles"' not in meta, (plan.key, task.id)
                assert set(task.item.roles) == set(block["roles"])
                section = html[html.index(f'id="{task.block.id}"'):html.index(f'id="{task.id}"')]
                line = re.search(r'<p class="ps-blockmeta".*?</p>', section, re.S).group(0)
                assert all(role_words[r.role] in line for r in task.item.roles), (plan.key, task.id)
            elif task.item.roles:
                assert 'class="ps-roles"' in meta, (plan.key, task.id)
                assert all(role_words[r.role] in meta for r in task.item.roles), (plan.key, task.id)


def test_a_block_that_shares_roles_says_so_once(registry):
    from test_matrix import mini_plan, task
    from generator.views.plans import block_roles
    p = mini_plan("gia-lai", "2020", 2020, 2020, [
        {"id": "a", "label": "1.", "name": "Sở Tư pháp", "agencies": ["so-tu-phap"], "mode": "directed", "tasks": [
            task("a-p1", "IV.1.p1", {"so-tu-phap": "lead"}, ["legal-aid"]),
            task("a-p2", "IV.1.p2", {"so-tu-phap": "lead"}, ["legal-aid"])]},
        {"id": "b", "label": "2.", "name": "Sở Y tế", "agencies": ["so-y-te"], "mode": "directed", "tasks": [
            task("b-p1", "IV.2.p1", {"so-y-te": "lead", "so-tu-phap": "coordinating"}, ["health"]),
            task("b-p2", "IV.2.p2", {"so-y-te": "responsible"}, ["health"]),
            task("b-p3", "IV.2.p3", {"so-y-te": "responsible"}, ["health"])]},
        {"id": "c", "label": "3.", "name": "Sở Nội vụ", "agencies": ["so-noi-vu"], "mode": "directed", "tasks": [
            task("c-p1", "IV.3.p1", {"so-noi-vu": "lead"}, ["committee"]),
            task("c-p2", "IV.3.p2", {"so-noi-vu": "responsible"}, ["committee"])]}])
    said = block_roles(p)
    assert said["a"]["all"] and said["a"]["named"] and said["a"]["tasks"] == ("a-p1", "a-p2")
    assert not said["b"]["all"] and said["b"]["tasks"] == ("b-p2", "b-p3")  # b-p1 keeps its own
    assert "c" not in said  # every task differs: each says its own


# --- byte budgets -------------------------------------------------------------------------------

def test_a_plan_page_says_each_thing_once(built_site, corpus):
    """No attribute repeats what the text says (titles, aria-labels, data-ref), indicators are described
    once per page, and a task's line of roles, themes and links stays small."""
    plans, _ = corpus
    markup = []
    for lang in ("", "en/"):
        for plan in plans:
            html = body((built_site / lang / f"provinces/{plan.key}/index.html").read_text(encoding="utf-8"))
            plan_part = html[html.index('<div class="ps-plan"'):]
            assert "data-ref=" not in plan_part and not re.search(r'class="ps-item[ "]', plan_part)
            assert 'title="' not in re.sub(r'<span class="ps-mode" title="[^"]*">', "", plan_part)
            assert 'aria-label="' + label("permalink", "en" if lang else "vi") not in plan_part
            named = {i for t in plan.tasks for i in t.item.indicators}
            for ind in named:
                assert html.count(f'id="ind-{ind.lower()}"') == 1 and f'href="#ind-{ind.lower()}"' in html
            for meta in _task_metas(html).values():
                markup.append(sum(len(t.encode()) for t in re.findall(r"<[^>]*>", meta)))
    assert statistics.mean(markup) <= 320, statistics.mean(markup)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    """A small SYNTHETIC corpus (bench/synth.py, never content/), analysed."""
    from generator.analysis import analyse
    from generator.build import languages_of, load_config
    from generator.cli import bench_synth
    from generator.corpus import load_corpus
    from generator.i18n import load_labels
    out = tmp_path_factory.mktemp("synth") / "corpus"
    assert bench_synth().synth(12, out, seed=3, content=CONTENT) == 0
    config = load_config()
    corpus = load_corpus(out)
    assert corpus.ok
    return config, corpus, languages_of(config, load_labels()[0], corpus.registry), analyse(corpus, config)


def test_a_typical_synthetic_plan_page_is_within_its_budget(synthetic):
    from generator.build import chrome
    from generator.render import Renderer
    from generator.views import Page, View, plans as family
    config, corpus, languages, analysis = synthetic
    for code, lang in languages.items():
        renderer = Renderer(lang)
        view = View(analysis, corpus, config, renderer, languages)
        sizes = [len(renderer.render(p.template, p.path, **chrome(p, lang, {}, config), **p.context).encode())
                 for p in family.pages(view) if isinstance(p, Page) and p.template == "plan.html"]
        assert len(sizes) == 12
        assert statistics.median(sizes) <= PAGE_BUDGET, (code, statistics.median(sizes))
        sources = [p for p in family.pages(view) if isinstance(p, Page) and p.template == "source.html"]
        assert len(sources) == (12 if code == lang.default else 0)
