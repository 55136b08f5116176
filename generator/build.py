"""Build: validated plans -> docs tree + mkdocs.yml per language -> mkdocs-material -> site/.

MkDocs is kept at arm's length: we write plain pages and a config, then run `mkdocs build`.
Swapping the renderer (e.g. for Zensical) is a change to `run_renderer` alone.
"""
from __future__ import annotations

import datetime as dt
import html
import os
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import yaml

from .pages import build_pages, page_text
from .render import TEMPLATES, Renderer, fill_slot, markdown_page, relative
from .search import build_index
from .settings import load_settings
from .validate import load_plans, read_source

ROOT = Path(__file__).resolve().parent.parent
NAV = [("home", ""), ("provinces", "provinces/"), ("years", "years/"), ("agencies", "agencies/"),
       ("matrix", "matrix/"), ("transfer", "transfer/"), ("compare", "compare/"), ("data", "data/"),
       ("search", "search/"), ("about", "about/")]


def load_config(path: Path = ROOT / "site_config.yml") -> dict:
    """The checked settings; a ValueError listing every problem if they are wrong."""
    config, diags = load_settings(path)
    if config is None:
        raise ValueError("; ".join(d.format() for d in diags))
    return config


def _err(message: str) -> None:
    print(f"plansite: error: {message}", file=sys.stderr)


def lang_prefix(lang: str, config: dict) -> str:
    return "" if lang == config["languages"][0] else f"{lang}/"


def render_language(plans, reg, config, lang: str, docs: Path, sources: dict, content: Path) -> list[str]:
    """Write one language's docs tree; returns the paths of its nav."""
    from . import views
    renderer = Renderer(reg, config, lang)
    more_pages, files = views.pages_and_files(plans, reg, config, lang, content)
    pages = build_pages(plans, reg, config, lang, sources, more_pages)
    titles = {p.path: p.title for p in pages}
    prefix = lang_prefix(lang, config)
    other = [code for code in config["languages"] if code != lang][0]
    other_prefix = lang_prefix(other, config)
    search_docs = []
    for page in pages:
        crumbs = []
        parts = page.path.strip("/").split("/") if page.path else []
        for i in range(1, len(parts)):
            ancestor = "/".join(parts[:i]) + "/"
            if ancestor in titles:
                crumbs.append((ancestor, titles[ancestor]))
        url = config["base_url"] + prefix + page.path
        citation = config["citation"][lang].format(date=config["data_date"], title=page.title, url=url)
        body = renderer.render(
            page.template, page.path, crumbs=crumbs, citation=citation,
            other_lang=other, other_lang_url=relative(prefix + page.path, other_prefix + page.path),
            data_prefix="../" * prefix.count("/"),  # data files live once, under the default language's root
            **{"compare_links": [], **page.context})
        target = docs / page.path / "index.md"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(markdown_page(page.title, page.description), encoding="utf-8")
        body_file = docs.parent / "bodies" / page.path / "index.html"
        body_file.parent.mkdir(parents=True, exist_ok=True)
        body_file.write_text(body, encoding="utf-8")
        if page.search:
            search_docs.append((page.path, page.title, page.template, page_text(page)))
    for rel, data in {**build_index(search_docs), **files}.items():
        target = docs / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    assets = docs / "assets"
    assets.mkdir(parents=True, exist_ok=True)
    for f in sorted((TEMPLATES / "assets").rglob("*")):
        if f.is_file():
            (assets / f.relative_to(TEMPLATES / "assets")).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(f, assets / f.relative_to(TEMPLATES / "assets"))
    return [path for _, path in NAV if path in titles]


def mkdocs_config(config: dict, lang: str, nav_paths: list[str], site_dir: Path) -> dict:
    """The generated mkdocs.yml: Material, no plugins (our own search), no third-party fonts."""
    labels = yaml.safe_load((TEMPLATES / "i18n.yml").read_text(encoding="utf-8"))
    label = dict((p, labels[k][lang]) for k, p in NAV)
    prefix = lang_prefix(lang, config)
    return {
        # The theme prints these raw in places (<title>, aria-label): it gets a token, and the escaped
        # text replaces the token in the finished pages (see settings_slots).
        "site_name": slot_token("title", lang),
        "site_url": config["base_url"] + prefix,
        "site_description": slot_token("tagline", lang),
        "docs_dir": "docs",
        "site_dir": str(site_dir),
        "use_directory_urls": True,
        "strict": True,
        "theme": {
            "name": "material",
            "language": lang,
            "font": False,  # no Google Fonts: the system font stack
            "features": ["navigation.tabs", "navigation.top"],
            "palette": {"scheme": "default", "primary": "indigo", "accent": "deep orange"},
        },
        "plugins": [],
        "extra_css": ["assets/plansite.css", "assets/compare.css"],
        "extra_javascript": ["assets/search.js", "assets/matrix.js", "assets/compare.js"],
        # No `alternate` languages: Material's selector downloads both sitemaps on every page (megabytes
        # at 1,300 plans); each page carries its own link to the same page in the other language.
        "extra": {"generator": False},
        "nav": [{label[p]: f"{p}index.md"} for p in nav_paths],
        "validation": {"nav": {"omitted_files": "info"},
                       "links": {"not_found": "warn", "absolute_links": "info", "unrecognized_links": "info"}},
    }


