"""The plan page (templates/plan.html, generator/views/plans.py): a summary whose numbers are the
plan's, the agency × theme figure near the top at its own size (a list on a phone), English that
informs (one line per task from its coding, the text kept in Vietnamese and marked so), one date
style per language, notes in their real language, collapsible sections that open for an anchor."""
from __future__ import annotations

import re
from collections import Counter
from html import unescape
from html.parser import HTMLParser

import pytest
from conftest import sideways

LANGS = ("", "en/")
SHOWN = ["provinces/quang-ngai/2025/", "provinces/tay-ninh/2021-2030/", "provinces/dak-nong/2021-2030/"]


def labels() -> dict:
    from generator.i18n import load_labels
    return load_labels()[0]


def word(key: str, lang: str, **kw) -> str:
    entry = labels()[key]["en" if lang else "vi"]
    if isinstance(entry, dict):
        entry = entry["one"] if kw.get("n") == 1 and "one" in entry else entry["other"]
    return entry.format(**kw)


class Tree(HTMLParser):
    """Each element with its attributes, the language it is in (the nearest lang), and its text."""
    VOID = {"br", "img", "input", "meta", "link", "hr", "wbr", "source"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.elements = [], []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        lang = a.get("lang") or (self.stack[-1]["lang"] if self.stack else None)
        el = {"tag": tag, "attrs": a, "lang": lang, "text": "", "parents": [s["tag"] + "." + (s["attrs"].get("class") or "") for s in self.stack]}
        self.elements.append(el)
        if tag not in self.VOID:
            self.stack.append(el)

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i]["tag"] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        for el in self.stack:
            el["text"] += data


def parse(html: str) -> Tree:
    t = Tree()
    t.feed(html)
    return t


def page_html(site, lang: str, plan) -> str:
    return (site / lang / f"provinces/{plan.key}/index.html").read_text(encoding="utf-8")


def by_class(tree: Tree, cls: str) -> list[dict]:
    return [e for e in tree.elements if cls in (e["attrs"].get("class") or "").split()]


# --- the summary ---------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_the_summary_says_the_plans_own_numbers(built_site, corpus, lang):
    plans, reg = corpus
    code = "en" if lang else "vi"
    for plan in plans:
        html = page_html(built_site, lang, plan)
        tree = parse(html)
        summary = by_class(tree, "ps-summary")
        assert len(summary) == 1, plan.key
        stats = [e["text"].strip() for e in by_class(tree, "ps-big")]
        agencies = {r.agency for t in plan.tasks for r in t.item.roles}
        period = str(plan.year_from) if plan.year_to == plan.year_from else f"{plan.year_from}–{plan.year_to}"
        assert stats == [str(len(plan.tasks)), str(len(agencies)), period], plan.key
        text = summary[0]["text"]
        if plan.lead_agency:
            assert reg.agencies[plan.lead_agency][code] in text
        # the three themes most assigned, with their number of tasks, most first
        per_theme = Counter(th for t in plan.tasks for th in set(t.item.themes))
        lede = by_class(tree, "ps-lede")[0]["text"]
        order = list(reg.themes)
        top = sorted(per_theme.items(), key=lambda kv: (-kv[1], order.index(kv[0])))[:3]
        for theme, n in top:
            name = reg.themes[theme][code]
            assert f"{name} ({word('plan_sum_theme_n', lang, n=n)})" in lede, (plan.key, theme)
        if not plan.tasks:
            assert word("plan_sum_no_tasks", lang) in lede
        # partial is said plainly, with what is missing; a full text says it is full
        if plan.partial:
            box = by_class(tree, "ps-partial")
            assert box and word("text_partial", lang) in box[0]["text"], plan.key
            missing = plan.text_missing.get(code) or plan.text_missing.get("vi")
            assert missing in box[0]["text"]
        else:
            assert not by_class(tree, "ps-partial") and word("plan_sum_full", lang) in text
        # its successions, with their comparison pages
        assert 'id="successions"' in html
        assert html.index('class="ps-summary"') < html.index('id="agency-themes"') < html.index('class="ps-plan"')


def test_the_summary_links_the_previous_plan_and_their_comparison(built_site):
    html = (built_site / "provinces/quang-ngai/2025/index.html").read_text(encoding="utf-8")
    summary = html[html.index('class="ps-summary"'):html.index("</section>", html.index('class="ps-summary"'))]
    assert 'href="../2024/"' in summary and "compare/quang-ngai-2024--quang-ngai-2025/" in summary


# --- the contents menu and the sections ----------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_the_contents_menu_leads_to_every_part(built_site, corpus, lang):
    plans, _ = corpus
    for plan in plans:
        html = page_html(built_site, lang, plan)
        tree = parse(html)
        ids = {e["attrs"]["id"] for e in tree.elements if "id" in e["attrs"]}
        menu = [e for e in tree.elements if e["tag"] == "a" and any(p.startswith("nav.ps-contents") for p in e["parents"])]
        targets = [a["attrs"]["href"][1:] for a in menu]
        assert targets[:2] == ["summary", "agency-themes"] and set(targets) <= ids, plan.key
        for s in plan.sections:
            a = next(a for a in menu if a["attrs"]["href"] == f"#section-{s.number.lower()}")
            if lang:  # the section's kind, in English; else its Vietnamese heading, marked so
                assert a["lang"] in ("en", "vi") and (a["lang"] == "vi") == (s.kind == "other")
            else:
                assert a["lang"] == "vi" and s.heading in a["text"]
        # every section of the text is a <details>, open
        assert html.count('<details class="ps-fold" open>') == len(plan.sections)


