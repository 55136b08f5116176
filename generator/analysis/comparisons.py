"""The comparisons a build publishes, computed once: pairs, their results, the transfers, key roles.

The engine (compare.py) compares two plans; this module decides which comparisons the site
holds (the policy in site_config.yml) and gathers what /compare/ and /transfer/ show.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import NamedTuple

from .. import urls
from ..model import KEY_ROLE_NAMES, Plan, chronological
from ..registry import Registry
from ..text import collation_key
from . import compare as engine

MAIN_LINEAGE = ("so-ldtbxh", "so-noi-vu")  # the /transfer/ story: Labour -> Home Affairs (gender equality)
TRANSFER_FULL_LIMIT = 60  # plans; past this /transfer/ keeps the first items of each kind (counts stay whole)
TRANSFER_ITEMS_PER_KIND = 5


class KeyRoleCell(NamedTuple):
    role: str
    agency: str | None
    where: str | None
    target: str | None  # the clause on the plan's page, when the plan says where


@dataclass(frozen=True)
class LineageRow:
    predecessor: str
    successor: str
    effective: str
    acts: tuple[str, ...]
    entry: dict        # the registry's successor entry (functions, notes, confirmed)
    primary: bool
    detailed: bool     # its tasks are laid out on /transfer/


@dataclass(frozen=True)
class Comparisons:
    policy: engine.Policy
    pairs: tuple            # PublishPair, in publishing order
    results: dict           # slug -> Comparison
    links: dict             # plan key -> ((slug, other plan key), ...)
    main: object            # the main lineage's Transfer, or None
    others: tuple           # the other detailed lineages' Transfers
    key_roles_before: tuple  # ((plan, (KeyRoleCell, ...)), ...) dated before the restructuring
    key_roles_after: tuple
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


def key_role_rows(plans, cutoff: str) -> tuple[tuple, tuple]:
    """Key-role table rows, plans by date, split at `cutoff`."""
    before, after = [], []
    for p in chronological(plans):
        anchors = clause_anchors(p)
        cells = []
        for role in KEY_ROLE_NAMES:
            agency, where = p.holder(role)
            target = clause_target(p.key, anchors.get(where)) if agency and where else None
            cells.append(KeyRoleCell(role, agency, where, target))
        (before if p.reading_date < cutoff else after).append((p, tuple(cells)))
    return tuple(before), tuple(after)


def _detailed(reg: Registry, pred: str, succ: str) -> bool:
    """Lineages whose tasks /transfer/ lays out: a predecessor's primary successor, or one that names the
    themes it takes over (a secondary successor with no themes takes over nothing these plans assign)."""
    s = reg.successor_entry(pred, succ)
    return bool(s.get("primary") or s.get("themes"))


def _trimmed(tr):
    """A transfer whose groups keep their first items of each kind, so the page stays small at scale."""
    groups = []
    for g in tr.groups:
        seen: dict[str, int] = {}
        kept = []
        for item in g.items:
            seen[item.kind] = seen.get(item.kind, 0) + 1
            if seen[item.kind] <= TRANSFER_ITEMS_PER_KIND:
                kept.append(item)
        groups.append(replace(g, items=tuple(kept)))
    return replace(tr, groups=tuple(groups))


def _default_pick(plans: list[Plan], cutoff: str) -> tuple[str | None, str | None]:
    """The latest pre-restructuring plan and the latest plan after it."""
    before = [p for p in plans if p.reading_date < cutoff]
    after = [p for p in plans if p.reading_date >= cutoff]
    if before and after:
        return before[-1].key, after[-1].key
    if len(plans) >= 2:
        return plans[-2].key, plans[-1].key
    return (plans[0].key if plans else None), None


def _lineage_rows(reg: Registry, detailed: set) -> tuple[tuple[LineageRow, ...], tuple[str, ...]]:
    rows, cited = [], []
    for pred, succ, eff, acts in reg.lineages():
        entry = reg.successor_entry(pred, succ)
        rows.append(LineageRow(pred, succ, eff, acts, entry, bool(entry.get("primary")), (pred, succ) in detailed))
        cited.extend(acts)
    rows.sort(key=lambda r: ((r.predecessor, r.successor) != MAIN_LINEAGE, r.effective, r.predecessor,
                             not r.primary, r.successor))
    acts = sorted(dict.fromkeys(a for a in cited if a in reg.legal_acts),
                  key=lambda a: (reg.legal_acts[a].get("date") or "", a))
    return tuple(rows), tuple(acts)


def analyse(plans, reg: Registry, settings: dict) -> Comparisons:
    pol = engine.Policy.from_config((settings or {}).get("compare"))
    every = chronological(plans)
    # A partial text is never set against a full one: its missing sections would read as "dropped".
    # It is shown in the key-role tables (what its text shows); the engine leaves it out of pairs and transfers.
    plans = [p for p in every if not p.partial]
    by_key = {p.key: p for p in plans}
    eng = engine.Engine(reg, pol)
    pairs = eng.publish_pairs(plans)
    results = {pp.slug: eng.compare(by_key[pp.a], by_key[pp.b]) for pp in pairs}
    links: dict[str, list] = {}
    for pp in pairs:
        links.setdefault(pp.a, []).append((pp.slug, pp.b))
        links.setdefault(pp.b, []).append((pp.slug, pp.a))
    transfers = {(pred, succ): eng.transfer(plans, pred, succ)
                 for pred, succ, _eff, _acts in reg.lineages()
                 if (pred, succ) == MAIN_LINEAGE or _detailed(reg, pred, succ)}
    if len(plans) > TRANSFER_FULL_LIMIT:
        transfers = {k: _trimmed(tr) for k, tr in transfers.items()}
    others = sorted((tr for k, tr in transfers.items() if k != MAIN_LINEAGE),
                    key=lambda tr: (tr.effective, collation_key(reg.agency_name(tr.predecessor)), tr.successor))
    before, after = key_role_rows(every, pol.restructuring_date)
    rows, acts = _lineage_rows(reg, set(transfers))
    return Comparisons(pol, tuple(pairs), results, {k: tuple(v) for k, v in links.items()},
                       transfers.get(MAIN_LINEAGE), tuple(others), before, after, rows, acts,
                       _default_pick(plans, pol.restructuring_date))
