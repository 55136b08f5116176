"""The in-browser "compare any two plans" control (/compare/, templates/assets/compare.js part 2) tells
the truth about what it compares, like the published pages (analysis/successions.py):

- two plans of different provinces are a *parallel* comparison: in both / in A only / in B only, a
  visible notice, never moved / new / dropped, words marked only between tasks at least the threshold
  alike (otherwise the two texts side by side, no <ins>/<del>);
- two plans of one province (or of a province and the one it was merged into on 1 July 2025, read on
  the later plan's date) are a *succession*: kept / changed / moved / new / dropped; A is the older plan.

The real site is driven in Chromium (fixtures site_url, browser, page_errors from conftest). The full
texts in content/ are all of different provinces, so the succession branch runs on synthetic plans
served to the same compare.js through Playwright routes (nothing is added to content/).
"""
from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
import yaml

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"
LABELS = yaml.safe_load((TEMPLATES / "i18n.yml").read_text(encoding="utf-8"))
CHANGE_WORDS = ("moved", "new", "dropped")          # a parallel result never says these ...
KIND_WORDS = ("moved", "added", "dropped")          # ... nor carries these kinds

ROWS_JS = """() => [...document.querySelectorAll('#cmp-result .cmp-change')].map(r => ({
    id: r.id, change: r.dataset.change, kind: r.dataset.kind, status: r.dataset.status || null,
    sim: r.dataset.similarity === undefined ? null : parseFloat(r.dataset.similarity),
    ins: r.querySelectorAll('ins').length, del: r.querySelectorAll('del').length,
    a: (r.querySelector('.cmp-cell--a .cmp-text') || {}).textContent || null,
    b: (r.querySelector('.cmp-cell--b .cmp-text') || {}).textContent || null}))"""


def label(key: str, lang: str) -> str:
    return LABELS[key][lang]


def wait_result(pg):
    pg.locator("#cmp-result [data-comparison]").wait_for()
    return pg.locator("#cmp-result [data-comparison]")


def assert_parallel(pg, rows, threshold):
    root = pg.locator("#cmp-result [data-comparison]")
    assert root.get_attribute("data-comparison") == "parallel"
    for word in CHANGE_WORDS:
        assert pg.locator(f'#cmp-result [data-change="{word}"]').count() == 0, word
    for word in KIND_WORDS:
        assert pg.locator(f'#cmp-result [data-kind="{word}"]').count() == 0, word
    assert {r["change"] for r in rows} <= {"both", "a_only", "b_only"}
    for r in rows:
        if r["ins"] or r["del"]:  # words are marked only between tasks similar enough
            assert r["change"] == "both" and r["status"] == "similar" and r["sim"] >= threshold, r
        if r["change"] == "both":
            assert r["a"] and r["b"], r
            if r["status"] == "different":
                assert r["sim"] < threshold and not r["ins"] and not r["del"], r
            elif r["status"] == "similar":
                assert r["sim"] >= threshold, r
            else:
                assert r["status"] == "identical", r
        else:
            assert r["status"] is None and not r["ins"] and not r["del"], r


# --------------------------------------------------------------------------------------------
# The built site: two real plans of different provinces
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["", "en/"])
def test_two_provinces_are_a_parallel_comparison(page, site_url, page_errors, lang):
    code = "en" if lang else "vi"
    errors = page_errors(page)
    page.goto(site_url + lang + "compare/?a=cao-bang%2F2022&b=quang-ngai%2F2025")
    root = wait_result(page)
    assert root.get_attribute("data-comparison") == "parallel"
    assert page.locator("#cmp-a").input_value() == "cao-bang/2022"
    assert page.locator("#cmp-b").input_value() == "quang-ngai/2025"
    notice = page.locator("#cmp-result p.cmp-notice.cmp-notice--parallel[role=note]")
    assert notice.count() == 1 and notice.is_visible()
    assert notice.inner_text().strip() == label("cmp_parallel_notice", code)
    assert page.locator("#cmp-result .cmp-notice--succession").count() == 0
    # the notice is at the top: before any block of the result
    assert notice.bounding_box()["y"] < page.locator("#cmp-result .cmp-bp").first.bounding_box()["y"]
    threshold = float(page.locator("#cmp-form").get_attribute("data-threshold"))
    rows = page.evaluate(ROWS_JS)
    assert {"both", "a_only", "b_only"} <= {r["change"] for r in rows}
    assert_parallel(page, rows, threshold)
    # some pairs are marked word by word, and some stand side by side
    assert any(r["ins"] or r["del"] for r in rows)
    # no "no longer in B" wording for a task of A only
    assert label("cmp_not_in_b", code) not in page.locator("#cmp-result").inner_text()
    summary = page.locator("#cmp-status").inner_text()
    n = {k: sum(r["change"] == k for r in rows) for k in ("both", "a_only", "b_only")}
    assert str(n["a_only"]) in summary and str(n["b_only"]) in summary
    assert not errors, errors


