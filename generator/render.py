"""Render: jinja2 templates from templates/, one environment per language. No markup in Python.

Autoescape is always on (every string from YAML is escaped; nothing from data is marked safe) and
undefined names fail (StrictUndefined): a typo in a template stops the build instead of printing
a blank.
"""
from __future__ import annotations

import json
from pathlib import Path

import jinja2

from . import urls
from .i18n import TEMPLATES, Language
from .model import KEY_ROLE_NAMES
from .text import fold


def environment(templates: Path = TEMPLATES) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=False,
    )


class Renderer:
    """Templates in one language: `render` for a page body, `render_file` for a file (SVG, feed)."""

    def __init__(self, language: Language, templates: Path = TEMPLATES, cache=None, inputs: str = ""):
        """`cache`: the build cache, for compiled templates and rendered files; `inputs`: the digest
        of what templates may read besides their context (registries, settings, labels)."""
        self.language = language
        self.cache = cache if cache is not None and cache.enabled else None
        self.inputs = inputs
        self.lang = language.code
        self.reg = language.reg
        self.config = language.settings
        self.t = language.t
        self.agency_name = language.agency_name
        self.theme_name = language.theme_name
        self.province_name = language.province_name
        self.env = environment(templates)
        if self.cache:
            self.env.bytecode_cache = TemplateCache(self.cache)
        self.env.globals.update(
            t=language.t, lang=language.code, source_lang=language.source, language=language,
            reg=language.reg, config=language.settings, urls=urls,
            agency_name=language.agency_name, theme_name=language.theme_name,
            province_name=language.province_name, localized=language.localized, local_date=language.date,
            fold=fold, safe_url=safe_url, key_role_names=KEY_ROLE_NAMES,
            tojson_attr=lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True))
        self.env.filters.update(province_name=language.province_name, agency_name=language.agency_name,
                                theme_name=language.theme_name)

    def render_file(self, template: str, **context) -> str:
        """Render a template that is a file of its own (an SVG figure, a feed), not a page; from the
        build cache when the same template rendered the same context before."""
        return self._cached(("file", template), context, lambda: self.env.get_template(template).render(**context))[0]

    def render(self, template: str, page_path: str, **context) -> str:
        """Render a page body for `page_path` (a directory URL relative to the language root)."""
        here = self.language.root + page_path
        root = self.language.root
        context.update(page_path=page_path,
                       url=lambda target: urls.relative(here, root + target),
                       root_url=lambda target: urls.relative(here, target))
        return self.env.get_template(template).render(**context)

    def render_cached(self, template: str, page_path: str, **context) -> tuple[str, bool]:
        """`render`, from the build cache when its template, place and context are all unchanged;
        and whether it came from there."""
        return self._cached(("page", template, page_path), context,
                            lambda: self.render(template, page_path, **context))

    def _cached(self, what: tuple[str, ...], context: dict, make) -> tuple[str, bool]:
        """make()'s text, kept under `what`, this language, the inputs and the context's fingerprint.
        No cache, or a context that cannot be fingerprinted: made every time."""
        fp = self.cache.fingerprints.of(context) if self.cache else None
        if fp is None:
            return make(), False
        key = self.cache.key(*what, self.lang, self.inputs, fp)
        hit = self.cache.get("rendered", key)
        if hit is not None:
            return hit.decode("utf-8"), True
        text = make()
        self.cache.put("rendered", key, text.encode("utf-8"))
        return text, False


class TemplateCache(jinja2.BytecodeCache):
    """Compiled templates kept in the build cache: compiling them all is seconds in every process.
    jinja2 checks the template source's checksum, which is also in the key."""

    def __init__(self, cache):
        self.cache = cache

    def _key(self, bucket) -> str:
        return self.cache.key("template", bucket.key, bucket.checksum)

    def load_bytecode(self, bucket) -> None:
        data = self.cache.get("templates", self._key(bucket))
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket) -> None:
        self.cache.put("templates", self._key(bucket), bucket.bytecode_to_string())


def safe_url(url: str | None) -> str | None:
    """Only http(s) links from data become hrefs; anything else (javascript:, data:) is shown as text."""
    if url and url.strip().lower().startswith(("https://", "http://")):
        return url.strip()
    return None
