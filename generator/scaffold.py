"""`plansite new PROVINCE PLAN-ID`: scaffold a plan file from the province's latest plan.

The new file keeps the latest plan's structure and wording, with every field to update marked
`# FILL: ...`. Agencies are carried through the registry's lineage crosswalk: an agency that was
merged or renamed before the new plan's year is replaced by its successor for the task's theme
(Registry.successor), e.g. Sở LĐTBXH -> Sở Nội vụ for gender-equality tasks from 1 March 2025.

The scaffold does not pass `plansite validate` until it is filled, on purpose: its source text does
not exist yet, and a `to_fill` checklist (not a plan field) stands in the front matter until the
editor deletes it.
"""
from __future__ import annotations

import copy
import datetime as dt
import re
import sys
from pathlib import Path

from .importer import dump
from .load import load_yaml
from .registry import Registry, load_registry

_ROLE_RANK = {"lead": 0, "responsible": 1, "coordinating": 2}


def _err(message: str) -> int:
    print(f"plansite: error: {message}", file=sys.stderr)
    return 1


def _date(s) -> dt.date | None:
    try:
        return dt.date.fromisoformat(s) if isinstance(s, str) else None
    except ValueError:
        return None


class Crosswalk:
    """Old agency id -> the agency that holds its function in `year` (for a theme)."""

    def __init__(self, reg: Registry, year: int):
        self.reg = reg
        self.year = year
        self.changes: dict = {}  # (old, new) -> set of notes
        self.mid_year: set = set()

    def map(self, aid: str, themes=()) -> str:
        seen = {aid}
        current = aid
        for _ in range(6):
            succ = None
            for th in list(themes) or [None]:
                s = self.reg.successor(current, th)
                if s and (th is None or th in (s.get("themes") or [])):
                    succ = s
                    break
            if succ is None:
                succ = self.reg.successor(current)
            if not succ or succ["agency"] in seen:
                break
            eff = _date(succ.get("effective"))
            if eff is None or eff > dt.date(self.year, 12, 31):
                break
            if eff > dt.date(self.year, 1, 1):
                self.mid_year.add((current, succ["agency"], succ.get("effective")))
            seen.add(succ["agency"])
            current = succ["agency"]
        if current != aid:
            self.changes.setdefault((aid, current), set())
        return current

    def roles(self, roles: dict, themes) -> dict:
        out: dict = {}
        for aid, role in (roles or {}).items():
            new = self.map(aid, themes)
            if new not in out or _ROLE_RANK[role] < _ROLE_RANK[out[new]]:
                out[new] = role
        return out


def _plan_files(content: Path, province: str) -> list[Path]:
    folder = content / "plans" / province
    return sorted(p for p in folder.glob("*.yml") if p.is_file()) if folder.is_dir() else []


def _latest(files: list[Path], exclude: str, year: int) -> tuple[Path, dict, dict] | tuple[None, str, None]:
    """The latest plan before `year` (else the latest); never the target itself nor an unfilled scaffold."""
    best = None
    problems = []
    for f in files:
        if f.stem == exclude:
            continue
        docs, errors = load_yaml(f)
        if errors or len(docs) != 2 or not all(isinstance(d.value, dict) for d in docs):
            problems.append(f"{f}: {errors[0].message if errors else 'not a two-document plan file'}")
            continue
        front, body = docs[0].value, docs[1].value
        if "to_fill" in front:
            problems.append(f"{f.name} is an unfilled scaffold")
            continue
        period = front.get("period") or {}
        to = period.get("to") or 0
        key = (to <= year, to, period.get("from") or 0, str((front.get("document") or {}).get("date") or ""), f.stem)
        if best is None or key > best[0]:
            best = (key, f, front, body)
    if best is None:
        return None, "; ".join(problems) or "no other plan", None
    return best[1], best[2], best[3]


def new_plan(province: str, plan_id: str, content: Path, force: bool = False) -> int:
    reg, errors = load_registry(content)
    if reg is None or errors:
        return _err(f"cannot read the registries under {content}: {errors[0].format() if errors else 'unreadable'}")
    if province not in reg.provinces:
        return _err(f"unknown province '{province}' (see {content / 'registry' / 'provinces.yml'})")
    m = re.fullmatch(r"(\d{4})(?:-(\d{4}))?", plan_id)
    if not m or (m.group(2) and int(m.group(2)) < int(m.group(1))):
        return _err(f"plan id '{plan_id}' is not a year (2026) or a period (2026-2030)")
    y0, y1 = int(m.group(1)), int(m.group(2) or m.group(1))
    files = _plan_files(content, province)
    if not files:
        return _err(f"province '{province}' has no plans in {content / 'plans' / province}: nothing to scaffold from (draft the first one with `plansite import`)")
    target = content / "plans" / province / f"{plan_id}.yml"
    if target.exists() and not force:
        return _err(f"{target} already exists; use --force to overwrite it")
    prev_path, front0, body0 = _latest(files, plan_id, y0)
    if prev_path is None:
        return _err(f"no readable plan of '{province}' to scaffold from ({front0})")
    text = scaffold(reg, province, plan_id, y0, y1, prev_path, front0, body0)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    print(f"plansite: wrote {target} from {prev_path.name}: fill every '# FILL' field, add the source text, then delete `to_fill`", file=sys.stderr)
    return 0


