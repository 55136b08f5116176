"""The data twins of the site: CSV, JSON, a Frictionless Data Package, Atom feeds, and an xlsx workbook.

`data_files(plans, reg, config, languages)` returns every file as exact bytes (site-root-relative
path -> bytes): deterministic (sorted rows, no timestamps other than config- or git-derived dates,
"\\n" line endings, UTF-8 without BOM; the workbook dated by data_date, see generator/spreadsheet.py).
`data_index` lists them for the /data/ page as `Download`s, which hold label keys and ids, not words:
a template asks them for their words in its language.

No language is named here. `languages` is language code -> `generator.i18n.Language` (the default
first); titles and descriptions come from the labels (templates/i18n.yml and templates/i18n/data.yml,
keys `download_*`; the assignments table's columns, `data_col_*`) and the settings. The feeds are
written in the language plans are written in (settings `content_language`, else the default) and
rendered by the Renderer from templates/feed.atom.xml. The names in the CSV and JSON files are a published
contract, whatever the site's languages: see `EN_FIELDS_LANGUAGE`.

The only I/O is `git_updated`, which asks git for the last commit date of each plan file; pass
`content=` (the content folder) to `data_files` / `data_index` to use it. Without it, or outside a
git checkout, or for a file git does not know yet, a plan's feed date is the config's data_date.
"""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import re
import subprocess
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping

from .analysis.matrix import (KIND_ORDER, ROLE_ORDER, ROLE_RANK, agency_sort_key, assignments, province_name,
                     responsibility_matrix, sort_plans)
from . import urls
from .cache import Cache
from .i18n import Language
from .model import Item, Plan, Task
from .render import Renderer
from .registry import MERGERS_DAY, MERGERS_EVE, Registry
from .spreadsheet import NOT_XML, Sheet, spreadsheet_safe, workbook_bytes
from .text import collation_key

ASSIGNMENT_COLUMNS = ("plan", "province", "year_from", "year_to", "agency", "agency_name", "agency_as_written",
                      "role", "mode", "task", "themes", "indicators", "section", "text", "url")
ASSIGNMENT_EXTRA_COLUMNS = ("agency_name_en", "agency_kind", "lineage_root", "block", "plan_kind")
MATRIX_COLUMNS = ("plan", "province", "year_from", "year_to", "agency", "agency_name", "role", "mode", "tasks", "themes")
MATRIX_EXTRA_COLUMNS = ("task_ids", "lead_tasks", "responsible_tasks", "coordinating_tasks", "requested_tasks",
                        "agency_kind", "lineage_root")
PLAN_JSON_FORMAT = "plansite/plan-json/2"  # 2: each text once (tasks hold their words, the tree names them by id)

# Published data contract: the CSV columns and JSON fields that carry registry names keep their names
# and contents whatever languages the site is shown in. The plain fields (agency_name, province_name,
# name, recipient_name) hold the registry's canonical name, the one plans are written in; the `*_en`
# fields (agency_name_en, province_name_en, name_en) hold the names in EN_FIELDS_LANGUAGE, the canonical
# one where the registry has none.
EN_FIELDS_LANGUAGE = "en"


# ---------------------------------------------------------------------------------------------
# URLs and small helpers

def base_url(config: Mapping) -> str:
    url = str(config.get("base_url") or "/")
    return url if url.endswith("/") else url + "/"


def plan_path(plan: Plan) -> str:
    """Site-relative folder of a plan's page: provinces/<province>/<plan-id>/."""
    return f"provinces/{plan.province}/{plan.plan_id}/"


def plan_url(plan: Plan, config: Mapping) -> str:
    return base_url(config) + plan_path(plan)


def task_url(plan: Plan, task: Task | str, config: Mapping) -> str:
    return f"{plan_url(plan, config)}#{task if isinstance(task, str) else task.id}"


def data_date_time(config: Mapping) -> str:
    """config data_date ("YYYY-MM-DD") as an RFC 3339 date-time at midnight UTC."""
    d = str(config.get("data_date") or "1970-01-01")
    return d if "T" in d else f"{d}T00:00:00Z"


def _agency(reg: Registry, aid: str) -> dict:
    return reg.agencies.get(aid) or {}


def _name(reg: Registry, aid: str | None, lang: str | None = None) -> str | None:
    """An agency's name for the data contract: canonical, or in `lang` (the canonical one where missing)."""
    if aid is None:
        return None
    return reg.agency_name(aid) if lang is None else reg.agency_name(aid, lang)


def _json(value) -> bytes:
    # Compact: the per-plan twins are what the in-browser comparison downloads.
    return (json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str) + "\n").encode("utf-8")


