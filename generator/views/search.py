"""Search: a diacritics-insensitive index, sharded so a visitor downloads only what a query needs.

Terms are folded syllables ('bạo' -> 'bao', 'Đắk' -> 'dak'), so 'noi vu' finds 'Nội vụ', and
punctuation never glues to a word ('(tăng' -> 'tang'). Shards are keyed by a term's first two
letters; postings are delta-encoded document numbers.
"""
from __future__ import annotations

import json
import re
from collections import defaultdict

from .. import urls
from ..text import fold
from . import File, Page

_TOKEN = re.compile(r"[a-z0-9]+")
CONTEXT = {"search.html": set()}


def terms(text: str) -> set[str]:
    return set(_TOKEN.findall(fold(text)))


def shard_key(term: str) -> str:
    return term[:2]


def pages(view):
    yield Page(urls.search(), "search.html", view.t("search"), {}, search=False, source="search")


def index_files(pages) -> list[File]:
    """The index of one language's pages: each family ranks its pages (plans first, then agencies, ...)."""
    docs = sorted(((p.path, p.title, p.search_rank, p.description if p.search_body is None else p.search_body)
                   for p in pages if p.search), key=lambda d: (d[2], d[0]))
    postings: dict[str, list[int]] = defaultdict(list)
    for i, (_, title, _, text) in enumerate(docs):
        for term in terms(title + " " + text):
            postings[term].append(i)
    shards: dict[str, dict[str, list[int]]] = defaultdict(dict)
    for term in sorted(postings):
        ids = postings[term]
        shards[shard_key(term)][term] = [ids[0]] + [b - a for a, b in zip(ids, ids[1:])]
    dump = lambda v: json.dumps(v, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")
    out = [File(urls.search_file("docs.json"), dump([[url, title, rank] for url, title, rank, _ in docs]), "search")]
    out += [File(urls.search_file(f"t/{key}.json"), dump(table), "search") for key, table in shards.items()]
    return out
