"""Search in a real browser over the real site: task hits with their plan, agencies and marked passage,
a link to the task's anchor, phrases, folding, a readable count; axe and a phone's width."""
import re

import pytest
from conftest import sideways

from generator.text import fold

pytestmark = pytest.mark.browser

PHRASE = "search/?q=%22bao+luc+gia+dinh%22"
COUNT = {"": r"^\d+ nhiệm vụ, \d+ trang$", "en/": r"^\d+ tasks?, \d+ pages?$"}


def _results(page, url):
    page.goto(url)
    page.locator("#ps-status").filter(has_text=re.compile(r"\d")).wait_for()
    page.locator("#ps-results li").first.wait_for()
    return page.locator("#ps-results li.ps-hit")


@pytest.mark.parametrize("lang", ["", "en/"])
def test_a_quoted_phrase_returns_tasks_with_the_phrase_marked_and_a_link_to_the_task(page, page_errors, site_url, lang):
    errors = page_errors(page)
    hits = _results(page, site_url + lang + PHRASE)
    assert re.match(COUNT[lang], page.locator("#ps-status").inner_text())
    assert hits.count() >= 5
    for i in range(hits.count()):
        hit = hits.nth(i)
        marks = [fold(m) for m in hit.locator(".ps-hit-text mark").all_inner_texts()]
        assert "bao luc gia dinh" in marks, hit.inner_text()  # the phrase, not its words apart
        assert hit.locator(".ps-hit-text").get_attribute("lang") == "vi"  # the plan's words, on either page
        assert hit.locator(".ps-hit-roles").inner_text().strip()
        assert re.search(r"\d{4}", hit.locator(".ps-hit-where").inner_text())  # the plan's year
    href = hits.first.locator(".ps-hit-where a").get_attribute("href")
    anchor = href.split("#")[1]
    hits.first.locator(".ps-hit-where a").click()
    page.wait_for_url(f"**#{anchor}", wait_until="domcontentloaded")
    assert page.locator(f"[id='{anchor}']").count() == 1
    assert "bạo lực gia đình" in fold(page.locator(f"[id='{anchor}']").inner_text()) or \
        "bao luc gia dinh" in fold(page.locator(f"[id='{anchor}']").inner_text())
    assert not errors


def test_without_quotes_every_word_must_match_but_not_together(page, site_url):
    loose = _results(page, site_url + "search/?q=bao+luc+gia+dinh").count()
    n_loose = int(page.locator("#ps-status").inner_text().split()[0])
    _results(page, site_url + PHRASE)
    n_phrase = int(page.locator("#ps-status").inner_text().split()[0])
    assert n_loose > n_phrase > 0 and loose > 0
    _results(page, site_url + "search/?q=bao+luc+gia+dinh")
    # the hits holding the words together rank first
    assert "bao luc gia dinh" in [fold(m) for m in page.locator("#ps-results li").first.locator("mark").all_inner_texts()] \
        or "bao luc gia dinh" in fold(page.locator("#ps-results li .ps-hit-text").first.inner_text())


@pytest.mark.parametrize("query", ["dak nong", "Đắk Nông", "DAK NONG"])
def test_dak_nong_finds_dak_nong(page, site_url, query):
    hits = _results(page, site_url + "search/?q=" + query.replace(" ", "+"))
    where = hits.first.locator(".ps-hit-where")
    assert "Đắk Nông" in where.inner_text()
    assert [fold(m) for m in where.locator("mark").all_inner_texts()] == ["dak nong"]  # one mark: the words stand together
    assert "Đắk Nông" in page.locator("#ps-pages").inner_text()  # and its pages, after the tasks


def test_show_more_adds_the_next_hits(page, site_url):
    hits = _results(page, site_url + "search/?q=noi+vu")
    n = int(page.locator("#ps-status").inner_text().split()[0])
    assert n > hits.count() == 20
    page.locator("#ps-tasks .ps-more").click()
    page.wait_for_function(f"document.querySelectorAll('#ps-results li').length === {n}")
    assert page.locator("#ps-tasks .ps-more").is_hidden()


def test_nothing_found_says_so(page, page_errors, site_url):
    errors = page_errors(page)
    page.goto(site_url + "en/search/?q=%22gia+dinh+bao+luc+xyz%22")
    page.locator("#ps-status").filter(has_text="No results").wait_for()
    assert page.locator("#ps-tasks").is_hidden() and page.locator("#ps-pages").is_hidden()
    assert not errors  # no missing index file was asked for


@pytest.mark.parametrize("lang", ["", "en/"])
@pytest.mark.parametrize("query", [PHRASE, "search/?q=noi+vu"])
def test_results_page_has_no_axe_violations(page, site_url, lang, query):
    from axe_playwright_python.sync_playwright import Axe
    _results(page, site_url + lang + query)
    page.wait_for_load_state("networkidle")
    violations = Axe().run(page).response["violations"]
    assert not violations, [(v["id"], v["impact"], v["help"], [n["target"] for n in v["nodes"][:3]]) for v in violations]


@pytest.mark.parametrize("lang", ["", "en/"])
def test_results_do_not_scroll_sideways_on_a_phone(phone_page, site_url, lang):
    pg = phone_page
    _results(pg, site_url + lang + "search/?q=noi+vu")
    pg.wait_for_load_state("networkidle")
    assert sideways(pg) <= 1


def test_a_new_query_is_a_permalink_and_back_returns(page, site_url):
    _results(page, site_url + "search/?q=noi+vu")
    page.fill("#ps-q", '"bao luc gia dinh"')
    page.press("#ps-q", "Enter")
    page.wait_for_url(re.compile(r"q=%22bao\+luc\+gia\+dinh%22"))
    page.locator("#ps-results li mark").first.wait_for()
    page.go_back()
    page.wait_for_url(re.compile(r"q=noi\+vu$"))
    page.wait_for_function("document.getElementById('ps-q').value === 'noi vu'")
