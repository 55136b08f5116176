"""The /data/ page in real Chromium, both languages: every download linked with its format and size, the
Excel file offered first to Excel users, the column guide, the feeds; no sideways scroll at 360 px; axe
finds nothing of any impact at phone and desktop width."""
import csv
import io
import urllib.request

import pytest

from generator.data import ASSIGNMENT_COLUMNS, ASSIGNMENT_EXTRA_COLUMNS

pytestmark = pytest.mark.browser

LANGS = ["", "en/"]
WIDTHS = {"phone": (360, 780), "desktop": (1280, 900)}


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url) as r:  # the test's own loopback server
        return r.read()


@pytest.fixture
def sized(browser):
    contexts = []

    def make(width, height):
        ctx = browser.new_context(viewport={"width": width, "height": height}, is_mobile=width < 500)
        contexts.append(ctx)
        return ctx.new_page()
    yield make
    for ctx in contexts:
        ctx.close()


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("width", WIDTHS)
def test_data_page_fits_and_has_no_axe_violations(sized, site_url, page_errors, lang, width):
    from axe_playwright_python.sync_playwright import Axe
    page = sized(*WIDTHS[width])
    errors = page_errors(page)
    page.goto(site_url + lang + "data/")
    page.wait_for_load_state("networkidle")
    overflow = page.evaluate("document.scrollingElement.scrollWidth - innerWidth")
    assert overflow <= 1, f"{lang}data/ is {overflow} px wider than the {width} screen"
    violations = Axe().run(page).response["violations"]
    assert not violations, [(v["id"], v["impact"], v["help"], [n["target"] for n in v["nodes"][:3]]) for v in violations]
    assert not errors


@pytest.mark.parametrize("lang", LANGS)
def test_every_download_is_linked_with_its_format_and_size(page, site_url, built_site, lang):
    page.goto(site_url + lang + "data/")
    rows = page.locator(".ps-data-table tbody tr:has(a)")
    assert rows.count() >= 8
    seen = set()
    for i in range(rows.count()):
        row = rows.nth(i)
        link = row.locator("th a")
        path = link.inner_text().strip()
        href = link.evaluate("a => a.href")
        assert href.endswith(path)
        data = fetch(href)
        assert data == (built_site / path).read_bytes()
        cells = row.locator("td").all_inner_texts()
        fmt, size = cells[-2].strip(), cells[-1].strip()
        assert fmt == {"csv": "CSV", "json": "JSON", "atom": "Atom", "xlsx": "XLSX"}[path.rsplit(".", 1)[-1]]
        assert size == f"{max(1, round(len(data) / 1000)):,} kB", (path, size)
        seen.add(path)
    assert {"data/assignments.csv", "data/assignments.xlsx", "data/datapackage.json", "feed.atom"} <= seen
    # the feeds have their own section, the site's feed first
    feeds = page.locator("h2#feed ~ .ps-data-table").first.locator("tbody th a").all_inner_texts()
    assert feeds[0] == "feed.atom" and all(f.endswith("feed.atom") for f in feeds)


@pytest.mark.parametrize("lang", LANGS)
def test_excel_users_are_told_to_take_the_xlsx(page, site_url, lang):
    page.goto(site_url + lang + "data/")
    note = page.locator("aside.ps-data-excel")
    assert note.is_visible()
    link = note.locator("a[href$='assignments.xlsx']")
    assert link.count() == 1 and "kB" in note.inner_text()
    # before the tables: the first thing an Excel user reads
    assert note.evaluate("n => n.compareDocumentPosition(document.getElementById('data')) & Node.DOCUMENT_POSITION_FOLLOWING")
    assert fetch(link.evaluate("a => a.href")).startswith(b"PK")
    # the CSV stays plain UTF-8 for machines: no byte-order mark
    assert not fetch(site_url + "data/assignments.csv").startswith(b"\xef\xbb\xbf")


@pytest.mark.parametrize("lang", LANGS)
def test_the_column_guide_lists_every_csv_column_in_the_page_language(page, site_url, lang):
    page.goto(site_url + lang + "data/")
    header = next(csv.reader(io.StringIO(fetch(site_url + "data/assignments.csv").decode("utf-8"))))
    assert header == list(ASSIGNMENT_COLUMNS + ASSIGNMENT_EXTRA_COLUMNS)
    names = page.locator("dl.ps-data-columns dt code").all_inner_texts()
    assert names[:len(header)] != [] and set(header) <= set(names)
    role = page.locator("dt#col-role + dd").inner_text()
    # the page's language: the Vietnamese page explains in Vietnamese, the English one in English
    assert ("Vai trò của cơ quan" in role) == (lang == "") and ("The agency's role" in role) == (lang == "en/")
    assert "role_vi" in role and "role_en" in role  # the xlsx columns that give the code in words
