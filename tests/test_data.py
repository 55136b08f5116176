"""The data twins: CSV/JSON/Data Package/Atom agree with the YAML of every seed plan, are
byte-identical from run to run, and the data package validates with frictionless."""
import csv
import io
import json
import os
import subprocess
import xml.etree.ElementTree as ET
from collections import Counter
from urllib.parse import urlsplit

import pytest
import yaml

from generator.data import (ASSIGNMENT_COLUMNS, PLAN_TASK_COLUMNS, Download, content_language, data_files, data_index,
                            datapackage, entry_summary, git_updated, plan_json)
from generator.analysis.matrix import sort_plans
from generator.i18n import Language, load_labels

from conftest import CONTENT, ROOT
from test_matrix import SEEDS, mini_plan, task, yaml_expectations, yaml_tasks

HEADER = ["plan", "province", "year_from", "year_to", "agency", "agency_name", "agency_as_written", "role", "mode",
          "task", "themes", "indicators", "section", "text", "url"]
# A plan's own assignments.csv: one row per task (its text once), its agencies by role in columns
PLAN_HEADER = ["plan", "task", "section", "block", "agency_as_written", "mode", "lead", "responsible", "coordinating",
               "roles", "themes", "indicators", "text", "url"]
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def config():
    with open(ROOT / "site_config.yml", encoding="utf-8") as f:
        return yaml.safe_load(f)


def languages_of(reg, config):
    """language code -> Language over `reg`, the default first (what the build gives data.py)."""
    labels, errors = load_labels()
    assert not errors
    return {c: Language(c, config["languages"], labels, reg, config) for c in config["languages"]}


@pytest.fixture(scope="module")
def languages(corpus, config):
    return languages_of(corpus[1], config)


@pytest.fixture(scope="module")
def files(corpus, config, languages):
    plans, reg = corpus
    return data_files(plans, reg, config, languages, updated={})


def read_csv(data: bytes):
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))


def write(files, root):
    for rel, data in files.items():
        f = root / rel
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_bytes(data)


def yaml_plans():
    out = {}
    for path in sorted((CONTENT / "plans").glob("*/*.yml")):
        front, body = yaml.safe_load_all(path.read_text(encoding="utf-8"))
        out[f"{front['province']}/{front['plan_id']}"] = (front, body)
    return out


# ---------------------------------------------------------------------------------------------

def test_file_list(corpus, files):
    plans, _ = corpus
    expected = {"data/assignments.csv", "data/assignments.xlsx", "data/matrix.csv", "data/plans.json", "data/agencies.json", "data/themes.json",
                "data/datapackage.json", "feed.atom", "data/provinces.json", "data/provinces.csv"}
    for p in plans:
        expected |= {f"provinces/{p.key}/plan.json", f"provinces/{p.key}/assignments.csv",
                     f"provinces/{p.province}/feed.atom"}
    assert set(files) == expected
    assert set(SEEDS) <= {p.key for p in plans}


def test_encoding_and_line_endings(files):
    for rel, data in files.items():
        assert isinstance(data, bytes)
        if rel.endswith(".xlsx"):
            assert data.startswith(b"PK")  # a zip (tests/test_data_xlsx.py opens it)
            continue
        assert not data.startswith(b"\xef\xbb\xbf"), rel
        assert b"\r" not in data, rel
        assert data.endswith(b"\n"), rel
        data.decode("utf-8")
        if rel.endswith(".json"):
            json.loads(data)
        if rel.endswith(".atom"):
            ET.fromstring(data)


def test_byte_identical_across_runs(corpus, config, languages, files):
    plans, reg = corpus
    again = data_files(list(reversed(plans)), reg, config, languages, updated={})
    assert again == files
    assert list(again) == list(files)
    with_git = data_files(plans, reg, config, languages, content=CONTENT)
    assert with_git == data_files(plans, reg, config, languages, content=CONTENT)
    # git dates touch the feeds only
    assert {k for k in files if files[k] != with_git[k]} <= {k for k in files if k.endswith(".atom")}


def test_assignments_header(corpus, files):
    plans, _ = corpus
    assert list(ASSIGNMENT_COLUMNS) == HEADER
    header = files["data/assignments.csv"].decode("utf-8").split("\n", 1)[0].split(",")
    assert header[:len(HEADER)] == HEADER
    assert list(PLAN_TASK_COLUMNS) == PLAN_HEADER
    for rel in [f"provinces/{p.key}/assignments.csv" for p in plans]:
        assert files[rel].decode("utf-8").split("\n", 1)[0].split(",") == PLAN_HEADER, rel


