"""mkdocs-material as the renderer: the theme's frame around our page bodies.

The theme's frame (head, header, tabs, drawer, footer) of a page depends on where the page sits,
not on what it says: every page at the same depth under the same tab gets the same frame but for
its title, description and canonical address. So mkdocs builds one *representative* page per such
place (a "shape": each tab's own page, and per depth and top folder everything else), with tokens
for the title and description; each of our pages is its shape's frame with the tokens replaced and
our rendered body in the slot. mkdocs' cost no longer grows with the number of pages (it built
every page, 17 % of a build at 1,300 plans). `tests/test_renderer.py` renders every page of the
real site both ways and compares them byte for byte, so a theme upgrade that breaks the
assumption fails a test, not the site.

Settings the theme prints raw (site name and description in <title>, aria-label) reach it as
tokens replaced by the escaped text afterwards. The theme's own files are copied without source
maps and without the search engine (lunr and its worker): our search is our own.
"""
from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from .. import urls
from ..i18n import TEMPLATES

OVERRIDES = TEMPLATES / "mkdocs" / "overrides"  # the theme's custom_dir: our head (Open Graph), footer, sidebars
OG_IMAGE = "og-image.png"  # templates/assets/: the picture a shared link shows (1200 x 630)
SLOT = (TEMPLATES / "mkdocs" / "slot.html").read_text(encoding="utf-8").strip()
THEME_FILES = "renderer (mkdocs-material)"
TITLE, DESCRIPTION, CANONICAL = "plansite-page-title", "plansite-page-description", "plansite-page-canonical"
# Theme files a visitor never needs: source maps, and the search engine of the theme's search
# plugin, which is off (lunr's languages alone are 1 MB per language, wordcut.js 677 KB).
SKIPPED = re.compile(r"(\.map$)|(^assets/javascripts/lunr/)|(^assets/javascripts/workers/)|(^sitemap\.xml(\.gz)?$)")
# The theme's invalid markup that no partial of it can override (base.html's own body): its hidden
# checkboxes carry autocomplete="off", which HTML allows on text-like inputs only (the Nu HTML Checker
# says so on every page: tests/test_html_valid.py).
THEME_INVALID = re.compile(r'(<input class="md-toggle"[^>]*?) autocomplete="off"')
SOURCE_MAP_COMMENT = re.compile(rb"\n?/[*/]# sourceMappingURL=[^\n]*?(\*/)?\s*$")


def slot_token(setting: str, lang: str) -> str:
    return f"plansite-setting-{setting}-{lang}"  # letters and dashes: unchanged by any escaping or filter


def frame_words(language) -> dict[str, str]:
    """What the frame says in one language beyond the page itself (head and footer), as plain text:
    each reaches the theme as a token and is replaced by its escaped text (Adapter.fill_settings)."""
    settings = language.settings

    def pick(value: dict) -> str:
        return value.get(language.code) or value[language.default]
    return {
        "title": language.setting("title"),
        "tagline": language.setting("tagline"),
        "og_locale": language.t("frame_og_locale"),
        "og_image": settings["base_url"] + urls.asset(OG_IMAGE),  # the default language's copy: one picture for all
        "og_image_alt": language.t("frame_og_image_alt"),
        "published_by": language.t("frame_published_by"),
        "publisher": pick(settings["publisher"]["name"]),
        "publisher_url": settings["publisher"]["url"],
        "contact": pick(settings["contact"]["label"]),
        "contact_url": settings["contact"]["url"],
        "licence_label": language.t("frame_licence"),
        "licence": settings["licence"]["name"],
        "licence_url": settings["licence"]["url"],
        "data_date_label": language.t("frame_data_date"),
        "data_date": language.date(settings["data_date"]),
        "data_date_iso": settings["data_date"][:10],
        "methodology": language.t("methodology"),
        "about": language.t("about"),
    }


def page_shell(title: str, description: str = "") -> str:
    """A MkDocs page: front matter (escaped, since Material prints meta.title unescaped) and the slot."""
    meta = {"title": html.escape(title, quote=True)}
    if description:
        meta["description"] = html.escape(description, quote=True)
    front = "".join(f"{k}: {json.dumps(v, ensure_ascii=False)}\n" for k, v in meta.items())
    return f"---\n{front}---\n\n{SLOT}\n"


