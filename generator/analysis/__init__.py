"""Analyse: the corpus -> one language-free Analysis per build.

Everything the views need that does not depend on the reader's language is computed here, once:
orderings, assignments by agency, matrices (whole and per year), each plan's agency × theme
counts and source clauses, the published comparisons and key-role tables, successions, and who
holds each function (functions.py: per plan, per province line over time, nationally by year,
and each line's handover across 1 March 2025).
No strings meant for readers, no module-level caches: a build holds one Analysis.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from types import MappingProxyType

from ..cache import Cache, digest
from ..corpus import Corpus
from ..model import KEY_ROLE_NAMES, Plan, chronological, newest_first
from ..registry import Registry
from ..text import collation_key
from . import clauses, comparisons, functions, successions
from .matrix import AgencyThemeMatrix, Matrix, ThemeMatrix, agency_theme_matrix, responsibility_matrix, theme_plan_matrix

MATRIX_PAGE_LIMIT = 60  # past this many plans, the matrix shows the latest year and per-year slices


@dataclass(frozen=True)
class MatrixSlice:
    year: int | None          # None: every plan
    plans: tuple[Plan, ...]
    matrix: Matrix
    folded: Matrix            # predecessors counted under today's agency
    themes: ThemeMatrix
    provinces: tuple[str, ...]


@dataclass(frozen=True)
class Analysis:
    registry: Registry
    plans: tuple[Plan, ...]                 # by period, then province: the order of lists and columns
    chronological: tuple[Plan, ...]         # by reading date: the order of succession
    latest: tuple[Plan, ...]                # the ten most recent
    by_province: MappingProxyType           # province id -> plans (period order)
    province_ids: tuple[str, ...]
    years: tuple[int, ...]
    by_year: MappingProxyType               # year -> plans in force that year
    agency_ids: tuple[str, ...]             # every registry agency, by name
    tasks_of: MappingProxyType              # agency id -> ((plan, task, role), ...)
    agency_themes: MappingProxyType         # plan key -> AgencyThemeMatrix
    clauses: MappingProxyType               # plan key -> clauses.PlanClauses
    matrix_slices: tuple[MatrixSlice, ...]  # first: the matrix page; then per-year slices if split
    matrix_split: bool
    comparisons: comparisons.Comparisons
    partial: tuple[Plan, ...] = ()          # plans whose text we hold only in part: never counted as absent
    catalogue: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))  # province id -> plans we know of, not held
    holdings: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))   # province id -> full | partial | referenced | none
    revisions: tuple = ()                   # the data revisions log, newest first
    function_ids: tuple[str, ...] = ()      # key roles, then themes (functions.function_ids)
    functions: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))  # plan key -> (Holding, ...)
    next_plan: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))  # plan key -> next plan of its succession
    previous_plans: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))  # plan key -> plans it succeeds
    timelines: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))  # province id -> functions.Timeline
    handovers: tuple = ()                   # functions.Handover, by date
    national: tuple = ()                    # functions.NationalCount per function
    holders_now: tuple = ()                 # functions.HolderNow per function

    @property
    def n_tasks(self) -> int:
        return sum(len(p.tasks) for p in self.plans)


def by_period(plans) -> list[Plan]:
    return sorted(plans, key=lambda p: (p.year_from, p.year_to, collation_key(p.province)))


def analyse(corpus: Corpus, settings: dict, cache: Cache | None = None) -> Analysis:
    """`cache`: where the comparisons of unchanged pairs of plans are kept between builds."""
    reg = corpus.registry
    plans = by_period(corpus.plans)
    by_province: dict[str, list[Plan]] = defaultdict(list)
    for p in plans:
        by_province[p.province].append(p)
    years = sorted({y for p in plans for y in p.years})
    tasks_of: dict[str, list] = defaultdict(list)  # one pass over every task, not one per agency
    for plan in plans:
        for task in plan.tasks:
            for r in task.item.roles:
                tasks_of[r.agency].append((plan, task, r.role))
    agency_ids = tuple(sorted(reg.agencies, key=lambda a: collation_key(reg.agencies[a]["vi"])))
    # The matrix counts tasks: a partial text's missing sections would read as "no task", so
    # partial plans stay out of it (the matrix page names them).
    cache = cache or Cache(None)
    slices, split = _matrix_slices([p for p in plans if not p.partial], years, reg, cache)
    catalogue: dict[str, list] = defaultdict(list)
    for k in corpus.catalogue:
        catalogue[k.province].append(k)
    cutoff = comparisons.engine.Policy.from_config((settings or {}).get("compare")).restructuring_date
    held = {p.key: functions.plan_functions(p, reg) for p in plans}
    nexts = successions.next_plans(plans, reg)
    events = functions.handovers(plans, nexts, held, reg, cutoff)
    return Analysis(
        registry=reg, plans=tuple(plans), chronological=tuple(chronological(plans)),
        latest=tuple(newest_first(plans)[:10]),
        by_province=MappingProxyType({k: tuple(v) for k, v in by_province.items()}),
        province_ids=tuple(sorted(by_province, key=collation_key)), years=tuple(years),
        by_year=MappingProxyType({y: tuple(p for p in plans if y in p.years) for y in years}),
        agency_ids=agency_ids,
        tasks_of=MappingProxyType({a: tuple(tasks_of.get(a, ())) for a in agency_ids}),
        agency_themes=MappingProxyType({p.key: cache.memo("agency-themes", (p, reg), lambda p=p: agency_theme_matrix(p, reg))
                                        for p in plans}),
        clauses=MappingProxyType({p.key: _clauses(p, corpus.sources.get(p.key, ""), cache) for p in plans}),
        matrix_slices=slices, matrix_split=split,
        comparisons=comparisons.analyse(plans, reg, settings, nexts, cache),
        partial=tuple(p for p in plans if p.partial),
        catalogue=MappingProxyType({k: tuple(v) for k, v in catalogue.items()}),
        holdings=MappingProxyType({pid: holding(by_province.get(pid, ()), catalogue.get(pid, ())) for pid in reg.provinces}),
        revisions=corpus.revisions,
        function_ids=functions.function_ids(reg),
        functions=MappingProxyType(held),
        next_plan=MappingProxyType(nexts),
        previous_plans=MappingProxyType(successions.previous_plans(nexts, plans)),
        timelines=MappingProxyType(functions.timelines(plans, events, reg)),
        handovers=events,
        national=functions.national(plans, held, reg),
        holders_now=functions.holders_now(plans, held, reg, cutoff),
    )


HOLDINGS = ("full", "partial", "referenced", "none")  # what we hold for a province, best first


def holding(plans, known) -> str:
    """full: a plan whose whole text we hold; partial: only partial texts; referenced: plans we know
    of (cited) but do not hold; none: nothing yet."""
    if any(not p.partial for p in plans):
        return "full"
    if plans:
        return "partial"
    return "referenced" if known else "none"


def _clauses(plan: Plan, text: str, cache: Cache):
    return cache.memo("clauses", (plan, digest(text)), lambda: clauses.plan_clauses(plan, text))


def _slice(plans: list[Plan], reg: Registry, year: int | None, cache: Cache) -> MatrixSlice:
    """A year's matrices, kept in the cache under its plans (an edit recomputes only the years it
    touches); the slice itself holds this build's plans, not copies read back."""
    matrix, folded, themes = cache.memo("matrix", (tuple(plans), reg), lambda: (
        responsibility_matrix(plans, reg), responsibility_matrix(plans, reg, fold_lineage=True),
        theme_plan_matrix(plans, reg)))
    return MatrixSlice(year, tuple(plans), matrix, folded, themes,
                       tuple(sorted({p.province for p in plans}, key=collation_key)))


def _matrix_slices(plans: list[Plan], years: list[int], reg: Registry, cache: Cache) -> tuple[tuple[MatrixSlice, ...], bool]:
    if len(plans) <= MATRIX_PAGE_LIMIT:
        return (_slice(plans, reg, None, cache),), False
    per_year = [_slice([p for p in plans if y in p.years], reg, y, cache) for y in years]
    latest = next(s for s in per_year if s.year == years[-1])
    return (latest, *per_year), True


__all__ = ["Analysis", "MatrixSlice", "analyse", "by_period", "holding", "HOLDINGS", "KEY_ROLE_NAMES", "AgencyThemeMatrix"]
