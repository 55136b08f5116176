"""Real-browser tests: Playwright driving Debian's Chromium against the built site on loopback."""
import shutil

import pytest

from conftest import CONTENT, serve_dir, sideways

pytestmark = pytest.mark.browser

PAGE_KINDS = ["", "provinces/", "provinces/quang-ngai/", "provinces/quang-ngai/2025/", "provinces/ninh-thuan/2021/source/",
              "years/", "years/2025/", "agencies/", "agencies/so-noi-vu/", "about/", "search/?q=noi+vu",
              "matrix/", "matrix/?theme=action-month&fold=1&group=province", "data/"]


@pytest.mark.parametrize("lang", ["", "en/"])
@pytest.mark.parametrize("path", PAGE_KINDS)
def test_page_loads_without_console_errors(page, page_errors, site_url, lang, path):
    if lang and path.endswith("/source/"):
        path = path.removesuffix("source/")  # the source text exists once, in Vietnamese; its English plan page instead
    errors = page_errors(page)
    response = page.goto(site_url + lang + path)
    assert response.status == 200
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").first.is_visible()
    assert page.evaluate("document.documentElement.lang") == ("en" if lang else "vi")
    assert not errors


def test_navigation_tabs_and_links(page, page_errors, site_url):
    errors = page_errors(page)
    page.goto(site_url)
    page.locator(".md-tabs").get_by_role("link", name="Các tỉnh", exact=True).click()
    page.wait_for_url("**/provinces/", wait_until="domcontentloaded")
    page.locator(".ps").get_by_role("link", name="Quảng Ngãi").first.click()
    page.wait_for_url("**/provinces/quang-ngai/", wait_until="domcontentloaded")
    page.locator(".ps-timeline").get_by_role("link", name="Quảng Ngãi 2025").click()
    page.wait_for_url("**/provinces/quang-ngai/2025/", wait_until="domcontentloaded")
    assert page.locator("#so-noi-vu-a").is_visible()
    assert not errors


@pytest.mark.parametrize("query, expected", [
    ("noi vu", "Sở Nội vụ"),                 # without diacritics
    ("Nội vụ", "Sở Nội vụ"),                 # with them
    ("bao luc", "Quảng Ngãi 2025"),           # "bạo lực" without diacritics
    ("(tăng cường)", "Gia Lai 2020"),         # a word after punctuation
    ("dak nong", "Đắk Nông"),
])
def test_search_in_vietnamese(page, page_errors, site_url, query, expected):
    errors = page_errors(page)
    page.goto(site_url + "search/")
    page.fill("#ps-q", query)
    page.press("#ps-q", "Enter")
    page.locator("#ps-results li, #ps-pages li").first.wait_for()
    results = page.locator(".ps-hits li")  # tasks, then pages
    assert expected in " | ".join(results.all_inner_texts())
    assert "q=" in page.url  # the query is a permalink
    assert not errors


def test_search_from_the_header_form(page, site_url):
    page.goto(site_url + "provinces/")
    page.fill("#ps-q-top", "bao luc")
    page.press("#ps-q-top", "Enter")
    page.wait_for_url("**/search/?q=bao+luc", wait_until="domcontentloaded")
    page.locator("#ps-results li mark").first.wait_for()


def test_english_switch_keeps_the_page(page, page_errors, site_url):
    errors = page_errors(page)
    page.goto(site_url + "provinces/quang-ngai/2025/")
    page.locator(".ps-lang").click()
    page.wait_for_url("**/en/provinces/quang-ngai/2025/", wait_until="domcontentloaded")
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.get_by_text("Lead agency").first.is_visible()
    assert page.get_by_text("Department of Home Affairs").first.is_visible()
    page.locator(".ps-lang").click()
    page.wait_for_url("**/provinces/quang-ngai/2025/", wait_until="domcontentloaded")
    assert "/en/" not in page.url
    assert not errors


# One page of every kind the site has (the source text exists in Vietnamese only).
EVERY_KIND = ["", "provinces/", "provinces/quang-ngai/", "provinces/quang-ngai/2025/", "provinces/tay-ninh/2021-2030/",
              "years/", "years/2025/", "agencies/", "agencies/so-noi-vu/", "matrix/", "matrix/?theme=domestic-violence",
              "transfer/", "compare/", "compare/quang-ngai-2024--quang-ngai-2025/", "compare/cao-bang-2022--quang-ngai-2025/",
              "data/", "search/?q=%22bao+luc+gia+dinh%22", "methodology/", "about/", "about/wanted/"]
EVERY_PAGE = [lang + path for lang in ("", "en/") for path in EVERY_KIND] + ["provinces/ninh-thuan/2021/source/"]


@pytest.mark.parametrize("path", EVERY_PAGE)
def test_phone_width_has_no_horizontal_scroll(phone_page, site_url, path):
    pg = phone_page
    pg.goto(site_url + path)
    pg.wait_for_load_state("networkidle")
    overflow = sideways(pg)
    og_title = pg.locator('meta[property="og:title"]').get_attribute("content")
    title = pg.title()
    assert overflow <= 1, f"{path} is {overflow} px wider than a 360 px phone"
    assert og_title and og_title in title  # a shared link shows the page's own title