def fill_slot(page_html: str, body_html: str) -> str:
    if page_html.count(SLOT) != 1:
        raise ValueError("the rendered page does not hold exactly one body slot")
    before, _, after = page_html.partition(SLOT)
    return before + body_html + after


def shape(path: str, nav_paths: frozenset[str]) -> str:
    """Where a page sits, as far as the theme's frame is concerned: a tab's own page is its own
    shape; any other page is its depth and, when its top folder is a tab's, that folder (relative
    links to the tabs are shortened by a shared folder)."""
    if path in nav_paths or not path:
        return "page:" + path
    parts = path.strip("/").split("/")
    top = parts[0] + "/"
    return f"depth:{len(parts)}:{top if top in nav_paths else ''}"


def _squeeze(frame: str) -> str:
    """Indentation of the theme's templates (4 KB of each page) folded: a run of white space that
    holds a line break becomes one line break, which HTML and the inline scripts read alike; and
    the theme's invalid attributes (THEME_INVALID) dropped."""
    frame = THEME_INVALID.sub(r"\1", frame)
    if re.search(r"<(pre|textarea)\b", frame):
        return frame
    return re.sub(r"[ \t\r]*\n\s*", "\n", frame)


@dataclass(frozen=True)
class Frame:
    """One shape's page from the theme, cut at the body slot."""
    before: str
    after: str

    def page(self, title: str, description: str, canonical: str, body: str) -> str:
        def fill(s: str) -> str:
            return s.replace(TITLE, title).replace(DESCRIPTION, description).replace(CANONICAL, canonical)
        return fill(self.before) + body + fill(self.after)


