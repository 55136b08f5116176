"""The theme's frame: one mkdocs page per shape stands for every page of that shape.

The adapter asks mkdocs for one representative page per place in the site (a tab's own page, or
a depth and top folder) and puts every other page in its representative's frame. These tests
render every page of the real site the slow way too (each page its own mkdocs page) and demand
the same bytes, so a theme upgrade that breaks the assumption fails here.
"""
from __future__ import annotations

import datetime as dt

import pytest

from generator.analysis import analyse
from generator.build import ROOT, _load, chrome, languages_of, make_language
from generator.render import Renderer
from generator.renderers.mkdocs_material import Adapter, shape
from generator.views import NAV, View

from conftest import CONTENT


@pytest.fixture(scope="module")
def language_pages():
    settings, corpus, labels = _load(CONTENT, ROOT / "site_config.yml")
    languages = languages_of(settings, labels, corpus.registry)
    analysis = analyse(corpus, settings)
    out = {}
    for code, lang in languages.items():
        view = View(analysis, corpus, settings, Renderer(lang), languages, {})
        pages, _ = make_language(view)
        titles = {p.path: p.title for p in pages}
        out[code] = (lang, pages, [(lang.t(k), path) for k, path in NAV if path in titles], titles)
    return settings, out


def _frames(settings, language_pages, tmp_path, every_page: bool):
    adapter = Adapter(settings, tmp_path / ("every" if every_page else "shapes"), every_page=every_page)
    epoch = int(dt.datetime.fromisoformat(settings["data_date"]).replace(tzinfo=dt.timezone.utc).timestamp())
    for code, (lang, pages, nav, _) in language_pages.items():
        adapter.prepare(lang, pages, nav)
        status, err = adapter.run_language(code, epoch)
        assert status == 0, err
    return adapter


def test_every_page_in_its_shapes_frame_is_the_page_mkdocs_makes_of_it(language_pages, tmp_path):
    settings, langs = language_pages
    fast = _frames(settings, langs, tmp_path, every_page=False)
    slow = _frames(settings, langs, tmp_path, every_page=True)
    compared = 0
    for code, (lang, pages, nav, _) in langs.items():
        shapes = {fast.languages[code][2][p.path] for p in pages}
        assert len(shapes) < len(pages) / 3  # the point: far fewer theme pages than pages
        for page in pages:
            body = f"<p>{page.path}</p>"
            assert fast.page(code, page, body) == slow.page(code, page, body), (code, page.path)
            compared += 1
    assert compared == sum(len(v[1]) for v in langs.values())


def test_shapes_part_pages_by_depth_and_tab():
    nav = frozenset({"", "provinces/", "agencies/", "matrix/"})
    assert shape("provinces/", nav) == "page:provinces/"
    assert shape("provinces/cao-bang/", nav) == shape("provinces/gia-lai/", nav) != shape("agencies/x/", nav)
    assert shape("provinces/cao-bang/2022/", nav) != shape("provinces/cao-bang/", nav)
    assert shape("compare/a--b/", nav) == shape("about/wanted/", nav)  # neither top folder is a tab here


def test_theme_files_leave_out_source_maps_and_the_unused_search_engine(built_site):
    files = [p.relative_to(built_site).as_posix() for p in built_site.rglob("*") if p.is_file()]
    assert not [f for f in files if f.endswith(".map")]
    assert not [f for f in files if "/lunr/" in f or "/workers/" in f]
    bundle = next(built_site.glob("assets/javascripts/bundle.*.min.js")).read_bytes()
    assert b"sourceMappingURL" not in bundle
    assert (built_site / "404.html").is_file() and (built_site / "en" / "404.html").is_file()


def test_each_page_kind_loads_only_its_own_scripts(built_site):
    home = (built_site / "index.html").read_text(encoding="utf-8")
    search = (built_site / "search" / "index.html").read_text(encoding="utf-8")
    for name in ("search.js", "matrix.js", "compare.js"):
        assert f"assets/{name}" not in home
    assert 'assets/search.js" defer' in search


def test_sitemap_lists_every_page_of_its_language(built_site):
    import xml.etree.ElementTree as ET
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    for root, prefix in ((built_site, ""), (built_site / "en", "en/")):
        locs = [e.text for e in ET.parse(root / "sitemap.xml").getroot().iter(f"{ns}loc")]
        pages = sorted(p.parent.relative_to(root).as_posix() for p in root.rglob("index.html")
                       if not p.relative_to(root).as_posix().startswith(("en/", "assets/")))
        assert len(locs) == len(pages) and all(u.startswith("https://") for u in locs)
        assert any(u.endswith(f"/{prefix}provinces/") for u in locs)