def test_the_plan_lists_once_in_the_page_both_in_the_form(page, site_url, page_errors):
    """The page lists the plans once (A's list, by province); compare.js, loaded deferred by the page, sets each
    option's value (the plan key), copies the list into B's and preselects B."""
    errors = page_errors(page)
    page.goto(site_url + "compare/")
    page.locator("#cmp-form").wait_for(state="visible")
    lists = [page.eval_on_selector_all(f"#cmp-{s} option", "os => os.map(o => [o.value, o.parentNode.label, o.text])")
             for s in "ab"]
    assert lists[0] == lists[1] and len(lists[0]) >= 5
    assert all(value.split("/") == [value.split("/")[0], text] for value, _, text in lists[0])
    assert page.locator("#cmp-b").input_value() == page.locator("#cmp-form").get_attribute("data-default-b")
    assert page.evaluate("document.querySelectorAll('script[src$=\"compare.js\"]').length") == 1
    page.select_option("#cmp-a", "cao-bang/2022")
    page.select_option("#cmp-b", "quang-ngai/2025")
    page.click("#cmp-go")
    wait_result(page)
    order = page.locator("#cmp-result .cmp-order").inner_text()
    assert "Cao Bằng 2022" in order and "Quảng Ngãi 2025" in order  # a plan is named by its province and id
    assert not errors, errors


def test_the_older_plan_is_always_a(page, site_url, page_errors):
    errors = page_errors(page)
    page.goto(site_url + "compare/?a=quang-ngai%2F2025&b=cao-bang%2F2022")
    wait_result(page)
    assert page.locator("#cmp-a").input_value() == "cao-bang/2022"
    assert page.locator("#cmp-b").input_value() == "quang-ngai/2025"
    assert "a=cao-bang%2F2022" in page.url and "b=quang-ngai%2F2025" in page.url
    order = page.locator("#cmp-result .cmp-order")
    assert order.get_attribute("data-swapped") == "true"
    assert label("cmp_js_swapped", "vi") in order.inner_text()
    assert not errors, errors


def test_every_pair_of_real_full_texts_follows_the_rules(page, site_url, page_errors):
    """All the full texts held are of different provinces: every pick is parallel."""
    errors = page_errors(page)
    page.goto(site_url + "compare/")
    page.locator("#cmp-form").wait_for(state="visible")
    keys = page.eval_on_selector_all("#cmp-a option", "os => os.map(o => o.value)")
    threshold = float(page.locator("#cmp-form").get_attribute("data-threshold"))
    assert len(keys) >= 5
    provinces = [k.split("/")[0] for k in keys]
    assert len(set(provinces)) == len(provinces)
    for i, a in enumerate(keys):
        for b in keys[i + 1:]:
            page.select_option("#cmp-a", a)
            page.select_option("#cmp-b", b)
            page.click("#cmp-go")  # the submit handler empties the result at once
            wait_result(page)
            got = (page.locator("#cmp-a").input_value(), page.locator("#cmp-b").input_value())
            # the list is by province: a pick whose A is the newer plan is swapped, and says so
            assert got in ((a, b), (b, a))
            swapped = page.locator("#cmp-result .cmp-order").get_attribute("data-swapped")
            assert (swapped == "true") == (got == (b, a))
            assert_parallel(page, page.evaluate(ROWS_JS), threshold)
    assert not errors, errors


# --------------------------------------------------------------------------------------------
# Synthetic plans, served to the same compare.js: the succession branch
# --------------------------------------------------------------------------------------------

