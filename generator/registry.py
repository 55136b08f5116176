"""Registries (agencies, provinces, themes, indicators, the map's tile grids): data in content/registry/, read here."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from urllib.parse import urlsplit

from .checks import schema_errors, text_errors, type_name, validator
from .load import Diagnostic, Doc, inside, load_yaml
from .text import fold, squash

FILES = ("agencies", "provinces", "themes", "indicators", "tiles")
OPTIONAL = ("tiles",)  # a content folder without the map's grids builds a site without the map
SCHEMA_OF = {"tiles": "tiles.schema.json"}  # the others' definitions are in registry.schema.json


# The 1 July 2025 province mergers (NQ 202/2025/QH15): the last day of the 63 units, the first of the 34.
MERGERS_EVE, MERGERS_DAY = "2025-06-30", "2025-07-01"

LINEAGE_DEPTH = 8  # successor chains are short (2025: one step); a cycle or a long chain stops here


def alias_key(name: str) -> str:
    """An agency name as written -> the key the alias index uses (any dash, case, spacing, tone marks)."""
    return fold(squash(name.replace("–", "-").replace("—", "-").replace(" - ", "-").replace(" -", "-").replace("- ", "-"))).strip(" :;,.")


@dataclass(frozen=True)
class TileGrid:
    """A tile-grid cartogram of the units that exist on `on` (content/registry/tiles.yml)."""
    on: str
    tiles: tuple[tuple[str, int, int, str], ...]  # (province id, col, row, label), in file order


@dataclass(frozen=True)
class Registry:
    """The registries as read, plus the one lineage API and the one alias index of the code base.

    Lineage: an agency's `successors` (with `effective`, `acts`, `themes`, `primary`) and a
    province's `merged_into`/`valid_to`. Every walk along them goes through the methods here.
    """
    agencies: MappingProxyType  # id -> dict
    legal_acts: MappingProxyType
    provinces: MappingProxyType
    themes: MappingProxyType
    indicators: MappingProxyType  # indicator and objective ids
    objectives: MappingProxyType
    aliases: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))  # alias_key -> agency id
    order: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))  # agency id -> registry position
    roots: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))  # agency id -> lineage_root
    tile_grids: tuple[TileGrid, ...] = ()  # the home map's grids, by `on`
    official_sources: tuple[dict, ...] = ()  # where acts are published officially: {domain, name_vi, name_en} (agencies.yml official_domains)

    @classmethod
    def of(cls, agencies, legal_acts, provinces, themes, indicators, objectives) -> "Registry":
        """A registry from its tables, with its alias index built once."""
        index: dict[str, str] = {}
        for aid, a in agencies.items():
            for n in agency_names(a):
                index.setdefault(alias_key(n), aid)
        wrap = MappingProxyType
        reg = cls(wrap(dict(agencies)), wrap(dict(legal_acts)), wrap(dict(provinces)), wrap(dict(themes)),
                  wrap(dict(indicators)), wrap(dict(objectives)), wrap(index),
                  wrap({aid: i for i, aid in enumerate(agencies)}))
        # every role of every task asks for its agency's root: walk each lineage once
        return replace(reg, roots=wrap({aid: reg.successor_on(aid) for aid in agencies}))

    def is_official(self, url: str | None) -> bool:
        """Whether a link is an official publication: its host is an official domain or a subdomain of one.
        Anything else (law libraries, law firms, the press) is an unofficial copy."""
        host = (urlsplit(url.strip()).hostname or "") if url else ""
        return any(host == d or host.endswith("." + d) for d in (s["domain"] for s in self.official_sources))

    # --- names -------------------------------------------------------------------------------

    def agency_name(self, agency_id: str, lang: str = "vi") -> str:
        a = self.agencies.get(agency_id)
        return (a.get(lang) or a["vi"]) if a else agency_id

    def resolve_agency(self, name: str) -> str | None:
        """Name as written -> canonical id, through names and aliases (any dash, case, spacing)."""
        return self.aliases.get(alias_key(name))

    # --- agency lineage ----------------------------------------------------------------------

    def successor(self, agency_id: str, theme: "str | Iterable[str] | None" = None) -> dict | None:
        """The successor entry that took over `theme` (the first of several themes that one names), else the primary one."""
        succ = self.agencies.get(agency_id, {}).get("successors") or []
        themes = [theme] if isinstance(theme, str) else list(theme or [])
        for th in themes:
            for s in succ:
                if th in (s.get("themes") or []):
                    return s
        return next((s for s in succ if s.get("primary")), None)

    def successor_steps(self, agency_id: str, theme=None, on: str | None = None) -> list[tuple[str, str, tuple[str, ...], str]]:
        """The chain from `agency_id` for `theme`, with steps effective by date `on` (all steps if None):
        [(from, to, acts, effective)]."""
        steps = []
        seen = {agency_id}
        cur = agency_id
        for _ in range(LINEAGE_DEPTH):
            s = self.successor(cur, theme)
            if not s or s["agency"] in seen or (on is not None and (s.get("effective") or "") > on):
                break
            steps.append((cur, s["agency"], tuple(s.get("acts") or ()), s.get("effective") or ""))
            cur = s["agency"]
            seen.add(cur)
        return steps

    def successor_on(self, agency_id: str, on: str | None = None, theme=None) -> str:
        """The agency that holds `agency_id`'s function (for `theme`) on date `on`; itself if none took over."""
        steps = self.successor_steps(agency_id, theme, on)
        return steps[-1][1] if steps else agency_id

    def lineage_root(self, agency_id: str) -> str:
        """Follow primary successors to today's agency: so-ldtbxh -> so-noi-vu."""
        root = self.roots.get(agency_id)
        return root if root is not None else self.successor_on(agency_id)

    def predecessors(self, agency_id: str) -> list[tuple[str, dict]]:
        """[(predecessor id, its successor entry naming `agency_id`)], in registry order."""
        return [(aid, s) for aid, a in self.agencies.items() for s in a.get("successors") or []
                if s["agency"] == agency_id]

    def agency_on(self, agency_id: str, day: str) -> str:
        """The agency in `agency_id`'s place on `day`: forward through primary successors past its
        `valid_to`, back through its primary predecessor before its `valid_from`."""
        cur = agency_id
        seen = {cur}
        for _ in range(LINEAGE_DEPTH):
            a = self.agencies.get(cur)
            if a is None:
                break
            nxt = None
            if a.get("valid_to") and day > a["valid_to"]:
                s = self.successor(cur)
                nxt = s["agency"] if s else None
            elif a.get("valid_from") and day < a["valid_from"]:
                nxt = next((p for p, s in self.predecessors(cur) if s.get("primary")), None)
            if nxt is None or nxt in seen:
                break
            seen.add(nxt)
            cur = nxt
        return cur

    def descendants(self, agency_id: str) -> list[str]:
        """Every agency reachable through any successor entry, nearest first."""
        out: list[str] = []
        frontier = [agency_id]
        for _ in range(LINEAGE_DEPTH):
            nxt = []
            for cur in frontier:
                for s in self.agencies.get(cur, {}).get("successors") or []:
                    if s["agency"] != agency_id and s["agency"] not in out:
                        out.append(s["agency"])
                        nxt.append(s["agency"])
            if not nxt:
                break
            frontier = nxt
        return out

    def successor_entry(self, predecessor: str, successor: str) -> dict:
        for s in self.agencies.get(predecessor, {}).get("successors") or []:
            if s["agency"] == successor:
                return s
        return {}

    def lineages(self) -> tuple[tuple[str, str, str, tuple[str, ...]], ...]:
        """Every (predecessor, successor, effective, acts) step of the registry, sorted."""
        return tuple(sorted((aid, s["agency"], s.get("effective") or "", tuple(s.get("acts") or ()))
                            for aid, a in self.agencies.items() for s in a.get("successors") or []))

    # --- province lineage (the 1 July 2025 mergers) ------------------------------------------

    def province_successor(self, province_id: str, on: str | None = None) -> str:
        """The province `province_id` is part of on date `on` (today if None)."""
        cur = province_id
        seen = {cur}
        for _ in range(LINEAGE_DEPTH):
            p = self.provinces.get(cur) or {}
            into = p.get("merged_into")
            if not into or into in seen or (on is not None and (p.get("valid_to") or "9999") >= on):
                break
            seen.add(into)
            cur = into
        return cur

    def province_predecessors(self, province_id: str, on: str | None = None) -> list[str]:
        """Provinces merged into `province_id` (ended before date `on`, if given), in registry order."""
        return [pid for pid, p in self.provinces.items() if p.get("merged_into") == province_id
                and (on is None or (p.get("valid_to") or "9999") < on)]

    def province_valid_on(self, province_id: str, day: str) -> bool:
        """Whether the unit exists on `day` (valid_from .. valid_to, both inclusive; null is open)."""
        p = self.provinces.get(province_id)
        return p is not None and within(day, p.get("valid_from"), p.get("valid_to"))

    def provinces_on(self, day: str) -> list[str]:
        """The units that exist on `day`, in registry order (63 on 2025-06-30, 34 on 2025-07-01)."""
        return [pid for pid in self.provinces if self.province_valid_on(pid, day)]

    def tile_grid(self, day: str) -> TileGrid | None:
        """The map grid whose units are exactly the units of `day`; None if no grid draws them."""
        units = set(self.provinces_on(day))
        return next((g for g in self.tile_grids if {t[0] for t in g.tiles} == units), None)

    def province_code(self, province_id: str, day: str) -> str | None:
        """The official code of `province_id` on `day`; None if it has none then."""
        for c in (self.provinces.get(province_id) or {}).get("codes") or []:
            if within(day, c.get("valid_from"), c.get("valid_to")):
                return c["code"]
        return None

    def province_by_code(self, code: str, day: str) -> str | None:
        """The unit holding `code` on `day`. A code names no unit without a date: 52 was Bình Định
        until 30 June 2025 and is the new Gia Lai from 1 July 2025."""
        return next((pid for pid in self.provinces if self.province_code(pid, day) == code), None)


