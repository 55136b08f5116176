"""Settings: site_config.yml, read like content and checked by schema/site_config.schema.json.

Every value here reaches pages, feeds or the renderer's config, so each is checked for what it
is (a URL is an http(s) URL, a language a code, a citation a pattern with known placeholders),
with every problem a `site_config.yml:line:col: error:` line; unknown keys are reported.
"""
from __future__ import annotations

import datetime as dt
import string
from pathlib import Path

from .checks import schema_errors, text_errors, validator
from .load import Diagnostic, Doc, load_yaml

CITATION_FIELDS = {"date", "title", "url"}
PER_LANGUAGE = (("title",), ("tagline",), ("citation",))  # settings every language must have


def load_settings(path: Path, rel: str | None = None) -> tuple[dict | None, list[Diagnostic]]:
    """The settings as a plain mapping, or None and every problem found."""
    rel = rel or str(path)
    docs, errors = load_yaml(path, rel=rel, max_docs=1)
    if errors:
        return None, errors
    if not docs or not isinstance(docs[0].value, dict):
        return None, [Diagnostic(rel, 1, 1, "site_config.yml must be a mapping of settings")]
    doc = docs[0]
    errors = schema_errors(validator("site_config.schema.json", "settings"), doc, rel, "settings") + text_errors(doc, rel)
    if not errors:
        errors = _meaning_errors(doc, rel)
    return (None if errors else doc.value), errors


def _meaning_errors(doc: Doc, rel: str) -> list[Diagnostic]:
    """What the schema cannot say: real dates, one text per language, citation placeholders."""
    s, out = doc.value, []
    err = lambda path, message: out.append(Diagnostic(rel, *doc.where(path), message))
    for path in (("data_date",), ("compare", "restructuring_date")):
        value = s.get(path[0]) if len(path) == 1 else (s.get(path[0]) or {}).get(path[1])
        if value is not None:
            try:
                dt.date.fromisoformat(value)
            except ValueError:
                err(path, f"{'/'.join(path)}: '{value}' is not a date")
    default = s["languages"][0]  # other languages fall back to it (build warns); the default has no fallback
    for path in PER_LANGUAGE + (("licence", "text"), ("publisher", "name"), ("contact", "label")):
        texts = s.get(path[0]) if len(path) == 1 else (s.get(path[0]) or {}).get(path[1])
        if texts is not None and default not in texts:
            err(path, f"{'/'.join(path)}: no text for the default language '{default}' (the first in languages)")
    if s.get("content_language") not in (None, *s["languages"]):
        err(("content_language",), f"content_language: '{s['content_language']}' is not one of languages")
    for lang, pattern in s["citation"].items():
        try:
            fields = [(name, spec, conv) for _, name, spec, conv in string.Formatter().parse(pattern) if name is not None]
        except ValueError as exc:
            err(("citation", lang), f"citation/{lang}: {exc} (write braces as {{{{ and }}}})")
            continue
        if any(spec or conv for _, spec, conv in fields):  # `{title:>99999999}` would build a huge string
            err(("citation", lang), f"citation/{lang}: placeholders take no format or conversion, only {{name}}")
        unknown = sorted({name for name, _, _ in fields} - CITATION_FIELDS)
        if unknown:
            err(("citation", lang), f"citation/{lang}: unknown placeholder {', '.join('{' + n + '}' for n in unknown)} "
                                    f"(known: {', '.join('{' + n + '}' for n in sorted(CITATION_FIELDS))})")
    return out