def test_assignments_agree_with_yaml(corpus, files):
    plans, reg = corpus
    rows = read_csv(files["data/assignments.csv"])
    raw = yaml_plans()
    cells, themes = yaml_expectations()
    for key, (front, body) in raw.items():
        _, tasks = yaml_tasks(CONTENT / "plans" / f"{key}.yml")
        mine = [r for r in rows if r["plan"] == key]
        # one row per (task, agency)
        want = Counter((tid, agency, role, mode) for tid, mode, t in tasks for agency, role in t["roles"].items())
        got = Counter((r["task"], r["agency"], r["role"], r["mode"]) for r in mine)
        assert got == want, key
        # per agency
        per_agency = Counter(r["agency"] for r in mine)
        assert per_agency == Counter({a: e["tasks"] for a, e in cells[key].items()}), key
        # per theme (distinct tasks)
        task_themes = {r["task"]: r["themes"].split(";") for r in mine}
        got_themes = Counter(t for ts in task_themes.values() for t in set(ts) if t)
        assert got_themes == Counter(themes[key]), key
        for tid, mode, t in tasks:
            r = next(r for r in mine if r["task"] == tid)
            assert r["themes"] == ";".join(t["themes"])
            assert r["indicators"] == ";".join(t.get("indicators") or [])
            assert r["section"] == t["ref"]
            parts = [p for p in (t.get("heading"), t.get("text")) if p]
            parts += [" ".join(x for x in (s.get("label"), s.get("heading"), s.get("text")) if x) for s in t.get("items") or []]
            assert r["text"] == " ".join(parts)
        for r in mine:
            assert (r["province"], int(r["year_from"]), int(r["year_to"])) == (
                front["province"], front["period"]["from"], front["period"]["to"])
            assert r["agency_name"] == reg.agencies[r["agency"]]["vi"]
            assert r["role"] in ("lead", "responsible", "coordinating") and r["mode"] in ("directed", "requested")
        # agency_as_written: the block name; for a content-section task, words of its item (never the section heading)
        written = {}
        for s in body["sections"]:
            for b in s.get("blocks") or []:
                for t in b["tasks"]:
                    written[t["id"]] = b["name"]
        for r in mine:
            if r["task"] in written:
                assert r["agency_as_written"] == written[r["task"]]
            else:
                assert r["agency_as_written"] not in {s["heading"] for s in body["sections"]}
                assert r["agency_as_written"] in r["text"]
        # the plan's own file: one row per task, in plan order; its `roles` unfold into exactly this plan's rows
        own = read_csv(files[f"provinces/{key}/assignments.csv"])
        assert [r["task"] for r in own] == [tid for tid, _, _ in tasks], key
        unfolded = [{**{k: r[k] for k in PLAN_HEADER if k in HEADER}, "block": r["block"], "agency": agency,
                     "role": role} for r in own for agency, role in (x.split(":") for x in r["roles"].split(";") if x)]
        assert unfolded == [{**{k: r[k] for k in PLAN_HEADER if k in HEADER}, "block": r["block"], "agency": r["agency"],
                             "role": r["role"]} for r in mine], key
        for r in own:
            by_role = {role: [reg.agencies[a]["vi"] for a, x in (y.split(":") for y in r["roles"].split(";") if y)
                              if x == role] for role in ("lead", "responsible", "coordinating")}
            assert {role: r[role].split(";") if r[role] else [] for role in by_role} == by_role


def test_urls_resolve_to_task_ids(corpus, config, files):
    plans, _ = corpus
    ids = {key: {tid for tid, _, _ in yaml_tasks(CONTENT / "plans" / f"{key}.yml")[1]} for key in yaml_plans()}
    plan_json_ids = {p.key: {t["id"] for t in json.loads(files[f"provinces/{p.key}/plan.json"])["tasks"]} for p in plans}
    rows = read_csv(files["data/assignments.csv"])
    assert rows
    for r in rows:
        u = urlsplit(r["url"])
        assert r["url"].startswith(config["base_url"])
        path = u.path.removeprefix(urlsplit(config["base_url"]).path)
        assert path == f"provinces/{r['plan']}/"
        assert u.fragment == r["task"]
        assert u.fragment in ids[r["plan"]]
        assert u.fragment in plan_json_ids[r["plan"]]


