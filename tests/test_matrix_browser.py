"""The responsibility matrix page in real Chromium, on the real plans, in both languages: a theme filter
hides the agencies with no task on it and leaves their cells empty; each cell links to the first task
on the theme; the year inputs can be seen, are labelled and work from the keyboard; at 360 px the table
scrolls inside its box with the agency column in view and the page never scrolls sideways; axe finds
nothing."""
import re
from urllib.parse import urlsplit

import pytest
from conftest import sideways

from generator.analysis.matrix import filter_matrix, responsibility_matrix

pytestmark = pytest.mark.browser

LANGS = ["", "en/"]
THEMES = ["gbv-services", "action-month", "trafficking"]  # real ids of content/registry/themes.yml
ROWS = 'tbody.ps-mbody:not([hidden]) tr[data-agency]'


@pytest.fixture(scope="module")
def counted(corpus):
    """The plans the matrix counts (partial texts are left out of it) and the registry."""
    plans, reg = corpus
    return [p for p in plans if not p.partial], reg


def visible_rows(page):
    """Per visible agency row: its id and its visible cells' numbers ('' for an empty cell)."""
    return page.eval_on_selector_all(ROWS, """trs => trs.filter(tr => !tr.hidden).map(tr => [tr.dataset.agency,
        [...tr.querySelectorAll('td')].filter(td => !td.hidden).map(td => {
          const a = td.querySelector('a'); return a && !a.hidden ? a.querySelector('.ps-n').textContent : ''; })])""")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("theme", THEMES)
def test_theme_filter_hides_agencies_with_no_task(page, page_errors, site_url, counted, lang, theme):
    plans, reg = counted
    assert theme in reg.themes
    errors = page_errors(page)
    page.goto(site_url + lang + f"matrix/?theme={theme}")
    rows = visible_rows(page)
    assert rows
    for agency, numbers in rows:
        assert any(n not in ("", "0") for n in numbers), agency  # at least one task on the theme
        assert "0" not in numbers, agency  # a cell with no task on the theme shows nothing
    # the rows shown are exactly the agencies the analysis finds with a task on the theme
    want = filter_matrix(plans, reg, themes=[theme])
    assert [a for a, _ in rows] == [r.agency for r in want.rows]
    for agency, numbers in rows:
        assert [int(n or 0) for n in numbers] == [(want.cell(agency, c.key).tasks if want.cell(agency, c.key) else 0)
                                                 for c in want.columns]
    hidden = page.locator('tbody[data-folded="no"] tr[data-agency][hidden]').count()
    assert hidden == len(responsibility_matrix(plans, reg).rows) - len(rows)
    # a kind heading goes with its agencies
    kinds = page.eval_on_selector_all('tbody[data-folded="no"] tr', """trs => {
        const out = []; let head = null;
        for (const tr of trs) { if (tr.classList.contains('ps-mkind')) { head = {hidden: tr.hidden, rows: 0}; out.push(head); }
                                else if (!tr.hidden) { head.rows += 1; } }
        return out; }""")
    assert all(k["hidden"] == (k["rows"] == 0) for k in kinds)
    assert page.locator("#ps-mstatus").inner_text().startswith(str(len(rows)))
    # back to every theme: every agency again, every cell its full count
    page.select_option("select[name=theme]", "")
    assert len(visible_rows(page)) == len(responsibility_matrix(plans, reg).rows)
    assert not errors


@pytest.mark.parametrize("lang", LANGS)
def test_folded_theme_filter_hides_agencies_with_no_task(page, site_url, counted, lang):
    plans, reg = counted
    page.goto(site_url + lang + "matrix/?theme=gbv-services&fold=1")
    rows = visible_rows(page)
    want = filter_matrix(plans, reg, themes=["gbv-services"], fold_lineage=True)
    assert [a for a, _ in rows] == [r.agency for r in want.rows]
    assert all("0" not in numbers and any(numbers) for _, numbers in rows)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("theme, role", [("", "lead"), ("", "coordinating"), ("gbv-services", "lead"), ("communication", "responsible")])
