"""What makes a journalist trust the site: who publishes it and how to reach them, the methodology with the role
codebook, sources named by document and number (never by file name), legal acts linked to official publications
or labelled as unofficial copies, one date style per language, and notes marked with their real language."""
from html import unescape
import re
import shutil

import pytest
import yaml

from generator.corpus import load_corpus
from generator.registry import load_registry

from conftest import CONTENT, ROOT

LANGS = {"": "vi", "en/": "en"}
DATE_STYLE = {"vi": re.compile(r"^\d{2}/\d{2}/\d{4}$"),
              "en": re.compile(r"^\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}$")}
ISO_DATE = re.compile(r"\b(?:19|20)\d{2}-\d{2}-\d{2}\b")
HASH_NAME = re.compile(r"\b\d{3}_[0-9a-f]{6,}(?:…|\.{3})?(?:[0-9a-f]*\.txt)?")
LINK = re.compile(r'<a\b[^>]*\bhref="(https?://[^"]+)"[^>]*>.*?</a>(\s*<span class="ps-unofficial")?', re.S)
CITATION = re.compile(r'<p class="ps-cite">.*?</p>', re.S)
OUR_PAGES = ["about/", "methodology/", "about/wanted/"]


@pytest.fixture(scope="module")
def real():
    corpus = load_corpus(CONTENT)
    assert corpus.ok, [d.format() for d in corpus.errors]
    return corpus


@pytest.fixture(scope="module")
def config():
    return yaml.safe_load((ROOT / "site_config.yml").read_text(encoding="utf-8"))


def page(site, path):
    return (site / path / "index.html").read_text(encoding="utf-8")


def visible_text(html: str) -> str:
    """The words a reader sees: no scripts, styles, tags or attributes."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return unescape(re.sub(r"<[^>]+>", " ", html))


def source_pages(site):
    return sorted(p.parent.relative_to(site).as_posix() + "/" for p in site.glob("provinces/*/*/source/index.html"))


@pytest.mark.parametrize("root", LANGS)
def test_about_page_shows_publisher_and_contact(built_site, config, root):
    html = unescape(page(built_site, root + "about"))
    lang = LANGS[root]
    assert 'id="publisher"' in html
    assert config["publisher"]["name"][lang] in html and f'href="{config["publisher"]["url"]}"' in html
    assert config["contact"]["label"][lang] in html and f'href="{config["contact"]["url"]}"' in html
    assert 'class="ps-contents"' in html  # the contents menu


@pytest.mark.parametrize("root", LANGS)
def test_methodology_has_the_role_codebook_table(built_site, real, config, root):
    html = unescape(page(built_site, root + "methodology"))
    table = html.split('<table class="ps-codebook trust-cards">', 1)[1].split("</table>", 1)[0]  # the first: the roles
    rows = dict(re.findall(r'<tr id="[a-z]+-([a-z-]+)">(.*?)</tr>', table, re.S))
    assert list(rows) == [c.id for c in real.codebook.roles]
    for code in real.codebook.roles:
        assert code.definition[LANGS[root]][:60] in rows[code.id]  # its meaning, in the reader's language
        for cue in code.cues:
            assert f"“{cue}”" in rows[code.id]  # its Vietnamese cue words
        assert '<span lang="vi">“' in rows[code.id]  # cue words are marked Vietnamese, on English pages too
    for anchor in ("what", "partial", "comparisons", "sources", "corrections", "revisions"):
        assert f'id="{anchor}"' in html and f'href="#{anchor}"' in html  # each part, and its entry in the contents
    assert f'{round(config["compare"]["similarity_threshold"] * 100)}%' in html
    assert f'href="{config["contact"]["url"]}"' in html


def test_no_page_shows_a_source_file_name(built_site, real):
    seeds = {p.source_seed for p in real.plans if p.source_seed}
    assert seeds  # the real plans were read from hash-named files: none of those names may reach a page
    for path in built_site.rglob("*.html"):
        text = visible_text(path.read_text(encoding="utf-8"))
        assert not HASH_NAME.search(text), (path, HASH_NAME.search(text).group(0))
        assert not any(s in text or s[:8] in text for s in seeds), path


@pytest.mark.parametrize("root", LANGS)
def test_sources_are_named_by_document_number_and_date(built_site, real, root):
    html = unescape(page(built_site, root + "about"))
    qn = next(p for p in real.plans if p.key == "quang-ngai/2025")
    when = "23/04/2025" if root == "" else "23 Apr 2025"
    assert re.search(rf"<span lang=\"vi\">Kế hoạch</span> 93/KH-UBND, {'Quảng Ngãi' if root == '' else 'Quang Ngai'}, <time datetime=\"2025-04-23\">{when}</time>", html)
    assert qn.source_seed not in html
    src = unescape(page(built_site, "provinces/quang-ngai/2025/source"))
    assert re.search(r"<h1>[^<]*<a [^>]*><span lang=\"vi\">Kế hoạch</span> 93/KH-UBND, Quảng Ngãi, <time datetime=\"2025-04-23\">23/04/2025</time></a></h1>", src)


def act_urls(reg, plans):
    """Every outside address of an act or a plan's copy that the data holds."""
    urls = set()
    for act in reg.legal_acts.values():
        urls |= {act.get("url"), act.get("official_url")}
    for p in plans:
        urls |= {p.source_url, p.number_source.get("url")}
    return {u for u in urls if u}


