"""The role codebook (schema/README.md, "Role codebook"): each rule asserted on real sentences of
the real plans, each audit finding pinned, and the rules that can be checked mechanically asserted
over every task of every plan."""
import re
import unicodedata

import pytest
import yaml

from generator.data import ASSIGNMENT_COLUMNS, agency_as_written, assignment_rows
from generator.model import plain_paragraphs, walk_items

from conftest import CONTENT, ROOT

GENERIC = ("cac-so-nganh", "doan-the")  # catch-all partners: "các sở, ban, ngành", "các đoàn thể"
LEAD_CUE = re.compile(r"chủ trì|chịu trách nhiệm chính|cơ quan thường trực", re.I)
GENERIC_PARTNER = re.compile(r"phối hợp (?:với )?các (?:sở|cơ quan|đơn vị|ngành)", re.I)


@pytest.fixture(scope="module")
def plans(corpus):
    return {p.key: p for p in corpus[0]}


@pytest.fixture(scope="module")
def reg(corpus):
    return corpus[1]


def task_at(plans, key, ref):
    found = [t for t in plans[key].tasks if t.item.ref == ref]
    assert len(found) == 1, f"{key} {ref}: {len(found)} tasks"
    return found[0]


def roles(plans, key, ref):
    return {r.agency: r.role for r in task_at(plans, key, ref).item.roles}


def words(task):
    """The task's words and its block's heading, as one string."""
    return " ".join(x for x in ((task.block.name if task.block else ""), task.item.full_text) if x)


def all_tasks(plans):
    return [(p, t) for p in plans.values() for t in p.tasks]


def names(reg, aid):
    a = reg.agencies[aid]
    return [n for n in (a.get("vi"), a.get("short_vi"), *(a.get("aliases") or ())) if n]


def named_after_phoi_hop_voi(reg, text):
    """Agencies whose name (any registry alias) comes right after "phối hợp với"."""
    out = set()
    for m in re.finditer(r"phối hợp với ", text, re.I):
        rest = text[m.end():].casefold()
        for aid in reg.agencies:
            if any(rest.startswith(n.casefold()) for n in names(reg, aid)):
                out.add(aid)
    return out


# ---------------------------------------------------------------------------------------------
# The rules, on real sentences

def test_rule_chu_tri_gives_lead(plans):
    t = task_at(plans, "quang-ngai/2025", "IV.1.a")
    assert t.item.text.startswith("Chủ trì, hướng dẫn các cơ quan, tổ chức, địa phương liên quan tổ chức triển khai Kế hoạch này")
    assert roles(plans, "quang-ngai/2025", "IV.1.a")["so-noi-vu"] == "lead"


def test_rule_chu_tri_phoi_hop_voi(plans):
    t = task_at(plans, "ninh-thuan/2021", "IV.9.p1")
    assert t.item.text.startswith("Chủ trì, phối hợp với Sở Lao động - Thương binh và Xã hội")
    assert roles(plans, "ninh-thuan/2021", "IV.9.p1") == {"so-tttt": "lead", "so-ldtbxh": "coordinating"}


def test_rule_block_heading_chu_tri_codes_every_task(plans):
    """"Sở LĐTBXH chủ trì, phối hợp với các Sở, ngành, địa phương:" holds for a)–đ), even "Phối hợp với …"."""
    block = next(b for b in plans["ninh-thuan/2021"].blocks if b.ref == "IV.1")
    assert block.name == "Sở Lao động - Thương binh và Xã hội chủ trì, phối hợp với các Sở, ngành, địa phương:"
    assert [t.ref for t in block.tasks] == ["IV.1.a", "IV.1.b", "IV.1.c", "IV.1.d", "IV.1.đ"]
    for t in block.tasks:
        r = {x.agency: x.role for x in t.roles}
        assert r["so-ldtbxh"] == "lead", t.ref
        assert r["cac-so-nganh"] == r["ubnd-huyen"] == "coordinating", t.ref


