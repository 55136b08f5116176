"""The build cache never changes the site: a cached build, a warm rebuild and a clean build of
the same content are byte-identical, also after an edit; a rebuild leaves unchanged files alone."""
from __future__ import annotations

import filecmp
import shutil

import pytest

from generator.build import build
from generator.cache import Cache

from conftest import CONTENT

EDITED = "content/plans/cao-bang/2022.yml"
OLD, NEW = "triển khai thực hiện hiệu quả Chiến lược", "triển khai thực hiện thật hiệu quả Chiến lược"


def tree(root):
    return {p.relative_to(root).as_posix(): p for p in sorted(root.rglob("*")) if p.is_file()}


def assert_same_site(a, b):
    ta, tb = tree(a), tree(b)
    assert sorted(ta) == sorted(tb)
    different = [k for k in ta if not filecmp.cmp(ta[k], tb[k], shallow=False)]
    assert not different, different[:10]


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("cache")
    cache = Cache(tmp / "cache")
    assert build(CONTENT, tmp / "clean", work=tmp / "w1") == 0
    assert build(CONTENT, tmp / "cold", work=tmp / "w2", cache=cache) == 0
    warm_cache = Cache(tmp / "cache")
    assert build(CONTENT, tmp / "cold", work=tmp / "w3", cache=warm_cache) == 0  # the same out: a rebuild
    return tmp, warm_cache


def test_cold_and_warm_cached_builds_equal_a_clean_build(builds):
    tmp, warm = builds
    assert warm.hits > 0  # the rebuild did reuse work
    assert_same_site(tmp / "clean", tmp / "cold")


def test_a_rebuild_leaves_unchanged_files_untouched(builds, tmp_path):
    tmp, _ = builds
    site = tmp_path / "site"
    shutil.copytree(tmp / "cold", site)
    before = {k: p.stat().st_ino for k, p in tree(site).items()}
    assert build(CONTENT, site, work=tmp_path / "w", cache=Cache(tmp / "cache")) == 0
    after = {k: p.stat().st_ino for k, p in tree(site).items()}
    assert before == after  # the same files, not copies: nothing was rewritten


def test_after_an_edit_the_cached_build_equals_a_clean_build(builds, tmp_path):
    tmp, _ = builds
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    plan = content / EDITED.removeprefix("content/")
    text = plan.read_text(encoding="utf-8")
    assert OLD in text
    plan.write_text(text.replace(OLD, NEW, 1), encoding="utf-8")
    site = tmp_path / "site"
    shutil.copytree(tmp / "cold", site)
    before = {k: p.stat().st_ino for k, p in tree(site).items()}
    assert build(content, site, work=tmp_path / "w1", cache=Cache(tmp / "cache")) == 0
    assert build(content, tmp_path / "clean", work=tmp_path / "w2") == 0
    assert_same_site(site, tmp_path / "clean")
    rewritten = {k for k, p in tree(site).items() if before.get(k) != p.stat().st_ino}
    assert "provinces/cao-bang/2022/index.html" in rewritten
    assert "provinces/gia-lai/2020/index.html" not in rewritten  # a plan the edit does not touch
    assert len(rewritten) < len(before) / 3


def test_the_cache_keeps_only_what_the_last_build_used(tmp_path):
    cache = Cache(tmp_path / "c", version="v")
    old, kept = cache.key("old"), cache.key("kept")
    cache.put("pages", old, b"1")
    cache.put("pages", kept, b"2")
    assert cache.prune({("pages", kept)}) == 1
    assert cache.get("pages", kept) == b"2" and cache.get("pages", old) is None


def test_the_cache_answers_nothing_when_switched_off(tmp_path):
    off = Cache(None)
    off.put("pages", "k", b"x")
    assert off.get("pages", "k") is None and not off.enabled


def test_one_process_builds_the_same_site_as_two(builds, tmp_path):
    """jobs=1 (a one-CPU machine, PLANSITE_JOBS=1): the languages run in this process, with a warm cache."""
    tmp, _ = builds
    site = tmp_path / "site"
    assert build(CONTENT, site, work=tmp_path / "w", cache=Cache(tmp / "cache"), jobs=1) == 0
    assert_same_site(site, tmp / "clean")


def test_the_content_folder_given_another_way_still_hits_the_cache(builds, tmp_path, monkeypatch, capsys):
    """`--content content` and `--content /abs/content` are the same plans: every page comes from the cache."""
    import re
    from pathlib import Path
    tmp, _ = builds
    monkeypatch.chdir(CONTENT.parent)
    capsys.readouterr()
    assert build(Path(CONTENT.name), tmp_path / "site", work=tmp_path / "w", cache=Cache(tmp / "cache")) == 0
    reused = int(re.search(r"; (\d+) pages reused", capsys.readouterr().out).group(1))
    assert reused == len(list((tmp_path / "site").rglob("index.html")))
