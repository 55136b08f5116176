"""The search index (generator/views/search.py) over the real plans: every task is findable, with its
plan, agencies and anchor; words fold; phrases are found through their pairs of adjacent words."""
import json
from types import SimpleNamespace

import pytest

from generator import urls
from generator.model import newest_first
from generator.render import Renderer
from generator.views import File, search


def _decode(deltas):
    out, acc = [], 0
    for d in deltas:
        acc += d
        out.append(acc)
    return out


@pytest.fixture(scope="module")
def index(views):
    """The task index's files as the build writes them: site-root path -> parsed JSON."""
    view = next(iter(views.values()))
    shared = SimpleNamespace(analysis=view.analysis,
                             renderers={code: Renderer(v.language) for code, v in views.items()})
    files = list(search.shared_files(shared))
    assert all(isinstance(f, File) for f in files)
    return {f.path: json.loads(f.data) for f in files}, files


def _task_file(index, n):
    return index[urls.search_file(f"tasks/d/{n}.json")]


def test_every_task_of_every_plan_is_a_record_with_plan_agency_and_anchor(index, views):
    index, _ = index
    plans = newest_first(next(iter(views.values())).analysis.plans)
    meta = index[urls.search_file("tasks/meta.json")]
    assert [p[0] for p in meta["plans"]] == [urls.plan(p.key) for p in plans]
    assert sum(p[3] for p in meta["plans"]) == sum(len(p.tasks) for p in plans) > 100
    for n, plan in enumerate(plans):
        assert meta["plans"][n][1:3] == [plan.province, plan.plan_id]
        if not plan.tasks:
            assert urls.search_file(f"tasks/d/{n}.json") not in index
            continue
        records = _task_file(index, n)
        assert [r[0] for r in records] == [t.id for t in plan.tasks]  # the anchor: the task's id on its plan page
        for (anchor, ref, text, roles), task in zip(records, plan.tasks):
            assert ref == task.item.ref and text == task.item.full_text
            assert sorted(map(tuple, roles)) == sorted((r.agency, r.role) for r in task.item.roles)
            assert roles, f"{plan.key}#{anchor} has no agency"


def test_words_fold_and_punctuation_never_glues():
    assert search.tokens("Đắk Nông") == ["dak", "nong"]
    assert search.tokens("(tăng cường)") == ["tang", "cuong"]
    assert search.tokens("Bạo lực GIA ĐÌNH") == ["bao", "luc", "gia", "dinh"]
    assert ("bao", "luc") in search.terms("bạo lực gia đình") and "dinh" in search.terms("bạo lực gia đình")
    assert search.tokens("x" * 25 + " ok") == ["ok"]  # a run too long to be a word is skipped whole


def test_postings_find_every_task_holding_a_word_and_a_phrase(index, views):
    index, _ = index
    plans = newest_first(next(iter(views.values())).analysis.plans)
    texts = [t.item.full_text for p in plans for t in p.tasks]
    word = set(_decode(index[urls.search_file("tasks/t/bao.json")]))
    assert word >= {i for i, t in enumerate(texts) if "bao" in search.tokens(t)}
    phrase = ["bao", "luc", "gia", "dinh"]
    pairs = [set(_decode(index[urls.search_file(f"tasks/b/{a}.json")][b])) for a, b in zip(phrase, phrase[1:])]
    found = set.intersection(*pairs)
    holding = {i for i, t in enumerate(texts) if " ".join(phrase) in " ".join(search.tokens(t))}
    assert holding and holding <= found
    assert len(found) < len(word)  # the pairs narrow the search to the phrase, not to every 'bao'


def test_tasks_are_found_by_their_agency_and_province_names_in_every_language(index):
    index, _ = index
    meta = index[urls.search_file("tasks/meta.json")]
    assert {"noi", "vu", "home", "affairs", "dak", "nong"} <= set(meta["terms"])


def test_the_index_is_the_same_bytes_each_time(index, views):
    _, files = index
    view = next(iter(views.values()))
    again = list(search.shared_files(SimpleNamespace(
        analysis=view.analysis, renderers={code: Renderer(v.language) for code, v in views.items()})))
    assert [(f.path, f.data) for f in files] == [(f.path, f.data) for f in again]


def test_page_index_holds_pairs_for_phrases():
    from generator.views import Page
    pages = [Page("a/", "x.html", "Sở Nội vụ", {}, search_body="bạo lực gia đình"),
             Page("b/", "x.html", "Gia đình", {}, search_body="lực lượng bạo động")]
    files = {f.path: json.loads(f.data) for f in search.index_files(search.index_docs(pages))}
    docs = files[urls.search_file("docs.json")]
    shard = files[urls.search_file("t/ba.json")]
    assert [docs[i][0] for i in _decode(shard["bao_luc"])] == ["a/"]
    assert sorted(docs[i][0] for i in _decode(shard["bao"])) == ["a/", "b/"]


def test_names_for_the_hits_say_their_language(views):
    for code, view in views.items():
        names = next(json.loads(f.data) for f in search.pages(view) if isinstance(f, File))
        name, lang, others = names["agencies"]["so-noi-vu"]
        assert name == view.language.agency_name("so-noi-vu") and lang in view.languages
        assert others and name not in [o[0] for o in others] and all(o[1] in view.languages for o in others)
        assert names["provinces"]["dak-nong"][0] == view.language.province_name("dak-nong")
