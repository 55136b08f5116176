"""The sitemap of one language: every page we publish, with the data date as its last change; and,
beside the default language's, the site's robots.txt (crawl everything; here are the sitemaps).

The theme used to write it, but the theme now builds one page per shape (renderers/), so the list
of pages is ours to give.
"""
from __future__ import annotations

from . import File

from .. import urls as site_urls

CONTEXT = {"sitemap.xml": {"urls", "lastmod"}, "robots.txt": {"sitemaps"}}


def index_files(pages, language, settings, renderer) -> list[File]:
    base = settings["base_url"] + language.root
    xml = renderer.render_file("sitemap.xml", urls=[base + p.path for p in sorted(pages, key=lambda p: p.path)],
                               lastmod=settings["data_date"][:10])
    files = [File("sitemap.xml", xml.encode("utf-8"), "sitemap")]
    if not language.root:  # the site root: robots.txt is read there only
        sitemaps = [settings["base_url"] + site_urls.language_root(code, language.languages) + "sitemap.xml"
                    for code in language.languages]
        robots = renderer.render_file("robots.txt", sitemaps=sitemaps) + "\n"
        files.append(File("robots.txt", robots.encode("utf-8"), "sitemap"))
    return files
