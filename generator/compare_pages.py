"""Comparison pages: /compare/, /compare/<a>--<b>/ and /transfer/. No HTML here.

`compare_pages(plans, reg, config, lang)` turns the comparison engine's results (generator/compare.py)
into Page objects whose templates (compare_index.html, compare.html, transfer.html, with the
partials in _diff.html) render them. The templates get the engine's dataclasses as they are, plus
a few look-ups computed here (where a clause lives on a plan's page, which task pair is the
"stub" of a move, which rows are mechanical renames).

Extra files: each published comparison's JSON twin, `compare/<slug>/comparison.json`
(Comparison.to_dict()), written once, under the default language's root (like the other data files;
the English pages link to it one level up).
"""
from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Mapping

from .compare import (Comparison, Policy, Transfer, TaskPair, compare, lineages, plan_date, publish_pairs,
                      transfer)
from .model import KEY_ROLE_NAMES, Plan
from .pages import Page
from .text import collation_key

MAIN_LINEAGE = ("so-ldtbxh", "so-noi-vu")  # the /transfer/ story: Labour -> Home Affairs (gender equality)
TRANSFER_KINDS = ("moved", "changed", "new", "dropped", "kept", "pending")
SUMMARY_COUNTS = ("unchanged", "changed", "replaced", "moved", "split", "merged", "added", "dropped",
                  "renames", "mechanical", "role_events", "restructuring_events")

_CACHE: dict = {}


# --------------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------------


def compare_path(slug: str) -> str:
    return f"compare/{slug}/"


def plan_page(plan_key: str) -> str:
    """'quang-ngai/2025' -> 'provinces/quang-ngai/2025/' (relative to a language root)."""
    return f"provinces/{plan_key}/"


def clause_target(plan_key: str, anchor: str | None) -> str:
    """The link target of a clause of a plan's page: 'provinces/<province>/<plan-id>/#<anchor>'."""
    return plan_page(plan_key) + (f"#{anchor}" if anchor else "")


def clause_anchors(plan: Plan) -> dict[str, str]:
    """Item / block / section refs as written in the data ('IV.1.b', 'IV', 'IV.3') -> the anchor of that
    place on the plan's page (task id, block id, 'section-iv'). 'preamble' and 'closing' have none;
    key roles point there, so they get the plan's key-roles table."""
    out: dict[str, str] = {"preamble": "key-roles", "closing": "key-roles"}
    for s in plan.sections:
        out.setdefault(s.number, f"section-{s.number.lower()}")
    for b in plan.blocks:
        out.setdefault(b.ref, b.id)
    for t in plan.tasks:
        out[t.item.ref] = t.id
    return out


def role_agency(plan: Plan, role: str) -> tuple[str | None, str | None]:
    """(agency, where) of a key role, with the engine's fallbacks (lead -> Plan.lead_agency, ...)."""
    from . import compare as engine
    return engine._role_agency(plan, role)


def _policy(config: Mapping) -> Policy:
    return Policy.from_config((config or {}).get("compare"))


def _sorted(plans) -> list[Plan]:
    return sorted(plans, key=lambda p: (plan_date(p), p.province, p.plan_id))


def _computed(plans: list[Plan], reg, pol: Policy):
    """Comparisons and transfers, computed once per (plans, registry, policy) and shared by languages."""
    key = (id(reg), tuple(id(p) for p in plans), pol)
    hit = _CACHE.get(key)
    if hit is not None and hit[0] is reg and all(x is y for x, y in zip(hit[1], plans)):
        return hit[2]
    by_key = {p.key: p for p in plans}
    pairs = publish_pairs(plans, reg, pol)
    comparisons = {pp.slug: compare(by_key[pp.a], by_key[pp.b], reg, pol) for pp in pairs}
    transfers = {}
    for pred, succ, _eff, _acts in lineages(reg):
        if (pred, succ) == MAIN_LINEAGE or _detailed(reg, pred, succ):
            transfers[(pred, succ)] = transfer(plans, reg, pred, succ, pol)
    result = (pairs, comparisons, transfers)
    _CACHE.clear()  # one corpus at a time
    _CACHE[key] = (reg, list(plans), result)
    return result


