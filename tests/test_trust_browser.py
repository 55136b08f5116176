"""The trust pages in real Chromium: axe finds nothing of any impact, and a 360 px phone never scrolls sideways,
in both languages (the source text exists in the plans' language only)."""
import pytest
from conftest import sideways

pytestmark = pytest.mark.browser

PAGES = [root + path for root in ("", "en/") for path in ("about/", "methodology/", "about/wanted/")] + [
    "provinces/ninh-thuan/2021/source/", "provinces/tay-ninh/2021-2030/source/"]


@pytest.mark.parametrize("path", PAGES)
def test_trust_page_has_no_axe_violations(page, page_errors, site_url, path):
    from axe_playwright_python.sync_playwright import Axe
    errors = page_errors(page)
    page.goto(site_url + path)
    page.wait_for_load_state("networkidle")
    violations = Axe().run(page).response["violations"]
    assert not violations, [(v["id"], v["impact"], v["help"], [n["target"] for n in v["nodes"][:3]]) for v in violations]
    assert not errors


@pytest.mark.parametrize("path", PAGES)
def test_trust_page_fits_a_phone(phone_page, site_url, path):
    pg = phone_page
    pg.goto(site_url + path)
    pg.wait_for_load_state("networkidle")
    overflow = sideways(pg)
    # the codebook and the wanted list are one card per row on a phone: cells stacked, each under its own heading
    stacked = pg.evaluate("""() => [...document.querySelectorAll('table.trust-cards td')]
        .every(td => getComputedStyle(td).display === 'block' && getComputedStyle(td, '::before').content !== 'none')""")
    assert overflow <= 1, f"{path} is {overflow} px wider than a 360 px phone"
    assert stacked


def test_unofficial_copy_label_is_visible_next_to_its_link(page, site_url):
    page.goto(site_url + "en/about/")
    first = page.locator("ul.trust-acts li").first
    label = first.locator(".ps-unofficial")
    assert label.is_visible() and "unofficial copy" in label.inner_text()
    link_box, label_box = first.locator("a").first.bounding_box(), label.bounding_box()
    assert abs(label_box["y"] - link_box["y"]) < 40  # beside its link, not somewhere else on the page
