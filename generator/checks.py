"""Checks every YAML document gets (plans, registries, settings): JSON Schema, worded and located,
and the text rules. Each problem is a Diagnostic at the line and column of its node."""
from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match

from .load import Diagnostic, Doc

# Characters no plan text needs: controls, zero-width and line/paragraph separators, and the bidi
# embeddings, overrides and isolates (U+202A-E, U+2066-9) that make text display other than it reads.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff\ufff9-\ufffb\ufffe\uffff]")


SCHEMAS = Path(__file__).resolve().parent.parent / "schema"


@lru_cache(maxsize=None)
def validator(schema_file: str, definition: str) -> Draft202012Validator:
    """The validator of one definition (`$defs/<definition>`) of a schema file in schema/."""
    schema = json.loads((SCHEMAS / schema_file).read_text(encoding="utf-8"))
    return Draft202012Validator({"$ref": f"#/$defs/{definition}", "$defs": schema["$defs"]})


def type_name(value) -> str:
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
    if isinstance(value, bytes):
        return "binary data"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "a string"


def schema_message(err, root: str = "document") -> str:
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
        return f"{where}: expected {expected}, got {type_name(v)}{hint}"
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


def schema_errors(validator, doc: Doc, rel: str, root: str = "document") -> list[Diagnostic]:
    out = []
    for err in validator.iter_errors(doc.value):
        while err.context:  # oneOf / anyOf / allOf: report the branch that came closest
            err = best_match(err.context)
        # For a missing key, point at the mapping; for an unknown key, at the key; for a bad value, at the value.
        line, col = doc.where(err.absolute_path)
        if err.validator == "additionalProperties" and isinstance(err.instance, dict):
            extra = [tuple(err.absolute_path) + (k,) for k in err.instance if k not in err.schema.get("properties", {})]
            line, col = min((doc.keys[k] for k in extra if k in doc.keys), default=(line, col))
        out.append(Diagnostic(rel, line, col, schema_message(err, root)))
    return sorted(set(out), key=lambda d: (d.line, d.col, d.message))


def walk_strings(value, path=(), keys=False):
    """(path, string, is_key) of every string value; with `keys`, of every mapping key too."""
    if isinstance(value, str):
        yield path, value, False
    elif isinstance(value, dict):
        for k, v in value.items():
            if keys and isinstance(k, str):
                yield path + (k,), k, True
            yield from walk_strings(v, path + (k,), keys)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from walk_strings(v, path + (i,), keys)


def text_errors(doc: Doc, rel: str) -> list[Diagnostic]:
    """Text rules for every string of a document, keys included (plans, registries, settings)."""
    out = []
    for path, s, is_key in walk_strings(doc.value, keys=True):
        problems = []
        m = _CONTROL.search(s)
        if m:
            problems.append(f"control character U+{ord(m.group()):04X} in text")
        if s and not s.strip():
            problems.append("text is only white space")
        # A repair's `find` quotes damaged source text, which is often not NFC by nature.
        if not unicodedata.is_normalized("NFC", s) and not (len(path) == 3 and path[0] == "repairs" and path[2] == "find"):
            problems.append("text is not NFC-normalised Vietnamese")
        if problems:  # where and name are worked out only for the rare string that needs them
            line, col = doc.keys.get(path, (1, 1)) if is_key else doc.where(path)
            name = "/".join(map(str, path)) or "document"
            out += [Diagnostic(rel, line, col, f"{name}: {problem}") for problem in problems]
    return out


def read_checked(path: Path, content: Path, schema_file: str, definition: str, name: str) -> tuple[Doc | None, list[Diagnostic]]:
    """One optional data file of content/ (catalogue, revisions): (None, []) when absent; else the
    document, or None and every schema and text problem located."""
    from .load import inside, load_yaml
    rel = str(path)
    if not path.exists() and not path.is_symlink():
        return None, []
    if path.is_symlink() and not inside(path, content):
        return None, [Diagnostic(rel, 1, 1, f"a link to a file outside {content}: {name} must be a file inside it")]
    found, errs = load_yaml(path, rel=rel, max_docs=1)
    if not errs and not (found and isinstance(found[0].value, dict)):
        errs = [Diagnostic(rel, 1, 1, f"the {name} must be a mapping, got {type_name(found[0].value) if found else 'nothing'}")]
    if not errs:
        errs = schema_errors(validator(schema_file, definition), found[0], rel, name) + text_errors(found[0], rel)
    return (None if errs else found[0]), errs