def _csv(header: Iterable[str], rows: Iterable[Iterable]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    w.writerow(list(header))
    for r in rows:
        # every text cell goes through the formula-injection guard (see generator/spreadsheet.py)
        w.writerow(["" if v is None else spreadsheet_safe(v) for v in r])
    return buf.getvalue().encode("utf-8")


def agency_as_written(task: Task) -> str:
    """How the plan writes the body the task is addressed to: the block name as written. A task inside a
    content section has no block: the words of its item that name the body, i.e. the subject of its text
    (the words before the predicate, after a leading "Căn cứ ...," clause: "Ban Vì sự tiến bộ của phụ nữ các
    cấp"), or, for an item whose text does not open with one, its heading ("Hoạt động của Ban Vì sự tiến bộ
    của phụ nữ"). Never the section heading."""
    if task.block:
        return task.block.name
    item = task.item
    text = re.sub(r"^Căn cứ [^,]*,\s*", "", item.text or "")
    verb = re.search(r"\s(?:chủ động|chủ trì|phối hợp|xây dựng|tổng hợp|thực hiện|triển khai|tham mưu|"
                     r"có trách nhiệm|chịu trách nhiệm)\b", text)
    subject = text[:verb.start()].strip(" ,:") if verb else ""
    return subject or item.heading or item.text or item.ref


# ---------------------------------------------------------------------------------------------
# Git dates (the one place with I/O)

def plan_file(content: Path, plan: Plan) -> Path:
    return Path(content) / "plans" / plan.province / f"{plan.plan_id}.yml"


def git_updated(content: Path, plans: Iterable[Plan]) -> dict[str, str]:
    """plan key -> committer date (ISO 8601) of the last commit touching the plan file, for the
    plans git knows. Empty outside a git checkout or without git."""
    content = Path(content)
    out = {}
    for plan in plans:
        f = plan_file(content, plan)
        try:
            res = subprocess.run(["git", "-C", str(content), "log", "-1", "--format=%cI", "--",
                                  str(f.relative_to(content))], capture_output=True, text=True, timeout=30)
        except (OSError, subprocess.SubprocessError):
            return {}
        if res.returncode != 0:
            return {}  # not a git checkout
        if res.stdout.strip():
            out[plan.key] = res.stdout.strip()
    return out


def _updated(plans: list[Plan], config: Mapping, content: Path | None, updated: Mapping[str, str] | None) -> dict[str, str]:
    if updated is None:
        updated = git_updated(content, plans) if content is not None else {}
    fallback = data_date_time(config)
    return {p.key: updated.get(p.key) or fallback for p in plans}


# ---------------------------------------------------------------------------------------------
# Rows

def assignment_rows(plans: Iterable[Plan], reg: Registry, config: Mapping) -> list[tuple]:
    """data/assignments.csv rows: one per (task, agency), plans in matrix-column order, tasks in
    plan order, agencies strongest role first. Columns: ASSIGNMENT_COLUMNS + ASSIGNMENT_EXTRA_COLUMNS."""
    plans = list(plans)
    by_key = {p.key: p for p in plans}
    rows = []
    for a in assignments(plans, reg):
        plan, task, ag = by_key[a.plan], a.task, _agency(reg, a.agency)
        rows.append((
            plan.key, plan.province, plan.year_from, plan.year_to, a.agency, _name(reg, a.agency),
            agency_as_written(task), a.role, a.mode, task.id, ";".join(task.item.themes),
            ";".join(task.item.indicators), task.item.ref, task.item.full_text, task_url(plan, task, config),
            _name(reg, a.agency, EN_FIELDS_LANGUAGE), ag.get("kind", ""), reg.lineage_root(a.agency) if ag else a.agency,
            task.block.id if task.block else "", plan.kind,
        ))
    return rows


def matrix_rows(plans: Iterable[Plan], reg: Registry) -> list[tuple]:
    """data/matrix.csv rows: one per non-empty agency × plan cell, plans in column order, then
    agencies in row order. `themes` is `theme:count;...` (tasks per theme)."""
    m = responsibility_matrix(plans, reg)
    col = {c.key: c for c in m.columns}
    col_pos = {c.key: i for i, c in enumerate(m.columns)}
    row_pos = {r.agency: i for i, r in enumerate(m.rows)}
    rows = []
    for c in sorted(m.cells, key=lambda c: (col_pos[c.plan], row_pos[c.agency])):
        p, a = col[c.plan], _agency(reg, c.agency)
        rows.append((
            c.plan, p.province, p.year_from, p.year_to, c.agency, _name(reg, c.agency), c.role, c.mode, c.tasks,
            ";".join(f"{t}:{n}" for t, n in c.themes),
            ";".join(c.task_ids), c.role_count("lead"), c.role_count("responsible"), c.role_count("coordinating"),
            c.requested_tasks, a.get("kind", ""), reg.lineage_root(c.agency) if a else c.agency,
        ))
    return rows


def plan_task_rows(plan: Plan, reg: Registry, config: Mapping) -> list[tuple]:
    """A plan's own assignments.csv: one row per task, in plan order, its text once and its agencies by
    role in columns (canonical names; `roles` gives the ids). Columns: PLAN_TASK_COLUMNS."""
    rows = []
    for task in plan.tasks:
        it = task.item
        roles = sorted(it.roles, key=lambda r: (-ROLE_RANK.get(r.role, 0), agency_sort_key(r.agency, reg)))
        names = {role: ";".join(_name(reg, r.agency) for r in roles if r.role == role) for role in ROLE_ORDER}
        rows.append((
            plan.key, task.id, it.ref, task.block.id if task.block else "", agency_as_written(task), task.mode,
            *(names[role] for role in ROLE_ORDER), ";".join(f"{r.agency}:{r.role}" for r in roles),
            ";".join(it.themes), ";".join(it.indicators), it.full_text, task_url(plan, task, config),
        ))
    return rows


# ---------------------------------------------------------------------------------------------
# JSON documents

def plan_counts(plan: Plan, reg: Registry) -> dict:
    roles = Counter(r.role for t in plan.tasks for r in t.item.roles)
    themes = Counter(th for t in plan.tasks for th in dict.fromkeys(t.item.themes))
    theme_order = list(reg.themes) + sorted(set(themes) - set(reg.themes))
    indicators = {i for t in plan.tasks for i in t.item.indicators}
    ind_order = list(reg.indicators)
    return {
        "sections": len(plan.sections),
        "blocks": len(plan.blocks),
        "tasks": len(plan.tasks),
        "content_tasks": sum(t.block is None for t in plan.tasks),
        "assignments": sum(len(t.item.roles) for t in plan.tasks),
        "agencies": len({r.agency for t in plan.tasks for r in t.item.roles}),
        "roles": {r: roles.get(r, 0) for r in ROLE_ORDER},
        "modes": {m: sum(t.mode == m for t in plan.tasks) for m in ("directed", "requested")},
        "themes": {t: themes[t] for t in theme_order if themes.get(t)},
        "indicators": sorted(indicators, key=lambda i: (ind_order.index(i) if i in ind_order else len(ind_order), i)),
        "legal_bases": len(plan.legal_bases),
    }


def plan_meta(plan: Plan, reg: Registry, config: Mapping) -> dict:
    """Metadata and key roles of one plan (an entry of data/plans.json, the head of plan.json)."""
    url = plan_url(plan, config)
    return {
        "key": plan.key,
        "province": plan.province,
        "province_name": province_name(plan.province, reg),
        "province_name_en": province_name(plan.province, reg, EN_FIELDS_LANGUAGE),
        "plan_id": plan.plan_id,
        "status": plan.text_status,  # full | partial (plans we hold); "referenced" entries are in plans_json
        "text": {"status": plan.text_status, "ends_at": plan.text_ends_at,
                 "missing": plan.text_missing.get(EN_FIELDS_LANGUAGE), "missing_vi": plan.text_missing.get("vi")},
        "kind": plan.kind,
        "period": {"from": plan.year_from, "to": plan.year_to},
        "title": plan.title,
        "document": {"type": plan.doc_type, "number": plan.number, "date": plan.date,
                     "number_source": dict(plan.number_source)},
        "issuing_body": plan.issuing_body,
        "signer": {"name": plan.signer_name, "title": plan.signer_title, "authority": plan.signer_authority},
        "lead_agency": {"id": plan.lead_agency, "name": _name(reg, plan.lead_agency),
                        "name_en": _name(reg, plan.lead_agency, EN_FIELDS_LANGUAGE)},
        "proposal": dict(plan.proposal) if plan.proposal else None,
        "legal_bases": [{"number": lb.number, "type": lb.type, "date": lb.date, "issuer": lb.issuer, "title": lb.title}
                        for lb in plan.legal_bases],
        "key_roles": {name: ({"agency": kr.agency, "agency_name": _name(reg, kr.agency), "where": kr.where} if kr else None)
                      for name, kr in plan.key_roles},
        "reporting": {"recipient": plan.report_recipient, "recipient_name": _name(reg, plan.report_recipient),
                      "via": plan.report_via,
                      "deadlines": [{"report": d.report, "due": d.due, "where": d.where} for d in plan.deadlines]},
        "source": {"file": plan.source_file, "seed": plan.source_seed, "url": plan.source_url},
        "synthetic": plan.synthetic,
        "url": url,
        "files": {"plan_json": url + "plan.json", "assignments_csv": url + "assignments.csv",
                  "feed": f"{base_url(config)}provinces/{plan.province}/feed.atom"},
        "counts": plan_counts(plan, reg),
    }


def _item_json(it: Item) -> dict:
    """An item of the plan's tree. A task stands there as {"task": id}: its words are in `tasks`."""
    if it.id:
        return {"task": it.id}
    return {"label": it.label, "heading": it.heading, "text": it.text, "ref": it.ref,
            "items": [_item_json(sub) for sub in it.items]}


def task_json(plan: Plan, task: Task, reg: Registry, config: Mapping) -> dict:
    """A task: its words (label, heading, text and sub-items, the only copy in plan.json), its place and
    its roles, strongest first. The words as one string (`Item.full_text`, the `text` column of the CSV
    files) are heading, text and each sub-item's label, heading and text, joined by spaces."""
    it = task.item
    roles = sorted(it.roles, key=lambda r: (-ROLE_RANK.get(r.role, 0), agency_sort_key(r.agency, reg)))
    return {
        "id": task.id, "ref": it.ref, "label": it.label, "heading": it.heading, "text": it.text,
        "items": [_item_json(sub) for sub in it.items],
        "section": task.section.number, "block": task.block.id if task.block else None, "mode": task.mode,
        "roles": [{"agency": r.agency, "role": r.role, "agency_name": _name(reg, r.agency),
                   "lineage_root": reg.lineage_root(r.agency) if r.agency in reg.agencies else r.agency} for r in roles],
        "themes": list(it.themes), "indicators": list(it.indicators),
        # Only annex tables give a task a deadline; the key appears only then, so no plan without one changes.
        **({"deadline": it.deadline} if it.deadline else {}),
    }


def plan_json(plan: Plan, reg: Registry, config: Mapping) -> dict:
    """The whole plan, every text once: metadata; the document's tree (sections, their items and agency
    blocks), where a task stands as its id ({"task": id} in items, ids in a block's `tasks`); and the
    tasks in plan order, each with its words, roles, themes and indicators. A task's permalink is the
    plan's `url` + "#" + its id."""
    out = {"format": PLAN_JSON_FORMAT, **plan_meta(plan, reg, config)}
    d = plan.decision
    out.update({
        "letterhead": list(plan.letterhead),
        "decision": None if d is None else {
            "type": d.type, "title": d.title, "issuer": d.issuer, "preamble": list(d.preamble), "heading": d.heading,
            "articles": [{"label": a, "text": t} for a, t in d.articles],
            "distribution": {"heading": d.distribution_heading, "entries": list(d.distribution)},
            "signature": list(d.signature)},
        "preamble": list(plan.preamble),
        "sections": [{
            "number": s.number, "kind": s.kind, "heading": s.heading, "text": list(s.text),
            "items": [_item_json(it) for it in s.items],
            "blocks": [{"id": b.id, "label": b.label, "name": b.name, "agencies": list(b.agencies), "mode": b.mode,
                        "ref": b.ref, "text": list(b.text), "tasks": [t.id for t in b.tasks]}
                       for b in s.blocks],
        } for s in plan.sections],
        "closing": list(plan.closing),
        "distribution": {"heading": plan.distribution_heading, "entries": list(plan.distribution)},
        "signature": list(plan.signature),
        "footnotes": [{"mark": m, "text": t} for m, t in plan.footnotes],
        "tasks": [task_json(plan, t, reg, config) for t in plan.tasks],
        "repairs": [{"find": r.find, "replace": r.replace, "note": r.note} for r in plan.repairs],
        "notes": list(plan.notes),
    })
    return out


def agencies_json(plans: list[Plan], reg: Registry) -> dict:
    m = responsibility_matrix(plans, reg)
    per_agency: dict[str, list] = {}
    for c in m.cells:  # row-major: agencies in row order, plans in column order
        per_agency.setdefault(c.agency, []).append({"plan": c.plan, "role": c.role, "mode": c.mode, "tasks": c.tasks})
    kinds = list(KIND_ORDER) + sorted({a.get("kind") for a in reg.agencies.values()} - set(KIND_ORDER) - {None})
    agencies = []
    for aid in sorted(reg.agencies, key=lambda a: agency_sort_key(a, reg)):
        a = dict(reg.agencies[aid])
        a["lineage_root"] = reg.lineage_root(aid)
        a["predecessors"] = [{"agency": p, "effective": s.get("effective"), "primary": bool(s.get("primary"))}
                             for p, s in reg.predecessors(aid)]
        a["plans"] = per_agency.get(aid, [])
        agencies.append(a)
    return {"kinds": kinds, "roles": list(ROLE_ORDER), "legal_acts": [dict(x) for x in reg.legal_acts.values()],
            "agencies": agencies}


def themes_json(plans: list[Plan], reg: Registry) -> dict:
    plans = sort_plans(plans, reg)
    themes = []
    for tid, t in reg.themes.items():
        per_plan = {p.key: sum(tid in task.item.themes for task in p.tasks) for p in plans}
        themes.append({**dict(t), "tasks": per_plan, "total": sum(per_plan.values())})
    return {"plans": [p.key for p in plans], "themes": themes}


def known_plan_meta(k, reg: Registry) -> dict:
    """A plan we know of (cited as a legal basis) but do not hold: status "referenced"."""
    return {
        "key": k.key, "province": k.province, "province_name": province_name(k.province, reg),
        "province_name_en": province_name(k.province, reg, EN_FIELDS_LANGUAGE),
        "status": "referenced",
        "period": {"from": k.year_from, "to": k.year_to} if k.year_from else None,
        "title": k.title,
        "document": {"type": k.type, "number": k.number, "date": k.date},
        "cited_by": list(k.cited_by),
    }


def plans_json(plans: list[Plan], reg: Registry, config: Mapping, catalogue=()) -> dict:
    """Every plan we hold (status full or partial), then every plan we only know of (status referenced)."""
    return {"plans": [plan_meta(p, reg, config) for p in sort_plans(plans, reg)]
            + [known_plan_meta(k, reg) for k in catalogue]}


# ---------------------------------------------------------------------------------------------
# Data package

def _licence(config: Mapping) -> dict:
    lic = config.get("licence") or {}
    name = str(lic.get("name") or "CC BY 4.0")
    return {"name": name.replace(" ", "-"), "path": lic.get("url"), "title": name}


def _source_url(plan: Plan, config: Mapping) -> str:
    if plan.source_url:
        return plan.source_url
    repo = str(config.get("repo_url") or "").rstrip("/")
    return f"{repo}/blob/main/content/{plan.source_file}" if repo else f"{base_url(config)}{plan.source_file}"


_ROLE_ENUM = {"constraints": {"required": True, "enum": list(ROLE_ORDER)}}
_MODE_ENUM = {"constraints": {"required": True, "enum": ["directed", "requested"]}}
_REQ = {"constraints": {"required": True}}

# The columns of data/assignments.csv: name, type[, extra]. What each holds is the label data_col_<name>
# (templates/i18n/data.yml), the one source of the descriptions: datapackage.json gives them in
# EN_FIELDS_LANGUAGE, data/assignments.xlsx and the /data/ page in each language (`described`).
ASSIGNMENT_FIELDS = (
    ("plan", "string", _REQ),
    ("province", "string", _REQ),
    ("year_from", "integer", _REQ),
    ("year_to", "integer", _REQ),
    ("agency", "string", _REQ),
    ("agency_name", "string"),
    ("agency_as_written", "string"),
    ("role", "string", _ROLE_ENUM),
    ("mode", "string", _MODE_ENUM),
    ("task", "string", _REQ),
    ("themes", "string"),
    ("indicators", "string"),
    ("section", "string", _REQ),
    ("text", "string", _REQ),
    ("url", "string", {"format": "uri", "constraints": {"required": True}}),
    ("agency_name_en", "string"),
    ("agency_kind", "string"),
    ("lineage_root", "string"),
    ("block", "string"),
    ("plan_kind", "string"),
)
assert tuple(f[0] for f in ASSIGNMENT_FIELDS) == ASSIGNMENT_COLUMNS + ASSIGNMENT_EXTRA_COLUMNS


def column_label(name: str) -> str:
    """The label that says what column `name` of the assignments table holds."""
    return f"data_col_{name}"


def described(fields, labels: Mapping, lang: str = EN_FIELDS_LANGUAGE) -> tuple:
    """(name, type, extra) fields -> (name, type, description, extra), the description in `lang` (the
    label's first language where it has none)."""
    def say(name):
        entry = labels[column_label(name)]
        return entry.get(lang) or next(iter(entry.values()))
    return tuple((f[0], f[1], say(f[0]), *f[2:]) for f in fields)


# A plan's own assignments.csv (provinces/<province>/<plan-id>/assignments.csv): one row per task, so a
# task's text is there once; its agencies by role in columns. The columns it shares with
# data/assignments.csv mean the same there.
_NAMES = "Canonical Vietnamese names of the agencies that {} the task, separated by ';'"
PLAN_TASK_FIELDS = (
    ("plan", "string", "Plan key: <province>/<plan-id>", _REQ),
    ("task", "string", "Task id, unique within the plan (the anchor on the plan page)",
     {"constraints": {"required": True, "unique": True}}),
    ("section", "string", "The task's place in the plan (ref), e.g. IV.1.a", _REQ),
    ("block", "string", "Id of the implementation block holding the task; empty for a task inside a content section"),
    ("agency_as_written", "string", "How the plan writes the body the task is addressed to (as in data/assignments.csv)"),
    ("mode", "string", "directed (the plan assigns) or requested (\"Đề nghị ...\": the plan asks a body it does not direct)", _MODE_ENUM),
    ("lead", "string", _NAMES.format("lead (chủ trì)")),
    ("responsible", "string", _NAMES.format("are responsible for (thực hiện)")),
    ("coordinating", "string", _NAMES.format("coordinate (phối hợp)")),
    ("roles", "string", "Every agency id with its role, agency:role separated by ';', strongest role first: one row "
     "of data/assignments.csv each"),
    ("themes", "string", "Theme ids (themes.json), separated by ';'"),
    ("indicators", "string", "NQ 28/NQ-CP indicator ids the task names, separated by ';'"),
    ("text", "string", "The task's full text, as written", _REQ),
    ("url", "string", "Permalink of the task on the site", {"format": "uri", "constraints": {"required": True}}),
)
PLAN_TASK_COLUMNS = tuple(f[0] for f in PLAN_TASK_FIELDS)
assert PLAN_TASK_COLUMNS[6:9] == ROLE_ORDER  # the role columns, in the one role order
MATRIX_FIELDS = (
    ("plan", "string", "Plan key: <province>/<plan-id>", _REQ),
    ("province", "string", "Province id", _REQ),
    ("year_from", "integer", "First year of the plan's period", _REQ),
    ("year_to", "integer", "Last year of the plan's period", _REQ),
    ("agency", "string", "Canonical agency id", _REQ),
    ("agency_name", "string", "Canonical Vietnamese name of the agency"),
    ("role", "string", "Strongest role of the agency among its tasks in the plan (lead > responsible > coordinating)", _ROLE_ENUM),
    ("mode", "string", "directed if any task where the agency holds that role is directed, else requested", _MODE_ENUM),
    ("tasks", "integer", "Number of tasks where the agency has a role", {"constraints": {"required": True, "minimum": 1}}),
    ("themes", "string", "Tasks per theme, as theme:count pairs separated by ';' (a task can have several themes)"),
    ("task_ids", "string", "The task ids, separated by ';', in plan order"),
    ("lead_tasks", "integer", "Tasks where the agency leads"),
    ("responsible_tasks", "integer", "Tasks where the agency is responsible"),
    ("coordinating_tasks", "integer", "Tasks where the agency coordinates"),
    ("requested_tasks", "integer", "Tasks in \"Đề nghị\" (requested) blocks"),
    ("agency_kind", "string", "Kind of agency"),
    ("lineage_root", "string", "Today's agency that carries this agency's line"),
)
_DIALECT = {"delimiter": ",", "lineTerminator": "\n", "quoteChar": "\"", "doubleQuote": True, "header": True}

_RESOURCES = (  # name, path, format; words: labels download_<name>_title, download_<name>_description
    ("assignments", "data/assignments.csv", "csv"),
    ("matrix", "data/matrix.csv", "csv"),
    ("plans", "data/plans.json", "json"),
    ("agencies", "data/agencies.json", "json"),
    ("themes", "data/themes.json", "json"),
)
CSV_NOTE = "download_csv_note"  # said once in each site-wide CSV's description: where a leading ' comes from
# The data package's own description, after the site's taglines: English, like the schema's field descriptions.
PACKAGE_NOTE = ("Each plan also has its own files on the site: provinces/<province>/<plan-id>/plan.json (the whole plan, "
                "each text once) and provinces/<province>/<plan-id>/assignments.csv (one row per task of that plan, "
                "its agencies by role in columns); plans.json lists their addresses, plansite:plan_files describes them.")
# The per-plan files, described in the data package (their paths are outside data/, so they are not resources).
PLAN_FILES = (
    ("assignments.csv", "csv", "One row per task of the plan: its text once, the agencies that lead, are responsible "
     "and coordinate, by canonical name, and every agency id with its role (`roles`); the rows of data/assignments.csv "
     "of the plan are one per entry of `roles`, with the same task, section, block, mode, themes, indicators, text and url."),
    ("plan.json", "json", f"The whole plan ({PLAN_JSON_FORMAT}), each text once: metadata, the document's tree "
     "(sections with their text, items and agency blocks; a task stands in it as its id: {\"task\": id} among items, "
     "ids in a block's `tasks`) and `tasks`, in plan order, each with its words (label, heading, text, items), section, "
     "block, mode, roles, themes and indicators."),
)


def _labels(name: str, note: bool = False) -> tuple[str, tuple[str, ...]]:
    """(title label, description labels) of a file: download_<name>_title, download_<name>_description
    and, for the site-wide CSVs, the note on the ' before formula-like cells."""
    return f"download_{name}_title", (f"download_{name}_description",) + ((CSV_NOTE,) if note else ())


def _say(language: Language, keys: Iterable[str], **kw) -> str:
    """Labels in `language`, joined by a space."""
    return " ".join(language.t(k, **kw) for k in keys)


def _setting(language: Language, value: Mapping | None) -> str:
    """A {language: text} setting in `language`, the default language's where it has none; '' if unset."""
    value = value or {}
    return value.get(language.code) or value.get(language.default) or ""


def _fields(rows) -> list[dict]:
    """(name, type, description[, extra]) rows -> Frictionless field descriptors."""
    return [{"name": f[0], "type": f[1], "description": f[2], **(f[3] if len(f) > 3 else {})} for f in rows]


def _resource_meta(name: str, path: str, fmt: str, data: bytes, title: str, description: str,
                   fields=(), key=(), json_types: Mapping | None = None) -> dict:
    """One data package entry. A CSV is a tabular resource with its schema; a JSON file's fields, if
    given, are described for readers under a key of our own (Frictionless reads no schema there)."""
    res = {
        "name": name, "path": path.removeprefix("data/"), "title": title, "description": description,
        "format": fmt, "mediatype": "text/csv" if fmt == "csv" else "application/json", "encoding": "utf-8",
        "bytes": len(data), "hash": "sha256:" + hashlib.sha256(data).hexdigest(),
    }
    if fmt == "csv":
        res["profile"] = "tabular-data-resource"
        res["dialect"] = dict(_DIALECT)
        res["schema"] = {"fields": _fields(fields), "primaryKey": list(key), "missingValues": [""]}
    else:
        res["profile"] = "data-resource"
        if fields:
            res["plansite:fields"] = [{**f, "type": (json_types or {}).get(f["name"], f["type"])} for f in _fields(fields)]
    return res


def _resource_fields(name: str, labels: Mapping) -> tuple:
    """(fields, primary key, JSON types) of a resource that describes its fields; empty for the others."""
    return {
        "assignments": (described(ASSIGNMENT_FIELDS, labels), ("plan", "task", "agency"), {}),
        "matrix": (MATRIX_FIELDS, ("plan", "agency"), {}),
        "provinces": (PROVINCE_FIELDS, ("slug",), _PROVINCE_JSON_TYPES),
        "provinces-csv": (PROVINCE_FIELDS, ("slug",), _PROVINCE_JSON_TYPES),
        "codebook": (CODEBOOK_FIELDS, ("kind", "id"), _CODEBOOK_JSON_TYPES),
        "codebook-csv": (CODEBOOK_FIELDS, ("kind", "id"), _CODEBOOK_JSON_TYPES),
        "functions": (FUNCTION_FIELDS, ("plan", "function"), {}),
        "handovers": (HANDOVER_FIELDS, ("plan_after", "plan_before", "function"), {}),
    }.get(name, ((), (), {}))


def _resources(files: Mapping[str, bytes]) -> list[tuple]:
    """(name, label, path, format) of every site-wide data file made, in display order."""
    return ([(name, name, path, fmt) for name, path, fmt in _RESOURCES]
            + [r for r in (*_PROVINCE_RESOURCES, *_CODEBOOK_RESOURCES, *_FUNCTION_RESOURCES) if r[2] in files])


def datapackage(files: Mapping[str, bytes], plans: list[Plan], reg: Registry, config: Mapping,
                languages: Mapping[str, Language]) -> dict:
    """The Frictionless descriptor. Its title and descriptions give every language of `languages`, in
    order ("title / title", taglines one paragraph each); the rest is the published contract."""
    title = config.get("title") or {}
    tagline = config.get("tagline") or {}
    plans = sort_plans(plans, reg)
    langs = list(languages.values())
    resources = []
    for name, label, path, fmt in _resources(files):
        title_key, description_keys = _labels(label, fmt == "csv")
        resources.append(_resource_meta(name, path, fmt, files[path], " / ".join(lang.t(title_key) for lang in langs),
                                        " ".join(_say(lang, description_keys) for lang in langs),
                                        *_resource_fields(name, langs[0].labels)))
    return {
        "profile": "data-package",
        "name": "plansite",
        "id": base_url(config) + "data/datapackage.json",
        "title": " / ".join(t for t in (title.get(code) for code in languages) if t) or "plansite",
        "description": "\n\n".join([*(t for t in (tagline.get(code) for code in languages) if t), PACKAGE_NOTE]),
        "homepage": base_url(config),
        "created": data_date_time(config),
        "keywords": ["gender equality", "bình đẳng giới", "Vietnam", "provinces", "responsibility matrix"],
        "licenses": [_licence(config)],
        "sources": [{"title": f"{province_name(p.province, reg)} {p.plan_id}: {p.doc_type} {p.number or ''} {p.title}".replace("  ", " "),
                     "path": _source_url(p, config)} for p in plans],
        "resources": resources,
        "plansite:plan_files": [
            {"path": f"provinces/<province>/<plan-id>/{name}", "format": fmt, "description": description,
             **({"schema": {"fields": _fields(PLAN_TASK_FIELDS), "primaryKey": ["task"], "missingValues": [""]},
                 "dialect": dict(_DIALECT)} if fmt == "csv" else {})}
            for name, fmt, description in PLAN_FILES],
    }


# ---------------------------------------------------------------------------------------------
# Atom: the feeds are written in the language of the plans they list

def content_language(languages: Mapping[str, Language]) -> Language:
    """The language plans are written in (settings content_language, else the default language)."""
    default = next(iter(languages.values()))
    return languages.get(default.source) or Language(default.source, default.languages, default.labels, default.reg,
                                                     default.settings)


def _when(s: str) -> dt.datetime:
    return dt.datetime.fromisoformat(s.replace("Z", "+00:00"))


def _document_date(language: Language, iso: str) -> str:
    """A document date in the language's one date style; the text itself if not a date."""
    try:
        dt.date.fromisoformat(iso)
    except ValueError:
        return iso
    return language.date(iso)


def document_name(plan: Plan, language: Language) -> str:
    """The document by type, number and date ("Kế hoạch số 12/KH-UBND ngày 3/2/2022"), in `language`."""
    head = plan.doc_type.capitalize()
    if plan.number:
        head = language.t("download_feed_entry_numbered", doc=head, number=plan.number)
    if plan.date:
        head = language.t("download_feed_entry_dated", head=head, date=_document_date(language, plan.date))
    return head


def entry_summary(plan: Plan, language: Language) -> str:
    """A feed entry's summary in `language`: the document, the lead agency, the number of tasks."""
    t = language.t
    head = document_name(plan, language)
    period = (t("download_feed_entry_year", year=plan.year_from) if plan.year_from == plan.year_to
              else t("download_feed_entry_period", start=plan.year_from, end=plan.year_to))
    if plan.partial:
        missing = language.localized({"missing": plan.text_missing}, "missing")[0] or ""
        return t("download_feed_entry_partial", head=head, issuer=plan.issuing_body, period=period, missing=missing)
    agencies = len({r.agency for task in plan.tasks for r in task.item.roles})
    return t("download_feed_entry_summary", head=head, issuer=plan.issuing_body, period=period,
             lead=language.agency_name(plan.lead_agency), tasks=len(plan.tasks), agencies=agencies)


def entry_title(plan: Plan, language: Language) -> str:
    return f"{language.province_name(plan.province)} {plan.plan_id}: {plan.title}"


# Characters XML 1.0 does not allow (spreadsheet.NOT_XML). The validator refuses them in plans, but
# registries and site_config reach the feed too, so they are dropped from every text the feed template
# is given: the feed is always well-formed. (The template escapes the rest and writes tab, newline and
# CR as character references.)


def _xml_text(value):
    """`value` with every string in it (in dicts and lists too) stripped of characters XML cannot hold."""
    if isinstance(value, str):
        return NOT_XML.sub("", value)
    if isinstance(value, dict):
        return {k: _xml_text(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_xml_text(v) for v in value]
    return value


def revision_entries(revisions, plans: list[Plan], config: Mapping, language: Language) -> list[dict]:
    """Feed entries for the data revisions log: a journalist who quoted a figure sees when it changed."""
    by_key = {p.key: p for p in plans}
    base = base_url(config)
    out = []
    for r in revisions:
        plan = by_key.get(r.plan)
        what = f"{language.province_name(plan.province)} {plan.plan_id}" if plan else language.t("revision_all")
        pick = lambda d: language.localized({"text": d}, "text")[0] or ""
        out.append({
            "title": language.t("revision_entry_title", what=what), "url": f"{base}{urls.revision(r.anchor)}",
            "related": None, "published": None, "updated": f"{r.date}T00:00:00+07:00",
            "term": "revision", "label": language.t("revisions"),
            "summary": f"{pick(r.change)} {pick(r.why)}".strip(),
        })
    return out


def atom_feed(plans: list[Plan], config: Mapping, updated: Mapping[str, str], self_path: str, title: str,
              alternate: str, renderer: Renderer, revisions=()) -> bytes:
    """An Atom feed in the renderer's language, one entry per plan and per data revision, newest first
    (by `updated`, then document date). Rendered from templates/feed.atom.xml: no XML in Python strings."""
    language = renderer.language
    base = base_url(config)
    ordered = sorted(plans, key=lambda p: (-_when(updated[p.key]).timestamp(), _neg_date(p), p.key))
    licence = config.get("licence") or {}
    entries = [{
        "title": entry_title(p, language), "url": plan_url(p, config), "related": plan_url(p, config) + "plan.json",
        "published": f"{p.date}T00:00:00+07:00" if p.date else None,
        "updated": updated[p.key], "term": p.province, "label": language.province_name(p.province),
        "summary": entry_summary(p, language),
    } for p in ordered]
    if revisions:
        entries = sorted(entries + revision_entries(revisions, plans, config, language),
                         key=lambda e: -_when(e["updated"]).timestamp())  # stable: plans keep their order
    feed_updated = max((e["updated"] for e in entries), key=_when, default=data_date_time(config))
    context = _xml_text({
        "feed_lang": language.code, "title": title, "subtitle": _setting(language, config.get("tagline")),
        "self_url": base + self_path, "alternate": alternate, "updated": feed_updated,
        "author_uri": config.get("repo_url") or "",
        "rights": _setting(language, licence.get("text")) or licence.get("name", ""), "entries": entries})
    return (renderer.render_file("feed.atom.xml", **context) + "\n").encode("utf-8")


def _neg_date(plan: Plan) -> tuple:
    """Sort key putting later document dates first."""
    return tuple(-ord(ch) for ch in plan.reading_date)


# ---------------------------------------------------------------------------------------------
# data/assignments.xlsx: the rows of data/assignments.csv for people with a spreadsheet (Excel opens a
# UTF-8 CSV garbled), each code with its words in every language beside it, a sheet explaining each
# column and one on the source, licence and citation. Written by generator/spreadsheet.py.

XLSX_PATH = "data/assignments.xlsx"
# code column -> its words in a Language, for one cell's value
_WORDS = {
    "province": lambda lang, v: lang.province_name(v),
    "role": lambda lang, v: lang.t(f"role_{v}"),
    "mode": lambda lang, v: lang.t(f"mode_{v}"),
    "themes": lambda lang, v: "; ".join(lang.theme_name(t) for t in v.split(";") if t),
    "agency_kind": lambda lang, v: lang.t(f"kind_agency_{v}") if v else "",
    "plan_kind": lambda lang, v: lang.t(f"kind_{v}"),
    "text_status": lambda lang, v: lang.t(f"data_status_{v}"),
}
# the xlsx's own columns: the plan's text status (with its words after plan_kind), agency_name_en beside agency_name
XLSX_FIELDS = (("text_status", "string", {"constraints": {"enum": ["full", "partial"]}}),)


def xlsx_columns(languages: Mapping[str, Language]) -> list[tuple[str, str | None, Language | None]]:
    """The workbook's columns in order: (name, the code column it gives words for, in which language).
    The CSV's columns, each code followed by its words in every language (role, role_vi, role_en, ...)."""
    order = [c for c in ASSIGNMENT_COLUMNS + ASSIGNMENT_EXTRA_COLUMNS if c != "agency_name_en"]
    order.insert(order.index("agency_name") + 1, "agency_name_en")
    order.insert(order.index("plan_kind") + 1, "text_status")
    out = []
    for name in order:
        out.append((name, None, None))
        if name in _WORDS:
            out += [(f"{name}_{code}", name, lang) for code, lang in languages.items()]
    return out


def _join(languages: Mapping[str, Language], key: str, **kw) -> str:
    """A label in every language, joined: a bilingual workbook's headings."""
    return " / ".join(dict.fromkeys(lang.t(key, **kw) for lang in languages.values()))


def _sheet_title(languages: Mapping[str, Language], key: str) -> str:
    return " · ".join(dict.fromkeys(lang.t(key) for lang in languages.values()))[:31]


def assignments_xlsx(plans: list[Plan], rows: list[tuple], reg: Registry, config: Mapping,
                     languages: Mapping[str, Language]) -> bytes:
    """data/assignments.xlsx from the rows of data/assignments.csv (`rows`, as `assignment_rows` gives)."""

    langs = list(languages.values())
    labels = langs[0].labels
    status = {p.key: p.text_status for p in plans}
    columns = xlsx_columns(languages)
    csv_header = ASSIGNMENT_COLUMNS + ASSIGNMENT_EXTRA_COLUMNS
    table = []
    for r in rows:
        row = dict(zip(csv_header, r), text_status=status[r[0]])
        table.append([row[name] if code is None else (_WORDS[code](lang, row[code]) if row[code] != "" else "")
                      for name, code, lang in columns])

    # the explanation sheet: every column, its type, whether the CSV has it and what it holds in each language
    types = {f[0]: f[1] for f in ASSIGNMENT_FIELDS + XLSX_FIELDS}
    meanings = {lang.code: {f[0]: f[2] for f in described(ASSIGNMENT_FIELDS + XLSX_FIELDS, labels, lang.code)}
                for lang in langs}
    guide = []
    for name, code, lang in columns:
        said = [m.t("data_col_words", column=code, language=lang.t("language_name")) if code
                else meanings[m.code][name] for m in langs]
        in_csv = "data_xlsx_yes" if name in csv_header else "data_xlsx_no"
        guide.append([name, types.get(name, "string"), _join(languages, in_csv), *said])
    guide_header = (_join(languages, "data_xlsx_column"), _join(languages, "data_xlsx_type"),
                    _join(languages, "data_xlsx_in_csv"),
                    *(m.t("data_xlsx_meaning", language=m.t("language_name")) for m in langs))

    # the about sheet: an item, its words in each language, its address
    base = base_url(config)
    lic = config.get("licence") or {}
    about = [
        [_join(languages, "data_xlsx_title"), *(_setting(m, config.get("title")) for m in langs), base],
        [_join(languages, "data_xlsx_rows_title"), *(m.t("data_xlsx_rows") for m in langs), base + XLSX_PATH],
        [_join(languages, "data_xlsx_publisher"), *(_setting(m, (config.get("publisher") or {}).get("name")) for m in langs),
         (config.get("publisher") or {}).get("url") or ""],
        [_join(languages, "data_date"), *(m.date(str(config.get("data_date") or "")) for m in langs),
         str(config.get("data_date") or "")],
        [_join(languages, "about_licence"), *(_setting(m, lic.get("text")) or lic.get("name", "") for m in langs),
         lic.get("url") or ""],
        [_join(languages, "data_xlsx_citation"),
         *(_citation(m, m.t("download_assignments_xlsx_title"), base + XLSX_PATH) for m in langs), base + XLSX_PATH],
        [_join(languages, "data_columns_heading"), *(m.t("data_xlsx_sheet_columns") for m in langs),
         base + "data/datapackage.json"],
    ]
    for p in sort_plans(plans, reg):
        about.append([_join(languages, "data_xlsx_source", plan=f"{province_name(p.province, reg)} {p.plan_id}"),
                      *(document_name(p, m) for m in langs), _source_url(p, config)])
    about_header = (_join(languages, "data_xlsx_item"), *(m.t("language_name") for m in langs),
                    _join(languages, "data_xlsx_url"))
    n = len(langs)
    sheets = [
        Sheet(_sheet_title(languages, "data_xlsx_sheet_rows"), tuple(c[0] for c in columns), table),
        Sheet(_sheet_title(languages, "data_xlsx_sheet_columns"), guide_header, guide,
              wrap=frozenset(range(3, 3 + n))),
        Sheet(_sheet_title(languages, "data_xlsx_sheet_about"), about_header, about, table=False,
              wrap=frozenset(range(1, 1 + n))),
    ]
    return workbook_bytes(sheets, str(config.get("data_date") or "1970-01-01"),
                          title=_setting(langs[0], config.get("title")), creator="plansite")


# ---------------------------------------------------------------------------------------------
# Everything

def data_files(plans: Iterable[Plan], reg: Registry, config: Mapping, languages: Mapping[str, Language], *,
               content: Path | None = None, updated: Mapping[str, str] | None = None,
               catalogue=(), revisions=(), codebook=None, functions=None, handovers=(),
               cache: Cache | None = None, renderers: Mapping[str, Renderer] | None = None) -> dict[str, bytes]:
    """Every data file: site-root-relative path -> exact bytes, in a deterministic order of paths.

    `languages`: language code -> Language over `reg`, the default first (the data package's titles
    give each; the feeds are in the content language). `updated` (plan key -> RFC 3339 date)
    overrides the feeds' dates; otherwise they come from git when `content` is given (see
    `git_updated`), else from config data_date. `cache`: each plan's own files are kept there.
    `renderers` (language code -> Renderer, the build's): the feeds are rendered by the content
    language's; without one, by a Renderer of its own."""
    cache = cache or Cache(None)
    plans = sort_plans(plans, reg)
    upd = _updated(plans, config, content, updated)
    header = ASSIGNMENT_COLUMNS + ASSIGNMENT_EXTRA_COLUMNS
    rows = assignment_rows(plans, reg, config)
    files: dict[str, bytes] = {
        "data/assignments.csv": _csv(header, rows),
        # the workbook is the slowest file at national scale: kept in the cache while its inputs stay the same
        XLSX_PATH: cache.memo("assignments-xlsx", (plans, reg, config, next(iter(languages.values())).labels,
                                                   list(languages)),
                              lambda: assignments_xlsx(plans, rows, reg, config, languages)),
        "data/matrix.csv": _csv(MATRIX_COLUMNS + MATRIX_EXTRA_COLUMNS, matrix_rows(plans, reg)),
        "data/plans.json": _json(plans_json(plans, reg, config, catalogue)),
        "data/agencies.json": _json(agencies_json(plans, reg)),
        "data/themes.json": _json(themes_json(plans, reg)),
    }
    files.update(province_files(reg))
    if codebook is not None:
        labels = next(iter(languages.values())).labels  # every language's words: {key: {lang: text}}
        files.update(codebook_files(codebook, reg, labels, config))
    if functions is not None:
        files.update(function_files(plans, functions, handovers))
    files["data/datapackage.json"] = _json(datapackage(files, plans, reg, config, languages))
    feed_language = content_language(languages)
    feeds = (renderers or {}).get(feed_language.code) or Renderer(feed_language)
    site_title = _setting(feed_language, config.get("title")) or "plansite"
    files["feed.atom"] = atom_feed(plans, config, upd, "feed.atom", site_title, base_url(config), feeds, revisions)
    for p in plans:
        folder = plan_path(p)
        files[folder + "plan.json"], files[folder + "assignments.csv"] = cache.memo(
            "plan-files", (p, reg, config),
            lambda p=p: (_json(plan_json(p, reg, config)), _csv(PLAN_TASK_COLUMNS, plan_task_rows(p, reg, config))))
    for prov in _provinces(plans, reg):
        mine = [p for p in plans if p.province == prov]
        files[f"provinces/{prov}/feed.atom"] = atom_feed(
            mine, config, upd, f"provinces/{prov}/feed.atom", f"{site_title}: {feed_language.province_name(prov)}",
            f"{base_url(config)}provinces/{prov}/", feeds)
    return dict(sorted(files.items()))


def _provinces(plans: list[Plan], reg: Registry) -> list[str]:
    return sorted({p.province for p in plans}, key=lambda pr: (collation_key(province_name(pr, reg)), pr))


@dataclass(frozen=True)
class Download:
    """One downloadable file, for the /data/ page. It holds label keys and ids, no words: `title`,
    `description` and `citation` give them in a Language (see templates/data.html)."""
    path: str  # site-root-relative
    url: str
    group: str  # data | feed | plan
    plan: str | None  # plan key, for per-plan files
    plan_id: str | None  # for per-plan files
    province: str | None  # province id, for per-province and per-plan files
    title_key: str  # label; placeholders {province} (its name) and {plan} ("<province name> <plan id>")
    description_keys: tuple[str, ...]  # labels joined by a space, with the same placeholders
    format: str  # CSV | JSON | Atom
    mediatype: str
    size: int  # bytes
    licence: str
    licence_url: str | None

    def _args(self, language: Language) -> dict:
        if self.province is None:
            return {}
        name = language.province_name(self.province)
        return {"province": name, "plan": f"{name} {self.plan_id}"} if self.plan_id else {"province": name}

    def title(self, language: Language) -> str:
        return language.t(self.title_key, **self._args(language))

    def description(self, language: Language) -> str:
        return _say(language, self.description_keys, **self._args(language))

    def citation(self, language: Language) -> str:
        """The settings' citation in `language`, with the date of the data, this file's title and URL."""
        return _citation(language, self.title(language), self.url)

    @property
    def kb(self) -> int:
        """The size in kB (1,000 bytes), rounded; 1 at the least: the per-plan table's compact figure."""
        return max(1, round(self.size / 1000))


def _citation(language: Language, title: str, url: str) -> str:
    form = _setting(language, language.settings.get("citation")) or "{title}. {url}"
    return form.format(date=language.date(language.settings.get("data_date")), title=title, url=url)


@dataclass(frozen=True)
class PlanFileKind:
    """A file every plan has, described once on /data/ (a table there links each plan's own). Its words
    are labels download_<label>_title and _description, said of no plan in particular: the placeholders
    data_plan_name (for {plan}) and data_plan_key (in the path). `shared`: one file for every language, a
    data twin (`data_index` lists each plan's); otherwise the plan page's figure, one in each language."""
    name: str
    label: str
    format: str
    shared: bool = True

    def path(self, language: Language) -> str:
        """The site-root path pattern: 'provinces/<province>/<plan-id>/plan.json'."""
        key = language.t("data_plan_key")
        if self.shared:
            return urls.plan_data(key, self.name)
        return urls.in_language(urls.plan_figure(key), language.code, language.languages)

    def title(self, language: Language) -> str:
        return language.t(f"download_{self.label}_title", plan=language.t("data_plan_name"))

    def description(self, language: Language) -> str:
        return language.t(f"download_{self.label}_description", plan=language.t("data_plan_name"))

    def citation(self, language: Language) -> str:
        """The citation of any plan's file of this kind, as a pattern."""
        return _citation(language, self.title(language), base_url(language.settings) + self.path(language))


PLAN_FILE_KINDS = (
    PlanFileKind("plan.json", "plan_json", "JSON"),
    PlanFileKind("assignments.csv", "plan_tasks", "CSV"),
    PlanFileKind("agency-themes.svg", "plan_figure", "SVG", shared=False),
)
assert all(k.shared or urls.plan_figure("k").endswith("/" + k.name) for k in PLAN_FILE_KINDS)


# ---------------------------------------------------------------------------------------------
# The province registry: data/provinces.json and its CSV twin data/provinces.csv (one row per unit)

_KIND_ENUM = {"constraints": {"enum": ["province", "city"]}}
PROVINCE_FIELDS = (  # name, CSV type, description[, extra]: the columns of provinces.csv, the keys of provinces.json
    ("slug", "string", "Province id (registry/provinces.yml): the `province` of the other files",
     {"constraints": {"required": True, "unique": True}}),
    ("name", "string", "Vietnamese name, short form (without tỉnh / thành phố)", _REQ),
    ("name_en", "string", "English name, without diacritics", _REQ),
    ("kind", "string", "province (tỉnh) or city (thành phố trực thuộc trung ương): on 2025-07-01 for a unit that "
     "continues, on its valid_to for one that ended", _KIND_ENUM),
    ("valid_from", "date", "First day of the unit; empty when it began before the period the site covers"),
    ("valid_to", "date", "Last day of the unit (2025-06-30 for the 29 merged on 2025-07-01); empty while it exists"),
    ("successor", "string", "The unit it was merged into (slug); empty if none"),
    ("absorbed", "string", "The units merged into it (slugs), separated by ';'"),
    ("code_before", "string", "Official administrative code on 2025-06-30; empty if none"),
    ("code_after", "string", "Official administrative code on 2025-07-01; empty if the unit had ended. "
     "A code alone names no unit: 52 is Bình Định's code_before and the new Gia Lai's code_after"),
    ("codes", "string", "Every code with its validity, separated by ';', each code:valid_from/valid_to "
     "(an empty date is open), e.g. 64:/2025-06-30;52:2025-07-01/. JSON: a list of {code, valid_from, valid_to}"),
    ("former_names", "string", "Earlier Vietnamese names, separated by ';', each name:valid_from/valid_to. "
     "JSON: a list of {name, name_en, kind, valid_from, valid_to}"),
    ("seat_en", "string", "Political-administrative centre of a merged unit from 2025-07-01, where recorded"),
    ("confirmed", "boolean", "false where the registry marks the row as not confirmed"),
    ("note_en", "string", "Notes on the unit and its merger"),
)
PROVINCE_COLUMNS = tuple(f[0] for f in PROVINCE_FIELDS)
_PROVINCE_JSON_TYPES = {"absorbed": "array", "codes": "array", "former_names": "array"}  # in provinces.json
# name, label name (download_<label>_title, download_<label>_description), path, format
_PROVINCE_RESOURCES = (("provinces", "provinces", "data/provinces.json", "json"),
                       ("provinces-csv", "provinces_csv", "data/provinces.csv", "csv"))


def _span(row: Mapping) -> str:
    return f"{row.get('valid_from') or ''}/{row.get('valid_to') or ''}"


def province_json(reg: Registry) -> list[dict]:
    """data/provinces.json: one object per unit of the registry, in registry order."""
    out = []
    for pid, p in reg.provinces.items():
        notes = [n for n in (p.get("merger_note_en"), p.get("note_en")) if n]
        out.append({
            "slug": pid, "name": p["vi"], "name_en": p.get(EN_FIELDS_LANGUAGE) or p["vi"], "kind": p.get("kind"),
            "valid_from": p.get("valid_from"), "valid_to": p.get("valid_to"), "successor": p.get("merged_into"),
            "absorbed": list(p.get("absorbed") or []),
            "code_before": reg.province_code(pid, MERGERS_EVE), "code_after": reg.province_code(pid, MERGERS_DAY),
            "codes": [{"code": c["code"], "valid_from": c.get("valid_from"), "valid_to": c.get("valid_to")}
                      for c in p.get("codes") or []],
            "former_names": [{"name": f["vi"], "name_en": f.get(EN_FIELDS_LANGUAGE), "kind": f.get("kind"),
                              "valid_from": f.get("valid_from"), "valid_to": f.get("valid_to")}
                             for f in p.get("former_names") or []],
            "seat_en": p.get("seat_en"), "confirmed": p.get("confirmed", True) is not False,
            "note_en": " ".join(notes) or None,
        })
    return out


def province_csv_rows(units: list[dict]) -> list[tuple]:
    """data/provinces.csv rows: provinces.json flattened (lists joined by ';'), columns PROVINCE_COLUMNS."""
    flat = {
        "absorbed": lambda v: ";".join(v),
        "codes": lambda v: ";".join(f"{c['code']}:{_span(c)}" for c in v),
        "former_names": lambda v: ";".join(f"{f['name']}:{_span(f)}" for f in v),
        "confirmed": lambda v: "true" if v else "false",
    }
    return [tuple(flat[k](u[k]) if k in flat else u[k] for k in PROVINCE_COLUMNS) for u in units]


def province_files(reg: Registry) -> dict[str, bytes]:
    """data/provinces.json and data/provinces.csv."""
    units = province_json(reg)
    return {"data/provinces.json": _json(units), "data/provinces.csv": _csv(PROVINCE_COLUMNS, province_csv_rows(units))}


# ---------------------------------------------------------------------------------------------
# The codebook: data/codebook.json and data/codebook.csv (roles, modes, themes, functions)

CODEBOOK_FIELDS = (
    ("kind", "string", "role, mode, theme or function (a plan's key role)",
     {"constraints": {"required": True, "enum": ["role", "mode", "theme", "function"]}}),
    ("id", "string", "The code as the other files write it (assignments.csv role and mode, themes, key_roles)", _REQ),
    ("label_vi", "string", "Vietnamese label, as the site shows it"),
    ("label_en", "string", "English label, as the site shows it"),
    ("definition_vi", "string", "Definition in Vietnamese"),
    ("definition_en", "string", "Definition in English"),
    ("cues", "string", "Wordings in plan texts that give this code (Vietnamese, verbatim), separated by ';'"),
    ("examples", "string", "Real examples as <plan>#<ref>, separated by ';' (codebook.json adds each quote and its address)"),
)
CODEBOOK_COLUMNS = tuple(f[0] for f in CODEBOOK_FIELDS)
_CODEBOOK_JSON_TYPES = {"cues": "array", "examples": "array"}
_CODEBOOK_RESOURCES = (("codebook", "codebook", "data/codebook.json", "json"),
                       ("codebook-csv", "codebook_csv", "data/codebook.csv", "csv"))
_CODEBOOK_KINDS = {"roles": ("role", "role_"), "modes": ("mode", "mode_"), "functions": ("function", "key_role_")}


def codebook_json(book, reg: Registry, labels: Mapping, config: Mapping) -> dict:
    """Roles, modes, themes and functions with labels and definitions in Vietnamese and English."""
    base = base_url(config)
    rows = []
    for code in book.codes():
        kind, prefix = _CODEBOOK_KINDS[code.kind]
        label = labels.get(prefix + code.id) or {}
        rows.append({"kind": kind, "id": code.id, "label_vi": label.get("vi"), "label_en": label.get("en"),
                     "definition_vi": code.definition.get("vi"), "definition_en": code.definition.get("en"),
                     "cues": list(code.cues),
                     "examples": [{"plan": e.plan, "ref": e.ref, "quote": e.quote,
                                   "url": base + urls.plan(e.plan)} for e in code.examples]})
    for tid, th in reg.themes.items():
        rows.append({"kind": "theme", "id": tid, "label_vi": th.get("vi"), "label_en": th.get("en"),
                     "definition_vi": th.get("definition_vi"), "definition_en": th.get("definition"),
                     "cues": [], "examples": []})
    gp = book.generic_partners or {}
    return {"codes": rows, "generic_partners": {"rule_vi": gp.get("vi"), "rule_en": gp.get("en")} if gp else None}


def codebook_files(book, reg: Registry, labels: Mapping, config: Mapping) -> dict[str, bytes]:
    data = codebook_json(book, reg, labels, config)
    flat = {"cues": lambda v: ";".join(v), "examples": lambda v: ";".join(f"{e['plan']}#{e['ref']}" for e in v)}
    rows = [tuple(flat[k](r[k]) if k in flat else r[k] for k in CODEBOOK_COLUMNS) for r in data["codes"]]
    return {"data/codebook.json": _json(data), "data/codebook.csv": _csv(CODEBOOK_COLUMNS, rows)}


_FORMATS = {"csv": ("CSV", "text/csv"), "json": ("JSON", "application/json"), "atom": ("Atom", "application/atom+xml"),
            "xlsx": ("XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")}


def data_index(plans: Iterable[Plan], reg: Registry, config: Mapping, languages: Mapping[str, Language], *,
               content: Path | None = None, updated: Mapping[str, str] | None = None,
               files: Mapping[str, bytes] | None = None) -> list[Download]:
    """The downloads, in display order: site-wide data, the feeds, then each plan's files.
    `files` (from `data_files`) saves making them again."""
    plans = sort_plans(plans, reg)
    if files is None:
        files = data_files(plans, reg, config, languages, content=content, updated=updated)
    base = base_url(config)
    lic = config.get("licence") or {}

    def make(path: str, group: str, labels: tuple[str, tuple[str, ...]], plan: Plan | None = None,
             province: str | None = None) -> Download:
        fmt, mediatype = _FORMATS[path.rsplit(".", 1)[-1]]
        return Download(
            path=path, url=base + path, group=group, plan=plan.key if plan else None,
            plan_id=plan.plan_id if plan else None, province=plan.province if plan else province,
            title_key=labels[0], description_keys=labels[1], format=fmt, mediatype=mediatype, size=len(files[path]),
            licence=str(lic.get("name") or ""), licence_url=lic.get("url"))

    out = [make(path, "data", _labels(label, fmt == "csv")) for _name, label, path, fmt in _resources(files)]
    if XLSX_PATH in files:  # beside the CSV it mirrors
        out.insert(1, make(XLSX_PATH, "data", _labels("assignments_xlsx")))
    out.append(make("data/datapackage.json", "data", _labels("datapackage")))
    out.append(make("feed.atom", "feed", _labels("feed")))
    out += [make(f"provinces/{prov}/feed.atom", "feed", _labels("province_feed"), province=prov)
            for prov in _provinces(plans, reg)]
    shared = [k for k in PLAN_FILE_KINDS if k.shared]
    for p in plans:
        out += [make(urls.plan_data(p.key, k.name), "plan", _labels(k.label), plan=p) for k in shared]
    return out


def plan_table(downloads: Iterable[Download], plans: Iterable[Plan],
               reg: Registry) -> list[tuple[str, list[tuple[str, list[Download]]]]]:
    """The per-plan downloads of `data_index` for the /data/ page's table: (province, [(plan id, its
    files)]), provinces in Vietnamese collation (as their feeds), a province's plans in plan order,
    a plan's files in the order of PLAN_FILE_KINDS."""
    files: dict[str, list[Download]] = {}
    for d in downloads:
        if d.group == "plan":
            files.setdefault(d.plan, []).append(d)
    plans = sort_plans(plans, reg)
    rows: dict[str, list[tuple[str, list[Download]]]] = {}
    for p in plans:
        rows.setdefault(p.province, []).append((p.plan_id, files[p.key]))
    return [(prov, rows[prov]) for prov in _provinces(plans, reg)]


# ---------------------------------------------------------------------------------------------
# Functions over time: data/functions.csv (who holds each function in each plan) and
# data/handovers.csv (each province line's first succession across 1 March 2025, read against the decrees)

FUNCTION_FIELDS = (
    ("plan", "string", "Plan key (<province>/<plan-id>)", _REQ),
    ("province", "string", "Province id of the plan"),
    ("date", "date", "The plan's document date; empty if unknown"),
    ("function", "string", "A key role (proposer, lead, report_recipient, committee_standing_body, action_month, "
     "inspection, statistics) or theme-<theme id>", _REQ),
    ("state", "string", "named, not_named (the plan names no holder) or not_in_text (a partial text does not hold the "
     "place that would say)", {"constraints": {"enum": ["named", "not_named", "not_in_text"]}}),
    ("agency", "string", "The holder (agency id): a key role's agency; for a theme, the agency with the strongest "
     "role on the most tasks of the theme, collective bodies not counted"),
    ("role", "string", "Themes: the holder's role on those tasks (lead, responsible, coordinating)"),
    ("tasks", "integer", "Themes: the number of the theme's tasks the holder has in that role"),
    ("clause", "string", "The clause that names the holder (a key role's place, a theme's first such task)"),
)
FUNCTION_COLUMNS = tuple(f[0] for f in FUNCTION_FIELDS)
HANDOVER_FIELDS = (
    ("province", "string", "Province id of the later plan", _REQ),
    ("plan_before", "string", "The line's last plan dated before the restructuring date", _REQ),
    ("plan_after", "string", "The line's first plan dated on or after it", _REQ),
    ("function", "string", "As in functions.csv", _REQ),
    ("before", "string", "Holder in plan_before (empty: not named, or not in a partial text)"),
    ("after", "string", "Holder in plan_after"),
    ("expected", "string", "The agency the restructuring acts give the function to, from `before` (empty when "
     "`before` was not dissolved)"),
    ("acts", "string", "The acts of that lineage (registry ids), separated by ';'"),
    ("verdict", "string", "as_decree, other_agency, not_named (no longer named), newly_named, unchanged, reassigned "
     "(given to another agency, not by the restructuring) or not_in_text", _REQ),
)
HANDOVER_COLUMNS = tuple(f[0] for f in HANDOVER_FIELDS)
_FUNCTION_RESOURCES = (("functions", "functions", "data/functions.csv", "csv"),
                       ("handovers", "handovers", "data/handovers.csv", "csv"))


def function_files(plans: list[Plan], functions: Mapping, handovers) -> dict[str, bytes]:
    by_key = {p.key: p for p in plans}
    rows = [(p.key, p.province, p.date or "", h.function, h.state, h.agency or "", h.role or "",
             h.tasks if h.role else "", h.where or "")
            for p in plans for h in functions[p.key]]
    hand = [(by_key[h.b].province, h.a, h.b, r.function, r.before.agency or "", r.after.agency or "", r.expected or "",
             ";".join(r.acts), r.verdict) for h in handovers for r in h.rows]
    return {"data/functions.csv": _csv(FUNCTION_COLUMNS, rows), "data/handovers.csv": _csv(HANDOVER_COLUMNS, hand)}
