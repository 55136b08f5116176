"""Page budgets at national scale (1,300 plans): no page over 300 KB, every family lean.

Data page: the files every plan has are described once (format, citation pattern), then a compact
table, one row per plan grouped by province, links each plan's files with their sizes in kB.
Agency pages: a summary and the latest year on /agencies/<id>/, one page per year past
AGENCY_TASKS_LIMIT tasks, a year in parts of whole plans past PART_TASKS; each task compact (clause
link, role, the first ~160 characters). Matrix pages: cells are role and count only, a slice in parts
of whole provinces past PART_CELLS cells; matrix.js loaded by the page itself, deferred.

The national scale is made in memory from the real plans (copies spread over the registry's
provinces), never from files in content/.
"""
from __future__ import annotations

import dataclasses
import html
import re
from html.parser import HTMLParser
from collections import Counter
from pathlib import Path

import pytest
from markupsafe import escape

from generator import data as exports
from generator import urls
from generator.analysis import MatrixSlice
from generator.analysis.matrix import responsibility_matrix, theme_plan_matrix
from generator.build import chrome
from generator.text import collation_key
from generator.views import Page, View, agencies, matrix
from generator.views import data as data_view

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
PAGE_BUDGET = 300_000
FRAME = 20_000  # the theme's frame around a body is ~12 KB; the body gets the rest
BODY_BUDGET = PAGE_BUDGET - FRAME
TEXT_CHARS = 160

ROW = re.compile(r'<tr><td><a href="([^"]+)">§ ([^<]+)</a></td><td>([^<]+)</td><td lang="vi">([^<]*)</td></tr>')
HEAD = re.compile(r'<th scope="col" data-key="([^"]+)" data-province="([^"]+)"')
CELL = re.compile(r'<td class="ps-cell ps-cell--(\w+)" data-t="([^"]*)"(?: data-k="[^"]*")?><a href="[^"]+">'
                  r'<span role="img" aria-label="([^"]+)">[^<]+</span> <span class="ps-n">(\d+)</span></a></td>|<td></td>')


def render(view: View, page: Page) -> str:
    return view.renderer.render(page.template, page.path, **chrome(page, view.language, {}, view.settings), **page.context)


def national(view: View, n: int, year: int) -> list:
    """n copies of the real full-text plans, spread over the registry's provinces, all starting in `year`."""
    reg = view.analysis.registry
    provinces = sorted(reg.provinces)
    base = [p for p in view.analysis.plans if not p.partial and p.tasks]
    return [dataclasses.replace(base[i % len(base)], province=provinces[i % len(provinces)],
                                plan_id=f"{year}-{i:04d}", year_from=year, year_to=year + 4) for i in range(n)]


def items_of(plans, aid: str) -> list:
    return [(p, t, r.role) for p in plans for t in p.tasks for r in t.item.roles if r.agency == aid]


def task_rows(body: str) -> list[tuple[str, str, str, str]]:
    return [tuple(html.unescape(g) for g in m) for m in ROW.findall(body)]


# --- parts ---------------------------------------------------------------------------------------

def test_balanced_parts_keep_groups_whole_in_order_and_under_the_limit():
    sizes = [5, 1, 7, 3, 3, 9, 2, 2, 4]
    size = lambda i: sizes[i]
    assert agencies.balanced_parts(range(len(sizes)), size, 100) == [list(range(len(sizes)))]
    for limit in (9, 10, 12, 20):
        parts = agencies.balanced_parts(range(len(sizes)), size, limit)
        assert [i for p in parts for i in p] == list(range(len(sizes)))
        assert all(sum(map(size, p)) <= limit for p in parts), (limit, parts)
    big = agencies.balanced_parts([0, 1, 2], [1, 50, 1].__getitem__, 10)  # a group over the limit stands alone
    assert [1] in big and [i for p in big for i in p] == [0, 1, 2]
    assert agencies.balanced_parts([], size, 10) == [[]]


# --- agencies ------------------------------------------------------------------------------------

def test_agency_pages_declare_their_context_and_stay_unsplit_on_the_real_site(views):
    for view in views.values():
        for page in agencies.pages(view):
            assert set(page.context) == agencies.CONTEXT[page.template], page.path
            if page.template == "agency.html":
                assert page.path.count("/") == 2, page.path  # no year page for nine plans
                assert page.context["listing"].year is None and page.context["year_links"] == ()


