"""Which plans follow which: successions, and the comparisons the site publishes.

A *succession* is two plans of one province in time order, or of a province and the province it
was merged into on 1 July 2025 (Đắk Nông -> Lâm Đồng), read on the later plan's date: only a
succession may be described as change. Any other two plans are *parallel*: plans of different
provinces, shown side by side, never as "moved", "new" or "dropped".

Published comparisons stay linear in the number of plans: each plan against the next plan of its
succession, plus, while a province has no plan on the other side of the restructuring, its latest
plan before (or first after) against the nearest full plans across it, marked parallel.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..model import Plan, chronological
from ..registry import Registry

SUCCESSION = "succession"
PARALLEL = "parallel"
PARALLEL_PER_PLAN = 2  # a province alone on its side of 2025 is set beside this many plans across it


def is_succession(a: Plan, b: Plan, registry: Registry) -> bool:
    """Whether `b` (the later plan) follows `a` in one province's line: the same province, or
    `a`'s province had been merged into `b`'s by `b`'s date."""
    return registry.province_successor(a.province, b.reading_date) == b.province


def kind_of(a: Plan, b: Plan, registry: Registry) -> str:
    a, b = ordered(a, b)
    return SUCCESSION if is_succession(a, b, registry) else PARALLEL


def ordered(a: Plan, b: Plan) -> tuple[Plan, Plan]:
    """The two plans in time order (the order of :func:`chronological`)."""
    first, second = chronological((a, b))
    return first, second


def next_plans(plans: Iterable[Plan], registry: Registry) -> dict[str, Plan]:
    """plan key -> the next plan of its succession (the earliest later plan that succeeds it), in time
    order of the earlier plan. Only plans of provinces that end in the same unit today can succeed one
    another, so each plan is looked for within that group only."""
    order = chronological(plans)
    by_unit: dict[str, list[Plan]] = {}
    for p in order:
        by_unit.setdefault(registry.province_successor(p.province), []).append(p)
    found: dict[str, Plan] = {}
    for group in by_unit.values():
        for i, a in enumerate(group):
            nxt = next((b for b in group[i + 1:] if is_succession(a, b, registry)), None)
            if nxt is not None:
                found[a.key] = nxt
    return {p.key: found[p.key] for p in order if p.key in found}


def previous_plans(nexts: dict[str, Plan], plans: Iterable[Plan]) -> dict[str, tuple[Plan, ...]]:
    """plan key -> the plans it is next of (several when provinces merged into its province)."""
    by_key = {p.key: p for p in plans}
    out: dict[str, list[Plan]] = {}
    for a_key, b in nexts.items():
        out.setdefault(b.key, []).append(by_key[a_key])
    return {k: tuple(chronological(v)) for k, v in out.items()}


@dataclass(frozen=True)
class PublishPair:
    a: str        # older plan key
    b: str        # newer plan key
    slug: str     # "<province>-<plan-id>--<province>-<plan-id>"
    kind: str     # succession | parallel
    reasons: tuple[str, ...]  # next_plan | no_plan_across

    def to_dict(self) -> dict:
        return {"a": self.a, "b": self.b, "slug": self.slug, "kind": self.kind, "reasons": list(self.reasons)}


def comparison_slug(a: Plan, b: Plan) -> str:
    return f"{a.slug}--{b.slug}"


def publish_pairs(plans: Iterable[Plan], registry: Registry, cutoff: str,
                  nexts: dict[str, Plan] | None = None) -> tuple[PublishPair, ...]:
    """The comparisons the site publishes, older plan first, in time order of (a, b).

    - every succession of consecutive plans (partial texts too: they compare what both hold);
    - a province line with plans on one side of `cutoff` only: its plan nearest the cutoff against the
      nearest full plans on the other side (:data:`PARALLEL_PER_PLAN`), both full texts, parallel.
    """
    plans = chronological(plans)
    order = {p.key: n for n, p in enumerate(plans)}
    by_key = {p.key: p for p in plans}
    nexts = next_plans(plans, registry) if nexts is None else nexts
    found: dict[tuple[str, str], tuple[str, set[str]]] = {}

    def add(x: Plan, y: Plan, kind: str, why: str):
        x, y = ordered(x, y)
        found.setdefault((x.key, y.key), (kind, set()))[1].add(why)

    for a_key, b in nexts.items():
        add(by_key[a_key], b, SUCCESSION, "next_plan")
    before = [p for p in plans if p.reading_date < cutoff]
    after = [p for p in plans if p.reading_date >= cutoff]
    for p in [p for p in before if not p.partial and p.key not in nexts]:  # the last plan of its line
        for q in [q for q in after if not q.partial][:PARALLEL_PER_PLAN]:
            add(p, q, kind_of(p, q, registry), "no_plan_across")
    lines_after = _lines_reached(plans, nexts, cutoff)
    for q in after:
        if q.partial or q.key in lines_after:
            continue
        for p in [p for p in reversed(before) if not p.partial][:PARALLEL_PER_PLAN]:
            add(p, q, kind_of(p, q, registry), "no_plan_across")
    out = [PublishPair(x, y, comparison_slug(by_key[x], by_key[y]), kind, tuple(sorted(why)))
           for (x, y), (kind, why) in found.items()]
    out.sort(key=lambda pp: (order[pp.a], order[pp.b]))
    return tuple(out)


def _lines_reached(plans: list[Plan], nexts: dict[str, Plan], cutoff: str) -> set[str]:
    """Post-cutoff plans whose line has a plan before the cutoff (some earlier plan leads to them)."""
    reached: set[str] = set()
    by_key = {p.key: p for p in plans}
    for a_key, b in nexts.items():
        if by_key[a_key].reading_date < cutoff or a_key in reached:
            reached.add(b.key)
    return reached