ORIGIN = "http://plansite.test/"
TEXTS = {
    "kept": "Tổ chức hoà giải ở cơ sở cho phụ nữ nông thôn",
    "old": "Tuyên truyền về bình đẳng giới trên báo chí và đài phát thanh của tỉnh hằng năm",
    "changed": "Tuyên truyền về bình đẳng giới trên báo chí, mạng xã hội và đài phát thanh của tỉnh hằng năm",
    "moved": "Khảo sát thực trạng bạo lực gia đình tại các huyện miền núi phía bắc",
    "dropped": "Xây dựng mô hình câu lạc bộ gia đình hạnh phúc bền vững",
    "new": "Hỗ trợ vay vốn khởi nghiệp cho người dân tộc thiểu số",
    "health": "Chăm sóc sức khỏe sinh sản cho lao động nữ trong khu công nghiệp",
    # a pair 0.3 to 0.45 alike: paired, but below the threshold
    "far_a": "Tập huấn kỹ năng lãnh đạo cho nữ cán bộ cấp xã trong toàn tỉnh",
    "far_b": "Tập huấn kỹ năng lãnh đạo quản lý, chuyên môn nghiệp vụ về thống kê giới cho công chức",
}


def synthetic_plan(key, date, blocks):
    """A plan JSON twin with only what compare.js reads. blocks: [(block id, agency, [(task id, text)])]."""
    province, plan_id = key.split("/")
    year = int(date[:4])
    tasks = [{"id": tid, "ref": tid.upper(), "text": text, "block": bid}
             for bid, _, ts in blocks for tid, text in ts]
    return {"key": key, "province": province, "plan_id": plan_id, "period": {"from": year, "to": year},
            "document": {"date": date},
            "sections": [{"blocks": [{"id": bid, "name": f"Block {ag}", "agencies": [ag], "ref": bid}
                                     for bid, ag, _ in blocks]}],
            "tasks": tasks}


def older_blocks():
    return [("b1", "so-ldtbxh", [("t1", TEXTS["kept"]), ("t2", TEXTS["old"]), ("t3", TEXTS["moved"]),
                                 ("t4", TEXTS["dropped"]), ("t5", TEXTS["far_a"])]),
            ("b2", "so-yte", [("h1", TEXTS["health"])])]


def newer_blocks():
    return [("b1", "so-ldtbxh", [("u1", TEXTS["kept"]), ("u2", TEXTS["changed"]), ("u3", TEXTS["new"]),
                                 ("u5", TEXTS["far_b"])]),
            ("b2", "so-yte", [("k1", TEXTS["health"]), ("k2", TEXTS["moved"])])]


PLANS = {
    "tinh-x/2021": synthetic_plan("tinh-x/2021", "2021-03-01", older_blocks()),
    "tinh-x/2024": synthetic_plan("tinh-x/2024", "2024-05-01", newer_blocks()),
    "tinh-y/2023": synthetic_plan("tinh-y/2023", "2023-06-01", newer_blocks()),
    # merged into tinh-z on 1 July 2025 (until 2025-06-30)
    "tinh-m/2022": synthetic_plan("tinh-m/2022", "2022-02-01", older_blocks()),
    "tinh-z/2025": synthetic_plan("tinh-z/2025", "2025-09-01", newer_blocks()),
    "tinh-z/2025-early": synthetic_plan("tinh-z/2025-early", "2025-04-01", newer_blocks()),
}
PROVINCES = {"tinh-x": {"into": None, "until": None}, "tinh-y": {"into": None, "until": None},
             "tinh-m": {"into": "tinh-z", "until": "2025-06-30"}, "tinh-z": {"into": None, "until": None}}


def js_labels(lang: str) -> dict:
    """The control's labels, as compare_index.html's js_labels dict maps them."""
    src = (TEMPLATES / "compare_index.html").read_text(encoding="utf-8")
    block = src[src.index("{% set js_labels"):src.index("} %}", src.index("{% set js_labels"))]
    pairs = re.findall(r"'(\w+)': t\('(\w+)'\)", block)
    assert len(pairs) > 30
    out = {}
    for name, key in pairs:
        text = LABELS[key][lang]
        out[name] = text if isinstance(text, str) else text["other"]
    return out


