"""Load: content/ -> one Corpus (plans, registry, source texts, diagnostics). The registry is read once."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .cache import Cache
from .catalogue import KnownPlan, load_catalogue
from .codebook import Codebook, load_codebook
from .load import Diagnostic
from .model import Plan
from .registry import Registry
from .revisions import Revision, load_revisions
from .validate import _load_plans


@dataclass(frozen=True)
class Corpus:
    content: Path
    plans: tuple[Plan, ...]
    registry: Registry | None
    sources: dict[str, str] = field(default_factory=dict)  # plan key -> source text, as published
    diagnostics: tuple[Diagnostic, ...] = ()
    catalogue: tuple[KnownPlan, ...] = ()  # plans we know of (cited) but do not hold
    revisions: tuple[Revision, ...] = ()  # the data revisions log, newest first
    codebook: Codebook = field(default_factory=Codebook)  # how roles, modes and functions are coded

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]

    @property
    def ok(self) -> bool:
        return self.registry is not None and not self.errors


def load_corpus(content: Path, cache: Cache | None = None, *, jobs: int | None = None, sources: bool = True) -> Corpus:
    """Every plan checked against the registry; sources read only for a corpus without errors.

    `cache`: each plan file's check is kept there and reused while the file, its source text, the
    registries, the schemas and the program are unchanged (checks across plans always run).
    `jobs`: processes to check with (None: one per core, for many files). `sources=False`: leave
    `Corpus.sources` empty (validate does not need the texts)."""
    plans, reg, diags, read = _load_plans(content, cache, jobs)  # read: read_source, memoised
    catalogue, revisions, codebook = (), (), Codebook()
    if reg is not None:
        catalogue, errs = load_catalogue(content, reg, plans)
        revisions, errs2 = load_revisions(content, plans)
        codebook, errs3 = load_codebook(content, plans)
        diags = [*diags, *errs, *errs2, *errs3]
    corpus = Corpus(content, tuple(plans), reg, {}, tuple(diags), catalogue, revisions, codebook)
    if not corpus.ok or not sources:
        return corpus
    texts = {p.key: read(p.source_file)[0] or "" for p in plans}  # validated: inside sources/, UTF-8
    return Corpus(content, tuple(plans), reg, texts, tuple(diags), catalogue, revisions, codebook)