def within(day: str, start: str | None, end: str | None) -> bool:
    """`start` <= `day` <= `end` on ISO dates; a null bound is open."""
    return (start is None or start <= day) and (end is None or day <= end)


def agency_names(agency: dict) -> list[str]:
    """Every name an agency is written with: official, short, aliases."""
    return [n for n in (agency.get("vi"), agency.get("short_vi"), *(agency.get("aliases") or [])) if n]


def load_registry(content: Path) -> tuple[Registry | None, list[Diagnostic]]:
    """Read and check the four registries; None (and every problem, located) if any is wrong.

    Registries are data like plans and are checked like plans: a schema, the text rules, and
    references between them, so a fault is a `file:line:col` line, never an exception at build.
    """
    errors: list[Diagnostic] = []
    docs: dict[str, Doc] = {}
    for name in FILES:
        path = content / "registry" / f"{name}.yml"
        rel = str(path)
        if name in OPTIONAL and not path.exists() and not path.is_symlink():
            continue
        if path.is_symlink() and not inside(path, content):
            errors.append(Diagnostic(rel, 1, 1, f"a link to a file outside {content}: registries must be files inside it"))
            continue
        found, errs = load_yaml(path, rel=rel, max_docs=1)
        if not errs and not (found and isinstance(found[0].value, dict)):
            errs = [Diagnostic(rel, 1, 1, f"the registry must be a mapping, got {type_name(found[0].value) if found else 'nothing'}")]
        if not errs:
            errs = schema_errors(validator(SCHEMA_OF.get(name, "registry.schema.json"), f"{name}_file"), found[0], rel, name) + text_errors(found[0], rel)
        errors += errs
        if not errs:
            docs[name] = found[0]
    if errors:
        return None, errors
    data = {name: doc.value for name, doc in docs.items()}
    by_id = lambda rows: MappingProxyType({r["id"]: r for r in rows or []})
    ind = data["indicators"]
    indicators = {r["id"]: r for r in ind.get("indicators") or []}
    objectives = {r["id"]: r for r in ind.get("objectives") or []}
    reg = Registry.of(
        agencies=by_id(data["agencies"].get("agencies")),
        legal_acts=by_id(data["agencies"].get("legal_acts")),
        provinces=by_id(data["provinces"].get("provinces")),
        themes=by_id(data["themes"].get("themes")),
        indicators={**objectives, **indicators},
        objectives=objectives,
    )
    reg = replace(reg, official_sources=tuple(data["agencies"].get("official_domains") or ()))
    errors = _reference_errors(docs, reg, content)
    if "tiles" in docs:
        grids, tile_errors = _tile_grids(docs["tiles"], reg, str(content / "registry" / "tiles.yml"))
        errors += tile_errors
        reg = replace(reg, tile_grids=grids)
    return (None if errors else reg), errors


