"""Render: jinja2 templates from templates/ into page fragments. Autoescape is always on."""
from __future__ import annotations

import html
import json
import posixpath
from functools import lru_cache
from pathlib import Path

import jinja2
import yaml

from .text import collation_key, fold

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def load_labels(templates: Path = TEMPLATES) -> dict:
    return yaml.safe_load((templates / "i18n.yml").read_text(encoding="utf-8"))


@lru_cache(maxsize=65536)
def relative(from_page: str, target: str) -> str:
    """Link from one directory-URL page ('provinces/x/') to another path, relatively.

    Relative links keep the site working under any base path (GitHub Pages project sites).
    """
    target_path, _, frag = target.partition("#")
    base = posixpath.dirname(from_page.rstrip("/") + "/x") if from_page else ""
    if target_path == "" and frag:
        return "#" + frag
    rel = posixpath.relpath(target_path or ".", base or ".")
    if (target_path == "" or target_path.endswith("/")) and not rel.endswith("/"):
        rel += "/"
    return rel + ("#" + frag if frag else "")


class Renderer:
    def __init__(self, reg, config: dict, lang: str, templates: Path = TEMPLATES):
        self.reg = reg
        self.config = config
        self.lang = lang
        self.labels = load_labels(templates)
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(templates)),
            autoescape=True,  # every string from YAML is escaped; nothing is marked safe from data
            undefined=jinja2.ChainableUndefined,  # optional registry fields may be absent
            trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=False,
        )
        self.env.globals.update(t=self.t, lang=lang, reg=reg, config=config, agency_name=self.agency_name,
                                theme_name=self.theme_name, province_name=self.province_name, fold=fold,
                                safe_url=safe_url, tojson_attr=lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True))
        self.env.filters.update(province_name=self.province_name, agency_name=self.agency_name, theme_name=self.theme_name)
        self.env.filters["vi_sort"] = lambda items, attr=None: sorted(
            items, key=lambda x: collation_key(getattr(x, attr) if attr and not isinstance(x, dict) else (x[attr] if attr else x)))

    def t(self, key: str, **kw) -> str:
        entry = self.labels.get(key)
        if entry is None:
            raise KeyError(f"missing UI label '{key}' in templates/i18n.yml")
        text = entry.get(self.lang) or entry["vi"]
        return text.format(**kw) if kw else text

    def agency_name(self, agency_id: str, short: bool = False) -> str:
        a = self.reg.agencies.get(agency_id)
        if not a:
            return agency_id
        if self.lang == "en":
            return a.get("en") or a["vi"]  # a name not yet translated shows in the default language
        return a.get("short_vi") if short and a.get("short_vi") else a["vi"]

    def theme_name(self, theme_id: str) -> str:
        th = self.reg.themes.get(theme_id)
        return (th.get(self.lang) or th["vi"]) if th else theme_id

    def province_name(self, province_id: str) -> str:
        p = self.reg.provinces.get(province_id)
        return (p["vi"] if self.lang == "vi" else p.get("en") or p["vi"]) if p else province_id

    def render_file(self, template: str, **context) -> str:
        """Render a template that is a file of its own (an SVG figure, a feed), not a page."""
        return self.env.get_template(template).render(**context)

    def render(self, template: str, page_path: str, **context) -> str:
        """Render a template for the page at `page_path` (directory URL, e.g. 'provinces/x/')."""
        context.setdefault("page_path", page_path)
        context["url"] = lambda target: relative(page_path, target)
        return self.env.get_template(template).render(**context)


def safe_url(url: str | None) -> str | None:
    """Only http(s) links from data become hrefs; anything else (javascript:, data:) is shown as text."""
    if url and url.strip().lower().startswith(("https://", "http://")):
        return url.strip()
    return None


SLOT = '<div class="ps-slot"><h1>plansite</h1></div>'  # where the page body goes; its <h1> stops the theme adding one


def markdown_page(title: str, description: str = "") -> str:
    """A MkDocs page shell: meta (escaped, since Material prints meta.title unescaped) and the body's slot.

    The body itself is rendered by our templates and put into the slot after the renderer has run:
    feeding megabytes of finished HTML through Python-Markdown only to pass it through costs most
    of a build, and any renderer that keeps raw HTML (MkDocs, Zensical) keeps the slot.
    """
    meta = {"title": html.escape(title, quote=True)}
    if description:
        meta["description"] = html.escape(description, quote=True)
    front = "".join(f"{k}: {json.dumps(v, ensure_ascii=False)}\n" for k, v in meta.items())
    return f"---\n{front}---\n\n{SLOT}\n"


def fill_slot(page_html: str, body_html: str) -> str:
    """Put a rendered body into the renderer's output page, in place of the slot."""
    if page_html.count(SLOT) != 1:
        raise ValueError("the rendered page does not hold exactly one body slot")
    before, _, after = page_html.partition(SLOT)
    return before + body_html + after