def test_matrix_csv_agrees_with_yaml(files):
    cells, _ = yaml_expectations()
    rows = read_csv(files["data/matrix.csv"])
    assert list(rows[0])[:10] == ["plan", "province", "year_from", "year_to", "agency", "agency_name", "role", "mode",
                                   "tasks", "themes"]
    got = {(r["plan"], r["agency"]): r for r in rows}
    assert len(got) == len(rows)
    assert set(got) == {(k, a) for k, per in cells.items() for a in per}
    for (key, agency), r in got.items():
        e = cells[key][agency]
        assert (r["role"], r["mode"], int(r["tasks"])) == (e["role"], e["mode"], e["tasks"])
        assert dict((t, int(n)) for t, n in (x.split(":") for x in r["themes"].split(";"))) == e["themes"]
        assert r["task_ids"].split(";") == e["ids"]


def test_plans_json(corpus, files):
    plans, reg = corpus
    data = json.loads(files["data/plans.json"])["plans"]
    assert [p["key"] for p in data] == [p.key for p in sort_plans(plans, reg)]
    raw = yaml_plans()
    for p in data:
        front, _ = raw[p["key"]]
        _, tasks = yaml_tasks(CONTENT / "plans" / f"{p['key']}.yml")
        assert p["counts"]["tasks"] == len(tasks)
        assert p["counts"]["assignments"] == sum(len(t["roles"]) for _, _, t in tasks)
        assert p["lead_agency"]["id"] == front["lead_agency"]
        assert p["title"] == front["title"]
        for name, kr in (front.get("key_roles") or {}).items():
            assert (p["key_roles"][name] or {}).get("agency") == (kr or {}).get("agency")


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def test_plan_files_hold_each_text_once(corpus, files):
    """A task's words are in plan.json once (the tree names the task by id) and in the plan's CSV once."""
    plans, _ = corpus
    for p in plans:
        pj = json.loads(files[f"provinces/{p.key}/plan.json"])
        have = Counter(_strings(pj))
        raw = Counter(s for t in p.tasks for s in _strings([t.item.label, t.item.heading, t.item.text]) if s)
        body = Counter(_strings(yaml_plans()[p.key][1]))
        for text in raw:
            assert have[text] == body[text], (p.key, text[:60], have[text], body[text])
        for t in p.tasks:
            if t.item.full_text != t.item.text:
                assert have[t.item.full_text] == body[t.item.full_text], (p.key, t.id)  # no joined copy
        # the tree: blocks list their tasks by id, items stand as {"task": id}
        tree_ids = [tid for s in pj["sections"] for b in s["blocks"] for tid in b["tasks"]]
        tree_ids += [x["task"] for s in pj["sections"] for x in _tree_items(s["items"]) if "task" in x]
        assert sorted(tree_ids) == sorted(t["id"] for t in pj["tasks"]), p.key
        rows = read_csv(files[f"provinces/{p.key}/assignments.csv"])
        texts = Counter(r["text"] for r in rows)
        assert texts == Counter(t.item.full_text for t in p.tasks), p.key
        assert len(rows) == len(p.tasks)


def _tree_items(items):
    for x in items:
        yield x
        yield from _tree_items(x.get("items") or [])


def test_plan_json_has_every_text(files):
    for key, (front, body) in yaml_plans().items():
        pj = json.loads(files[f"provinces/{key}/plan.json"])
        have = set(_strings(pj))
        # the model drops the list dash that every source prints before a "Nơi nhận" entry
        have |= {"- " + e for e in pj["distribution"]["entries"]}
        missing = [s for s in _strings(body) if s not in have]
        assert not missing, (key, missing[:5])
        assert pj["title"] == front["title"]
        assert [t["id"] for t in pj["tasks"]] == [tid for tid, _, _ in yaml_tasks(CONTENT / "plans" / f"{key}.yml")[1]]


def test_agencies_and_themes_json(corpus, files):
    plans, reg = corpus
    ag = json.loads(files["data/agencies.json"])
    assert {a["id"] for a in ag["agencies"]} == set(reg.agencies)
    assert {a["id"] for a in ag["legal_acts"]} == set(reg.legal_acts)
    by_id = {a["id"]: a for a in ag["agencies"]}
    assert by_id["so-ldtbxh"]["lineage_root"] == "so-noi-vu"
    assert "so-ldtbxh" in [p["agency"] for p in by_id["so-noi-vu"]["predecessors"]]
    cells, themes = yaml_expectations()
    for aid, a in by_id.items():
        assert {p["plan"]: p["tasks"] for p in a["plans"]} == {k: per[aid]["tasks"] for k, per in cells.items() if aid in per}
    th = json.loads(files["data/themes.json"])
    assert [t["id"] for t in th["themes"]] == list(reg.themes)
    for t in th["themes"]:
        assert t["tasks"] == {k: themes[k].get(t["id"], 0) for k in th["plans"]}