def _reference_errors(docs: dict[str, Doc], reg: Registry, content: Path) -> list[Diagnostic]:
    """Ids unique in each list, and every id a registry names defined where it belongs."""
    out: list[Diagnostic] = []

    def err(name, path, message):
        out.append(Diagnostic(str(content / "registry" / f"{name}.yml"), *docs[name].where(path), message))

    def unique(name, key):
        seen: dict[str, int] = {}
        for i, row in enumerate(docs[name].value.get(key) or []):
            if row["id"] in seen:
                err(name, (key, i, "id"), f"duplicate {key} id '{row['id']}' (first on line {docs[name].where((key, seen[row['id']]))[0]})")
            seen.setdefault(row["id"], i)

    def known(name, path, value, table, what):
        if value is not None and value not in table:
            err(name, path, f"unknown {what} '{value}'")

    for name, key in (("agencies", "legal_acts"), ("agencies", "agencies"), ("provinces", "provinces"),
                      ("themes", "themes"), ("indicators", "objectives"), ("indicators", "indicators")):
        unique(name, key)
    for i, act in enumerate(docs["agencies"].value["legal_acts"] or []):
        if act.get("official_url") and not reg.is_official(act["official_url"]):
            err("agencies", ("legal_acts", i, "official_url"), f"legal act '{act['id']}': official_url is not on an official domain "
                f"({', '.join(s['domain'] for s in reg.official_sources) or 'none listed in official_domains'}); put a copy in url")
    for i, a in enumerate(docs["agencies"].value["agencies"]):
        for j, s in enumerate(a.get("successors") or []):
            here = ("agencies", i, "successors", j)
            known("agencies", here + ("agency",), s["agency"], reg.agencies, f"successor of agency '{a['id']}':")
            for k, act in enumerate(s.get("acts") or []):
                known("agencies", here + ("acts", k), act, reg.legal_acts, "legal act")
            for k, theme in enumerate(s.get("themes") or []):
                known("agencies", here + ("themes", k), theme, reg.themes, "theme")
    prov = docs["provinces"].value
    known("provinces", ("merger", "act"), (prov.get("merger") or {}).get("act"), reg.legal_acts, "legal act")
    for i, p in enumerate(prov["provinces"]):
        known("provinces", ("provinces", i, "merged_into"), p.get("merged_into"), reg.provinces, "province")
        for k, other in enumerate(p.get("absorbed") or []):
            known("provinces", ("provinces", i, "absorbed", k), other, reg.provinces, "province")
    out += _province_errors(docs["provinces"], reg, content)
    for i, row in enumerate(docs["indicators"].value.get("indicators") or []):
        known("indicators", ("indicators", i, "objective"), row["objective"], reg.objectives, "objective")
    return out


