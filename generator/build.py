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
import multiprocessing
import os
import shutil
import sys
from pathlib import Path

from . import urls
from .analysis import analyse
from .cache import Cache, digest
from .corpus import load_corpus
from .i18n import TEMPLATES, Language, label_files, load_labels
from .render import Renderer
from .renderers.mkdocs_material import THEME_FILES, Adapter
from .settings import load_settings
from .views import FAMILIES, NAV, File, Page, Shared, View, search, sitemap
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


def _load(content: Path, config_path: Path, cache: Cache | None = None):
    """Settings, content and labels, with every problem of all three printed at once."""
    settings, diags = load_settings(config_path, rel=str(config_path))
    corpus = load_corpus(content, cache)
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
            "citation": lang.setting("citation").format(date=lang.date(settings["data_date"]), title=page.title, url=url)}


STYLE_PARTS = "css"  # templates/assets/css/*.css: one stylesheet, base.css first, then each family's part


def assets() -> list[File]:
    root = TEMPLATES / "assets"
    files = [File(urls.asset(f.relative_to(root).as_posix()), f.read_bytes(), "assets")
             for f in sorted(root.rglob("*")) if f.is_file() and f.parent.name != STYLE_PARTS]
    parts = sorted((root / STYLE_PARTS).glob("*.css"), key=lambda f: (f.name != "base.css", f.name))
    style = b"".join(b"/* " + f.name.encode() + b" */\n" + f.read_bytes() for f in parts)
    return files + [File(urls.asset("plansite.css"), style, "assets")]


def make_language(view: View) -> tuple[list[Page], list[File]]:
    """One language's pages and files, family by family, then the search index and sitemap over its pages."""
    pages, files = [], []
    for family in FAMILIES:
        for item in family.pages(view):
            (pages if isinstance(item, Page) else files).append(item)
    # the page index reads only the pages' titles and texts: kept in the build cache under them (every
    # word and pair of words of every page, a few seconds a language at a few hundred plans)
    docs = search.index_docs(pages)
    cache = view.renderer.cache or Cache(None)
    extra = cache.memo("search-pages", (view.language.code, docs), lambda: search.index_files(docs))
    extra = list(extra) + sitemap.index_files(pages, view.language, view.settings, view.renderer)
    return pages, files + extra + assets()


def build(content: Path, out: Path, work: Path | None = None, config_path: Path | None = None,
          cache: Cache | None = None, jobs: int | None = None) -> int:
    """Build the site into `out`. `cache`: the build cache (None: none, every step done afresh);
    `jobs`: processes for the languages (default: one per language, up to the CPUs)."""
    config_path = config_path or ROOT / "site_config.yml"
    cache = cache or Cache(None)
    loaded = _load(content, config_path, cache)
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
    analysis = analyse(corpus, settings, cache)
    inputs = inputs_digest(content, config_path)
    renderers = {code: Renderer(lang, cache=cache, inputs=inputs) for code, lang in languages.items()}
    writer = Writer(out)
    try:
        return _render_and_write(writer, work, analysis, corpus, settings, languages, renderers, cache, jobs)
    except DoubleWrite as exc:
        _err(f"{exc}; {out} left as it was")
        return 1
    finally:
        writer.discard()


def inputs_digest(content: Path, config_path: Path) -> str:
    """What every page may read besides its own context: the registries and other content files
    (not plans/ and sources/, which reach pages only through their contexts), the settings, the labels."""
    parts = [config_path.read_bytes(), *(f.read_bytes() for f in label_files())]
    for f in sorted(content.rglob("*")):
        rel = f.relative_to(content)
        if f.is_file() and rel.parts[0] not in ("plans", "sources"):
            parts += [rel.as_posix(), f.read_bytes()]
    return digest(*parts)