def test_rule_chu_tri_task_on_the_heading_line_codes_that_task_only(plans):
    assert task_at(plans, "gia-lai/2020", "V.1.p1").item.text.startswith("Chủ trì, phối hợp với các sở, ngành")
    assert roles(plans, "gia-lai/2020", "V.1.p1")["so-ldtbxh"] == "lead"
    assert roles(plans, "gia-lai/2020", "V.1.p5") == {"so-ldtbxh": "responsible"}  # "Tổ chức Tháng hành động …"
    assert roles(plans, "gia-lai/2020", "V.1.p8") == {"so-ldtbxh": "lead"}  # "Chủ trì, tham mưu tổ chức kiểm tra …"


def test_rule_phoi_hop_gives_coordinating(plans):
    assert task_at(plans, "quang-ngai/2025", "IV.3.a").item.text.startswith("Phối hợp tổ chức tuyên truyền")
    assert roles(plans, "quang-ngai/2025", "IV.3.a") == {"so-tu-phap": "coordinating"}


def test_rule_partner_after_phoi_hop_voi_is_lead_only_where_it_chairs_that_work(plans):
    # Cao Bằng III.1.p7: the Women's Union chairs the women leaders' 20/10 exchange (III.2.p3)
    assert "phối hợp với Hội Liên hiệp phụ nữ tỉnh tổ chức gặp mặt" in task_at(plans, "cao-bang/2022", "III.1.p7").item.text
    assert task_at(plans, "cao-bang/2022", "III.2.p3").item.text.startswith("Chủ trì, phối hợp với Sở Lao động")
    assert roles(plans, "cao-bang/2022", "III.2.p3")["hoi-lhpn"] == "lead"
    # Quảng Ngãi IV.8.a: the Union chairs Project 8 of QĐ 1719 (IV.10.c)
    assert roles(plans, "quang-ngai/2025", "IV.8.a")["hoi-lhpn"] == "lead"
    assert task_at(plans, "quang-ngai/2025", "IV.10.c").item.text.startswith("Chủ trì và phối hợp với Sở Nội vụ")
    # Cao Bằng III.13.p4: nothing says Sở LĐTBXH chairs that communication and training work
    t = task_at(plans, "cao-bang/2022", "III.13.p4")
    assert t.item.text.startswith("Phối hợp với Sở Lao động - Thương binh và Xã hội thực hiện các hoạt động truyền thông, tập huấn")
    assert roles(plans, "cao-bang/2022", "III.13.p4") == {"ubnd-huyen": "coordinating", "so-ldtbxh": "coordinating"}


def test_rule_block_agency_is_responsible_when_the_task_says_nothing(plans):
    assert roles(plans, "cao-bang/2022", "III.1.p2") == {"so-ldtbxh": "responsible"}
    assert roles(plans, "quang-ngai/2025", "IV.6.b") == {"so-vhttdl": "responsible"}


def test_rule_bare_chiu_trach_nhiem_is_responsible(plans):
    t = task_at(plans, "dak-nong/2021-2030", "IV.5.p1")
    assert t.item.text.startswith("Chịu trách nhiệm tổ chức thực hiện, theo dõi và báo cáo")
    assert roles(plans, "dak-nong/2021-2030", "IV.5.p1") == {"so-noi-vu": "responsible"}
    for ref in ("IV.1.p2", "IV.2.p2", "IV.6.p1", "IV.7.p1", "IV.8.p1", "IV.9.p1"):
        assert set(roles(plans, "dak-nong/2021-2030", ref).values()) == {"responsible"}, ref
    assert task_at(plans, "quang-ngai/2025", "IV.7.b").item.text.startswith("Chịu trách nhiệm tổng hợp")
    assert roles(plans, "quang-ngai/2025", "IV.7.b") == {"so-tai-chinh": "responsible"}


