"""Validation through the per-file cache, on both cores, and on the quick YAML path.

The cache must never change a result: what a cached run reports (plans and every diagnostic, in
order) is what an uncached run reports, and a changed plan, source text or registry is checked
again. The caches here use a fixed program version (`Cache(folder, version=...)`): the real one
hashes generator/, which may be edited while the tests run.
"""
from __future__ import annotations

import pickle
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator import load, validate
from generator.cache import Cache
from generator.checks import text_errors
from generator.cli import bench_synth
from generator.corpus import load_corpus

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
VALID = ROOT / "tests" / "fixtures" / "validate" / "content" / "plans" / "quang-ngai" / "2025.yml"
PLAN = "plans/gia-lai/2020.yml"  # a real plan
REPAIRED = "plans/quang-ngai/2025.yml"  # a real plan with repairs to find in its source text


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= 1, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def content(tmp_path) -> Path:
    """A copy of the real content, free to damage."""
    root = tmp_path / "content"
    shutil.copytree(CONTENT, root)
    return root


def cache_in(tmp_path: Path) -> Cache:
    return Cache(tmp_path / "cache", version="test")


def outcome(corpus):
    """Everything validation hands on: plans (all their fields, tasks too), diagnostics, sources."""
    return ([vars(p) for p in corpus.plans], [d.format() for d in corpus.diagnostics], corpus.sources,
            corpus.catalogue, corpus.revisions)


def plan_errors(corpus, path: Path) -> list[str]:
    """The errors in one plan file (an invalid plan also makes the catalogue, codebook... name a missing plan)."""
    return [d.format() for d in corpus.errors if d.path == str(path)]


def break_plan(content: Path) -> None:
    """One schema error and one reference error in a real plan."""
    edit(content / PLAN, "kind: annual", "kind: monthly")
    edit(content / "plans/cao-bang/2022.yml", "lead_agency: so-", "lead_agency: so-nowhere-")


# --- results: cached == uncached ---------------------------------------------------------------

def test_plans_pickle_and_round_trip_equal(corpus):
    plans, _ = corpus
    for p in plans:
        back = pickle.loads(pickle.dumps(p, protocol=pickle.HIGHEST_PROTOCOL))
        assert back == p and back.tasks == p.tasks and vars(back) == vars(p)


def test_cached_result_equals_uncached_on_the_real_plans(content, tmp_path):
    fresh = outcome(load_corpus(content))
    cache = cache_in(tmp_path)
    assert outcome(load_corpus(content, cache)) == fresh
    assert cache.hits == 0 and cache.misses > 0
    again = cache_in(tmp_path)
    corpus = load_corpus(content, again)
    assert outcome(corpus) == fresh and corpus.registry == load_corpus(content).registry
    n_files = len(list((content / "plans").rglob("*.yml")))
    assert again.misses == 0 and again.hits == 2 * n_files + 1  # two entries per plan, and the registry


def test_cached_diagnostics_of_a_broken_plan_equal_uncached(content, tmp_path):
    break_plan(content)
    fresh = outcome(load_corpus(content))
    errors = [d for d in fresh[1] if ": error: " in d]
    assert any(d.startswith(f"{content / PLAN}:") and "kind: 'monthly'" in d for d in errors), errors
    assert any("unknown agency 'so-nowhere-" in d for d in errors), errors
    assert outcome(load_corpus(content, cache_in(tmp_path))) == fresh
    cached = cache_in(tmp_path)
    assert outcome(load_corpus(content, cached)) == fresh
    assert cached.misses == 0


def test_no_cache_is_the_default_and_keeps_nothing(content, tmp_path):
    load_corpus(content)
    assert not (tmp_path / "cache").exists()


# --- what a change re-checks -----------------------------------------------------------------