def unsafe_out(out: Path, keep: list[Path]) -> str | None:
    """Why the build must not replace `out`, if it must not: the swap deletes what was there."""
    target = out.resolve()
    for folder in keep:
        if folder.resolve().is_relative_to(target):
            return f"it holds {folder} (the site folder is replaced whole)"
    if target.exists() and not target.is_dir():
        return "it is a file, not a site folder"
    if target.is_dir() and any(target.iterdir()) and not (target / "index.html").is_file():
        return "it is a folder with files but no index.html, not a built site; choose an empty or new folder"
    return None


def slot_token(setting: str, lang: str) -> str:
    return f"plansite-setting-{setting}-{lang}"  # letters and dashes: unchanged by any escaping or filter


def settings_slots(config: dict) -> dict[str, str]:
    """Token -> the setting's text, HTML-escaped, for every language."""
    return {slot_token(key, lang): html.escape(text, quote=True)
            for key in ("title", "tagline") for lang, text in config[key].items()}


def fill_bodies(bodies: Path, site: Path, slots: dict[str, str]) -> set[Path]:
    """Put each page's rendered body into the page the renderer wrote around its slot; returns the pages."""
    done = set()
    for body in bodies.rglob("index.html"):
        page = site / body.relative_to(bodies)
        text = fill_slot(page.read_text(encoding="utf-8"), body.read_text(encoding="utf-8"))
        page.write_text(fill_settings(text, slots), encoding="utf-8")
        done.add(page)
    return done


def fill_settings(page_html: str, slots: dict[str, str]) -> str:
    for token, text in slots.items():
        if token in page_html:
            page_html = page_html.replace(token, text)
    return page_html


def run_renderer(config_file: Path, epoch: int) -> tuple[int, str]:
    """Run mkdocs-material on a generated mkdocs.yml. The only place that knows the renderer."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(epoch), "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-f", str(config_file)],
                          env=env, capture_output=True, text=True)
    return proc.returncode, proc.stderr


def build(content: Path, out: Path, work: Path | None = None, config_path: Path | None = None) -> int:
    config_path = config_path or ROOT / "site_config.yml"
    config, diags = load_settings(config_path, rel=str(config_path))
    plans, reg, plan_diags = load_plans(content)  # all errors at once: settings and content
    diags += plan_diags
    for d in diags:
        print(d.format(), file=sys.stderr)
    if config is None or reg is None or any(d.severity == "error" for d in diags):
        n = sum(d.severity == "error" for d in diags)
        _err(f"{n} error{'s' * (n != 1)}; site not built, {out} left as it was")
        return 1
    if not plans:
        _err(f"no plans in {content / 'plans'}; site not built")
        return 1
    sources = {p.key: read_source(content, p.source_file)[0] for p in plans}  # validated: inside sources/, UTF-8
    work = work or (out.resolve().parent / "build")
    problem = unsafe_out(out, [content, ROOT, work, Path.cwd()])
    if problem:
        _err(f"--out {out}: {problem}; nothing written")
        return 1
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    epoch = int(dt.datetime.fromisoformat(config["data_date"]).replace(tzinfo=dt.timezone.utc).timestamp())
    try:
        jobs = []
        for lang in config["languages"]:
            lang_dir = work / lang
            if lang_dir.exists():
                shutil.rmtree(lang_dir)
            docs = lang_dir / "docs"
            docs.mkdir(parents=True)
            nav = render_language(plans, reg, config, lang, docs, sources, content)
            site_dir = staging / "site" / lang_prefix(lang, config)
            cfg_file = lang_dir / "mkdocs.yml"
            cfg_file.write_text(yaml.safe_dump(mkdocs_config(config, lang, nav, site_dir), allow_unicode=True, sort_keys=False),
                                encoding="utf-8")
            jobs.append(cfg_file)
        # The default language's site must exist before the others are built inside it.
        code, err = run_renderer(jobs[0], epoch)
        if code == 0 and len(jobs) > 1:
            with ThreadPoolExecutor(max_workers=2) as pool:
                results = list(pool.map(lambda f: run_renderer(f, epoch), jobs[1:]))
            code, err = next(((c, e) for c, e in results if c), (0, ""))
        if code:
            for line in err.strip().splitlines()[-20:]:
                _err(f"mkdocs: {line}")
            _err(f"the renderer failed; {out} left as it was")
            return 1
        slots = settings_slots(config)
        filled: set[Path] = set()
        for lang in config["languages"]:
            filled |= fill_bodies(work / lang / "bodies", staging / "site" / lang_prefix(lang, config), slots)
        for page in (staging / "site").rglob("*.html"):  # the renderer's own pages (404.html)
            if page not in filled:
                page.write_text(fill_settings(page.read_text(encoding="utf-8"), slots), encoding="utf-8")
        old = None
        if out.exists():
            old = out.with_name(f".{out.name}-old-{os.getpid()}")
            out.rename(old)
        (staging / "site").rename(out)
        if old:
            shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    n_tasks = sum(len(p.tasks) for p in plans)
    print(f"built {out}: {len(plans)} plans, {n_tasks} tasks, languages {', '.join(config['languages'])}")
    return 0