def test_agency_page_lists_every_task_compactly(views):
    view = views["en"]
    aid = "so-ldtbxh"
    items = view.analysis.tasks_of[aid]
    [page] = agencies.agency_pages(view, aid, items)
    body = render(view, page)
    rows = task_rows(body)
    assert len(rows) == len(items)
    want = {(urls.relative("en/" + page.path, "en/" + urls.task(p.key, t.id)), t.item.ref, view.t("role_" + role)
             + (", " + view.t("mode_requested") if t.mode == "requested" else ""))
            for p, t, role in items}
    assert {r[:3] for r in rows} == want
    texts = {urls.relative("en/" + page.path, "en/" + urls.task(p.key, t.id)): t.item.full_text for p, t, _ in items}
    for href, _, _, text in rows:
        full = texts[href]
        assert len(text) <= TEXT_CHARS
        assert text == full or (text.endswith("…") and full.startswith(text[:-1].rstrip()))
    assert any(r[3].endswith("…") for r in rows)
    # the summary: tasks by year and role, by province
    assert view.t("ag_totals", n=len(items), m=len({p.key for p, _, _ in items})) in body
    for y, n, _ in page.context["summary"].by_year:
        assert f'<th scope="row">{y}</th><td>{n}</td>' in body


def test_agency_split_by_year_and_in_parts(views):
    """Limits lowered so the nine real plans split: a summary page, one page per year, a year in parts."""
    view = views["vi"]
    aid = "so-ldtbxh"
    items = view.analysis.tasks_of[aid]
    pages = agencies.agency_pages(view, aid, items, limit=10, part_limit=8)
    main, rest = pages[0], pages[1:]
    years = sorted({p.year_from for p, _, _ in items})
    assert main.path == urls.agency(aid) and main.context["year_links"] == tuple(years)
    assert main.context["listing"].year == years[-1]  # the most recent year's tasks
    assert {p.path for p in rest} >= {urls.agency(aid, y) for y in years}
    body = render(view, main)
    for y in years:
        assert f'href="{y}/"' in body
    listed = Counter()
    for page in rest:
        part = page.context["listing"].shown
        assert page.path == part.path and page.context["year"] == page.context["listing"].year
        assert part.n <= 8 or len(part.groups) == 1
        rows = task_rows(render(view, page))
        assert len(rows) == part.n
        listed.update((p.key, t.id, role) for p, entries in part.groups for t, role in entries)
        assert all(p.year_from == page.context["year"] for p, _ in part.groups)
    assert listed == Counter((p.key, t.id, role) for p, t, role in items)  # every task once, on its year's page
    assert any(len(p.context["listing"].parts) > 1 for p in rest)
    assert len({p.path for p in pages}) == len(pages) and len({p.title for p in pages}) == len(pages)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_agency_pages_at_national_scale_stay_within_budget(views, lang):
    """1,300 plans' worth for one agency: ~1,500 tasks in one year, ~400 in another."""
    view = views[lang]
    aid = "so-ldtbxh"
    plans = national(view, 420, 2021) + national(view, 100, 2025)
    items = items_of(plans, aid)
    assert len(items) > 1500
    pages = agencies.agency_pages(view, aid, items)
    sizes = {p.path: len(render(view, p).encode("utf-8")) for p in pages}
    assert max(sizes.values()) <= BODY_BUDGET, max(sizes.items(), key=lambda kv: kv[1])
    year_2021 = [p for p in pages if p.context["year"] == 2021]
    assert len(year_2021) > 1 and all(p.context["listing"].shown.n <= agencies.PART_TASKS for p in year_2021)
    # parts follow the matrix's plan order: provinces in Vietnamese collation, no plan cut in two
    keys = [collation_key(view.analysis.registry.provinces[g[0].province]["vi"])
            for p in year_2021 for g in p.context["listing"].shown.groups]
    assert keys == sorted(keys)
    assert sum(p.context["listing"].shown.n for p in pages[1:]) == len(items)


# --- matrix --------------------------------------------------------------------------------------

