"""/data/: every download with its licence and citation; the data twins themselves are shared
by every language and written once, under the site root."""
from __future__ import annotations

from .. import data as exports
from .. import urls
from . import File, Page

CONTEXT = {"data.html": {"downloads", "plan_kinds", "plan_table"}}


def _languages(renderers) -> dict:
    return {code: r.language for code, r in renderers.items()}


def pages(view):
    a, corpus = view.analysis, view.corpus
    downloads = exports.data_index(a.plans, a.registry, view.settings, view.languages, content=corpus.content,
                                   files=view.shared_files or None)  # None: computed here (a view made alone, in tests)
    # the files every plan has are described once; a compact table, by province, links each plan's own
    yield Page(urls.data(), "data.html", view.t("data"),
               {"downloads": downloads, "plan_kinds": exports.PLAN_FILE_KINDS,
                "plan_table": exports.plan_table(downloads, a.plans, a.registry)},
               search=False, source="data")


def shared_files(shared):
    a = shared.analysis
    files = exports.data_files(a.plans, a.registry, shared.settings, _languages(shared.renderers),
                               content=shared.corpus.content, catalogue=shared.corpus.catalogue,
                               revisions=shared.corpus.revisions, codebook=shared.corpus.codebook,
                               functions=a.functions, handovers=a.handovers, cache=shared.cache)
    for path, data in files.items():
        yield File(path, data, "data")
