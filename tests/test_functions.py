"""Functions held by agencies over time (generator/analysis/functions.py, successions.py): successions
through the 1 July 2025 mergers, the function lineage of the Labour department's split, the handover
verdicts, and what the real plans show."""
from __future__ import annotations

from pathlib import Path

import pytest

from generator.analysis import analyse
from generator.analysis import functions as fn
from generator.analysis.compare import compare
from generator.analysis.successions import is_succession, kind_of, next_plans
from generator.corpus import load_corpus
from generator.settings import load_settings
from test_compare import block, mkplan, task

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def analysis():
    settings, errors = load_settings(ROOT / "site_config.yml")
    assert not errors
    return analyse(load_corpus(ROOT / "content"), settings)


# --------------------------------------------------------------------------------------------
# Successions through the mergers
# --------------------------------------------------------------------------------------------

def test_succession_within_a_province_and_through_the_mergers(registry):
    dn = mkplan("dak-nong", "2024", "2024-05-01", [])
    assert is_succession(dn, mkplan("dak-nong", "2025", "2025-04-01", []), registry)
    # Đắk Nông became part of Lâm Đồng on 1 July 2025: a Lâm Đồng plan from then on follows it
    assert is_succession(dn, mkplan("lam-dong", "2025", "2025-09-01", []), registry)
    assert not is_succession(dn, mkplan("lam-dong", "2025", "2025-06-30", []), registry)
    assert kind_of(mkplan("lam-dong", "2025", "2025-09-01", []), dn, registry) == "succession"  # either order
    # Bình Định -> Gia Lai (code 52 passed from one to the other): only from 1 July 2025
    bd = mkplan("binh-dinh", "2023", "2023-05-01", [])
    assert is_succession(bd, mkplan("gia-lai", "2026", "2026-02-01", []), registry)
    assert not is_succession(bd, mkplan("gia-lai", "2025", "2025-04-29", []), registry)
    # neighbours are never a succession
    assert kind_of(mkplan("cao-bang", "2022", "2022-01-01", []), mkplan("quang-ngai", "2025", "2025-04-23", []),
                   registry) == "parallel"
    # the new Lâm Đồng's first plan follows all three provinces' last plans
    plans = [dn, mkplan("binh-thuan", "2024", "2024-08-01", []), mkplan("lam-dong", "2024", "2024-03-01", []),
             mkplan("lam-dong", "2026", "2026-03-01", [])]
    nexts = next_plans(plans, registry)
    assert {k: v.key for k, v in nexts.items()} == {
        "dak-nong/2024": "lam-dong/2026", "binh-thuan/2024": "lam-dong/2026", "lam-dong/2024": "lam-dong/2026"}


# --------------------------------------------------------------------------------------------
# The function lineage: the Labour department's functions went to different departments
# --------------------------------------------------------------------------------------------

CHILD = "Chủ trì triển khai các biện pháp bảo vệ trẻ em, phòng ngừa xâm hại trẻ em trên địa bàn tỉnh"
MONTH = "Chủ trì tổ chức Tháng hành động vì bình đẳng giới và phòng ngừa, ứng phó với bạo lực trên cơ sở giới"


def labour_before():
    return mkplan("cao-bang", "2024", "2024-04-01", [
        block("so-ldtbxh", "Sở Lao động - Thương binh và Xã hội", ["so-ldtbxh"], [
            task("so-ldtbxh-a", MONTH, ["action-month"], roles={"so-ldtbxh": "lead"}),
            task("so-ldtbxh-b", CHILD, ["child-protection"], roles={"so-ldtbxh": "lead"})]),
    ], key_roles={"lead": {"agency": "so-ldtbxh", "where": "IV.1"}})


def after(child_holder: str | None):
    blocks = [block("so-noi-vu", "Sở Nội vụ", ["so-noi-vu"], [
        task("so-noi-vu-a", MONTH, ["action-month"], roles={"so-noi-vu": "lead"})])]
    if child_holder:
        blocks.append(block(child_holder, "Sở", [child_holder], [
            task(child_holder + "-a", CHILD, ["child-protection"], roles={child_holder: "lead"})]))
    return mkplan("cao-bang", "2025", "2025-05-01", blocks, key_roles={"lead": {"agency": "so-noi-vu", "where": "IV.1"}},
                  lead="so-noi-vu")