def national_view(view: View, plans, year: int) -> View:
    reg = view.analysis.registry
    s = MatrixSlice(year, tuple(plans), responsibility_matrix(plans, reg), responsibility_matrix(plans, reg, fold_lineage=True),
                    theme_plan_matrix(plans, reg), tuple(sorted({p.province for p in plans}, key=collation_key)))
    a = dataclasses.replace(view.analysis, matrix_slices=(s, s), matrix_split=True, years=(year,), partial=())
    return dataclasses.replace(view, analysis=a)


def matrix_pages(view):
    return [p for p in matrix.pages(view) if isinstance(p, Page)]


def test_matrix_cells_are_compact_and_agree_with_the_matrix(views):
    view = views["vi"]
    [page] = matrix_pages(view)
    assert set(page.context) == matrix.CONTEXT["matrix.html"]
    body = render(view, page)
    m = page.context["matrix"]
    themes = re.search(r'<table class="ps-matrix" id="ps-matrix" data-themes="([^"]*)">', body).group(1).split(" ")
    assert themes == list(view.analysis.registry.themes)
    unfolded = body.split('data-folded="yes"')[0]
    rows = re.findall(r'<tr data-agency="([^"]+)"[^>]*><th scope="row">.*?</th>\n(.*?)\n</tr>', unfolded, re.S)
    assert [r for r, _ in rows] == [r.agency for r in m.rows]
    for agency, cells in rows:
        found = CELL.findall(cells)
        assert len(found) == len(m.columns)
        for col, (role, data_t, label, n) in zip(m.columns, found):
            c = m.cell(agency, col.key)
            if c is None:
                assert (role, n) == ("", "")
                continue
            assert (role, int(n)) == (c.role, c.tasks)
            assert label.startswith(view.t("role_" + c.role))
            pairs = dict(kv.split(":") for kv in data_t.split(" ") if kv)
            assert {themes[int(i)]: int(k) for i, k in pairs.items()} == dict(c.themes)
    assert 'title="' not in unfolded.split("<tbody", 1)[1]  # no per-cell title: the heads say it
    assert body.count(f'<script src="{urls.relative("matrix/", urls.asset("matrix.js"))}" defer></script>') == 1


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_matrix_at_national_scale_in_parts_within_budget(views, lang):
    """A year with 180 plans in force (1,300 plans' worth): parts of whole provinces, each under budget."""
    year = 2021
    view = national_view(views[lang], national(views[lang], 180, year), year)
    pages = matrix_pages(view)
    s = view.analysis.matrix_slices[0]
    bodies = {p.path: render(view, p) for p in pages}
    assert max(len(b.encode("utf-8")) for b in bodies.values()) <= BODY_BUDGET, \
        max((len(b.encode("utf-8")), path) for path, b in bodies.items())
    year_pages = [p for p in pages if p.path.startswith(urls.matrix(year))]
    assert [p.path for p in year_pages] == [urls.matrix_part(year, i) for i in range(1, len(year_pages) + 1)]
    assert len(year_pages) > 1 and pages[0].path == urls.matrix() and pages[0].context["part"] == 1
    # every plan in exactly one part, a province's plans together, provinces in Vietnamese collation across parts
    seen, provinces = [], []
    for p in year_pages:
        heads = HEAD.findall(bodies[p.path])
        assert heads and [k for k, _ in heads] == [c.key for c in p.context["matrix"].columns]
        seen += [k for k, _ in heads]
        assert set(p.context["provinces"]) == {pr for _, pr in heads}  # the province filter offers the part's provinces
        provinces.append(list(p.context["provinces"]))
        assert len(p.context["matrix"].columns) <= matrix.part_columns(s)
        for other in year_pages:  # each part links every other one
            if other is not p:
                assert f'href="{urls.relative(p.path, other.path)}"' in bodies[p.path]
    assert sorted(seen) == sorted(c.key for c in s.matrix.columns) and len(seen) == len(set(seen))
    flat = [x for ps in provinces for x in ps]
    assert len(flat) == len(set(flat))
    names = [collation_key(view.analysis.registry.provinces[x]["vi"]) for x in flat]
    assert names == sorted(names)
    # the parts' cells add up to the slice's
    total = sum(c.tasks for p in year_pages for c in p.context["matrix"].cells)
    assert total == sum(c.tasks for c in s.matrix.cells)


