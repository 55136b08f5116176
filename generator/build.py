"""Build: load -> validate -> analyse -> views -> render -> write, in that order, each step once.

    corpus   = load_corpus(content)          plans, registry, sources, diagnostics (corpus.py)
    analysis = analyse(corpus, settings)     language-free, once per build (analysis/)
    pages    = family.pages(view)            per language, one module per page family (views/)
    bodies   = renderer.render(page)         jinja2 templates, StrictUndefined (render.py)
    theme    = adapter.run()                 mkdocs-material around the bodies (renderers/)
    writer.write(...); writer.commit()       one owner of the output tree (writer.py)
"""
from __future__ import annotations

import datetime as dt
import shutil
import sys
from pathlib import Path

from . import urls
from .analysis import analyse
from .corpus import load_corpus
from .i18n import TEMPLATES, Language, load_labels
from .render import Renderer
from .renderers.mkdocs_material import THEME_FILES, Adapter
from .settings import load_settings
from .views import FAMILIES, NAV, File, Page, Shared, View, search
from .writer import DoubleWrite, Writer, unsafe_out

ROOT = Path(__file__).resolve().parent.parent


def load_config(path: Path = ROOT / "site_config.yml") -> dict:
    """The checked settings; a ValueError listing every problem if they are wrong."""
    config, diags = load_settings(path)
    if config is None:
        raise ValueError("; ".join(d.format() for d in diags))
    return config


def _err(message: str) -> None:
    print(f"plansite: error: {message}", file=sys.stderr)


def _warn(message: str) -> None:
    print(f"plansite: warning: {message}", file=sys.stderr)


def _load(content: Path, config_path: Path):
    """Settings, content and labels, with every problem of all three printed at once."""
    settings, diags = load_settings(config_path, rel=str(config_path))
    corpus = load_corpus(content)
    labels, label_diags = load_labels()
    diags = [*diags, *corpus.diagnostics, *label_diags]
    for d in diags:
        print(d.format(), file=sys.stderr)
    if settings is None or labels is None or not corpus.ok:
        n = sum(d.severity == "error" for d in diags)
        return f"{n} error{'s' * (n != 1)}"
    return settings, corpus, labels


def languages_of(settings: dict, labels: dict, reg) -> dict[str, Language]:
    languages = {code: Language(code, settings["languages"], labels, reg, settings) for code in settings["languages"]}
    for lang in list(languages.values())[1:]:
        missing = lang.missing()
        if missing:
            _warn(f"language '{lang.code}': {len(missing)} of {len(labels) + 3} labels and settings have no "
                  f"'{lang.code}' text (templates/i18n.yml, site_config.yml); the default language's are shown")
    return languages


def chrome(page: Page, lang: Language, titles: dict[str, str], settings: dict) -> dict:
    """What every page's frame shows: breadcrumbs, the citation, the same page in other languages."""
    parts = page.path.strip("/").split("/") if page.path else []
    crumbs = [(a, titles[a]) for a in ("/".join(parts[:i]) + "/" for i in range(1, len(parts))) if a in titles]
    url = settings["base_url"] + lang.root + page.path
    alternates = [(code, urls.relative(lang.root + page.path, urls.language_root(code, lang.languages) + page.path))
                  for code in lang.languages if code != lang.code]
    return {"crumbs": crumbs, "alternates": alternates,
            "citation": lang.setting("citation").format(date=settings["data_date"], title=page.title, url=url)}


def assets() -> list[File]:
    return [File(urls.asset(f.relative_to(TEMPLATES / "assets").as_posix()), f.read_bytes(), "assets")
            for f in sorted((TEMPLATES / "assets").rglob("*")) if f.is_file()]


def make_language(view: View) -> tuple[list[Page], list[File]]:
    """One language's pages and files, family by family, then the search index over its pages."""
    pages, files = [], []
    for family in FAMILIES:
        for item in family.pages(view):
            (pages if isinstance(item, Page) else files).append(item)
    return pages, files + search.index_files(pages) + assets()


def build(content: Path, out: Path, work: Path | None = None, config_path: Path | None = None) -> int:
    config_path = config_path or ROOT / "site_config.yml"
    loaded = _load(content, config_path)
    if isinstance(loaded, str):
        _err(f"{loaded}; site not built, {out} left as it was")
        return 1
    settings, corpus, labels = loaded
    if not corpus.plans:
        _err(f"no plans in {content / 'plans'}; site not built")
        return 1
    work = work or (out.resolve().parent / "build")
    problem = unsafe_out(out, [content, ROOT, work, Path.cwd()])
    if problem:
        _err(f"--out {out}: {problem}; nothing written")
        return 1
    languages = languages_of(settings, labels, corpus.registry)
    analysis = analyse(corpus, settings)
    renderers = {code: Renderer(lang) for code, lang in languages.items()}
    writer = Writer(out)
    try:
        return _render_and_write(writer, work, analysis, corpus, settings, languages, renderers, out)
    except DoubleWrite as exc:
        _err(f"{exc}; {out} left as it was")
        return 1
    finally:
        writer.discard()


def _render_and_write(writer, work, analysis, corpus, settings, languages, renderers, out) -> int:
    if work.exists():
        shutil.rmtree(work)
    shared = Shared(analysis, corpus, settings, renderers)
    shared_files = [f for family in FAMILIES if hasattr(family, "shared_files") for f in family.shared_files(shared)]
    for f in shared_files:
        writer.claim(f.path, f.source)
    adapter = Adapter(settings, work)
    made = {}
    for code, lang in languages.items():
        view = View(analysis, corpus, settings, renderers[code], languages, {f.path: f.data for f in shared_files})
        pages, files = make_language(view)
        for page in pages:
            writer.claim(lang.root + page.path + "index.html", page.source)
        for f in files:
            writer.claim(lang.root + f.path, f.source)
        titles = {p.path: p.title for p in pages}
        bodies = [renderers[code].render(p.template, p.path, **chrome(p, lang, titles, settings), **p.context) for p in pages]
        nav = [(lang.t(key), path) for key, path in NAV if path in titles]
        adapter.prepare(lang, pages, nav, writer.staging / lang.root)
        made[code] = (pages, bodies, files)
    epoch = int(dt.datetime.fromisoformat(settings["data_date"]).replace(tzinfo=dt.timezone.utc).timestamp())
    code, err = adapter.run(epoch)
    if code:
        for line in err.strip().splitlines()[-20:]:
            _err(f"mkdocs: {line}")
        _err(f"the renderer failed; {out} left as it was")
        return 1
    for code, (pages, bodies, files) in made.items():
        root = languages[code].root
        for page, body in zip(pages, bodies):
            path = root + page.path + "index.html"
            writer.write(path, adapter.finish_page(writer.read(path).decode("utf-8"), body).encode("utf-8"))
    theme_pages = [p for p in sorted(writer.staging.rglob("*.html")) if p.relative_to(writer.staging).as_posix() not in writer.claims]
    writer.claim_tree(writer.staging, THEME_FILES)
    for p in theme_pages:  # the renderer's own pages (404.html) carry the settings tokens too
        rel = p.relative_to(writer.staging).as_posix()
        writer.write(rel, adapter.fill_settings(writer.read(rel).decode("utf-8")).encode("utf-8"))
    for code, (_, _, files) in made.items():
        for f in files:
            writer.write(languages[code].root + f.path, f.data)
    for f in shared_files:
        writer.write(f.path, f.data)
    writer.commit()
    n_tasks = analysis.n_tasks
    print(f"built {writer.out}: {len(analysis.plans)} plans, {n_tasks} tasks, languages {', '.join(languages)}")
    return 0