def _successor_entry(reg, pred: str, succ: str) -> dict:
    for s in reg.agencies.get(pred, {}).get("successors") or []:
        if s["agency"] == succ:
            return s
    return {}


def _detailed(reg, pred: str, succ: str) -> bool:
    """Lineages whose tasks /transfer/ lays out: a predecessor's primary successor, or one that names the
    themes it takes over. (A secondary successor with no themes, e.g. Sở LĐTBXH -> Sở Y tế for social
    protection, takes over nothing these plans assign: it is listed in the lineage table only.)"""
    s = _successor_entry(reg, pred, succ)
    return bool(s.get("primary") or s.get("themes"))


# --------------------------------------------------------------------------------------------
# View models (thin: the templates read the engine's dataclasses)
# --------------------------------------------------------------------------------------------


def pair_anchor(tp: TaskPair) -> str:
    return "c-" + tp.key


def stub_anchor(tp: TaskPair) -> str:
    return "m-" + tp.key


def comparison_view(c: Comparison, plan_a: Plan, plan_b: Plan) -> dict:
    """What compare.html needs beyond the Comparison: rows per block pair, event links, stubs."""
    anchors_a, anchors_b = clause_anchors(plan_a), clause_anchors(plan_b)
    by_key = {tp.key: tp for tp in c.tasks}
    blocks = []
    stubs: set[str] = set()
    for bp in c.block_pairs:
        rows, unchanged = [], []
        for tp in bp.tasks:
            if tp.kind == "moved":
                inside_b = bp.b is not None and tp.b[0].block == bp.b.id
                if not inside_b:
                    rows.append(("moved_out", tp))
                    stubs.add(tp.key)
                    continue
                rows.append(("moved_in", tp))
            elif tp.kind == "paired" and tp.status == "unchanged":
                unchanged.append(tp)
            else:
                rows.append((tp.kind, tp))
        if not rows and not unchanged:
            continue  # e.g. a joint alignment that holds no task pair: nothing to show
        # Mechanical: a row whose only change is an agency renamed by the restructuring.
        changing = [tp for _, tp in rows]
        mech = bool(bp.rename and changing and all(tp.mechanical for tp in changing))
        blocks.append({"bp": bp, "rows": rows, "unchanged": unchanged, "mechanical": mech,
                       "anchor": "b-" + bp.key})
    events = []
    for e in c.events:
        tp = by_key.get(e.task_pair) if e.task_pair else None
        if e.scope == "role":
            anchor = f"e-role-{e.role}"
            before = clause_target(c.a.key, anchors_a.get(e.where_before)) if e.where_before else None
            after = clause_target(c.b.key, anchors_b.get(e.where_after)) if e.where_after else None
        else:
            anchor = f"e-task-{e.task_pair}"
            before = clause_target(c.a.key, tp.a[0].id) if tp and tp.a else None
            after = clause_target(c.b.key, tp.b[0].id) if tp and tp.b else None
        events.append({"event": e, "anchor": anchor, "before": before, "after": after, "pair": tp,
                       "mechanical": bool(tp and tp.mechanical)})
    counts = [(name, getattr(c.summary, name)) for name in SUMMARY_COUNTS]
    return {"blocks": blocks, "events": events, "stubs": stubs, "counts": counts,
            "n_mechanical": sum(tp.mechanical for tp in c.tasks)}


def _plan_option(plan: Plan, lang: str, reg) -> dict:
    prov = reg.provinces.get(plan.province, {})
    name = (prov.get("vi") if lang == "vi" else prov.get("en") or prov.get("vi")) or plan.province
    return {"key": plan.key, "label": f"{name} {plan.plan_id}", "number": plan.number, "date": plan.date,
            "province": plan.province, "plan_id": plan.plan_id}