def test_datapackage_validates(files, tmp_path, config, corpus):
    from frictionless import Package, validate
    write(files, tmp_path)
    descriptor = tmp_path / "data" / "datapackage.json"
    report = validate(str(descriptor))
    assert report.valid, report.flatten(["type", "message"])
    package = Package(str(descriptor))
    names = {r.name for r in package.resources}
    assert names == {"assignments", "matrix", "plans", "agencies", "themes", "provinces", "provinces-csv"}
    paths = {"data/" + r.path for r in package.resources}
    # every data file but the descriptor and the xlsx (the CSV's rows for people, described in its own sheet)
    assert paths == {p for p in files if p.startswith("data/") and p not in ("data/datapackage.json", "data/assignments.xlsx")}
    dp = json.loads(files["data/datapackage.json"])
    assert dp["created"].startswith(config["data_date"])
    assert dp["licenses"][0]["path"] == config["licence"]["url"]
    plans, _ = corpus
    assert len(dp["sources"]) == len(plans)
    for r in dp["resources"]:
        assert {"name", "path", "format", "mediatype", "encoding"} <= set(r)
        if r["format"] == "csv":
            assert [f["name"] for f in r["schema"]["fields"]][:len(HEADER)] == HEADER or r["name"] in ("matrix", "provinces-csv")
            header = files["data/" + r["path"]].decode("utf-8").split("\n", 1)[0].split(",")
            assert [f["name"] for f in r["schema"]["fields"]] == header


def test_feeds(corpus, config, languages, files):
    plans, reg = corpus
    root = ET.fromstring(files["feed.atom"])
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == len(plans)
    fallback = config["data_date"] + "T00:00:00Z"
    for e in entries:
        assert e.find(f"{ATOM}updated").text == fallback
        link = e.find(f"{ATOM}link").get("href")
        assert e.find(f"{ATOM}id").text == link
        summary = e.find(f"{ATOM}summary").text
        key = urlsplit(link).path.removeprefix(urlsplit(config["base_url"]).path).removeprefix("provinces/").strip("/")
        plan = next(p for p in plans if p.key == key)
        if plan.partial:  # no lead agency or task count: the summary says the text is partial instead
            assert "Văn bản chưa đầy đủ" in summary and plan.text_missing["vi"] in summary
        else:
            assert reg.agencies[plan.lead_agency]["vi"] in summary and f"{len(plan.tasks)} nhiệm vụ" in summary
        assert summary == entry_summary(plan, content_language(languages))
        title = e.find(f"{ATOM}title").text
        assert plan.plan_id in title and plan.title in title
    for p in plans:
        feed = ET.fromstring(files[f"provinces/{p.province}/feed.atom"])
        keys = [e.find(f"{ATOM}id").text for e in feed.findall(f"{ATOM}entry")]
        assert keys and all(f"/provinces/{p.province}/" in k for k in keys)


def test_feed_newest_first(corpus, config, languages):
    plans, reg = corpus
    ordered = sort_plans(plans, reg)
    updated = {p.key: f"2026-0{1 + i}-01T00:00:00+07:00" for i, p in enumerate(ordered)}
    files = data_files(plans, reg, config, languages, updated=updated)
    root = ET.fromstring(files["feed.atom"])
    got = [e.find(f"{ATOM}updated").text for e in root.findall(f"{ATOM}entry")]
    assert got == sorted(updated.values(), reverse=True)
    assert root.find(f"{ATOM}updated").text == max(updated.values())


