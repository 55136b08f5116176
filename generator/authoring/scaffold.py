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

from ..load import load_yaml
from ..registry import Registry, load_registry
from .ids import unique
from .lineage import carry_agencies, carry_roles
from .yaml_writer import dump_plan


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
        current = aid
        for old, new, _, effective in self.reg.successor_steps(aid, themes, on=f"{self.year}-12-31"):
            eff = _date(effective)
            if eff is None:
                break
            if eff > dt.date(self.year, 1, 1):
                self.mid_year.add((old, new, effective))
            current = new
        if current != aid:
            self.changes.setdefault((aid, current), set())
        return current

    def roles(self, roles: dict, themes) -> dict:
        return carry_roles(roles or {}, lambda aid: self.map(aid, themes))


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
    sc = _Scaffold(reg, province, plan_id, y0, f"{front0.get('province')}/{front0.get('plan_id')}")
    body = sc.body(copy.deepcopy(body0))
    front = sc.front(copy.deepcopy(front0), front0, y1, prev_path)
    header = [f"SCAFFOLD made by `plansite new {province} {plan_id}` from {sc.prev}: every '# FILL' marks something to update."]
    return dump_plan(front, body, sc.comments, header)


_FRONT_ORDER = ["format", "province", "plan_id", "kind", "period", "title", "document", "issuing_body", "signer",
                "lead_agency", "proposal", "legal_bases", "key_roles", "source", "repairs", "notes", "to_fill"]
_TO_FILL = ["title", "document", "signer", "legal_bases", "source text", "preamble", "sections", "closing", "signature", "reporting"]