def lineage_map(reg) -> dict:
    """predecessor -> {to: primary successor, effective: date}: the crosswalk the in-browser control uses."""
    out = {}
    for aid, a in sorted(reg.agencies.items()):
        for s in a.get("successors") or []:
            if s.get("primary"):
                out[aid] = {"to": s["agency"], "effective": s.get("effective") or ""}
    return out


def transfer_anchor(tr: Transfer, item) -> str:
    side = lambda ref: (ref.plan.replace("/", "-") + "-" + ref.id) if ref else ""
    return f"x-{tr.predecessor}--{tr.successor}--{side(item.a)}--{side(item.b)}"


def key_role_rows(plans: list[Plan], cutoff: str) -> tuple[list, list]:
    """Key-role table rows (plan, [(role, agency, clause target)]), plans by date, split at `cutoff`."""
    before, after = [], []
    for p in _sorted(plans):
        anchors = clause_anchors(p)
        cells = []
        for role in KEY_ROLE_NAMES:
            agency, where = role_agency(p, role)
            target = clause_target(p.key, anchors.get(where)) if agency and where else None
            cells.append((role, agency, where, target))
        (before if plan_date(p) < cutoff else after).append((p, cells))
    return before, after


# --------------------------------------------------------------------------------------------
# Pages
# --------------------------------------------------------------------------------------------


def compare_pages(plans, reg, config, lang) -> tuple[list[Page], dict[str, bytes]]:
    """Every comparison page of one language, and the comparisons' JSON twins (default language only)."""
    t = (lambda vi, en: vi if lang == "vi" else en)
    pol = _policy(config)
    plans = _sorted(plans)
    by_key = {p.key: p for p in plans}
    pairs, comparisons, transfers = _computed(plans, reg, pol)
    languages = list(config.get("languages") or ["vi"])
    default = languages[0]
    data_prefix = "" if lang == default else "../"  # data files live once, under the default language's root
    pname = lambda pid: (reg.provinces.get(pid, {}).get("vi" if lang == "vi" else "en")
                         or reg.provinces.get(pid, {}).get("vi") or pid)
    label = lambda p: f"{pname(p.province)} {p.plan_id}"
    pages: list[Page] = []
    files: dict[str, bytes] = {}

    # /compare/<a>--<b>/
    entries = []
    for pp in pairs:
        c = comparisons[pp.slug]
        a, b = by_key[pp.a], by_key[pp.b]
        path = compare_path(pp.slug)
        title = t(f"So sánh: {label(a)} và {label(b)}", f"Comparison: {label(a)} and {label(b)}")
        headline = c.summary.headline_vi if lang == "vi" else c.summary.headline_en
        pages.append(Page(path, "compare.html", title,
                          {"cmp": c, "pair": pp, "plan_a": a, "plan_b": b, "view": comparison_view(c, a, b),
                           "headline": headline, "cmp_data_prefix": data_prefix,
                           "json_twin": path + "comparison.json"},
                          headline, search=True))
        entries.append({"pair": pp, "a": a, "b": b, "path": path, "headline": headline, "summary": c.summary})
        if lang == default:
            files[path + "comparison.json"] = (json.dumps(c.to_dict(), ensure_ascii=False, separators=(",", ":"), sort_keys=True)
                                               + "\n").encode("utf-8")

    # /compare/
    groups = defaultdict(list)
    for e in entries:
        for prov in dict.fromkeys((e["a"].province, e["b"].province)):
            groups[prov].append(e)
    province_ids = sorted(groups, key=lambda pid: collation_key(pname(pid)))
    published = {f"{pp.a}|{pp.b}": pp.slug for pp in pairs}
    pages.append(Page("compare/", "compare_index.html", t("So sánh kế hoạch", "Compare plans"),
                      {"groups": [(pid, groups[pid]) for pid in province_ids],
                       "options": [_plan_option(p, lang, reg) for p in plans],
                       "published": published, "lineage_map": lineage_map(reg),
                       "cmp_data_prefix": data_prefix, "n_pairs": len(pairs), "policy": pol,
                       "default_a": _default_pick(plans, pol)[0], "default_b": _default_pick(plans, pol)[1]},
                      t("So sánh hai kế hoạch bất kỳ: cơ quan nào được giao việc gì, điều gì đã thay đổi.",
                        "Compare any two plans: which agency is asked to do what, and what changed.")))

    # /transfer/
    before_rows, after_rows = key_role_rows(plans, pol.restructuring_date)
    if len(plans) > TRANSFER_FULL_LIMIT:
        transfers = {k: _trimmed(tr) for k, tr in transfers.items()}
    main = transfers.get(MAIN_LINEAGE)
    others = [tr for k, tr in transfers.items() if k != MAIN_LINEAGE]
    others.sort(key=lambda tr: (tr.effective, collation_key(reg.agency_name(tr.predecessor)), tr.successor))
    all_lineages = []
    cited: list[str] = []
    for pred, succ, eff, acts in lineages(reg):
        entry = _successor_entry(reg, pred, succ)
        all_lineages.append({"predecessor": pred, "successor": succ, "effective": eff, "acts": acts,
                             "primary": bool(entry.get("primary")), "functions_en": entry.get("functions_en"),
                             "confirmed": entry.get("confirmed", True), "note_en": entry.get("note_en"),
                             "detailed": (pred, succ) in transfers})
        cited.extend(acts)
    all_lineages.sort(key=lambda r: ((r["predecessor"], r["successor"]) != MAIN_LINEAGE, r["effective"],
                                     r["predecessor"], not r["primary"], r["successor"]))
    acts = sorted(dict.fromkeys(a for a in cited if a in reg.legal_acts),
                  key=lambda a: (reg.legal_acts[a].get("date") or "", a))
    pages.append(Page("transfer/", "transfer.html", t("Chuyển giao năm 2025", "The 2025 transfer"),
                      {"main": main, "others": others, "before_rows": before_rows, "after_rows": after_rows,
                       "key_role_names": KEY_ROLE_NAMES, "restructuring_date": pol.restructuring_date,
                       "lineage_rows": all_lineages, "acts": acts, "plans_by_key": by_key,
                       "transfer_anchor": transfer_anchor, "kinds": TRANSFER_KINDS},
                      t("Sở Lao động - Thương binh và Xã hội → Sở Nội vụ: các vai trò và nhiệm vụ bình đẳng giới "
                        "trước và sau ngày 1/3/2025.",
                        "Labour → Home Affairs: who holds the gender-equality roles and tasks before and after "
                        "1 March 2025.")))
    return pages, files


