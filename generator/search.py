"""Search: a diacritics-insensitive index, sharded so a visitor downloads only what a query needs.

Terms are folded syllables ('bạo' -> 'bao', 'Đắk' -> 'dak'), so 'noi vu' finds 'Nội vụ', and
punctuation never glues to a word ('(tăng' -> 'tang'). Shards are keyed by a term's first two
letters; postings are delta-encoded document numbers.
"""
from __future__ import annotations

import json
import re
from collections import defaultdict

from .text import fold

_TOKEN = re.compile(r"[a-z0-9]+")
KIND_ORDER = {"plan.html": 0, "agency.html": 1, "province.html": 2, "year.html": 3}


def terms(text: str) -> set[str]:
    return set(_TOKEN.findall(fold(text)))


def shard_key(term: str) -> str:
    return term[:2]


def build_index(docs: list[tuple[str, str, str, str]]) -> dict[str, bytes]:
    """docs: (url, title, kind, text) -> {relative path: bytes} under search/."""
    docs = sorted(docs, key=lambda d: (KIND_ORDER.get(d[2], 9), d[0]))
    postings: dict[str, list[int]] = defaultdict(list)
    for i, (_, title, _, text) in enumerate(docs):
        for term in terms(title + " " + text):
            postings[term].append(i)
    shards: dict[str, dict[str, list[int]]] = defaultdict(dict)
    for term in sorted(postings):
        ids = postings[term]
        shards[shard_key(term)][term] = [ids[0]] + [b - a for a, b in zip(ids, ids[1:])]
    dump = lambda v: json.dumps(v, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")
    out = {"search/docs.json": dump([[url, title, KIND_ORDER.get(kind, 9)] for url, title, kind, _ in docs])}
    for key, table in shards.items():
        out[f"search/t/{key}.json"] = dump(table)
    return out