def test_git_dates(tmp_path, registry, config):
    content = tmp_path / "content"
    a = mini_plan("gia-lai", "2020", 2020, 2020, [
        {"id": "b", "label": "1.", "name": "Sở Tư pháp", "agencies": ["so-tu-phap"], "mode": "directed",
         "tasks": [task("b-p1", "IV.1.p1", {"so-tu-phap": "lead"}, ["legal-aid"])]}])
    b = mini_plan("cao-bang", "2021", 2021, 2021, [
        {"id": "b", "label": "1.", "name": "Sở Tư pháp", "agencies": ["so-tu-phap"], "mode": "directed",
         "tasks": [task("b-p1", "IV.1.p1", {"so-tu-phap": "lead"}, ["legal-aid"])]}])
    # not a git checkout: no dates, the feed falls back to data_date
    (content / "plans/gia-lai").mkdir(parents=True)
    (content / "plans/gia-lai/2020.yml").write_text("x\n")
    assert git_updated(content, [a, b]) == {}
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_COMMITTER_DATE": "2024-05-06T07:08:09+07:00",
           "GIT_AUTHOR_DATE": "2024-05-06T07:08:09+07:00", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    run = lambda *args: subprocess.run(["git", "-C", str(tmp_path), *args], check=True, capture_output=True, env=env)
    run("init", "-q")
    run("add", "content/plans/gia-lai/2020.yml")
    run("commit", "-q", "-m", "plan")
    assert git_updated(content, [a, b]) == {"gia-lai/2020": "2024-05-06T07:08:09+07:00"}
    files = data_files([a, b], registry, config, languages_of(registry, config), content=content)
    root = ET.fromstring(files["feed.atom"])
    got = [(e.find(f"{ATOM}id").text.split("/provinces/")[1], e.find(f"{ATOM}updated").text) for e in root.findall(f"{ATOM}entry")]
    assert got == [("cao-bang/2021/", config["data_date"] + "T00:00:00Z"), ("gia-lai/2020/", "2024-05-06T07:08:09+07:00")]


def test_data_index(corpus, config, languages, files):
    plans, reg = corpus
    index = data_index(plans, reg, config, languages, updated={}, files=files)
    assert index == data_index(plans, reg, config, languages, updated={})
    assert all(isinstance(d, Download) for d in index)
    assert {d.path for d in index} == set(files)
    for d in index:
        assert d.size == len(files[d.path])
        assert d.url == config["base_url"] + d.path
        assert d.licence == config["licence"]["name"] and d.format in ("CSV", "JSON", "Atom", "XLSX")
        for lang in languages.values():
            assert d.title(lang) and d.description(lang), (d.path, lang.code)
            assert d.url in d.citation(lang) and lang.date(config["data_date"]) in d.citation(lang)  # the language's date style
            assert d.title(lang) in d.citation(lang)
    assert [d.path for d in index[:2]] == ["data/assignments.csv", "data/assignments.xlsx"]


def test_downloads_are_language_free(corpus, config, languages, files):
    """A Download holds label keys and ids: its words come from the labels, names from the registry."""
    plans, reg = corpus
    index = data_index(plans, reg, config, languages, files=files)
    words = {f.name for f in dataclasses.fields(Download)}
    assert not any(name.endswith(tuple(f"_{c}" for c in languages)) for name in words)
    for d in index:
        for lang in languages.values():
            if d.plan:
                plan = next(p for p in plans if p.key == d.plan)
                assert f"{lang.province_name(plan.province)} {plan.plan_id}" in d.title(lang)
            elif d.province:
                assert lang.province_name(d.province) in d.title(lang)
                assert lang.province_name(d.province) in d.description(lang)
    # a language without labels of its own speaks the default language's words
    cfg = {**config, "languages": [*config["languages"], "xx"]}
    xx = languages_of(reg, cfg)
    default = xx[cfg["languages"][0]]
    for d in index:
        assert d.title(xx["xx"]) == d.title(default) and d.description(xx["xx"]) == d.description(default)