def test_rule_strongest_role_over_the_clauses(plans):
    t = task_at(plans, "quang-ngai/2025", "IV.7.a")
    assert t.item.text.startswith("Phối hợp với") and "; hướng dẫn công tác quản lý" in t.item.text
    assert roles(plans, "quang-ngai/2025", "IV.7.a")["so-tai-chinh"] == "responsible"
    assert roles(plans, "dak-nong/2021-2030", "IV.1.p7")["so-ldtbxh"] == "responsible"  # "…; tham mưu …"
    assert "; chủ trì phối hợp với các ngành liên quan" in task_at(plans, "ninh-thuan/2021", "IV.6.a").item.text
    assert roles(plans, "ninh-thuan/2021", "IV.6.a")["so-vhttdl"] == "lead"


def test_rule_requested_blocks_are_coded_the_same(plans):
    t = task_at(plans, "quang-ngai/2025", "IV.10.c")
    assert t.block.name.startswith("Đề nghị") and t.mode == "requested"
    assert roles(plans, "quang-ngai/2025", "IV.10.c") == {"hoi-lhpn": "lead", "so-noi-vu": "coordinating", "so-dtg": "coordinating"}
    t = task_at(plans, "ninh-thuan/2021", "IV.12.a")
    assert t.mode == "requested" and roles(plans, "ninh-thuan/2021", "IV.12.a") == {"hoi-lhpn": "responsible"}


def test_rule_generic_partners(plans):
    assert task_at(plans, "quang-ngai/2025", "IV.5.a").item.text.startswith("Phối hợp với các cơ quan, tổ chức, địa phương")
    assert roles(plans, "quang-ngai/2025", "IV.5.a") == {
        "so-y-te": "coordinating", "cac-so-nganh": "coordinating", "ubnd-huyen": "coordinating"}
    # bodies a task guides, urges or asks are not partners
    t = task_at(plans, "dak-nong/2021-2030", "IV.1.p6")
    assert "hướng dẫn, đôn đốc, đề nghị các đơn vị liên quan và các địa phương" in t.item.text
    assert roles(plans, "dak-nong/2021-2030", "IV.1.p6") == {"so-ldtbxh": "responsible"}
    # "phối hợp liên ngành" names no partner
    assert "phối hợp liên ngành" in task_at(plans, "ninh-thuan/2021", "IV.15.a").item.text
    assert set(roles(plans, "ninh-thuan/2021", "IV.15.a")) == {"cac-so-nganh", "doan-the", "ubnd-huyen"}


def test_rule_catch_all_is_responsible(plans):
    for key, ref, aid in (("cao-bang/2022", "III.11.p1", "cac-so-nganh"), ("dak-nong/2021-2030", "IV.11.p1", "cac-so-nganh"),
                          ("gia-lai/2020", "V.16.p1", "cac-so-nganh")):
        assert roles(plans, key, ref) == {aid: "responsible"}, (key, ref)
    assert "Chịu trách nhiệm lồng ghép" in task_at(plans, "cao-bang/2022", "III.11.p1").item.text


def test_rule_committee_headings_are_committee_tasks(plans):
    """A content-section heading naming the Committee's work: a task of ban-vstbpn, responsible, theme committee."""
    found = []
    for p in plans.values():
        for s in p.sections:
            for it in walk_items(s.items):
                if it.heading and re.search(r"hoạt động của Ban Vì sự tiến bộ", it.heading, re.I):
                    found.append((p.key, it.ref))
                    assert it.id, (p.key, it.ref)
                    assert {r.agency: r.role for r in it.roles} == {"ban-vstbpn": "responsible"}, (p.key, it.ref)
                    assert "committee" in it.themes, (p.key, it.ref)
    assert {("cao-bang/2022", "II.5"), ("gia-lai/2020", "III.6"), ("quang-ngai/2025", "II.3")} <= set(found)