TRANSFER_FULL_LIMIT = 60  # plans; past this /transfer/ shows the first 5 items of each kind (counts stay whole)
TRANSFER_ITEMS_PER_KIND = 5


def _trimmed(tr):
    """A transfer whose groups keep their first items of each kind, so the page stays small at 1,300 plans."""
    from dataclasses import replace
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


def _default_pick(plans: list[Plan], pol: Policy) -> tuple[str | None, str | None]:
    """The control's preselection: the latest pre-restructuring plan and the latest plan after it."""
    before = [p for p in plans if plan_date(p) < pol.restructuring_date]
    after = [p for p in plans if plan_date(p) >= pol.restructuring_date]
    if before and after:
        return before[-1].key, after[-1].key
    if len(plans) >= 2:
        return plans[-2].key, plans[-1].key
    return (plans[0].key if plans else None), None


def comparison_links(plans, reg, config) -> dict[str, list[tuple[str, str]]]:
    """plan key -> [(path of a published comparison, the other plan's key)], for linking plan pages to
    their comparisons (e.g. build's `compare_links`). Paths are relative to a language root."""
    out: dict[str, list[tuple[str, str]]] = {}
    for pp in publish_pairs(_sorted(plans), reg, _policy(config)):
        out.setdefault(pp.a, []).append((compare_path(pp.slug), pp.b))
        out.setdefault(pp.b, []).append((compare_path(pp.slug), pp.a))
    return out


__all__ = ["compare_pages", "comparison_links", "comparison_view", "clause_anchors", "clause_target", "compare_path",
           "key_role_rows", "lineage_map", "MAIN_LINEAGE"]