def test_role_filter_with_a_theme_hides_agencies_with_no_task(page, page_errors, site_url, counted, lang, theme, role):
    plans, reg = counted
    errors = page_errors(page)
    page.goto(site_url + lang + "matrix/" + (f"?theme={theme}" if theme else ""))
    page.select_option("select[name=role]", role)
    assert f"role={role}" in page.url  # a permalink
    rows = visible_rows(page)
    want = filter_matrix(plans, reg, themes=[theme] if theme else (), roles=[role])
    assert [a for a, _ in rows] == [r.agency for r in want.rows]
    for agency, numbers in rows:
        assert "0" not in numbers and any(numbers)
        assert [int(n or 0) for n in numbers] == [(want.cell(agency, c.key).tasks if want.cell(agency, c.key) else 0)
                                                 for c in want.columns]
    m = responsibility_matrix(plans, reg)
    for agency, href, label in cell_links(page):
        key, anchor = plan_of(href)
        tc = m.cell(agency, key).matching(theme or None, role)
        assert (anchor, tc.role) == (want.cell(agency, key).first, role)  # the first task where it holds that role
        assert label.startswith(views_label(page, role))
    page.goto(page.url)  # the permalink brings the same view back
    assert page.locator("select[name=role]").input_value() == role
    assert [a for a, _ in visible_rows(page)] == [r.agency for r in want.rows]
    assert not errors


def views_label(page, role):
    """The role's name as the page's own legend gives it."""
    return page.locator("#ps-msymbols").evaluate(
        "(t, k) => t.content.querySelector('[data-k=\"' + k + '\"] [role=img]').getAttribute('aria-label')", role[0])


def cell_links(page):
    """Every visible cell's link: agency, plan key, href, role symbol's accessible name."""
    return page.eval_on_selector_all(ROWS + " td a:not([hidden])", """links => links
        .filter(a => !a.closest('tr').hidden && !a.closest('td').hidden)
        .map(a => [a.closest('tr').dataset.agency, a.getAttribute('href'), a.querySelector('[role=img]').getAttribute('aria-label')])""")


def plan_of(href: str) -> tuple[str, str]:
    path, fragment = href.split("#")
    return re.search(r"provinces/([^/]+/[^/]+)/$", urlsplit(path).path).group(1), fragment


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("theme", ["", *THEMES])
def test_each_cell_links_to_the_first_task_on_the_theme(page, site_url, counted, views, lang, theme):
    plans, reg = counted
    view = views["en" if lang else "vi"]
    page.goto(site_url + lang + "matrix/" + (f"?theme={theme}" if theme else ""))
    links = cell_links(page)
    assert links
    tasks = {p.key: {t.id: t for t in p.tasks} for p in plans}
    m = responsibility_matrix(plans, reg)
    for agency, href, label in links:
        key, anchor = plan_of(href)
        task = tasks[key][anchor]  # a task of that plan
        assert agency in {r.agency for r in task.item.roles}
        c = m.cell(agency, key)
        if theme:
            assert theme in task.item.themes  # a task on the theme: the first one of the agency in that plan
            tc = c.theme_cell(theme)
            assert anchor == tc.first
            want = view.t("role_" + tc.role) + (", " + view.t("mode_requested") if tc.requested else "")
        else:
            assert anchor == c.first == c.task_ids[0]
            want = view.t("role_" + c.role) + (", " + view.t("mode_requested") if c.requested else "")
        assert label == want  # the symbol says the role held in those tasks
    # following a link lands on the task
    agency, href, _ = links[0]
    page.locator(f'{ROWS}[data-agency="{agency}"] td a:not([hidden])').first.click()
    page.wait_for_url("**/provinces/**", wait_until="domcontentloaded")
    assert page.locator(":target").count() == 1 and page.locator(":target").is_visible()
    assert page.evaluate("location.hash") == "#" + plan_of(href)[1]


def test_cells_link_without_javascript(browser, site_url, counted):
    plans, reg = counted
    ctx = browser.new_context(java_script_enabled=False)
    pg = ctx.new_page()
    pg.goto(site_url + "matrix/")
    hrefs = pg.eval_on_selector_all('tbody[data-folded="no"] td.ps-cell a', "as => as.map(a => a.getAttribute('href'))")
    ctx.close()
    m = responsibility_matrix(plans, reg)
    assert [plan_of(h) for h in hrefs] == [(c.plan, c.first) for c in m.cells]


