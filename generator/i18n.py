"""Languages are data: reader-facing words come from the label files (templates/i18n.yml and one file
per page family in templates/i18n/), the registries and the settings.

`Language` is what a view or template asks for words in one language. Nothing here knows any
particular language: a label, name or setting missing in a language falls back to the default
language (the first in `languages`), and `missing()` counts what fell back, for one warning.
"""
from __future__ import annotations

from pathlib import Path

from .load import Diagnostic, load_yaml

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
LABELS_FILE = "i18n.yml"
LABELS_DIR = "i18n"  # more label files, one per page family: a label lives in exactly one file
SETTINGS_PER_LANGUAGE = ("title", "tagline", "citation")


def label_files(templates: Path = TEMPLATES) -> list[Path]:
    return [templates / LABELS_FILE, *sorted((templates / LABELS_DIR).glob("*.yml"))]


def load_labels(templates: Path = TEMPLATES) -> tuple[dict | None, list[Diagnostic]]:
    """label -> {language code: text, or {one: ..., other: ...} for a count}, from every label file;
    located errors if one is malformed or a label is defined twice."""
    table, errors, seen = {}, [], {}
    for path in label_files(templates):
        docs, file_errors = load_yaml(path, rel=str(path), max_docs=1)
        errors += file_errors
        if file_errors:
            continue
        part = docs[0].value if docs else None
        if not isinstance(part, dict):
            errors.append(Diagnostic(str(path), 1, 1, "the labels must be a mapping: label -> {language: text}"))
            continue
        for key, entry in part.items():
            line, col = docs[0].where((key,))
            if key in seen:
                errors.append(Diagnostic(str(path), line, col, f"label '{key}' is already defined in {seen[key]}"))
            elif not isinstance(entry, dict) or not all(isinstance(v, (str, dict)) for v in entry.values()):
                errors.append(Diagnostic(str(path), line, col, f"label '{key}': expected {{language: text}}"))
            else:
                seen[key] = f"{path}:{line}"
                table[key] = entry
    return (None if errors else table), errors


class Language:
    """Words in one language: labels, registry names, settings; with the default language behind each."""

    def __init__(self, code: str, languages: list[str], labels: dict, reg, settings: dict):
        self.code = code
        self.languages = list(languages)
        self.default = self.languages[0]
        self.root = "" if code == self.default else f"{code}/"
        self.labels = labels
        self.reg = reg
        self.settings = settings
        self.source = settings.get("content_language") or self.default  # the language plans are written in

    # --- labels ----------------------------------------------------------------------------

    def t(self, key: str, **kw) -> str:
        entry = self.labels.get(key)
        if entry is None:
            raise KeyError(f"missing UI label '{key}' in templates/{LABELS_FILE} or templates/{LABELS_DIR}/")
        text = entry.get(self.code)
        if text is None:
            text = entry[self.default]
        if isinstance(text, dict):  # a count: {one: ..., other: ...}
            text = text["one"] if kw.get("n") == 1 and "one" in text else text["other"]
        return text.format(**kw) if kw else text

    def missing(self) -> list[str]:
        """Labels and settings this language takes from the default language."""
        out = [k for k, entry in self.labels.items() if self.code not in entry]
        out += [k for k in SETTINGS_PER_LANGUAGE if self.code not in (self.settings.get(k) or {})]
        return out

    def language_name(self, code: str) -> str:
        """A language's own name for itself (e.g. on the language switch)."""
        return (self.labels.get("language_name") or {}).get(code) or code

    # --- settings ----------------------------------------------------------------------------

    def setting(self, key: str) -> str:
        """A per-language setting (title, tagline, citation, ...), the default language's if absent."""
        value = self.settings[key]
        return value.get(self.code) or value[self.default]

    def localized(self, obj, field: str) -> tuple[str | None, str]:
        """(text, its language) of a `field` that data gives per language: {field: {lang: text}} or
        `field_<lang>` keys; the language of the text is returned so `lang` attributes tell the truth."""
        if not obj:
            return None, self.code
        value = obj.get(field)
        if isinstance(value, dict):
            for code in (self.code, self.default, self.source):
                if value.get(code):
                    return value[code], code
        for code in (self.code, self.default, self.source, *self.languages):
            text = obj.get(f"{field}_{code}")
            if text:
                return text, code
        return None, self.code

    # --- registry names ----------------------------------------------------------------------

    def _name(self, entry: dict | None, fallback: str, short: bool = False) -> str:
        if not entry:
            return fallback
        if short and entry.get(f"short_{self.code}"):
            return entry[f"short_{self.code}"]
        return entry.get(self.code) or entry.get(self.source) or entry.get(self.default) or fallback

    def agency_name(self, agency_id: str, short: bool = False) -> str:
        return self._name(self.reg.agencies.get(agency_id), agency_id, short)

    def theme_name(self, theme_id: str) -> str:
        return self._name(self.reg.themes.get(theme_id), theme_id)

    def province_name(self, province_id: str) -> str:
        return self._name(self.reg.provinces.get(province_id), province_id)

    # --- dates -------------------------------------------------------------------------------

    def date(self, iso: str | None) -> str:
        """'2025-07-01' in this language's date format (label `date_format`, with `month_names`)."""
        if not iso:
            return ""
        y, m, d = int(iso[:4]), int(iso[5:7]), int(iso[8:10])
        return self.t("date_format", d=d, m=m, y=y, month=self.month_name(m))

    def day_month(self, d: int, m: int) -> str:
        """A day of a month with no year (a deadline each year), in this language's style (label `plan_day_month`)."""
        return self.t("plan_day_month", d=d, m=m, month=self.month_name(m))

    def month_name(self, m: int) -> str:
        return self.t("month_names").split("|")[m - 1]