# --- matrix.js, deferred, in a browser -------------------------------------------------------------

@pytest.mark.browser
def test_matrix_js_deferred_filters_keep_columns_and_numbers(page, page_errors, site_url):
    errors = page_errors(page)
    page.goto(site_url + "matrix/?group=province")
    assert page.locator('script[src$="assets/matrix.js"][defer]').count() == 1
    heads = page.locator("#ps-matrix thead th[data-key]")
    assert page.locator("select[name=group]").input_value() == "province"
    provinces = heads.evaluate_all("hs => hs.map(h => h.getAttribute('data-pname'))")
    assert provinces == sorted(provinces)  # grouped by province on load
    first = page.locator('tbody[data-folded="no"] tr[data-agency]').first
    before = first.locator(".ps-n").all_inner_texts()
    # after the reordering, a province filter hides the other provinces' columns, heads and cells alike
    page.select_option("select[name=province]", "quang-ngai")
    visible = page.locator("#ps-matrix thead th[data-key]:visible")
    assert visible.count() >= 1
    assert set(visible.evaluate_all("hs => hs.map(h => h.getAttribute('data-province'))")) == {"quang-ngai"}
    # the agencies with no task there are hidden (Sở LĐTBXH, the first row, ended before Quảng Ngãi's 2025 plan)
    n_visible = page.locator('tbody[data-folded="no"] tr[data-agency]:visible').first.locator("td:visible").count()
    assert n_visible == visible.count()
    # a theme shows only its tasks; back to every theme, the numbers are the first ones again
    page.select_option("select[name=province]", "")
    page.select_option("select[name=theme]", "action-month")
    page.select_option("select[name=theme]", "")
    assert first.locator(".ps-n").all_inner_texts() == before
    assert not errors


# --- the data page -------------------------------------------------------------------------------

NATIONAL_PLANS = 1300
PLAN_TABLE = re.compile(r'<table id="plan-files"[^>]*>.*?</table>\n?', re.S)
FEED_ROW = re.compile(r'<tr><th scope="row"><a href="[^"]*/feed\.atom">provinces/.*?</tr>\n', re.S)


def data_page(view: View) -> tuple[Page, str]:
    [page] = data_view.pages(view)
    return page, render(view, page)


class Table(HTMLParser):
    """The per-plan table: the scopes of its head cells and, per body row, of its header cells, and
    its links (href -> text)."""

    def __init__(self):
        super().__init__()
        self.head, self.rows, self.links, self._in, self._a = [], [], {}, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("thead", "tbody"):
            self._in = tag
        elif tag == "tr" and self._in == "tbody":
            self.rows.append([])
        elif tag == "th":
            (self.head if self._in == "thead" else self.rows[-1]).append(a.get("scope"))
        elif tag == "a":
            assert a["href"] not in self.links, a["href"]
            self._a, self.links[a["href"]] = a["href"], ""

    def handle_data(self, data):
        if self._a:
            self.links[self._a] += data

    def handle_endtag(self, tag):
        if tag == "a":
            self._a = None


def test_data_page_describes_the_plan_files_once_and_links_every_one(views):
    for view in views.values():
        page, body = data_page(view)
        assert set(page.context) == data_view.CONTEXT[page.template]
        lang = view.language
        downloads = page.context["downloads"]
        # the first two sections as they were: every site-wide file and feed with its words and citation
        for d in downloads:
            if d.group != "plan":
                row = f'<tr><th scope="row"><a href="{urls.relative(lang.root + urls.data(), d.path)}">{d.path}</a></th>'
                assert body.count(row) == 1, d.path
                assert str(escape(d.citation(lang))) in body
        # the per-plan section: each kind of file said once, with its format and citation pattern
        section = body[body.index('<h2 id="plan">'):]
        for k in exports.PLAN_FILE_KINDS:
            said = (f'<tr><th scope="row"><code>{escape(k.path(lang))}</code></th><td>{escape(k.title(lang))}. '
                    f'{escape(k.description(lang))}<br><span class="ps-cite">{escape(k.citation(lang))}</span></td>'
                    f'<td>{k.format}</td></tr>')
            assert section.count(said) == 1, (lang.code, said)
            assert section.count(str(escape(k.description(lang)))) == 1
        # then one row per plan, a link per shared file and nothing said again
        table = PLAN_TABLE.search(body).group(0)
        assert "ps-cite" not in table and view.settings["base_url"] not in table
        parsed = Table()
        parsed.feed(table)
        shared = [k for k in exports.PLAN_FILE_KINDS if k.shared]
        assert parsed.head == ["col"] * (2 + len(shared))
        plans = view.analysis.plans
        assert len(parsed.rows) == len(plans) and all(r[-1] == "row" for r in parsed.rows)
        assert sum(r[0] == "rowgroup" for r in parsed.rows) == len({p.province for p in plans})
        here = lang.root + urls.data()
        want = {urls.relative(here, d.path): str(d.kb) for d in downloads if d.group == "plan"}
        assert parsed.links == want and len(want) == len(plans) * len(shared)  # every file once, its size
        assert set(want) == {urls.relative(here, urls.plan_data(p.key, k.name)) for p in plans for k in shared}