def control_page(lang="en", threshold=0.45):
    attr = lambda v: html.escape(json.dumps(v, ensure_ascii=False), quote=True)
    options = "".join(f'<option value="{k}">{k}</option>' for k in PLANS)
    return f"""<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>control</title></head><body>
<div class="cmp"><form id="cmp-form" class="cmp-form" action="./" method="get" data-cmp-control hidden
 data-json-root="{ORIGIN}" data-site-root="{ORIGIN}"
 data-lineage="{attr({})}" data-province-lineage="{attr(PROVINCES)}" data-labels="{attr(js_labels(lang))}"
 data-threshold="{threshold}" data-lang="{lang}">
<select id="cmp-a" name="a">{options}</select><select id="cmp-b" name="b">{options}</select>
<button type="submit" id="cmp-go">Compare</button></form>
<p id="cmp-status" role="status"></p><div id="cmp-result" class="cmp-result"></div>
<table data-cmp-published-list><tr><th><a href="tinh-x-2021--tinh-x-2024/">2021 → 2024</a></th></tr></table></div>
<script src="{ORIGIN}assets/vendor/diff_match_patch.js"></script><script src="{ORIGIN}assets/compare.js"></script>
</body></html>"""


@pytest.fixture
def control(page, page_errors):
    """A page at ORIGIN/compare/ with the control over the synthetic plans; returns (page, errors, goto)."""
    errors = page_errors(page)

    def handle(route):
        path = route.request.url[len(ORIGIN):].split("?")[0]
        if path == "compare/":
            return route.fulfill(status=200, content_type="text/html; charset=utf-8", body=control_page())
        if path.startswith("assets/"):
            return route.fulfill(status=200, content_type="text/javascript; charset=utf-8",
                                 body=(TEMPLATES / path).read_text(encoding="utf-8"))
        m = re.fullmatch(r"provinces/(.+)/plan\.json", path)
        if m and m.group(1) in PLANS:
            return route.fulfill(status=200, content_type="application/json", body=json.dumps(PLANS[m.group(1)]))
        return route.fulfill(status=404, body="not found")

    page.route(ORIGIN + "**", handle)

    def goto(a, b):
        page.goto(ORIGIN + "compare/?" + "&".join(f"{k}={v.replace('/', '%2F')}" for k, v in (("a", a), ("b", b))))
        wait_result(page)
        return {r["id"]: r for r in page.evaluate(ROWS_JS)}

    return page, errors, goto


def by_text(rows, side, key):
    return next(r for r in rows.values() if r[side] == TEXTS[key])


def test_one_province_is_a_succession(control):
    pg, errors, goto = control
    rows = goto("tinh-x/2021", "tinh-x/2024")
    assert pg.locator("#cmp-result [data-comparison]").get_attribute("data-comparison") == "succession"
    notice = pg.locator("#cmp-result p.cmp-notice.cmp-notice--succession[role=note]")
    assert notice.is_visible() and notice.inner_text().strip() == label("cmp_succession_notice", "en")
    assert pg.locator("#cmp-result .cmp-notice--parallel").count() == 0
    changes = sorted(r["change"] for r in rows.values())
    # moved is shown twice: where it went (with the diff) and a stub where it was
    assert changes == sorted(["kept", "changed", "changed", "moved", "moved", "new", "dropped", "kept"]), changes
    assert by_text(rows, "a", "kept")["change"] == "kept"
    changed = by_text(rows, "b", "changed")
    assert changed["change"] == "changed" and changed["status"] == "changed" and changed["ins"] and changed["sim"] >= 0.45
    far = next(r for r in rows.values() if r["b"] == TEXTS["far_b"])
    assert far["change"] == "changed" and far["status"] == "replaced" and far["sim"] < 0.45
    assert by_text(rows, "b", "new")["change"] == "new" and by_text(rows, "b", "new")["kind"] == "added"
    assert by_text(rows, "a", "dropped")["change"] == "dropped"
    moved = [r for r in rows.values() if r["change"] == "moved"]
    assert {r["kind"] for r in moved} == {"moved"}
    # a published succession still links to its page
    assert pg.locator("#cmp-result [data-cmp-published]").get_attribute("href") == ORIGIN + "compare/tinh-x-2021--tinh-x-2024/"
    assert pg.locator("#cmp-result .cmp-order").get_attribute("data-swapped") is None
    assert pg.locator("#cmp-result .cmp-kindtag").inner_text() == label("cmp_kind_label_succession", "en")
    assert not errors, errors


