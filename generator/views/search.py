"""Search: diacritics-insensitive indexes of tasks and of pages, split so a visitor downloads only
what a query needs (bench/search-results.md measures it against Pagefind).

Terms are folded syllables ('bạo' -> 'bao', 'Đắk' -> 'dak'), so 'noi vu' finds 'Nội vụ', and
punctuation never glues to a word ('(tăng' -> 'tang'). A quoted phrase matches through its pairs of
adjacent terms ('bao_luc', 'luc_gia', ...), which the browser then confirms on the passage itself.

- Tasks (written once, shared by every language, under search/tasks/): `meta.json` (the plans in
  result order, each with its task count, and every term with its task count), one postings file per
  term (`t/<term>.json`, delta-encoded task numbers), one per first term of a pair (`b/<term>.json`:
  second term -> postings), and one file per plan with its tasks' anchors, roles and words
  (`d/<n>.json`), fetched only for the hits shown.
- Pages (per language, under search/): `docs.json` (ranked: plans first, index pages after) and
  shards by a term's first two letters, words and pairs alike.
- Names (per language): `search/names.json`, the agency and province names the task hits show.

The browser (templates/assets/search.js) shows tasks first, then pages; among tasks, those where more
of the query's neighbouring words stand together come first, then newest plan first.
"""
from __future__ import annotations

import json
import re
from collections import defaultdict

from .. import urls
from ..model import ROLE_ORDER, newest_first
from ..text import fold
from . import File, Page

MAX_TERM = 24  # longer runs (hashes, glued numbers) are not words anyone types; also keeps file names short
_TOKEN = re.compile(rf"(?<![a-z0-9])[a-z0-9]{{1,{MAX_TERM}}}(?![a-z0-9])")  # whole runs only: a longer one is skipped
CONTEXT = {"search.html": set()}
TASKS = "tasks/"  # the shared task index, under search/ at the site root


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(fold(text))


def terms(text: str) -> set:
    """The page index's terms: every word, and every pair of adjacent words (a tuple, written
    'bao_luc' in the index), for phrases."""
    words = tokens(text)
    return set(words) | set(zip(words, words[1:]))


def term_name(term) -> str:
    return term if isinstance(term, str) else "_".join(term)


def shard_key(term: str) -> str:
    return term[:2]