def test_small_plans_content_section_task(registry, config):
    p = mini_plan("gia-lai", "2020", 2020, 2020, [
        {"id": "so-ldtbxh", "label": "1.", "name": "Sở Lao động - Thương binh và Xã hội", "agencies": ["so-ldtbxh"],
         "mode": "requested", "tasks": [task("so-ldtbxh-a", "IV.1.a", {"so-ldtbxh": "lead", "so-y-te": "coordinating"},
                                             ["coordination"], "a)", text="Chủ trì, \"hướng dẫn\", kiểm tra.")]}],
        items=[{"label": "1.", "heading": "Truyền thông", "text": "Sở LĐTBXH chủ trì ...", "id": "ii-1", "ref": "II.1",
                "roles": {"cong-an": "coordinating"}, "themes": ["communication", "trafficking"],
                "items": [{"label": "-", "text": "Tờ rơi"}]}])
    files = data_files([p], registry, config, languages_of(registry, config), updated={})
    rows = read_csv(files["data/assignments.csv"])
    assert [(r["task"], r["agency"], r["role"], r["mode"], r["agency_as_written"]) for r in rows] == [
        ("ii-1", "cong-an", "coordinating", "directed", "Sở LĐTBXH"),  # the subject of its text
        ("so-ldtbxh-a", "so-ldtbxh", "lead", "requested", "Sở Lao động - Thương binh và Xã hội"),
        ("so-ldtbxh-a", "so-y-te", "coordinating", "requested", "Sở Lao động - Thương binh và Xã hội"),
    ]
    assert rows[0]["text"] == "Truyền thông Sở LĐTBXH chủ trì ... - Tờ rơi"
    assert rows[0]["themes"] == "communication;trafficking" and rows[0]["section"] == "II.1"
    assert rows[1]["text"] == "Chủ trì, \"hướng dẫn\", kiểm tra."
    assert rows[1]["url"] == config["base_url"] + "provinces/gia-lai/2020/#so-ldtbxh-a"
    pj = plan_json(p, registry, config)
    assert [t["id"] for t in pj["tasks"]] == ["ii-1", "so-ldtbxh-a"] and pj["tasks"][1]["mode"] == "requested"
    assert pj["sections"][0]["items"] == [{"task": "ii-1"}]
    assert pj["tasks"][0]["heading"] == "Truyền thông" and pj["tasks"][0]["items"][0]["text"] == "Tờ rơi"
    own = read_csv(files["provinces/gia-lai/2020/assignments.csv"])
    assert [(r["task"], r["lead"], r["coordinating"], r["roles"], r["agency_as_written"], r["mode"]) for r in own] == [
        ("ii-1", "", registry.agencies["cong-an"]["vi"], "cong-an:coordinating", "Sở LĐTBXH", "directed"),
        ("so-ldtbxh-a", registry.agencies["so-ldtbxh"]["vi"], registry.agencies["so-y-te"]["vi"],
         "so-ldtbxh:lead;so-y-te:coordinating", "Sở Lao động - Thương binh và Xã hội", "requested")]
    assert [r["text"] for r in own] == [rows[0]["text"], rows[1]["text"]]


# ---------------------------------------------------------------------------------------------
# Security: well-formed Atom whatever the text (templates/feed.atom.xml), and no spreadsheet formulas in CSV

import dataclasses
import xml.dom.minidom
from types import MappingProxyType

from generator.spreadsheet import spreadsheet_safe

FEED_ORDER = [f"{ATOM}{t}" for t in ("title", "subtitle", "link", "link", "id", "updated", "author", "rights")]
ENTRY_ORDER = [f"{ATOM}{t}" for t in ("title", "link", "link", "id", "published", "updated", "category", "summary")]
HOSTILE_PROVINCE = "Quảng \"Ngãi\" <b>&amp;</b> '"
HOSTILE_TITLE = "]]> <script>alert('x')</script> & \"quoted\" <![CDATA[ x"


def test_every_real_feed_parses_with_the_same_elements(corpus, config, languages, files):
    plans, reg = corpus
    with_git = data_files(plans, reg, config, languages, content=CONTENT)
    feeds = [(rel, data) for fs in (files, with_git) for rel, data in fs.items() if rel.endswith(".atom")]
    assert len(feeds) == 2 * (1 + len({p.province for p in plans}))
    for rel, data in feeds:
        xml.dom.minidom.parseString(data)  # a second, independent parser
        root = ET.fromstring(data)
        assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "vi"
        entries = root.findall(f"{ATOM}entry")
        assert [e.tag for e in root if e.tag != f"{ATOM}entry"] == FEED_ORDER, rel
        assert [(l.get("rel"), l.get("type")) for l in root.findall(f"{ATOM}link")] == [
            ("self", "application/atom+xml"), ("alternate", "text/html")]
        assert root.find(f"{ATOM}id").text == config["base_url"] + rel
        assert [(c.tag, c.text) for c in root.find(f"{ATOM}author")] == [(f"{ATOM}name", "plansite"),
                                                                          (f"{ATOM}uri", config["repo_url"])]
        assert root.find(f"{ATOM}rights").text == config["licence"]["text"]["vi"]
        assert root.find(f"{ATOM}subtitle").text == config["tagline"]["vi"]
        assert entries, rel
        for e in entries:
            key = e.find(f"{ATOM}id").text.split("/provinces/")[1].strip("/")
            plan = next(p for p in plans if p.key == key)
            # <published> only when the plan has a document date
            assert [c.tag for c in e] == [t for t in ENTRY_ORDER if plan.date or t != f"{ATOM}published"], rel
            if plan.date:
                assert e.find(f"{ATOM}published").text == f"{plan.date}T00:00:00+07:00"
            assert e.find(f"{ATOM}category").attrib == {"term": plan.province,
                                                        "label": reg.provinces[plan.province]["vi"]}


