"""Validate: plan files against the JSON Schema, then the checks a schema cannot express.

Every problem becomes a Diagnostic with the line and column of the offending YAML node.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import stat
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path


from .checks import SCHEMAS, schema_errors, text_errors, type_name, validator
from .load import Diagnostic, Doc, inside, load_yaml
from .model import Plan, build_plan, path_part
from .registry import Registry, load_registry
from .text import squash

SCHEMA_PATH = SCHEMAS / "plan.schema.json"
PLAN_RE = re.compile(r"^\d{4}(-\d{4})?$")


def _draft7(node):
    """The schema in draft-07 words (fastjsonschema's): dependentRequired -> dependencies."""
    if isinstance(node, dict):
        return {("dependencies" if k == "dependentRequired" else k): _draft7(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_draft7(v) for v in node]
    return node


@lru_cache(maxsize=1)
def _fast_checks():
    """Compiled validators that only say valid or not: a valid file (the common case) skips the slow,
    precise validator, which runs only to word the errors of an invalid one."""
    try:
        import fastjsonschema
    except ImportError:
        return None
    defs = _draft7(json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))["$defs"])
    make = lambda name: fastjsonschema.compile({"$schema": "http://json-schema.org/draft-07/schema#",
                                                "$ref": f"#/$defs/{name}", "$defs": defs})
    return make("front"), make("body"), fastjsonschema.JsonSchemaException


def _schema_valid_fast(front, body) -> bool:
    checks = _fast_checks()
    if checks is None:
        return False
    check_front, check_body, failure = checks
    try:
        check_front(front)
        check_body(body)
        return True
    except failure:
        return False


@dataclass
class _Ctx:
    rel: str
    front: Doc
    body: Doc
    reg: Registry
    out: list

    def err(self, doc: Doc, path, message: str, severity="error"):
        self.out.append(Diagnostic(self.rel, *doc.where(path), message, severity))


SOURCE_MAX_BYTES = 5 * 1024 * 1024  # the longest real source is ~60 KB


def read_source(content: Path, src: str) -> tuple[str | None, str | None]:
    """(text, None) for a source file the site may publish, else (None, why not).

    The build republishes the file, and plans come from strangers' pull requests: the name must
    resolve, links followed, to a regular file inside content/sources/, of plan-text size, in UTF-8.
    """
    root = (content / "sources").resolve()
    name = Path(src)
    if name.is_absolute() or ".." in name.parts or name.parts[:1] != ("sources",):
        return None, f"source file '{src}' must be a path inside sources/ (sources/<name>.txt)"
    path = content / name
    try:
        if not os.path.lexists(path):
            return None, f"source file '{src}' not found under {content}"
        real = path.resolve(strict=True)
        info = real.stat()
    except (OSError, RuntimeError):  # a name too long, a link loop, a dangling link
        return None, f"source file '{src}' not found under {content}"
    if not real.is_relative_to(root):
        return None, f"source file '{src}' resolves outside {content / 'sources'} (links must stay inside it)"
    if not stat.S_ISREG(info.st_mode):
        return None, f"source file '{src}' is not a regular file"
    if info.st_size > SOURCE_MAX_BYTES:
        return None, f"source file '{src}' is {info.st_size} bytes; source texts are limited to {SOURCE_MAX_BYTES // (1024 * 1024)} MB"
    data = real.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, f"source file '{src}' is not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})"
    bad = _SOURCE_CONTROL.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        return None, f"source file '{src}' has control character U+{ord(bad.group()):04X} on its line {line}"
    return text, None


# A published text may carry tabs, line ends and form feeds (page breaks), never other controls.
_SOURCE_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _date(s):
    try:
        return dt.date.fromisoformat(s) if isinstance(s, str) else None
    except ValueError:
        return None


