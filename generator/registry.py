"""Registries (agencies, provinces, themes, indicators): data in content/registry/, read here."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from .load import Diagnostic, load_yaml
from .text import fold, squash

FILES = ("agencies", "provinces", "themes", "indicators")


@dataclass(frozen=True)
class Registry:
    agencies: MappingProxyType  # id -> dict
    legal_acts: MappingProxyType
    provinces: MappingProxyType
    themes: MappingProxyType
    indicators: MappingProxyType  # indicator and objective ids
    objectives: MappingProxyType

    def agency_name(self, agency_id: str, lang: str = "vi") -> str:
        a = self.agencies.get(agency_id)
        return (a.get(lang) or a["vi"]) if a else agency_id

    def successor(self, agency_id: str, theme: str | None = None) -> dict | None:
        """The successor that took over `theme` (or the primary one)."""
        succ = self.agencies.get(agency_id, {}).get("successors") or []
        for s in succ:
            if theme and theme in (s.get("themes") or []):
                return s
        return next((s for s in succ if s.get("primary")), None)

    def predecessors(self, agency_id: str) -> list[tuple[str, dict]]:
        return [(aid, s) for aid, a in self.agencies.items() for s in a.get("successors") or []
                if s["agency"] == agency_id]

    def lineage_root(self, agency_id: str) -> str:
        """Follow primary successors to today's agency: so-ldtbxh -> so-noi-vu."""
        seen = {agency_id}
        while True:
            s = self.successor(agency_id)
            if not s or s["agency"] in seen:
                return agency_id
            agency_id = s["agency"]
            seen.add(agency_id)

    def resolve_agency(self, name: str) -> str | None:
        """Name as written -> canonical id, through names and aliases (any dash, case, spacing)."""
        key = _alias_key(name)
        return _alias_index(self).get(key)


def _alias_key(name: str) -> str:
    return fold(squash(name.replace("–", "-").replace("—", "-").replace(" - ", "-").replace(" -", "-").replace("- ", "-"))).strip(" :;,.")


_INDEX_CACHE: dict[int, dict] = {}


def _alias_index(reg: Registry) -> dict:
    idx = _INDEX_CACHE.get(id(reg))
    if idx is None:
        idx = {}
        for aid, a in reg.agencies.items():
            for n in [a["vi"], a.get("short_vi") or "", *(a.get("aliases") or [])]:
                if n:
                    idx.setdefault(_alias_key(n), aid)
        _INDEX_CACHE[id(reg)] = idx
    return idx


def load_registry(content: Path) -> tuple[Registry | None, list[Diagnostic]]:
    errors: list[Diagnostic] = []
    data = {}
    for name in FILES:
        path = content / "registry" / f"{name}.yml"
        docs, errs = load_yaml(path, rel=str(path), max_docs=1)
        errors += errs
        data[name] = docs[0].value if docs and isinstance(docs[0].value, dict) else {}
    if errors:
        return None, errors
    by_id = lambda rows: MappingProxyType({r["id"]: r for r in rows or []})
    ind = data["indicators"]
    indicators = {r["id"]: r for r in ind.get("indicators") or []}
    objectives = {r["id"]: r for r in ind.get("objectives") or []}
    reg = Registry(
        agencies=by_id(data["agencies"].get("agencies")),
        legal_acts=by_id(data["agencies"].get("legal_acts")),
        provinces=by_id(data["provinces"].get("provinces")),
        themes=by_id(data["themes"].get("themes")),
        indicators=MappingProxyType({**objectives, **indicators}),
        objectives=MappingProxyType(objectives),
    )
    for aid, a in reg.agencies.items():
        for s in a.get("successors") or []:
            if s["agency"] not in reg.agencies:
                errors.append(Diagnostic(str(content / "registry/agencies.yml"), 1, 1,
                                         f"agency '{aid}': unknown successor '{s['agency']}'"))
            for act in s.get("acts") or []:
                if act not in reg.legal_acts:
                    errors.append(Diagnostic(str(content / "registry/agencies.yml"), 1, 1,
                                             f"agency '{aid}': unknown legal act '{act}'"))
    return reg, errors