def scaffold(reg: Registry, province: str, plan_id: str, y0: int, y1: int, prev_path: Path, front0: dict, body0: dict) -> str:
    """The new plan's YAML text."""
    front = copy.deepcopy(front0)
    body = copy.deepcopy(body0)
    prev = f"{front0.get('province')}/{front0.get('plan_id')}"
    cw = Crosswalk(reg, y0)
    comments: dict = {}

    def fill(path, message):
        comments.setdefault(path, []).append("FILL: " + message)

    kind = "annual" if y0 == y1 else "strategy"
    # --- body: agencies through the crosswalk, texts kept
    used_ids: dict = {}
    for si, sec in enumerate(body.get("sections") or []):
        spath = ("body", "sections", si)
        fill(spath, f"section carried from {prev}: update its heading, texts and items for {plan_id}")
        for it_path, it in _walk(sec.get("items") or [], spath + ("items",)):
            if it.get("roles"):
                old = dict(it["roles"])
                it["roles"] = cw.roles(it["roles"], it.get("themes") or ())
                if it["roles"] != old:
                    fill(it_path, f"roles carried through the agency crosswalk (was {_fmt_roles(old)})")
        for bi, blk in enumerate(sec.get("blocks") or []):
            bpath = spath + ("blocks", bi)
            themes = [t for task in blk.get("tasks") or [] for t in task.get("themes") or []]
            old_agencies = list(blk["agencies"])
            new_agencies = []
            for a in old_agencies:
                n = cw.map(a, _majority(themes))
                if n not in new_agencies:
                    new_agencies.append(n)
            old_bid = blk["id"]
            bid = new_agencies[0]
            if bid in used_ids:
                k = 2
                while f"{bid}-{k}" in used_ids:
                    k += 1
                fill(bpath, f"block '{used_ids[bid]}' also names {bid} now: merge the two blocks if the new plan does")
                bid = f"{bid}-{k}"
            used_ids[bid] = bid
            blk["id"] = bid
            if new_agencies != old_agencies:
                blk["agencies"] = new_agencies
                old_name = blk["name"]
                blk["name"] = _rename(old_name, old_agencies, new_agencies, reg, province)
                fill(bpath, f"agencies carried through the crosswalk: {', '.join(old_agencies)} -> {', '.join(new_agencies)}"
                            f" (was '{old_name}'); check the name as the new plan prints it")
            for ti, task in enumerate(blk.get("tasks") or []):
                tpath = bpath + ("tasks", ti)
                if task.get("id", "").startswith(old_bid + "-"):
                    task["id"] = bid + task["id"][len(old_bid):]
                old_roles = dict(task.get("roles") or {})
                task["roles"] = cw.roles(old_roles, task.get("themes") or ())
                for a in blk["agencies"]:
                    task["roles"].setdefault(a, "responsible")
                if task["roles"] != old_roles:
                    fill(tpath, f"text carried from {prev}; roles through the crosswalk (was {_fmt_roles(old_roles)}): the text may still name the old agency")
    for key in ("preamble", "closing"):
        if body.get(key):
            fill(("body", key), f"carried from {prev}: replace with the new plan's wording")
    if body.get("distribution"):
        fill(("body", "distribution"), f"carried from {prev}: check the recipients")
    if body.get("signature"):
        fill(("body", "signature"), f"carried from {prev}: the new signer's lines")
    rep = body.get("reporting")
    if rep:
        if rep.get("recipient"):
            rep["recipient"] = cw.map(rep["recipient"])
        fill(("body", "reporting"), f"recipient and deadlines carried from {prev}: check them in the new text")

    # --- front matter
    front["plan_id"] = plan_id
    front["kind"] = kind
    front["period"] = {"from": y0, "to": y1}
    fill(("front", "title"), f"the title of {prev}: write the new plan's title")
    front["document"] = {"type": (front0.get("document") or {}).get("type") or "KẾ HOẠCH", "number": None, "date": None,
                         "number_source": {"kind": "unknown", "note": None, "url": None}}
    fill(("front", "document"), "number and date of the new plan (number_source: text if the source prints them)")
    signer = dict(front.get("signer") or {})
    signer["name"] = None
    front["signer"] = {"name": None, "title": signer.get("title"), "authority": signer.get("authority")}
    fill(("front", "signer"), f"the signer (the title and authority are those of {prev})")
    front["lead_agency"] = cw.map(front["lead_agency"])
    if front.get("proposal"):
        front["proposal"] = {"agency": cw.map(front["proposal"]["agency"]), "submission": None, "date": None}
        fill(("front", "proposal"), "the proposing agency's submission (Tờ trình số ...) and its date, or null")
    fill(("front", "legal_bases"), f"the legal bases of {prev}: replace with those the new plan cites")
    for name, kr in (front.get("key_roles") or {}).items():
        if kr:
            kr["agency"] = cw.map(kr["agency"])
    fill(("front", "key_roles"), "carried through the crosswalk; check each `where` against the new text")
    front["source"] = {"file": f"sources/{province}-{plan_id}.txt", "seed": None, "url": None}
    fill(("front", "source"), f"save the new plan's text as content/sources/{province}-{plan_id}.txt (validate fails until it exists)")
    front["repairs"] = []
    fill(("front", "repairs"), "list the repairs of the new source text, if any")
    fill(("front", "issuing_body"), f"as in {prev}")
    p = reg.provinces.get(province) or {}
    if p.get("merged_into") and p.get("valid_to") and _date(p["valid_to"]) and _date(p["valid_to"]) < dt.date(y0, 1, 1):
        into = reg.provinces.get(p["merged_into"], {}).get("vi", p["merged_into"])
        fill(("front", "province"), f"{p.get('vi', province)} was merged into {into} ({p['merged_into']}) after {p['valid_to']}: "
                                    f"a {plan_id} plan is issued by {into}; scaffold that province instead if so")
    changes = sorted(f"{a} -> {b}" for a, b in cw.changes)
    notes = [f"Scaffolded by `plansite new` from {prev} ({prev_path.name}); texts are that plan's wording until replaced."]
    if changes:
        notes.append("Agencies carried through the lineage crosswalk (registry successors): " + ", ".join(changes) + ".")
    for a, b, eff in sorted(cw.mid_year):
        fill(("front", "notes"), f"{a} -> {b} takes effect on {eff}, within {y0}: check which one the new plan names")
    front["notes"] = notes
    todo = ["title", "document", "signer", "legal_bases", "source text", "preamble", "sections", "closing", "signature", "reporting"]
    front["to_fill"] = todo
    comments.setdefault(("front", "to_fill"), []).append(
        "FILL: `to_fill` is not a plan field: `plansite validate` fails on purpose until you delete it, after every # FILL below is done")
    ordered = {k: front[k] for k in ["format", "province", "plan_id", "kind", "period", "title", "document", "issuing_body", "signer",
                                     "lead_agency", "proposal", "legal_bases", "key_roles", "source", "repairs", "notes", "to_fill"] if k in front}
    for k, v in front.items():
        ordered.setdefault(k, v)
    header = [f"SCAFFOLD made by `plansite new {province} {plan_id}` from {prev}: every '# FILL' marks something to update."]
    return dump(ordered, body, comments, header)


