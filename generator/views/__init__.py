"""Views: the Analysis -> pages and files, one module per page family.

A family module has:
- `CONTEXT`: template name -> the keys its pages give that template (checked by a contract test);
- `pages(view)`: for one language, its Pages and the Files that go with them (e.g. a figure in the
  language's words, rendered once: the page takes its size, the file its text);
- optionally `shared_files(shared)`: Files written once for every language (data twins).
A new page family is one module listed in FAMILIES and one template.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .. import urls
from ..analysis import Analysis
from ..cache import Cache
from ..corpus import Corpus
from ..render import Renderer


@dataclass(frozen=True)
class Page:
    path: str           # directory URL relative to the language root: '' or 'provinces/x/'
    template: str
    title: str
    context: dict
    description: str = ""
    search: bool = True             # indexed by site search
    search_body: str | None = None  # what search indexes beyond the title (None: the description)
    search_rank: int = 9            # lower ranks first among equal matches
    source: str = ""                # what produced the page (for the writer's double-write error)


@dataclass(frozen=True)
class File:
    path: str           # relative to the language root (per-language files) or the site root (shared)
    data: bytes
    source: str = ""


@dataclass(frozen=True)
class View:
    """What a family sees when it makes one language's pages."""
    analysis: Analysis
    corpus: Corpus
    settings: dict
    renderer: Renderer  # for words (t, names) and for files rendered from templates (figures)
    languages: dict = field(default_factory=dict)     # code -> Language, every language of the site
    shared_files: dict = field(default_factory=dict)  # site-root path -> bytes, the files every language shares

    @property
    def language(self):
        return self.renderer.language

    @property
    def t(self):
        return self.renderer.language.t


@dataclass(frozen=True)
class Shared:
    """What a family sees when it makes the files every language shares."""
    analysis: Analysis
    corpus: Corpus
    settings: dict
    renderers: dict = field(default_factory=dict)  # language code -> Renderer
    cache: Cache = field(default_factory=lambda: Cache(None))  # the build cache (files of unchanged plans)


from . import (about, agencies, comparisons, data, home, matrix, methodology, plans, provinces,  # noqa: E402
               search, transfer, years)

FAMILIES = (home, provinces, plans, years, agencies, matrix, comparisons, transfer, data, search, methodology, about)
NAV = (("home", urls.home()), ("provinces", urls.provinces()), ("years", urls.years()), ("agencies", urls.agencies()),
       ("matrix", urls.matrix()), ("transfer", urls.transfer()), ("compare", urls.compare_index()), ("data", urls.data()),
       ("search", urls.search()), ("methodology", urls.methodology()), ("about", urls.about()))  # the theme's tabs: (label, path)