# --- English that informs ------------------------------------------------------------------------

def test_each_task_has_an_english_line_and_keeps_its_vietnamese_text(built_site, corpus):
    plans, reg = corpus
    role_label = {r: word(f"plan_gist_{r}", "en", names="") for r in ("lead", "responsible", "coordinating")}
    for plan in plans:
        html = page_html(built_site, "en/", plan)
        tree = parse(html)
        tasks = {e["attrs"]["id"]: e for e in by_class(tree, "ps-task")}
        assert all(e["attrs"].get("lang") == "en" for e in by_class(tree, "ps-gist"))
        assert len(by_class(tree, "ps-gist")) == len(plan.tasks), plan.key
        for task in plan.tasks:
            assert tasks[task.id]["lang"] == "vi", (plan.key, task.id)  # the task's text, as written
            if task.item.text:
                assert task.item.text in tasks[task.id]["text"]
            # the line opens the task
            line = unescape(re.search(rf'<li class="ps-task" id="{task.id}"><p class="ps-gist" lang="en">([^<]*)</p>',
                                      html).group(1))
            for r in task.item.roles:
                a = reg.agencies[r.agency]
                assert role_label[r.role] in line and (a.get("short_en") or a["en"]) in line, (plan.key, task.id)
            for th in task.item.themes:
                assert reg.themes[th]["en"] in line
            assert len(line) <= 400  # one line, not a paragraph


def test_the_vietnamese_page_has_no_generated_line(built_site, corpus):
    plans, _ = corpus
    for plan in plans:
        html = page_html(built_site, "", plan)
        assert 'class="ps-gist"' not in html and 'class="ps-seckind"' not in html


def test_english_section_kinds_and_deadlines(built_site):
    tree = parse((built_site / "en/provinces/quang-ngai/2025/index.html").read_text(encoding="utf-8"))
    kinds = [e["text"] for e in by_class(tree, "ps-seckind")]
    assert kinds == ["Purposes and requirements", "Content", "Budget", "Implementation", "Reporting"]
    assert all(e["lang"] == "en" for e in by_class(tree, "ps-seckind"))
    row = next(e for e in tree.elements if e["tag"] == "tr" and "Due" in e["text"])
    assert "Six-month report: 5\u00a0Jun; Annual report: 10\u00a0Dec" in row["text"]
    vi = parse((built_site / "provinces/quang-ngai/2025/index.html").read_text(encoding="utf-8"))
    row = next(e for e in vi.elements if e["tag"] == "tr" and e["text"].startswith(word("deadline", "")))
    assert "06 tháng: 05/06; năm: 10/12" in row["text"]


def test_a_deadline_we_cannot_translate_stays_vietnamese(built_site):
    tree = parse((built_site / "en/provinces/gia-lai/2020/index.html").read_text(encoding="utf-8"))
    row = next(e for e in tree.elements if e["tag"] == "tr" and "Due" in e["text"])
    assert "Six-month report: 10\u00a0Jun" in row["text"] and "10 Dec 2020" in row["text"]
    long_one = next(e for e in tree.elements if e["tag"] == "span" and e["text"].startswith("Báo cáo đánh giá"))
    assert long_one["lang"] == "vi"


# --- dates and the language of notes -------------------------------------------------------------

ISO = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


@pytest.mark.parametrize("lang", LANGS)
def test_dates_are_in_one_style_per_language(built_site, corpus, lang):
    plans, _ = corpus
    for plan in plans:
        tree = parse(page_html(built_site, lang, plan))
        times = [e for e in tree.elements if e["tag"] == "time"]
        for e in times:
            iso = e["attrs"]["datetime"]
            if len(iso) == 10:
                y, m, d = iso.split("-")
                want = (f"{int(d)} {'Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec'.split()[int(m) - 1]} {y}" if lang
                        else f"{d}/{m}/{y}")
                assert e["text"] == want, (plan.key, iso, e["text"])
        # legal bases and the proposal are dated the same way, never as raw ISO
        legal = [lb.date for lb in plan.legal_bases if lb.date]
        assert len([t for t in times if t["attrs"]["datetime"] in legal]) == len(legal), plan.key
        if plan.proposal and plan.proposal.get("date"):
            assert not ISO.search(next(e for e in tree.elements if e["tag"] == "dl")["text"])