def _reference_checks(c: _Ctx, plan_path: Path, content: Path):
    f, b, reg = c.front.value, c.body.value, c.reg
    # File path: plans/<province>/<plan-id>.yml
    if plan_path.parent.name != f["province"]:
        c.err(c.front, ("province",), f"province '{f['province']}' does not match the folder '{plan_path.parent.name}'")
    if plan_path.stem != f["plan_id"]:
        c.err(c.front, ("plan_id",), f"plan_id '{f['plan_id']}' does not match the file name '{plan_path.name}'")
    if f["province"] not in reg.provinces:
        c.err(c.front, ("province",), f"unknown province '{f['province']}' (see registry/provinces.yml)")
    y0, y1 = f["period"]["from"], f["period"]["to"]
    if not (2000 <= y0 <= y1 <= 2050):
        c.err(c.front, ("period",), f"period {y0}–{y1} is not a sane range of years (2000–2050, from ≤ to)")
    expected_id = str(y0) if f["kind"] == "annual" else f"{y0}-{y1}"
    if f["kind"] == "annual" and y0 != y1:
        c.err(c.front, ("period",), f"an annual plan covers one year, not {y0}–{y1}")
    elif f["plan_id"] != expected_id:
        c.err(c.front, ("plan_id",), f"plan_id '{f['plan_id']}' does not match the period (expected '{expected_id}')")
    doc_date = _date(f["document"].get("date"))
    if f["document"].get("date") and not doc_date:
        c.err(c.front, ("document", "date"), f"'{f['document']['date']}' is not a valid date")
    if doc_date and not (y0 - 2 <= doc_date.year <= y1):
        c.err(c.front, ("document", "date"), f"issue date {doc_date} is far from the plan's period {y0}–{y1}")
    when = doc_date or dt.date(min(max(y0, 1), 9999), 1, 1)  # an insane year is reported above; don't crash on it

    def agency(doc, path, aid, role_desc):
        a = reg.agencies.get(aid)
        if a is None:
            c.err(doc, path, f"unknown agency '{aid}' in {role_desc} (see registry/agencies.yml)")
            return
        vf, vt = _date(a.get("valid_from")), _date(a.get("valid_to"))
        if (vt and when > vt) or (vf and when < vf):
            span = f"{a.get('valid_from') or '…'} to {a.get('valid_to') or '…'}"
            c.err(doc, path, f"agency '{aid}' ({a['vi']}) did not exist on {when} (valid {span})", "warning")

    text_status = (f.get("text") or {}).get("status", "full")
    if f.get("lead_agency") is not None:
        agency(c.front, ("lead_agency",), f["lead_agency"], "lead_agency")
    elif text_status != "partial":
        c.err(c.front, ("lead_agency",), "lead_agency is null: only a partial text (text: {status: partial, ...}) may leave it unknown")
    if f.get("proposal"):
        agency(c.front, ("proposal", "agency"), f["proposal"]["agency"], "proposal")
    for name, kr in (f.get("key_roles") or {}).items():
        if kr:
            agency(c.front, ("key_roles", name, "agency"), kr["agency"], f"key_roles/{name}")
    src = f["source"]["file"]
    text, problem = read_source(content, src)
    if problem:
        c.err(c.front, ("source", "file"), problem)
    else:
        raw = squash(text)
        for i, r in enumerate(f.get("repairs") or []):
            if r["find"] not in raw:
                c.err(c.front, ("repairs", i, "find"), f"repair #{i + 1}: {r['find']!r} does not occur in the source text")

    # Body
    anchors: dict[str, tuple] = {}

    def anchor(doc, path, ident):
        if ident in anchors:
            line = doc.where(anchors[ident])[0]
            c.err(doc, path, f"duplicate id '{ident}' (first used on line {line})")
        else:
            anchors[ident] = path

    places = {"preamble", "closing"}  # what `where` may name: these, and every section, block and item ref
    if b.get("letterhead"):
        places.add("letterhead")
    if b.get("decision"):
        places.add("decision")

    def item(path, raw, parent_ref, pos, is_task):
        ref = f"{parent_ref}.{path_part(raw.get('label'), pos)}"
        places.add(ref)
        if is_task or raw.get("id"):
            anchor(c.body, path + ("id",), raw["id"])
            if raw.get("ref") != ref:
                c.err(c.body, path + ("ref",), f"ref '{raw.get('ref')}' does not match the item's place in the text ('{ref}')")
            for aid in raw.get("roles") or {}:
                agency(c.body, path + ("roles", aid), aid, f"task '{raw['id']}'")
            for j, t in enumerate(raw.get("themes") or []):
                if t not in reg.themes:
                    c.err(c.body, path + ("themes", j), f"unknown theme '{t}' (see registry/themes.yml)")
            for j, ind in enumerate(raw.get("indicators") or []):
                if ind not in reg.indicators:
                    c.err(c.body, path + ("indicators", j), f"unknown NQ 28 indicator '{ind}' (see registry/indicators.yml)")
        for j, sub in enumerate(raw.get("items") or []):
            item(path + ("items", j), sub, ref, j + 1, False)

    numbers = set()
    for si, s in enumerate(b.get("sections") or []):
        sp = ("sections", si)
        if s["number"] in numbers:
            c.err(c.body, sp + ("number",), f"duplicate section number '{s['number']}'")
        numbers.add(s["number"])
        places.add(s["number"])
        if s["kind"] == "implementation" and not s.get("blocks"):
            c.err(c.body, sp, "an implementation section needs agency blocks")
        if s["kind"] != "implementation" and s.get("blocks"):
            c.err(c.body, sp + ("blocks",), "only implementation sections have agency blocks")
        for j, it in enumerate(s.get("items") or []):
            item(sp + ("items", j), it, s["number"], j + 1, False)
        for bi, blk in enumerate(s.get("blocks") or []):
            bp = sp + ("blocks", bi)
            anchor(c.body, bp + ("id",), blk["id"])
            for j, aid in enumerate(blk["agencies"]):
                agency(c.body, bp + ("agencies", j), aid, f"block '{blk['id']}'")
            bref = f"{s['number']}.{path_part(blk.get('label'), bi + 1)}"
            places.add(bref)
            for ti, t in enumerate(blk["tasks"]):
                item(bp + ("tasks", ti), t, bref, ti + 1, True)
                missing = [a for a in blk["agencies"] if a not in (t.get("roles") or {})]
                if missing:
                    c.err(c.body, bp + ("tasks", ti, "roles"), f"task '{t['id']}': no role for block agency {', '.join(missing)}")
    rec = (b.get("reporting") or {}).get("recipient")
    if rec:
        agency(c.body, ("reporting", "recipient"), rec, "reporting/recipient")
    # A `where` is a citation readers follow to the clause: it must name a place that exists.
    # (Report deadlines' `where` is not cited as a clause, and partial texts may lack the section.)
    wheres = [(c.front, ("key_roles", name), kr.get("where")) for name, kr in (f.get("key_roles") or {}).items() if kr]
    if f.get("text"):
        wheres.append((c.front, ("text",), f["text"].get("ends_at")))
    _completeness_checks(c, text_status)
    for doc, path, where in wheres:
        if where is not None and where not in places:
            c.err(doc, path + ("where",), f"{'/'.join(map(str, path))}/where: '{where}' is no place in this plan "
                                          "(a section, block or item ref such as 'IV.1.a', or 'preamble' or 'closing')")