def _province_errors(doc: Doc, reg: Registry, content: Path) -> list[Diagnostic]:
    """The mergers agree both ways (`merged_into` <-> `absorbed`, an ended unit has `valid_to`),
    and a code never names two units, nor a unit two codes, on the same day."""
    out: list[Diagnostic] = []
    rel = str(content / "registry" / "provinces.yml")

    def err(path, message):
        out.append(Diagnostic(rel, *doc.where(("provinces",) + path), message))

    spans: dict[str, list] = {}  # code -> [(from, to, province id, path)]
    for i, p in enumerate(doc.value["provinces"]):
        pid, into = p["id"], p.get("merged_into")
        if into is not None and into in reg.provinces:
            if not p.get("valid_to"):
                err((i, "merged_into"), f"province '{pid}' is merged into '{into}' but has no valid_to")
            if pid not in (reg.provinces[into].get("absorbed") or []):
                err((i, "merged_into"), f"province '{pid}' is merged into '{into}', whose absorbed does not list it")
        for k, other in enumerate(p.get("absorbed") or []):
            if other in reg.provinces and reg.provinces[other].get("merged_into") != pid:
                err((i, "absorbed", k), f"province '{pid}' absorbed '{other}', whose merged_into is not '{pid}'")
        own = []
        for j, c in enumerate(p.get("codes") or []):
            start, end = c.get("valid_from"), c.get("valid_to")
            if start is not None and end is not None and end < start:
                err((i, "codes", j), f"code '{c['code']}' of '{pid}' ends ({end}) before it starts ({start})")
                continue
            own.append((start, end, c["code"], (i, "codes", j)))
            spans.setdefault(c["code"], []).append((start, end, pid, (i, "codes", j)))
        for a, b in _overlaps(own):
            err(b[3], f"province '{pid}' has two codes on the same day: '{a[2]}' and '{b[2]}'")
    for code, rows in spans.items():
        for a, b in _overlaps(rows):
            if a[2] != b[2]:
                err(b[3], f"code '{code}' names both '{a[2]}' and '{b[2]}' on the same day: give each its validity dates")
    return out


