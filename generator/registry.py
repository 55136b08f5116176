"""Registries (agencies, provinces, themes, indicators): data in content/registry/, read here."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from .checks import schema_errors, text_errors, type_name, validator
from .load import Diagnostic, Doc, inside, load_yaml
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
    """Read and check the four registries; None (and every problem, located) if any is wrong.

    Registries are data like plans and are checked like plans: a schema, the text rules, and
    references between them, so a fault is a `file:line:col` line, never an exception at build.
    """
    errors: list[Diagnostic] = []
    docs: dict[str, Doc] = {}
    for name in FILES:
        path = content / "registry" / f"{name}.yml"
        rel = str(path)
        if path.is_symlink() and not inside(path, content):
            errors.append(Diagnostic(rel, 1, 1, f"a link to a file outside {content}: registries must be files inside it"))
            continue
        found, errs = load_yaml(path, rel=rel, max_docs=1)
        if not errs and not (found and isinstance(found[0].value, dict)):
            errs = [Diagnostic(rel, 1, 1, f"the registry must be a mapping, got {type_name(found[0].value) if found else 'nothing'}")]
        if not errs:
            errs = schema_errors(validator("registry.schema.json", f"{name}_file"), found[0], rel, name) + text_errors(found[0], rel)
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
    reg = Registry(
        agencies=by_id(data["agencies"].get("agencies")),
        legal_acts=by_id(data["agencies"].get("legal_acts")),
        provinces=by_id(data["provinces"].get("provinces")),
        themes=by_id(data["themes"].get("themes")),
        indicators=MappingProxyType({**objectives, **indicators}),
        objectives=MappingProxyType(objectives),
    )
    errors = _reference_errors(docs, reg, content)
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
    for i, row in enumerate(docs["indicators"].value.get("indicators") or []):
        known("indicators", ("indicators", i, "objective"), row["objective"], reg.objectives, "objective")
    return out
