"""mkdocs-material as the renderer: a generated mkdocs.yml and a page shell per page, then `mkdocs build`.

Page bodies are not fed through Python-Markdown: each shell holds a slot (templates/mkdocs/slot.html)
and the body rendered by our templates goes into the slot afterwards — feeding megabytes of
finished HTML through Markdown only to pass it through costs most of a build. Settings the theme
prints raw (site name and description in <title>, aria-label) reach it as tokens replaced by the
escaped text afterwards.
"""
from __future__ import annotations

import html
import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import yaml

from ..i18n import TEMPLATES

SLOT = (TEMPLATES / "mkdocs" / "slot.html").read_text(encoding="utf-8").strip()
THEME_FILES = "renderer (mkdocs-material)"


def slot_token(setting: str, lang: str) -> str:
    return f"plansite-setting-{setting}-{lang}"  # letters and dashes: unchanged by any escaping or filter


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


class Adapter:
    def __init__(self, settings: dict, work: Path):
        self.settings = settings
        self.work = work
        self.configs: list[Path] = []  # one mkdocs.yml per language, the default language's first
        self.slots: dict[str, str] = {}  # settings token -> its escaped text

    def prepare(self, language, pages, nav: list[tuple[str, str]], site_dir: Path) -> None:
        lang_dir = self.work / language.code
        docs = lang_dir / "docs"
        docs.mkdir(parents=True)
        for page in pages:
            target = docs / page.path / "index.md"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(page_shell(page.title, page.description), encoding="utf-8")
        for key in ("title", "tagline"):
            self.slots[slot_token(key, language.code)] = html.escape(language.setting(key), quote=True)
        config = lang_dir / "mkdocs.yml"
        config.write_text(yaml.safe_dump(self.mkdocs_config(language, nav, site_dir), allow_unicode=True, sort_keys=False),
                          encoding="utf-8")
        self.configs.append(config)

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
                "language": language.code,
                "font": False,  # no Google Fonts: the system font stack
                "features": ["navigation.tabs", "navigation.top"],
                "palette": {"scheme": "default", "primary": "indigo", "accent": "deep orange"},
            },
            "plugins": [],
            "extra_css": ["assets/plansite.css", "assets/compare.css"],
            "extra_javascript": ["assets/search.js", "assets/matrix.js", "assets/compare.js"],
            # No `alternate` languages: Material's selector downloads every sitemap on every page (megabytes
            # at 1,300 plans); each page carries its own links to the same page in the other languages.
            "extra": {"generator": False},
            "nav": [{label: f"{path}index.md"} for label, path in nav],
            "validation": {"nav": {"omitted_files": "info"},
                           "links": {"not_found": "warn", "absolute_links": "info", "unrecognized_links": "info"}},
        }

    def run(self, epoch: int) -> tuple[int, str]:
        """Build the default language's site first: the others are built inside it."""
        code, err = _mkdocs(self.configs[0], epoch)
        if code == 0 and len(self.configs) > 1:
            with ThreadPoolExecutor(max_workers=2) as pool:
                results = list(pool.map(lambda f: _mkdocs(f, epoch), self.configs[1:]))
            code, err = next(((c, e) for c, e in results if c), (0, ""))
        return code, err

    def fill_settings(self, page_html: str) -> str:
        for token, text in self.slots.items():
            if token in page_html:
                page_html = page_html.replace(token, text)
        return page_html

    def finish_page(self, page_html: str, body: str) -> str:
        return self.fill_settings(fill_slot(page_html, body))


def _mkdocs(config_file: Path, epoch: int) -> tuple[int, str]:
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(epoch), "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-f", str(config_file)],
                          env=env, capture_output=True, text=True)
    return proc.returncode, proc.stderr
