"""Functions held by agencies, plan by plan: the question people bring to the 2025 handover.

A *function* is a key role of a plan (proposer, lead, report recipient, standing body of the
Committee for the Advancement of Women, Action Month, inspection, statistics) or a theme (child
protection, vocational training, ...). For each plan, each function has a holder: the key role's
agency, or for a theme the agency with the strongest role on most of the theme's tasks.

From that, per province line (a province, the provinces merged into it, and the province it
merged into after the merger), a *function timeline* in time order; nationally, how many plans
each year give each function to which agency; and each line's *handover event*: its first
succession across 1 March 2025, function by function, read against the decrees (the registry's
successor per function) -- "as the decree says", "held by another agency", "no longer named".
A partial text says nothing about what it does not hold: such a function is "not in our text".
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ..model import KEY_ROLE_NAMES, ROLE_RANK, Plan, chronological
from ..registry import Registry
from .compare import ROLE_THEMES  # the theme whose successor tells where a key role went
from .successions import comparison_slug

# Bodies that stand for many agencies ("các sở, ngành", district committees) never hold a function.
COLLECTIVE_KINDS = ("other-departments", "district-committees")

NAMED, NOT_NAMED, NOT_IN_TEXT = "named", "not_named", "not_in_text"

# Handover verdicts, in the order a reader meets them.
AS_DECREE = "as_decree"          # the holder after is the one the decrees give the function to
OTHER_AGENCY = "other_agency"    # the old holder was dissolved; another agency than the decree's holds it
NO_LONGER_NAMED = "not_named"    # named before, no holder after
NEWLY_NAMED = "newly_named"      # no holder before, named after
UNCHANGED = "unchanged"          # the same agency before and after
REASSIGNED = "reassigned"        # the old holder still exists; the plan gives the function to another
VERDICTS = (AS_DECREE, OTHER_AGENCY, NO_LONGER_NAMED, NEWLY_NAMED, UNCHANGED, REASSIGNED, NOT_IN_TEXT)


THEME = "theme-"  # a theme's function id is the theme id under this prefix: key roles and themes share names


def function_ids(registry: Registry) -> tuple[str, ...]:
    """Key roles first, then the registry's themes in registry order ("theme-<id>")."""
    return (*KEY_ROLE_NAMES, *(THEME + t for t in registry.themes))


@dataclass(frozen=True)
class Holding:
    function: str
    state: str                  # named | not_named | not_in_text
    agency: str | None = None   # the holder
    role: str | None = None     # themes: the holder's role on the theme's tasks (lead, responsible, coordinating)
    tasks: int = 0              # themes: the theme's tasks the holder has in that role
    where: str | None = None    # the clause that says so (a key role's place, a theme's first task)


def plan_functions(plan: Plan, registry: Registry) -> tuple[Holding, ...]:
    """Every function of `plan`, in :func:`function_ids` order."""
    out = [_key_role(plan, role) for role in KEY_ROLE_NAMES]
    per_theme: dict[str, Counter] = {}
    first: dict[tuple[str, str, str], str] = {}
    for task in plan.tasks:
        for theme in task.item.themes:
            for r in task.item.roles:
                if registry.agencies.get(r.agency, {}).get("kind") in COLLECTIVE_KINDS:
                    continue
                per_theme.setdefault(theme, Counter())[(r.role, r.agency)] += 1
                first.setdefault((theme, r.role, r.agency), task.item.ref)
    for theme in registry.themes:
        counts = per_theme.get(theme)
        if not counts:
            out.append(Holding(THEME + theme, NOT_IN_TEXT if plan.partial else NOT_NAMED))
            continue
        best_role = max((role for role, _ in counts), key=lambda r: ROLE_RANK.get(r, 0))
        n, agency = min((-n, ag) for (role, ag), n in counts.items() if role == best_role)  # most tasks, then by id
        out.append(Holding(THEME + theme, NAMED, agency, best_role, -n, first[(theme, best_role, agency)]))
    return tuple(out)


def _key_role(plan: Plan, role: str) -> Holding:
    agency, where = plan.holder(role)
    if agency:
        return Holding(role, NAMED, agency, None, 0, where)
    return Holding(role, NOT_IN_TEXT if plan.partial else NOT_NAMED)


def function_theme(function: str) -> str:
    """The theme whose lineage a function follows (a key role follows its theme)."""
    return ROLE_THEMES.get(function) or function.removeprefix(THEME)


# --------------------------------------------------------------------------------------------
# Lines, timelines, the national count
# --------------------------------------------------------------------------------------------


def line_plans(province: str, plans, registry: Registry) -> tuple[Plan, ...]:
    """The plans of `province`'s line, in time order: its own, those of units merged into it (before the
    merger), and its successor's from the merger on."""
    pre = set(registry.province_predecessors(province))
    succ = registry.province_successor(province)
    merged_on = (registry.provinces.get(province) or {}).get("valid_to")
    out = []
    for p in plans:
        if p.province == province or p.province in pre:
            out.append(p)
        elif succ != province and p.province == succ and merged_on and p.reading_date > merged_on:
            out.append(p)
    return tuple(chronological(out))


@dataclass(frozen=True)
class HandoverRow:
    function: str
    before: Holding
    after: Holding
    expected: str | None        # who holds the function after, by the decrees, given its holder before
    acts: tuple[str, ...]       # the acts of the lineage steps to `expected`
    verdict: str