def test_rule_committee_theme(plans):
    cue = re.compile(r"kiện toàn Ban Vì sự tiến bộ|tham mưu (?:cho )?Ban Vì sự tiến bộ|hoạt động của Ban Vì sự tiến bộ", re.I)
    hits = [(p.key, t.item.ref) for p, t in all_tasks(plans) if cue.search(t.item.full_text)]
    assert ("gia-lai/2020", "V.1.p3") in hits and ("cao-bang/2022", "III.1.p7") in hits
    for p, t in all_tasks(plans):
        if cue.search(t.item.full_text):
            assert "committee" in t.item.themes, (p.key, t.item.ref)
    # the Committee advised or reported to gets no role
    assert "ban-vstbpn" not in roles(plans, "cao-bang/2022", "III.1.p7")
    assert "ban-vstbpn" not in roles(plans, "cao-bang/2022", "III.4.p3")


def test_rule_committee_standing_body_only_where_the_text_names_it(plans):
    phrase = re.compile(r"cơ quan thường trực Ban (?:VSTBPN|Vì sự tiến bộ)", re.I)
    for p in plans.values():
        named = [x for x in plain_paragraphs(p) if phrase.search(x)]
        holder = p.key_role("committee_standing_body")
        if not named:
            assert holder is None, p.key
            continue
        assert holder is not None, p.key
        where = {"closing": p.closing, "preamble": p.preamble}.get(holder.where)
        assert where is not None and any(phrase.search(x) for x in where), p.key
    assert plans["cao-bang/2022"].key_role("committee_standing_body").agency == "so-ldtbxh"
    assert plans["gia-lai/2020"].key_role("committee_standing_body").agency == "so-ldtbxh"
    for key in ("dak-nong/2021-2030", "ninh-thuan/2021", "quang-ngai/2025"):
        assert plans[key].key_role("committee_standing_body") is None


# ---------------------------------------------------------------------------------------------
# Mechanical checks over every task of every plan

def test_every_task_opening_chu_tri_gives_its_block_agency_lead(plans):
    n = 0
    for p, t in all_tasks(plans):
        if t.block and re.match(r"(?:Tiếp tục )?chủ trì", t.item.text or "", re.I):
            n += 1
            r = {x.agency: x.role for x in t.item.roles}
            assert all(r.get(a) == "lead" for a in t.block.agencies), (p.key, t.item.ref)
    assert n >= 15


def test_every_block_agency_is_coded_in_each_of_its_tasks(plans):
    for p, t in all_tasks(plans):
        if t.block:
            assert set(t.block.agencies) <= {x.agency for x in t.item.roles}, (p.key, t.item.ref)


def test_every_lead_has_its_cue(plans):
    """Lead only with chủ trì / chịu trách nhiệm chính / cơ quan thường trực in the task or its block
    heading, or for a partner after "phối hợp với" that chairs the same work elsewhere in the plan."""
    leads_elsewhere = {}
    for p, t in all_tasks(plans):
        for x in t.item.roles:
            if x.role == "lead":
                leads_elsewhere.setdefault(p.key, set()).add((x.agency, t.item.ref))
    for p, t in all_tasks(plans):
        for x in t.item.roles:
            if x.role != "lead" or LEAD_CUE.search(words(t)):
                continue
            others = {ref for a, ref in leads_elsewhere[p.key] if a == x.agency and ref != t.item.ref}
            assert re.search(r"phối hợp với", t.item.full_text, re.I) and others, (p.key, t.item.ref, x.agency)


def test_a_partner_after_phoi_hop_voi_is_never_responsible(plans, reg):
    n = 0
    for p, t in all_tasks(plans):
        r = {x.agency: x.role for x in t.item.roles}
        for aid in named_after_phoi_hop_voi(reg, t.item.full_text):
            if t.block and aid in t.block.agencies:
                continue
            n += 1
            assert r.get(aid) in ("lead", "coordinating"), (p.key, t.item.ref, aid, r.get(aid))
    assert n >= 8