def _completeness_checks(c: _Ctx, text_status: str):
    """A text that lacks the implementation section or the signature is incomplete: it must say so,
    so that no page counts the tasks of a missing section as absent."""
    f, b = c.front.value, c.body.value
    sections = b.get("sections") or []
    lacks = []
    if not any(s["kind"] == "implementation" for s in sections):
        lacks.append("no implementation section (TỔ CHỨC THỰC HIỆN)")
    if not (b.get("signature") or {}).get("lines"):
        lacks.append("no signature")
    if text_status == "full" and lacks:
        c.err(c.body, (), f"the text has {' and '.join(lacks)}: if our copy is incomplete, say so in the front matter "
                          "with text: {status: partial, ends_at: <last ref>, missing_vi: ..., missing_en: ...}")
    if text_status == "partial" and not lacks and not (f["text"].get("ends_at")):
        c.err(c.front, ("text",), "a partial text needs ends_at: the last place (ref) our copy reaches")


def check_file(path: Path, content: Path, reg: Registry, rel: str | None = None) -> tuple[Plan | None, list[Diagnostic]]:
    plan, errors, _ = _check(path, content, reg, rel)
    return plan, errors


def _check(path: Path, content: Path, reg: Registry, rel: str | None = None):
    """(plan or None, diagnostics, (line, col) of plan_id)."""
    rel = rel or str(path)
    if path.suffix not in (".yml", ".yaml"):
        return None, [Diagnostic(rel, 1, 1, "not a plan file: plan files are YAML files ending in .yml")], None
    docs, errors = load_yaml(path, rel)
    if errors:
        return None, errors, None
    if len(docs) != 2:
        return None, [Diagnostic(rel, *(docs[0].where(()) if docs else (1, 1)),
                                 f"expected two YAML documents (front matter, then body, separated by '---'); found {len(docs)}")], None
    front, body = docs
    for doc, name in ((front, "front matter"), (body, "body")):
        if not isinstance(doc.value, dict):
            errors.append(Diagnostic(rel, *doc.where(()), f"the {name} must be a mapping, got {type_name(doc.value)}"))
    if errors:
        return None, errors, None
    if not _schema_valid_fast(front.value, body.value):
        fv, bv = validator("plan.schema.json", "front"), validator("plan.schema.json", "body")
        errors += schema_errors(fv, front, rel, "front matter") + schema_errors(bv, body, rel, "body")
    errors += text_errors(front, rel) + text_errors(body, rel)
    if any(e.severity == "error" for e in errors):
        return None, errors, None
    ctx = _Ctx(rel, front, body, reg, [])
    _reference_checks(ctx, path, content)
    errors += ctx.out
    if any(e.severity == "error" for e in errors):
        return None, errors, None
    return build_plan(front.value, body.value, rel), errors, front.where(("plan_id",))


