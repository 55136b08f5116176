"""The codebook (content/codebook.yml): how the data codes roles, modes and functions, published
on the methodology page and as data/codebook.json and .csv. Every example must quote a real plan."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .checks import read_checked
from .load import Diagnostic
from .model import KEY_ROLE_NAMES, ROLE_ORDER, Plan, walk_items
from .text import squash

FILE = "codebook.yml"
KINDS = {"roles": ROLE_ORDER, "modes": ("directed", "requested"), "functions": KEY_ROLE_NAMES}


@dataclass(frozen=True)
class Example:
    plan: str
    ref: str
    quote: str


@dataclass(frozen=True)
class Code:
    kind: str  # roles | modes | functions
    id: str
    definition: dict  # {"vi": ..., "en": ...}
    cues: tuple[str, ...]
    examples: tuple[Example, ...]


@dataclass(frozen=True)
class Codebook:
    roles: tuple[Code, ...] = ()
    modes: tuple[Code, ...] = ()
    functions: tuple[Code, ...] = ()
    generic_partners: dict | None = None

    def codes(self) -> tuple[Code, ...]:
        return self.roles + self.modes + self.functions


def texts_at(plan: Plan, ref: str) -> list[str]:
    """The text a citation names: an item or task (its line), a block (its heading and text), a
    section, or the preamble, letterhead, decision or closing."""
    if ref == "preamble":
        return list(plan.preamble)
    if ref == "closing":
        return list(plan.closing)
    if ref == "letterhead":
        return list(plan.letterhead)
    if ref == "decision" and plan.decision:
        d = plan.decision
        return [d.title, *d.preamble, *(f"{a} {b}" for a, b in d.articles)]
    out = []
    for s in plan.sections:
        if s.number == ref:
            out += [s.heading, *s.text]
        for it in walk_items(s.items):
            if it.ref == ref:
                out.append(it.line())
        for b in s.blocks:
            if b.ref == ref:
                out += [b.name, *b.text]
            for it in walk_items(b.tasks):
                if it.ref == ref:
                    out.append(it.line())
    return out


def load_codebook(content: Path, plans: list[Plan]) -> tuple[Codebook, list[Diagnostic]]:
    path = content / FILE
    doc, errors = read_checked(path, content, "codebook.schema.json", "codebook_file", "codebook")
    if errors or doc is None:
        return Codebook(), errors
    rel, by_key = str(path), {p.key: p for p in plans}
    parts = {}
    for kind, expected in KINDS.items():
        rows = doc.value[kind]
        ids = tuple(r["id"] for r in rows)
        if ids != tuple(expected):
            errors.append(Diagnostic(rel, *doc.where((kind,)), f"{kind}: expected the ids {', '.join(expected)} in this order, got {', '.join(ids) or 'none'}"))
        codes = []
        for i, r in enumerate(rows):
            examples = []
            for j, e in enumerate(r.get("examples") or []):
                where = doc.where((kind, i, "examples", j))
                plan = by_key.get(e["plan"])
                if plan is None:
                    errors.append(Diagnostic(rel, *where, f"example: no plan '{e['plan']}'"))
                    continue
                found = texts_at(plan, e["ref"])
                if not found:
                    errors.append(Diagnostic(rel, *where, f"example: no place '{e['ref']}' in {e['plan']}"))
                elif not any(squash(e["quote"]) in squash(t) for t in found):
                    errors.append(Diagnostic(rel, *where, f"example: the quote is not in {e['plan']} {e['ref']} as written"))
                examples.append(Example(e["plan"], e["ref"], e["quote"]))
            codes.append(Code(kind, r["id"], {"vi": r["definition_vi"], "en": r["definition_en"]},
                              tuple(r.get("cues") or ()), tuple(examples)))
        parts[kind] = tuple(codes)
    gp = doc.value.get("generic_partners")
    return Codebook(**parts, generic_partners={"vi": gp["rule_vi"], "en": gp["rule_en"]} if gp else None), errors