def _render_and_write(writer, work, analysis, corpus, settings, languages, renderers, cache, jobs) -> int:
    if work.exists():
        shutil.rmtree(work)
    shared = Shared(analysis, corpus, settings, renderers, cache)
    shared_files = [f for family in FAMILIES if hasattr(family, "shared_files") for f in family.shared_files(shared)]
    for f in shared_files:
        writer.write(f.path, f.data, f.source)
    adapter = Adapter(settings, work)
    epoch = int(dt.datetime.fromisoformat(settings["data_date"]).replace(tzinfo=dt.timezone.utc).timestamp())
    job = LanguageJob(writer, adapter, analysis, corpus, settings, languages, renderers, cache,
                      {f.path: f.data for f in shared_files}, epoch)
    results, forked = run_parallel(job.run, list(languages), jobs)
    reused = 0
    for code, result in zip(languages, results):
        if isinstance(result, str):
            _err(f"{result}; {writer.out} left as it was")
            return 1
        for path, source in result["claims"] if forked else ():  # a forked job claimed in its own copy
            writer.claim(path, source)
        reused += result["reused"]
        cache.used |= result["used"]
    writer.commit()
    cache.prune(cache.used)
    n_tasks = analysis.n_tasks
    reused = f"; {reused} pages reused from the cache" if cache.enabled else ""
    print(f"built {writer.out}: {len(analysis.plans)} plans, {n_tasks} tasks, languages {', '.join(languages)}{reused}")
    return 0


class LanguageJob:
    """One language's pages, rendered and written: views -> templates -> the theme's frame -> the writer.
    Languages run in parallel processes (forked: they share the Analysis without copying it)."""

    def __init__(self, writer, adapter, analysis, corpus, settings, languages, renderers, cache, shared, epoch):
        self.writer, self.adapter, self.analysis, self.corpus = writer, adapter, analysis, corpus
        self.settings, self.languages, self.renderers, self.cache = settings, languages, renderers, cache
        self.shared, self.epoch = shared, epoch

    def run(self, code: str) -> dict | str:
        """The paths this language wrote (with what wrote them) and the cache's use; or why it failed."""
        lang, renderer, writer = self.languages[code], self.renderers[code], self.writer
        before = set(writer.claims)
        view = View(self.analysis, self.corpus, self.settings, renderer, self.languages, self.shared)
        pages, files = make_language(view)
        for page in pages:
            writer.claim(lang.root + page.path + "index.html", page.source)
        for f in files:
            writer.claim(lang.root + f.path, f.source)
        titles = {p.path: p.title for p in pages}
        nav = [(lang.t(key), path) for key, path in NAV if path in titles]
        self.adapter.prepare(lang, pages, nav)
        status, err = self.adapter.run_language(code, self.epoch)
        if status:
            lines = [f"mkdocs: {line}" for line in err.strip().splitlines()[-20:]]
            return "\n".join([*lines, "the renderer failed"])
        reused = 0
        for page in pages:
            context = {**chrome(page, lang, titles, self.settings), **page.context}
            body, hit = renderer.render_cached(page.template, page.path, **context)
            reused += hit
            writer.write(lang.root + page.path + "index.html", self.adapter.page(code, page, body).encode("utf-8"))
        for path, data in self.adapter.theme_files(code):
            writer.write(lang.root + path, data, THEME_FILES)
        for f in files:
            writer.write(lang.root + f.path, f.data)
        claims = [(p, writer.claims[p]) for p in writer.claims if p not in before]
        return {"claims": claims, "reused": reused, "used": self.cache.used}


_FORKED: list = []  # the function the forked workers call: handed over by fork, not pickled (it holds the Analysis)


def run_parallel(fn, items: list, jobs: int | None = None) -> tuple[list, bool]:
    """fn over items, each in a forked process when there are several CPUs and items; the results
    come back pickled (small: paths and counts), with whether they ran forked. An exception in a
    child comes back as its message. PLANSITE_JOBS=1 runs them one after another in this process."""
    jobs = min(jobs or os.cpu_count() or 1, len(items))
    if jobs <= 1 or os.environ.get("PLANSITE_JOBS") == "1":
        return [_safe(fn, item) for item in items], False
    _FORKED[:] = [fn]
    try:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            return pool.map(_forked, items, chunksize=1), True
    finally:
        _FORKED.clear()


def _forked(item):
    return _safe(_FORKED[0], item)


def _safe(fn, item):
    try:
        return fn(item)
    except DoubleWrite as exc:
        return str(exc)
    except Exception as exc:  # noqa: BLE001 - reported as a one-line build error by the parent
        if os.environ.get("PLANSITE_DEBUG"):
            raise
        return f"{type(exc).__name__}: {exc}"