def test_a_succession_picked_newest_first_is_swapped(control):
    pg, errors, goto = control
    rows = goto("tinh-x/2024", "tinh-x/2021")
    assert pg.locator("#cmp-result [data-comparison]").get_attribute("data-comparison") == "succession"
    assert pg.locator("#cmp-a").input_value() == "tinh-x/2021" and pg.locator("#cmp-b").input_value() == "tinh-x/2024"
    order = pg.locator("#cmp-result .cmp-order")
    assert order.get_attribute("data-swapped") == "true"
    assert label("cmp_js_swapped", "en") in order.inner_text()
    assert "A is the older plan (tinh-x/2021, 01/03/2021)" in order.inner_text()
    assert by_text(rows, "b", "new")["change"] == "new"        # new in the newer plan, not "dropped"
    assert by_text(rows, "a", "dropped")["change"] == "dropped"
    assert not errors, errors


@pytest.mark.parametrize("older, newer, kind", [
    ("tinh-m/2022", "tinh-z/2025", "succession"),        # merged into tinh-z, read on the later plan's date
    ("tinh-m/2022", "tinh-z/2025-early", "parallel"),    # before the merger: two provinces
    ("tinh-x/2021", "tinh-y/2023", "parallel"),
])
def test_province_mergers_are_read_on_the_later_date(control, older, newer, kind):
    pg, errors, goto = control
    goto(older, newer)
    assert pg.locator("#cmp-result [data-comparison]").get_attribute("data-comparison") == kind
    assert pg.locator(f"#cmp-result .cmp-notice--{kind}").is_visible()
    assert not errors, errors


def test_parallel_never_tells_change(control):
    pg, errors, goto = control
    rows = goto("tinh-x/2021", "tinh-y/2023")
    assert_parallel(pg, list(rows.values()), 0.45)
    assert by_text(rows, "a", "kept")["status"] == "identical"
    similar = by_text(rows, "b", "changed")
    assert similar["change"] == "both" and similar["status"] == "similar" and similar["ins"]
    # below the threshold: both texts as written, side by side, nothing marked
    far = next(r for r in rows.values() if r["b"] == TEXTS["far_b"])
    assert far["change"] == "both" and far["status"] == "different" and far["a"] == TEXTS["far_a"]
    assert far["ins"] == far["del"] == 0
    # a task under another agency is simply in both plans, shown once
    other = [r for r in rows.values() if r["b"] == TEXTS["moved"]]
    assert len(other) == 1 and other[0]["change"] == "both" and other[0]["a"] == TEXTS["moved"]
    assert by_text(rows, "b", "new")["change"] == "b_only" and by_text(rows, "b", "new")["kind"] == "b_only"
    only_a = by_text(rows, "a", "dropped")
    assert only_a["change"] == "a_only" and only_a["b"] is None
    text = pg.locator("#cmp-result").inner_text()
    assert label("cmp_not_in_b", "en") not in text and label("cmp_js_absent_b", "en") in text
    status = pg.locator("#cmp-status").inner_text()
    assert status == "5 tasks in both (4 worded alike), 1 in A only, 1 in B only", status
    assert pg.locator("#cmp-result [data-cmp-published]").count() == 0
    assert not errors, errors


def test_a_second_choice_replaces_the_first(control):
    pg, errors, goto = control
    goto("tinh-x/2021", "tinh-y/2023")
    pg.select_option("#cmp-a", "tinh-x/2021")
    pg.select_option("#cmp-b", "tinh-x/2024")
    pg.click("#cmp-go")
    pg.wait_for_function("document.querySelector('#cmp-result [data-comparison]')?.dataset.comparison === 'succession'")
    assert pg.locator("#cmp-result [data-comparison]").count() == 1
    assert "b=tinh-x%2F2024" in pg.url
    assert not errors, errors
