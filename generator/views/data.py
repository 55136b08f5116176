"""/data/: every download with its licence and citation, and the guide to the assignments table's
columns; the data twins themselves are shared by every language and written once, under the site root."""
from __future__ import annotations

from dataclasses import dataclass

from .. import data as exports
from .. import urls
from . import File, Page

CONTEXT = {"data.html": {"downloads", "plan_kinds", "plan_table", "columns"}}


@dataclass(frozen=True)
class Column:
    """A column of data/assignments.csv and .xlsx, for the page's guide: what it holds in the page's
    language (from the same labels as datapackage.json's descriptions), and the xlsx's columns that give
    its codes in words, beside it."""
    name: str
    type: str
    description: str
    in_csv: bool
    words: tuple[str, ...]


def _languages(renderers) -> dict:
    return {code: r.language for code, r in renderers.items()}


def columns(view) -> list[Column]:
    lang = view.language
    fields = exports.described(exports.ASSIGNMENT_FIELDS + exports.XLSX_FIELDS, lang.labels, lang.code)
    csv = set(exports.ASSIGNMENT_COLUMNS + exports.ASSIGNMENT_EXTRA_COLUMNS)
    xlsx = exports.xlsx_columns(view.languages or {lang.code: lang})
    by_name = {f[0]: f for f in fields}
    return [Column(name, by_name[name][1], by_name[name][2], name in csv,
                   tuple(n for n, code, _ in xlsx if code == name))
            for name, code, _ in xlsx if code is None]


def pages(view):
    a, corpus = view.analysis, view.corpus
    downloads = exports.data_index(a.plans, a.registry, view.settings, view.languages, content=corpus.content,
                                   files=view.shared_files or None)  # None: computed here (a view made alone, in tests)
    # the files every plan has are described once; a compact table, by province, links each plan's own
    yield Page(urls.data(), "data.html", view.t("data"),
               {"downloads": downloads, "plan_kinds": exports.PLAN_FILE_KINDS,
                "plan_table": exports.plan_table(downloads, a.plans, a.registry), "columns": columns(view)},
               search=False, source="data")


def shared_files(shared):
    a = shared.analysis
    files = exports.data_files(a.plans, a.registry, shared.settings, _languages(shared.renderers),
                               content=shared.corpus.content, catalogue=shared.corpus.catalogue,
                               revisions=shared.corpus.revisions, codebook=shared.corpus.codebook,
                               functions=a.functions, handovers=a.handovers, cache=shared.cache,
                               renderers=shared.renderers)
    for path, data in files.items():
        yield File(path, data, "data")