def test_a_generic_partner_is_recorded_as_coordinating_and_never_lead(plans):
    n = 0
    for p, t in all_tasks(plans):
        r = {x.agency: x.role for x in t.item.roles}
        assert not any(r.get(g) == "lead" for g in GENERIC), (p.key, t.item.ref)
        if GENERIC_PARTNER.search(t.item.full_text) and not (t.block and "cac-so-nganh" in t.block.agencies):
            n += 1
            assert r.get("cac-so-nganh") == "coordinating", (p.key, t.item.ref)
        for g in GENERIC:  # a generic body the task does not address can only be a partner
            if g in r and not (t.block and g in t.block.agencies) and t.block:
                assert r[g] == "coordinating", (p.key, t.item.ref, g)
    assert n >= 20


def test_bare_chiu_trach_nhiem_never_gives_lead(plans):
    for p, t in all_tasks(plans):
        text = words(t)
        if re.search(r"chịu trách nhiệm(?! chính)", text, re.I) and not re.search(r"chủ trì|chịu trách nhiệm chính", text, re.I):
            assert "lead" not in {x.role for x in t.item.roles}, (p.key, t.item.ref)


def test_mode_is_requested_exactly_for_de_nghi_blocks(plans):
    for p in plans.values():
        for b in p.blocks:
            assert (b.mode == "requested") == b.name.startswith("Đề nghị"), (p.key, b.ref)


# ---------------------------------------------------------------------------------------------
# The audit's findings

def test_audit_ninh_thuan_iv_1_c(plans):
    t = task_at(plans, "ninh-thuan/2021", "IV.1.c")
    assert t.id == "so-ldtbxh-c"
    assert roles(plans, "ninh-thuan/2021", "IV.1.c") == {
        "so-ldtbxh": "lead", "cac-so-nganh": "coordinating", "ubnd-huyen": "coordinating"}


def test_audit_ninh_thuan_partner_after_phoi_hop_voi(plans):
    r = roles(plans, "ninh-thuan/2021", "IV.1.d")
    assert task_at(plans, "ninh-thuan/2021", "IV.1.d").item.text.startswith("Phối hợp với Hội LHPN tỉnh")
    assert r["hoi-lhpn"] == "coordinating" and r["so-ldtbxh"] == "lead"
    assert roles(plans, "ninh-thuan/2021", "IV.12.b") == {"hoi-lhpn": "coordinating", "cac-so-nganh": "coordinating"}


def test_audit_cao_bang_iii_1_p7_union_leads_the_20_10_meeting(plans):
    assert roles(plans, "cao-bang/2022", "III.1.p7") == {"so-ldtbxh": "responsible", "hoi-lhpn": "lead"}


def test_audit_cao_bang_iii_11_p1_catch_all_not_lead(plans):
    assert roles(plans, "cao-bang/2022", "III.11.p1") == {"cac-so-nganh": "responsible"}


def test_audit_no_distribution_entry_keeps_its_dash():
    """The model strips the dash on load, so read the YAML files themselves."""
    n = 0
    for f in sorted((CONTENT / "plans").glob("*/*.yml")):
        docs = list(yaml.safe_load_all(f.read_text(encoding="utf-8")))
        body = docs[1] if len(docs) > 1 else {}
        lists = [(body.get("distribution") or {}).get("entries") or []]
        lists.append(((body.get("decision") or {}).get("distribution") or {}).get("entries") or [])
        for entries in lists:
            for e in entries:
                n += 1
                assert not e.startswith("- "), (f.name, e)
    assert n >= 40