class _Scaffold:
    """One scaffold: the previous plan's body and front matter carried to `plan_id`, with FILL comments."""

    def __init__(self, reg: Registry, province: str, plan_id: str, y0: int, prev: str):
        self.reg, self.province, self.plan_id, self.y0, self.prev = reg, province, plan_id, y0, prev
        self.cw = Crosswalk(reg, y0)
        self.comments: dict = {}

    def fill(self, path, message):
        self.comments.setdefault(path, []).append("FILL: " + message)

    # --- body: agencies through the crosswalk, texts kept
    def body(self, body: dict) -> dict:
        prev = self.prev
        used_ids: set = set()
        for si, sec in enumerate(body.get("sections") or []):
            spath = ("body", "sections", si)
            self.fill(spath, f"section carried from {prev}: update its heading, texts and items for {self.plan_id}")
            for it_path, it in _walk(sec.get("items") or [], spath + ("items",)):
                if it.get("roles"):
                    old = dict(it["roles"])
                    it["roles"] = self.cw.roles(it["roles"], it.get("themes") or ())
                    if it["roles"] != old:
                        self.fill(it_path, f"roles carried through the agency crosswalk (was {_fmt_roles(old)})")
            for bi, blk in enumerate(sec.get("blocks") or []):
                self.block(blk, spath + ("blocks", bi), used_ids)
        for key in ("preamble", "closing"):
            if body.get(key):
                self.fill(("body", key), f"carried from {prev}: replace with the new plan's wording")
        if body.get("distribution"):
            self.fill(("body", "distribution"), f"carried from {prev}: check the recipients")
        if body.get("signature"):
            self.fill(("body", "signature"), f"carried from {prev}: the new signer's lines")
        rep = body.get("reporting")
        if rep:
            if rep.get("recipient"):
                rep["recipient"] = self.cw.map(rep["recipient"])
            self.fill(("body", "reporting"), f"recipient and deadlines carried from {prev}: check them in the new text")
        return body

    def block(self, blk: dict, bpath: tuple, used_ids: set) -> None:
        cw = self.cw
        themes = [t for task in blk.get("tasks") or [] for t in task.get("themes") or []]
        old_agencies = list(blk["agencies"])
        majority = _majority(themes)
        new_agencies = carry_agencies(old_agencies, lambda a: cw.map(a, majority))
        old_bid = blk["id"]
        if new_agencies[0] in used_ids:
            self.fill(bpath, f"block '{new_agencies[0]}' also names {new_agencies[0]} now: merge the two blocks if the new plan does")
        bid = blk["id"] = unique(new_agencies[0], used_ids)
        if new_agencies != old_agencies:
            blk["agencies"] = new_agencies
            old_name = blk["name"]
            blk["name"] = _rename(old_name, old_agencies, new_agencies, self.reg, self.province)
            self.fill(bpath, f"agencies carried through the crosswalk: {', '.join(old_agencies)} -> {', '.join(new_agencies)}"
                             f" (was '{old_name}'); check the name as the new plan prints it")
        for ti, task in enumerate(blk.get("tasks") or []):
            if task.get("id", "").startswith(old_bid + "-"):
                task["id"] = bid + task["id"][len(old_bid):]
            old_roles = dict(task.get("roles") or {})
            task["roles"] = cw.roles(old_roles, task.get("themes") or ())
            for a in blk["agencies"]:
                task["roles"].setdefault(a, "responsible")
            if task["roles"] != old_roles:
                self.fill(bpath + ("tasks", ti), f"text carried from {self.prev}; roles through the crosswalk "
                                                 f"(was {_fmt_roles(old_roles)}): the text may still name the old agency")

    # --- front matter
    def front(self, front: dict, front0: dict, y1: int, prev_path: Path) -> dict:
        cw, prev, fill, y0, plan_id, province = self.cw, self.prev, self.fill, self.y0, self.plan_id, self.province
        front["plan_id"] = plan_id
        front["kind"] = "annual" if y0 == y1 else "strategy"
        front["period"] = {"from": y0, "to": y1}
        fill(("front", "title"), f"the title of {prev}: write the new plan's title")
        front["document"] = {"type": (front0.get("document") or {}).get("type") or "KẾ HOẠCH", "number": None, "date": None,
                             "number_source": {"kind": "unknown", "note": None, "url": None}}
        fill(("front", "document"), "number and date of the new plan (number_source: text if the source prints them)")
        signer = front.get("signer") or {}
        front["signer"] = {"name": None, "title": signer.get("title"), "authority": signer.get("authority")}
        fill(("front", "signer"), f"the signer (the title and authority are those of {prev})")
        front["lead_agency"] = cw.map(front["lead_agency"])
        if front.get("proposal"):
            front["proposal"] = {"agency": cw.map(front["proposal"]["agency"]), "submission": None, "date": None}
            fill(("front", "proposal"), "the proposing agency's submission (Tờ trình số ...) and its date, or null")
        fill(("front", "legal_bases"), f"the legal bases of {prev}: replace with those the new plan cites")
        for kr in (front.get("key_roles") or {}).values():
            if kr:
                kr["agency"] = cw.map(kr["agency"])
        fill(("front", "key_roles"), "carried through the crosswalk; check each `where` against the new text")
        front["source"] = {"file": f"sources/{province}-{plan_id}.txt", "seed": None, "url": None}
        fill(("front", "source"), f"save the new plan's text as content/sources/{province}-{plan_id}.txt (validate fails until it exists)")
        front["repairs"] = []
        fill(("front", "repairs"), "list the repairs of the new source text, if any")
        fill(("front", "issuing_body"), f"as in {prev}")
        self.merged_province()
        front["notes"] = self.notes(prev_path)
        front["to_fill"] = list(_TO_FILL)
        self.comments.setdefault(("front", "to_fill"), []).append(
            "FILL: `to_fill` is not a plan field: `plansite validate` fails on purpose until you delete it, after every # FILL below is done")
        ordered = {k: front[k] for k in _FRONT_ORDER if k in front}
        for k, v in front.items():
            ordered.setdefault(k, v)
        return ordered

    def merged_province(self) -> None:
        p = self.reg.provinces.get(self.province) or {}
        if p.get("merged_into") and p.get("valid_to") and _date(p["valid_to"]) and _date(p["valid_to"]) < dt.date(self.y0, 1, 1):
            into = self.reg.provinces.get(p["merged_into"], {}).get("vi", p["merged_into"])
            self.fill(("front", "province"), f"{p.get('vi', self.province)} was merged into {into} ({p['merged_into']}) after {p['valid_to']}: "
                                             f"a {self.plan_id} plan is issued by {into}; scaffold that province instead if so")

    def notes(self, prev_path: Path) -> list[str]:
        changes = sorted(f"{a} -> {b}" for a, b in self.cw.changes)
        notes = [f"Scaffolded by `plansite new` from {self.prev} ({prev_path.name}); texts are that plan's wording until replaced."]
        if changes:
            notes.append("Agencies carried through the lineage crosswalk (registry successors): " + ", ".join(changes) + ".")
        for a, b, eff in sorted(self.cw.mid_year):
            self.fill(("front", "notes"), f"{a} -> {b} takes effect on {eff}, within {self.y0}: check which one the new plan names")
        return notes


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
    from . import importer  # agency names are read as the importer reads them
    ag = importer.Agencies(reg, province)
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
            target = _successor_of(aid, new, reg) if aid in old else None
            if target and target != aid:
                replacement = reg.agency_name(target)
                if target in done:
                    continue
                out = out.replace(text, replacement, 1)
                done.add(target)
        return prefix + out + colon
    return prefix + ", ".join(reg.agency_name(a) for a in new) + colon


def _successor_of(aid: str, new: list[str], reg: Registry) -> str | None:
    """Which of the new agencies took over `aid` (following the lineage), nearest first."""
    if aid in new:
        return aid
    return next((d for d in reg.descendants(aid) if d in new), None)