def validate_paths(paths: list[Path], content: Path, reg: Registry | None = None) -> tuple[list[Plan], list[Diagnostic]]:
    """Validate files (or folders of them); also checks that plan keys are unique."""
    errors: list[Diagnostic] = []
    if reg is None:
        reg, errors = load_registry(content)
        if reg is None:
            return [], errors
    files: list[Path] = []
    for p in paths:
        files += sorted(x for x in p.rglob("*") if x.is_file() or x.is_symlink()) if p.is_dir() else [p]
    plans, first = [], {}
    for f in dict.fromkeys(files):  # a file named twice is read once
        if f.name.startswith(".") or f.name in ("README.md",):
            continue
        folder = next((p for p in paths if p.is_dir() and f.is_relative_to(p)), None)
        if folder is not None and not inside(f, folder):
            errors.append(Diagnostic(str(f), 1, 1, f"a link to a file outside {folder}: plan files must be files inside it"))
            continue
        plan, errs, id_mark = _check(f, content, reg)
        errors += errs
        if not plan:
            continue
        # `2020.yml` beside `2020.yaml`: one plan key, two files; publishing either would hide the other.
        if plan.key in first:
            errors.append(Diagnostic(str(f), *id_mark, f"plan '{plan.key}' is defined twice: in {first[plan.key]} and in {f}"))
            continue
        first[plan.key] = f
        plans.append(plan)
    return plans, errors


def load_plans(content: Path) -> tuple[list[Plan], Registry | None, list[Diagnostic]]:
    reg, errors = load_registry(content)
    if reg is None:
        return [], None, errors
    plans, errs = validate_paths([content / "plans"], content, reg)
    return plans, reg, errors + errs