class Adapter:
    def __init__(self, settings: dict, work: Path, every_page: bool = False):
        self.settings = settings
        self.work = work
        self.every_page = every_page  # every page its own shape: the slow way, for the test that checks the fast one
        self.languages: dict[str, tuple] = {}  # code -> (language, config file, {page path: shape})
        self.frames: dict[str, dict[str, Frame]] = {}  # code -> shape -> frame
        self.slots: dict[str, str] = {}  # settings token -> its escaped text

    def site_dir(self, code: str) -> Path:
        return self.work / code / "site"

    def prepare(self, language, pages, nav: list[tuple[str, str]]) -> None:
        """Write one representative page per shape and this language's mkdocs.yml."""
        lang_dir = self.work / language.code
        docs = lang_dir / "docs"
        docs.mkdir(parents=True)
        nav_paths = frozenset(path for _, path in nav)
        shapes = {p.path: ("page:" + p.path if self.every_page else shape(p.path, nav_paths)) for p in pages}
        chosen: dict[str, str] = {}
        for p in sorted(pages, key=lambda p: p.path):
            chosen.setdefault(shapes[p.path], p.path)
        for path in chosen.values():
            target = docs / path / "index.md"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(page_shell(TITLE, DESCRIPTION), encoding="utf-8")
        for key, text in frame_words(language).items():
            self.slots[slot_token(key, language.code)] = html.escape(text, quote=True)
        config = lang_dir / "mkdocs.yml"
        config.write_text(yaml.safe_dump(self.mkdocs_config(language, nav, self.site_dir(language.code)),
                                         allow_unicode=True, sort_keys=False), encoding="utf-8")
        self.languages[language.code] = (language, config, shapes, chosen)

    def mkdocs_config(self, language, nav: list[tuple[str, str]], site_dir: Path) -> dict:
        """The generated mkdocs.yml: Material, no plugins (our own search), no third-party fonts."""
        return {
            "site_name": slot_token("title", language.code),
            "site_url": self.settings["base_url"] + language.root,
            "site_description": slot_token("tagline", language.code),
            "docs_dir": "docs",
            "site_dir": str(site_dir),
            "use_directory_urls": True,
            "strict": True,
            "theme": {
                "name": "material",
                "custom_dir": str(OVERRIDES),
                "language": language.code,
                "font": False,  # no Google Fonts: the system font stack
                "features": ["navigation.tabs", "navigation.top"],
                "palette": {"scheme": "default", "primary": "indigo", "accent": "deep orange"},
            },
            "plugins": [],
            "extra_css": ["assets/plansite.css", "assets/compare.css"],
            # No extra_javascript: each page kind's template loads its own script, deferred.
            # No `alternate` languages: Material's selector downloads every sitemap on every page (megabytes
            # at 1,300 plans); each page carries its own links to the same page in the other languages.
            "extra": {"generator": False,
                      "plansite": {**{key: slot_token(key, language.code) for key in frame_words(language)},
                                   "methodology_path": urls.methodology(), "about_path": urls.about()}},
            "nav": [{label: f"{path}index.md"} for label, path in nav],
            "validation": {"nav": {"omitted_files": "info"},
                           "links": {"not_found": "warn", "absolute_links": "info", "unrecognized_links": "info"}},
        }

    def run_language(self, code: str, epoch: int) -> tuple[int, str]:
        """Build one language's representative pages (in its own folder: languages may run at once)."""
        status, err = _mkdocs(self.languages[code][1], epoch)
        if status == 0:
            self.frames[code] = self._frames(code)
        return status, err

    def _frames(self, code: str) -> dict[str, Frame]:
        language, _, _, chosen = self.languages[code]
        frames = {}
        for key, path in chosen.items():
            page_html = self.fill_settings((self.site_dir(code) / path / "index.html").read_text(encoding="utf-8"))
            url = self.settings["base_url"] + language.root + path
            canonical, og_url = f'<link rel="canonical" href="{url}">', f'<meta property="og:url" content="{url}">'
            if page_html.count(canonical) != 1 or page_html.count(og_url) != 1 or page_html.count(SLOT) != 1:
                raise ValueError(f"the theme's page for {path or '/'} does not hold one canonical link, "
                                 "one og:url and one body slot")
            page_html = page_html.replace(canonical, f'<link rel="canonical" href="{CANONICAL}">')
            page_html = page_html.replace(og_url, f'<meta property="og:url" content="{CANONICAL}">')
            before, _, after = _squeeze(page_html).partition(SLOT)
            frames[key] = Frame(before, after)
        return frames

    def page(self, code: str, page, body: str) -> str:
        """Our page in the theme's frame of its shape."""
        language, _, shapes, _ = self.languages[code]
        description = page.description or language.setting("tagline")
        url = self.settings["base_url"] + language.root + page.path
        return self.frames[code][shapes[page.path]].page(
            html.escape(page.title, quote=True), html.escape(description, quote=True), html.escape(url, quote=True), body)

    def theme_files(self, code: str) -> list[tuple[str, bytes]]:
        """The theme's own files for one language (assets, 404.html), as (path, bytes); not our pages."""
        _, _, _, chosen = self.languages[code]
        ours = {f"{path}index.html" for path in chosen.values()}
        site = self.site_dir(code)
        out = []
        for f in sorted(site.rglob("*")):
            rel = f.relative_to(site).as_posix()
            if not f.is_file() or rel in ours or SKIPPED.search(rel):
                continue
            data = f.read_bytes()
            if rel.endswith(".html"):  # the theme's own pages (404.html) carry the settings tokens too
                data = _squeeze(self.fill_settings(data.decode("utf-8"))).encode("utf-8")
            elif rel.endswith((".js", ".css")):
                data = SOURCE_MAP_COMMENT.sub(b"\n", data, count=1) if b"sourceMappingURL" in data[-300:] else data
            out.append((rel, data))
        return out

    def fill_settings(self, page_html: str) -> str:
        for token, text in self.slots.items():
            if token in page_html:
                page_html = page_html.replace(token, text)
        return page_html

    def discard(self) -> None:
        shutil.rmtree(self.work, ignore_errors=True)


def _mkdocs(config_file: Path, epoch: int) -> tuple[int, str]:
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(epoch), "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-f", str(config_file)],
                          env=env, capture_output=True, text=True)
    return proc.returncode, proc.stderr