def test_data_page_per_plan_section_scales(views):
    """From the real plans: the per-plan table's bytes per plan (a province's header counted on the
    few plans it has here, so over-counted) times 1,300, the province feeds' rows times every province
    of the registry, and the rest of the page, within the body's budget."""
    for code, view in views.items():
        page, body = data_page(view)
        n = len(view.analysis.plans)
        size = lambda text: len(text.encode("utf-8"))
        table = PLAN_TABLE.search(body).group(0)
        rows = re.findall(r"<tr><th.*?</tr>\n", table.split("</thead>", 1)[1])
        groups = re.findall(r'<tbody>\n|</tbody>\n|<th scope="rowgroup".*?</th>', table)
        feeds = FEED_ROW.findall(body)
        provinces = {p.province for p in view.analysis.plans}
        assert n >= 5 and len(rows) == n and len(feeds) == len(provinces) and len(groups) == 3 * len(provinces)
        per_plan = (sum(map(size, rows)) - sum(size(g) for g in groups if g.startswith("<th"))) / n
        per_province = (sum(map(size, groups)) + sum(map(size, feeds))) / len(provinces)
        rest = size(body) - sum(map(size, rows)) - sum(size(g) for g in groups if not g.startswith("<th")) \
            - sum(map(size, feeds))
        estimate = rest + per_plan * NATIONAL_PLANS + per_province * len(view.analysis.registry.provinces)
        assert per_plan <= 180, (code, per_plan)  # the old rows: ~1,200 bytes a plan
        assert estimate <= BODY_BUDGET, (code, estimate, per_plan)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_data_page_at_national_scale_stays_within_budget(views, lang):
    """1,300 plans over the registry's provinces, rendered. The files' sizes are made up: each plan's as
    large as the largest real plan's, the site-wide files a hundred times theirs."""
    view = views[lang]
    page, _ = data_page(view)
    real = page.context["downloads"]
    plans = [p for y in (2011, 2016, 2021, 2025) for p in national(view, NATIONAL_PLANS // 4, y)]
    assert len(plans) == NATIONAL_PLANS
    files = {d.path: b" " * (d.size * 100) for d in real if d.group != "plan"}
    shared = [k for k in exports.PLAN_FILE_KINDS if k.shared]
    largest = {k.name: max(d.size for d in real if d.path.endswith("/" + k.name)) for k in shared}
    files.update({urls.plan_data(p.key, k.name): b" " * largest[k.name] for p in plans for k in shared})
    files.update({urls.province_feed(pr): b" " * 20_000 for pr in {p.province for p in plans}})
    big = dataclasses.replace(view, analysis=dataclasses.replace(view.analysis, plans=tuple(plans)), shared_files=files)
    page, body = data_page(big)
    assert len(body.encode("utf-8")) <= BODY_BUDGET, len(body.encode("utf-8"))
    parsed = Table()
    parsed.feed(PLAN_TABLE.search(body).group(0))
    assert len(parsed.rows) == NATIONAL_PLANS and len(parsed.links) == NATIONAL_PLANS * len(shared)
    assert sum(r[0] == "rowgroup" for r in parsed.rows) == len({p.province for p in plans})