def _hostile(registry, config):
    """A registry whose gia-lai is named HOSTILE_PROVINCE, a plan titled HOSTILE_TITLE, and a config
    whose tagline and licence carry tab/newline and characters XML 1.0 forbids."""
    provinces = dict(registry.provinces)
    provinces["gia-lai"] = {**provinces["gia-lai"], "vi": HOSTILE_PROVINCE}
    reg = dataclasses.replace(registry, provinces=MappingProxyType(provinces))
    p = mini_plan("gia-lai", "2020", 2020, 2020, [
        {"id": "b", "label": "1.", "name": "Sở Tư pháp", "agencies": ["so-tu-phap"], "mode": "directed",
         "tasks": [task("b-p1", "IV.1.p1", {"so-tu-phap": "lead"}, ["legal-aid"])]}])
    p = dataclasses.replace(p, title=HOSTILE_TITLE, issuing_body="A & B <C> \"D\" 'E'")
    # (the licence text reaches only the feed: a lone surrogate could not be written to the JSON files)
    cfg = {**config, "tagline": {"vi": "tab\there\nnewline & <x> \"q\" 'a'\x00\x01\x1f\ufffe\uffff."},
           "licence": {**config["licence"], "text": {"vi": "bell\x07 surrogate\ud800 CR\r end"}}}
    return p, reg, cfg


def test_feed_escapes_hostile_text(registry, config):
    p, reg, cfg = _hostile(registry, config)
    languages = languages_of(reg, cfg)
    files = data_files([p], reg, cfg, languages, updated={})
    for rel in ("feed.atom", "provinces/gia-lai/feed.atom"):
        data = files[rel]
        assert b"\r" not in data and b"<script>" not in data and b"<b>" not in data
        xml.dom.minidom.parseString(data)
        root = ET.fromstring(data)
        e = root.find(f"{ATOM}entry")
        assert e.find(f"{ATOM}category").get("label") == HOSTILE_PROVINCE
        assert e.find(f"{ATOM}title").text == f"{HOSTILE_PROVINCE} 2020: {HOSTILE_TITLE}"
        assert e.find(f"{ATOM}summary").text == entry_summary(p, content_language(languages))
        assert "A & B <C> \"D\" 'E'" in e.find(f"{ATOM}summary").text
        # forbidden characters are dropped; tab, newline and CR come back as written
        assert root.find(f"{ATOM}subtitle").text == "tab\there\nnewline & <x> \"q\" 'a'."
        assert root.find(f"{ATOM}rights").text == "bell surrogate CR\r end"
    assert ET.fromstring(files["provinces/gia-lai/feed.atom"]).find(f"{ATOM}title").text.endswith(": " + HOSTILE_PROVINCE)


def test_spreadsheet_safe():
    for s in ("=HYPERLINK(\"http://x\",\"y\")", "+1", "-1+2", "@SUM(A1)", "\t=1", "\r=1", "- Như trên"):
        assert spreadsheet_safe(s) == "'" + s
    for v in ("Sở Tư pháp", "a=b", " =1", "'=1", "", 3, -1, -2.5, None):
        assert spreadsheet_safe(v) == v


FORMULAS = ["=HYPERLINK(\"http://x\",\"y\")", "+1", "-1+2", "@SUM(A1)", "\t=1"]


def test_csv_neutralises_formulas(registry, config):
    agencies = dict(registry.agencies)
    agencies["so-tu-phap"] = {**agencies["so-tu-phap"], "vi": "=HYPERLINK(\"http://x\",\"y\")", "en": "@SUM(A1)"}
    reg = dataclasses.replace(registry, agencies=MappingProxyType(agencies))
    p = mini_plan("gia-lai", "2020", 2020, 2020, [
        {"id": "b", "label": "1.", "name": "-1+2", "agencies": ["so-tu-phap"], "mode": "directed", "tasks": [
            task(f"b-p{i}", f"IV.1.p{i}", {"so-tu-phap": "lead"}, ["legal-aid"], text=f) for i, f in enumerate(FORMULAS + ["Văn bản, \"thường\""])]}])
    files = data_files([p], reg, config, languages_of(reg, config), updated={})
    for rel in ("data/assignments.csv", "provinces/gia-lai/2020/assignments.csv"):
        data = files[rel]
        assert b"\n=" not in data and b",=" not in data and b",+" not in data and b",@" not in data
        rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
        assert all(len(r) == len(rows[0]) for r in rows)  # columns intact
        assert len(rows) == 1 + len(FORMULAS) + 1
        recs = [dict(zip(rows[0], r)) for r in rows[1:]]
        assert [r["text"] for r in recs] == ["'" + f for f in FORMULAS] + ["Văn bản, \"thường\""]
        for r in recs:
            assert r["agency_as_written"] == "'-1+2"
            assert r["url"] == config["base_url"] + f"provinces/gia-lai/2020/#{r['task']}"
            if rel.startswith("data/"):
                assert r["agency_name"] == "'=HYPERLINK(\"http://x\",\"y\")" and r["agency_name_en"] == "'@SUM(A1)"
                assert (r["agency"], r["role"], r["year_from"]) == ("so-tu-phap", "lead", "2020")
            else:  # the plan's own file: names by role
                assert r["lead"] == "'=HYPERLINK(\"http://x\",\"y\")" and r["roles"] == "so-tu-phap:lead"
    # the quote stays inside the CSV quoting of a quoted field
    assert b",\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"," in files["data/assignments.csv"]
    matrix = read_csv(files["data/matrix.csv"])
    assert [(m["agency_name"], m["tasks"], m["lead_tasks"]) for m in matrix] == [
        ("'=HYPERLINK(\"http://x\",\"y\")", str(len(FORMULAS) + 1), str(len(FORMULAS) + 1))]


