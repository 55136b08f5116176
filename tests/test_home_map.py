"""The home page in Chromium: the map has one shape per province of the chosen period (63 before
1 July 2025, 34 from then), the period choice works without script, and the home and province pages
neither scroll sideways at 360 px nor have an axe violation of any impact, in both languages."""
from __future__ import annotations

import pytest

from conftest import CONTENT, PHONE, sideways
from generator.registry import MERGERS_EVE, load_registry

pytestmark = pytest.mark.browser

LANGS = ("", "en/")
PAGES = ("", "provinces/", "provinces/quang-ngai/", "provinces/cao-bang/")


@pytest.fixture(scope="module")
def units():
    reg, errors = load_registry(CONTENT)
    assert not errors
    return lambda day: sorted(reg.provinces_on(day))


def visible_provinces(page) -> list[str]:
    return page.eval_on_selector_all(
        ".home-map__panel rect[data-province]",
        "rs => rs.filter(r => r.getClientRects().length).map(r => r.dataset.province)")


@pytest.mark.parametrize("lang", LANGS)
def test_every_period_draws_every_unit_once(page, page_errors, site_url, units, lang):
    errors = page_errors(page)
    page.goto(site_url + lang)
    periods = page.eval_on_selector_all(".home-map__choice input", "is => is.map(i => [i.id, i.value, i.checked])")
    assert len(periods) >= 7 and sum(checked for *_, checked in periods) == 1
    days = page.eval_on_selector_all(".home-map__panel", "fs => fs.map(f => f.dataset.period)")
    assert days == [value for _, value, _ in periods]
    assert "2025-06" in days and "2025-12" in days
    for input_id, key, _ in periods:
        page.click(f"label[for={input_id}]")
        shown = page.eval_on_selector_all(".home-map__panel", "fs => fs.filter(f => f.getClientRects().length).map(f => f.dataset.period)")
        assert shown == [key]
        drawn = visible_provinces(page)
        before = key < "2025-07"  # "2020" … "2024", "2025-06" are before the mergers
        expected = units(MERGERS_EVE) if before else units("2025-07-01")
        assert sorted(drawn) == expected, key
        assert len(drawn) == (63 if before else 34)
    # a tile with a plan links to its province; the table under the map names the same plans
    page.click("label[for=home-map-2025-06]")
    linked = page.eval_on_selector_all(".home-map__panel[data-period='2025-06'] a.home-tile rect",
                                       "rs => rs.map(r => r.dataset.province)")
    column = [key for _, key, _ in periods].index("2025-06") + 1  # the table: provinces × periods
    rows = page.eval_on_selector_all(".home-map__table tbody tr", f"rs => rs.filter(r => r.cells[{column}].dataset.kind)"
                                                                  ".map(r => r.dataset.province)")
    assert sorted(linked) == sorted(rows) and "quang-ngai" in rows
    assert page.get_attribute(".home-map__panel[data-period='2025-06'] rect[data-province=quang-ngai]", "data-kind") == "successor"
    assert page.get_attribute(".home-map__panel[data-period='2025-06'] rect[data-province=ha-giang]", "data-kind") == "no_plan"
    assert errors == []


def test_the_default_map_shows_without_script(browser, site_url):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=False)
    page = ctx.new_page()
    page.goto(site_url)
    shown = page.eval_on_selector_all(".home-map__panel", "fs => fs.filter(f => f.getClientRects().length).map(f => f.dataset.period)")
    checked = page.eval_on_selector(".home-map__choice input:checked", "i => i.value")
    assert shown == [checked]
    assert len(visible_provinces(page)) in (63, 34)
    ctx.close()


@pytest.fixture(scope="module")
def phone(browser):
    ctx = browser.new_context(**PHONE)
    yield ctx.new_page()
    ctx.close()


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("path", PAGES)
def test_no_sideways_scroll_and_no_axe_violation_at_360(phone, site_url, lang, path):
    from axe_playwright_python.sync_playwright import Axe
    phone.goto(site_url + lang + path)
    phone.wait_for_load_state("networkidle")
    assert sideways(phone) <= 1
    results = Axe().run(phone)
    violations = results.response["violations"]
    assert not violations, [(v["id"], v["impact"], v["help"], [n["target"] for n in v["nodes"][:3]]) for v in violations]


@pytest.mark.parametrize("lang", LANGS)
def test_home_axe_on_a_desktop_with_each_period(page, site_url, lang):
    from axe_playwright_python.sync_playwright import Axe
    page.goto(site_url + lang)
    for key in ("2020", "2025-12"):
        page.click(f"label[for=home-map-{key}]")
        violations = Axe().run(page).response["violations"]
        assert not violations, [(v["id"], v["impact"], v["help"], [n["target"] for n in v["nodes"][:3]]) for v in violations]


def test_timeline_figures_keep_their_text_size_on_a_phone(phone, site_url):
    """The figures are no wider than a phone's column, so their 12 px text is never scaled down."""
    for path, selector in (("provinces/quang-ngai/", ".prov-figure img"), ("", ".home-national__figure img")):
        phone.goto(site_url + path)
        phone.wait_for_load_state("networkidle")
        img = phone.locator(selector)
        img.scroll_into_view_if_needed()
        box = img.bounding_box()
        natural = img.evaluate("i => i.naturalWidth")
        assert natural and box["width"] == pytest.approx(natural, abs=1) and box["width"] <= 328, path


def test_a_period_is_a_shareable_address(page, page_errors, site_url):
    errors = page_errors(page)
    page.goto(site_url + "en/?year=2020")
    shown = page.eval_on_selector_all(".home-map__panel", "fs => fs.filter(f => f.getClientRects().length).map(f => f.dataset.period)")
    assert shown == ["2020"] and len(visible_provinces(page)) == 63
    page.click("label[for=home-map-2025-12]")
    assert page.url.endswith("?year=2025-12") and len(visible_provinces(page)) == 34
    page.goto(site_url + "?year=2025")  # the merger year alone: its later half, today's units
    assert page.eval_on_selector(".home-map__choice input:checked", "i => i.value") == "2025-12"
    assert errors == []