@dataclass(frozen=True)
class Handover:
    """A line's first succession across the restructuring date, function by function."""
    a: str                      # plan key before
    b: str                      # plan key on/after the date
    slug: str                   # the succession's comparison
    rows: tuple[HandoverRow, ...]
    counts: tuple[tuple[str, int], ...]  # verdict -> rows, in VERDICTS order
    partial: bool               # one of the texts is partial: only what both hold is compared


def handover(a: Plan, b: Plan, fa: tuple[Holding, ...], fb: tuple[Holding, ...], registry: Registry) -> Handover:
    rows = []
    for before, after in zip(fa, fb):
        row = _handover_row(before, after, b.reading_date, registry)
        if row is not None:
            rows.append(row)
    found = Counter(r.verdict for r in rows)
    return Handover(a.key, b.key, comparison_slug(a, b), tuple(rows),
                    tuple((v, found[v]) for v in VERDICTS if found[v]), a.partial or b.partial)


def _handover_row(before: Holding, after: Holding, on: str, registry: Registry) -> HandoverRow | None:
    fn = before.function
    steps = registry.successor_steps(before.agency, function_theme(fn), on) if before.agency else []
    expected = steps[-1][1] if steps else before.agency
    acts = tuple(sorted({act for s in steps for act in s[2]}))
    if NOT_IN_TEXT in (before.state, after.state):
        if before.state != NAMED and after.state != NAMED:
            return None  # neither text says: nothing to show
        verdict = NOT_IN_TEXT
    elif before.agency is None and after.agency is None:
        return None
    elif after.agency is None:
        verdict = NO_LONGER_NAMED
    elif before.agency is None:
        verdict = NEWLY_NAMED
    elif after.agency == before.agency:
        verdict = UNCHANGED
    elif steps and after.agency == expected:
        verdict = AS_DECREE
    elif steps:
        verdict = OTHER_AGENCY
    else:
        verdict = REASSIGNED
    return HandoverRow(fn, before, after, expected if steps else None, acts if steps else (), verdict)


@dataclass(frozen=True)
class Timeline:
    province: str
    plans: tuple[str, ...]              # plan keys of the line, in time order
    handovers: tuple[Handover, ...]     # the line's handover events (one per predecessor line)


def timelines(plans, events: tuple[Handover, ...], registry: Registry) -> dict[str, Timeline]:
    """province id -> its function timeline (with the handover events of its line, from :func:`handovers`),
    for every province with plans in its line."""
    out = {}
    for pid in registry.provinces:
        line = line_plans(pid, plans, registry)
        if not line:
            continue
        keys = {p.key for p in line}
        out[pid] = Timeline(pid, tuple(p.key for p in line), tuple(h for h in events if h.a in keys and h.b in keys))
    return out


def handovers(plans, nexts: dict[str, Plan], functions: dict, registry: Registry, cutoff: str) -> tuple[Handover, ...]:
    """Every handover event, by the later plan's date, then province."""
    by_key = {p.key: p for p in plans}
    out = [handover(by_key[a], b, functions[a], functions[b.key], registry)
           for a, b in nexts.items() if by_key[a].reading_date < cutoff <= b.reading_date]
    return tuple(sorted(out, key=lambda h: (by_key[h.b].reading_date, h.b, by_key[h.a].reading_date, h.a)))


@dataclass(frozen=True)
class NationalCount:
    function: str
    years: tuple[tuple[int, tuple[tuple[str | None, int], ...]], ...]  # year -> ((agency or None, plans), ...)


def national(plans, functions: dict, registry: Registry) -> tuple[NationalCount, ...]:
    """Per function and per year of issue: how many plans give it to which agency (None: not named).
    Partial texts count only where they name a holder (not in the text is not "not named")."""
    ids = function_ids(registry)
    counts: dict[int, list[Counter]] = {}  # year -> one Counter per function
    for p in plans:
        per_function = counts.setdefault(int(p.reading_date[:4]), [Counter() for _ in ids])
        for c, h in zip(per_function, functions[p.key]):
            if h.state != NOT_IN_TEXT:
                c[h.agency] += 1
    ranked = lambda c: tuple(sorted(c.items(), key=lambda kv: (-kv[1], kv[0] is None, kv[0] or "")))
    return tuple(NationalCount(fn, tuple((y, ranked(counts[y][i])) for y in sorted(counts))) for i, fn in enumerate(ids))


@dataclass(frozen=True)
class HolderNow:
    function: str
    agencies: tuple[tuple[str, tuple[str, ...]], ...]  # agency -> plan keys: the latest plan of each line that names it


def holders_now(plans, functions: dict, registry: Registry, cutoff: str) -> tuple[HolderNow, ...]:
    """Function -> who holds it now, where: in each line's latest plan dated on/after the cutoff."""
    latest: dict[str, Plan] = {}
    for p in chronological(plans):
        if p.reading_date >= cutoff:
            latest[registry.province_successor(p.province)] = p
    out = []
    for i, fn in enumerate(function_ids(registry)):
        where: dict[str, list[str]] = {}
        for p in latest.values():
            h = functions[p.key][i]
            if h.agency:
                where.setdefault(h.agency, []).append(p.key)
        out.append(HolderNow(fn, tuple(sorted(((ag, tuple(sorted(ks))) for ag, ks in where.items()),
                                              key=lambda x: (-len(x[1]), x[0])))))
    return tuple(out)
