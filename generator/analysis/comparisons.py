"""The comparisons a build publishes, computed once: pairs, their results, key roles, lineages.

The engine (compare.py) compares two plans; successions.py decides which comparisons the site
holds; this module gathers what /compare/ and /transfer/ show.
"""
from __future__ import annotations

from dataclasses import dataclass

from .. import urls
from ..cache import Cache
from ..model import Plan, chronological
from ..registry import Registry
from . import compare as engine
from . import successions

MAIN_LINEAGE = ("so-ldtbxh", "so-noi-vu")  # the /transfer/ story: Labour -> Home Affairs (gender equality)


@dataclass(frozen=True)
class LineageRow:
    predecessor: str
    successor: str
    effective: str
    acts: tuple[str, ...]
    entry: dict        # the registry's successor entry (functions, notes, confirmed)
    primary: bool


@dataclass(frozen=True)
class Comparisons:
    policy: engine.Policy
    pairs: tuple            # successions.PublishPair, in publishing order
    results: dict           # slug -> Comparison
    links: dict             # plan key -> ((slug, other plan key, kind), ...)
    lineage_rows: tuple[LineageRow, ...]
    acts: tuple[str, ...]   # legal acts the lineages cite, by date
    default_pick: tuple     # the compare control's preselection (plan key, plan key)


def clause_anchors(plan: Plan) -> dict[str, str]:
    """Refs as written in the data ('IV.1.b', 'IV', 'IV.3') -> the anchor of that place on the plan's
    page. 'preamble' and 'closing' have none; key roles point there, so they get the key-roles table."""
    out: dict[str, str] = {"preamble": "key-roles", "closing": "key-roles"}
    if plan.decision:
        out["decision"] = "decision"
    for s in plan.sections:
        out.setdefault(s.number, urls.section_anchor(s.number))
    for b in plan.blocks:
        out.setdefault(b.ref, b.id)
    for t in plan.tasks:
        out[t.item.ref] = t.id
    return out


def clause_target(plan_key: str, anchor: str | None) -> str:
    return urls.at(urls.plan(plan_key), anchor)


def holding_targets(plan: Plan, held) -> dict[str, str | None]:
    """function -> the clause of the plan that names its holder (functions.Holding): every claim links to its clause."""
    anchors = clause_anchors(plan)
    return {h.function: clause_target(plan.key, anchors.get(h.where)) if h.agency and h.where else None for h in held}


def _default_pick(plans: list[Plan], cutoff: str) -> tuple[str | None, str | None]:
    """The latest pre-restructuring plan and the latest plan after it."""
    before = [p for p in plans if p.reading_date < cutoff]
    after = [p for p in plans if p.reading_date >= cutoff]
    if before and after:
        return before[-1].key, after[-1].key
    if len(plans) >= 2:
        return plans[-2].key, plans[-1].key
    return (plans[0].key if plans else None), None


def _lineage_rows(reg: Registry) -> tuple[tuple[LineageRow, ...], tuple[str, ...]]:
    rows, cited = [], []
    for pred, succ, eff, acts in reg.lineages():
        entry = reg.successor_entry(pred, succ)
        rows.append(LineageRow(pred, succ, eff, acts, entry, bool(entry.get("primary"))))
        cited.extend(acts)
    rows.sort(key=lambda r: ((r.predecessor, r.successor) != MAIN_LINEAGE, r.effective, r.predecessor,
                             not r.primary, r.successor))
    acts = sorted(dict.fromkeys(a for a in cited if a in reg.legal_acts),
                  key=lambda a: (reg.legal_acts[a].get("date") or "", a))
    return tuple(rows), tuple(acts)


def _compare(eng: engine.Engine, a, b, cache: Cache | None):
    if cache is None:
        return eng.compare(a, b)
    return cache.memo("compare", (a, b, eng.registry, repr(eng.policy)), lambda: eng.compare(a, b))


def analyse(plans, reg: Registry, settings: dict, nexts: dict | None = None, cache: Cache | None = None) -> Comparisons:
    """`nexts`: successions.next_plans of `plans`, when the caller has it already; `cache`: the
    build cache, where a pair's comparison is kept under the digests of its two plans, the
    registry and the policy (the diff is most of the analysis's time)."""
    pol = engine.Policy.from_config((settings or {}).get("compare"))
    every = chronological(plans)
    by_key = {p.key: p for p in every}
    eng = engine.Engine(reg, pol)
    pairs = successions.publish_pairs(every, reg, pol.restructuring_date, nexts)
    results = {pp.slug: _compare(eng, by_key[pp.a], by_key[pp.b], cache) for pp in pairs}
    links: dict[str, list] = {}
    for pp in pairs:
        links.setdefault(pp.a, []).append((pp.slug, pp.b, pp.kind))
        links.setdefault(pp.b, []).append((pp.slug, pp.a, pp.kind))
    rows, acts = _lineage_rows(reg)
    # The compare control preselects two full texts: a partial one would show mostly "outside our text".
    return Comparisons(pol, tuple(pairs), results, {k: tuple(v) for k, v in links.items()}, rows, acts, _default_pick([p for p in every if not p.partial], pol.restructuring_date))