def _walk(items, path):
    for i, it in enumerate(items):
        yield path + (i,), it
        yield from _walk(it.get("items") or [], path + (i, "items"))


def _majority(themes):
    counts: dict = {}
    for t in themes:
        counts[t] = counts.get(t, 0) + 1
    return [t for t, _ in sorted(counts.items(), key=lambda kv: -kv[1])]


def _fmt_roles(roles: dict) -> str:
    return ", ".join(f"{a}: {r}" for a, r in roles.items()) or "none"


def _rename(name: str, old: list[str], new: list[str], reg: Registry, province: str | None = None) -> str:
    """The block name with each changed agency's name replaced by its successor's; the rest as printed."""
    from .importer import Agencies
    ag = Agencies(reg, province)
    m = re.match(r"(Đề nghị\s+)?(.*?)(:?)\s*$", name, re.I)
    prefix, core, colon = m.group(1) or "", m.group(2), m.group(3)
    head = core.split(":")[0]
    words = head.split(" ")
    for k in range(min(len(words), 30), 0, -1):
        groups = ag.groups(" ".join(words[:k]))
        if groups:
            break
    else:
        groups = None
    if groups and len(groups) == len(old) or groups and {a for _, a in groups} == set(old):
        out = core
        done = set()
        for (text, aid) in groups:
            idx = old.index(aid) if aid in old else None
            target = None
            if idx is not None:
                target = _successor_of(aid, new, reg)
            if target and target != aid:
                replacement = reg.agency_name(target)
                if target in done:
                    continue
                out = out.replace(text, replacement, 1)
                done.add(target)
        return prefix + out + colon
    return prefix + ", ".join(reg.agency_name(a) for a in new) + colon


def _successor_of(aid: str, new: list[str], reg: Registry) -> str | None:
    """Which of the new agencies took over `aid` (following the lineage)."""
    if aid in new:
        return aid
    seen = {aid}
    frontier = [aid]
    while frontier:
        cur = frontier.pop()
        for s in reg.agencies.get(cur, {}).get("successors") or []:
            if s["agency"] in new:
                return s["agency"]
            if s["agency"] not in seen:
                seen.add(s["agency"])
                frontier.append(s["agency"])
    return None
