"""Load: content/ -> one Corpus (plans, registry, source texts, diagnostics). The registry is read once."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .load import Diagnostic
from .model import Plan
from .registry import Registry
from .validate import load_plans, read_source


@dataclass(frozen=True)
class Corpus:
    content: Path
    plans: tuple[Plan, ...]
    registry: Registry | None
    sources: dict[str, str] = field(default_factory=dict)  # plan key -> source text, as published
    diagnostics: tuple[Diagnostic, ...] = ()

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]

    @property
    def ok(self) -> bool:
        return self.registry is not None and not self.errors


def load_corpus(content: Path) -> Corpus:
    """Every plan checked against the registry; sources read only for a corpus without errors."""
    plans, reg, diags = load_plans(content)
    corpus = Corpus(content, tuple(plans), reg, {}, tuple(diags))
    if not corpus.ok:
        return corpus
    sources = {p.key: read_source(content, p.source_file)[0] or "" for p in plans}  # validated: inside sources/, UTF-8
    return Corpus(content, tuple(plans), reg, sources, tuple(diags))
