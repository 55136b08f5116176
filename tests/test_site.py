"""The built site: every page kind, links, determinism, no third parties, a failed build changes nothing."""
import hashlib
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from conftest import CONTENT, ROOT

PLANS = ["dak-nong/2021-2030", "quang-ngai/2025", "gia-lai/2020", "ninh-thuan/2021", "cao-bang/2022"]


def tree_digest(root: Path) -> dict:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.ids, self.lang, self.external = [], set(), None, []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        if "id" in a:
            self.ids.add(a["id"])
        for attr in ("href", "src"):
            v = a.get(attr)
            if v is None:
                continue
            if v.startswith(("http://", "https://", "//")):
                # Loading anything from a third party is forbidden; plain links out are fine.
                if tag in ("script", "img", "iframe") or (tag == "link" and a.get("rel") in ("stylesheet", "preload", "icon", "preconnect")):
                    self.external.append(v)
            elif not v.startswith(("mailto:", "#", "data:")) or v.startswith("#"):
                self.links.append(v)


def parse(path: Path) -> Links:
    p = Links()
    p.feed(path.read_text(encoding="utf-8"))
    return p


@pytest.mark.parametrize("lang", ["", "en/"])
def test_every_page_kind_exists(built_site, lang):
    site = built_site / lang
    pages = ["", "provinces/", "years/", "agencies/", "about/", "search/", "years/2025/", "years/2021/",
             "agencies/so-noi-vu/", "agencies/so-ldtbxh/", "provinces/dak-nong/"]
    for key in PLANS:
        pages.append(f"provinces/{key}/")
        if lang:  # the source text page exists once, in the language of the text (tests/test_plan_budgets.py)
            assert not (site / f"provinces/{key}/source").exists(), key
        else:
            pages.append(f"provinces/{key}/source/")
    for page in pages:
        assert (site / page / "index.html").is_file(), page
    assert parse(site / "index.html").lang == ("vi" if not lang else "en")


def test_a_strategy_plan_counts_in_each_of_its_years(built_site):
    for year in range(2021, 2031):
        html = (built_site / f"years/{year}/index.html").read_text(encoding="utf-8")
        assert "provinces/dak-nong/2021-2030/" in html, year


def test_no_broken_internal_links(built_site):
    """Every relative href/src of every page resolves to a file, and every #fragment to an id."""
    import yaml
    base = urlsplit(yaml.safe_load((ROOT / "site_config.yml").read_text(encoding="utf-8"))["base_url"]).path
    cache, broken = {}, []
    for page in sorted(built_site.rglob("*.html")):
        parsed = cache.setdefault(page, parse(page))
        for link in parsed.links:
            parts = urlsplit(link)
            if parts.path.startswith("/"):  # 404.html links absolutely, under the deployed base path
                assert parts.path.startswith(base), link
                target = (built_site / unquote(parts.path[len(base):])).resolve()
            else:
                target = page if not parts.path else (page.parent / unquote(parts.path)).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{page.relative_to(built_site)} -> {link}")
                continue
            if parts.fragment and target.suffix == ".html":
                ids = cache.setdefault(target, parse(target)).ids
                if unquote(parts.fragment) not in ids:
                    broken.append(f"{page.relative_to(built_site)} -> {link} (no such anchor)")
    assert not broken, f"{len(broken)} broken links:\n" + "\n".join(broken[:20])


def test_nothing_loaded_from_third_parties(built_site):
    offenders = []
    for page in built_site.rglob("*.html"):
        ext = parse(page).external
        if ext:
            offenders.append(f"{page.relative_to(built_site)}: {ext[:3]}")
        text = page.read_text(encoding="utf-8")
        if "fonts.googleapis" in text or "fonts.gstatic" in text:
            offenders.append(f"{page.relative_to(built_site)}: Google Fonts")
    assert not offenders, "\n".join(offenders[:10])


def test_no_flat_nav_of_plans(built_site):
    """Navigation must not list every plan on every page (that grows with N²)."""
    html = (built_site / "about/index.html").read_text(encoding="utf-8")
    nav = html.split('class="md-content"')[0]
    assert "provinces/quang-ngai/2025/" not in nav


def test_every_task_has_an_anchor_and_a_source_link(built_site, corpus):
    plans, _ = corpus
    for plan in plans:
        html = (built_site / f"provinces/{plan.key}/index.html").read_text(encoding="utf-8")
        ids = parse(built_site / f"provinces/{plan.key}/index.html").ids
        missing = [t.id for t in plan.tasks if t.id not in ids]
        assert not missing, (plan.key, missing[:5])
        assert html.count('href="source/#s') >= len(plan.tasks) * 0.9, plan.key


def test_search_index_is_folded_and_small(built_site):
    import json
    docs = json.loads((built_site / "search/docs.json").read_text(encoding="utf-8"))
    assert any(d[0] == "agencies/so-noi-vu/" for d in docs)
    shard = json.loads((built_site / "search/t/no.json").read_text(encoding="utf-8"))
    assert "noi" in shard
    total = sum(p.stat().st_size for p in (built_site / "search").rglob("*.json"))
    assert total < 1_000_000


def test_two_builds_are_byte_identical(built_site, tmp_path):
    from generator.build import build
    again = tmp_path / "site"
    assert build(CONTENT, again, work=tmp_path / "work") == 0
    assert tree_digest(again) == tree_digest(built_site)


def test_a_failed_build_leaves_the_previous_site_intact(built_site, tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    out = tmp_path / "site"
    shutil.copytree(built_site, out)
    before = tree_digest(out)
    plan = content / "plans/quang-ngai/2025.yml"
    plan.write_text(plan.read_text(encoding="utf-8").replace('kind: annual', 'kind: monthly', 1), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "generator", "build", "--content", str(content), "--out", str(out)],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert re.search(r"2025\.yml:\d+:\d+: error: kind: 'monthly' is not one of annual, strategy", proc.stderr)
    assert tree_digest(out) == before


def test_generated_mkdocs_config_keeps_material_at_arms_length(tmp_path):
    """Our mkdocs.yml uses no plugin of ours, no Google Fonts, strict mode."""
    import yaml
    from generator.build import ROOT as R, build
    assert build(CONTENT, tmp_path / "site", work=tmp_path / "work") == 0
    cfg = yaml.safe_load((tmp_path / "work/vi/mkdocs.yml").read_text(encoding="utf-8"))
    assert cfg["plugins"] == [] and cfg["strict"] is True and cfg["theme"]["font"] is False
    assert cfg["theme"]["language"] == "vi"
    assert (tmp_path / "work/en/mkdocs.yml").is_file()