@pytest.mark.parametrize("lang", LANGS)
def test_year_inputs_are_visible_labelled_and_keyboard_usable(page, page_errors, site_url, views, lang):
    view = views["en" if lang else "vi"]
    errors = page_errors(page)
    page.goto(site_url + lang + "matrix/")
    for name, key in (("from", "from_year"), ("to", "to_year")):
        field = page.locator(f"input[name={name}]")
        assert field.is_visible()
        style = field.evaluate("""e => { const s = getComputedStyle(e);
            return [parseFloat(s.borderTopWidth), s.borderTopStyle, s.borderTopColor, s.backgroundColor,
                    e.getBoundingClientRect().width, e.getBoundingClientRect().height]; }""")
        width, kind, colour, background, w, h = style
        assert width >= 1 and kind != "none" and colour != background, style  # a border that shows
        assert w >= 40 and h >= 20
        fid = field.get_attribute("id")
        assert page.locator(f'label[for="{fid}"]').inner_text().strip() == view.t(key)
        assert page.get_by_label(view.t(key), exact=True).count() == 1
    # every control has a label of its own
    for fid in page.eval_on_selector_all("#ps-mfilters select, #ps-mfilters input", "es => es.map(e => e.id)"):
        assert fid and page.locator(f'label[for="{fid}"]').count() == 1
    # from the keyboard: Tab from the province filter reaches "from"; typing and Enter apply it
    page.focus("select[name=province]")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "from"
    page.keyboard.type("2022")
    page.keyboard.press("Enter")
    page.wait_for_url("**from=2022**")
    shown = page.eval_on_selector_all("#ps-matrix thead th[data-key]", "hs => hs.filter(h => !h.hidden).map(h => +h.dataset.to)")
    assert shown and all(y >= 2022 for y in shown)
    assert page.locator("#ps-matrix thead th[data-key][hidden]").count() >= 1  # Gia Lai 2020 and Ninh Thuận 2021 went
    assert all(any(n for n in numbers) for _, numbers in visible_rows(page))  # and the agencies only in them
    assert not errors


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("query", ["", "?theme=gbv-services", "?theme=action-month&fold=1&group=province"])
def test_at_360_px_the_table_scrolls_in_its_box_and_the_page_does_not(phone_page, site_url, lang, query):
    pg = phone_page
    pg.goto(site_url + lang + "matrix/" + query)
    overflow = sideways(pg)
    box = pg.locator(".ps-mscroll")
    wide = box.evaluate("b => b.scrollWidth - b.clientWidth")
    before = pg.locator(f"{ROWS} th[scope=row]").first.bounding_box()
    box.evaluate("b => { b.scrollLeft = b.scrollWidth; }")
    after = pg.locator(f"{ROWS} th[scope=row]").first.bounding_box()
    box_left = box.bounding_box()["x"]
    # the filters wrap: none sticks out of the page
    widest = pg.eval_on_selector_all("#ps-mfilters *", "es => Math.max(...es.map(e => e.getBoundingClientRect().right))")
    assert overflow <= 1, f"the page is {overflow} px wider than a 360 px phone"
    assert wide > 0  # the table is wider than the phone: it scrolls inside its box
    assert abs(after["x"] - before["x"]) <= 1 and abs(after["x"] - box_left) <= 1  # the agency column stays
    assert widest <= 360


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("query", ["", "?theme=gbv-services&fold=1"])
@pytest.mark.parametrize("width", [1280, 360])
def test_matrix_accessibility_has_no_violations(browser, site_url, lang, query, width):
    from axe_playwright_python.sync_playwright import Axe
    ctx = browser.new_context(viewport={"width": width, "height": 900})
    pg = ctx.new_page()
    pg.goto(site_url + lang + "matrix/" + query)
    pg.wait_for_load_state("networkidle")
    violations = Axe().run(pg).response["violations"]
    ctx.close()
    assert not violations, [(v["id"], v["impact"], v["help"], [n["target"] for n in v["nodes"][:3]]) for v in violations]