def _dump(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")


def _deltas(ids: list[int]) -> list[int]:
    return [ids[0]] + [b - a for a, b in zip(ids, ids[1:])]


def pages(view):
    yield Page(urls.search(), "search.html", view.t("search"), {}, search=False, source="search")
    lang, plans = view.language, view.analysis.plans
    others = [other for code, other in sorted(view.languages.items()) if code != lang.code]
    agencies = sorted({r.agency for p in plans for t in p.tasks for r in t.item.roles})
    names = {"agencies": {a: _name(lang, lang.reg.agencies.get(a), lang.agency_name(a),
                                   [_name(o, o.reg.agencies.get(a), o.agency_name(a), [])[:2] for o in others])
                          for a in agencies},
             "provinces": {p: _name(lang, lang.reg.provinces.get(p), lang.province_name(p),
                                    [_name(o, o.reg.provinces.get(p), o.province_name(p), [])[:2] for o in others])
                           for p in sorted({p.province for p in plans})}}
    yield File(urls.search_file("names.json"), _dump(names), "search")


def _name(lang, entry, name: str, also: list) -> list:
    """[name, its language, [[name, language] in the other languages]]: a registry name falls back to
    the language the plans are written in, and says so (the page marks it with `lang`); a hit found by
    another language's name shows that name too."""
    return [name, lang.code if entry and entry.get(lang.code) else lang.source,
            sorted({tuple(n) for n in also if n[0] != name})]


def task_records(plans) -> list[dict]:
    """Every task of every plan, in result order (newest plan first, then the plan's own order):
    what a hit shows and where it links. `words` is what the task index holds for it."""
    out = []
    for n, plan in enumerate(newest_first(plans)):
        for task in plan.tasks:
            roles = sorted(task.item.roles, key=lambda r: ROLE_ORDER.index(r.role) if r.role in ROLE_ORDER else 9)
            out.append({"plan": n, "plan_key": plan.key, "province": plan.province, "plan_id": plan.plan_id,
                        "path": urls.plan(plan.key), "anchor": task.id, "ref": task.item.ref, "text": task.item.full_text,
                        "roles": [(r.agency, r.role) for r in roles]})
    return out


def shared_files(shared):
    """The task index: the same for every language (the words are the plans'). A task is also found by
    its agencies' and its province's names in every language and by its plan's years, so 'noi vu',
    'home affairs' and 'bao luc dak nong' find what a reader means."""
    records = task_records(shared.analysis.plans)
    langs = [r.language for _, r in sorted(shared.renderers.items())]
    names = {a: sorted({lang.agency_name(a) for lang in langs})
             for a in sorted({a for rec in records for a, _ in rec["roles"]})}
    places = {p: sorted({lang.province_name(p) for lang in langs}) for p in sorted({rec["province"] for rec in records})}
    single: dict[str, list[int]] = defaultdict(list)
    pairs: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for i, rec in enumerate(records):
        fields = [rec["text"], rec["plan_id"], *places[rec["province"]], *(name for a, _ in rec["roles"] for name in names[a])]
        seen_single, seen_pair = set(), set()
        for field in fields:
            words = tokens(field)
            seen_single.update(words)
            seen_pair.update(zip(words, words[1:]))
        for w in seen_single:
            single[w].append(i)
        for a, b in seen_pair:
            pairs[a][b].append(i)
    plans = [[urls.plan(p.key), p.province, p.plan_id, len(p.tasks)] for p in newest_first(shared.analysis.plans)]
    base = urls.search_file(TASKS)
    meta = {"plans": plans, "terms": {w: len(ids) for w, ids in single.items()}, "pairs": sorted(pairs)}
    yield File(base + "meta.json", _dump(meta), "search")
    for w in sorted(single):
        yield File(f"{base}t/{w}.json", _dump(_deltas(sorted(single[w]))), "search")
    for a in sorted(pairs):
        yield File(f"{base}b/{a}.json", _dump({b: _deltas(sorted(ids)) for b, ids in pairs[a].items()}), "search")
    by_plan: dict[int, list] = defaultdict(list)
    for rec in records:
        by_plan[rec["plan"]].append([rec["anchor"], rec["ref"], rec["text"], [list(r) for r in rec["roles"]]])
    for n, tasks in sorted(by_plan.items()):
        yield File(f"{base}d/{n}.json", _dump(tasks), "search")


def index_docs(pages) -> tuple:
    """What the page index reads of one language's pages, (path, title, rank, text), ranked: each
    family ranks its pages (plans first, then agencies, ...)."""
    return tuple(sorted(((p.path, p.title, p.search_rank, p.description if p.search_body is None else p.search_body)
                         for p in pages if p.search), key=lambda d: (d[2], d[0])))


def index_files(docs: tuple) -> list[File]:
    """The index of one language's pages (`index_docs`): every word and pair of words, sharded."""
    postings: dict[str, list[int]] = defaultdict(list)
    for i, (_, title, _, text) in enumerate(docs):
        for term in terms(title) | terms(text):
            postings[term].append(i)
    shards: dict[str, dict[str, list[int]]] = defaultdict(dict)
    for name, ids in sorted((term_name(t), ids) for t, ids in postings.items()):
        shards[shard_key(name)][name] = _deltas(ids)
    out = [File(urls.search_file("docs.json"), _dump([[url, title, rank] for url, title, rank, _ in docs]), "search")]
    out += [File(urls.search_file(f"t/{key}.json"), _dump(table), "search") for key, table in shards.items()]
    return out