def unlabelled_act_links(html, urls, reg):
    return [href for href, label in LINK.findall(html)
            if unescape(href) in urls and not reg.is_official(unescape(href)) and not label]


def test_act_links_on_our_pages_are_official_or_labelled(built_site, real):
    urls = act_urls(real.registry, real.plans)
    seen = 0
    for path in [r + p for r in LANGS for p in OUR_PAGES] + source_pages(built_site):
        html = page(built_site, path)
        seen += sum(unescape(h) in urls for h, _ in LINK.findall(html))
        assert not unlabelled_act_links(html, urls, real.registry), path
    assert seen >= len(real.registry.legal_acts) * 2  # every act is listed on the about page, in both languages
    about = visible_text(page(built_site, "en/about"))
    assert about.count("unofficial copy") >= len(real.registry.legal_acts)  # said in words, not by colour


def test_act_links_on_every_page_are_official_or_labelled(built_site, real):
    urls = act_urls(real.registry, real.plans)
    bad = {str(p.relative_to(built_site)): unlabelled_act_links(p.read_text(encoding="utf-8"), urls, real.registry)
           for p in built_site.rglob("*.html")}
    assert not {k: v for k, v in bad.items() if v}


def test_official_domains_are_data_and_classify_links(real):
    reg = real.registry
    assert {s["domain"] for s in reg.official_sources} >= {"vbpl.vn", "congbao.chinhphu.vn", "chinhphu.vn"}
    assert reg.is_official("https://vbpl.vn/TW/Pages/vbpq-toanvan.aspx?ItemID=1")
    assert reg.is_official("https://congbao.chinhphu.vn/van-ban/1.htm")
    assert reg.is_official("https://vanban.chinhphu.vn/?pageid=27160&docid=1")
    assert not reg.is_official("https://thuvienphapluat.vn/van-ban/x.aspx")  # a law library, not a publisher
    assert not reg.is_official("https://notchinhphu.vn/x") and not reg.is_official("https://chinhphu.vn.example.com/x")
    assert not reg.is_official(None)
    for act in reg.legal_acts.values():  # no official address is invented: each is empty or on an official host
        assert act.get("official_url") is None or reg.is_official(act["official_url"])


def test_an_official_url_off_the_official_domains_is_a_located_error(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    path = content / "registry" / "agencies.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("official_url: null", 'official_url: "https://thuvienphapluat.vn/van-ban/x.aspx"', 1),
                    encoding="utf-8")
    reg, errors = load_registry(content)
    assert reg is None
    assert any(d.path.endswith("agencies.yml") and "official_url is not on an official domain" in d.message and d.line > 1
               for d in errors), [d.format() for d in errors]


@pytest.mark.parametrize("root", LANGS)
def test_dates_on_our_pages_follow_the_language_style(built_site, root):
    style = DATE_STYLE[LANGS[root]]
    paths = [root + p for p in OUR_PAGES] + (source_pages(built_site) if root == "" else [])
    n = 0
    for path in paths:
        html = page(built_site, path)
        for iso, shown in re.findall(r'<time datetime="([^"]+)">([^<]*)</time>', html):
            assert style.match(shown), (path, iso, shown)
            n += 1
        text = visible_text(CITATION.sub("", html))  # the citation's date: test_the_citation_dates_in_the_language_style
        assert not ISO_DATE.search(text), (path, ISO_DATE.search(text).group(0))
    assert n > 10


@pytest.mark.parametrize("root", LANGS)
def test_the_citation_dates_in_the_language_style(built_site, root):
    cite = CITATION.search(page(built_site, root + "about")).group(0)
    assert not ISO_DATE.search(visible_text(cite))


def test_a_note_carries_its_own_language(views):
    """`local` marks a text with the language it is written in: an English-only note on a Vietnamese page is
    lang="en"; the mark is always there, as the text may sit inside an element in another language."""
    renderer = views["vi"].renderer
    tpl = renderer.env.from_string('{% from "_macros.html" import local with context %}'
                                   "{{ local({'note_en': 'An editorial note'}, 'note') }}|"
                                   "{{ local({'note': {'vi': 'Ghi chú', 'en': 'A note'}}, 'note') }}")
    english_only, both = tpl.render().split("|")
    assert english_only == '<span lang="en">An editorial note</span>'
    assert both == '<span lang="vi">Ghi chú</span>'
    on_english = views["en"].renderer.env.from_string('{% from "_macros.html" import local with context %}'
                                                      "{{ local({'note_vi': 'Ghi chú'}, 'note') }}").render()
    assert on_english == '<span lang="vi">Ghi chú</span>'  # a Vietnamese-only text on an English page