@pytest.mark.parametrize("lang", LANGS)
def test_editorial_notes_carry_their_real_language(built_site, corpus, lang):
    plans, _ = corpus
    for plan in plans:
        tree = parse(page_html(built_site, lang, plan))
        note = plan.number_source.get("note")
        if note:
            el = next(e for e in tree.elements if e["tag"] == "p" and e["text"] == note)
            assert el["lang"] == "en", (plan.key, lang)  # every number note we hold is English
        for n in plan.notes:
            el = next(e for e in tree.elements if e["tag"] == "li" and e["text"] == n)
            assert el["lang"] == "en", (plan.key, n[:60])
        for r in plan.repairs:
            el = next(e for e in tree.elements if e["tag"] == "td" and e["text"] == r.note)
            assert el["lang"] == "en"


def test_the_language_of_a_note_is_read_from_its_words():
    from generator.views.plans import text_language

    class L:
        source, languages = "vi", ["vi", "en"]
    assert text_language("Chúng tôi chỉ có phần mở đầu của kế hoạch, dừng giữa điểm I.2.", L) == "vi"
    assert text_language("IV.1.p7 starts 'Phối hợp với các Sở, Ban, ngành': the partners are coordinating.", L) == "en"


# --- the agency × theme figure -------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_the_figure_is_readable_and_has_a_table_and_a_list(built_site, corpus, lang):
    plans, _ = corpus
    for plan in plans:
        html = page_html(built_site, lang, plan)
        if not plan.tasks:  # nothing counted: no figure, and the page says why
            assert "<img" not in html[html.index('id="agency-themes"'):html.index('id="document"')]
            assert word("plan_fig_partial_none", lang) in html
            continue
        svg = (built_site / lang / f"provinces/{plan.key}/agency-themes.svg").read_text(encoding="utf-8")
        size = float(re.search(r'font-size="([\d.]+)"', svg).group(1))
        assert size >= 12
        width = round(float(re.search(r'<svg[^>]* width="([\d.]+)"', svg).group(1)))
        img = re.search(r'<img src="agency-themes.svg" alt="([^"]+)" width="(\d+)"', html)
        assert img and int(img.group(2)) == width
        assert '<table class="ps-heat">' in html
        agencies = {r.agency for t in plan.tasks for r in t.item.roles}
        assert html.count("<li><b>") >= len(agencies) if agencies else 'class="ps-atlist"' not in html


# --- in the browser ------------------------------------------------------------------------------

BROWSER_PAGES = [lang + p for lang in LANGS for p in SHOWN]


@pytest.mark.browser
@pytest.mark.parametrize("path", BROWSER_PAGES)
def test_the_plan_page_at_phone_width(phone_page, site_url, path):
    pg = phone_page
    pg.goto(site_url + path)
    pg.wait_for_load_state("networkidle")
    overflow = sideways(pg)
    figure_shown = pg.locator(".ps-atfig__fig").is_visible()
    list_shown = pg.locator(".ps-atlist").count() == 0 or pg.locator(".ps-atlist").is_visible()
    assert overflow <= 1, f"{path} is {overflow} px wider than a 360 px phone"
    assert not figure_shown and list_shown


@pytest.mark.browser
@pytest.mark.parametrize("path", BROWSER_PAGES)
def test_the_plan_page_has_no_accessibility_violations(page, site_url, path):
    from axe_playwright_python.sync_playwright import Axe
    page.goto(site_url + path)
    page.wait_for_load_state("networkidle")
    violations = Axe().run(page).response["violations"]
    assert not violations, [(v["id"], v["impact"], v["help"], [n["target"] for n in v["nodes"][:3]]) for v in violations]


@pytest.mark.browser
def test_the_figure_is_shown_at_its_own_size_on_a_desktop(page, site_url):
    page.goto(site_url + "en/provinces/quang-ngai/2025/")
    img = page.locator(".ps-atfig__fig img")
    assert img.evaluate("i => i.complete && i.naturalWidth > 0 && Math.abs(i.getBoundingClientRect().width - i.width) < 1")
    assert img.evaluate("i => i.getBoundingClientRect().width") == pytest.approx(int(img.get_attribute("width")), abs=1)


@pytest.mark.browser
@pytest.mark.parametrize("how", ["hashchange", "link"])
def test_a_closed_section_opens_for_a_task_anchor(page, site_url, how):
    page.goto(site_url + "provinces/dak-nong/2021-2030/")
    page.wait_for_load_state("networkidle")
    section = page.locator("details.ps-fold").filter(has=page.locator("#so-ldtbxh-p2"))
    section.locator("summary").first.click()  # the reader closes the section
    assert not page.locator("#so-ldtbxh-p2").is_visible()
    if how == "hashchange":
        page.evaluate("location.hash = '#so-ldtbxh-p2'")
    else:  # a link to the task followed within the page (the same hash again fires no hashchange)
        page.evaluate("""() => { const a = document.createElement('a'); a.href = '#so-ldtbxh-p2';
                                 a.textContent = 'x'; document.body.append(a); a.click(); }""")
    page.locator("#so-ldtbxh-p2").wait_for(state="visible")
    assert page.locator("#so-ldtbxh-p2").evaluate(
        "el => { const r = el.getBoundingClientRect(); return r.bottom > 0 && r.top < innerHeight; }")