def test_child_protection_goes_to_health_after_1_march_2025(registry):
    assert registry.successor_on("so-ldtbxh", "2025-03-01", "child-protection") == "so-y-te"
    assert registry.successor_on("so-ldtbxh", "2025-03-01", "vocational-training") == "so-gddt"
    assert registry.successor_on("so-ldtbxh", "2025-03-01", "poverty-reduction") == "so-nnmt"
    assert registry.successor_on("so-ldtbxh", "2025-03-01", "action-month") == "so-noi-vu"
    assert registry.successor_on("so-ldtbxh", "2025-02-28", "child-protection") == "so-ldtbxh"
    # in a succession, the Labour task on child protection is found at Sở Y tế: moved by the restructuring
    c = compare(labour_before(), after("so-y-te"), registry)
    tp = next(tp for tp in c.tasks if tp.a and tp.a[0].id == "so-ldtbxh-b")
    assert tp.change != "dropped" and tp.b and tp.b[0].agency == "so-y-te"
    ev = next(e for e in c.events if e.scope == "task" and e.before == "so-ldtbxh" and e.after == "so-y-te")
    assert ev.kind == "restructuring" and "nd-45-2025" in ev.acts
    assert c.summary.dropped == 0


def test_handover_verdicts(registry):
    before = labour_before()
    fb = fn.plan_functions(before, registry)

    def verdicts(plan):
        h = fn.handover(before, plan, fb, fn.plan_functions(plan, registry), registry)
        return {r.function: (r.verdict, r.expected) for r in h.rows}

    v = verdicts(after("so-y-te"))
    assert v["theme-child-protection"] == ("as_decree", "so-y-te")
    assert v["theme-action-month"] == ("as_decree", "so-noi-vu")
    assert v["lead"] == ("as_decree", "so-noi-vu")
    # Sở Nội vụ keeping child protection is not what the decree says
    assert verdicts(after("so-noi-vu"))["theme-child-protection"] == ("other_agency", "so-y-te")
    # no agency named for it any more
    assert verdicts(after(None))["theme-child-protection"] == ("not_named", "so-y-te")
    # a function neither plan names is not a row; one only the later plan names is "newly named"
    assert "statistics" not in v
    # an agency that still exists and keeps its function: unchanged; given to another: reassigned
    x = mkplan("cao-bang", "2024", "2024-04-01", [block("so-y-te", "Sở Y tế", ["so-y-te"], [
        task("so-y-te-a", "Chăm sóc sức khỏe sinh sản", ["health"], roles={"so-y-te": "lead"})])])
    y = mkplan("cao-bang", "2025", "2025-05-01", [block("so-gddt", "Sở GD&ĐT", ["so-gddt"], [
        task("so-gddt-a", "Chăm sóc sức khỏe sinh sản", ["health"], roles={"so-gddt": "lead"})])])
    h = fn.handover(x, y, fn.plan_functions(x, registry), fn.plan_functions(y, registry), registry)
    assert {r.function: r.verdict for r in h.rows}["theme-health"] == "reassigned"
    h = fn.handover(x, x, fn.plan_functions(x, registry), fn.plan_functions(x, registry), registry)
    assert {r.function: r.verdict for r in h.rows}["theme-health"] == "unchanged"


def test_theme_holder_is_the_strongest_role_on_most_tasks_never_a_collective(registry):
    p = mkplan("cao-bang", "2024", "2024-04-01", [
        block("all", "Các sở, ngành", ["cac-so-nganh"], [
            task("all-a", "Tuyên truyền", ["communication"], roles={"cac-so-nganh": "lead"}),
            task("all-b", "Tuyên truyền 2", ["communication"], roles={"cac-so-nganh": "lead"})]),
        block("vh", "Sở VHTTDL", ["so-vhttdl"], [
            task("vh-a", "Tuyên truyền 3", ["communication"], roles={"so-vhttdl": "responsible", "so-noi-vu": "coordinating"})]),
    ])
    h = next(h for h in fn.plan_functions(p, registry) if h.function == "theme-communication")
    assert (h.agency, h.role, h.tasks, h.state) == ("so-vhttdl", "responsible", 1, "named")


# --------------------------------------------------------------------------------------------
# The real plans
# --------------------------------------------------------------------------------------------

