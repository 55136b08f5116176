"""The frame every page shares (issue 15): Open Graph and Twitter meta, the footer (publisher, contact,
licence, data date), robots.txt, the wide layout, and the contents menu of long pages."""
from __future__ import annotations

import re
import struct
from html.parser import HTMLParser

import pytest
from conftest import sideways

from generator.build import load_config

pytestmark = pytest.mark.browser

SETTINGS = load_config()
BASE = SETTINGS["base_url"]
LANGS = {"": "vi", "en/": "en"}
OG_LOCALE = {"vi": "vi_VN", "en": "en_US"}
# The pages of the frame's own families (layout and contents menu), one of each kind.
OUR_PAGES = ["provinces/", "agencies/", "agencies/so-noi-vu/", "transfer/", "compare/",
             "compare/gia-lai-2020--gia-lai-2025/", "compare/quang-ngai-2024--quang-ngai-2025/", "years/", "years/2025/"]
WITH_CONTENTS = ["agencies/so-noi-vu/", "transfer/", "compare/gia-lai-2020--gia-lai-2025/"]


class Head(HTMLParser):
    """The <head>'s meta (property or name -> content), canonical link and <title>; the <html lang>."""

    def __init__(self):
        super().__init__()
        self.meta, self.canonical, self.lang, self.title, self._in_title = {}, None, None, "", False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        elif tag == "meta" and (a.get("property") or a.get("name")):
            key = a.get("property") or a.get("name")
            assert key not in self.meta, f"{key} twice"
            self.meta[key] = a.get("content")
        elif tag == "link" and a.get("rel") == "canonical":
            self.canonical = a.get("href")
        self._in_title = tag == "title"

    def handle_data(self, data):
        if self._in_title:
            self.title += data

    def handle_endtag(self, tag):
        self._in_title = False


def head_of(path) -> Head:
    h = Head()
    h.feed(path.read_text(encoding="utf-8"))
    return h


def every_page(built_site):
    return sorted(p for p in built_site.rglob("index.html") if not p.relative_to(built_site).as_posix().startswith("assets/"))


def test_every_page_has_open_graph_and_twitter_meta(built_site):
    pages = every_page(built_site)
    assert len(pages) > 150
    for f in pages:
        rel = f.parent.relative_to(built_site).as_posix()
        path = "" if rel == "." else rel + "/"
        h = head_of(f)
        m = h.meta
        lang = "en" if path.startswith("en/") else "vi"
        assert h.lang == lang, path
        assert m["og:title"] and m["og:title"] in h.title, path  # the page's own title, not the site's
        assert m["og:description"] and m["og:description"] == m["description"], path
        assert m["og:url"] == h.canonical == BASE + path, path
        assert m["og:type"] == "website" and m["og:locale"] == OG_LOCALE[lang], path
        assert m["og:site_name"] == SETTINGS["title"][lang], path
        assert m["og:image"] == BASE + "assets/og-image.png" and m["og:image:alt"], path
        assert m["twitter:card"] == "summary_large_image" and m["twitter:image"] == m["og:image"], path
        assert "plansite-" not in f.read_text(encoding="utf-8"), path  # no token left unreplaced


def test_the_site_picture_is_a_1200_by_630_png(built_site):
    data = (built_site / "assets" / "og-image.png").read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", data[16:24]) == (1200, 630)


def test_robots_txt_allows_all_and_names_the_sitemaps(built_site):
    text = (built_site / "robots.txt").read_text(encoding="utf-8")
    lines = text.splitlines()
    assert "User-agent: *" in lines and "Allow: /" in lines and "Disallow: /" not in lines
    sitemaps = [line.split(": ", 1)[1] for line in lines if line.startswith("Sitemap: ")]
    assert sitemaps == [BASE + "sitemap.xml", BASE + "en/sitemap.xml"]
    for url in sitemaps:  # each names a sitemap the build wrote
        assert (built_site / url.removeprefix(BASE)).is_file()
    assert not (built_site / "en" / "robots.txt").exists()  # read at the site root only


@pytest.mark.parametrize("root", list(LANGS))
def test_footer_shows_publisher_contact_licence_and_date(page, page_errors, site_url, root):
    lang = LANGS[root]
    errors = page_errors(page)
    page.goto(site_url + root + "agencies/so-noi-vu/")
    footer = page.locator("footer")
    text = footer.inner_text()
    publisher = footer.get_by_role("link", name=SETTINGS["publisher"]["name"][lang])
    assert publisher.get_attribute("href") == SETTINGS["publisher"]["url"]
    contact = footer.get_by_role("link", name=SETTINGS["contact"]["label"][lang])
    assert contact.get_attribute("href") == SETTINGS["contact"]["url"]
    assert footer.get_by_role("link", name=SETTINGS["licence"]["name"]).get_attribute("href") == SETTINGS["licence"]["url"]
    date = footer.locator("time")
    assert date.get_attribute("datetime") == SETTINGS["data_date"]
    y, m, d = SETTINGS["data_date"].split("-")
    shown = date.inner_text()
    if lang == "vi":
        assert shown == f"{d}/{m}/{y}"  # vi: 23/11/2026
    else:
        assert re.fullmatch(rf"{int(d)} [A-Z][a-z]+ {y}", shown), shown  # en: 23 Nov 2026
    for name in ("methodology", "about"):  # the two pages that explain the site, in this language
        link = footer.locator(f'a[href$="/{name}/"]')
        link.click()
        page.wait_for_load_state("domcontentloaded")
        assert page.url == site_url + root + name + "/"
        assert page.evaluate("document.documentElement.lang") == lang
        page.go_back()
    assert text.strip() and not errors