def test_audit_agency_as_written_is_never_a_section_heading(corpus, plans):
    with open(ROOT / "site_config.yml", encoding="utf-8") as fh:
        config = yaml.safe_load(fh)
    i = ASSIGNMENT_COLUMNS.index("agency_as_written")
    rows = assignment_rows(corpus[0], corpus[1], config)
    headings = {p.key: {s.heading for s in p.sections} for p in plans.values()}
    assert rows
    for r in rows:
        assert r[i] not in headings[r[0]] and r[i] != "NỘI DUNG:", r[:8]
    # content-section tasks: the words that name the body
    for key, ref, written in (
            ("gia-lai/2020", "III.3.p1", "Các sở, ban, ngành, đoàn thể và UBND các huyện, thị xã, thành phố"),
            ("gia-lai/2020", "III.5.p1", "Ban Vì sự tiến bộ của phụ nữ các cấp"),
            ("cao-bang/2022", "II.6", "các Sở, Ban ngành, đoàn thể, UBND các huyện, thành phố"),
            ("cao-bang/2022", "II.5", "Hoạt động của Ban Vì sự tiến bộ của phụ nữ"),
            ("quang-ngai/2025", "V.1", "Các cơ quan, tổ chức (thành viên của Ban Vì sự tiến bộ của phụ nữ tỉnh) và UBND các huyện, thị xã, thành phố")):
        t = task_at(plans, key, ref)
        assert agency_as_written(t) == written, (key, ref)
        assert written in " ".join(x for x in (t.item.heading, t.item.text) if x)
    # block tasks: the block name as written
    t = task_at(plans, "ninh-thuan/2021", "IV.12.b")
    assert agency_as_written(t) == "Đề nghị Hội Liên hiệp Phụ nữ tỉnh:"


def test_audit_committee_headings_consistent(plans):
    for key, ref in (("cao-bang/2022", "II.5"), ("gia-lai/2020", "III.6"), ("quang-ngai/2025", "II.3")):
        t = task_at(plans, key, ref)
        assert t.block is None and "committee" in t.item.themes
        assert roles(plans, key, ref) == {"ban-vstbpn": "responsible"}


def test_audit_ninh_thuan_number_as_reported(plans):
    p = plans["ninh-thuan/2021"]
    assert (p.number, p.date) == ("1467/KH-UBND", "2021-03-30")
    assert p.number_source == {
        "kind": "reported",
        "note": "Not printed in our source; reported by the province's portal (ninhthuan.gov.vn, Sở Nội vụ news of "
                "31/03/2021, which quotes this plan's purposes).",
        "url": None}
    assert any("2661/KH-UBND" in n and "different document" in n for n in p.notes)
    assert not any("neither is confirmed" in n for n in p.notes)


# ---------------------------------------------------------------------------------------------
# The codebook text itself

def codebook_section():
    text = (ROOT / "schema" / "README.md").read_text(encoding="utf-8")
    start = text.index("### Role codebook")
    end = text.index("\n### ", start + 1)
    return text[start:end]


def test_codebook_cites_real_places(plans):
    section = codebook_section()
    assert unicodedata.is_normalized("NFC", section)
    cites = re.findall(r"`([a-z-]+/\d{4}(?:-\d{4})?) ([^`]+)`", section)
    assert len(cites) >= 20
    for key, ref in cites:
        p = plans[key]
        places = {"preamble", "closing"} | {s.number for s in p.sections} | {b.ref for b in p.blocks}
        places |= {it.ref for s in p.sections for it in walk_items(s.items)}
        places |= {it.ref for b in p.blocks for it in walk_items(b.tasks)}
        assert ref in places, (key, ref)
    # the role names and one-line definitions are there
    for role in ("`lead`", "`responsible`", "`coordinating`", "`directed`", "`requested`"):
        assert role in section


def test_revisions_log_entries_name_real_places(plans):
    doc = yaml.safe_load((CONTENT / "revisions.yml").read_text(encoding="utf-8"))
    revs = doc["revisions"]
    assert revs and all(unicodedata.is_normalized("NFC", v) for r in revs for v in r.values() if isinstance(v, str))
    assert [r["date"] for r in revs] == sorted((r["date"] for r in revs), reverse=True)
    for r in revs:
        assert set(r) == {"date", "plan", "where", "change_en", "change_vi", "why_en", "why_vi"}
        if r["plan"] is None:
            continue
        p = plans[r["plan"]]
        refs = {t.item.ref for t in p.tasks}
        assert all(w in refs for w in r["where"]), (r["plan"], r["where"])
    assert any(r["plan"] == "ninh-thuan/2021" and "1467/KH-UBND" in r["change_en"] for r in revs)
