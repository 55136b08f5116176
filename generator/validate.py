"""Validate: plan files against the JSON Schema, then the checks a schema cannot express.

Every problem becomes a Diagnostic with the line and column of the offending YAML node.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match

from .load import Diagnostic, Doc, load_yaml
from .model import Plan, build_plan, path_part
from .registry import Registry, load_registry
from .text import squash

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "schema" / "plan.schema.json"
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\ufeff]")
PLAN_RE = re.compile(r"^\d{4}(-\d{4})?$")


@lru_cache(maxsize=1)
def _validators():
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    make = lambda name: Draft202012Validator({"$ref": f"#/$defs/{name}", "$defs": schema["$defs"]})
    return make("front"), make("body")


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


def _type_name(value) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (dt.date, dt.datetime)):
        return "a date"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number"
    if value is None:
        return "null"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "a string"


def _schema_message(err, root: str = "document") -> str:
    where = "/".join(str(p) for p in err.absolute_path) or root
    v = err.instance
    if err.validator == "type":
        expected = err.validator_value if isinstance(err.validator_value, str) else " or ".join(err.validator_value)
        hint = ""
        if "string" in expected and isinstance(v, bool):
            hint = " (YAML 1.1 reads yes/no/on/off as booleans: quote the value)"
        elif "string" in expected and isinstance(v, (dt.date, dt.datetime)):
            hint = f" (YAML reads unquoted dates as dates: write \"{v.isoformat()}\")"
        elif "string" in expected and isinstance(v, (int, float)):
            hint = " (YAML reads it as a number, dropping leading zeros: quote the value)"
        return f"{where}: expected {expected}, got {_type_name(v)}{hint}"
    if err.validator == "additionalProperties":
        extra = sorted(set(v) - set(err.schema.get("properties", {})))
        return f"{where}: unknown field{'s' if len(extra) > 1 else ''} {', '.join(repr(e) for e in extra)}"
    if err.validator == "required":
        return f"{where}: {err.message}"
    if err.validator == "enum":
        return f"{where}: {v!r} is not one of {', '.join(map(str, err.validator_value))}"
    if err.validator == "pattern":
        return f"{where}: {v!r} does not match the expected form {err.validator_value}"
    if err.validator == "const":
        return f"{where}: must be {err.validator_value!r}"
    return f"{where}: {err.message}"


def _schema_errors(validator, doc: Doc, rel: str, root: str = "document") -> list[Diagnostic]:
    out = []
    for err in validator.iter_errors(doc.value):
        while err.context:  # oneOf / anyOf / allOf: report the branch that came closest
            err = best_match(err.context)
        # For a missing key, point at the mapping; for an unknown key, at the key; for a bad value, at the value.
        line, col = doc.where(err.absolute_path)
        if err.validator == "additionalProperties" and isinstance(err.instance, dict):
            extra = [tuple(err.absolute_path) + (k,) for k in err.instance if k not in err.schema.get("properties", {})]
            line, col = min((doc.keys[k] for k in extra if k in doc.keys), default=(line, col))
        out.append(Diagnostic(rel, line, col, _schema_message(err, root)))
    return sorted(set(out), key=lambda d: (d.line, d.col, d.message))


def _walk_strings(value, path=()):
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _walk_strings(v, path + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _walk_strings(v, path + (i,))


def _text_errors(doc: Doc, rel: str) -> list[Diagnostic]:
    out = []
    for path, s in _walk_strings(doc.value):
        line, col = doc.where(path)
        m = _CONTROL.search(s)
        if m:
            out.append(Diagnostic(rel, line, col, f"{'/'.join(map(str, path))}: control character U+{ord(m.group()):04X} in text"))
        # A repair's `find` quotes damaged source text, which is often not NFC by nature.
        if not unicodedata.is_normalized("NFC", s) and not (len(path) == 3 and path[0] == "repairs" and path[2] == "find"):
            out.append(Diagnostic(rel, line, col, f"{'/'.join(map(str, path))}: text is not NFC-normalised Vietnamese"))
    return out


@dataclass
class _Ctx:
    rel: str
    front: Doc
    body: Doc
    reg: Registry
    out: list

    def err(self, doc: Doc, path, message: str, severity="error"):
        self.out.append(Diagnostic(self.rel, *doc.where(path), message, severity))


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

    agency(c.front, ("lead_agency",), f["lead_agency"], "lead_agency")
    if f.get("proposal"):
        agency(c.front, ("proposal", "agency"), f["proposal"]["agency"], "proposal")
    for name, kr in (f.get("key_roles") or {}).items():
        if kr:
            agency(c.front, ("key_roles", name, "agency"), kr["agency"], f"key_roles/{name}")
    src = f["source"]["file"]
    if not os.path.isfile(content / src):  # os.path: False (not OSError) for a name too long
        c.err(c.front, ("source", "file"), f"source file '{src}' not found under {content}")
    else:
        raw = squash((content / src).read_text(encoding="utf-8", errors="replace"))
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

    def item(path, raw, parent_ref, pos, is_task):
        ref = f"{parent_ref}.{path_part(raw.get('label'), pos)}"
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
            for ti, t in enumerate(blk["tasks"]):
                item(bp + ("tasks", ti), t, bref, ti + 1, True)
                missing = [a for a in blk["agencies"] if a not in (t.get("roles") or {})]
                if missing:
                    c.err(c.body, bp + ("tasks", ti, "roles"), f"task '{t['id']}': no role for block agency {', '.join(missing)}")
    rec = (b.get("reporting") or {}).get("recipient")
    if rec:
        agency(c.body, ("reporting", "recipient"), rec, "reporting/recipient")


def check_file(path: Path, content: Path, reg: Registry, rel: str | None = None) -> tuple[Plan | None, list[Diagnostic]]:
    rel = rel or str(path)
    if path.suffix not in (".yml", ".yaml"):
        return None, [Diagnostic(rel, 1, 1, "not a plan file: plan files are YAML files ending in .yml")]
    docs, errors = load_yaml(path, rel)
    if errors:
        return None, errors
    if len(docs) != 2:
        return None, [Diagnostic(rel, *(docs[0].where(()) if docs else (1, 1)),
                                 f"expected two YAML documents (front matter, then body, separated by '---'); found {len(docs)}")]
    front, body = docs
    for doc, name in ((front, "front matter"), (body, "body")):
        if not isinstance(doc.value, dict):
            errors.append(Diagnostic(rel, *doc.where(()), f"the {name} must be a mapping, got {_type_name(doc.value)}"))
    if errors:
        return None, errors
    if not _schema_valid_fast(front.value, body.value):
        fv, bv = _validators()
        errors += _schema_errors(fv, front, rel, "front matter") + _schema_errors(bv, body, rel, "body")
    errors += _text_errors(front, rel) + _text_errors(body, rel)
    if any(e.severity == "error" for e in errors):
        return None, errors
    ctx = _Ctx(rel, front, body, reg, [])
    _reference_checks(ctx, path, content)
    errors += ctx.out
    if any(e.severity == "error" for e in errors):
        return None, errors
    return build_plan(front.value, body.value, rel), errors


def plan_files(content: Path) -> list[Path]:
    root = content / "plans"
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else []


def validate_paths(paths: list[Path], content: Path) -> tuple[list[Plan], list[Diagnostic]]:
    """Validate files (or folders of them); also checks that plan keys are unique."""
    reg, errors = load_registry(content)
    if reg is None:
        return [], errors
    files: list[Path] = []
    for p in paths:
        files += sorted(x for x in p.rglob("*") if x.is_file()) if p.is_dir() else [p]
    plans = []
    for f in files:
        if f.name.startswith(".") or f.name in ("README.md",):
            continue
        plan, errs = check_file(f, content, reg)
        errors += errs
        if plan:
            plans.append(plan)
    return plans, errors


def load_plans(content: Path) -> tuple[list[Plan], Registry | None, list[Diagnostic]]:
    reg, errors = load_registry(content)
    if reg is None:
        return [], None, errors
    plans, errs = validate_paths([content / "plans"], content)
    return plans, reg, errors + errs
