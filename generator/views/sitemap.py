"""The sitemap of one language: every page we publish, with the data date as its last change.

The theme used to write it, but the theme now builds one page per shape (renderers/), so the list
of pages is ours to give.
"""
from __future__ import annotations

from . import File

CONTEXT = {"sitemap.xml": {"urls", "lastmod"}}


def index_files(pages, language, settings, renderer) -> list[File]:
    base = settings["base_url"] + language.root
    xml = renderer.render_file("sitemap.xml", urls=[base + p.path for p in sorted(pages, key=lambda p: p.path)],
                               lastmod=settings["data_date"][:10])
    return [File("sitemap.xml", xml.encode("utf-8"), "sitemap")]