@pytest.mark.parametrize("path", [root + p for root in LANGS for p in OUR_PAGES])
def test_our_pages_never_scroll_sideways_on_a_phone(phone_page, site_url, path):
    pg = phone_page
    pg.goto(site_url + path)
    pg.wait_for_load_state("networkidle")
    overflow = sideways(pg)
    assert overflow <= 1, f"{path} is {overflow} px wider than a 360 px phone"


def test_wide_screens_give_the_content_the_width(page, site_url):
    """No empty sidebars at 1,280 px; the text column is wider than Material's 690 px, but a paragraph keeps a measure."""
    page.set_viewport_size({"width": 1600, "height": 900})
    page.goto(site_url + "transfer/")
    assert not page.locator(".md-sidebar--secondary").count()
    assert not page.locator(".md-sidebar--primary").is_visible()
    content = page.locator(".md-content").bounding_box()
    assert content["width"] > 1200
    table = page.locator(".fn-table").first.bounding_box()
    assert table["width"] > 900  # the wide table uses the room
    para = page.locator(".ps p.ps-lead").bounding_box()
    font = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.ps p.ps-lead')).fontSize)")
    assert para["width"] < 45 * font  # about 75 characters, not the screen's width


@pytest.mark.parametrize("path", WITH_CONTENTS)
def test_contents_menu_is_sticky_beside_the_text_on_a_wide_screen(page, site_url, path):
    page.goto(site_url + path)
    menu = page.locator("nav.ps-contents")
    assert menu.count() == 1
    box = page.locator(".ps-contents__box")
    assert box.evaluate("d => d.open")
    h1 = page.locator("h1").bounding_box()
    first = menu.locator("a").first
    assert first.bounding_box()["x"] > h1["x"] + 600  # beside the text, not above it
    links = menu.locator("a")
    for i in range(links.count()):  # every entry names a section of the page
        target = links.nth(i).get_attribute("href")
        assert target.startswith("#") and page.locator(target).count() == 1, target
    page.mouse.wheel(0, 2500)
    page.wait_for_function("window.scrollY > 1000")
    assert 0 <= first.bounding_box()["y"] < 900  # still on screen after scrolling: sticky


@pytest.mark.parametrize("root", list(LANGS))
def test_contents_menu_is_a_closed_button_on_a_phone(phone_page, site_url, root):
    pg = phone_page
    pg.goto(site_url + root + "transfer/")
    pg.wait_for_load_state("networkidle")
    box = pg.locator(".ps-contents__box")
    assert not box.evaluate("d => d.open")  # closed: one button's height, not a screen of links
    summary = box.locator("summary")
    assert summary.is_visible() and summary.bounding_box()["height"] < 60
    summary.click()
    assert box.evaluate("d => d.open")
    link = box.locator("a").nth(1)
    anchor = link.get_attribute("href")
    link.click()
    pg.wait_for_function(f"location.hash === {anchor!r}")
    assert not box.evaluate("d => d.open")  # choosing an entry closes the menu again
    pg.mouse.wheel(0, 3000)
    pg.wait_for_function("window.scrollY > 1000")
    assert 0 <= summary.bounding_box()["y"] < 200  # the button stays at hand


def test_contents_menu_works_without_javascript(browser, site_url):
    ctx = browser.new_context(viewport={"width": 360, "height": 780}, java_script_enabled=False)
    pg = ctx.new_page()
    pg.goto(site_url + "agencies/so-noi-vu/")
    assert pg.locator(".ps-contents__box").evaluate("d => d.open") is True or pg.locator(".ps-contents a").first.is_visible()
    assert pg.locator(".ps-contents a").first.is_visible()  # an open list of links
    ctx.close()


@pytest.mark.parametrize("path", [root + p for root in LANGS for p in WITH_CONTENTS])
def test_pages_with_a_contents_menu_pass_axe(page, site_url, path):
    from axe_playwright_python.sync_playwright import Axe
    for width in (1280, 360):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(site_url + path)
        page.wait_for_load_state("networkidle")
        violations = Axe().run(page).response["violations"]
        assert not violations, (width, [(v["id"], v["impact"], v["help"], [n["target"] for n in v["nodes"][:3]]) for v in violations])