def test_task_permalink_targets_the_task(page, site_url):
    page.goto(site_url + "provinces/dak-nong/2021-2030/#so-ldtbxh-p2")
    task = page.locator("#so-ldtbxh-p2")
    assert task.is_visible()
    assert "M2-CT1" in task.inner_text()
    page.locator("#so-ldtbxh-p2 .ps-links a", has_text="nguồn").click()
    page.wait_for_url("**/source/#s*", wait_until="domcontentloaded")
    assert page.locator(":target").inner_text().strip() != ""


@pytest.mark.parametrize("path", EVERY_PAGE)
def test_accessibility_has_no_violations(page, site_url, path):
    """axe finds nothing, of any impact, on every kind of page in both languages."""
    from axe_playwright_python.sync_playwright import Axe
    page.goto(site_url + path)
    page.wait_for_load_state("networkidle")
    results = Axe().run(page)
    violations = results.response["violations"]
    assert not violations, [(v["id"], v["impact"], v["help"], [n["target"] for n in v["nodes"][:3]]) for v in violations]


def test_text_from_yaml_is_never_executed(browser, tmp_path_factory, page_errors):
    """A <script> or javascript: link in any YAML field shows as text; nothing runs."""
    from generator.build import build
    content = tmp_path_factory.mktemp("xss") / "content"
    shutil.copytree(CONTENT, content)
    plan = content / "plans/cao-bang/2022.yml"
    evil = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">'
    text = plan.read_text(encoding="utf-8")
    text = text.replace('title: "', 'title: "' + evil.replace('"', '\\"') + ' ', 1)
    text = text.replace("url: null", 'url: "javascript:window.__pwned=3"')
    text = text.replace('name: "Lê Hải Hòa"', 'name: "</title><script>window.__pwned=4</script>"', 1)
    plan.write_text(text, encoding="utf-8")
    out = tmp_path_factory.mktemp("xss-site") / "site"
    assert build(content, out, work=out.parent / "work") == 0
    url, httpd = serve_dir(out)
    try:
        ctx = browser.new_context()
        pg = ctx.new_page()
        errors = page_errors(pg)
        for path in ["provinces/cao-bang/2022/", "provinces/cao-bang/", "", "search/?q=script"]:
            pg.goto(url + path)
            pg.wait_for_load_state("networkidle")
            assert pg.evaluate("window.__pwned") is None, path
        pg.goto(url + "provinces/cao-bang/2022/")
        assert "<script>window.__pwned=1</script>" in pg.locator("h1").inner_text()
        assert pg.locator('a[href^="javascript:"]').count() == 0
        assert "javascript:window.__pwned=3" in pg.locator(".ps-facts").inner_text()
        assert not [e for e in errors if "pwned" in e or e.startswith("dialog")]
        ctx.close()
    finally:
        httpd.shutdown()


def test_matrix_filters_are_permalinks(page, page_errors, site_url):
    errors = page_errors(page)
    page.goto(site_url + "matrix/")
    page.select_option("select[name=theme]", "action-month")
    page.check("input[name=fold]")
    assert "theme=action-month" in page.url and "fold=1" in page.url
    permalink = page.url
    # The Sở Nội vụ line, folded, holds the Action Month in every plan: Labour before 2025, Home Affairs after.
    row = page.locator('tbody[data-folded="yes"] tr[data-agency="so-noi-vu"]')
    assert row.is_visible()
    assert [n for n in row.locator(".ps-n").all_inner_texts()] == ["1"] * 5
    page.goto(permalink)
    assert page.locator("select[name=theme]").input_value() == "action-month"
    assert page.locator('tbody[data-folded="no"]').is_hidden()
    page.select_option("select[name=province]", "quang-ngai")
    visible = page.locator("#ps-matrix thead th[data-key]:visible")
    assert visible.count() == 1
    # filters hide the agencies with no matching task: every row left shows a task, none a 0
    rows = page.locator('tbody[data-folded="yes"] tr[data-agency]:visible')
    assert rows.count() >= 1
    for i in range(rows.count()):
        assert [n for n in rows.nth(i).locator(".ps-n:visible").all_inner_texts() if n != "0"]
    assert "0" not in page.locator('tbody[data-folded="yes"] .ps-n:visible').all_inner_texts()
    page.select_option("select[name=group]", "province")
    assert "group=province" in page.url and "province=quang-ngai" in page.url
    assert not errors


def test_matrix_at_phone_width_scrolls_inside_its_box(phone_page, site_url):
    pg = phone_page
    pg.goto(site_url + "matrix/")
    overflow = sideways(pg)
    assert pg.locator("#ps-matrix").is_visible()
    box = pg.locator(".ps-mscroll")
    inside = box.evaluate("b => b.scrollWidth - b.clientWidth")
    head = pg.locator('tbody[data-folded="no"] th[scope=row]').first
    x = head.bounding_box()["x"]
    box.evaluate("b => { b.scrollLeft = b.scrollWidth; }")
    stays = abs(head.bounding_box()["x"] - x) <= 1  # the agency column is fixed (sticky)
    assert overflow <= 1 and inside > 0 and stays
