"""The catalogue: plans we know of but do not hold (content/catalogue.yml).

A plan we hold often cites the province's earlier plan as its legal basis. That plan exists and
is a gap in our collection: it is listed on its province's page, on the maintainers' wanted
list and in data/plans.json with the status "referenced", never counted as a plan we hold.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .checks import read_checked
from .load import Diagnostic
from .model import Plan
from .registry import Registry
from .text import fold, slugify, squash

FILE = "catalogue.yml"


@dataclass(frozen=True)
class KnownPlan:
    province: str
    type: str
    number: str
    date: str | None
    title: str
    year_from: int | None
    year_to: int | None
    cited_by: tuple[str, ...]
    note: dict  # {"en": ..., "vi": ...}

    @property
    def slug(self) -> str:
        """`254-qd-ubnd-2021`: the number and year in ASCII, unique within the province."""
        return slugify(f"{self.number} {(self.date or '')[:4]}")

    @property
    def key(self) -> str:
        return f"{self.province}/{self.slug}"


def number_key(number: str | None) -> str:
    """A document number as the index compares it: `254/QĐ-UBND` and `254/QD-UBND` are one."""
    return fold(squash(number or "")).replace(" ", "")


def _is_provincial_committee(issuer: str | None, province: str, reg: Registry) -> bool:
    """Is a legal basis issued by the plan's own People's Committee ("UBND tỉnh", "Ủy ban nhân dân tỉnh X")?"""
    f = fold(squash(issuer or ""))
    return f.startswith(("ubnd tinh", "uy ban nhan dan tinh")) and (
        f in ("ubnd tinh", "uy ban nhan dan tinh") or fold(reg.provinces[province]["vi"]) in f)


def _line_of(path: Path, needle: str) -> tuple[int, int]:
    """Where a legal basis's number is written in its plan file (1, 1 if it cannot be found)."""
    try:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if needle in line:
                return n, line.index(needle) + 1
    except (OSError, UnicodeDecodeError):
        pass
    return 1, 1


def load_catalogue(content: Path, reg: Registry, plans: list[Plan]) -> tuple[tuple[KnownPlan, ...], list[Diagnostic]]:
    """The catalogue, checked: provinces exist, each citing plan exists and cites the number; and
    every earlier plan of its own province that a plan we hold cites is either held or catalogued."""
    path = content / FILE
    doc, errors = read_checked(path, content, "catalogue.schema.json", "catalogue_file", "catalogue")
    if errors:
        return (), errors
    rel = str(path)
    by_key = {p.key: p for p in plans}
    held = {(p.province, number_key(p.number)) for p in plans if p.number}
    entries, seen = [], {}
    for i, e in enumerate((doc.value if doc else {}).get("plans") or []):
        def err(message, *sub, severity="error"):
            errors.append(Diagnostic(rel, *doc.where(("plans", i) + sub), message, severity))
        if e["province"] not in reg.provinces:
            err(f"unknown province '{e['province']}' (see registry/provinces.yml)", "province")
            continue
        k = (e["province"], number_key(e["number"]))
        if k in held:
            err(f"{e['number']} is a plan we hold: remove it from the catalogue", "number")
        if k in seen:
            err(f"{e['number']} of {e['province']} is listed twice (first on line {seen[k]})", "number")
        seen[k] = doc.where(("plans", i))[0]
        for j, key in enumerate(e["cited_by"]):
            citing = by_key.get(key)
            if citing is None:
                err(f"cited_by: no plan '{key}' (a plan key such as 'quang-ngai/2025')", "cited_by", j)
            elif not any(number_key(lb.number) == k[1] for lb in citing.legal_bases):
                err(f"cited_by: plan '{key}' does not cite {e['number']} among its legal bases", "cited_by", j)
        period = e.get("period") or {}
        entries.append(KnownPlan(
            province=e["province"], type=e["type"], number=e["number"], date=e.get("date"), title=e["title"],
            year_from=period.get("from"), year_to=period.get("to"), cited_by=tuple(e["cited_by"]),
            note={lang: e[f"note_{lang}"] for lang in ("en", "vi") if e.get(f"note_{lang}")}))
    listed = set(seen)
    for p in plans:
        for lb in p.legal_bases:
            k = (p.province, number_key(lb.number))
            if lb.number and k not in held and k not in listed and _is_provincial_committee(lb.issuer, p.province, reg):
                errors.append(Diagnostic(p.path, *_line_of(Path(p.path), lb.number), f"legal basis {lb.number} is an earlier plan of {p.province} "
                                         f"we do not hold: list it in {FILE} so readers can see the gap", "warning"))
    return tuple(sorted(entries, key=lambda e: (e.province, e.date or "", e.number))), errors