def _overlaps(spans: list[tuple]) -> list[tuple[tuple, tuple]]:
    """Pairs of (from, to, ...) spans that share a day (null bounds are open), the later one second."""
    ordered = sorted(spans, key=lambda s: (s[0] or "", s[1] or "9999"))
    return [(a, b) for n, a in enumerate(ordered) for b in ordered[n + 1:]
            if a[1] is None or b[0] is None or a[1] >= b[0]]


def _tile_grids(doc: Doc, reg: Registry, rel: str) -> tuple[tuple[TileGrid, ...], list[Diagnostic]]:
    """The map's grids, each checked against the units of its day: every unit exactly once, every id
    known, no two tiles on one cell, no label twice (a reader tells tiles apart by their labels)."""
    out: list[Diagnostic] = []
    grids = []
    for i, g in enumerate(doc.value["grids"]):
        here = ("grids", i)
        units = reg.provinces_on(g["on"])
        seen: dict[str, int] = {}
        cells: dict[tuple[int, int], int] = {}
        labels: dict[str, int] = {}

        def err(path, message):
            out.append(Diagnostic(rel, *doc.where(here + path), message))

        def line(j):
            return doc.where(here + ("tiles", j))[0]

        for j, t in enumerate(g["tiles"]):
            pid, cell = t["province"], (t["col"], t["row"])
            if pid not in reg.provinces:
                err(("tiles", j, "province"), f"unknown province '{pid}'")
            elif pid not in units:
                err(("tiles", j, "province"), f"province '{pid}' does not exist on {g['on']}")
            if pid in seen:
                err(("tiles", j, "province"), f"province '{pid}' has two tiles (first on line {line(seen[pid])})")
            if cell in cells:
                other = g["tiles"][cells[cell]]["province"]
                err(("tiles", j, "col"), f"'{pid}' is on the cell of '{other}' (line {line(cells[cell])}): "
                                         f"col {cell[0]}, row {cell[1]}")
            if t["label"] in labels:
                err(("tiles", j, "label"), f"label '{t['label']}' is used twice (first on line {line(labels[t['label']])})")
            seen.setdefault(pid, j)
            cells.setdefault(cell, j)
            labels.setdefault(t["label"], j)
        missing = [pid for pid in units if pid not in seen]
        if missing:
            err(("on",), f"the grid of {g['on']} has no tile for: {', '.join(missing)}")
        grids.append(TileGrid(g["on"], tuple((t["province"], t["col"], t["row"], t["label"]) for t in g["tiles"])))
    return tuple(sorted(grids, key=lambda g: g.on)), out