def test_quang_ngai_handover_names_both_departments_and_the_decree(analysis):
    h = next(h for h in analysis.handovers if h.b == "quang-ngai/2025")
    assert (h.a, h.slug, h.partial) == ("quang-ngai/2024", "quang-ngai-2024--quang-ngai-2025", True)
    rows = {r.function: r for r in h.rows}
    p = rows["proposer"]
    assert (p.before.agency, p.after.agency, p.expected, p.verdict) == ("so-ldtbxh", "so-noi-vu", "so-noi-vu", "as_decree")
    assert "nd-45-2025" in p.acts
    # the 2024 text breaks off before its implementation section: nothing else is claimed
    assert {r.verdict for f, r in rows.items() if f != "proposer"} == {"not_in_text"}
    assert analysis.timelines["quang-ngai"].handovers == (h,)


def test_gia_lai_handover_is_all_outside_the_partial_2025_text(analysis):
    h = next(h for h in analysis.handovers if h.b == "gia-lai/2025")
    assert h.a == "gia-lai/2020" and h.partial
    rows = {r.function: r for r in h.rows}
    assert rows["lead"].before.agency == "so-ldtbxh" and rows["lead"].verdict == "not_in_text"
    assert rows["theme-vocational-training"].expected == "so-gddt"  # Gia Lai 2020 gave vocational training to Labour
    assert "not_named" not in {r.verdict for r in h.rows} and dict(h.counts) == {"not_in_text": len(h.rows)}


def test_only_lines_crossing_the_date_have_a_handover(analysis):
    assert {(h.a, h.b) for h in analysis.handovers} == {("quang-ngai/2024", "quang-ngai/2025"),
                                                      ("gia-lai/2020", "gia-lai/2025")}
    # Lâm Đồng's line holds Đắk Nông's plan (merged into it), with no handover yet
    assert analysis.timelines["lam-dong"].plans == ("dak-nong/2021-2030",)
    assert analysis.timelines["dak-nong"].handovers == ()


def test_national_counts_and_holders_now(analysis):
    proposer = next(n for n in analysis.national if n.function == "proposer")
    years = dict(proposer.years)
    # 2025: Quảng Ngãi and Sơn La name Sở Nội vụ; Gia Lai's partial text does not show its proposer
    assert dict(years[2025]) == {"so-noi-vu": 2}
    assert dict(years[2024]) == {"so-ldtbxh": 1}
    lead = next(n for n in analysis.national if n.function == "lead")
    assert dict(dict(lead.years)[2022]) == {"so-ldtbxh": 1}  # Cao Bằng
    now = {h.function: dict(h.agencies) for h in analysis.holders_now}
    assert now["lead"] == {"so-noi-vu": ("quang-ngai/2025",)}
    assert now["proposer"] == {"so-noi-vu": ("quang-ngai/2025", "son-la/2025")}


def test_functions_and_handovers_downloads(analysis, built_site):
    import csv
    import io
    import json
    from generator.data import function_files
    files = function_files(list(analysis.plans), analysis.functions, analysis.handovers)
    rows = list(csv.DictReader(io.StringIO(files["data/functions.csv"].decode("utf-8"))))
    assert len(rows) == len(analysis.plans) * len(analysis.function_ids)
    qn24 = {r["function"]: r for r in rows if r["plan"] == "quang-ngai/2024"}
    assert (qn24["proposer"]["agency"], qn24["proposer"]["clause"]) == ("so-ldtbxh", "preamble")
    assert qn24["lead"]["state"] == "not_in_text" and qn24["theme-child-protection"]["state"] == "not_in_text"
    cb = {r["function"]: r for r in rows if r["plan"] == "cao-bang/2022"}
    assert cb["theme-child-protection"]["agency"] == "so-gddt"  # III.6.p1: bạo lực học đường, xâm hại trẻ em
    hand = list(csv.DictReader(io.StringIO(files["data/handovers.csv"].decode("utf-8"))))
    p = next(r for r in hand if r["plan_after"] == "quang-ngai/2025" and r["function"] == "proposer")
    assert (p["before"], p["after"], p["expected"], p["verdict"]) == ("so-ldtbxh", "so-noi-vu", "so-noi-vu", "as_decree")
    assert "nd-45-2025" in p["acts"].split(";")
    # published with the site, described in the data package
    lines = lambda data: sorted(data.decode("utf-8").splitlines())
    assert lines((built_site / "data/functions.csv").read_bytes()) == lines(files["data/functions.csv"])
    package = json.loads((built_site / "data/datapackage.json").read_text(encoding="utf-8"))
    described = {r["path"]: r for r in package["resources"]}
    assert [f["name"] for f in described["handovers.csv"]["schema"]["fields"]][-1] == "verdict"
