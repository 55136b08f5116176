"""The data revisions log (content/revisions.yml): what changed in the published data, when and why,
so that a journalist who quoted a figure can see when it changed. Shown on the methodology page and
in the site feed."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from .checks import read_checked
from .load import Diagnostic
from .model import Plan

FILE = "revisions.yml"


@dataclass(frozen=True)
class Revision:
    date: str
    plan: str | None  # plan key, or None for a change across plans or registries
    where: tuple[str, ...]
    change: dict  # {"en": ..., "vi": ...}
    why: dict
    n: int = 1  # the n-th entry for this plan on this date, in file order: keeps anchors stable

    @property
    def anchor(self) -> str:
        """A permalink that does not move when later entries are added."""
        tail = "" if self.n == 1 else f"-{self.n}"
        return f"rev-{self.date}-{(self.plan or 'all').replace('/', '-')}{tail}"


def load_revisions(content: Path, plans: list[Plan]) -> tuple[tuple[Revision, ...], list[Diagnostic]]:
    """Newest first; each date real and not in the future of the log, each plan one we hold."""
    path = content / FILE
    doc, errors = read_checked(path, content, "revisions.schema.json", "revisions_file", "revisions log")
    if errors or doc is None:
        return (), errors
    keys = {p.key for p in plans}
    out, count = [], {}
    for i, r in enumerate(doc.value.get("revisions") or []):
        try:
            dt.date.fromisoformat(r["date"])
        except ValueError:
            errors.append(Diagnostic(str(path), *doc.where(("revisions", i, "date")), f"'{r['date']}' is not a valid date"))
        if r["plan"] is not None and r["plan"] not in keys:
            errors.append(Diagnostic(str(path), *doc.where(("revisions", i, "plan")), f"no plan '{r['plan']}' (a plan key such as 'ninh-thuan/2021')"))
        count[(r["date"], r["plan"])] = n = count.get((r["date"], r["plan"]), 0) + 1
        out.append(Revision(r["date"], r["plan"], tuple(r.get("where") or ()),
                            {k: r[f"change_{k}"] for k in ("en", "vi")}, {k: r[f"why_{k}"] for k in ("en", "vi")}, n))
    return tuple(sorted(out, key=lambda r: r.date, reverse=True)), errors