def test_datapackage_states_the_quote_rule(files):
    dp = json.loads(files["data/datapackage.json"])
    for r in dp["resources"]:
        assert ("prepended so spreadsheets do not run them as formulas" in r["description"]) == (r["format"] == "csv")


# ---------------------------------------------------------------------------------------------
# Languages are settings: the data package's titles follow `languages`, the feeds the content language

def test_datapackage_titles_follow_the_languages(corpus, config, files):
    plans, reg = corpus
    dp = json.loads(files["data/datapackage.json"])
    order = config["languages"]
    assert dp["title"] == " / ".join(config["title"][c] for c in order)
    assert dp["description"].split("\n\n")[:len(order)] == [config["tagline"][c] for c in order]
    swapped = {**config, "languages": list(reversed(order)), "content_language": order[0]}
    langs = languages_of(reg, swapped)
    again = datapackage(files, plans, reg, swapped, langs)
    assert again["title"] == " / ".join(config["title"][c] for c in reversed(order))
    index = {d.path: d for d in data_index(plans, reg, config, languages_of(reg, config), files=files)}
    for before, after in zip(dp["resources"], again["resources"]):
        d = index["data/" + before["path"]]
        assert before["title"] == " / ".join(d.title(langs[c]) for c in order)
        assert after["title"] == " / ".join(d.title(langs[c]) for c in reversed(order))
        assert before["description"] == " ".join(d.description(langs[c]) for c in order)
        assert after["description"] == " ".join(d.description(langs[c]) for c in reversed(order))
        assert {k: v for k, v in after.items() if k not in ("title", "description")} == {
            k: v for k, v in before.items() if k not in ("title", "description")}
    # the feeds and everything but the descriptor and the xlsx (whose headings give every language, in
    # order) stay as they are when the default language changes
    swapped_files = data_files(plans, reg, swapped, langs, updated={})
    assert {k for k in files if files[k] != swapped_files[k]} == {"data/datapackage.json", "data/assignments.xlsx"}


def test_feeds_are_in_the_content_language(corpus, config, languages, files):
    source = content_language(languages)
    assert source.code == languages[config["languages"][0]].source
    root = ET.fromstring(files["feed.atom"])
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == source.code
    assert root.find(f"{ATOM}title").text == config["title"][source.code]


def test_the_data_package_describes_the_plan_files(corpus, files, tmp_path):
    """The per-plan files are outside data/ (no resources there): plansite:plan_files describes them, and
    every plan's assignments.csv validates against the schema given."""
    from frictionless import Resource, Schema, validate
    plans, _ = corpus
    dp = json.loads(files["data/datapackage.json"])
    described = {d["path"].rsplit("/", 1)[1]: d for d in dp["plansite:plan_files"]}
    assert set(described) == {"plan.json", "assignments.csv"}
    assert "plansite:plan_files" in dp["description"]
    fields = described["assignments.csv"]["schema"]["fields"]
    assert [f["name"] for f in fields] == PLAN_HEADER
    assert json.loads(files[f"provinces/{plans[0].key}/plan.json"])["format"] in described["plan.json"]["description"]
    write({k: v for k, v in files.items() if k.endswith("/assignments.csv") and not k.startswith("data/")}, tmp_path)
    for p in plans:
        resource = Resource(path=f"provinces/{p.key}/assignments.csv", basepath=str(tmp_path),
                            schema=Schema.from_descriptor(described["assignments.csv"]["schema"]))
        report = validate(resource)
        assert report.valid, (p.key, report.flatten(["type", "message"])[:3])