def test_a_changed_plan_is_checked_again(content, tmp_path):
    assert load_corpus(content, cache_in(tmp_path)).ok
    edit(content / PLAN, "kind: annual", "kind: monthly")
    cache = cache_in(tmp_path)
    corpus = load_corpus(content, cache)
    assert plan_errors(corpus, content / PLAN) == [
        f"{content / PLAN}:{_line_of(content / PLAN, 'kind: monthly')}:7: error: kind: 'monthly' is not one of annual, strategy"]
    assert cache.misses == 1  # that file's entry only: the other plans come from the cache
    edit(content / PLAN, "kind: monthly", "kind: annual")
    assert outcome(load_corpus(content, cache_in(tmp_path))) == outcome(load_corpus(content))


def _line_of(path: Path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def test_a_changed_source_text_is_checked_again(content, tmp_path):
    """A repair's `find` must occur in the plan's source text: the source is part of the key."""
    import yaml
    front = next(yaml.safe_load_all((content / REPAIRED).read_text(encoding="utf-8")))
    find = front["repairs"][0]["find"]
    source = content / front["source"]["file"]
    assert load_corpus(content, cache_in(tmp_path)).ok
    source.write_text(source.read_text(encoding="utf-8").replace(find, "(gone)"), encoding="utf-8")
    cached = load_corpus(content, cache_in(tmp_path))
    assert [e.split(": error: ")[1] for e in plan_errors(cached, content / REPAIRED)] == [
        f"repair #1: {find!r} does not occur in the source text"]
    assert outcome(cached) == outcome(load_corpus(content))


def test_a_changed_registry_invalidates(content, tmp_path):
    assert load_corpus(content, cache_in(tmp_path)).ok
    edit(content / "registry/indicators.yml", "{id: M6-CT3,", "{id: M6-CT9,")
    cache = cache_in(tmp_path)
    cached = load_corpus(content, cache)
    assert [e.split(": error: ")[1] for e in plan_errors(cached, content / "plans/dak-nong/2021-2030.yml")] == [
        "unknown NQ 28 indicator 'M6-CT3' (see registry/indicators.yml)"]
    assert cache.hits == 0  # every plan's key holds the registries
    assert outcome(cached) == outcome(load_corpus(content))


def test_a_plan_defined_twice_is_located_from_the_cache_too(content, tmp_path):
    shutil.copy(content / PLAN, (content / PLAN).with_suffix(".yaml"))
    fresh = outcome(load_corpus(content))
    assert any("is defined twice" in d for d in fresh[1])
    load_corpus(content, cache_in(tmp_path))
    assert outcome(load_corpus(content, cache_in(tmp_path))) == fresh


def test_a_forked_worker_writes_entries_the_build_keeps(content, tmp_path, monkeypatch):
    """Entries written by worker processes count as used in the parent's cache (the build prunes the rest)."""
    monkeypatch.setattr(validate, "PARALLEL_MIN", 2)
    cache = cache_in(tmp_path)
    load_corpus(content, cache, jobs=2)
    written = {(p.parent.parent.name, p.parent.name + p.name) for p in (tmp_path / "cache").rglob("*") if p.is_file()}
    assert written and written <= cache.used


# --- both cores --------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> Path:
    """40 synthetic plans (more than PARALLEL_MIN), a few of them broken."""
    root = tmp_path_factory.mktemp("synth") / "corpus"
    assert bench_synth().synth(40, root, seed=3, content=CONTENT) == 0
    plans = sorted((root / "plans").rglob("*.yml"))
    assert len(plans) > validate.PARALLEL_MIN
    edit(plans[3], "kind: ", "kind: monthly\nkinds: ")
    edit(plans[17], "lead_agency: ", "lead_agency: nowhere-")
    plans[25].write_text(plans[25].read_text(encoding="utf-8").replace("title:", "title: &a", 1), encoding="utf-8")
    return root


def test_two_processes_give_what_one_gives(synthetic, tmp_path):
    one = outcome(load_corpus(synthetic, jobs=1))
    assert len(one[1]) >= 3
    assert outcome(load_corpus(synthetic, jobs=2)) == one
    assert outcome(load_corpus(synthetic, cache_in(tmp_path), jobs=2)) == one
    cached = cache_in(tmp_path)
    assert outcome(load_corpus(synthetic, cached, jobs=2)) == one
    assert cached.misses == 0


# --- the quick YAML path gives what the careful one gives ---------------------------------------

PIECES = ["&a ", "*a", "!!str ", "!!binary ", "!!timestamp ", "!x ", "<<: ", "[", "]", "{", "}", ": ", "- ", "? ",
          '"', "'", "\t", "\\u00e9", "\\ud800", "no", "2025-02-30", "0x1F", ".inf", "~", "\r\n", "\x85", "\u2028",
          "\x07", "\ufeff", "#", "|", "---\n", "KH&ĐT", "a*b", "e\u0301", " " * 8]


def test_quick_path_reads_what_the_careful_path_reads():
    """Damaged variants of a plan: same values, same errors, same marks (found late) either way."""
    rng = random.Random(5)
    lines = VALID.read_text(encoding="utf-8").splitlines(keepends=True)
    quick = 0
    for _ in range(400):
        changed = list(lines)
        for _ in range(rng.randint(1, 3)):
            i = rng.randrange(len(changed))
            j = rng.randrange(len(changed[i]) + 1)
            changed[i] = changed[i][:j] + rng.choice(PIECES) + changed[i][j:]
        data = "".join(changed).encode("utf-8", "surrogatepass")
        careful = load.parse_yaml(data, "x.yml")
        fast = load.parse_yaml(data, "x.yml", lazy_marks=True)
        quick += any(d._locate is not None for d in fast[0])
        assert repr([d.value for d in fast[0]]) == repr([d.value for d in careful[0]])
        assert fast[1] == careful[1]
        assert [(d.marks, d.keys) for d in fast[0]] == [(d.marks, d.keys) for d in careful[0]]
        for doc in fast[0]:
            assert validate._text_errors(doc, "x.yml") == text_errors(doc, "x.yml")
    assert 50 < quick < 400  # both paths were taken


def test_text_rules_shortcut_finds_what_text_errors_finds():
    text = VALID.read_text(encoding="utf-8")
    for bad in ("e\u0301", "\u202e", "   ", "\\x07"):  # the last a YAML escape: a raw control is no YAML
        data = text.replace("notes: []", f'notes: ["{bad}"]').encode("utf-8")
        docs, errors = load.parse_yaml(data, "x.yml", lazy_marks=True)
        assert not errors and docs[0]._locate is not None  # read on the quick path
        assert validate._text_errors(docs[0], "x.yml") == text_errors(docs[0], "x.yml") != []


# --- the command line --------------------------------------------------------------------------

def run_validate(content: Path, *args: str) -> subprocess.CompletedProcess:
    proc = subprocess.run([sys.executable, "-m", "generator", "validate", "--content", str(content), *args],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


def test_cli_cache_flags(content, tmp_path):
    folder = tmp_path / "cli-cache"
    first = run_validate(content, "--cache", str(folder))
    assert first.returncode == 0 and folder.is_dir()
    (content / PLAN).write_text((content / PLAN).read_text(encoding="utf-8").replace("kind: annual", "kind: monthly", 1),
                                encoding="utf-8")
    second = run_validate(content, "--cache", str(folder))
    uncached = run_validate(content, "--no-cache", "--cache", str(tmp_path / "never"))
    assert not (tmp_path / "never").exists()
    assert second.returncode == uncached.returncode == 1
    assert (second.stdout, second.stderr) == (uncached.stdout, uncached.stderr)
    assert "kind: 'monthly' is not one of annual, strategy" in second.stderr
    stale = folder / "stale-marker"
    stale.write_text("x")
    clean = run_validate(content, "--cache", str(folder), "--clean")
    assert (clean.returncode, clean.stderr) == (1, uncached.stderr) and not stale.exists()
